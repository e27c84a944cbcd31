import ArgumentParser
import Foundation

/// Standard input, output and error through plain `read`/`write`. Foundation's
/// `FileHandle.standardOutput.write` and `readDataToEndOfFile` trap (`try!` inside Foundation)
/// on any I/O error — a full disk (`> /dev/full`), a closed descriptor (`>&-`, `<&-`), standard
/// input redirected from a directory — where a command-line tool should say so and exit 1.
enum StdStreams {
    /// Writes every byte of `text` to `fd`; the `errno` of the failure, or nil.
    static func write(_ text: String, to fd: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { write($0, to: fd) }
    }

    /// Writes every byte of `buffer` to `fd`; the `errno` of the failure, or nil.
    static func write(_ buffer: UnsafeBufferPointer<UInt8>, to fd: Int32) -> Int32? {
        guard var p = buffer.baseAddress else { return nil }
        var left = buffer.count
        while left > 0 {
            let n = Foundation.write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            p += n
            left -= n
        }
        return nil
    }

    /// A message for people on standard error; if even that fails there is no one to tell.
    static func error(_ text: String) {
        _ = write(text, to: STDERR_FILENO)
    }

    /// Writes to standard output; on failure says why on standard error and exits 1.
    static func output(_ text: String) throws {
        if let e = write(text, to: STDOUT_FILENO) { throw outputFailed(e) }
    }

    /// The message and exit status for a failed write to standard output. A closed pipe is the
    /// reader saying it has read enough (`| head`): a quiet, successful end, as `head` intends.
    static func outputFailed(_ e: Int32) -> ExitCode {
        if e == EPIPE { return ExitCode(0) }
        error("asyncviz: cannot write to standard output: \(String(cString: strerror(e)))\n")
        return ExitCode(1)
    }

    /// All of standard input, or the reason it cannot be read.
    static func readInput() throws(ReadFailure) -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if n == 0 { return data }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadFailure(errno: errno)
            }
            data.append(contentsOf: chunk[0..<n])
            // One byte over the limit is enough to refuse it; reading on could be endless.
            if data.count > ScenarioFile.maxBytes { return data }
        }
    }

    struct ReadFailure: Error {
        var errno: Int32
        var reason: String {
            switch errno {
            case EISDIR: return "is a directory, not a scenario"
            case EBADF: return "is closed"
            default: return "cannot be read (\(String(cString: strerror(errno))))"
            }
        }
    }
}

import Foundation
import SchedulerSim

/// Why a scenario could not be used, as a value: the CLI prints it, the viewer's reload shows
/// its summary and keeps the last good timeline.
enum LoadError: Error {
    case unreadable(path: String, reason: String)
    case diagnostics(path: String, source: String, [Diagnostic])

    var rendered: String {
        switch self {
        case .unreadable(let path, let reason):
            return "asyncviz: \(path): \(reason)\n"
        case .diagnostics(let path, let source, let items):
            var out = Diagnostic.render(items, path: path, source: source)
            let n = items.filter { $0.severity == .error }.count
            out += "\(n) error\(n == 1 ? "" : "s") in \(path)\n"
            return out
        }
    }

    var summary: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        case .diagnostics(let path, _, let items):
            guard let d = items.first else { return "\(path): error" }
            return "\(path):\(d.location.line):\(d.location.column): \(d.message)" + (items.count > 1 ? " (+\(items.count - 1) more)" : "")
        }
    }
}

enum ScenarioFile {
    /// The largest scenario we read; a bigger file is almost certainly not a scenario (and the
    /// front end checks 10 MB in well under a second, the simulator is another matter).
    static let maxBytes = 16 * 1024 * 1024

    /// `-` is standard input.
    static func read(_ path: String) throws -> String {
        if path == "-" {
            // On a terminal nothing showed that asyncviz was waiting for the scenario.
            if isatty(STDIN_FILENO) != 0 {
                StdStreams.error("asyncviz: reading the scenario from standard input (end it with Ctrl-D)\n")
            }
            let data: Data
            do {
                data = try StdStreams.readInput()
            } catch {
                throw LoadError.unreadable(path: "<stdin>", reason: error.reason)
            }
            return try decode(data, path: "<stdin>")
        }
        var st = stat()
        guard stat(path, &st) == 0 else {
            let reason: String
            switch errno {
            case ENOENT: reason = "no such file"
            case EACCES: reason = "cannot be read (permission denied)"
            case ENOTDIR: reason = "no such file (a part of the path is not a directory)"
            case ENAMETOOLONG: reason = "the path is too long"
            case ELOOP: reason = "too many symbolic links"
            default: reason = "cannot be read (\(String(cString: strerror(errno))))"
            }
            throw LoadError.unreadable(path: path, reason: reason)
        }
        let type = st.st_mode & S_IFMT
        if type == S_IFDIR { throw LoadError.unreadable(path: path, reason: "is a directory, not a scenario file") }
        // A FIFO, a device or a socket could block or never end: only regular files are scenarios.
        guard type == S_IFREG else { throw LoadError.unreadable(path: path, reason: "is not a regular file") }
        if Int(st.st_size) > maxBytes {
            throw LoadError.unreadable(path: path, reason: "is \(Self.megabytes(Int(st.st_size))): too large for a scenario (limit \(maxBytes / 1_048_576) MB)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LoadError.unreadable(path: path, reason: access(path, R_OK) != 0
                                       ? "cannot be read (permission denied)" : "cannot be opened")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // One byte more than the limit: a file that grew since stat is still refused.
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw LoadError.unreadable(path: path, reason: "cannot be read (\(error.localizedDescription))")
        }
        return try decode(data, path: path)
    }

    private static func decode(_ data: Data, path: String) throws -> String {
        if data.count > maxBytes {
            throw LoadError.unreadable(path: path, reason: "is too large for a scenario (limit \(maxBytes / 1_048_576) MB)")
        }
        if data.isEmpty { throw LoadError.unreadable(path: path, reason: "is empty: a scenario needs a `main:` block or a `task` block") }
        // Over the raw bytes: `Data`'s own iterator goes a byte at a time through a call.
        let decoded: String?? = data.withUnsafeBytes { raw -> String?? in
            let bytes = raw.bindMemory(to: UInt8.self)
            if memchr(raw.baseAddress!, 0, raw.count) != nil { return .some(nil) }
            return String(validating: bytes, as: UTF8.self).map { .some($0) } ?? nil
        }
        guard let checked = decoded else {
            throw LoadError.unreadable(path: path, reason: "is not valid UTF-8 text")
        }
        guard var text = checked else {
            throw LoadError.unreadable(path: path, reason: "looks like a binary file (it contains NUL bytes), not a scenario")
        }
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return text
    }

    static func megabytes(_ n: Int) -> String {
        let mb = Double(n) / 1_048_576
        return mb >= 10 ? "\(Int(mb)) MB" : "\((mb * 10).rounded() / 10) MB"
    }
}

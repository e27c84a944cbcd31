#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcurses
import Synchronization

/// The last SIGINT / SIGTERM / SIGHUP / SIGQUIT received (0: none). Handlers only store here; the main loop
/// polls it within a key timeout and leaves through `endwin()`.
let pendingSignal = Atomic<Int32>(0)
/// Whether curses owns the screen (the fatal-signal handler then restores it).
let cursesActive = Atomic<Bool>(false)
/// fd 2 while it is diverted (-1 otherwise), and the temporary file it goes to.
let savedStderr = Atomic<Int32>(-1)
let divertedStderr = Atomic<Int32>(-1)

/// Previous handlers of the fatal signals, by signal number.
nonisolated(unsafe) private let previousFatal: UnsafeMutablePointer<sigaction> = {
    let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    p.initialize(repeating: sigaction(), count: 65)
    return p
}()

private let fatalSignals: [Int32] = [SIGSEGV, SIGILL, SIGBUS, SIGFPE, SIGABRT, SIGTRAP]

enum SignalGuard {
    /// Installs the quit handlers (SIGINT, SIGTERM, SIGHUP, SIGQUIT) and the fatal-signal handler.
    /// Call before `newterm` so ncurses leaves these signals to us. (SIGQUIT, `kill -QUIT`, dumped
    /// core with the terminal left on the alternate screen, cursor hidden.)
    static func install() {
        pendingSignal.store(0, ordering: .relaxed)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            var sa = sigaction()
            #if canImport(Glibc)
            sa.__sigaction_handler.sa_handler = { sig in pendingSignal.store(sig, ordering: .relaxed) }
            #else
            sa.__sigaction_u.__sa_handler = { sig in pendingSignal.store(sig, ordering: .relaxed) }
            #endif
            sigemptyset(&sa.sa_mask)
            sa.sa_flags = 0
            sigaction(sig, &sa, nil)
        }
        _ = previousFatal
        for sig in fatalSignals {
            var sa = sigaction()
            #if canImport(Glibc)
            sa.__sigaction_handler.sa_handler = fatalHandler
            #else
            sa.__sigaction_u.__sa_handler = fatalHandler
            #endif
            sigemptyset(&sa.sa_mask)
            sa.sa_flags = 0
            sigaction(sig, &sa, previousFatal + Int(sig))
        }
    }

    /// Puts back the handlers that were there before `install`.
    static func uninstallFatal() {
        for sig in fatalSignals { sigaction(sig, previousFatal + Int(sig), nil) }
    }

    /// The exit status for a quit signal: 128 + its number (SIGINT 130, SIGTERM 143, SIGHUP 129, SIGQUIT 131).
    static func exitStatus(for sig: Int32) -> Int32 { 128 + sig }

    /// Sends fd 2 to an unlinked temporary file while curses is active.
    static func divertStderr() {
        var template = Array("/tmp/asyncviz-stderr-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let saved = dup(2)
        guard saved >= 0 else { close(fd); return }
        fflush(nil)
        dup2(fd, 2)
        savedStderr.store(saved, ordering: .sequentiallyConsistent)
        divertedStderr.store(fd, ordering: .sequentiallyConsistent)
    }
}

/// Puts fd 2 back and writes out what was written to it meanwhile. Async-signal-safe.
func restoreStderr() {
    let saved = savedStderr.exchange(-1, ordering: .sequentiallyConsistent)
    let fd = divertedStderr.exchange(-1, ordering: .sequentiallyConsistent)
    guard saved >= 0, fd >= 0 else { return }
    dup2(saved, 2)
    close(saved)
    lseek(fd, 0, SEEK_SET)
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { buf in
        while true {
            let n = read(fd, buf.baseAddress, 4096)
            if n <= 0 { break }
            var off = 0
            while off < n {
                let w = write(2, buf.baseAddress! + off, n - off)
                if w <= 0 { break }
                off += w
            }
        }
    }
    close(fd)
}

/// A crash while curses owns the screen: restore the terminal and stderr, put the previous handler
/// back and return, so the fault happens again under it (Swift's backtracer, or the default action).
private func fatalHandler(_ sig: Int32) {
    if cursesActive.exchange(false, ordering: .sequentiallyConsistent) {
        endwin()
    }
    restoreStderr()
    sigaction(sig, previousFatal + Int(sig), nil)
}

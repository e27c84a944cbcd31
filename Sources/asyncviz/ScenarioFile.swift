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
            var out = items.map { $0.rendered(path: path, source: source) }.joined()
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
    /// The largest scenario we read; a bigger file is almost certainly not a scenario.
    static let maxBytes = 64 * 1024 * 1024

    /// `-` is standard input.
    static func read(_ path: String) throws -> String {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return try decode(data, path: "<stdin>")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw LoadError.unreadable(path: path, reason: "no such file")
        }
        if isDir.boolValue { throw LoadError.unreadable(path: path, reason: "is a directory, not a scenario file") }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw LoadError.unreadable(path: path, reason: "cannot be read (permission denied?)")
        }
        return try decode(data, path: path)
    }

    private static func decode(_ data: Data, path: String) throws -> String {
        if data.count > maxBytes {
            throw LoadError.unreadable(path: path, reason: "is \(data.count / 1_048_576) MB: too large for a scenario (limit \(maxBytes / 1_048_576) MB)")
        }
        if data.isEmpty { throw LoadError.unreadable(path: path, reason: "is empty: a scenario needs a `main:` block or a `task` block") }
        if data.contains(0) { throw LoadError.unreadable(path: path, reason: "looks like a binary file (it contains NUL bytes), not a scenario") }
        guard var text = String(data: data, encoding: .utf8) else {
            throw LoadError.unreadable(path: path, reason: "is not valid UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }
}

import Foundation

enum Environment {
    static var dumpDir: String? { ProcessInfo.processInfo.environment["ASYNCVIZ_DUMP"] }
    static func write(_ path: String, _ s: String) { try? s.write(toFile: path, atomically: true, encoding: .utf8) }
}

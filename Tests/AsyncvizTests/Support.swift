import Foundation
import Testing
@testable import asyncviz
@testable import SchedulerSim

/// Shared helpers for the viewer tests.
enum Fixture {
    static let gather = Timeline(DemoTraces.gather())
    static let lock = Timeline(DemoTraces.lock())
    static let gatherOptions = RenderOptions(glyphs: .unicode, sourceLines: DemoTraces.gatherSource.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    static let lockOptions = RenderOptions(glyphs: .unicode, sourceLines: DemoTraces.lockSource.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
}

/// Feeds keys through `update`.
func press(_ keys: [Key], _ state: AppState = AppState(), _ tl: Timeline = Fixture.gather) -> (AppState, [Effect]) {
    var s = state
    var all: [Effect] = []
    for k in keys {
        let (n, e) = update(s, .key(k), tl)
        s = n
        all += e
    }
    return (s, all)
}

func keys(_ text: String) -> [Key] { text.map { Key.char($0) } }

func screen(_ s: AppState, _ tl: Timeline = Fixture.gather, _ w: Int = 80, _ h: Int = 24,
            options: RenderOptions = Fixture.gatherOptions) -> String {
    render(s, tl, width: w, height: h, options: options).text
}

/// Compares with `Tests/AsyncvizTests/Golden/NAME.txt`; `UPDATE_GOLDEN=1` rewrites it.
func expectGolden(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    let file = dir.appendingPathComponent(name + ".txt")
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? (text + "\n").write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let want = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("missing golden \(file.path); run with UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
        return
    }
    #expect(text + "\n" == want, "screen differs from \(name).txt:\n\(text)", sourceLocation: sourceLocation)
}

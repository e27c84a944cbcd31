/// Writes every export of every fixture to $ASYNCVIZ_DUMP (when set) for looking at them and
/// regenerating goldens: `ASYNCVIZ_DUMP=/tmp/dump swift test --filter dumpExports`.
import Testing
@testable import SchedulerSim

@Test func dumpExports() throws {
    guard let dir = Environment.dumpDir else { return }
    for (name, t) in Fixtures.all {
        Environment.write(dir + "/\(name).txt", TextExport.render(t))
        Environment.write(dir + "/\(name).ascii60.txt", TextExport.render(t, options: .init(width: 60, ascii: true)))
        Environment.write(dir + "/\(name).json", JSONExport.render(t))
        Environment.write(dir + "/\(name).chrome.json", ChromeExport.render(t))
        Environment.write(dir + "/\(name).svg", SVGExport.render(t))
    }
    Environment.write(dir + "/gather.at.txt", TextExport.render(Fixtures.gather, options: .init(at: 1_500_000)))
    Environment.write(dir + "/gather.at.ascii.txt", TextExport.render(Fixtures.gather, options: .init(ascii: true, at: 1_000_000)))
    Environment.write(dir + "/pitfall.at.txt", TextExport.render(Fixtures.pitfall, options: .init(at: 1_005_000)))
}

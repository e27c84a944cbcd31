import Testing
@testable import SchedulerSim

@Test func dumpExports() throws {
    guard let dir = Environment.dumpDir else { return }
    for (name, t) in Fixtures.all {
        Environment.write(dir + "/\(name).txt", TextExport.render(t) + TextExport.render(t, options: .init(width: 60, ascii: true)))
        Environment.write(dir + "/\(name).json", JSONExport.render(t))
        Environment.write(dir + "/\(name).chrome.json", ChromeExport.render(t))
        Environment.write(dir + "/\(name).svg", SVGExport.render(t))
    }
}

import Testing
@testable import SchedulerSim

@Test func dumpExports() {
    var out = ""
    for (name, t) in Fixtures.all {
        out += "=== \(name)\n"
        out += TextExport.render(t)
        out += TextExport.render(t, options: .init(width: 60, ascii: true))
    }
    out += TextExport.render(Fixtures.gather, options: .init(at: 1_500_000))
    out += TextExport.render(Fixtures.gather, options: .init(width: 40))
    print(out)
}

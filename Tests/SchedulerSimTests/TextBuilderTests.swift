import Testing
@testable import SchedulerSim

/// The byte-buffer sentence builder gives the same text as string interpolation.
@Suite struct TextBuilderTests {
    @Test(arguments: [0, 7, -7, 10, 1234567, -1000, Int.max, Int.min])
    func intsAsPythonPrintsThem(_ n: Int) {
        var b = TextBuilder(capacity: 1)
        b.add("n="); b.add(n); b.add(".")
        #expect(b.text == "n=\(n).")
    }

    @Test func growsPastItsCapacityAndKeepsUnicode() {
        var b = TextBuilder(capacity: 16)
        var expected = ""
        for k in 0..<200 {
            let piece = k % 3 == 0 ? "é€😀" : "worker#\(k) "
            b.add(piece); b.add(k)
            expected += piece + String(k)
        }
        b.add("")
        #expect(b.text == expected)
    }

    @Test func joinIsConcatenation() {
        #expect(TextBuilder.join("a", "b") == "ab")
        #expect(TextBuilder.join("worker#12", " returns ", "'Data from /a'") == "worker#12 returns 'Data from /a'")
        #expect(TextBuilder.join("", "", "") == "")
    }
}

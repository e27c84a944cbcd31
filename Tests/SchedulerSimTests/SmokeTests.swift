import Testing
@testable import SchedulerSim

@Test func locationOrdering() {
    #expect(SourceLocation(line: 1, column: 5) < SourceLocation(line: 2, column: 1))
}

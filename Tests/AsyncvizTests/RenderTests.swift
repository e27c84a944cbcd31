import Testing
@testable import asyncviz
@testable import SchedulerSim

@Suite struct RenderTests {
    @Test func dump() {
        print(screen(AppState()))
        print(screen(press([.end]).0))
    }
}

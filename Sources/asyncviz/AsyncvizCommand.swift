import ArgumentParser
import SchedulerSim

@main
struct AsyncvizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asyncviz",
        abstract: "See how an asyncio event loop schedules a scenario.",
        version: "0.1.0"
    )

    @Argument(help: "The scenario file.") var file: String?

    func run() throws {
        // Viewer demo hook (tests, until scenarios load): ASYNCVIZ_DEMO_TRACE=gather|lock.
        if let status = Viewer.runDemoIfRequested() { throw ExitCode(status) }
        print("asyncviz: not implemented yet")
    }
}

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
        print("asyncviz: not implemented yet")
    }
}

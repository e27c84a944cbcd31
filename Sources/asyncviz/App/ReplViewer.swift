#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SchedulerSim

extension Viewer {
    /// The REPL (SPEC §4): `asyncviz` with no file on a terminal. Returns the exit status like `run`.
    static func runRepl(simulation: SimulationOptions, options: Options = Options(),
                        exportText: @escaping (_ format: String, _ scenarioText: String, _ trace: Trace) throws -> String) -> Int32 {
        let wantColor = options.color && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
        let term: Terminal
        do {
            term = try Terminal(color: wantColor)
        } catch {
            writeStderr("asyncviz: \(error)\n")
            return 1
        }
        defer { term.restore() }
        let glyphs: Glyphs = options.ascii || !term.utf8 ? .ascii : .unicode
        var model = ReplModel(simulationOptions: simulation)
        var clock = ContinuousClock.now
        var dirty = true
        var lastSize = (width: -1, height: -1)

        while true {
            let sig = pendingSignal.load(ordering: .relaxed)
            if sig != 0 { return SignalGuard.exitStatus(for: sig) }
            let size = term.size
            if dirty || size != lastSize {
                term.draw(renderRepl(model, width: size.width, height: size.height, glyphs: glyphs))
                dirty = false
                lastSize = size
            }
            let input = term.readKey(timeoutMs: model.app.playing ? 30 : 100)
            let now = ContinuousClock.now
            let elapsed = clock.duration(to: now)
            clock = now
            if model.app.playing {
                let us = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
                let before = model.app
                _ = model.handle(.tick(us))
                if model.app != before { dirty = true }
            }
            guard let input else { continue }
            dirty = true
            for effect in model.handle(input) {
                switch effect {
                case .quit: return 0
                case .save(let typed, let text):
                    let path = (typed as NSString).expandingTildeInPath
                    do {
                        try text.write(toFile: path, atomically: true, encoding: .utf8)
                        let n = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
                        model.app.message = "wrote \(path) (\(n) line\(n == 1 ? "" : "s"))"
                    } catch {
                        // In words (Foundation's error reads "NSCocoaErrorDomain error 512").
                        model.app.message = "could not write \(path): " + WriteError.reason(path)
                    }
                case .export(let format, let typed):
                    guard let tl = model.timeline else { model.app.message = "nothing to export yet"; break }
                    let path = (typed as NSString).expandingTildeInPath
                    let text: String
                    do {
                        text = try exportText(format, model.session.text, tl.trace)
                    } catch {
                        model.app.message = "could not export: \(error)"
                        break
                    }
                    do {
                        try text.write(toFile: path, atomically: true, encoding: .utf8)
                        model.app.message = "wrote \(path)"
                    } catch {
                        model.app.message = "could not write \(path): " + WriteError.reason(path)
                    }
                }
            }
        }
    }
}

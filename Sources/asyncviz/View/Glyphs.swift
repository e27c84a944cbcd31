import SchedulerSim

/// The characters the screen is drawn with: block elements in UTF-8, 7-bit stand-ins otherwise.
struct Glyphs: Hashable, Sendable {
    var running: Character
    var ready: Character
    var sleeping: Character
    var blocked: Character
    var offloaded: Character
    var cursor: Character
    var hline: Character
    var vline: Character
    var play: String
    var pause: String
    var ellipsis: Character

    static let unicode = Glyphs(running: "█", ready: "▒", sleeping: "░", blocked: "▓", offloaded: "≡", cursor: "│",
                                hline: "─", vline: "│", play: "▶", pause: "‖", ellipsis: "…")
    static let ascii = Glyphs(running: "#", ready: ":", sleeping: ".", blocked: "=", offloaded: "~", cursor: "|",
                              hline: "-", vline: "|", play: ">", pause: "||", ellipsis: "~")

    func glyph(_ s: TaskState) -> Character {
        switch s {
        case .running: running
        case .ready: ready
        case .sleeping: sleeping
        case .blocked: blocked
        case .offloaded: offloaded
        }
    }

    static func role(_ s: TaskState) -> ColorRole {
        switch s {
        case .running: .running
        case .ready: .ready
        case .sleeping: .sleeping
        case .blocked: .blocked
        case .offloaded: .offloaded
        }
    }
}

/// Rendering options that do not change while the viewer runs.
struct RenderOptions: Hashable, Sendable {
    var glyphs: Glyphs = .unicode
    /// The scenario's source, for the Source pane.
    var sourceLines: [String] = []
    /// Replaces the key hints on the bottom line (the REPL has its own).
    var keyHint: String?
    /// The Source pane line to highlight (0-based) instead of the selected task's (the REPL's
    /// block being typed).
    var sourceFocus: Int?
    /// The smallest usable screen.
    static let minWidth = 40
    static let minHeight = 10
}

enum Format {
    /// `1.250` for 1 250 000 µs (rounded to the millisecond).
    static func seconds(_ us: Micros) -> String {
        let neg = us < 0
        let ms = (abs(us) + 500) / 1000
        let frac = String(ms % 1000)
        return (neg ? "-" : "") + "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }

    /// A ruler label: `0s`, `1.5s`, `250ms`, `20us`.
    static func tick(_ us: Micros) -> String {
        if us == 0 { return "0s" }
        if us % 1_000_000 == 0 { return "\(us / 1_000_000)s" }
        if us >= 1_000_000 {
            var s = seconds(us)
            while s.last == "0" { s.removeLast() }
            return s + "s"
        }
        if us % 1000 == 0 { return "\(us / 1000)ms" }
        return "\(us)us"
    }

    static func speed(_ v: Double) -> String {
        if v == v.rounded() && v < 1e9 { return "\(Int(v))x" }
        return "\(v)x"
    }

    /// Scenario text made safe for the terminal.
    static func esc(_ s: String) -> String { TextEscaping.escapeControls(s) }
}

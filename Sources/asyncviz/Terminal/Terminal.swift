#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcurses

/// The one type that calls ncurses: start-up, colour pairs, drawing a `Canvas`, reading keys, and
/// restoring the terminal. Main thread only.
final class Terminal {
    enum Failure: Error, CustomStringConvertible {
        case notATerminal
        case unknownTerminal(String)
        var description: String {
            switch self {
            case .notATerminal: "the viewer needs a terminal (use --export text to print the timeline)"
            case .unknownTerminal(let t):
                "cannot use the terminal type '\(t)' (set TERM to e.g. xterm-256color, or use --export text)"
            }
        }
    }

    private let screen: OpaquePointer
    let colors: Bool
    /// Whether the locale can show the UTF-8 glyphs.
    let utf8: Bool
    private var active = true

    /// Sets the locale, installs the signal guard, starts curses on stdin/stdout and diverts stderr.
    init(color wantColor: Bool) throws {
        utf8 = Terminal.setUpLocale()
        guard isatty(0) != 0, isatty(1) != 0 else { throw Failure.notATerminal }
        // A terminal that cannot move the cursor (`dumb`, unset) would show a blank screen.
        let termName = getenv("TERM").map { String(cString: $0) } ?? ""
        if termName.isEmpty || termName == "dumb" { throw Failure.unknownTerminal(termName) }
        SignalGuard.install()
        guard let scr = newterm(nil, av_stdout(), av_stdin()) else {
            SignalGuard.uninstallFatal()
            let term = getenv("TERM").map { String(cString: $0) } ?? ""
            throw Failure.unknownTerminal(term)
        }
        screen = scr
        cursesActive.store(true, ordering: .sequentiallyConsistent)
        SignalGuard.divertStderr()
        let win = av_stdscr()
        cbreak()
        noecho()
        nonl()
        keypad(win, true)
        set_escdelay(25)
        curs_set(0)
        var useColor = false
        if wantColor && av_has_colors() != 0 && start_color() == OK {
            let bg: Int16 = use_default_colors() == OK ? -1 : Int16(COLOR_BLACK)
            for role in ColorRole.allCases {
                init_pair(Int16(role.rawValue) + 1, Terminal.foreground(role), bg)
            }
            useColor = true
        }
        colors = useColor
    }

    /// `setlocale(LC_ALL, "")`; when that is not UTF-8, C.UTF-8 for ncursesw's sake, but the screen
    /// then uses ASCII glyphs (the terminal is not known to show UTF-8). Returns whether the user's
    /// locale is UTF-8.
    static func setUpLocale() -> Bool {
        setlocale(LC_ALL, "")
        if isUTF8() { return true }
        setlocale(LC_CTYPE, "C.UTF-8")
        return false
    }

    private static func isUTF8() -> Bool {
        guard let cs = av_codeset() else { return false }
        let s = String(cString: cs).lowercased()
        return s == "utf-8" || s == "utf8"
    }

    private static func foreground(_ r: ColorRole) -> Int16 {
        let c: Int32
        switch r {
        case .normal, .muted: c = -1
        case .status: c = COLOR_CYAN
        case .running: c = COLOR_GREEN
        case .ready: c = COLOR_YELLOW
        case .sleeping: c = COLOR_CYAN
        case .blocked: c = COLOR_RED
        case .offloaded: c = COLOR_MAGENTA
        case .cursor: c = COLOR_WHITE
        case .accent: c = COLOR_CYAN
        case .warning: c = COLOR_YELLOW
        case .error: c = COLOR_RED
        }
        return Int16(c)
    }

    var size: (width: Int, height: Int) {
        let w = av_stdscr()
        return (Int(getmaxx(w)), Int(getmaxy(w)))
    }

    func draw(_ c: Canvas) {
        let win = av_stdscr()
        let (w, h) = size
        if c.width != w || c.height != h { werase(win) }
        for y in 0..<min(c.height, h) {
            // Each column once: a wide character covers the cell after it (nil here).
            let shown = c.shownRow(y)
            var x = 0
            while x < min(c.width, w) {
                let style = c[x, y].style
                var run: [wchar_t] = []
                let x0 = x
                while x < min(c.width, w), c[x, y].style == style || shown[x] == nil {
                    if let ch = shown[x] {
                        // A wide character in the last column would wrap: a space instead.
                        let cut = x + 1 == min(c.width, w) && x + 1 < c.width && shown[x + 1] == nil
                        for u in (cut ? " " : ch).unicodeScalars { run.append(wchar_t(bitPattern: u.value)) }
                    }
                    x += 1
                }
                _ = av_put(win, Int32(y), Int32(x0), run, Int32(run.count), attributes(style), pair(style))
            }
        }
        wnoutrefresh(win)
        doupdate()
    }

    private func attributes(_ s: CellStyle) -> attr_t {
        var a = av_attr_normal()
        if s.bold { a |= av_attr_bold() }
        if s.dim { a |= av_attr_dim() }
        if s.reverse { a |= av_attr_reverse() }
        if !colors {
            switch s.role {
            case .cursor, .warning, .error: a |= av_attr_bold()
            default: break
            }
        }
        return attr_t(a)
    }

    private func pair(_ s: CellStyle) -> Int16 { colors ? Int16(s.role.rawValue) + 1 : 0 }

    /// Waits up to `timeoutMs` for a key; nil on timeout (or an interrupted read).
    func readKey(timeoutMs: Int32) -> Input? {
        let win = av_stdscr()
        wtimeout(win, timeoutMs)
        var ch: wint_t = 0
        let r = wget_wch(win, &ch)
        if r == ERR { return nil }
        if r == av_key_code_yes() {
            switch Int32(ch) {
            case KEY_RESIZE: return .resize
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_ENTER: return .key(.enter)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_BTAB: return .key(.backTab)
            default: return nil
            }
        }
        switch ch {
        case 27: return .key(.escape)
        case 10, 13: return .key(.enter)
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        case 21: return .key(.clearLine)
        default:
            guard ch >= 32, let u = Unicode.Scalar(UInt32(ch)) else { return nil }
            return .key(.char(Character(u)))
        }
    }

    /// Ends curses and replays what went to stderr meanwhile. Safe to call twice.
    func restore() {
        guard active else { return }
        active = false
        curs_set(1)
        if cursesActive.exchange(false, ordering: .sequentiallyConsistent) { endwin() }
        delscreen(screen)
        restoreStderr()
        SignalGuard.uninstallFatal()
    }

    deinit { restore() }
}

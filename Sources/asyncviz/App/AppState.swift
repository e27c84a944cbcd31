import SchedulerSim

/// A key, decoded by the terminal layer.
enum Key: Hashable, Sendable {
    case char(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace
    /// Ctrl-U: clear the line being typed.
    case clearLine
}

/// What the app reacts to: keys, the passing of real time (for play), a new screen size.
enum Input: Hashable, Sendable {
    case key(Key)
    /// Real time elapsed since the last tick, in microseconds.
    case tick(Int64)
    case resize
}

/// What `update` asks the outside world to do.
enum Effect: Hashable, Sendable {
    case quit
    case export(format: String, path: String)
    case reload
}

enum SidePane: Int, CaseIterable, Sendable {
    case events, resources, source, why, warnings
    var title: String {
        switch self {
        case .events: "Events"
        case .resources: "Resources"
        case .source: "Source"
        case .why: "Why"
        case .warnings: "Warnings"
        }
    }
}

enum Breakpoint: Hashable, Sendable, CustomStringConvertible {
    case task(String), resource(String), kind(EventKind)
    var description: String {
        switch self {
        case .task(let n): "task \(n)"
        case .resource(let n): "resource \(n)"
        case .kind(let k): "kind \(k.rawValue)"
        }
    }

    func matches(_ e: TraceEvent, in timeline: Timeline) -> Bool {
        switch self {
        case .task(let n):
            // `fetch` matches every task running fetch (fetch#1, fetch#2, …) as well as the name itself.
            let name = timeline.taskName(e.task)
            return name == n || (name.hasPrefix(n + "#") && Int(name.dropFirst(n.count + 1)) != nil)
        case .resource(let n):
            guard let o = e.object else { return false }
            // Objects read `lock db`, `queue q (empty)`, `join queue q`: match the name as a word.
            let words = o.split(separator: " ")
            return o == n || words.contains { $0 == Substring(n) }
        case .kind(let k): return e.kind == k
        }
    }
}

enum Prompt: Hashable, Sendable {
    case command(String)
    case filter(String)
}

/// Everything the viewer shows besides the timeline itself.
struct AppState: Hashable, Sendable {
    /// 0-based event index: the screen shows the run after this event.
    var cursor = 0
    /// Index into the visible (filtered) rows.
    var selectedRow = 0
    /// Zoom level: the view shows `end / 2^zoom` of virtual time.
    var zoom = 0
    /// First visible virtual time when zoomed.
    var viewStart: Micros = 0
    var playing = false
    var speed: Double = 1
    /// The virtual time the play clock has reached (between events).
    var playClock: Micros = 0
    var pane: SidePane = .events
    /// Scroll offset of the focused pane (lines back from its natural position).
    var paneScroll = 0
    var filter = ""
    var prompt: Prompt?
    var help = false
    /// `L`: draw the whole run dimmed beyond the cursor.
    var preview = false
    var breakpoints: [Breakpoint] = []
    /// A one-line message for the bottom line (command results, errors, breakpoint hits).
    var message: String?

    static let speeds: [Double] = [0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32]
    static let maxZoom = 16
}

extension AppState {
    /// Visible rows after the filter.
    func visibleRows(_ timeline: Timeline) -> [Timeline.Row] {
        guard !filter.isEmpty else { return timeline.rows }
        return visibleRowIndices(timeline).map { timeline.rows[$0] }
    }

    /// Indices into `timeline.rows` of the visible rows (every row when there is no filter).
    func visibleRowIndices(_ timeline: Timeline) -> [Int] {
        guard !filter.isEmpty else { return Array(timeline.rows.indices) }
        let m = RowFilter(filter)
        return timeline.rows.indices.filter { m.matches(timeline.rows[$0].name) }
    }

    /// How many rows are visible, without listing them.
    func visibleRowCount(_ timeline: Timeline) -> Int {
        guard !filter.isEmpty else { return timeline.rows.count }
        let m = RowFilter(filter)
        var n = 0
        for r in timeline.rows where m.matches(r.name) { n += 1 }
        return n
    }

    /// The task id of the selected row, if it is a task.
    func selectedTask(_ timeline: Timeline) -> Int? {
        guard selectedRow >= 0 else { return nil }
        guard !filter.isEmpty else { return timeline.rows.indices.contains(selectedRow) ? timeline.rows[selectedRow].taskID : nil }
        let m = RowFilter(filter)
        var n = 0
        for r in timeline.rows where m.matches(r.name) {
            if n == selectedRow { return r.taskID }
            n += 1
        }
        return nil
    }

    /// The visible time window.
    func window(_ timeline: Timeline) -> (start: Micros, width: Micros) {
        let end = timeline.end
        let width = max(1, end >> Int64(min(zoom, 62)))
        let start = min(max(0, viewStart), max(0, end - width))
        return (zoom == 0 ? 0 : start, zoom == 0 ? end : width)
    }
}

/// The row filter: a case-insensitive substring of the name (`name.lowercased()` contains
/// `filter.lowercased()`), compared byte by byte when both are ASCII, which is what a filter over
/// 100,000 rows on every key needs.
struct RowFilter {
    let needle: String
    /// The needle's bytes when it is ASCII without line breaks (so every match is whole characters).
    let bytes: [UInt8]?

    init(_ filter: String) {
        needle = filter.lowercased()
        let b = Array(needle.utf8)
        bytes = b.allSatisfy { $0 < 0x80 && $0 != 0x0A && $0 != 0x0D } ? b : nil
    }

    func matches(_ name: String) -> Bool {
        guard let bytes else { return name.lowercased().contains(needle) }
        var name = name
        return name.withUTF8 { Self.search($0, bytes) } ?? name.lowercased().contains(needle)
    }

    /// nil when the haystack is not ASCII (the caller falls back to `lowercased`).
    private static func search(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool? {
        if hay.contains(where: { $0 >= 0x80 }) { return nil }
        let n = needle.count, h = hay.count
        if n == 0 { return true }
        if n > h { return false }
        @inline(__always) func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        var i = 0
        while i + n <= h {
            var k = 0
            while k < n && lower(hay[i + k]) == needle[k] { k += 1 }
            if k == n { return true }
            i += 1
        }
        return false
    }
}

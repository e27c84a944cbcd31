/// What a cell means, for colour: the terminal maps each role to a colour pair (or to attributes
/// when there is no colour).
enum ColorRole: UInt8, CaseIterable, Sendable {
    case normal, status, running, ready, sleeping, blocked, offloaded, cursor, accent, warning, error, muted
}

struct CellStyle: Hashable, Sendable {
    var role: ColorRole = .normal
    var bold = false
    var dim = false
    var reverse = false

    static let plain = CellStyle()
    static func role(_ r: ColorRole, bold: Bool = false, dim: Bool = false, reverse: Bool = false) -> CellStyle {
        CellStyle(role: r, bold: bold, dim: dim, reverse: reverse)
    }
}

struct Cell: Hashable, Sendable {
    var char: Character = " "
    var style: CellStyle = .plain
}

/// A grid of cells: what a frame looks like, independent of any terminal.
struct Canvas: Hashable, Sendable {
    let width: Int
    let height: Int
    private(set) var cells: [Cell]

    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { if x >= 0, y >= 0, x < width, y < height { cells[y * width + x] = newValue } }
    }

    /// Writes `text` from (x, y), one character per cell, clipped at `maxWidth` and the edge.
    /// Returns the number of cells written. Callers escape scenario text first.
    @discardableResult
    mutating func put(_ x: Int, _ y: Int, _ text: String, _ style: CellStyle = .plain, maxWidth: Int = .max) -> Int {
        guard y >= 0, y < height else { return 0 }
        var cx = x
        let limit = maxWidth >= width ? width : min(width, x + max(0, maxWidth))
        for ch in text {
            if cx >= limit { break }
            if cx >= 0 { cells[y * width + cx] = Cell(char: ch, style: style) }
            cx += 1
        }
        return max(0, cx - x)
    }

    mutating func fill(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ cell: Cell) {
        for yy in max(0, y)..<min(height, y + h) where yy >= max(0, y) {
            for xx in max(0, x)..<max(max(0, x), min(width, x + w)) { cells[yy * width + xx] = cell }
        }
    }

    /// Copies `other` with its top-left corner at (x, y), clipped at the edges.
    mutating func blit(_ other: Canvas, x: Int = 0, y: Int = 0) {
        for yy in 0..<other.height {
            for xx in 0..<other.width { self[x + xx, y + yy] = other[xx, yy] }
        }
    }

    mutating func setStyle(_ x: Int, _ y: Int, _ w: Int, _ style: CellStyle) {
        guard y >= 0, y < height else { return }
        for xx in max(0, x)..<max(max(0, x), min(width, x + w)) { cells[y * width + xx].style = style }
    }

    /// The characters, one line per row, trailing spaces removed (as `tmux capture-pane` shows them).
    var text: String {
        (0..<height).map { line($0) }.joined(separator: "\n")
    }

    func line(_ y: Int) -> String {
        var s = String(cells[(y * width)..<(y * width + width)].map(\.char))
        while s.last == " " { s.removeLast() }
        return s
    }
}

import SchedulerSim

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

/// A grid of cells: what a frame looks like, independent of any terminal. A character that takes
/// two terminal columns (CJK, emoji) takes two cells: itself and a `Canvas.covered` cell after it,
/// so what follows it on the row stays in its column.
struct Canvas: Hashable, Sendable {
    /// The right half of a two-column character.
    static let covered: Character = "\u{0}"

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

    /// Writes `text` from (x, y), a cell per terminal column (a wide character takes two, a
    /// zero-width one none), clipped at `maxWidth` and the edge. Returns the number of cells
    /// written. Callers escape scenario text first.
    @discardableResult
    mutating func put(_ x: Int, _ y: Int, _ text: String, _ style: CellStyle = .plain, maxWidth: Int = .max) -> Int {
        guard y >= 0, y < height else { return 0 }
        var cx = x
        let limit = maxWidth >= width ? width : min(width, x + max(0, maxWidth))
        for ch in text {
            if cx >= limit { break }
            let w = ch.isASCII ? 1 : TextFit.width(ch)
            if w == 0 { continue }
            if w == 2 {
                // A wide character that does not fit whole is not drawn by half.
                if cx + 1 >= limit { break }
                if cx >= 0 { cells[y * width + cx] = Cell(char: ch, style: style) }
                if cx + 1 >= 0 { cells[y * width + cx + 1] = Cell(char: Canvas.covered, style: style) }
                cx += 2
                continue
            }
            if cx >= 0 { cells[y * width + cx] = Cell(char: ch, style: style) }
            cx += 1
        }
        return max(0, cx - x)
    }

    /// What the terminal shows in row `y`, cell by cell: nil for the right half of a wide
    /// character, a space for a half whose other half was overwritten (or a zero-width character
    /// set directly), so that every column of the row is drawn exactly once.
    func shownRow(_ y: Int) -> [Character?] {
        var out = [Character?](repeating: " ", count: width)
        var x = 0
        while x < width {
            let ch = cells[y * width + x].char
            if ch == Canvas.covered {
                out[x] = " "
                x += 1
                continue
            }
            let w = ch.isASCII ? 1 : TextFit.width(ch)
            if w == 2 {
                if x + 1 < width && cells[y * width + x + 1].char == Canvas.covered {
                    out[x] = ch
                    out[x + 1] = nil
                    x += 2
                } else {
                    out[x] = " "
                    x += 1
                }
                continue
            }
            out[x] = w == 0 ? " " : ch
            x += 1
        }
        return out
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
        var s = String(shownRow(y).compactMap { $0 })
        while s.last == " " { s.removeLast() }
        return s
    }
}

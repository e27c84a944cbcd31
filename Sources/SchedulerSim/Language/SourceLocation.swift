/// A 1-based position in a scenario file. Columns count Unicode scalars so that a caret lines up
/// under the character a person sees in a terminal (for the ASCII and common BMP text scenarios use).
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    // 32-bit storage: every token and syntax-tree node holds one (a 10 MB file has millions).
    private var line32: Int32
    private var column32: Int32

    public var line: Int {
        get { Int(line32) }
        set { line32 = Int32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(column32) }
        set { column32 = Int32(clamping: newValue) }
    }

    public init(line: Int, column: Int) {
        self.line32 = Int32(clamping: line)
        self.column32 = Int32(clamping: column)
    }

    public static let unknown = SourceLocation(line: 0, column: 0)

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

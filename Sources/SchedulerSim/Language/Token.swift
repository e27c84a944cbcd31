/// A token of the scenario language. Words (keywords included) are `.name`: the parser decides
/// from context whether a word is a keyword, which keeps keyword-like names in error messages.
/// `word` says which keyword a `.name` spells (if any), so the parser compares small integers.
public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    /// The keyword a `.name` token spells, `.other` for any other name and for non-names.
    /// (Stored right after `kind`, in its padding: a token takes 32 bytes, not 40.)
    public internal(set) var word: Word
    // Compact storage: millions of tokens for a large file.
    var line32: Int32
    var column32: Int32
    var length32: Int32

    /// Where the token starts (1-based line and column, columns in Unicode scalars).
    public var loc: SourceLocation {
        get { SourceLocation(line: Int(line32), column: Int(column32)) }
        set {
            line32 = Int32(clamping: newValue.line)
            column32 = Int32(clamping: newValue.column)
        }
    }

    /// How many columns the token covers (at least 1, except for synthetic tokens).
    public var length: Int {
        get { Int(length32) }
        set { length32 = Int32(clamping: newValue) }
    }

    public init(_ kind: TokenKind, at loc: SourceLocation, length: Int) {
        let word: Word
        if case .name(let n) = kind { word = Word(rawValue: n) ?? .other } else { word = .other }
        self.init(kind, at: loc, length: length, word: word)
    }

    init(_ kind: TokenKind, at loc: SourceLocation, length: Int, word: Word) {
        self.kind = kind
        self.line32 = Int32(clamping: loc.line)
        self.column32 = Int32(clamping: loc.column)
        self.length32 = Int32(clamping: length)
        self.word = word
    }
}

/// Punctuation and operators.
public enum TokenOp: String, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    case plus = "+", minus = "-", star = "*", slash = "/", floorDiv = "//", percent = "%", power = "**"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case assign = "=", comma = ",", colon = ":", dot = "."
    case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]"

    public init(stringLiteral value: String) {
        guard let o = TokenOp(rawValue: value) else { preconditionFailure("not an operator: \(value)") }
        self = o
    }

    public var description: String { rawValue }
}

/// The words the parser looks for, by spelling.
public enum Word: String, Hashable, Sendable {
    case other = ""
    // Statement words.
    case sleep, cpu, to_thread, print, spawn, await, gather, wait, as_completed, wait_for, timeout,
         taskgroup, cancel, with, acquire, release, put, get, task_done, join, set, clear, append,
         `repeat`, forever
    // Python keywords.
    case False, None, True, and, `as`, assert, async, `break`, `class`, `continue`, def, del, elif,
         `else`, except, finally, `for`, from, global, `if`, `import`, `in`, `is`, lambda, nonlocal,
         not, or, pass, raise, `return`, `try`, `while`, yield
    // Top-level words.
    case title, note, seed, until, workers, `var`, lock, semaphore, event, queue, task, main
    case noneWord = "none"

    /// Reserved: cannot be a name.
    var isReserved: Bool { self != .other }
    /// `none`, `None`, `True`, `False`.
    var isLiteral: Bool { self == .noneWord || self == .None || self == .True || self == .False }

    /// The word spelled by `bytes[from..<to]` (ASCII identifier bytes), without building a String.
    static func lookup(_ bytes: [UInt8], _ from: Int, _ to: Int) -> Word {
        let n = to - from
        guard n >= 2 && n < table.count else { return .other }
        let first = bytes[from]
        for (spelling, w) in table[n] where spelling[0] == first {
            var k = 1
            while k < n && spelling[k] == bytes[from + k] { k += 1 }
            if k == n { return w }
        }
        return .other
    }

    /// Words by length.
    static let table: [[([UInt8], Word)]] = {
        var t = [[([UInt8], Word)]](repeating: [], count: 18)
        for w in Word.allWords { t[w.rawValue.utf8.count].append((Array(w.rawValue.utf8), w)) }
        return t
    }()

    static let allWords: [Word] = [
        .sleep, .cpu, .to_thread, .print, .spawn, .await, .gather, .wait, .as_completed, .wait_for, .timeout,
        .taskgroup, .cancel, .with, .acquire, .release, .put, .get, .task_done, .join, .set, .clear, .append,
        .repeat, .forever,
        .False, .None, .True, .and, .as, .assert, .async, .break, .class, .continue, .def, .del, .elif,
        .else, .except, .finally, .for, .from, .global, .if, .import, .in, .is, .lambda, .nonlocal,
        .not, .or, .pass, .raise, .return, .try, .while, .yield,
        .title, .note, .seed, .until, .workers, .var, .lock, .semaphore, .event, .queue, .task, .main,
        .noneWord,
    ]
}

public enum TokenKind: Hashable, Sendable {
    case name(String)
    case int(Int)
    case float(Double)
    /// A number with a unit: its value in seconds, and the text as written.
    indirect case duration(Double, text: String)
    case string([StringSegment])
    /// Punctuation and operators: `+ - * / // % ** == != < <= > >= = , : ( ) [ ] .`
    case op(TokenOp)
    case newline
    case indent
    case dedent
    case eof

    /// How the token reads in an error message ("found 'x'").
    public var display: String {
        switch self {
        case .name(let n): return "'\(n)'"
        case .int(let v): return "'\(v)'"
        case .float(let v): return "'\(v)'"
        case .duration(_, let text): return "'\(text)'"
        case .string: return "a string"
        case .op(let o): return "'\(o.rawValue)'"
        case .newline: return "end of line"
        case .indent: return "an indent"
        case .dedent: return "a dedent"
        case .eof: return "end of file"
        }
    }
}

/// A piece of a string literal: text, or an interpolated `{expr}` / `{expr:spec}` whose
/// expression is already tokenized (with its real location in the file).
public enum StringSegment: Hashable, Sendable {
    case text(String)
    case interpolation(tokens: [Token], spec: String?, loc: SourceLocation)
}

/// A token of the scenario language. Words (keywords included) are `.name`: the parser decides
/// from context whether a word is a keyword, which keeps keyword-like names in error messages.
public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    /// Where the token starts (1-based line and column, columns in Unicode scalars).
    public var loc: SourceLocation
    /// How many columns the token covers (at least 1, except for synthetic tokens).
    public var length: Int

    public init(_ kind: TokenKind, at loc: SourceLocation, length: Int) {
        self.kind = kind
        self.loc = loc
        self.length = length
    }
}

public enum TokenKind: Hashable, Sendable {
    case name(String)
    case int(Int)
    case float(Double)
    /// A number with a unit: its value in seconds, and the text as written.
    case duration(Double, text: String)
    case string([StringSegment])
    /// Punctuation and operators: `+ - * / // % ** == != < <= > >= = , : ( ) [ ] .`
    case op(String)
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
        case .op(let o): return "'\(o)'"
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

// Placeholder: replaced by the real lexer.
public struct Token: Sendable {}
public enum Lexer {
    public static func tokenize(_ source: String, diagnostics: inout [Diagnostic]) -> [Token] { [] }
}

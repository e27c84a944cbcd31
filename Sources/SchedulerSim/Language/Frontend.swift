/// Every error of a file, sorted by position.
public struct Diagnostics: Error, Sendable {
    public var items: [Diagnostic]
    public init(_ items: [Diagnostic]) { self.items = items }
}

/// The language front end in one call: lex, parse, check. Callers get either a scenario that the
/// simulator can run, or every error of the file sorted by position.
public enum Frontend {
    public static func load(source: String) -> Result<Scenario, Diagnostics> {
        var diagnostics: [Diagnostic] = []
        // Lexing goes along with parsing, a top-level form at a time: the tokens of a large file
        // never all exist at once. Diagnostics keep their order: the lexer's, then the parser's.
        var parser = Parser(source: source)
        let scenario = parser.parseScenario()
        diagnostics += parser.lexerDiagnostics
        diagnostics += parser.diagnostics
        diagnostics += Checker.check(scenario)
        if diagnostics.contains(where: { $0.severity == .error }) {
            return .failure(Diagnostics(diagnostics.sortedByPosition()))
        }
        return .success(scenario)
    }
}

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
        let tokens = Lexer.tokenize(source, diagnostics: &diagnostics)
        var parser = Parser(tokens: tokens)
        let scenario = parser.parseScenario()
        diagnostics += parser.diagnostics
        diagnostics += Checker.check(scenario)
        if diagnostics.contains(where: { $0.severity == .error }) {
            return .failure(Diagnostics(diagnostics.sortedByPosition()))
        }
        return .success(scenario)
    }
}

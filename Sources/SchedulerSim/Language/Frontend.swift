/// The language front end in one call: lex, parse, check. Callers get either a scenario that the
/// simulator can run, or every error of the file sorted by position.
public enum Frontend {
    public static func load(source: String) -> Result<Scenario, [Diagnostic]> {
        // Implemented by Lexer/Parser/Checker.
        var diagnostics: [Diagnostic] = []
        let tokens = Lexer.tokenize(source, diagnostics: &diagnostics)
        var parser = Parser(tokens: tokens)
        let scenario = parser.parseScenario()
        diagnostics += parser.diagnostics
        diagnostics += Checker.check(scenario)
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { return .failure(diagnostics.sortedByPosition()) }
        return .success(scenario)
    }
}

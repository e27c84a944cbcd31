import Testing
@testable import SchedulerSim

/// Every diagnostic of a source (empty when it loads).
func diagnostics(_ source: String) -> [Diagnostic] {
    switch Frontend.load(source: source) {
    case .success: return []
    case .failure(let d): return d.items
    }
}

/// The scenario of a source that must load; records an issue with the errors otherwise.
func scenario(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Scenario? {
    switch Frontend.load(source: source) {
    case .success(let s): return s
    case .failure(let d):
        let text = d.items.map { $0.rendered(path: "t", source: source) }.joined()
        Issue.record(Comment(rawValue: "unexpected errors:\n" + text), sourceLocation: sourceLocation)
        return nil
    }
}

/// The `main:` block of `body` (indented by the helper) rendered by ASTPrinter.
func mainAST(_ body: String, prelude: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let indented = body.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
    guard let s = scenario(prelude + "main:\n" + indented + "\n", sourceLocation: sourceLocation) else { return "<error>" }
    return ASTPrinter.block(s.main ?? [], indent: 0)
}

/// The expression `x = <expr>` renders to.
func exprAST(_ expr: String, prelude: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let src = prelude + "main:\n    x = " + expr + "\n"
    guard let s = scenario(src, sourceLocation: sourceLocation), let first = s.main?.first,
          case .action(_, .expr(let e)) = first.kind else { return "<error>" }
    return ASTPrinter.expr(e)
}

func tokenKinds(_ source: String) -> ([TokenKind], [Diagnostic]) {
    var d: [Diagnostic] = []
    let toks = Lexer.tokenize(source, diagnostics: &d)
    return (toks.map(\.kind), d)
}

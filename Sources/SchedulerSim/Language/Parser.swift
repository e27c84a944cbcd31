// Placeholder: replaced by the real parser.
public struct Parser {
    public var diagnostics: [Diagnostic] = []
    public init(tokens: [Token]) {}
    public mutating func parseScenario() -> Scenario { Scenario() }
}

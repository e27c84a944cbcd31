// Placeholder: replaced by the real checker.
public enum Checker {
    public static func check(_ s: Scenario) -> [Diagnostic] { [] }
}

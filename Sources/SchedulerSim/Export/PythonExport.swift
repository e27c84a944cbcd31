/// The Python twin of a scenario (placeholder until the real export lands).
public enum PythonExport {
    public static func render(_ scenario: Scenario) -> String {
        "# Python export is not implemented yet\n"
    }
}

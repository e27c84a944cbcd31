/// The output export (`--export output`): only the printed lines, in order, each ending in a
/// newline — what the Python twin prints. The text is written as printed (not escaped), so it can
/// be compared with Python's output byte for byte.
public enum OutputExport {
    public static func render(_ trace: Trace) -> String {
        var out = ""
        for line in trace.output {
            out += line.text
            out += "\n"
        }
        return out
    }
}

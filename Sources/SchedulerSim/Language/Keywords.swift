/// The words of the language, and the "did you mean" helper used by the parser and the checker.
public enum Keywords {
    /// Words that begin a statement.
    public static let statementWords: [String] = [
        "sleep", "cpu", "to_thread", "print", "spawn", "await", "gather", "wait", "as_completed",
        "wait_for", "timeout", "taskgroup", "cancel", "with", "acquire", "release", "put", "get",
        "task_done", "join", "set", "clear", "append", "repeat", "forever",
    ]
    public static let pythonKeywords: [String] = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ]
    public static let topLevelWords: [String] = [
        "title", "note", "seed", "until", "workers", "var", "lock", "semaphore", "event", "queue",
        "def", "task", "main",
    ]
    /// Literal words: not names, but values.
    public static let literalWords: Set<String> = ["none", "None", "True", "False"]

    public static let reserved: Set<String> = Set(statementWords + pythonKeywords + topLevelWords + ["none"])

    /// Statement words, plus the Python ones that begin statements, for "unknown statement" hints.
    static let statementStarters: [String] = statementWords + [
        "if", "elif", "else", "for", "while", "try", "except", "finally", "raise", "break",
        "continue", "pass", "return",
    ]

    public static let builtins: [String: ClosedRange<Int>] = [
        "len": 1...1, "range": 1...3, "str": 1...1, "int": 1...1, "float": 1...1,
        "min": 1...Int.max, "max": 1...Int.max, "abs": 1...1, "round": 1...2, "now": 0...0,
        "done": 1...1, "cancelled": 1...1, "result": 1...1, "name": 1...1, "random": 0...0,
        "randint": 2...2, "uniform": 2...2,
    ]

    /// Python keywords that have no meaning in a scenario.
    static let foreignKeywords: Set<String> = [
        "assert", "class", "del", "from", "global", "import", "lambda", "nonlocal", "yield",
    ]

    public static func isReserved(_ word: String) -> Bool { reserved.contains(word) }

    /// The closest candidate by edit distance, if it is close enough to be a likely typo.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let w = Array(word.unicodeScalars)
        let limit = max(1, min(3, (w.count + 1) / 3))
        var best: (Int, String)?
        for c in candidates where c != word {
            let cs = Array(c.unicodeScalars)
            if abs(cs.count - w.count) > limit { continue }
            let d = editDistance(w, cs)
            if d <= limit, best == nil || d < best!.0 || (d == best!.0 && c < best!.1) { best = (d, c) }
        }
        return best?.1
    }

    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0
                    : (a[i - 1].properties.lowercaseMapping == b[j - 1].properties.lowercaseMapping ? 0 : 1)
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}

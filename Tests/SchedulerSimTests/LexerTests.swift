import Testing
@testable import SchedulerSim

@Suite struct LexerTests {
    @Test func indentationTokens() {
        let (kinds, d) = tokenKinds("main:\n    if x:\n        pass\n\n    # comment\n    pass\n")
        #expect(d.isEmpty)
        #expect(kinds == [
            .name("main"), .op(":"), .newline, .indent,
            .name("if"), .name("x"), .op(":"), .newline, .indent,
            .name("pass"), .newline, .dedent,
            .name("pass"), .newline, .dedent, .eof,
        ])
    }

    @Test func locationsInScalars() {
        var d: [Diagnostic] = []
        let toks = Lexer.tokenize("main:\n    print \"héllo ✓\", x\n", diagnostics: &d)
        #expect(d.isEmpty)
        let x = toks.first { $0.kind == .name("x") }
        // `    print "héllo ✓", x`: the string covers 9 scalars from column 11.
        #expect(x?.loc == SourceLocation(line: 2, column: 22))
        let str = toks.first { if case .string = $0.kind { return true } else { return false } }
        #expect(str?.length == 9)
    }

    @Test func operators() {
        let (kinds, d) = tokenKinds("a // b ** c == d != e <= f >= g < h > i = [j, k] % (l) . - + * /")
        #expect(d.isEmpty)
        let ops = kinds.compactMap { k -> String? in if case .op(let o) = k { return o.rawValue } else { return nil } }
        #expect(ops == ["//", "**", "==", "!=", "<=", ">=", "<", ">", "=", "[", ",", "]", "%", "(", ")", ".", "-", "+", "*", "/"])
    }

    @Test func numbers() {
        let (kinds, d) = tokenKinds("0 42 1_000 3.25 .5 1e-3 2E2")
        #expect(d.isEmpty)
        #expect(kinds.prefix(7) == [.int(0), .int(42), .int(1000), .float(3.25), .float(0.5), .float(0.001), .float(200)])
    }

    @Test func durationsKeepTheirText() {
        let (kinds, _) = tokenKinds("1_500ms")
        #expect(kinds.first == .duration(1.5, text: "1_500ms"))
    }

    @Test func crlfLineEndings() {
        #expect(diagnostics("main:\r\n    sleep 1\r\n    print \"x\"\r\n").isEmpty)
    }

    @Test func commentsAndHashInStrings() {
        let (kinds, d) = tokenKinds("print \"a#b\" # c\n")
        #expect(d.isEmpty)
        #expect(kinds == [.name("print"), .string([.text("a#b")]), .newline, .eof])
    }

    @Test func bracketsJoinLines() {
        let (kinds, d) = tokenKinds("x = [1,\n\n  # c\n 2]\n")
        #expect(d.isEmpty)
        #expect(kinds == [.name("x"), .op("="), .op("["), .int(1), .op(","), .int(2), .op("]"), .newline, .eof])
    }

    @Test func interpolationTokensCarryFileLocations() {
        var d: [Diagnostic] = []
        let toks = Lexer.tokenize("print \"{a:>4}{{\"", diagnostics: &d)
        #expect(d.isEmpty)
        guard case .string(let segs) = toks[1].kind, case .interpolation(let inner, let spec, let loc) = segs[0] else {
            Issue.record("no interpolation")
            return
        }
        #expect(spec == ">4")
        #expect(loc == SourceLocation(line: 1, column: 9))
        #expect(inner.first?.loc == SourceLocation(line: 1, column: 9))
        #expect(segs[1] == .text("{"))
    }
}

@Suite struct RobustnessTests {
    @Test func emptyFile() {
        let d = diagnostics("")
        #expect(d.count == 1)
        #expect(d.first?.message == "empty scenario: there is no 'main:' block and no 'task' block")
    }

    @Test func binaryGarbageNeverCrashes() {
        var rng = SplitMix(seed: 7)
        for round in 0..<50 {
            let n = 50 + round * 40
            var bytes: [UInt8] = []
            for _ in 0..<n { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!diagnostics(text).isEmpty)
        }
        #expect(!diagnostics("\u{0}\u{0}\u{1}main:\u{0}").isEmpty)
    }

    @Test func randomTokenSoupNeverCrashes() {
        let pieces = ["main:", "\n", "    ", "(", ")", "[", "]", "sleep", "x", "=", ",", "\"a{", "}", "\"", "if", ":",
                      "spawn", "f(", "gather", "*", "**", "-", "1", "2ms", "for", "in", "try", "except", "\t", "#", "wait"]
        var rng = SplitMix(seed: 11)
        for _ in 0..<300 {
            var s = ""
            for _ in 0..<Int(rng.next() % 60) { s += pieces[Int(rng.next() % UInt64(pieces.count))] + (rng.next() % 3 == 0 ? " " : "") }
            _ = diagnostics(s)
        }
    }

    @Test func deepBracketsAreCapped() {
        let src = "main:\n    x = " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + "\n"
        let d = diagnostics(src)
        #expect(d.first?.message == "too deeply nested (more than 100 levels)")
        let lists = "main:\n    x = " + String(repeating: "[", count: 10_000) + "\n"
        #expect(!diagnostics(lists).isEmpty)
        let minus = "main:\n    x = " + String(repeating: "-", count: 10_000) + "1\n    y = " + String(repeating: "not ", count: 5_000) + "1\n"
        #expect(diagnostics(minus).first?.message == "too deeply nested (more than 100 levels)")
    }

    /// `1 + 1 + …` builds a tree as deep as the chain is long: a million terms crashed the checker
    /// (stack overflow). Chains longer than 1,000 operators are an error; 1,000 run through the
    /// whole pipeline, nested in brackets too.
    @Test func longOperatorChainsAreCapped() {
        let message = "expression too long (more than 1000 operators in a row)"
        func chain(_ item: String, _ op: String, _ n: Int) -> String {
            Array(repeating: item, count: n).joined(separator: op)
        }
        var chains: [String] = []
        chains.append(chain("1", " + ", 100_000))
        chains.append(chain("True", " and ", 100_000))
        chains.append(chain("x", " or ", 100_000))
        chains.append(chain("2", " * ", 100_000))
        chains.append("[1]" + String(repeating: "[0]", count: 100_000))
        chains.append(chain("1", " + ", 600) + " + (" + chain("1", " + ", 600) + ")")
        for c in chains {
            let d: [Diagnostic] = diagnostics("var x = 1\nmain:\n    y = " + c + "\n")
            #expect(d.map { $0.message } == [message])
        }
        var ok = "main:\n    x = " + String(repeating: "(", count: 90) + chain("1", " + ", 1_000)
        ok += String(repeating: ")", count: 90) + "\n    print x, " + chain("True", " and ", 1_000) + "\n"
        let trace = Sim.run(ok)
        #expect(OutputExport.render(trace).hasPrefix("1000 True"), "\(OutputExport.render(trace))")
        #expect(PythonExport.render(scenario(ok)!).contains("1 + 1 + 1"))
        #expect(diagnostics("main:\n    y = [0]" + String(repeating: "[0]", count: 999) + "\n").isEmpty)
    }

    @Test func deepIndentationIsCapped() {
        var src = "main:\n"
        for level in 1...2_000 {
            src += String(repeating: " ", count: level) + "if True:\n"
        }
        src += String(repeating: " ", count: 2_001) + "pass\n"
        let d = diagnostics(src)
        #expect(d.contains { $0.message == "too deeply nested (more than 100 levels)" })
    }

    @Test func moderateNestingIsFine() {
        let src = "main:\n    x = " + String(repeating: "[", count: 40) + "1" + String(repeating: "]", count: 40) + "\n"
        #expect(diagnostics(src).isEmpty)
    }

    @Test func threeErrorsReportedInOrder() {
        let src = """
        def fetch(u):
            slep 1
            return u
        main:
            x = fech("a")
            sleep 0.0000001s
        """
        let d = diagnostics(src)
        #expect(d.count == 3)
        #expect(d.map { "\($0.location.line):\($0.location.column) \($0.message)" } == [
            "2:5 unknown statement 'slep'",
            "5:9 undefined name 'fech'",
            "6:11 '0.0000001s' has more than 6 decimals of a second",
        ])
    }

    @Test func errorsAfterABadBlockHeaderAreStillFound() {
        let src = """
        main:
            if x y:
                slep 1
            for i in :
                pass
            print "ok
        """
        let d = diagnostics(src)
        #expect(d.map(\.location.line) == [2, 3, 4, 6])
    }

    @Test func unclosedBracketDoesNotSwallowTheFile() {
        let src = "main:\n    x = len(1,\n    sleep 1\n    slep 2\n"
        let d = diagnostics(src)
        #expect(d.map(\.message) == ["'(' was never closed", "unknown statement 'slep'"])
    }
}

@Suite struct RenderingTests {
    @Test func caretUnderTheName() {
        let src = "def fetch(u):\n    return u\nmain:\n    x = fech(\"a\")\n"
        let d = diagnostics(src)
        #expect(d.count == 1)
        #expect(d[0].rendered(path: "demo.txt", source: src) == """
        demo.txt:4:9: error: undefined name 'fech'
              x = fech("a")
                  ^^^^
          hint: did you mean 'fetch'?

        """)
    }

    @Test func caretWithMultiByteCharacters() {
        let src = "main:\n    print \"é\", zzzz\n"
        let d = diagnostics(src)
        #expect(d.first?.rendered(path: "p", source: src) == """
        p:2:16: error: undefined name 'zzzz'
              print "é", zzzz
                         ^^^^

        """)
    }

    /// Wide characters (CJK, emoji) take two terminal columns and a combining accent none: the
    /// caret counted Unicode scalars, so it stood left of the error on such a line.
    @Test func caretAfterWideAndCombiningCharacters() {
        let src = "main:\n    print \"日本🎉\", zzzz\n    print \"e\u{301}\", yyyy\n    x = 1 + 日\n"
        let d = diagnostics(src)
        let rendered = Diagnostic.render(d, path: "p", source: src)
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "p:2:18: error: undefined name 'zzzz'")
        // "  " + `    print "` (11 columns) + 日本🎉 (6 columns) + `", ` (3 columns).
        #expect(lines[2] == String(repeating: " ", count: 2 + 11 + 6 + 3) + "^^^^")
        #expect(lines[3] == "p:3:17: error: undefined name 'yyyy'")
        // The combining accent takes no column: `    print "é", ` is 15 columns.
        #expect(lines[5] == String(repeating: " ", count: 2 + 15) + "^^^^")
        #expect(lines[6] == "p:4:13: error: unexpected character '日'")
        // A wide character is marked by two carets.
        #expect(lines[8] == String(repeating: " ", count: 2 + 12) + "^^")
    }

    /// A long line is shown as a window around the caret, and a message quoting a huge literal
    /// keeps only the ends of it (a 5 MB line was printed whole, once per error).
    @Test func longLinesAreWindowed() {
        let src = "main:\n    x = " + String(repeating: "1", count: 300) + " + 1 + zzzz + " + String(repeating: "2 + ", count: 60) + "2\n"
        let d = diagnostics(src)
        #expect(d.map(\.message) == ["integer literal '11111111111111111111…1111111111' is too large",
                                      "undefined name 'zzzz'"])
        let r = Diagnostic.render(d, path: "p", source: src)
        #expect(r == """
        p:2:9: error: integer literal '11111111111111111111…1111111111' is too large
              x = 1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111…
                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          hint: integers in a scenario must fit in 64 bits
        p:2:316: error: undefined name 'zzzz'
          …111111111111111111111111111111111 + 1 + zzzz + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2…
                                                   ^^^^

        """)
    }

    /// All errors are rendered from one split of the source: 20,000 errors took minutes.
    @Test(.timeLimit(.minutes(1))) func manyErrorsRenderFast() {
        let src = "main:\n" + String(repeating: "    slep 1\n", count: 20_000)
        let d = diagnostics(src)
        #expect(d.count == 20_000)
        let r = Diagnostic.render(d, path: "p", source: src)
        #expect(r.hasSuffix("p:20001:5: error: unknown statement 'slep'\n      slep 1\n      ^^^^\n  hint: did you mean 'sleep'?\n"))
    }

    @Test func summaryLine() throws {
        let s = try #require(scenario("lock l\nsemaphore s 2\nqueue q\ndef a():\n    pass\ndef b():\n    pass\ntask t:\n    a()\n"))
        #expect(ScenarioSummary.line(for: s) == "ok: 1 task, 2 defs, 3 resources (1 lock, 1 semaphore, 1 queue)")
    }
}

/// A tiny deterministic generator for fuzz-style tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Test func wordCodesMatchReservedWords() {
    #expect(Set(Word.allWords.map(\.rawValue)) == Keywords.reserved)
    #expect(Word.allWords.count == Set(Word.allWords).count)
    for w in Keywords.reserved {
        let bytes = Array(w.utf8)
        #expect(Word.lookup(bytes, 0, bytes.count).rawValue == w)
        #expect(Token(.name(w), at: .init(line: 1, column: 1), length: 1).word.rawValue == w)
    }
    for w in ["x", "sleeps", "Main", "tru", "i", "return_exceptions", "nonlocals"] {
        let bytes = Array(w.utf8)
        #expect(Word.lookup(bytes, 0, bytes.count) == .other)
    }
}

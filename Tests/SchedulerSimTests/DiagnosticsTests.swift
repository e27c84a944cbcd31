import Testing
@testable import SchedulerSim

/// One invalid scenario and the first error it must give.
struct BadCase: CustomTestStringConvertible, Sendable {
    let source: String
    let line: Int
    let column: Int
    let message: String
    let hint: String?
    init(_ source: String, _ line: Int, _ column: Int, _ message: String, hint: String? = nil) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }
    var testDescription: String { message }
}

/// `main:` with the given body lines (each indented by four spaces); the body starts on line 2.
func inMain(_ lines: String...) -> String {
    "main:\n" + lines.map { "    " + $0 + "\n" }.joined()
}

let badCases: [BadCase] = [
    // Lexer
    BadCase("main:\n\tsleep 1\n", 2, 1, "tab in indentation: indent with spaces"),
    BadCase("main:\n    if True:\n        pass\n  sleep 1\n", 4, 3, "unindent does not match any outer indentation level"),
    BadCase(inMain("print \"abc"), 2, 11, "unterminated string"),
    BadCase(inMain("print \"a{}b\""), 2, 13, "empty expression in '{}'"),
    BadCase(inMain("print \"a{x\""), 2, 13, "'{' is never closed in this string"),
    BadCase(inMain("print \"a}b\""), 2, 13, "single '}' is not allowed in a string", hint: "write '}}' for a literal brace"),
    BadCase(inMain("print \"a\\qb\""), 2, 13, "unknown escape sequence '\\q'"),
    BadCase(inMain("sleep 0.0000001s"), 2, 11, "'0.0000001s' has more than 6 decimals of a second"),
    BadCase(inMain("sleep 0.5us"), 2, 11, "'0.5us' has more than 6 decimals of a second"),
    BadCase(inMain("sleep 1.0005ms"), 2, 11, "'1.0005ms' has more than 6 decimals of a second"),
    BadCase(inMain("sleep 5h"), 2, 11, "unknown duration unit 'h' in '5h'"),
    BadCase(inMain("x = [1, 2", "sleep 1"), 2, 9, "'[' was never closed"),
    BadCase(inMain("x = 1)"), 2, 10, "unmatched ')'"),
    BadCase(inMain("x = (1]"), 2, 11, "']' does not match '(' on line 2"),
    BadCase(inMain("x = 1 $ 2"), 2, 11, "unexpected character '$'"),
    BadCase(inMain("x = 1 \u{0} 2"), 2, 11, "unexpected NUL byte"),
    // Old Mac line endings read as one long line ("expected end of line, found 'print'").
    BadCase("main:\r    print 1\r    print 2\r", 1, 6, "carriage return without a line feed: lines must end with \\n (or \\r\\n)",
            hint: "the file has old Mac line endings (CR): save it with Unix (LF) line endings"),
    BadCase(inMain("x = 99999999999999999999"), 2, 9, "integer literal '99999999999999999999' is too large"),
    // Parser
    BadCase(inMain("slep 1"), 2, 5, "unknown statement 'slep'", hint: "did you mean 'sleep'?"),
    BadCase(inMain("sleep = 1"), 2, 5, "'sleep' is a reserved word and cannot be used as a name"),
    BadCase("def f(queue):\n    pass\nmain:\n    pass\n", 1, 7, "'queue' is a reserved word and cannot be used as a name"),
    BadCase("var with = 1\nmain:\n    pass\n", 1, 5, "'with' is a reserved word and cannot be used as a name"),
    BadCase(inMain("for set in [1]:", "    pass"), 2, 9, "'set' is a reserved word and cannot be used as a name"),
    BadCase(inMain("x = [gather]"), 2, 10, "'gather' is a reserved word and cannot be used as a name"),
    BadCase("event e\nmain:\n    t = 1\n    done, pending = wait t first_complete\n", 4, 28,
            "unknown option 'first_complete' for 'wait'", hint: "did you mean 'first_completed'?"),
    BadCase("def f():\n    pass\nmain:\n    gather f() return_exception\n", 4, 16,
            "unknown option 'return_exception' for 'gather'", hint: "did you mean 'return_exceptions'?"),
    BadCase("queue q max_size 3\nmain:\n    pass\n", 1, 9, "unknown option 'max_size' for 'queue'", hint: "did you mean 'maxsize'?"),
    BadCase("def f():\n    pass\nmain:\n    x = wait_for f() timout 1\n", 4, 22, "unknown option 'timout' for 'wait_for'", hint: "did you mean 'timeout'?"),
    BadCase(inMain("if True:", "pass"), 2, 5, "expected an indented block after 'if' on line 2"),
    BadCase("main:\n", 1, 1, "expected an indented block after 'main' on line 1"),
    BadCase(inMain("else:", "    pass"), 2, 5, "'else' without a matching 'if'"),
    BadCase(inMain("try:", "    pass", "sleep 1"), 2, 5, "'try' needs an 'except' or 'finally' clause"),
    BadCase(inMain("q = 1", "q.put(1)"), 3, 6, "'.' is not part of the language"),
    BadCase("def f(a):\n    pass\nmain:\n    f(a=1)\n", 4, 8, "keyword arguments are not supported"),
    BadCase("sleep 1\n", 1, 1, "'sleep' must be inside 'main:', a 'task' block or a 'def'"),
    BadCase("lok l\nmain:\n    pass\n", 1, 1, "unknown top-level form 'lok'", hint: "did you mean 'lock'?"),
    BadCase("async def f():\n    pass\nmain:\n    pass\n", 1, 1, "'async' is not needed: every def is a coroutine"),
    BadCase("main:\n    pass\nmain:\n    pass\n", 3, 1, "duplicate 'main:' block (the first is on line 1)"),
    BadCase("workers 0\nmain:\n    pass\n", 1, 9, "'workers' must be at least 1"),
    // A billion workers took the memory (an abort, or an empty timeline).
    BadCase("workers 1000000000\nmain:\n    pass\n", 1, 9, "'workers' is at most 10000"),
    BadCase(inMain("x = 1 = 2"), 2, 11, "chained assignment is not supported"),
    BadCase("def f():\n    sleep 1\nmain:\n    x = wait_for f()\n", 4, 21, "'wait_for' needs a timeout",
            hint: "write: wait_for f(…) timeout 2s"),
    BadCase(inMain("None = 1"), 2, 5, "cannot assign to None"),
    BadCase(inMain("True = 1"), 2, 5, "cannot assign to True"),
    // Python habits: one clear error each.
    BadCase(inMain("x = 1", "x += 1"), 3, 7, "augmented assignment '+=' is not supported", hint: "write: x = x + …"),
    BadCase(inMain("x = [1]", "x[0] //= 2"), 3, 10, "augmented assignment '//=' is not supported"),
    BadCase("lock l\nmain:\n    with l as f:\n        pass\n", 3, 12, "'with' takes no 'as'",
            hint: "'with' takes a lock or a semaphore: with NAME:"),
    BadCase(inMain("x = (1, 2)"), 2, 11, "tuples are not supported"),
    BadCase(inMain("import asyncio"), 2, 5, "'import' is not part of the scenario language",
            hint: "nothing needs importing: asyncio is built in"),
    BadCase(inMain("1 + 2"), 2, 5, "this expression does nothing on its own"),
    BadCase(inMain("print \"{1 +}\""), 2, 16, "expected an expression, found the end of '{…}'"),
    // Checker
    BadCase("def fetch(u):\n    return u\nmain:\n    x = fech(1)\n", 4, 9, "undefined name 'fech'", hint: "did you mean 'fetch'?"),
    BadCase(inMain("print total"), 2, 11, "undefined name 'total'"),
    BadCase(inMain("x = true"), 2, 9, "undefined name 'true'", hint: "did you mean 'True'?"),
    BadCase(inMain("sleep -1"), 2, 11, "negative duration '-1' for 'sleep'"),
    BadCase(inMain("sleep -200ms"), 2, 11, "negative duration '-200ms' for 'sleep'"),
    BadCase(inMain("cpu \"slow\""), 2, 9, "'cpu' needs a duration, not a string"),
    BadCase("lock l\nmain:\n    put l 1\n", 3, 9, "'put' needs a queue, but 'l' is a lock"),
    BadCase("queue q\nmain:\n    with q:\n        pass\n", 3, 10, "'with' needs a lock or a semaphore, but 'q' is a queue"),
    BadCase("event e\nmain:\n    with e:\n        pass\n", 3, 10, "'with' needs a lock or a semaphore, but 'e' is an event"),
    BadCase("event e\nmain:\n    acquire e\n", 3, 13, "'acquire' needs a lock or a semaphore, but 'e' is an event"),
    BadCase("lock l\nmain:\n    set l\n", 3, 9, "'set' needs an event, but 'l' is a lock"),
    BadCase("lock l\nmain:\n    wait l\n", 3, 10, "'wait' needs an event, but 'l' is a lock"),
    BadCase("semaphore s 2\nmain:\n    x = get s\n", 3, 13, "'get' needs a queue, but 's' is a semaphore"),
    BadCase("lock l\nmain:\n    l()\n", 3, 5, "'l' is a lock, not a function"),
    BadCase("lock l\nmain:\n    l = 1\n", 3, 5, "cannot assign to 'l': it is a lock (line 1)"),
    BadCase(inMain("t = spawn len([1])"), 2, 15, "'spawn' needs a call of a def, but 'len' is a built-in function"),
    BadCase(inMain("t = spawn 3"), 2, 15, "'spawn' needs a call of a def"),
    BadCase("def f(a):\n    pass\nmain:\n    f(1, 2)\n", 4, 5, "'f' takes 1 argument but 2 were given"),
    BadCase(inMain("x = len()"), 2, 9, "'len' takes 1 argument but 0 were given"),
    BadCase(inMain("x = range(1, 2, 3, 4)"), 2, 9, "'range' takes 1 to 3 arguments but 4 were given"),
    BadCase(inMain("x = randint(1)"), 2, 9, "'randint' takes 2 arguments but 1 was given"),
    BadCase(inMain("x = now(1)"), 2, 9, "'now' takes no arguments but 1 was given"),
    BadCase(inMain("x = min()"), 2, 9, "'min' takes at least 1 argument but 0 were given"),
    BadCase(inMain("x = round(1, 2, 3)"), 2, 9, "'round' takes 1 to 2 arguments but 3 were given"),
    BadCase(inMain("x = 1", "y = x(2)"), 3, 9, "'x' is a variable, not a function"),
    BadCase("def f():\n    pass\nmain:\n    x = f\n", 4, 9, "'f' is a def: call it"),
    BadCase("def f():\n    pass\ndef f():\n    pass\nmain:\n    pass\n", 3, 1, "'f' is already defined as a def on line 1"),
    BadCase("lock a\nevent a\nmain:\n    pass\n", 2, 1, "'a' is already defined as a lock on line 1"),
    BadCase("var n = 1\nqueue n\nmain:\n    pass\n", 2, 1, "'n' is already defined as a variable on line 1"),
    BadCase("def f(a, a):\n    pass\nmain:\n    pass\n", 1, 10, "duplicate parameter 'a' in def 'f'"),
    BadCase("task a:\n    pass\ntask a:\n    pass\n", 3, 1, "duplicate task 'a' (the first is on line 1)"),
    BadCase(inMain("break"), 2, 5, "'break' outside a loop"),
    BadCase(inMain("if True:", "    continue"), 3, 9, "'continue' outside a loop"),
    BadCase("task a:\n    pass\nmain:\n    pass\n", 3, 1, "a scenario has either a 'main:' block or 'task' blocks, not both"),
    BadCase("", 1, 1, "empty scenario: there is no 'main:' block and no 'task' block"),
    BadCase("title \"x\"\n# nothing else\n", 1, 1, "empty scenario: there is no 'main:' block and no 'task' block"),
    BadCase("def f():\n    pass\nmain:\n    done, pending = wait f()\n", 4, 26, "'wait' needs tasks, but 'f(…)' is a coroutine",
            hint: "use spawn: 'spawn f(…)' makes a task (asyncio.wait raises TypeError for coroutines)"),
    BadCase("def f(u):\n    pass\nmain:\n    done, pending = wait *[f(u) for u in [1]]\n", 4, 28, "'wait' needs tasks, but 'f(…)' is a coroutine"),
    BadCase(inMain("xs = [1]", "x = *xs"), 3, 9, "'*' is only allowed in the items of gather, wait and as_completed"),
    BadCase(inMain("raise"), 2, 5, "bare 'raise' outside an 'except' block"),
    BadCase(inMain("raise err"), 2, 11, "undefined name 'err'"),
    BadCase(inMain("try:", "    pass", "except valueerror:", "    pass"), 4, 12, "'valueerror' is not an exception name"),
    BadCase("semaphore s -1\nmain:\n    pass\n", 1, 13, "a semaphore size cannot be negative ('-1')"),
    BadCase("def f():\n    pass\nvar x = f()\nmain:\n    pass\n", 3, 9, "a def cannot be called in the value of a var or a resource"),
    BadCase("queue q\nmain:\n    put q\n", 3, 10, "'put' needs a value"),
    BadCase(inMain("x = 1", "cancel \"t\""), 3, 12, "'cancel' needs a task, not a string"),
    // Python habits with the options of gather / wait / wait_for / as_completed: they said
    // "undefined name 'return_exceptions'", "tuples are not supported" or "chained assignment".
    BadCase("def f():\n    pass\nmain:\n    xs = gather f(), f(), return_exceptions\n", 4, 27,
            "'return_exceptions' is an option of 'gather', not an item",
            hint: "options follow the last item, without a comma: gather a, b return_exceptions"),
    BadCase("def f():\n    pass\nmain:\n    xs = gather(f(), f(), return_exceptions=True)\n", 4, 27,
            "keyword arguments are not part of the language ('return_exceptions=')",
            hint: "options follow the last item, without a comma: gather a, b return_exceptions"),
    BadCase("def f():\n    pass\nmain:\n    xs = gather f(), f() return_exceptions=True\n", 4, 26,
            "keyword arguments are not part of the language ('return_exceptions=')",
            hint: "the option alone turns it on: gather a, b return_exceptions"),
    BadCase("def f():\n    pass\nmain:\n    t = spawn f()\n    done, p = wait t, first_completed\n", 5, 23,
            "'first_completed' is an option of 'wait', not an item",
            hint: "the mode follows the last item, without a comma: wait a, b first_completed"),
    BadCase("def f():\n    pass\nmain:\n    t = spawn f()\n    done, p = wait(t, return_when=FIRST_COMPLETED)\n", 5, 23,
            "keyword arguments are not part of the language ('return_when=')",
            hint: "the mode follows the last item, without a comma: wait a, b first_completed"),
    BadCase("def f():\n    pass\nmain:\n    t = spawn f()\n    done, p = wait t, timeout=1\n", 5, 23,
            "keyword arguments are not part of the language ('timeout=')", hint: "write: wait a, b timeout 2s"),
    BadCase("def f():\n    pass\nmain:\n    x = wait_for(f(), timeout=1)\n", 4, 23,
            "keyword arguments are not part of the language ('timeout=')", hint: "write: wait_for f(…) timeout 2s"),
    BadCase("def f():\n    pass\nmain:\n    x = wait_for(f(), 1)\n", 4, 23,
            "the timeout of 'wait_for' is an option, not an argument", hint: "write: wait_for f(…) timeout 2s"),
    BadCase("def f():\n    pass\nmain:\n    t = spawn f()\n    for r in as_completed t, timeout=1:\n        pass\n", 5, 30,
            "keyword arguments are not part of the language ('timeout=')", hint: "write: as_completed a, b timeout 2s"),
]

@Test("invalid scenarios report line, column and message", arguments: badCases)
func invalidScenario(_ c: BadCase) {
    let d = diagnostics(c.source)
    guard let first = d.first else {
        Issue.record("no error for:\n\(c.source)")
        return
    }
    #expect(first.location.line == c.line, "\(first.message)")
    #expect(first.location.column == c.column, "\(first.message)")
    #expect(first.message == c.message)
    if let hint = c.hint { #expect(first.hint == hint) }
}

@Test func countOfInvalidCases() {
    #expect(badCases.count >= 45)
}

/// A bracket never closed gives one error, at the bracket: not a second one at the ')' the lexer
/// supplies to go on (which would point past the end of the file).
@Test(arguments: ["main:\n    x = (1 +", "main:\n    x = (1 +\n", "main:\n    x = [1, 2 *\n    sleep 1\n"])
func unclosedBracketGivesOneError(_ source: String) {
    let d = diagnostics(source)
    #expect(d.count == 1, "\(d.map(\.message))")
    #expect(d.first?.message.hasSuffix("was never closed") == true)
    #expect(d.first?.location.line == 2)
}

/// An indented top-level form gives the one "unexpected indent" error (it also said the scenario
/// was empty and that 'main' is a reserved word).
@Test(arguments: ["    main:\n        pass\n", "lock l\n  event e\nmain:\n    wait e\n", "title \"x\"\n    sleep 1\nmain:\n    pass\n"])
func indentedTopLevelFormGivesOneError(_ source: String) {
    let d = diagnostics(source)
    #expect(d.map(\.message) == ["unexpected indent"])
}

/// `print(f"…")` gave a second error at the string after the 'f'.
@Test func fPrefixGivesOneError() {
    #expect(diagnostics(inMain("print(f\"hi {1}\")")).map(\.message) == ["no 'f' prefix is needed: every string interpolates {…}"])
}

import Testing
@testable import SchedulerSim

@Suite struct ExpressionShapeTests {
    @Test(arguments: [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        ("-2 ** 2", "(- (** 2 2))"),
        ("2 ** -1", "(** 2 (- 1))"),
        ("2 ** 3 ** 2", "(** 2 (** 3 2))"),
        ("7 // 2 % 3 / 1", "(/ (% (// 7 2) 3) 1)"),
        ("1 - 2 - 3", "(- (- 1 2) 3)"),
        ("not 1 == 2", "(not (cmp 1 == 2))"),
        ("1 < 2 <= 3 != 4", "(cmp 1 < 2 <= 3 != 4)"),
        ("1 in [1] and 2 not in [1]", "(and (cmp 1 in [1]) (cmp 2 not in [1]))"),
        ("none is none or 1 is not none", "(or (cmp None is None) (cmp 1 is not None))"),
        ("True and not False or True", "(or (and True (not False)) True)"),
        ("[1, 2, 3][0]", "(index [1 2 3] 0)"),
        ("[[1], [2]][0][0]", "(index (index [[1] [2]] 0) 0)"),
        ("[x * 2 for x in range(3) if x > 0]", "(comp (* x 2) x (call range 3) if (cmp x > 0))"),
        ("[a + b for a, b in [[1, 2]]]", "(comp (+ a b) (a, b) [[1 2]])"),
        ("[]", "[]"),
        ("[1, 2,]", "[1 2]"),
        ("len([1]) + abs(-1)", "(+ (call len [1]) (call abs (- 1)))"),
        ("200ms", "(dur 200ms 0.2)"),
        ("2s", "(dur 2s 2.0)"),
        ("500us", "(dur 500us 0.0005)"),
        ("1.5s", "(dur 1.5s 1.5)"),
        ("0.000001s", "(dur 0.000001s 1e-06)"),
        ("1_000", "1000"),
        ("2.5", "2.5"),
        ("1e3", "1000.0"),
        ("\"a\\n\\t\\\\\\\"b\"", "(str \"a\n\t\\\"b\")"),
        ("\"{1 + 2}!\"", "(str {(+ 1 2)} \"!\")"),
        ("\"{now():.3f} s\"", "(str {(call now):.3f} \" s\")"),
        ("\"{{literal}} {[1][0]:>5}\"", "(str \"{literal} \" {(index [1] 0):>5})"),
        ("'single'", "(str \"single\")"),
        ("\"\"", "(str)"),
    ])
    func shape(_ source: String, _ expected: String) {
        #expect(exprAST(source) == expected)
    }

    @Test func spawnWithLabelInComprehension() {
        let prelude = "def fetch(u):\n    return u\n"
        #expect(exprAST("[spawn fetch(u) as \"get {u}\" for u in [\"/a\", \"/b\"]]", prelude: prelude)
            == "(comp (spawn (call fetch u) as (str \"get \" {u})) u [(str \"/a\") (str \"/b\")])")
        #expect(exprAST("spawn fetch(1)", prelude: prelude) == "(spawn (call fetch 1))")
    }

    @Test func interpolationLocations() throws {
        let s = try #require(scenario("main:\n    x = 1\n    print \"ab{x + 1}\"\n"))
        guard case .print(let args) = s.main![1].kind, case .string(let parts) = args[0].kind,
              case .interpolation(let e, _) = parts[1] else {
            Issue.record("wrong shape")
            return
        }
        #expect(e.loc == SourceLocation(line: 3, column: 15))
        guard case .binary(_, _, let rhs) = e.kind else { return }
        #expect(rhs.loc == SourceLocation(line: 3, column: 19))
    }

    @Test func durationValues() {
        let (kinds, d) = tokenKinds("200ms 2s 500us 1.5s 0.1s 3ms 1.000000s")
        #expect(d.isEmpty)
        let values = kinds.compactMap { k -> Double? in if case .duration(let v, _) = k { return v } else { return nil } }
        #expect(values == [0.2, 2.0, 0.0005, 1.5, 0.1, 0.003, 1.0])
    }
}

@Suite struct StatementShapeTests {
    static let prelude = """
    lock l
    semaphore sem 3
    event ev
    queue q
    queue bq maxsize 2
    var total = 0
    def f(a):
        return a
    def g():
        sleep 1

    """

    @Test(arguments: [
        ("sleep 1", "sleep 1"),
        ("sleep 200ms", "sleep (dur 200ms 0.2)"),
        ("cpu 0.5", "cpu 0.5"),
        ("x = to_thread 2s", "x = (to_thread (dur 2s 2.0))"),
        ("to_thread 1", "(to_thread 1)"),
        ("print 1, \"a\"", "print 1, (str \"a\")"),
        ("print(1, 2)", "print 1, 2"),
        ("print (1 + 2) * 3", "print (* (+ 1 2) 3)"),
        ("print", "print "),
        ("f(1)", "(call f 1)"),
        ("x = f(1)", "x = (call f 1)"),
        ("t = spawn f(1)", "t = (spawn (call f 1))"),
        ("t = spawn f(1) as \"label\"", "t = (spawn (call f 1) as (str \"label\"))"),
        ("spawn g() as \"bg\"", "(spawn (call g) as (str \"bg\"))"),
        ("t = spawn g()\nx = await t", "t = (spawn (call g))\nx = (await t)"),
        ("t = spawn g()\nawait t", "t = (spawn (call g))\n(await t)"),
        ("xs = gather f(1), g()", "xs = (gather (call f 1) (call g))"),
        ("ts = [spawn g()]\nxs = gather *ts, f(2) return_exceptions",
         "ts = [(spawn (call g))]\nxs = (gather *ts (call f 2) return_exceptions)"),
        ("gather g(), g()", "(gather (call g) (call g))"),
        ("t = spawn g()\ndone, pending = wait t", "t = (spawn (call g))\n(done, pending) = (wait t all_completed)"),
        ("a = spawn g()\nb = spawn g()\ndone, pending = wait a, b first_completed timeout 2",
         "a = (spawn (call g))\nb = (spawn (call g))\n(done, pending) = (wait a b first_completed timeout 2)"),
        ("ts = []\ndone, pending = wait *ts first_exception", "ts = []\n(done, pending) = (wait *ts first_exception)"),
        ("a = spawn g()\nwait a, a", "a = (spawn (call g))\n(wait a a all_completed)"),
        ("wait ev", "wait_event ev"),
        ("x = wait_for f(1) timeout 2s", "x = (wait_for (call f 1) timeout (dur 2s 2.0))"),
        ("t = spawn g()\nwait_for t timeout 1", "t = (spawn (call g))\n(wait_for t timeout 1)"),
        ("x = get q", "x = (get q)"),
        ("get q", "(get q)"),
        ("put q 1 + 2", "put q (+ 1 2)"),
        ("put bq -1", "put bq (- 1)"),
        ("task_done q\njoin q", "task_done q\njoin q"),
        ("set ev\nclear ev", "set ev\nclear ev"),
        ("acquire l\nrelease l", "acquire l\nrelease l"),
        ("acquire sem\nrelease sem", "acquire sem\nrelease sem"),
        ("xs = []\nappend xs 1", "xs = []\nappend xs 1"),
        ("t = spawn g()\ncancel t", "t = (spawn (call g))\ncancel t"),
        ("x = 1 + 2", "x = (+ 1 2)"),
        ("xs = [0]\nxs[0] = 5", "xs = [0]\n(index xs 0) = 5"),
        ("a, b = [1, 2]", "(a, b) = [1 2]"),
        ("total = total + 1", "total = (+ total 1)"),
        ("for x in as_completed f(1), g() timeout 3:\n    print x",
         "for x in as_completed (call f 1) (call g) timeout 3:\n  print x"),
        ("for x in range(3):\n    print x", "for x in (call range 3):\n  print x"),
        ("for a, b in [[1, 2]]:\n    print a", "for (a, b) in [[1 2]]:\n  print a"),
        ("repeat 3:\n    sleep 1", "repeat 3:\n  sleep 1"),
        ("forever:\n    break", "forever:\n  break"),
        ("while total < 3:\n    continue", "while (cmp total < 3):\n  continue"),
        ("if total:\n    pass\nelif total > 1:\n    pass\nelse:\n    pass",
         "if total:\n  pass\nelif (cmp total > 1):\n  pass\nelse:\n  pass"),
        ("if total: pass", "if total:\n  pass"),
        ("timeout 2s:\n    sleep 3", "timeout (dur 2s 2.0):\n  sleep 3"),
        ("taskgroup:\n    spawn g()\n    spawn g()", "taskgroup:\n  (spawn (call g))\n  (spawn (call g))"),
        ("with l:\n    total = 1", "with l:\n  total = 1"),
        ("with sem:\n    pass", "with sem:\n  pass"),
        ("raise ValueError \"bad\"", "raise ValueError (str \"bad\")"),
        ("raise ValueError(\"bad\")", "raise ValueError (str \"bad\")"),
        ("raise MyError", "raise MyError"),
        ("raise Boom()", "raise Boom"),
        ("return", "return"),
        ("return 1", "return 1"),
        ("pass", "pass"),
    ])
    func shape(_ body: String, _ expected: String) {
        #expect(mainAST(body, prelude: Self.prelude) == expected)
    }

    @Test func tryExceptElseFinally() {
        let body = """
        try:
            x = wait_for g() timeout 1
        except TimeoutError:
            print "timeout"
        except (ValueError, KeyError) as e:
            raise e
        except CancelledError as c:
            raise
        except:
            pass
        else:
            print "ok"
        finally:
            print "done"
        """
        #expect(mainAST(body, prelude: Self.prelude) == """
        try:
          x = (wait_for (call g) timeout 1)
        except (TimeoutError):
          print (str "timeout")
        except (ValueError KeyError) as e:
          raise e
        except (CancelledError) as c:
          raise
        except:
          pass
        else:
          print (str "ok")
        finally:
          print (str "done")
        """)
    }

    @Test func nestedBlocks() {
        let body = """
        taskgroup:
            for i in range(2):
                if i == 0:
                    with l:
                        timeout 1:
                            repeat 2:
                                sleep 0
                else:
                    spawn f(i) as "child {i}"
        """
        #expect(mainAST(body, prelude: Self.prelude) == """
        taskgroup:
          for i in (call range 2):
            if (cmp i == 0):
              with l:
                timeout 1:
                  repeat 2:
                    sleep 0
            else:
              (spawn (call f i) as (str "child " {i}))
        """)
    }

    @Test func implicitLineJoining() {
        let body = """
        xs = gather(
            f(1),
            f(2),
        )
        ys = [
          1,
            2]
        """
        #expect(mainAST(body, prelude: Self.prelude) == "xs = (gather (call f 1) (call f 2))\nys = [1 2]")
    }

    @Test func topLevelForms() throws {
        let src = """
        # a comment
        title "Gather"   # trailing comment
        note "one"
        note "two # not a comment"
        seed 42
        until 10s
        workers 2
        var urls = ["/a", "/b"]
        lock l
        semaphore sem 3
        event ev
        queue q
        queue bq maxsize 2
        def fetch(u, delay):
            sleep delay
            return "Data from {u}"
        task producer:
            put q 1
        task consumer:
            x = get q
        """
        let s = try #require(scenario(src))
        #expect(s.title == "Gather")
        #expect(s.notes == ["one", "two # not a comment"])
        #expect(s.seed == 42)
        #expect(s.until == 10)
        #expect(s.workers == 2)
        #expect(s.vars.map(\.name) == ["urls"])
        #expect(s.resources.map(\.name) == ["l", "sem", "ev", "q", "bq"])
        #expect(s.resources.map(\.kind) == [.lock, .semaphore, .event, .queue, .queue])
        #expect(s.resources[1].size.map(ASTPrinter.expr) == "3")
        #expect(s.resources[3].size == nil)
        #expect(s.resources[4].size.map(ASTPrinter.expr) == "2")
        #expect(s.defs.map(\.name) == ["fetch"])
        #expect(s.defs[0].params.map(\.name) == ["u", "delay"])
        #expect(s.defs[0].params[1].loc == SourceLocation(line: 14, column: 14))
        #expect(s.tasks.map(\.name) == ["producer", "consumer"])
        #expect(s.main == nil)
        #expect(ScenarioSummary.line(for: s)
            == "ok: 2 tasks, 1 def, 5 resources (1 lock, 1 semaphore, 1 event, 2 queues), 1 var — Gather")
    }

    @Test func statementLocations() throws {
        let s = try #require(scenario("main:\n    x = 1\n    if x:\n        print   x\n"))
        let main = try #require(s.main)
        #expect(main[0].loc == SourceLocation(line: 2, column: 5))
        guard case .ifChain(let arms, _) = main[1].kind else { return }
        #expect(arms[0].1[0].loc == SourceLocation(line: 4, column: 9))
        guard case .print(let args) = arms[0].1[0].kind else { return }
        #expect(args[0].loc == SourceLocation(line: 4, column: 17))
    }

    @Test func returnIsAllowedInMainAndTasks() {
        #expect(diagnostics("main:\n    return 1\n").isEmpty)
        #expect(diagnostics("task a:\n    return\n").isEmpty)
    }

    @Test func scopingRules() {
        // Comprehension variables, except bindings, shadowing a built-in, shared vars.
        let src = """
        var counter = 0
        def bump():
            counter = counter + 1
        main:
            xs = [i for i in range(3)]
            try:
                raise ValueError "x"
            except ValueError as e:
                print e
            done, pending = wait *[spawn bump() for i in xs]
            print done, pending
            bump()
        """
        #expect(diagnostics(src).isEmpty)
        // A comprehension's variable does not leak out.
        let leak = diagnostics("main:\n    xs = [i for i in [1]]\n    print i\n")
        #expect(leak.map(\.message) == ["undefined name 'i'"])
        // Locals of one def are not visible in another block.
        let other = diagnostics("def f():\n    y = 1\nmain:\n    print y\n")
        #expect(other.map(\.message) == ["undefined name 'y'"])
    }
}

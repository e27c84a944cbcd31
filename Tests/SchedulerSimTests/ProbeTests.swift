import Testing
@testable import SchedulerSim

@Test func probe() {
    let src = """
    title "Gather"
    note "three fetches"
    var total = 0
    lock l
    semaphore sem 3
    queue q maxsize 2
    event ev
    def fetch(u):
        sleep 1s
        return "Data from {u}"
    main:
        xs = gather fetch("/a"), fetch("/b")
        t = spawn fetch("/c") as "bg"
        done, pending = wait t first_completed timeout 2
        print "{total:>5} {{x}}", -2**2
        for r in as_completed *[spawn fetch(u) for u in ["a", "b"]] timeout 1:
            print r
        try:
            x = wait_for fetch("x") timeout 200ms
        except (TimeoutError, ValueError) as e:
            raise e
        finally:
            pass
        if 1 < total <= 3 and not total in [1] or total is not none:
            with l:
                total = total + 1
        wait ev
    """
    let d = diagnostics(src)
    for x in d { print(x.rendered(path: "p", source: src)) }
    if let s = scenario(src) { print(ASTPrinter.block(s.main!, indent: 0)); print(ScenarioSummary.line(for: s)) }
}

#!/usr/bin/env python3
"""Random asyncviz scenarios for the conformance suite.

    python3 Tests/conformance/gen.py --seed S --count N --out DIR     # writes DIR/s<S>_<i>.txt

Seeded and reproducible: scenario i of seed S depends only on (S, i) (and this file).  Every
program is valid, small (about 40 lines, at most about 10 tasks) and ends quickly: loops are
bounded, `forever:` loops always await, and an `until` horizon bounds the rest.  Durations sit on
a coarse grid (multiples of 10 ms and 0.5 s) so that many events coincide: ties are where
scheduling bugs hide.  The constructs: sleep (incl. `sleep 0`), cpu, spawn/await, gather
(coroutines, tasks, *list, return_exceptions), wait (all modes, timeout), as_completed (with and
without timeout), wait_for, timeout blocks, cancel (before the first step, while sleeping, while
blocked), try/except/else/finally (incl. swallowing CancelledError), user exceptions, taskgroups
with failing children, locks, semaphores, events, bounded and unbounded queues with
task_done/join, to_thread with a small pool, shared vars, loops, prints with interpolation.
"""
import argparse
import os
import random

SHORT = ["0", "10ms", "20ms", "30ms", "0.01", "0.02", "50ms"]
MID = ["0.5", "1", "1.5", "500ms", "1s", "2", "0.25", "0.75"]
CPU = ["10ms", "20ms", "0.05", "0.1", "0.5", "200ms"]
FMT = ["", ":.1f", ":.2f", ":.3f", ":>6", ":<4", ":.3g", ":e", ":8.2f", ":+.1f", ":.0f", ":g"]
EXC = ["Boom", "Oops", "ValueError", "KeyError", "RuntimeError"]


class Gen:
    def __init__(self, rng):
        self.r = rng
        self.lines = []
        self.tasks = 0           # tasks spawned (approximate budget)
        self.defs = []           # (name, nparams, kind)
        self.resources = {}      # kind -> [names]
        self.vars = []
        self.workers = None
        self.excs = set()

    # ---- helpers ---------------------------------------------------------------------------
    def emit(self, level, text):
        self.lines.append("    " * level + text)

    def dur(self, short_bias=0.5):
        return self.r.choice(SHORT) if self.r.random() < short_bias else self.r.choice(MID)

    def pick(self, kind):
        xs = self.resources.get(kind)
        return self.r.choice(xs) if xs else None

    def exc(self):
        e = self.r.choice(EXC)
        self.excs.add(e)
        return e

    def fmt_value(self):
        """An interpolation: a value with a format spec that suits it."""
        c = self.r.randrange(6)
        if c == 0:
            return "{now()" + self.r.choice([":.2f", ":.3f", ":.1f", ""]) + "}"
        if c == 1 and self.vars:
            v = self.r.choice(self.vars)
            spec = self.r.choice(FMT) if v[1] == "num" else ""
            return "{" + v[0] + spec + "}"
        if c == 2:
            return "{" + self.r.choice(["0.1 + 0.2", "1 / 3", "2 ** 0.5", "7 // 2", "-7 % 3", "10 / 4", "1e16", "0.1 * 3", "2 ** 62"]) + self.r.choice(FMT[:3] + ["", ""]) + "}"
        if c == 3:
            return "{" + self.r.choice(["[1, 2.5, 'x']", "none", "True", "'a' + 'b'", "len([1, 2])", "str(1.0)", "round(2.675, 2)", "int(3.9)", "float(2)", "max(1, 2.0)", "abs(-3)", "min([4, 2])"]) + "}"
        return "{" + self.r.choice(["1.5", "0.25", "100", "-0.0", "3.0"]) + self.r.choice(FMT) + "}"

    # ---- statements in a def -----------------------------------------------------------------
    def simple(self, level, who, budget):
        """One or a few statements; returns the number of lines used."""
        r = self.r
        n0 = len(self.lines)
        c = r.randrange(16)
        if c <= 2:
            self.emit(level, f"sleep {self.dur()}")
        elif c == 3:
            self.emit(level, f"cpu {r.choice(CPU)}")
        elif c == 4:
            self.emit(level, f'print "{who} at {self.fmt_value()} {self.fmt_value()}"')
        elif c == 5 and self.vars:
            v, kind = r.choice(self.vars)
            if kind == "num":
                self.emit(level, f"{v} = {v} + {r.choice(['1', '0.1', '0.5', '2'])}")
            else:
                self.emit(level, f'append {v} "{who}"')
        elif c == 6 and self.pick("lock") and budget > 3:
            L = self.pick("lock")
            if r.random() < 0.7:
                self.emit(level, f"with {L}:")
                self.emit(level + 1, f'print "{who} holds {L}"')
                self.emit(level + 1, f"sleep {self.dur()}")
            else:
                self.emit(level, f"acquire {L}")
                self.emit(level, f"sleep {self.dur()}")
                self.emit(level, f"release {L}")
        elif c == 7 and self.pick("semaphore") and budget > 3:
            S = self.pick("semaphore")
            self.emit(level, f"with {S}:")
            self.emit(level + 1, f"sleep {self.dur()}")
            if r.random() < 0.5:
                self.emit(level + 1, f'print "{who} in {S} at {{now():.2f}}"')
        elif c == 8 and self.pick("event"):
            E = self.pick("event")
            self.emit(level, r.choice([f"wait {E}", f"set {E}", f"set {E}", f"clear {E}"]))
        elif c == 9 and self.workers:
            self.emit(level, f"{r.choice(['x = ', ''])}to_thread {r.choice(['0.5', '1', '0.02', '1.5', '0'])}")
        elif c == 10 and budget > 5:
            self.emit(level, "try:")
            self.emit(level + 1, f"sleep {self.dur()}")
            if r.random() < 0.5:
                self.emit(level + 1, f'raise {self.exc()} "{who} failed"')
            if r.random() < 0.5:
                self.emit(level, "except CancelledError:")
                self.emit(level + 1, f'print "{who} cancelled at {{now():.2f}}"')
                if r.random() < 0.6:
                    self.emit(level + 1, "raise")
                else:
                    self.emit(level + 1, f"return \"{who} swallowed\"")
            else:
                self.emit(level, f"except {r.choice(['Exception', 'Boom', '(Boom, Oops)', 'ValueError'])} as e:")
                self.excs.update(["Boom", "Oops"])
                self.emit(level + 1, f'print "{who} caught {{e}}"')
            if r.random() < 0.5:
                self.emit(level, "finally:")
                self.emit(level + 1, f'print "{who} cleanup at {{now():.2f}}"')
                if r.random() < 0.3:
                    self.emit(level + 1, f"sleep {self.dur()}")
        elif c == 11 and budget > 4:
            self.emit(level, f"timeout {r.choice(['0.5', '1', '0.02', '0', '2'])}:")
            self.emit(level + 1, f"sleep {self.dur(0.3)}")
            self.emit(level + 1, f'print "{who} made it"')
        elif c == 12 and self.pick("queue"):
            Q = self.pick("queue")
            if r.random() < 0.5:
                self.emit(level, f'put {Q} "{who}"')
            else:
                self.emit(level, f"item = get {Q}")
                self.emit(level, f'print "{who} got {{item}}"')
                self.emit(level, f"task_done {Q}")
        elif c == 13 and budget > 3:
            self.emit(level, f"repeat {r.randint(0, 3)}:")
            self.emit(level + 1, f"sleep {self.dur()}")
            if r.random() < 0.4:
                self.emit(level + 1, f'print "{who} tick {{now():.2f}}"')
        elif c == 14 and budget > 3:
            self.emit(level, f"if randint(0, {r.randint(1, 3)}) == 0:")
            self.emit(level + 1, f'raise {self.exc()} "{who} unlucky"')
            if r.random() < 0.4:
                self.emit(level, "else:")
                self.emit(level + 1, f"sleep {self.dur()}")
        else:
            self.emit(level, f"sleep {self.dur(0.7)}")
        return len(self.lines) - n0

    def body(self, level, who, budget):
        used = 0
        while used < budget:
            used += self.simple(level, who, budget - used)

    # ---- the program -------------------------------------------------------------------------
    def program(self):
        r = self.r
        if r.random() < 0.5:
            self.emit(0, f"seed {r.randint(0, 99)}")
        if r.random() < 0.3:
            self.emit(0, f"until {r.choice(['5', '10', '3s', '20'])}")
        if r.random() < 0.35:
            self.workers = r.randint(1, 3)
            self.emit(0, f"workers {self.workers}")
        if r.random() < 0.6:
            self.vars.append(("counter", "num"))
            self.emit(0, f"var counter = {r.choice(['0', '0.0', '10', '0.1'])}")
        if r.random() < 0.3:
            self.vars.append(("log", "list"))
            self.emit(0, "var log = []")
        if r.random() < 0.5:
            self.resources["lock"] = ["lk"]
            self.emit(0, "lock lk")
        if r.random() < 0.4:
            self.resources["semaphore"] = ["sem"]
            self.emit(0, f"semaphore sem {r.randint(1, 3)}")
        if r.random() < 0.4:
            self.resources["event"] = ["ev"]
            self.emit(0, "event ev")
        if r.random() < 0.4:
            self.resources["queue"] = ["q"]
            self.emit(0, "queue q" + (f" maxsize {r.randint(1, 2)}" if r.random() < 0.5 else ""))
        self.emit(0, "")
        ndefs = r.randint(1, 3)
        for i in range(ndefs):
            name = f"w{i}"
            self.emit(0, f"def {name}(n, d):")
            if r.random() < 0.5:
                self.emit(1, f"sleep d")
            self.body(1, f"{name}-{{n}}", r.randint(2, 6))
            if i > 0 and r.random() < 0.3:
                self.emit(1, f"x = w{i - 1}(n, d)")
            if r.random() < 0.2 and self.vars and self.vars[0][1] == "num":
                self.emit(1, f"return {self.vars[0][0]} * n")
            else:
                self.emit(1, f'return "{name}-{{n}}"' if r.random() < 0.7 else "return n * d")
            self.defs.append(name)
        if self.resources.get("queue") and r.random() < 0.6:
            self.queue_defs()
        self.extra_defs()
        self.emit(0, "")
        if r.random() < 0.15:
            self.task_blocks()
        else:
            self.main()
        excs = sorted(self.excs)
        return "\n".join(self.lines) + "\n", excs

    def queue_defs(self):
        Q = self.resources["queue"][0]
        self.emit(0, "def producer(k):")
        self.emit(1, "for i in range(k):")
        self.emit(2, f"sleep {self.dur()}")
        self.emit(2, f'put {Q} i')
        self.emit(2, f'print "put {{i}} at {{now():.2f}}"')
        self.emit(1, f"put {Q} none")
        self.emit(0, "def consumer(name):")
        self.emit(1, "forever:")
        self.emit(2, f"item = get {Q}")
        self.emit(2, "if item is none:")
        self.emit(3, f"task_done {Q}")
        if self.r.random() < 0.5:
            self.emit(3, f"put {Q} none")
        self.emit(3, "break")
        self.emit(2, f'print "{{name}} got {{item}} at {{now():.2f}}"')
        self.emit(2, f"sleep {self.dur()}")
        self.emit(2, f"task_done {Q}")
        self.defs.append("producer")

    def extra_defs(self):
        """Helpers that block, swallow cancellation, gather, tick or offload: the targets of the
        main's `chaos` steps."""
        r = self.r
        self.extras = []
        if r.random() < 0.5:
            self.extras.append("stubborn")
            self.emit(0, "def stubborn(n):")
            self.emit(1, "try:")
            self.emit(2, f"sleep {self.dur(0.3)}")
            self.emit(1, "except CancelledError:")
            self.emit(2, 'print "stubborn-{n} ignores the cancel at {now():.2f}"')
            if r.random() < 0.5:
                self.emit(2, f"sleep {self.dur()}")
            self.emit(2, 'return "stubborn-{n} survived"')
            self.emit(1, 'return "stubborn-{n} done"')
        if r.random() < 0.5:
            self.extras.append("gatherer")
            self.emit(0, "def gatherer(n):")
            self.emit(1, "try:")
            self.emit(2, f"rs = gather {self.call()}, {self.call()}" + (" return_exceptions" if r.random() < 0.4 else ""))
            self.emit(2, 'print "gatherer-{n}", rs')
            self.emit(1, "finally:")
            self.emit(2, 'print "gatherer-{n} leaves at {now():.2f}"')
            self.emit(1, "return n")
        if r.random() < 0.4:
            self.extras.append("heartbeat")
            self.emit(0, "def heartbeat(n):")
            self.emit(1, "forever:")
            self.emit(2, f"sleep {r.choice(['0.5', '0.25', '1', '0.1'])}")
            self.emit(2, 'print "beat {n} at {now():.2f}"')
        if self.pick("lock") and r.random() < 0.6:
            self.extras.append("locker")
            L = self.pick("lock")
            self.emit(0, "def locker(n):")
            self.emit(1, f"with {L}:")
            self.emit(2, 'print "locker-{n} has the lock at {now():.2f}"')
            self.emit(2, f"sleep {self.dur()}")
            self.emit(1, "return n")
        if self.pick("queue") and r.random() < 0.6:
            self.extras.append("getter")
            Q = self.pick("queue")
            self.emit(0, "def getter(n):")
            self.emit(1, "try:")
            self.emit(2, f"item = get {Q}")
            self.emit(2, 'print "getter-{n} got", item')
            self.emit(2, f"task_done {Q}")
            self.emit(1, "except CancelledError:")
            self.emit(2, 'print "getter-{n} cancelled"')
            self.emit(2, "raise")
            self.emit(1, "return item")
        if self.workers and r.random() < 0.6:
            self.extras.append("offload")
            self.emit(0, "def offload(n):")
            self.emit(1, f"to_thread {r.choice(['0.5', '1', '1.5', '0'])}")
            self.emit(1, 'print "offload-{n} back at {now():.2f}"')
            self.emit(1, "return n")
        if r.random() < 0.3:
            self.extras.append("nested")
            self.emit(0, "def nested(n):")
            self.emit(1, "taskgroup:")
            self.emit(2, f"spawn {self.call()}")
            self.emit(2, "taskgroup:")
            self.emit(3, f"spawn {self.call()}")
            self.emit(3, f"spawn {self.call()}" if r.random() < 0.5 else f"sleep {self.dur()}")
            self.emit(1, "return n")

    def chaos(self, spawned):
        """A step aimed at cancellation and blocking corner cases."""
        r = self.r
        if not self.extras:
            return False
        f = r.choice(self.extras)
        t = f"t{len(spawned)}"
        label = f' as "{f}{len(spawned)}"' if r.random() < 0.5 else ""
        self.emit(1, f"{t} = spawn {f}({len(spawned)}){label}")
        spawned.append(t)
        c = r.randrange(6)
        if c == 0:
            self.emit(1, f"cancel {t}")                       # before its first step
        elif c <= 2:
            self.emit(1, f"sleep {r.choice(['0', '0', '0.5', '10ms', '1', '0.25'])}")
            self.emit(1, f"cancel {t}")                       # while sleeping / blocked
            if r.random() < 0.3:
                self.emit(1, f"cancel {t}")
        elif c == 3:
            self.guarded(f"x = wait_for {t} timeout {r.choice(['0', '0.5', '1', '0.25'])}", ['print "wait_for task gave", x'])
        elif c == 4:
            self.emit(1, f"sleep {r.choice(['0', '0.5', '10ms'])}")
            self.guarded(f"x = await {t}", ['print "got", x'])
        # else: left running; main's end cancels it
        if r.random() < 0.3:
            self.emit(1, f'print "{t}:", done({t}), cancelled({t})')
        return True

    def call(self, i=None):
        r = self.r
        d = r.choice([x for x in self.defs if x.startswith("w")])
        n = r.randint(1, 9) if i is None else i
        return f"{d}({n}, {self.dur(0.3)})"

    def task_blocks(self):
        r = self.r
        for k in range(r.randint(2, 4)):
            self.emit(0, f"task t{k}:")
            self.body(1, f"t{k}", r.randint(2, 5))
            if r.random() < 0.5:
                self.emit(1, f"x = {self.call()}")

    def main(self):
        r = self.r
        self.emit(0, "main:")
        spawned = []
        used = 0
        if "producer" in self.defs and r.random() < 0.8:
            Q = self.resources["queue"][0]
            self.emit(1, f"c1 = spawn consumer(\"c1\")")
            self.emit(1, f"c2 = spawn consumer(\"c2\") as \"second\"")
            self.emit(1, f"producer({r.randint(1, 4)})")
            if r.random() < 0.5:
                self.emit(1, f"join {Q}")
                self.emit(1, f'print "joined at {{now():.2f}}"')
            if r.random() < 0.5:
                self.emit(1, "cancel c1")
            spawned += ["c1", "c2"]
        nsteps = r.randint(2, 5)
        for _ in range(nsteps):
            c = r.randrange(18)
            if c >= 14 and self.chaos(spawned):
                pass
            elif c <= 1:
                t = f"t{len(spawned)}"
                label = r.choice(["", f' as "job{len(spawned)}"', ' as "job {now():.1f}"'])
                self.emit(1, f"{t} = spawn {self.call()}{label}")
                spawned.append(t)
                if r.random() < 0.25:
                    self.emit(1, f"cancel {t}")
                elif r.random() < 0.3:
                    self.emit(1, f"sleep {self.dur()}")
                    self.emit(1, f"cancel {t}")
            elif c == 2:
                items = [self.call() for _ in range(r.randint(1, 3))]
                items += r.sample(spawned, min(len(spawned), r.randint(0, 2)))
                if r.random() < 0.4:
                    items.append(f"*[{self.r.choice([x for x in self.defs if x.startswith('w')])}(i, {self.dur()}) for i in range({r.randint(0, 3)})]")
                r.shuffle(items)
                rx = r.random() < 0.5
                self.guarded(f"rs = gather {', '.join(items)}{' return_exceptions' if rx else ''}", ["print rs"])
            elif c == 3 and spawned:
                ts = sorted(set(r.sample(spawned, min(len(spawned), r.randint(1, 3)))), key=lambda s: spawned.index(s))
                mode = r.choice(["", " first_completed", " first_exception", " all_completed"])
                to = r.choice(["", "", f" timeout {r.choice(['0.5', '1', '0', '0.02'])}"])
                self.emit(1, f"fin, pend = wait {', '.join(ts)}{mode}{to}")
                self.emit(1, 'print "done", [name(t) for t in fin], "pending", len(pend)')
                if r.random() < 0.5:
                    self.emit(1, "for t in pend:")
                    self.emit(2, "cancel t")
            elif c == 4:
                items = [self.call() for _ in range(r.randint(1, 3))] + r.sample(spawned, min(len(spawned), r.randint(0, 1)))
                to = r.choice(["", f" timeout {r.choice(['0.5', '1', '2'])}"])
                self.emit(1, "try:")
                self.emit(2, f"for x in as_completed {', '.join(items)}{to}:")
                self.emit(3, 'print "as_completed", x, "at {now():.2f}"')
                self.emit(1, "except Exception as e:")
                self.emit(2, 'print "as_completed failed:", e')
            elif c == 5:
                self.guarded(f"x = wait_for {self.call()} timeout {r.choice(['0.5', '1', '0', '2'])}", ['print "wait_for gave", x'])
            elif c == 6 and spawned:
                t = r.choice(spawned)
                self.guarded(f"x = await {t}", ['print "awaited", x'])
            elif c == 7:
                self.emit(1, "try:")
                self.emit(2, "taskgroup:")
                for k in range(r.randint(1, 3)):
                    self.emit(3, f"spawn {self.call()}" + (f' as "g{k}"' if r.random() < 0.5 else ""))
                if r.random() < 0.4:
                    self.emit(3, f"sleep {self.dur()}")
                if r.random() < 0.2:
                    self.emit(3, f'raise {self.exc()} "body"')
                self.emit(2, 'print "group ok at {now():.2f}"')
                self.emit(1, "except ExceptionGroup as eg:")
                self.emit(2, 'print "group failed: {eg}"')
                self.emit(1, "except Exception as e:")
                self.emit(2, 'print "group error", e')
            elif c == 8:
                self.emit(1, "try:")
                self.emit(2, f"timeout {r.choice(['0.5', '1', '0.02', '3'])}:")
                self.emit(3, f"x = {self.call()}")
                self.emit(3, 'print "in time", x')
                self.emit(1, "except TimeoutError:")
                self.emit(2, 'print "timed out at {now():.2f}"')
            elif c == 9 and spawned:
                t = r.choice(spawned)
                self.emit(1, f'print "{t}", done({t}), cancelled({t}), name({t})')
            elif c == 10:
                self.emit(1, f"sleep {self.dur()}")
            elif c == 11 and self.pick("lock"):
                L = self.pick("lock")
                self.emit(1, f"with {L}:")
                t = f"t{len(spawned)}"
                self.emit(2, f"{t} = spawn {self.call()}")
                spawned.append(t)
                self.emit(2, f"sleep {self.dur()}")
                if r.random() < 0.6:
                    self.emit(2, f"cancel {t}")
            elif c == 12 and self.pick("event"):
                E = self.pick("event")
                self.emit(1, f"sleep {self.dur()}")
                self.emit(1, f"set {E}")
            else:
                self.guarded(f"x = {self.call()}", ['print "got", x'])
            used += 1
        if r.random() < 0.4 and self.vars:
            self.emit(1, "print " + ", ".join(v for v, _ in self.vars))
        if spawned and r.random() < 0.4:
            self.emit(1, f"return [done(t) for t in [{', '.join(spawned)}]]")

    def guarded(self, stmt, after):
        r = self.r
        if r.random() < 0.75:
            self.emit(1, "try:")
            self.emit(2, stmt)
            for a in after:
                self.emit(2, a)
            self.emit(1, f"except {r.choice(['Exception', 'Boom', '(TimeoutError, Boom)'])} as e:")
            self.excs.add("Boom")
            self.emit(2, 'print "failed:", e')
            if r.random() < 0.3:
                self.emit(1, "except CancelledError:")
                self.emit(2, 'print "main cancelled"')
        else:
            self.emit(1, stmt)
            for a in after:
                self.emit(1, a)


def generate(seed: int, index: int) -> str:
    rng = random.Random(seed * 1_000_003 + index)
    text, _ = Gen(rng).program()
    return f"# asyncviz conformance: gen.py --seed {seed}, scenario {index}\n" + text


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--out", default=None, help="directory (default: print to standard output)")
    args = ap.parse_args(argv)
    for i in range(args.count):
        text = generate(args.seed, i)
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            with open(os.path.join(args.out, f"s{args.seed}_{i}.txt"), "w", encoding="utf-8") as f:
                f.write(text)
        else:
            print(text)


if __name__ == "__main__":
    main()

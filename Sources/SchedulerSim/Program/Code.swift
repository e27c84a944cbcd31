/// The compiled form of a scenario: one flat instruction list per coroutine function, with names
/// resolved to slots. A task is a stack of frames over these lists, so suspending at any await is
/// just keeping a program counter — no re-walk of the syntax tree per step.

public enum Builtin: String, Sendable, CaseIterable {
    case len, range, str, int, float, min, max, abs, round, now, done, cancelled, result, name
    case random, randint, uniform
}

indirect enum CExpr {
    case const(Value)
    case local(Int, String)
    case global(Int, String)
    case list([CExpr])
    case comprehension(element: CExpr, target: CTarget, iterable: CExpr, condition: CExpr?)
    case unary(UnaryOp, CExpr)
    case binary(BinaryOp, CExpr, CExpr)
    case compare(CExpr, [(CompareOp, CExpr)])
    case and(CExpr, CExpr)
    case or(CExpr, CExpr)
    case index(CExpr, CExpr)
    case builtin(Builtin, [CExpr])
    /// A def call that is not awaited where it stands: a coroutine object.
    case coroutine(function: Int, args: [CExpr])
    /// `spawn f(args) [as label]`; `group` is the frame slot of the innermost lexical taskgroup.
    case spawn(function: Int, args: [CExpr], label: CExpr?, group: Int?)
    case string([CStringPart])
    case star(CExpr)
    /// The same expression as a flat stack program (see FlatExpr).
    case flat(FlatExpr)
}

enum CStringPart {
    case text(String)
    case interpolation(CExpr, spec: String?)
}

indirect enum CTarget {
    case local(Int)
    case global(Int)
    case index(CExpr, CExpr)
    case tuple([CTarget])
}

enum RaiseKind {
    /// bare `raise`
    case reraise
    /// `raise Name [message]`
    case type(String, CExpr?)
    /// `raise e` where e holds an exception
    case value(CExpr)
}

enum Op {
    case assign(CTarget, CExpr)
    case eval(CExpr)
    case print([CExpr])
    case jump(Int)
    case jumpIfFalse(CExpr, Int)
    case getIter(CExpr, slot: Int)
    case forNext(slot: Int, CTarget, exit: Int)
    /// `for x in range(...)`: the loop state lives in three hidden int slots (next value,
    /// items left, step) instead of in a range object and an iterator object per loop.
    case getRangeIter([CExpr], slot: Int)
    case forRangeNext(slot: Int, CTarget, exit: Int)
    case repeatInit(CExpr, slot: Int)
    case repeatNext(slot: Int, exit: Int)

    case setupExcept(Int)
    case setupFinally(Int)
    case popBlock
    /// Falls into a finally section on the normal path.
    case enterFinally
    case endFinally
    /// Try the handler: if the current exception matches, bind it and run the handler;
    /// otherwise go to `next`.
    case matchExcept(types: [String], bind: CTarget?, next: Int)
    case popHandler
    case reraiseCurrent
    case raise(RaiseKind)
    case unwindJump(target: Int, depth: Int)
    case ret(CExpr?)

    case append(CExpr, CExpr)
    case cancel(CExpr)
    case release(CExpr)
    case set(CExpr)
    case clear(CExpr)
    case taskDone(CExpr)

    case sleep(CExpr)
    case cpu(CExpr)
    case toThread(CExpr, CTarget?)
    case call(function: Int, args: [CExpr], CTarget?)
    case awaitValue(CExpr, CTarget?)
    case gather([CExpr], returnExceptions: Bool, CTarget?)
    case wait([CExpr], WaitMode, timeout: CExpr?, CTarget?)
    case acquire(CExpr)
    case waitEvent(CExpr)
    case put(CExpr, CExpr)
    case get(CExpr, CTarget?)
    case join(CExpr)
    case timeoutEnter(CExpr, slot: Int)
    case timeoutExit(slot: Int)
    case taskGroupEnter(slot: Int)
    case taskGroupExit(slot: Int)
    case withEnter(CExpr, slot: Int)
    case withExit(slot: Int)
    case asCompletedInit([CExpr], timeout: CExpr?, slot: Int)
    case asCompletedNext(slot: Int, CTarget, exit: Int)
    /// `wait_for`: evaluates the awaitable into `slot` and the timeout into `slot + 1`; a timeout
    /// ≤ 0 is handled here (as CPython does, without the timeout block) and jumps to `skip`.
    case waitForPrepare(CExpr, timeout: CExpr, slot: Int, skip: Int, CTarget?)
}

final class Code {
    let name: String
    /// Index in `Program.functions`.
    let index: Int
    var ops: [Op] = []
    var lines: [Int] = []
    var paramCount: Int
    var slotCount: Int = 0
    var slotNames: [String] = []
    let line: Int

    init(name: String, index: Int, paramCount: Int, line: Int) {
        self.name = name
        self.index = index
        self.paramCount = paramCount
        self.line = line
    }
}

struct ResourceInfo {
    var kind: ResourceKind
    var name: String
    var size: CExpr?
    var line: Int
}

/// A whole compiled scenario.
final class Program {
    var functions: [Code] = []
    var functionIndex: [String: Int] = [:]
    var globals: [(name: String, value: CExpr, line: Int)] = []
    var globalIndex: [String: Int] = [:]
    var resources: [ResourceInfo] = []
    var resourceIndex: [String: Int] = [:]
    /// Task blocks (function indices) in file order; empty when there is a `main:`.
    var taskBlocks: [Int] = []
    /// The root coroutine: `main:` or the hidden gather of the task blocks.
    var main: Int = -1
    var hiddenMain = false
    var title = ""
    var notes: [String] = []
    var seed: UInt64 = 0
    var until: Double = 300
    var workers = 4
}

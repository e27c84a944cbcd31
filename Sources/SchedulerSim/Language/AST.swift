/// The typed syntax tree of a scenario. Every node keeps the location of its first token so the
/// checker, the simulator (run-time errors, the line a task is at) and the exports can point back
/// into the file.

// MARK: - Expressions

public struct Expr: Hashable, Sendable {
    public var kind: ExprKind
    public var loc: SourceLocation
    public init(_ kind: ExprKind, at loc: SourceLocation) {
        self.kind = kind
        self.loc = loc
    }
}

public enum StringPart: Hashable, Sendable {
    case text(String)
    /// `{expr}` or `{expr:spec}`; the spec is kept verbatim (Python's format mini-language).
    case interpolation(Expr, spec: String?)
}

public enum UnaryOp: String, Hashable, Sendable { case neg = "-", pos = "+", not = "not" }

public enum BinaryOp: String, Hashable, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**"
}

public enum CompareOp: String, Hashable, Sendable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case `is` = "is", isNot = "is not", `in` = "in", notIn = "not in"
}

public enum ExprKind: Hashable, Sendable {
    // Leaves and arrays are stored inline (no box per node); only the cases that hold an `Expr`
    // directly, and the wide ones, are boxed.
    case int(Int)
    case float(Double)
    /// A literal with a unit (`200ms`): its value in seconds, and the text as written.
    indirect case duration(Double, text: String)
    case string([StringPart])
    case bool(Bool)
    case none
    case name(String)
    case list([Expr])
    /// `[element for target in iterable if condition]`
    indirect case comprehension(element: Expr, target: Target, iterable: Expr, condition: Expr?)
    indirect case unary(UnaryOp, Expr)
    indirect case binary(BinaryOp, Expr, Expr)
    /// `a < b <= c`: the first operand and each (operator, operand) after it, as in Python.
    indirect case compare(Expr, [(CompareOp, Expr)])
    indirect case and(Expr, Expr)
    indirect case or(Expr, Expr)
    indirect case index(Expr, Expr)
    /// `name(args)`: a def (a coroutine object, or an await where it stands alone) or a built-in.
    indirect case call(name: String, nameLoc: SourceLocation, args: [Expr])
    /// `spawn f(args) [as "label"]`
    indirect case spawn(call: Expr, label: Expr?)
    /// `*list` inside gather / wait / as_completed items.
    indirect case star(Expr)

    public static func == (a: ExprKind, b: ExprKind) -> Bool { a.key == b.key }
    public func hash(into h: inout Hasher) { h.combine(key) }

    /// A structural rendering used for equality, hashing and AST-shape tests.
    public var key: String { ASTPrinter.expr(self) }
}

// MARK: - Assignment targets

public indirect enum Target: Hashable, Sendable {
    case name(String, SourceLocation)
    case index(Expr, Expr)
    /// `a, b = ...`
    case tuple([Target])

    public var names: [String] {
        switch self {
        case .name(let n, _): return [n]
        case .index: return []
        case .tuple(let ts): return ts.flatMap(\.names)
        }
    }
}

// MARK: - Statements

public enum WaitMode: String, Hashable, Sendable, CaseIterable {
    case allCompleted = "all_completed"
    case firstCompleted = "first_completed"
    case firstException = "first_exception"
}

/// What a value-giving statement does. With a target it is `x = <action>`; without, the value is
/// dropped.
public enum Action: Hashable, Sendable {
    /// A plain expression (`x = a + 1`, or a def call standing alone, which awaits it).
    case expr(Expr)
    case toThread(Expr)
    case await(Expr)
    case gather(items: [Expr], returnExceptions: Bool)
    case wait(items: [Expr], mode: WaitMode, timeout: Expr?)
    case waitFor(Expr, timeout: Expr)
    case get(Expr)
}

public struct ExceptClause: Hashable, Sendable {
    /// Exception type names; empty for a bare `except:`.
    public var types: [String]
    public var binding: String?
    public var body: [Stmt]
    public var loc: SourceLocation
    public init(types: [String], binding: String?, body: [Stmt], loc: SourceLocation) {
        self.types = types
        self.binding = binding
        self.body = body
        self.loc = loc
    }
}

public struct Stmt: Hashable, Sendable {
    public var kind: StmtKind
    public var loc: SourceLocation
    public init(_ kind: StmtKind, at loc: SourceLocation) {
        self.kind = kind
        self.loc = loc
    }
}

public indirect enum StmtKind: Hashable, Sendable {
    /// `[target =] action`
    case action(target: Target?, Action)
    case sleep(Expr)
    case cpu(Expr)
    case print([Expr])
    case cancel(Expr)
    case acquire(Expr)
    case release(Expr)
    case put(Expr, Expr)
    case taskDone(Expr)
    case join(Expr)
    case set(Expr)
    case clear(Expr)
    /// `wait E` on an event.
    case waitEvent(Expr)
    case append(Expr, Expr)

    case ifChain([(Expr, [Stmt])], orElse: [Stmt]?)
    case whileLoop(Expr, [Stmt])
    case forLoop(Target, Expr, [Stmt])
    case repeatLoop(Expr, [Stmt])
    case forever([Stmt])
    case asCompleted(Target, items: [Expr], timeout: Expr?, body: [Stmt])
    case timeout(Expr, [Stmt])
    case taskgroup([Stmt])
    case with(Expr, [Stmt])
    case tryStmt(body: [Stmt], handlers: [ExceptClause], orElse: [Stmt]?, finally: [Stmt]?)
    /// `raise` (re-raise), `raise NAME`, `raise NAME expr`
    case raise(type: String?, message: Expr?)
    case breakLoop
    case continueLoop
    case pass
    case returnValue(Expr?)

    public static func == (a: StmtKind, b: StmtKind) -> Bool { a.key == b.key }
    public func hash(into h: inout Hasher) { h.combine(key) }
    public var key: String { ASTPrinter.stmt(self, indent: 0) }
}

// MARK: - Top level

public enum ResourceKind: String, Hashable, Sendable {
    case lock, semaphore, event, queue
}

public struct ResourceDecl: Hashable, Sendable {
    public var kind: ResourceKind
    public var name: String
    /// Semaphore initial value, or queue maxsize (nil: unbounded).
    public var size: Expr?
    public var loc: SourceLocation
    public init(kind: ResourceKind, name: String, size: Expr?, loc: SourceLocation) {
        self.kind = kind
        self.name = name
        self.size = size
        self.loc = loc
    }
}

public struct Param: Hashable, Sendable {
    public var name: String
    public var loc: SourceLocation
    public init(name: String, loc: SourceLocation) {
        self.name = name
        self.loc = loc
    }
}

public struct FunctionDef: Hashable, Sendable {
    public var name: String
    public var params: [Param]
    public var body: [Stmt]
    public var loc: SourceLocation
    public init(name: String, params: [Param], body: [Stmt], loc: SourceLocation) {
        self.name = name
        self.params = params
        self.body = body
        self.loc = loc
    }
}

public struct TaskBlock: Hashable, Sendable {
    public var name: String
    public var body: [Stmt]
    public var loc: SourceLocation
    public init(name: String, body: [Stmt], loc: SourceLocation) {
        self.name = name
        self.body = body
        self.loc = loc
    }
}

public struct VarDecl: Hashable, Sendable {
    public var name: String
    public var value: Expr
    public var loc: SourceLocation
    public init(name: String, value: Expr, loc: SourceLocation) {
        self.name = name
        self.value = value
        self.loc = loc
    }
}

/// A whole scenario file. Declarations keep file order: the hidden main starts task blocks in
/// file order, and shared variables are initialised in file order.
public struct Scenario: Hashable, Sendable {
    public var title: String?
    public var notes: [String] = []
    public var seed: Int = 0
    /// Simulation horizon in seconds (default 300).
    public var until: Double?
    public var workers: Int = 4
    public var vars: [VarDecl] = []
    public var resources: [ResourceDecl] = []
    public var defs: [FunctionDef] = []
    public var tasks: [TaskBlock] = []
    public var main: [Stmt]?
    public var mainLoc: SourceLocation?
    /// Where the names of `raise NAME` and `except NAME` stand, by the statement's (or clause's)
    /// location: lets the checker point at the name itself.
    var nameLocations: [SourceLocation: [SourceLocation]] = [:]
    /// Words on lines the parser had to drop after a syntax error: the checker does not call them
    /// undefined (they may have been assigned on a dropped line).
    var namesOnBrokenLines: Set<String> = []
    /// A top-level form failed to parse (perhaps the `main:` header).
    var brokenTopLevel = false

    public init() {}
}

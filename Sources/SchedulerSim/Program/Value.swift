/// A run-time value. Python's value model: lists and exceptions have identity (they are boxes), the
/// rest are plain values.
public enum Value {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case str(String)
    case list(ListBox)
    case task(Int)
    case resource(Int)
    case exception(ExcBox)
    case coroutine(CoroBox)
    /// Loop state of a `for`; never visible to scenario code.
    case iterator(IterBox)
    /// A local read before it was assigned.
    case unbound
}

public final class ListBox {
    public var items: [Value]
    public init(_ items: [Value]) { self.items = items }
}

/// A coroutine object: made by a def call that is not awaited where it stands.
public final class CoroBox {
    public let function: Int
    public let args: [Value]
    public var used = false
    public let line: Int
    /// Its index in the simulator's `coroutineNotes` (-1 when made elsewhere).
    public let serial: Int
    public init(function: Int, args: [Value], line: Int, serial: Int = -1) {
        self.function = function
        self.args = args
        self.line = line
        self.serial = serial
    }
}

public final class IterBox {
    enum Source {
        case list(ListBox)
        case range(start: Int, stop: Int, step: Int)
        case string([Character])
    }
    var source: Source
    var index = 0
    /// A range's length, once known (iteration compares the index with it).
    private var rangeCount: UInt?
    init(_ source: Source) { self.source = source }

    /// `len(range(start, stop, step))`, exact for every Int bound (at most 2^64 - 1).
    static func rangeLength(start: Int, stop: Int, step: Int) -> UInt {
        if step > 0 {
            if stop <= start { return 0 }
            return (UInt(bitPattern: stop &- start) - 1) / UInt(step) + 1
        }
        if stop >= start { return 0 }
        return (UInt(bitPattern: start &- stop) - 1) / step.magnitude + 1
    }

    /// The `i`-th number of a range (0 <= i < its length): exact, as the number itself is an Int.
    static func rangeItem(start: Int, step: Int, _ i: UInt) -> Int {
        Int(bitPattern: UInt(bitPattern: start) &+ i &* UInt(bitPattern: step))
    }

    /// `x in range(start, stop, step)`
    static func rangeContains(start: Int, stop: Int, step: Int, _ x: Int) -> Bool {
        if step > 0 { return x >= start && x < stop && UInt(bitPattern: x &- start) % UInt(step) == 0 }
        return x <= start && x > stop && UInt(bitPattern: start &- x) % step.magnitude == 0
    }

    func next() -> Value? {
        switch source {
        case .list(let l):
            guard index < l.items.count else { return nil }
            index += 1
            return l.items[index - 1]
        case .range(let start, let stop, let step):
            let n: UInt
            if let c = rangeCount { n = c } else { n = Self.rangeLength(start: start, stop: stop, step: step); rangeCount = n }
            guard UInt(index) < n else { return nil }
            index += 1
            return .int(Self.rangeItem(start: start, step: step, UInt(index - 1)))
        case .string(let chars):
            guard index < chars.count else { return nil }
            index += 1
            return .str(String(chars[index - 1]))
        }
    }
}

/// An exception instance. Groups carry their sub-exceptions.
public final class ExcBox: Error, @unchecked Sendable {
    public let type: String
    public let args: [Value]
    public var subExceptions: [ExcBox]
    public var retrieved = false
    public init(_ type: String, _ args: [Value] = [], sub: [ExcBox] = []) {
        self.type = type
        self.args = args
        self.subExceptions = sub
    }

    public static func make(_ type: String, _ message: String) -> ExcBox {
        ExcBox(type, [.str(message)])
    }

    public var isCancelled: Bool { type == "CancelledError" }

    /// `str(e)`
    public var message: String {
        if ExceptionTypes.isGroup(type) {
            let base = args.first.map { PyFormat.str($0) } ?? ""
            let n = subExceptions.count
            return "\(base) (\(n) sub-exception\(n == 1 ? "" : "s"))"
        }
        if type == "KeyError", args.count == 1 { return PyFormat.repr(args[0]) }
        switch args.count {
        case 0: return ""
        case 1: return PyFormat.str(args[0])
        default: return "(" + args.map { PyFormat.repr($0) }.joined(separator: ", ") + ")"
        }
    }

    /// `Type: message`, or `Type` alone when the message is empty (as tracebacks print it).
    public var described: String {
        let m = message
        return m.isEmpty ? type : "\(type): \(m)"
    }

    /// `repr(e)`
    public var repr: String {
        if ExceptionTypes.isGroup(type) {
            let msg = args.first.map { PyFormat.repr($0) } ?? "''"
            return "\(type)(\(msg), [" + subExceptions.map(\.repr).joined(separator: ", ") + "])"
        }
        return "\(type)(" + args.map { PyFormat.repr($0) }.joined(separator: ", ") + ")"
    }
}

/// Python's built-in exception hierarchy, as far as scenarios can see it. Any other name is a
/// user exception, a subclass of `Exception`.
public enum ExceptionTypes {
    static let parents: [String: String] = [
        "Exception": "BaseException",
        "CancelledError": "BaseException",
        "BaseExceptionGroup": "BaseException",
        "ExceptionGroup": "Exception",
        "ArithmeticError": "Exception",
        "ZeroDivisionError": "ArithmeticError",
        "OverflowError": "ArithmeticError",
        "LookupError": "Exception",
        "IndexError": "LookupError",
        "KeyError": "LookupError",
        "OSError": "Exception",
        "TimeoutError": "OSError",
        "ConnectionError": "OSError",
        "ValueError": "Exception",
        "TypeError": "Exception",
        "RuntimeError": "Exception",
        "RecursionError": "RuntimeError",
        "NameError": "Exception",
        "UnboundLocalError": "NameError",
        "AssertionError": "Exception",
        "StopIteration": "Exception",
        "InvalidStateError": "Exception",
        "QueueEmpty": "Exception",
        "QueueFull": "Exception",
        // The rest of Python's Exception tree (the ones a scenario can raise by name; the
        // Unicode errors need more arguments, the BaseException ones stop asyncio's loop).
        "FloatingPointError": "ArithmeticError",
        "AttributeError": "Exception",
        "BufferError": "Exception",
        "EOFError": "Exception",
        "ImportError": "Exception",
        "ModuleNotFoundError": "ImportError",
        "MemoryError": "Exception",
        "BlockingIOError": "OSError",
        "ChildProcessError": "OSError",
        "BrokenPipeError": "ConnectionError",
        "ConnectionAbortedError": "ConnectionError",
        "ConnectionRefusedError": "ConnectionError",
        "ConnectionResetError": "ConnectionError",
        "FileExistsError": "OSError",
        "FileNotFoundError": "OSError",
        "InterruptedError": "OSError",
        "IsADirectoryError": "OSError",
        "NotADirectoryError": "OSError",
        "PermissionError": "OSError",
        "ProcessLookupError": "OSError",
        "ReferenceError": "Exception",
        "NotImplementedError": "RuntimeError",
        "StopAsyncIteration": "Exception",
        "SyntaxError": "Exception",
        "IndentationError": "SyntaxError",
        "TabError": "IndentationError",
        "SystemError": "Exception",
        "UnicodeError": "ValueError",
    ]

    public static let builtinNames: Set<String> = Set(parents.keys).union(["BaseException"])

    public static func isGroup(_ t: String) -> Bool { t == "ExceptionGroup" || t == "BaseExceptionGroup" }

    /// `issubclass(type, base)`
    public static func isSubclass(_ type: String, of base: String) -> Bool {
        if type == base { return true }
        if type == "ExceptionGroup" && base == "BaseExceptionGroup" { return true }
        var t = type
        while true {
            guard let p = parents[t] ?? (t == "BaseException" ? nil : "Exception") else { return false }
            if p == base { return true }
            t = p
        }
    }
}

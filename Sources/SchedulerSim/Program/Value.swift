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
    public init(function: Int, args: [Value], line: Int) {
        self.function = function
        self.args = args
        self.line = line
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

    /// How many items `range(start, stop, step)` has, without overflowing (nil: more than Int.max).
    static func rangeCount(_ start: Int, _ stop: Int, _ step: Int) -> Int? {
        let span: UInt
        if step > 0 {
            if stop <= start { return 0 }
            span = UInt(bitPattern: stop &- start)
        } else {
            if stop >= start { return 0 }
            span = UInt(bitPattern: start &- stop)
        }
        let n = (span - 1) / step.magnitude + 1
        return n > UInt(Int.max) ? nil : Int(n)
    }

    /// Whether `x` is an item of `range(start, stop, step)` (without overflowing).
    static func rangeContains(_ start: Int, _ stop: Int, _ step: Int, _ x: Int) -> Bool {
        if step > 0 {
            return x >= start && x < stop && UInt(bitPattern: x &- start) % step.magnitude == 0
        }
        return x <= start && x > stop && UInt(bitPattern: start &- x) % step.magnitude == 0
    }
    init(_ source: Source) { self.source = source }

    func next() -> Value? {
        switch source {
        case .list(let l):
            guard index < l.items.count else { return nil }
            index += 1
            return l.items[index - 1]
        case .range(let start, let stop, let step):
            // Past Int's bounds is past `stop` too (range(0, 2**63 - 1, 2**62) has 2 items).
            let (m, o1) = index.multipliedReportingOverflow(by: step)
            let (v, o2) = start.addingReportingOverflow(m)
            if o1 || o2 || (step > 0 ? v >= stop : v <= stop) { return nil }
            index += 1
            return .int(v)
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

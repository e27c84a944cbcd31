/// Arithmetic and comparisons compiled to a small stack program. Walking an indirect enum tree
/// retains and releases every node it visits; a flat list of trivial ops is evaluated with one
/// stack buffer on the machine stack. Anything richer (comprehensions, spawns, strings,
/// short-circuit logic) stays a tree and is called from the flat program.
enum XOp {
    case int(Int)
    case float(Double)
    case const(Value)
    /// A slot; its name (for the error) is in `FlatExpr.names`, so that the op stays trivial.
    case local(Int)
    case global(Int)
    case binary(BinaryOp)
    case unary(UnaryOp)
    case compare(CompareOp)
    case index
    case builtin(Builtin, argc: Int)
    case list(count: Int)
    /// Evaluate this subtree and push its value.
    case tree(CExpr)
}

/// The numeric form of a flat program: trivial cases only, so walking them copies no
/// references. An operand that is a constant is folded into its operator (`x * 7` is one op,
/// and so is `i * 7` on a local), and a constant left operand of `+` or `*` is swapped to the
/// right (exact for Python's ints and floats: both operators commute, overflow included).
enum NOp {
    case int(Int)
    case float(Double)
    case local(Int)
    case global(Int)
    case binary(BinaryOp)
    /// `top = top <op> constant`
    case binaryInt(BinaryOp, Int)
    case binaryFloat(BinaryOp, Double)
    /// `push(local <op> constant)`
    case localBinaryInt(Int, BinaryOp, Int)
    case neg
    case compare(CompareOp)
}

final class FlatExpr {
    let ops: [XOp]
    /// The same expression when it is plain arithmetic on numbers (`0.001 * (1 + i % 10)`): the
    /// evaluator first tries it on unboxed numbers and falls back to `ops` for anything else.
    let numeric: [NOp]?
    /// The deepest the value stack gets (in either form).
    let depth: Int
    /// Names of the local/global ops, by op index.
    let names: [Int: String]
    init(ops: [XOp], depth: Int, names: [Int: String], tree: CExpr) {
        self.ops = ops
        self.depth = depth
        self.names = names
        var nops: [NOp] = []
        numeric = Self.numeric(tree, into: &nops) ? nops : nil
    }

    /// A number constant of the tree, if it is one.
    private static func number(_ e: CExpr) -> NOp? {
        guard case .const(let v) = e else { return nil }
        switch v {
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        default: return nil
        }
    }

    /// Appends the numeric program of `e`; false when `e` is not plain arithmetic.
    private static func numeric(_ e: CExpr, into out: inout [NOp]) -> Bool {
        switch e {
        case .const:
            guard let n = number(e) else { return false }
            out.append(n)
            return true
        case .local(let s, _): out.append(.local(s)); return true
        case .global(let g, _): out.append(.global(g)); return true
        case .binary(let op, var a, var b):
            guard [.add, .sub, .mul, .mod].contains(op) else { return false }
            if number(b) == nil, number(a) != nil, op == .add || op == .mul { swap(&a, &b) }
            switch number(b) {
            case .int(let c)?:
                if case .local(let s, _) = a {
                    out.append(.localBinaryInt(s, op, c))
                    return true
                }
                guard numeric(a, into: &out) else { return false }
                out.append(.binaryInt(op, c))
            case .float(let c)?:
                guard numeric(a, into: &out) else { return false }
                out.append(.binaryFloat(op, c))
            default:
                guard numeric(a, into: &out), numeric(b, into: &out) else { return false }
                out.append(.binary(op))
            }
            return true
        case .unary(.neg, let a):
            guard numeric(a, into: &out) else { return false }
            out.append(.neg)
            return true
        case .compare(let a, let rest) where rest.count == 1:
            guard [.eq, .ne, .lt, .le, .gt, .ge].contains(rest[0].0) else { return false }
            guard numeric(a, into: &out), numeric(rest[0].1, into: &out) else { return false }
            out.append(.compare(rest[0].0))
            return true
        default:
            return false
        }
    }

    /// Flattens `e` when it has at least two nodes the flat form can take; nil otherwise.
    static func make(_ e: CExpr) -> FlatExpr? {
        guard flattenable(e) else { return nil }
        var ops: [XOp] = []
        var names: [Int: String] = [:]
        var depth = 0
        var maxDepth = 0
        func push() { depth += 1; maxDepth = max(maxDepth, depth) }
        func emit(_ e: CExpr) {
            switch e {
            case .const(let v):
                switch v {
                case .int(let i): ops.append(.int(i))
                case .float(let d): ops.append(.float(d))
                default: ops.append(.const(v))
                }
                push()
            case .local(let s, let n): names[ops.count] = n; ops.append(.local(s)); push()
            case .global(let g, let n): names[ops.count] = n; ops.append(.global(g)); push()
            case .binary(let op, let a, let b):
                emit(a); emit(b)
                ops.append(.binary(op)); depth -= 1
            case .unary(let op, let a):
                emit(a)
                ops.append(.unary(op))
            case .compare(let a, let rest) where rest.count == 1:
                emit(a); emit(rest[0].1)
                ops.append(.compare(rest[0].0)); depth -= 1
            case .index(let a, let b):
                emit(a); emit(b)
                ops.append(.index); depth -= 1
            case .builtin(let b, let args) where !args.contains(where: { if case .star = $0 { return true }; return false }):
                for a in args { emit(a) }
                ops.append(.builtin(b, argc: args.count)); depth -= args.count; push()
            case .list(let items):
                for i in items { emit(i) }
                ops.append(.list(count: items.count)); depth -= items.count; push()
            default:
                ops.append(.tree(e)); push()
            }
        }
        emit(e)
        return FlatExpr(ops: ops, depth: maxDepth, names: names, tree: e)
    }

    static func flattenable(_ e: CExpr) -> Bool {
        switch e {
        case .binary, .unary, .index: return true
        case .compare(_, let rest): return rest.count == 1
        case .builtin(_, let args): return !args.isEmpty && !args.contains(where: { if case .star = $0 { return true }; return false })
        default: return false
        }
    }
}

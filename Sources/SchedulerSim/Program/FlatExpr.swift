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

/// The numeric subset of `XOp`: trivial cases only, so walking them copies no references.
enum NOp {
    case int(Int)
    case float(Double)
    case local(Int)
    case global(Int)
    case binary(BinaryOp)
    case neg
    case compare(CompareOp)
}

final class FlatExpr {
    let ops: [XOp]
    /// The same program when it is plain arithmetic on numbers (`0.001 * (1 + i % 10)`): the
    /// evaluator first tries it on unboxed numbers and falls back to `ops` for anything else.
    let numeric: [NOp]?
    /// The deepest the value stack gets.
    let depth: Int
    /// Names of the local/global ops, by op index.
    let names: [Int: String]
    init(ops: [XOp], depth: Int, names: [Int: String]) {
        self.ops = ops
        self.depth = depth
        self.names = names
        var nops: [NOp]? = []
        for op in ops {
            switch op {
            case .int(let i): nops?.append(.int(i))
            case .float(let d): nops?.append(.float(d))
            case .local(let s): nops?.append(.local(s))
            case .global(let g): nops?.append(.global(g))
            case .binary(let b) where [.add, .sub, .mul, .mod].contains(b): nops?.append(.binary(b))
            case .unary(.neg): nops?.append(.neg)
            case .compare(let c) where [.eq, .ne, .lt, .le, .gt, .ge].contains(c): nops?.append(.compare(c))
            default: nops = nil
            }
        }
        numeric = nops
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
        return FlatExpr(ops: ops, depth: maxDepth, names: names)
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

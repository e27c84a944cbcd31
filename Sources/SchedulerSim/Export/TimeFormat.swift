/// Formatting of virtual times (whole microseconds) for people and for data files.
/// Everything is integer arithmetic: no float noise, the same bytes on every machine.
public enum TimeFormat {
    static let second: Micros = 1_000_000
    static let milli: Micros = 1_000

    /// Seconds as a JSON number with at most 6 decimals and no noise: 3000000 → `3.0`, 1500 → `0.0015`.
    public static func seconds(_ us: Micros) -> String {
        let neg = us < 0
        let m = us.magnitude
        let whole = m / UInt64(second), frac = m % UInt64(second)
        var s = neg ? "-" : ""
        s += String(whole)
        s += "."
        if frac == 0 { s += "0"; return s }
        s += trimmedFraction(frac, digits: 6)
        return s
    }

    /// A time or duration for people: `3.000 s` (exact decimals kept past the millisecond: `1.0005 s`),
    /// `250 ms`, `0.5 ms`, `40 µs` (`40 us` in ASCII), `0 s`.
    public static func duration(_ us: Micros, ascii: Bool = false) -> String {
        if us == 0 { return "0 s" }
        let neg = us < 0
        let m = us.magnitude
        let sign = neg ? "-" : ""
        if m >= UInt64(second) { return fixedSeconds(us) }
        if m >= UInt64(milli) {
            let whole = m / UInt64(milli), frac = m % UInt64(milli)
            if frac == 0 { return "\(sign)\(whole) ms" }
            return "\(sign)\(whole).\(trimmedFraction(frac, digits: 3)) ms"
        }
        return "\(sign)\(m) \(ascii ? "us" : "µs")"
    }

    /// A time in seconds with at least 3 decimals (`0.500 s`, `1.0005 s`), for columns where
    /// every time should read in the same unit.
    public static func fixedSeconds(_ us: Micros) -> String {
        let m = us.magnitude
        let whole = m / UInt64(second), frac = m % UInt64(second)
        var f = pad(frac, digits: 6)
        while f.count > 3 && f.hasSuffix("0") { f.removeLast() }
        return "\(us < 0 ? "-" : "")\(whole).\(f) s"
    }

    /// A time for a trace whose whole run is `end` long: seconds with 3 decimals when the run
    /// lasts a second or more, so all times of one picture share a unit; `duration` otherwise.
    public static func time(_ us: Micros, runEnd end: Micros, ascii: Bool = false) -> String {
        end >= second ? fixedSeconds(us) : duration(us, ascii: ascii)
    }

    /// A short duration for sentences: `3 s`, `1.5 s`, `250 ms`, `40 µs`.
    public static func compact(_ us: Micros, ascii: Bool = false) -> String {
        let m = us.magnitude
        let sign = us < 0 ? "-" : ""
        if m == 0 { return "0 s" }
        if m >= UInt64(second) {
            let whole = m / UInt64(second), frac = m % UInt64(second)
            return frac == 0 ? "\(sign)\(whole) s" : "\(sign)\(whole).\(trimmedFraction(frac, digits: 6)) s"
        }
        return duration(us, ascii: ascii)
    }

    /// A ruler label for a tick at `us` when ticks are `step` apart: `0s 1s 2s`, `0s 0.5s 1s`,
    /// `0ms 20ms 40ms`, `0us 50us`. The unit is chosen by the step so all labels of a ruler agree.
    public static func tickLabel(_ us: Micros, step: Micros, ascii: Bool = false) -> String {
        let m = us.magnitude
        let sign = us < 0 ? "-" : ""
        if step >= 100 * milli {
            let whole = m / UInt64(second), frac = m % UInt64(second)
            return frac == 0 ? "\(sign)\(whole)s" : "\(sign)\(whole).\(trimmedFraction(frac, digits: 6))s"
        }
        if step >= 100 {
            let whole = m / UInt64(milli), frac = m % UInt64(milli)
            return frac == 0 ? "\(sign)\(whole)ms" : "\(sign)\(whole).\(trimmedFraction(frac, digits: 3))ms"
        }
        return "\(sign)\(m)\(ascii ? "us" : "µs")"
    }

    /// The 1-2-5 series of steps (in µs): 1, 2, 5, 10, 20, 50, …
    public static func niceSteps() -> UnfoldSequence<Micros, (Micros?, Bool)> {
        sequence(first: Micros(1)) { v in
            let lead = leadingDigit(v)
            let next: Micros = lead == 1 ? v * 2 : lead == 2 ? v / 2 * 5 : v * 2
            return next > Micros.max / 10 ? nil : next
        }
    }

    /// The smallest 1-2-5 step with `span / step` at most `maxCount` (rounded up), at least 1 µs.
    public static func niceStep(covering span: Micros, count maxCount: Int) -> Micros {
        let n = Micros(max(1, maxCount))
        for s in niceSteps() where (max(span, 0) + s - 1) / s <= n { return s }
        return Micros.max / 10
    }

    static func leadingDigit(_ v: Micros) -> Micros {
        var x = v
        while x >= 10 { x /= 10 }
        return x
    }

    static func pad(_ v: UInt64, digits: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    static func trimmedFraction(_ v: UInt64, digits: Int) -> String {
        var s = pad(v, digits: digits)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }
}

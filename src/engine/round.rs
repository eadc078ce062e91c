//! Scores at 12 significant digits (PRODUCT §2): what printing with `{:.11e}` and parsing back
//! gives (the decimal rounded half to even), with −0 as 0. Every path scores through
//! [`round_score`] right after evaluating the formula, so mathematically equal scores computed
//! in a different order (100/3 × 0.9 = 30.000000000000004 and 30) compare equal and go to the
//! tie-breaks.
//!
//! [`reference`] is the rule as written. [`round_score`] gives the same value without
//! formatting for every score in [2⁻³⁶, 10¹²) — a score's usual range many times over — and
//! calls [`reference`] outside it. A property test holds the two equal on random bits, the
//! whole fast range, halfway points and their neighbours, subnormals and huge values.
//!
//! How, for `x` in that range: with `e` its decimal exponent (`10^e ≤ x < 10^(e+1)`) and
//! `t = 11 − e` (0 to 22 here), the twelve digits are `z = x × 10^t` rounded half to even to an
//! integer `N`, and the result is `N ÷ 10^t` — one correctly rounded division of two exactly
//! representable numbers (`N ≤ 10¹² < 2⁵³`, `10^t` for `t ≤ 22`), which is what parsing the
//! decimal gives.
//!
//! - `e` is `e0 = ⌊b·log₁₀2⌋` from the binary exponent `b`, or `e0 + 1`, exactly when
//!   `x × 10^(11−e0) ≥ 10¹²`. That product is decided in floating point: rounding is monotonic,
//!   so it errs only when the exact product lies within half an ulp below 10¹², where either
//!   exponent gives the same result (10¹² ÷ 10^t either way).
//! - `y = x × 10^t` in floating point is within 2⁻¹⁴ of `z` (`y < 2⁴⁰`). `N` is `y` rounded half
//!   to even (adding and taking off 2⁵²), and `d = y − N` is exact. When `|d| < ½ − 2⁻¹³`, `z` is
//!   within ½ of `N` too, so `N` is `z`'s rounding. Otherwise (`z` within 2⁻¹³ of a halfway
//!   point: rare) `exact_digits` computes `N` with integers.

/// The smallest score [`round_score`] rounds without formatting: 2⁻³⁶ (≈ 1.46e-11), where the
/// decimal exponent is at least −11 so that `t ≤ 22`.
const LOW: f64 = 1.0 / (1u64 << 36) as f64;
/// From here on, `t` would be negative.
const HIGH: f64 = 1e12;

/// `5^t` for `t` in 0..=22.
const POW5: [u64; 23] = {
    let mut p = [1u64; 23];
    let mut i = 1;
    while i < 23 {
        p[i] = p[i - 1] * 5;
        i += 1;
    }
    p
};

/// `10^t` for `t` in 0..=22: every one exactly representable.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A score rounded to 12 significant digits, half to even, −0 as 0; non-finite values as they
/// are. Equal to [`reference`] for every `f64`.
#[inline]
pub fn round_score(x: f64) -> f64 {
    let a = x.abs();
    if !(LOW..HIGH).contains(&a) {
        return if x == 0.0 { 0.0 } else { reference(x) };
    }
    let t = digits_scale(a);
    let y = a * POW10[t];
    const TWO_52: f64 = (1u64 << 52) as f64;
    let n = (y + TWO_52) - TWO_52;
    let n = if (y - n).abs() < 0.5 - 1.0 / 8192.0 {
        n
    } else {
        exact_digits(a, t) as f64
    };
    (n / POW10[t]).copysign(x)
}

/// `t = 11 − e` for `a` in [2⁻³⁶, 10¹²), `e` its decimal exponent.
#[inline]
fn digits_scale(a: f64) -> usize {
    // Normal (a ≥ 2⁻³⁶): 2^b ≤ a < 2^(b+1), and 10^e0 ≤ 2^b with e0 = ⌊b·log₁₀2⌋
    // (78913 / 2¹⁸ is log₁₀2 closely enough for |b| < 1650).
    let b = (a.to_bits() >> 52) as i32 - 1023;
    let e0 = (b * 78913) >> 18;
    let t0 = (11 - e0) as usize;
    // No branch: the exponent is as likely one as the other.
    t0 - usize::from(a * POW10[t0] >= 1e12)
}

/// `a × 10^t` rounded half to even, exactly, for `a` in [2⁻³⁶, 10¹²) and its `t`: with
/// `a = m × 2^k` (`m < 2⁵³`), `a × 10^t = m × 5^t / 2^(−k−t)`, where `m × 5^t` fits in 105 bits
/// and the shift is 13 to 67; the bits shifted out decide the rounding.
fn exact_digits(a: f64, t: usize) -> u64 {
    let bits = a.to_bits();
    let m = u128::from(bits & ((1 << 52) - 1) | 1 << 52);
    let k = (bits >> 52) as i32 - 1075;
    let shift = (-k - t as i32) as u32;
    let scaled = m * u128::from(POW5[t]);
    let n = scaled >> shift;
    let rest = scaled & ((1 << shift) - 1);
    let half = 1u128 << (shift - 1);
    // Up when the rest passes half, or equals it and n is odd.
    (n + u128::from(rest + (n & 1) > half)) as u64
}

/// The rule as PRODUCT §2 words it: `{:.11e}` printed and parsed back, −0 as 0; non-finite
/// values as they are.
pub fn reference(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let rounded: f64 = format!("{x:.11e}")
        .parse()
        .expect("a formatted float parses");
    if rounded == 0.0 { 0.0 } else { rounded }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Same value and same sign (so −0 and 0 differ; NaN equals NaN).
    fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    fn check(x: f64) {
        let (fast, slow) = (round_score(x), reference(x));
        assert!(
            same(fast, slow),
            "{x:e} ({:#x}): {fast:e} against {slow:e}",
            x.to_bits()
        );
    }

    #[test]
    fn the_examples_of_the_spec() {
        // R4 I5 C5 E3 A1 k0.9 and R2 I3 C5 E1 A1 k1.
        let configure = 4.0 * 5.0 * 5.0 / (3.0 * 1.0) * 0.9;
        assert_eq!(configure, 30.000000000000004);
        assert_eq!(round_score(configure), 30.0);
        assert_eq!(round_score(30.0), 30.0);
        assert_eq!(round_score(3.2000000000000006), 3.2);
        assert_eq!(round_score(0.1 * 3.0), 0.3);
    }

    #[test]
    fn negative_zero_is_zero() {
        assert_eq!(round_score(-0.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(reference(-0.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(round_score(0.0).to_bits(), 0.0f64.to_bits());
        // A negative score keeps its sign.
        assert_eq!(round_score(-30.000000000000004), -30.0);
    }

    #[test]
    fn half_to_even() {
        // 13 digits ending in an exact 5: to the even twelfth digit.
        assert_eq!(round_score(123_456_789_012.5), 123_456_789_012.0);
        assert_eq!(round_score(123_456_789_013.5), 123_456_789_014.0);
        assert_eq!(round_score(-123_456_789_013.5), -123_456_789_014.0);
        // 2⁻¹⁸ = 3.814697265625e-6 exactly: 381469726562|5 goes down to the even 2.
        assert_eq!(round_score(3.814697265625e-6), 3.81469726562e-6);
        // 2⁻¹⁹ = 1.9073486328125e-6: 190734863281|25 is below half.
        assert_eq!(round_score(1.9073486328125e-6), 1.90734863281e-6);
        // Just above an exact half goes up.
        assert_eq!(
            round_score(f64::from_bits(123_456_789_012.5f64.to_bits() + 1)),
            123_456_789_013.0
        );
        // 999999999999.5 carries into the next decade: 1e12.
        assert_eq!(round_score(999_999_999_999.5), 1e12);
    }

    #[test]
    fn values_outside_the_fast_range_and_non_finite() {
        assert!(round_score(f64::NAN).is_nan());
        assert_eq!(round_score(f64::INFINITY), f64::INFINITY);
        assert_eq!(round_score(f64::NEG_INFINITY), f64::NEG_INFINITY);
        assert_eq!(round_score(f64::MAX), 1.79769313486e308);
        assert_eq!(round_score(5e-324), 5e-324);
        assert_eq!(round_score(1e300 / 3.0), 3.33333333333e299);
        for x in [
            LOW,
            LOW.next_down(),
            LOW.next_up(),
            HIGH,
            HIGH.next_down(),
            f64::MIN_POSITIVE,
            f64::MIN_POSITIVE.next_down(),
        ] {
            check(x);
            check(-x);
        }
    }

    #[test]
    fn every_power_of_ten_and_its_neighbours() {
        for e in -330..=310 {
            let p: f64 = format!("1e{e}").parse().unwrap();
            let mut below = p;
            let mut above = p;
            for _ in 0..4 {
                check(below);
                check(above);
                below = below.next_down();
                above = above.next_up();
            }
            // And the largest 12-digit value below it, with its halfway neighbours.
            let nines: f64 = format!("9.99999999999e{}", e - 1).parse().unwrap();
            let halfway: f64 = format!("9.999999999995e{}", e - 1).parse().unwrap();
            for x in [nines, halfway, halfway.next_down(), halfway.next_up()] {
                check(x);
            }
        }
    }

    #[test]
    fn every_binade_of_the_fast_range() {
        // The first and last doubles of each binade, where the decimal exponent guess changes.
        for b in -40..45 {
            let low = 2f64.powi(b);
            for x in [
                low,
                low.next_down(),
                low.next_up(),
                2f64.powi(b + 1).next_down(),
            ] {
                check(x);
            }
        }
    }

    /// Doubles near a halfway point: a decimal with 13 digits ending in 5, parsed, and its
    /// neighbours.
    fn near_half() -> impl Strategy<Value = f64> {
        (
            100_000_000_000u64..1_000_000_000_000,
            -330i32..=310,
            -3i64..=3,
            any::<bool>(),
        )
            .prop_map(|(digits, exp, step, negative)| {
                let x: f64 = format!("{digits}5e{exp}").parse().unwrap();
                let bits = (x.to_bits() as i64 + step).max(0) as u64;
                let x = f64::from_bits(bits);
                if negative { -x } else { x }
            })
    }

    /// Scores as formulas make them: products and quotients of small numbers.
    fn formula_like() -> impl Strategy<Value = f64> {
        (
            prop::collection::vec(0.0f64..=5.0, 3),
            prop::collection::vec(0.5f64..=5.0, 2),
            prop::sample::select(vec![1.0, 0.9, 0.8, 0.6, 0.7, 0.1, 0.3]),
            any::<bool>(),
        )
            .prop_map(|(benefits, costs, k, round)| {
                let f = |v: f64| if round { v.round() } else { v };
                let benefit: f64 = benefits.iter().map(|&v| f(v)).product();
                let cost: f64 = costs.iter().map(|&v| f(v).max(1.0)).product();
                benefit / cost * k
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100_000))]

        #[test]
        fn equal_to_the_reference_on_any_bits(bits in any::<u64>()) {
            check(f64::from_bits(bits));
        }

        #[test]
        fn equal_to_the_reference_in_the_fast_range(x in LOW..HIGH, negative in any::<bool>()) {
            check(if negative { -x } else { x });
        }

        #[test]
        fn equal_to_the_reference_near_halfway_points(x in near_half()) {
            check(x);
        }

        /// The integer digits, which the fast path falls back on near halfway points, are
        /// right everywhere in the range.
        #[test]
        fn exact_digits_everywhere(x in LOW..HIGH, near in near_half()) {
            for a in [x, near.abs()] {
                if (LOW..HIGH).contains(&a) {
                    let t = digits_scale(a);
                    let n = exact_digits(a, t);
                    prop_assert!((100_000_000_000..=1_000_000_000_000).contains(&n), "{a:e}");
                    prop_assert_eq!((n as f64 / POW10[t]).to_bits(), reference(a).to_bits());
                }
            }
        }

        #[test]
        fn equal_to_the_reference_on_formula_like_scores(x in formula_like()) {
            check(x);
        }

        #[test]
        fn equal_to_the_reference_on_subnormals_and_huge_values(
            bits in 0u64..(1 << 53),
            huge in 0x7E00_0000_0000_0000u64..0x7FF0_0000_0000_0000,
        ) {
            check(f64::from_bits(bits));
            check(f64::from_bits(huge));
        }
    }
}

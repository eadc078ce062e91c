use super::*;

const VARS: &[&str] = &["x", "y", "z"];

fn eval(src: &str, values: &[f64]) -> f64 {
    Formula::compile(src, VARS).unwrap().eval(values)
}

#[test]
fn evaluating_columns_gives_the_values_of_row_by_row() {
    let formulas = [
        "x",
        "2.5",
        "x * y * z / (y * z) * 0.8",
        "x - y - z",
        "z - x * y",
        "(x + 1) / (y + z + 1)",
        "-x^2 + sqrt(y + 1) - ln(z + 2)",
        "x^y^z",
        "min(x, y, z * 2) + max(1, z, x - y)",
        "max(x, 3) * min(y, z)",
        "-(x + y) * -z",
    ];
    let rows = 57;
    let columns: Vec<Vec<f64>> = (0..3)
        .map(|v| {
            (0..rows)
                .map(|r| ((r * 7 + v * 3) % 11) as f64 * 0.37 + 0.1)
                .collect()
        })
        .collect();
    let mut stack = Vec::new();
    for src in formulas {
        let formula = Formula::compile(src, VARS).unwrap();
        let mut out = vec![0.0; rows];
        formula.eval_columns(&columns, &mut out, &mut stack);
        for (r, got) in out.iter().enumerate() {
            let row = [columns[0][r], columns[1][r], columns[2][r]];
            assert_eq!(got.to_bits(), formula.eval(&row).to_bits(), "{src} row {r}");
        }
    }
}

#[test]
fn precedence_and_associativity() {
    let cases: &[(&str, [f64; 3], f64)] = &[
        ("x + y * z", [1.0, 2.0, 3.0], 7.0),
        ("(x + y) * z", [1.0, 2.0, 3.0], 9.0),
        ("x - y - z", [10.0, 2.0, 3.0], 5.0),
        ("x / y / z", [24.0, 2.0, 3.0], 4.0),
        ("x * y / z", [2.0, 3.0, 4.0], 1.5),
        ("-x^2", [3.0, 0.0, 0.0], -9.0),
        ("(-x)^2", [3.0, 0.0, 0.0], 9.0),
        ("x^y^z", [2.0, 3.0, 2.0], 512.0),
        ("2^-1", [0.0, 0.0, 0.0], 0.5),
        ("--x", [4.0, 0.0, 0.0], 4.0),
        ("x - -y", [4.0, 1.0, 0.0], 5.0),
        ("-x * y", [2.0, 3.0, 0.0], -6.0),
        ("1.5e1 + .5", [0.0, 0.0, 0.0], 15.5),
        ("x*y*z/(y*z)*0.8", [5.0, 4.0, 2.0], 4.0),
    ];
    for (src, values, want) in cases {
        assert_eq!(eval(src, values), *want, "{src}");
    }
}

#[test]
fn functions() {
    let cases: &[(&str, [f64; 3], f64)] = &[
        ("min(x, y)", [3.0, 2.0, 0.0], 2.0),
        ("max(x, y, z)", [3.0, 2.0, 7.0], 7.0),
        ("min(x, max(y, z)) + 1", [5.0, 2.0, 3.0], 4.0),
        ("sqrt(x)", [16.0, 0.0, 0.0], 4.0),
        ("ln(x)", [1.0, 0.0, 0.0], 0.0),
        ("sqrt(x * y) ^ 2", [2.0, 8.0, 0.0], 16.0),
    ];
    for (src, values, want) in cases {
        assert_eq!(eval(src, values), *want, "{src}");
    }
}

#[test]
fn evaluation_order_is_as_written() {
    // Left to right: (((a*b)*c)/(d*e))*k, the order the pandas baseline uses too.
    let f = Formula::compile("x * y * z / (x * y) * 0.9", VARS).unwrap();
    let (a, b, c) = (0.1, 0.7, 0.3);
    assert_eq!(f.eval(&[a, b, c]), a * b * c / (a * b) * 0.9);
}

#[test]
fn errors_carry_the_column() {
    let cases: &[(&str, usize, &str)] = &[
        ("", 1, "the formula is empty"),
        (
            "x +",
            4,
            "expected a number, a factor or '(', found the end of the formula",
        ),
        ("x + w", 5, "unknown factor \"w\" (factors: x, y, z)"),
        ("xx * y", 1, "unknown factor \"xx\", did you mean \"x\"?"),
        ("(x + y", 7, "expected ')', found the end of the formula"),
        ("x y", 3, "expected an operator, found 'y'"),
        (
            "log(x)",
            1,
            "unknown function \"log\" (functions: min, max, sqrt, ln)",
        ),
        (
            "x + sqr(x)",
            5,
            "unknown function \"sqr\", did you mean \"sqrt\"?",
        ),
        ("sqrt(x, y)", 1, "sqrt() takes exactly 1 argument, got 2"),
        ("min(x)", 1, "min() takes at least 2 arguments, got 1"),
        (
            "x % y",
            3,
            "unexpected character '%' (a formula uses numbers, factor ids, + - * / ^, parentheses, min, max, sqrt, ln)",
        ),
        ("1..2", 1, "\"1..2\" is not a number"),
    ];
    for (src, column, message) in cases {
        let err = Formula::compile(src, VARS).unwrap_err();
        assert_eq!(
            (err.column, err.message.as_str()),
            (*column, *message),
            "{src}"
        );
    }
}

fn domain(src: &str, scales: [(f64, f64); 3]) -> Result<Interval, FormulaError> {
    let f = Formula::compile(src, VARS).unwrap();
    let scales = scales.map(|(lo, hi)| Interval::closed(lo, hi));
    check_domain(f.tree(), &scales)
}

#[test]
fn an_exclusive_minimum_stays_exclusive_through_the_arithmetic() {
    let f = |src: &str| Formula::compile(src, VARS).unwrap();
    let open = Interval {
        lo_open: true,
        ..Interval::closed(0.0, 1.0)
    };
    let scales = [open, Interval::closed(1.0, 5.0), Interval::closed(0.0, 5.0)];
    for ok in [
        "y / x",
        "y / (x * 0.5)",
        "y / (x / 2)",
        "y / (x * x)",
        "y / x ^ 2",
        "ln(x * 0.5)",
        "y / min(x, 1)",
        "y / (x + z)",
    ] {
        assert!(check_domain(f(ok).tree(), &scales).is_ok(), "{ok}");
    }
    for bad in [
        "y / (x * 0)",
        "y / (x - 0.5)",
        "ln(x - x)",
        "y / z",
        "y / (z * x)",
    ] {
        assert!(check_domain(f(bad).tree(), &scales).is_err(), "{bad}");
    }
    let r = check_domain(f("x * 0.5").tree(), &scales).unwrap();
    assert_eq!((r.lo, r.lo_open, r.hi, r.hi_open), (0.0, true, 0.5, false));
}

#[test]
fn domain_check_catches_zero_inside_a_power_and_deep_nesting() {
    let s = [(0.0, 5.0), (1.0, 5.0), (-1.0, 1.0)];
    let err = domain("y / (x - 3) ^ 2", s).unwrap_err();
    assert_eq!(err.column, 6);
    assert!(
        err.message.starts_with("this divisor can be zero"),
        "{}",
        err.message
    );
    let deep = format!("{}x{}", "(".repeat(500), ")".repeat(500));
    let err = Formula::compile(&deep, VARS).unwrap_err();
    assert_eq!(
        err.message,
        "the formula nests too deeply (more than 64 levels)"
    );
}

#[test]
fn a_formula_longer_than_the_limit_is_refused_and_one_at_the_limit_is_analysed() {
    // 22,801 terms once overflowed the stack of the domain check.
    let long = format!("{}x", "x+".repeat(22_800));
    let err = Formula::compile(&long, VARS).unwrap_err();
    assert_eq!(err.column, 1025);
    assert_eq!(
        err.message,
        "the formula is longer than the limit of 1024 characters (45601 characters)"
    );
    let longest = format!("{}x", "x+".repeat(511));
    assert_eq!(longest.chars().count(), 1023);
    let r = domain(&longest, [(0.0, 1.0), (0.0, 1.0), (0.0, 1.0)]).unwrap();
    assert_eq!((r.lo, r.hi), (0.0, 512.0));
}

#[test]
fn domain_check_catches_overflow_on_finite_scales_only() {
    let s = [(1.0, 10.0), (1.0, 10.0), (1.0, 10.0)];
    let err = domain("y * x ^ 1000 / z", s).unwrap_err();
    assert_eq!(err.column, 5);
    assert_eq!(
        err.message,
        "this part overflows on the declared scales: it can exceed the largest number a score can hold (about 1.8e308; it ranges from 1 to infinity)"
    );
    assert!(domain("x * 1e200 * 1e200", s).is_err());
    assert!(domain("x ^ 300", s).is_ok());
    // An unbounded scale is infinite already: nothing to prove here (rows are checked).
    let unbounded = [(1.0, f64::INFINITY), (1.0, 10.0), (1.0, 10.0)];
    let r = domain("x * y", unbounded).unwrap();
    assert_eq!((r.lo, r.hi), (1.0, f64::INFINITY));
}

#[test]
fn domain_check_gives_the_range() {
    let r = domain("x * y / z", [(0.0, 5.0), (0.0, 5.0), (1.0, 5.0)]).unwrap();
    assert_eq!((r.lo, r.hi), (0.0, 25.0));
    let r = domain("x - y", [(0.0, 5.0), (1.0, 2.0), (1.0, 1.0)]).unwrap();
    assert_eq!((r.lo, r.hi), (-2.0, 4.0));
}

#[test]
fn domain_check_rejects_undefined_operations() {
    let s = [(0.0, 5.0), (1.0, 5.0), (-1.0, 1.0)];
    let cases: &[(&str, usize, &str)] = &[
        (
            "y / x",
            5,
            "this divisor can be zero on the declared scales (it ranges from 0 to 5); give its factors a minimum above 0",
        ),
        (
            "y / (y - 1)",
            6,
            "this divisor can be zero on the declared scales (it ranges from 0 to 4); give its factors a minimum above 0",
        ),
        (
            "ln(x)",
            4,
            "ln of a value that can be zero or negative (as low as 0)",
        ),
        (
            "sqrt(z)",
            6,
            "sqrt of a value that can be negative (as low as -1)",
        ),
        (
            "z ^ 0.5",
            1,
            "this base can be negative under a fractional power on the declared scales",
        ),
        (
            "x ^ -1",
            1,
            "this base can be zero under a negative power (a division by zero) on the declared scales",
        ),
    ];
    for (src, column, message) in cases {
        let err = domain(src, s).unwrap_err();
        assert_eq!(
            (err.column, err.message.as_str()),
            (*column, *message),
            "{src}"
        );
    }
    assert!(
        domain(
            "y / x + ln(y) + sqrt(x) + z ^ 2",
            [(0.5, 5.0), (1.0, 5.0), (-1.0, 1.0)]
        )
        .is_ok()
    );
}

//! Hand-written SVG charts: deterministic (fixed decimals, no randomness), with a title and a
//! text alternative each, readable in print.

use super::esc;
use super::labels;
use crate::model::board::{Matrix, MatrixPoint, Quadrant};
use std::fmt::Write as _;

/// One series of the radar: a name, a CSS class and a level per axis.
pub struct RadarSeries<'a> {
    /// Legend text.
    pub name: &'a str,
    /// CSS class for the polygon.
    pub class: &'a str,
    /// Score per axis, between 0 and the top level (`None` drawn at the centre).
    pub levels: Vec<Option<f64>>,
}

fn f1(v: f64) -> String {
    format!("{v:.1}")
}

/// A radar chart of levels 1..=`max` on one axis per label.
pub fn radar(title: &str, labels: &[&str], max: u8, series: &[RadarSeries<'_>]) -> String {
    let (cx, cy, r) = (340.0, 205.0, 140.0);
    let n = labels.len().max(1);
    let max = max.max(1);
    let point = |axis: usize, level: f64| {
        let angle = -std::f64::consts::FRAC_PI_2 + axis as f64 * std::f64::consts::TAU / n as f64;
        (
            cx + r * level / f64::from(max) * angle.cos(),
            cy + r * level / f64::from(max) * angle.sin(),
        )
    };
    let mut svg = String::new();
    let desc: Vec<String> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let values: Vec<String> = series
                .iter()
                .map(|s| {
                    let v = s.levels.get(i).copied().flatten();
                    format!(
                        "{} {}",
                        s.name.to_lowercase(),
                        v.map_or("–".into(), |v| crate::text::short_number(v, 2))
                    )
                })
                .collect();
            format!("{l}: {}", values.join(", "))
        })
        .collect();
    let _ = write!(
        svg,
        r#"<svg class="chart radar" viewBox="0 0 680 420" role="img" aria-labelledby="radar-title radar-desc"><title id="radar-title">{}</title><desc id="radar-desc">{}</desc>"#,
        esc(title),
        esc(&desc.join("; "))
    );
    for level in 1..=max {
        let ring: Vec<String> = (0..n)
            .map(|a| {
                let (x, y) = point(a, f64::from(level));
                format!("{},{}", f1(x), f1(y))
            })
            .collect();
        let _ = write!(
            svg,
            r#"<polygon class="grid" points="{}"/>"#,
            ring.join(" ")
        );
        let (x, y) = point(0, f64::from(level));
        let _ = write!(
            svg,
            r#"<text class="tick" x="{}" y="{}">{level}</text>"#,
            f1(x + 4.0),
            f1(y - 2.0)
        );
    }
    for (a, label) in labels.iter().enumerate() {
        let (x, y) = point(a, f64::from(max));
        let _ = write!(
            svg,
            r#"<line class="axis" x1="{cx}" y1="{cy}" x2="{}" y2="{}"/>"#,
            f1(x),
            f1(y)
        );
        let (lx, ly) = point(a, f64::from(max) * 1.13);
        let anchor = if (lx - cx).abs() < 1.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        let _ = write!(
            svg,
            r#"<text class="label" x="{}" y="{}" text-anchor="{anchor}">{}</text>"#,
            f1(lx),
            f1(ly + 4.0),
            esc(label)
        );
    }
    for s in series {
        let pts: Vec<String> = (0..n)
            .map(|a| {
                let level = s.levels.get(a).copied().flatten().unwrap_or(0.0);
                let (x, y) = point(a, level);
                format!("{},{}", f1(x), f1(y))
            })
            .collect();
        let _ = write!(
            svg,
            r#"<polygon class="series {}" points="{}"/>"#,
            s.class,
            pts.join(" ")
        );
    }
    for (i, s) in series.iter().enumerate() {
        let y = 18.0 + 18.0 * i as f64;
        let _ = write!(
            svg,
            r#"<rect class="swatch {}" x="8" y="{}" width="14" height="10"/><text class="legend" x="28" y="{}">{}</text>"#,
            s.class,
            f1(y - 9.0),
            f1(y),
            esc(s.name)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// An axis end and tick step for data up to `max`: a step of 1, 2 or 5 × 10ⁿ giving at most
/// six ticks, and room above the largest value so no bubble sits on the edge.
pub fn nice_axis(max: f64) -> (f64, f64) {
    let target = max * 1.12;
    let raw = target / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| target / s <= 5.0)
        .unwrap_or(10.0 * magnitude);
    ((target / step).ceil() * step, step)
}

fn ticks(max: f64, step: f64) -> impl Iterator<Item = f64> {
    let count = (max / step).round() as u32;
    (0..=count).map(move |i| f64::from(i) * step)
}

/// CSS class of a quadrant.
pub fn quadrant_class(quadrant: Quadrant) -> &'static str {
    match quadrant {
        Quadrant::QuickWin => "q-quick",
        Quadrant::BigBet => "q-big",
        Quadrant::FillIn => "q-fill",
        Quadrant::MoneyPit => "q-pit",
    }
}

/// The smallest and largest bubble radius, whatever the size factor's magnitude.
pub const BUBBLE_RADIUS: (f64, f64) = (4.0, 14.0);

/// Bubble radii for sizes: the area grows with the size between [`BUBBLE_RADIUS`]'s bounds, on
/// a log scale when the positive sizes span two decades or more (reach in the thousands next to
/// reach of ten).
pub fn bubble_radii(sizes: &[f64]) -> Vec<f64> {
    let (lo, hi) = BUBBLE_RADIUS;
    let positive = sizes.iter().copied().filter(|s| *s > 0.0);
    let min = positive.clone().fold(f64::INFINITY, f64::min);
    let max = positive.fold(0.0, f64::max);
    let log = min.is_finite() && max / min >= 100.0;
    let scale = |s: f64| if log { (s / min).ln() } else { s };
    let (from, to) = if log {
        (0.0, (max / min).ln())
    } else {
        (0.0, max)
    };
    sizes
        .iter()
        .map(|&s| {
            if to <= from || s <= 0.0 {
                return if max > 0.0 && s <= 0.0 {
                    lo
                } else {
                    (lo + hi) / 2.0
                };
            }
            let t = ((scale(s) - from) / (to - from)).clamp(0.0, 1.0);
            // Area proportional: the radius grows with the square root.
            (lo * lo + t * (hi * hi - lo * lo)).sqrt()
        })
        .collect()
}

/// Why a value-against-effort chart would say nothing, in a sentence; `None` when it says
/// something (four or more initiatives whose efforts differ).
pub fn matrix_is_empty_of_meaning(m: &Matrix) -> Option<String> {
    if m.points.len() < 4 {
        return Some(format!(
            "With {} a chart says nothing the list below does not.",
            match m.points.len() {
                1 => "one initiative".to_string(),
                n => format!("{n} initiatives"),
            }
        ));
    }
    let first = m.points[0].effort;
    m.points
        .iter()
        .all(|p| p.effort == first)
        .then(|| "Every initiative has the same effort (the framework has no cost factor), so there is no effort axis to chart: the initiatives compare on value alone, as the ranking shows.".to_string())
}

/// The value-vs-effort matrix: bubbles sized by the first benefit factor (hollow for the
/// initiatives in `hollow`: not ready), split at the medians, labelled with ids where a label
/// covers no other label and no other bubble.
pub fn matrix(
    svg: &mut dyn std::fmt::Write,
    m: &Matrix,
    hollow: &std::collections::HashSet<String>,
) -> std::fmt::Result {
    let (w, h) = (680.0, 460.0);
    let (left, right, top, bottom) = (56.0, 20.0, 24.0, 48.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let (max_x, step_x) = nice_axis(m.points.iter().map(|p| p.effort).fold(1.0, f64::max));
    let (max_y, step_y) = nice_axis(m.points.iter().map(|p| p.value).fold(1.0, f64::max));
    let sx = |x: f64| left + x / max_x * pw;
    let sy = |y: f64| top + ph - y / max_y * ph;
    let count = |q: Quadrant| m.points.iter().filter(|p| p.quadrant == q).count();
    write!(
        svg,
        r#"<svg class="chart matrix" viewBox="0 0 {w} {h}" role="img" aria-labelledby="matrix-title matrix-desc"><title id="matrix-title">Value against effort</title><desc id="matrix-desc">{} initiatives. Value is {}, effort is {}; each axis is split at its median ({} and {}). Quick wins: {}; big bets: {}; fill-ins: {}; money pits: {}. The table below lists every point.</desc>"#,
        m.points.len(),
        esc(&m.value_label),
        esc(&m.effort_label),
        crate::text::short_number(m.value_median, 2),
        crate::text::short_number(m.effort_median, 2),
        count(Quadrant::QuickWin),
        count(Quadrant::BigBet),
        count(Quadrant::FillIn),
        count(Quadrant::MoneyPit),
    )?;
    let (mx, my) = (sx(m.effort_median), sy(m.value_median));
    write!(
        svg,
        r#"<rect class="plot" x="{left}" y="{top}" width="{pw}" height="{ph}"/><line class="median" x1="{}" y1="{top}" x2="{}" y2="{}"/><line class="median" x1="{left}" y1="{}" x2="{}" y2="{}"/>"#,
        f1(mx),
        f1(mx),
        f1(top + ph),
        f1(my),
        f1(left + pw),
        f1(my)
    )?;
    for (text, x, y, anchor) in [
        ("Quick wins", left + 6.0, top + 16.0, "start"),
        ("Big bets", left + pw - 6.0, top + 16.0, "end"),
        ("Fill-ins", left + 6.0, top + ph - 8.0, "start"),
        ("Money pits", left + pw - 6.0, top + ph - 8.0, "end"),
    ] {
        write!(
            svg,
            r#"<text class="quadrant" x="{}" y="{}" text-anchor="{anchor}">{text}</text>"#,
            f1(x),
            f1(y)
        )?;
    }
    for x in ticks(max_x, step_x) {
        write!(
            svg,
            r#"<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            f1(sx(x)),
            f1(top + ph + 16.0),
            crate::render::thousands(x),
        )?;
    }
    for y in ticks(max_y, step_y) {
        write!(
            svg,
            r#"<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>"#,
            f1(left - 6.0),
            f1(sy(y) + 4.0),
            crate::render::thousands(y)
        )?;
    }
    write!(
        svg,
        r#"<text class="axis-title" x="{}" y="{}" text-anchor="middle">effort →</text><text class="axis-title" transform="translate(14 {}) rotate(-90)" text-anchor="middle">value →</text>"#,
        f1(left + pw / 2.0),
        f1(h - 10.0),
        f1(top + ph / 2.0),
    )?;
    // Bubbles, largest first so small ones stay visible; identical positions fan out.
    let radii = bubble_radii(&m.points.iter().map(|p| p.size).collect::<Vec<_>>());
    let mut placed: Vec<(f64, f64, f64, &MatrixPoint)> = Vec::new();
    let mut seen: std::collections::HashMap<(u64, u64), usize> = std::collections::HashMap::new();
    for (p, &r) in m.points.iter().zip(&radii) {
        let (mut x, mut y) = (sx(p.effort), sy(p.value));
        let k = seen
            .entry((p.effort.to_bits(), p.value.to_bits()))
            .or_insert(0);
        if *k > 0 {
            let angle = *k as f64 * 2.4;
            let radius = 7.0 + 2.5 * (*k as f64).sqrt();
            x += radius * angle.cos();
            y += radius * angle.sin();
        }
        *k += 1;
        // Inside the plot, whatever the value or the fan-out.
        let x = x.clamp(left + r, left + pw - r);
        let y = y.clamp(top + r, top + ph - r);
        placed.push((x, y, r, p));
    }
    // A million points make these large: freed before the next step.
    drop((seen, radii));
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by(|&a, &b| placed[b].2.total_cmp(&placed[a].2).then(a.cmp(&b)));
    for &i in &order {
        let (x, y, r, p) = placed[i];
        write!(
            svg,
            r#"<circle class="bubble {}{}" cx="{}" cy="{}" r="{}"><title>{} {}{} · value {} · effort {}</title></circle>"#,
            quadrant_class(p.quadrant),
            if hollow.contains(p.id.as_str()) {
                " hollow"
            } else {
                ""
            },
            f1(x),
            f1(y),
            f1(r),
            esc(&p.id),
            esc(&p.name),
            if hollow.contains(p.id.as_str()) {
                " (not ready)"
            } else {
                ""
            },
            crate::render::thousands(p.value),
            crate::render::thousands(p.effort)
        )?;
    }
    drop(order);
    // Labels in rank order, each at the first of four spots that covers no other label and
    // no other bubble.
    let bubble = |n: usize| {
        let (x, y, r, p) = placed[n];
        labels::Bubble {
            x,
            y,
            r,
            width: 6.4 * p.id.chars().count() as f64,
        }
    };
    let (spots, _) = labels::place(placed.len(), bubble, (left, top, pw, ph));
    for (n, (bx, by)) in spots {
        let p = placed[n].3;
        {
            write!(
                svg,
                r#"<text class="point-label" x="{}" y="{}">{}</text>"#,
                f1(bx),
                f1(by + labels::LABEL_HEIGHT - 2.0),
                esc(&p.id)
            )?;
        }
    }
    svg.write_str("</svg>")
}

/// A bar of person-months used against the capacity (or against the largest phase when
/// capacity is unlimited).
pub fn capacity_bar(used: f64, capacity: Option<f64>, scale: f64) -> String {
    let width = 240.0;
    let full = capacity.unwrap_or(scale).max(f64::MIN_POSITIVE);
    let fill = (used / full).clamp(0.0, 1.0) * width;
    let label = match capacity {
        Some(c) => format!(
            "{} of {} person-months used",
            crate::text::short_number(used, 2),
            crate::text::short_number(c, 2)
        ),
        None => format!("{} person-months", crate::text::short_number(used, 2)),
    };
    format!(
        r#"<svg class="bar" viewBox="0 0 {width} 12" preserveAspectRatio="none" role="img" aria-label="{}"><rect class="bar-bg" x="0" y="0" width="{width}" height="12" rx="3"/><rect class="bar-fill" x="0" y="0" width="{}" height="12" rx="3"/></svg>"#,
        esc(&label),
        f1(fill)
    )
}

#[cfg(test)]
mod tests {
    use super::{BUBBLE_RADIUS, RadarSeries, bubble_radii, nice_axis, radar};

    fn matrix_of(points: &[(f64, f64)]) -> crate::model::board::Matrix {
        crate::model::board::Matrix {
            value_label: "v".into(),
            effort_label: "e".into(),
            value_median: 0.0,
            effort_median: 0.0,
            points: points
                .iter()
                .enumerate()
                .map(|(n, &(value, effort))| crate::model::board::MatrixPoint {
                    rank: n + 1,
                    id: format!("I-{n}"),
                    name: format!("Initiative {n}"),
                    value,
                    effort,
                    size: 1.0,
                    quadrant: crate::model::board::Quadrant::QuickWin,
                })
                .collect(),
        }
    }

    #[test]
    fn a_chart_that_would_say_nothing_is_a_sentence() {
        use super::matrix_is_empty_of_meaning as nothing;
        assert_eq!(
            nothing(&matrix_of(&[(1.0, 1.0), (2.0, 2.0), (3.0, 1.0)])).as_deref(),
            Some("With 3 initiatives a chart says nothing the list below does not.")
        );
        // ICE: every effort is 1.
        let ice = nothing(&matrix_of(&[
            (1.0, 1.0),
            (2.0, 1.0),
            (3.0, 1.0),
            (4.0, 1.0),
        ]));
        assert!(
            ice.unwrap()
                .starts_with("Every initiative has the same effort")
        );
        assert_eq!(
            nothing(&matrix_of(&[
                (1.0, 1.0),
                (2.0, 2.0),
                (3.0, 1.0),
                (4.0, 3.0)
            ])),
            None
        );
    }

    #[test]
    fn bubbles_stay_in_a_fixed_range_whatever_the_magnitude() {
        let (lo, hi) = BUBBLE_RADIUS;
        // RICE reach in the thousands: log scale, smallest at the floor, largest at the cap.
        let r = bubble_radii(&[10.0, 100.0, 1000.0, 5000.0]);
        assert_eq!((r[0], r[3]), (lo, hi));
        assert!(r[1] > r[0] && r[2] > r[1] && r[3] > r[2], "{r:?}");
        // A-RICE reach 1–5: linear in area.
        let r = bubble_radii(&[1.0, 5.0]);
        assert!(r[0] > lo && r[1] == hi, "{r:?}");
        // All the same, or no size: the middle of the range.
        assert_eq!(bubble_radii(&[3.0, 3.0])[0], hi);
        assert_eq!(bubble_radii(&[0.0, 0.0]), vec![(lo + hi) / 2.0; 2]);
    }

    #[test]
    fn the_radar_runs_to_the_highest_level_it_is_given() {
        let series = [RadarSeries {
            name: "Now",
            class: "now",
            levels: vec![Some(4.0), Some(2.5), None],
        }];
        let svg = radar("Maturity", &["a", "b", "c"], 4, &series);
        assert_eq!(svg.matches(r#"class="grid""#).count(), 4, "{svg}");
        assert!(
            svg.contains(r#"<text class="tick" x="344.0" y="63.0">4</text>"#),
            "{svg}"
        );
        assert!(!svg.contains(">5</text>"), "{svg}");
        // Level 4 of 4 sits on the outer ring, 140 above the centre.
        assert!(
            svg.contains(r#"<polygon class="series now" points="340.0,65.0 "#),
            "{svg}"
        );
    }

    #[test]
    fn axes_end_on_round_numbers_with_headroom() {
        assert_eq!(nice_axis(60.0), (80.0, 20.0));
        assert_eq!(nice_axis(22.5), (30.0, 10.0));
        assert_eq!(nice_axis(1.0), (1.5, 0.5));
        assert_eq!(nice_axis(125.0), (150.0, 50.0));
    }
}

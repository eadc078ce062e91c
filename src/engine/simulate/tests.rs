use super::*;
use crate::domain::FactorRange;
use crate::engine::ranking::rank_dense;
use crate::framework::builtin;

fn scoring() -> Scoring {
    builtin::default_for_tests().scoring.unwrap()
}

/// reach, impact, confidence, effort, ai_complexity, k
fn row(id: &str, values: [f64; 6]) -> Initiative {
    Initiative::new(2, id.into(), id.into(), values.to_vec(), 0)
}

fn ranged(id: &str, values: [f64; 6], factor: usize, low: f64, high: f64) -> Initiative {
    let mut i = row(id, values);
    i.values[factor] = (low + high) / 2.0;
    i.ranges = vec![FactorRange { factor, low, high }];
    i
}

fn settings(samples: usize, top_k: usize) -> Settings {
    Settings {
        samples,
        seed: 0,
        top_k,
    }
}

#[test]
fn percentiles_interpolate_like_numpy() {
    let p = |values: &[u32], q: f64| percentiles(values, [q])[0];
    assert_eq!(p(&[4, 1, 3, 2], 0.1), 1.3);
    assert_eq!(p(&[4, 1, 3, 2], 0.5), 2.5);
    assert!((p(&[4, 1, 3, 2], 0.9) - 3.7).abs() < 1e-12);
    assert_eq!(p(&[7], 0.9), 7.0);
    assert_eq!(p(&[2, 2, 9], 0.5), 2.0);
    assert!(p(&[], 0.5).is_nan());
}

#[test]
fn streams_are_uniform_and_differ_by_sample() {
    let mut a = Stream::for_sample(0, 0);
    let mut b = Stream::for_sample(0, 1);
    let draws: Vec<f64> = (0..10_000).map(|_| a.next_f64()).collect();
    assert!(draws.iter().all(|x| (0.0..1.0).contains(x)));
    let mean = draws.iter().sum::<f64>() / draws.len() as f64;
    assert!((mean - 0.5).abs() < 0.01, "{mean}");
    assert_ne!(Stream::for_sample(0, 0).next_u64(), b.next_u64());
    assert_ne!(
        Stream::for_sample(1, 0).next_u64(),
        Stream::for_sample(0, 0).next_u64()
    );
}

#[test]
fn list_scales_draw_only_allowed_values_inside_the_range() {
    let draw = Draw::Choice(vec![2.0, 3.0, 5.0]);
    let mut stream = Stream::for_sample(7, 3);
    let mut seen = [0usize; 3];
    for _ in 0..3_000 {
        let v = draw.sample(&mut stream);
        let slot = [2.0, 3.0, 5.0].iter().position(|x| *x == v).unwrap();
        seen[slot] += 1;
    }
    assert!(seen.iter().all(|&c| (900..1100).contains(&c)), "{seen:?}");
}

#[test]
fn without_ranges_every_sample_is_the_point_ranking() {
    let rows = vec![
        row("B", [5.0, 3.0, 4.0, 2.0, 2.0, 1.0]),
        row("A", [5.0, 3.0, 4.0, 2.0, 2.0, 1.0]),
        row("C", [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
    ];
    let stats = simulate(&scoring(), &rows, settings(50, 1), &|_| {}, &mut |_| {});
    let ranks: Vec<(f64, f64, f64, f64)> = stats
        .iter()
        .map(|s| (s.rank_p10, s.rank_p50, s.rank_p90, s.p_top))
        .collect();
    // A and B tie on everything: id order puts A first.
    assert_eq!(
        ranks,
        [
            (2.0, 2.0, 2.0, 0.0),
            (1.0, 1.0, 1.0, 1.0),
            (3.0, 3.0, 3.0, 0.0)
        ]
    );
    assert!(stats.iter().all(|s| !s.fragile));
}

#[test]
fn scores_equal_at_12_digits_tie_in_every_sample() {
    // 4·5·5 ÷ (3·1) × 0.9 is 30.000000000000004 and 2·3·5 ÷ (1·1) × 1 is 30: equal at 12
    // significant digits, so lower effort ranks buy first. The drawn copies (a range of one
    // value on effort, a tie-break) are ranked anew in every sample and merged with the others.
    let configure = [4.0, 5.0, 5.0, 3.0, 1.0, 0.9];
    let buy = [2.0, 3.0, 5.0, 1.0, 1.0, 1.0];
    assert_eq!(
        scoring().formula.eval(&configure),
        30.000000000000004,
        "the example still needs the rounding"
    );
    let rows = vec![
        row("configure", configure),
        ranged("configure-drawn", configure, 3, 3.0, 3.0),
        row("buy", buy),
        ranged("buy-drawn", buy, 3, 1.0, 1.0),
    ];
    let stats = simulate(&scoring(), &rows, settings(100, 1), &|_| {}, &mut |_| {});
    let ranks: Vec<(f64, f64)> = stats.iter().map(|s| (s.rank_p10, s.rank_p90)).collect();
    assert_eq!(ranks, [(3.0, 3.0), (4.0, 4.0), (1.0, 1.0), (2.0, 2.0)]);
}

#[test]
fn drawn_scores_equal_at_12_digits_tie_in_every_sample() {
    // As above, but the copies' scores are drawn: reach on a list scale, with a range that
    // holds one allowed value, so every sample scores them 30.000000000000004 and 30 before
    // rounding. Equal at 12 digits to each other and to the fixed rows, all four go to the
    // tie-breaks: lower effort (buy) first, then the id.
    let s = with_reach_on_a_list(
        "itsm-ai",
        "scale: {min: 0, max: 5}",
        "scale: {values: [0, 1, 2, 3, 4, 5]}",
    );
    let configure = [4.0, 5.0, 5.0, 3.0, 1.0, 0.9];
    let buy = [2.0, 3.0, 5.0, 1.0, 1.0, 1.0];
    let rows = vec![
        ranged("configure-drawn", configure, 0, 3.5, 4.5),
        row("configure", configure),
        ranged("buy-drawn", buy, 0, 1.5, 2.5),
        row("buy", buy),
    ];
    let breaks: Vec<(usize, Prefer)> = s
        .tie_breaks
        .iter()
        .map(|tb| (tb.factor, tb.prefer))
        .collect();
    assert_eq!(movement(&s, &rows[0], &breaks), Movement::Score);
    let stats = simulate(&s, &rows, settings(100, 1), &|_| {}, &mut |_| {});
    let ranks: Vec<(f64, f64)> = stats.iter().map(|s| (s.rank_p10, s.rank_p90)).collect();
    assert_eq!(ranks, [(4.0, 4.0), (3.0, 3.0), (2.0, 2.0), (1.0, 1.0)]);
}

#[test]
fn an_overlapping_range_wins_about_half_the_time() {
    // A scores 10; B's reach 0–4 gives a score uniform on 0–20.
    let rows = vec![
        row("A", [2.0, 5.0, 5.0, 5.0, 1.0, 1.0]),
        ranged("B", [0.0, 5.0, 5.0, 5.0, 1.0, 1.0], 0, 0.0, 4.0),
    ];
    let stats = simulate(&scoring(), &rows, settings(20_000, 1), &|_| {}, &mut |_| {});
    assert!((stats[1].p_top - 0.5).abs() < 0.02, "{:?}", stats[1]);
    assert!((stats[0].p_top + stats[1].p_top - 1.0).abs() < 1e-12);
    assert_eq!((stats[0].rank_p10, stats[0].rank_p90), (1.0, 2.0));
}

#[test]
fn fragile_places_span_at_least_three_ranks() {
    let mut rows: Vec<Initiative> = (0..6)
        .map(|n| row(&format!("F{n}"), [3.0, 3.0, 3.0, 3.0, 1.0, 1.0]))
        .collect();
    rows.push(ranged("X", [3.0, 3.0, 3.0, 3.0, 1.0, 1.0], 0, 0.0, 5.0));
    let stats = simulate(&scoring(), &rows, settings(2_000, 3), &|_| {}, &mut |_| {});
    let x = stats[6];
    assert!(x.rank_p90 - x.rank_p10 >= 3.0 && x.fragile, "{x:?}");
    assert!(stats[..6].iter().all(|s| !s.fragile));
}

#[test]
fn the_same_seed_gives_the_same_numbers_on_any_number_of_threads() {
    let rows: Vec<Initiative> = (0..40)
        .map(|n| {
            ranged(
                &format!("I{n:02}"),
                [3.0, 3.0, 3.0, 3.0, 2.0, 1.0],
                n % 5,
                1.0,
                4.0,
            )
        })
        .collect();
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| simulate(&scoring(), &rows, settings(300, 10), &|_| {}, &mut |_| {}))
    };
    let one = run(1);
    assert_eq!(one, run(3));
    let other_seed = simulate(
        &scoring(),
        &rows,
        Settings {
            seed: 1,
            ..settings(300, 10)
        },
        &|_| {},
        &mut |_| {},
    );
    assert_ne!(one, other_seed);
}

#[test]
fn the_fast_ranking_equals_the_full_comparison() {
    // Jitter 1e-9 keeps tie-break values alike in their top bits but not equal. 400 rows are
    // sorted by comparison; 5,000 by radix, and with `wide` the scores span more binades than
    // two radix digits hold (so rows are sorted again on the bits left out).
    for (n, wide) in [(400, false), (5_000, false), (5_000, true)] {
        for jitter in [1.0, 1e-9] {
            check_fast_ranking(n, jitter, wide);
        }
    }
}

fn check_fast_ranking(n: usize, jitter: f64, wide: bool) {
    let scoring = scoring();
    let width = scoring.factors.len();
    let mut stream = Stream::for_sample(3, 3);
    // Coarse values so that equal scores and equal tie-break values are common; with `wide`,
    // a third of the reach values are spread over 40 binades.
    let values: Vec<f64> = (0..n * width)
        .map(|i| match i % width {
            5 => 1.0,
            0 if wide && stream.next_u64().is_multiple_of(3) => {
                (stream.next_f64() * 40.0 - 30.0).exp2()
            }
            f if f < 3 => (stream.next_u64() % 3) as f64,
            _ => {
                1.0 + (stream.next_u64() % 3) as f64
                    + if stream.next_u64().is_multiple_of(4) {
                        stream.next_f64() * jitter
                    } else {
                        0.0
                    }
            }
        })
        .collect();
    let scores: Vec<f64> = (0..n)
        .map(|r| scoring.formula.eval(&values[r * width..(r + 1) * width]))
        .collect();
    let ids: Vec<String> = (0..n).map(|r| format!("I{:04}", (r * 7919) % n)).collect();
    let mut by_id: Vec<u32> = (0..n as u32).collect();
    by_id.sort_by(|&a, &b| ids[a as usize].cmp(&ids[b as usize]));
    let mut id_position = vec![0u32; n];
    for (p, &r) in by_id.iter().enumerate() {
        id_position[r as usize] = p as u32;
    }
    let mut expected: Vec<u32> = (0..n as u32).collect();
    expected.sort_by(|&a, &b| {
        let (a, b) = (a as usize, b as usize);
        let (values, breaks) = (&values, &scoring.tie_breaks);
        let value = |row: usize| move |j: usize| values[row * width + breaks[j].factor];
        crate::engine::ranking::compare(
            crate::engine::rank::prefer(&scoring),
            (scores[a], value(a)),
            (scores[b], value(b)),
        )
        .0
        .then(ids[a].cmp(&ids[b]))
    });
    let mut order = by_id.clone();
    let breaks: Vec<(usize, Prefer)> = scoring
        .tie_breaks
        .iter()
        .map(|tb| (tb.factor, tb.prefer))
        .collect();
    let fixed = Fixed {
        breaks: &breaks,
        width,
        id_position: &id_position,
        by_id: &by_id,
    };
    assert_eq!(
        rank_dense(&fixed, &scores, &values).as_ref(),
        Some(&expected)
    );
    Ranker::new(n).rank(&fixed, &scores, &values, &mut order);
    assert_eq!(order, expected);
}

#[test]
fn dense_ranking_declines_what_it_cannot_pack() {
    let n = 70_000;
    let scores: Vec<f64> = (0..n).map(|r| r as f64 / 7.0).collect();
    let values = vec![0.0; n];
    let by_id: Vec<u32> = (0..n as u32).collect();
    let breaks = [(0, Prefer::Lower)];
    let fixed = Fixed {
        breaks: &breaks,
        width: 1,
        id_position: &by_id,
        by_id: &by_id,
    };
    // More distinct scores than it counts.
    assert_eq!(rank_dense(&fixed, &scores, &values), None);
    // Few enough, and in order: the best score first, then id order among equals.
    let scores: Vec<f64> = (0..n).map(|r| (r % 3) as f64).collect();
    let order = rank_dense(&fixed, &scores, &values).unwrap();
    assert_eq!(&order[..3], &[2, 5, 8]);
    assert_eq!(order[n / 3], 1);
}

#[test]
fn dense_ranking_by_wide_keys_equals_the_full_comparison() {
    // 2,003 scores × 1,009 tie values: too many combinations to count, so the radix path.
    let n = 30_000;
    let scores: Vec<f64> = (0..n).map(|r| ((r * 13) % 2003) as f64 * 0.5).collect();
    let values: Vec<f64> = (0..n).map(|r| ((r * 7) % 1009) as f64).collect();
    // Ids not in row order.
    let mut by_id: Vec<u32> = (0..n as u32).collect();
    by_id.sort_by_key(|&r| (r as usize * 7919) % n);
    let mut id_position = vec![0u32; n];
    for (p, &r) in by_id.iter().enumerate() {
        id_position[r as usize] = p as u32;
    }
    let breaks = [(0, Prefer::Lower)];
    let fixed = Fixed {
        breaks: &breaks,
        width: 1,
        id_position: &id_position,
        by_id: &by_id,
    };
    let mut expected: Vec<u32> = (0..n as u32).collect();
    expected.sort_by(|&a, &b| exact_order(&fixed, &scores, &values, a as usize, b as usize));
    assert_eq!(rank_dense(&fixed, &scores, &values), Some(expected));
}

#[test]
fn rows_whose_ranges_cannot_move_them_are_ranked_once() {
    let s = scoring();
    let breaks: Vec<(usize, Prefer)> = s
        .tie_breaks
        .iter()
        .map(|tb| (tb.factor, tb.prefer))
        .collect();
    // reach 0 makes the score 0 whatever impact is; effort and confidence (the tie-breaks) fixed.
    let zero = ranged("Z", [0.0, 3.0, 3.0, 2.0, 1.0, 1.0], 1, 1.0, 5.0);
    assert_eq!(movement(&s, &zero, &breaks), Movement::None);
    // A range on a tie-break factor moves the row among equal scores only.
    let tie = ranged("T", [0.0, 3.0, 3.0, 2.0, 1.0, 1.0], 3, 1.0, 3.0);
    assert_eq!(movement(&s, &tie, &breaks), Movement::TiesOnly);
    // A range that changes the score.
    let moving = ranged("M", [2.0, 3.0, 3.0, 2.0, 1.0, 1.0], 1, 1.0, 5.0);
    assert_eq!(movement(&s, &moving, &breaks), Movement::Score);
    let tie_and_score = ranged("B", [2.0, 3.0, 3.0, 2.0, 1.0, 1.0], 3, 1.0, 3.0);
    assert_eq!(movement(&s, &tie_and_score, &breaks), Movement::Score);
    let fixed = row("F", [2.0, 3.0, 3.0, 2.0, 1.0, 1.0]);
    assert_eq!(movement(&s, &fixed, &breaks), Movement::None);
    let f = |src: &str| crate::formula::Formula::compile(src, &["a", "b"]).unwrap();
    assert!(never_negative(f("a * b / (a + 1)").tree()));
    assert!(!never_negative(f("a * (b - 3)").tree()));
    assert!(!never_negative(f("a * ln(b)").tree()));
    assert!(!never_negative(f("-a").tree()));
}

#[test]
fn the_simulation_equals_a_plain_sample_by_sample_reference() {
    // 60 rows: fixed ones, ranged ones, rows whose score is 0 whatever is drawn, ranged
    // tie-breaks and equal scores; 300 samples (four full blocks and a partial one).
    let s = scoring();
    let mut stream = Stream::for_sample(9, 9);
    let rows: Vec<Initiative> = (0..60)
        .map(|r| {
            let coarse = |stream: &mut Stream| 1.0 + (stream.next_u64() % 3) as f64;
            let reach = if r % 7 == 0 { 0.0 } else { coarse(&mut stream) };
            let values = [
                reach,
                coarse(&mut stream),
                3.0,
                coarse(&mut stream),
                2.0,
                1.0,
            ];
            let id = format!("R{:02}", (r * 37) % 60);
            match r % 4 {
                0 => row(&id, values),
                factor => ranged(&id, values, factor, 1.0, 4.0),
            }
        })
        .collect();
    let settings = settings(300, 7);
    assert_eq!(s.factors.len(), 6);
    let expected = reference_stats(&s, &rows, settings);
    assert_eq!(
        simulate(&s, &rows, settings, &|_| {}, &mut |_| {}),
        expected
    );
}

#[test]
fn rows_with_a_fixed_score_and_drawn_tie_breaks_equal_the_reference() {
    // RICE with reach on a list scale that holds 0: rows with reach fixed at 0 score 0 in every
    // sample while their effort or confidence is drawn, and rows with a reach range land on
    // that same 0 in about a third of the samples, so every part of the ranking meets: drawn
    // scores, fixed scores with drawn tie-breaks, fixed rows, and equal scores among all three.
    let s = with_reach_on_a_list(
        "rice",
        "scale: {min: 0}\n      aliases: [r]",
        "scale: {values: [0, 1, 2]}\n      aliases: [r]",
    );
    let mut stream = Stream::for_sample(5, 5);
    let pick = |stream: &mut Stream, of: &[f64]| of[(stream.next_u64() % of.len() as u64) as usize];
    let rows: Vec<Initiative> = (0..72)
        .map(|r| {
            let reach = if r % 5 == 0 {
                0.0
            } else {
                pick(&mut stream, &[0.0, 1.0, 2.0])
            };
            let values = [
                reach,
                pick(&mut stream, &[0.5, 1.0, 2.0]),
                pick(&mut stream, &[0.5, 0.8, 1.0]),
                pick(&mut stream, &[1.0, 2.0]),
            ];
            let id = format!("R{:02}", (r * 41) % 72);
            let range = |factor: usize, low: f64, high: f64| FactorRange { factor, low, high };
            let ranges = match r % 6 {
                0 => vec![],
                1 => vec![range(0, 0.0, 2.0)],
                2 => vec![range(2, 0.5, 1.0)],
                3 => vec![range(3, 1.0, 2.0)],
                4 => vec![range(0, 0.0, 2.0), range(3, 1.0, 2.0)],
                _ => vec![range(1, 0.5, 2.0), range(2, 0.5, 0.8)],
            };
            let mut i = Initiative::new(2, id.clone(), id, values.to_vec(), 0);
            for range in &ranges {
                i.values[range.factor] = (range.low + range.high) / 2.0;
            }
            i.ranges = ranges;
            i
        })
        .collect();
    let breaks: Vec<(usize, Prefer)> = s
        .tie_breaks
        .iter()
        .map(|tb| (tb.factor, tb.prefer))
        .collect();
    let kinds: Vec<Movement> = rows.iter().map(|i| movement(&s, i, &breaks)).collect();
    for kind in [Movement::None, Movement::TiesOnly, Movement::Score] {
        assert!(kinds.contains(&kind), "{kind:?} is covered");
    }
    let settings = settings(300, 9);
    let expected = reference_stats(&s, &rows, settings);
    assert_eq!(
        simulate(&s, &rows, settings, &|_| {}, &mut |_| {}),
        expected
    );
}

/// The built-in framework `id` with its first `scale` text replaced by `list`: reach on a
/// list scale.
fn with_reach_on_a_list(id: &str, scale: &str, list: &str) -> Scoring {
    let (_, file, text) = builtin::BUILTINS
        .iter()
        .find(|(builtin, _, _)| *builtin == id)
        .unwrap();
    assert!(text.contains(scale), "{id} still has {scale}");
    let text = text.replacen(scale, list, 1);
    let s = crate::framework::validate::load(file, &text)
        .unwrap()
        .scoring
        .unwrap();
    assert!(
        matches!(s.factors[0].scale, Scale::List(_)),
        "reach is a list"
    );
    s
}

/// The simulation as written, sample by sample: every range drawn in turn from the sample's
/// stream (uniform, or one of a list scale's values inside it), the rows scored and sorted by
/// score, then lower effort (factor 3), then higher confidence (factor 2), then id; numpy's
/// percentiles of each row's ranks.
fn reference_stats(s: &Scoring, rows: &[Initiative], settings: Settings) -> Vec<RankStats> {
    let n = rows.len();
    let mut ranks = vec![Vec::new(); n];
    for sample in 0..settings.samples {
        let mut stream = Stream::for_sample(settings.seed, sample as u64);
        let drawn: Vec<Vec<f64>> = rows
            .iter()
            .map(|i| {
                let mut values = i.values.clone();
                for r in &i.ranges {
                    let u = stream.next_f64();
                    values[r.factor] = match &s.factors[r.factor].scale {
                        Scale::List(list) => {
                            let allowed: Vec<f64> = list
                                .iter()
                                .copied()
                                .filter(|v| (r.low..=r.high).contains(v))
                                .collect();
                            allowed[(u * allowed.len() as f64) as usize]
                        }
                        Scale::Continuous { .. } => r.low + (r.high - r.low) * u,
                    };
                }
                values
            })
            .collect();
        let scores: Vec<f64> = drawn
            .iter()
            .map(|v| crate::engine::rank::score(s, v))
            .collect();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| {
            scores[b]
                .total_cmp(&scores[a])
                .then(drawn[a][3].total_cmp(&drawn[b][3]))
                .then(drawn[b][2].total_cmp(&drawn[a][2]))
                .then(rows[a].id.cmp(&rows[b].id))
        });
        for (place, &r) in order.iter().enumerate() {
            ranks[r].push(place as u32 + 1);
        }
    }
    let spread = (n as f64 / 10.0).max(3.0);
    ranks
        .iter()
        .map(|column| {
            let [rank_p10, rank_p50, rank_p90] = percentiles(column, [0.1, 0.5, 0.9]);
            let top = column
                .iter()
                .filter(|&&r| r as usize <= settings.top_k)
                .count();
            RankStats {
                rank_p10,
                rank_p50,
                rank_p90,
                p_top: top as f64 / settings.samples as f64,
                fragile: rank_p90 - rank_p10 >= spread,
            }
        })
        .collect()
}

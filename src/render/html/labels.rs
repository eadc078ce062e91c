//! Where the matrix's point labels go: each at the first of four spots beside its bubble that
//! stays inside the plot and covers no label placed before it and no other bubble. Boxes are
//! kept in a grid of square cells, so each test looks only at the boxes near it and a million
//! points are labelled in linear time (a plain scan of every bubble per label was quadratic).

/// A box: x, y (top-left), width, height.
pub type Rect = (f64, f64, f64, f64);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// Side of a grid cell in SVG units: about a bubble's smallest diameter.
const CELL: f64 = 8.0;

/// Boxes bucketed by the grid cells they touch, within a bounding area. Cell `c` holds
/// `members[starts[c]..starts[c + 1]]` once the grid is packed; boxes added after that (the
/// labels, a few thousand at most) go to `extra`.
struct Grid {
    area: Rect,
    columns: usize,
    rows: usize,
    starts: Vec<u32>,
    members: Vec<u32>,
    extra: Vec<Vec<u32>>,
    boxes: Vec<Rect>,
}

impl Grid {
    fn new(area: Rect) -> Grid {
        let columns = ((area.2 / CELL).ceil() as usize).max(1);
        let rows = ((area.3 / CELL).ceil() as usize).max(1);
        Grid {
            area,
            columns,
            rows,
            starts: vec![0; columns * rows + 1],
            members: Vec::new(),
            extra: vec![Vec::new(); columns * rows],
            boxes: Vec::new(),
        }
    }

    /// A grid of `count` boxes, box `n` being `rect(n)` (not stored: `hits` asks for it
    /// again), packed into one list: a million bubbles touch several million cells, held in one
    /// exact allocation rather than a growing list per cell.
    fn packed(area: Rect, count: usize, rect: impl Fn(usize) -> Rect) -> Grid {
        let mut grid = Grid::new(area);
        let mut counts = vec![0u32; grid.columns * grid.rows];
        for n in 0..count {
            grid.each_cell(rect(n), |c| counts[c] += 1);
        }
        let mut total = 0;
        for (c, count) in counts.iter().enumerate() {
            grid.starts[c] = total;
            total += count;
        }
        grid.starts[counts.len()] = total;
        let mut next: Vec<u32> = grid.starts[..counts.len()].to_vec();
        let mut members = vec![0; total as usize];
        for n in 0..count {
            grid.each_cell(rect(n), |c| {
                members[next[c] as usize] = n as u32;
                next[c] += 1;
            });
        }
        grid.members = members;
        grid
    }

    /// Calls `f` with each cell a box touches.
    fn each_cell(&self, b: Rect, mut f: impl FnMut(usize)) {
        let (xs, ys) = self.span(b);
        for y in ys {
            for x in xs.clone() {
                f(y * self.columns + x);
            }
        }
    }

    /// The cells a box touches (clamped to the grid).
    fn span(
        &self,
        b: Rect,
    ) -> (
        std::ops::RangeInclusive<usize>,
        std::ops::RangeInclusive<usize>,
    ) {
        let cell = |v: f64, from: f64, count: usize| {
            (((v - from) / CELL).floor().max(0.0) as usize).min(count - 1)
        };
        let (x0, x1) = (
            cell(b.0, self.area.0, self.columns),
            cell(b.0 + b.2, self.area.0, self.columns),
        );
        let (y0, y1) = (
            cell(b.1, self.area.1, self.rows),
            cell(b.1 + b.3, self.area.1, self.rows),
        );
        (x0..=x1, y0..=y1)
    }

    fn insert(&mut self, b: Rect) {
        let n = self.boxes.len() as u32;
        self.boxes.push(b);
        let (xs, ys) = self.span(b);
        for y in ys {
            for x in xs.clone() {
                self.extra[y * self.columns + x].push(n);
            }
        }
    }

    /// Whether a box other than number `skip` overlaps `b`, box `n` being `rect(n)`; `work`
    /// counts the boxes compared.
    fn hits(
        &self,
        b: Rect,
        skip: Option<usize>,
        rect: impl Fn(usize) -> Rect,
        work: &mut usize,
    ) -> bool {
        let (xs, ys) = self.span(b);
        for y in ys {
            for x in xs.clone() {
                let c = y * self.columns + x;
                let packed = &self.members[self.starts[c] as usize..self.starts[c + 1] as usize];
                for &n in packed.iter().chain(&self.extra[c]) {
                    *work += 1;
                    if Some(n as usize) != skip && overlaps(rect(n as usize), b) {
                        return true;
                    }
                }
            }
        }
        false
    }
}

/// A bubble to label: its centre, radius and the label's width.
#[derive(Debug, Clone, Copy)]
pub struct Bubble {
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// Radius.
    pub r: f64,
    /// The label's width.
    pub width: f64,
}

/// The label height in SVG units.
pub const LABEL_HEIGHT: f64 = 11.0;

/// A placed label: the bubble's number and the label's top-left corner.
pub type Label = (usize, (f64, f64));

/// The box of a bubble.
fn circle(b: &Bubble) -> Rect {
    (b.x - b.r, b.y - b.r, 2.0 * b.r, 2.0 * b.r)
}

/// The labels that fit: each bubble's number with its label's position (top-left), in order
/// (at most a few thousand: labels do not overlap); with the number of box comparisons made.
/// `count` bubbles, bubble `n` being `bubble(n)` (made when needed rather than held: a million
/// of them are 32 MB).
pub fn place(count: usize, bubble: impl Fn(usize) -> Bubble, plot: Rect) -> (Vec<Label>, usize) {
    let (left, top, pw, ph) = plot;
    // Bubbles are clamped inside the plot, and so must labels be: one grid covers both.
    let circles = Grid::packed(plot, count, |n| circle(&bubble(n)));
    let mut labels = Grid::new(plot);
    let mut work = 0;
    let height = LABEL_HEIGHT;
    let mut placed = Vec::new();
    for n in 0..count {
        let Bubble { x, y, r, width } = bubble(n);
        let spots = [
            (x + r + 2.0, y - height / 2.0),
            (x - r - 2.0 - width, y - height / 2.0),
            (x - width / 2.0, y - r - 2.0 - height),
            (x - width / 2.0, y + r + 2.0),
        ];
        let fits = spots.iter().copied().find(|&(bx, by)| {
            let rect = (bx, by, width, height);
            bx >= left
                && bx + width <= left + pw
                && by >= top
                && by + height <= top + ph
                && !labels.hits(rect, None, |o| labels.boxes[o], &mut work)
                && !circles.hits(rect, Some(n), |o| circle(&bubble(o)), &mut work)
        });
        if let Some((bx, by)) = fits {
            labels.insert((bx, by, width, height));
            placed.push((n, (bx, by)));
        }
    }
    (placed, work)
}

#[cfg(test)]
mod tests {
    use super::{Bubble, LABEL_HEIGHT, Rect, overlaps, place};

    const PLOT: Rect = (56.0, 24.0, 604.0, 388.0);

    /// Points spread over the plot by a fixed sequence (no randomness).
    fn spread(n: usize) -> Vec<Bubble> {
        (0..n)
            .map(|k| {
                let (u, v) = ((k as f64 * 0.618_034) % 1.0, (k as f64 * 0.754_878) % 1.0);
                let r = 4.0 + (k % 11) as f64;
                Bubble {
                    x: (PLOT.0 + r + u * (PLOT.2 - 2.0 * r)),
                    y: (PLOT.1 + r + v * (PLOT.3 - 2.0 * r)),
                    r,
                    width: 6.4 * (3 + k % 8) as f64,
                }
            })
            .collect()
    }

    /// The rule without the grid: every earlier label and every other bubble compared.
    fn plainly(bubbles: &[Bubble]) -> Vec<Option<(f64, f64)>> {
        let (left, top, pw, ph) = PLOT;
        let circles: Vec<Rect> = bubbles
            .iter()
            .map(|b| (b.x - b.r, b.y - b.r, 2.0 * b.r, 2.0 * b.r))
            .collect();
        let mut boxes: Vec<Rect> = Vec::new();
        let h = LABEL_HEIGHT;
        bubbles
            .iter()
            .enumerate()
            .map(|(n, b)| {
                let spots = [
                    (b.x + b.r + 2.0, b.y - h / 2.0),
                    (b.x - b.r - 2.0 - b.width, b.y - h / 2.0),
                    (b.x - b.width / 2.0, b.y - b.r - 2.0 - h),
                    (b.x - b.width / 2.0, b.y + b.r + 2.0),
                ];
                let fits = spots.iter().copied().find(|&(bx, by)| {
                    let rect = (bx, by, b.width, h);
                    bx >= left
                        && bx + b.width <= left + pw
                        && by >= top
                        && by + h <= top + ph
                        && !boxes.iter().any(|o| overlaps(*o, rect))
                        && !circles
                            .iter()
                            .enumerate()
                            .any(|(o, c)| o != n && overlaps(*c, rect))
                });
                if let Some((bx, by)) = fits {
                    boxes.push((bx, by, b.width, h));
                }
                fits
            })
            .collect()
    }

    #[test]
    fn the_grid_places_every_label_where_the_plain_rule_does() {
        for n in [1, 5, 40, 300, 2000] {
            let bubbles = spread(n);
            let (placed, _) = place(bubbles.len(), |k| bubbles[k], PLOT);
            let plain: Vec<super::Label> = plainly(&bubbles)
                .into_iter()
                .enumerate()
                .filter_map(|(n, spot)| Some((n, spot?)))
                .collect();
            assert_eq!(placed, plain, "{n} points");
            if n == 40 {
                assert!(placed.len() > 5);
            }
        }
    }

    #[test]
    fn labelling_many_points_compares_each_with_its_neighbours_only() {
        // The plain rule compares each spot with every label placed so far, then with the
        // bubbles until one overlaps: about 9 million comparisons here (450 a point, and
        // growing with the count). The grid makes about 5 a point.
        let n = 20_000;
        let bubbles = spread(n);
        let (_, work) = place(n, |k| bubbles[k], PLOT);
        assert!(work < 20 * n, "{work} comparisons for {n} points");
    }
}

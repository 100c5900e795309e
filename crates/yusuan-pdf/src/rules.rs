//! Ruling lines: the horizontal and vertical strokes and thin fills that draw a table's
//! cell borders, collected while a page's paths are painted and merged into one rule per
//! visible line.
//!
//! Written here rather than taken from a geometry crate: what is needed is a sort and a
//! sweep over intervals (a few dozen lines), and the tolerances are the point.

/// A segment counts as horizontal (vertical) when its rise (run) is at most this many
/// points, or at most [`RULE_AXIS_SLOPE`] of its length: exporters round coordinates.
pub const RULE_AXIS_TOLERANCE: f64 = 0.25;
/// … or when its slope is at most this (about 1°).
pub const RULE_AXIS_SLOPE: f64 = 0.017;
/// A filled rectangle thinner than this (points) in one direction is a rule along the
/// other; many exporters draw borders as thin filled rectangles.
pub const THIN_FILL: f64 = 2.0;
/// Two collinear pieces are one rule when their bands (centre line ± half thickness) are
/// at most this far apart across the rule (points)…
pub const RULE_MERGE_DISTANCE: f64 = 0.5;
/// … and their extents overlap or leave a gap of at most this (points) along it: a border
/// drawn cell by cell, or stopped at each crossing rule, comes out as one rule.
pub const RULE_JOIN_GAP: f64 = 1.5;

/// Which way a rule runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Axis {
    /// Along x: a row border.
    Horizontal,
    /// Along y: a column border.
    Vertical,
}

/// A ruling line of the page: a horizontal or vertical border, in the page coordinates of
/// [`crate::Word`] (points, origin at the bottom-left of the displayed page, y upwards,
/// after `/Rotate`).
///
/// Collinear pieces closer than [`RULE_MERGE_DISTANCE`] across and [`RULE_JOIN_GAP`] along
/// are merged, so a border drawn in pieces (or drawn twice, as a stroke and a thin fill)
/// is one rule. Only what is visible counts: pieces outside the clip path or the crop box
/// are cut away, white strokes and fills are ignored. A path with a curve draws no rule: it is
/// a shape or glyph outlines (faux-bold text written as stroked outlines), not a border.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Horizontal (a row border) or vertical (a column border).
    pub axis: Axis,
    /// The centre line: y for a horizontal rule, x for a vertical one.
    pub at: f64,
    /// Where the rule starts along its axis (x for horizontal, y for vertical); `start < end`.
    pub start: f64,
    /// Where it ends.
    pub end: f64,
    /// Thickness across the rule, in points: the stroke's line width as displayed, or the
    /// thin side of a thin filled rectangle. 0 for a hairline (line width 0) and for the
    /// edge of a filled area.
    pub thickness: f64,
    /// The edge of a filled area larger than [`THIN_FILL`] both ways (a shaded header cell),
    /// not a drawn line. Such edges are cell boundaries too, but weaker evidence than a
    /// stroke; they are never merged with drawn rules.
    pub from_fill: bool,
}

impl Rule {
    /// Whether the rule runs along x.
    pub fn is_horizontal(&self) -> bool {
        self.axis == Axis::Horizontal
    }

    /// Its length along its axis.
    pub fn length(&self) -> f64 {
        self.end - self.start
    }

    /// The box the rule covers `[x0, y0, x1, y1]`, thickness included.
    pub fn bbox(&self) -> [f64; 4] {
        let h = self.thickness / 2.0;
        match self.axis {
            Axis::Horizontal => [self.start, self.at - h, self.end, self.at + h],
            Axis::Vertical => [self.at - h, self.start, self.at + h, self.end],
        }
    }

    /// The part of the rule inside `[x0, y0, x1, y1]` (widened by `tolerance` points), if
    /// any: the rule is kept when its centre line lies within the rectangle, cut to it
    /// along its axis.
    pub fn within(&self, area: [f64; 4], tolerance: f64) -> Option<Rule> {
        let [x0, y0, x1, y1] = area;
        let (across, along) = match self.axis {
            Axis::Horizontal => ((y0, y1), (x0, x1)),
            Axis::Vertical => ((x0, x1), (y0, y1)),
        };
        if self.at < across.0 - tolerance || self.at > across.1 + tolerance {
            return None;
        }
        let start = self.start.max(along.0 - tolerance);
        let end = self.end.min(along.1 + tolerance);
        (end > start).then(|| Rule {
            start,
            end,
            ..self.clone()
        })
    }
}

/// A piece of a rule before merging.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawRule {
    pub(crate) axis: Axis,
    pub(crate) at: f64,
    pub(crate) start: f64,
    pub(crate) end: f64,
    pub(crate) thickness: f64,
    pub(crate) from_fill: bool,
}

impl RawRule {
    /// The piece of a straight segment `a`–`b` (page space) that is axis-aligned, or `None`
    /// for a diagonal (or a point).
    pub(crate) fn segment(a: (f64, f64), b: (f64, f64), thickness: f64) -> Option<RawRule> {
        let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
        let len = dx.hypot(dy);
        if !(len > 0.0 && len.is_finite()) {
            return None;
        }
        let slack = RULE_AXIS_TOLERANCE.max(RULE_AXIS_SLOPE * len);
        if dy <= slack && dx > dy {
            Some(RawRule {
                axis: Axis::Horizontal,
                at: (a.1 + b.1) / 2.0,
                start: a.0.min(b.0),
                end: a.0.max(b.0),
                thickness,
                from_fill: false,
            })
        } else if dx <= slack && dy > dx {
            Some(RawRule {
                axis: Axis::Vertical,
                at: (a.0 + b.0) / 2.0,
                start: a.1.min(b.1),
                end: a.1.max(b.1),
                thickness,
                from_fill: false,
            })
        } else {
            None
        }
    }

    /// Cuts the piece to the visible box `[x0, y0, x1, y1]`; `None` when nothing is left.
    pub(crate) fn clip(mut self, clip: &[f64; 4]) -> Option<RawRule> {
        let [x0, y0, x1, y1] = *clip;
        let (across, along) = match self.axis {
            Axis::Horizontal => ((y0, y1), (x0, x1)),
            Axis::Vertical => ((x0, x1), (y0, y1)),
        };
        // A rule exactly on the clip's edge (a table's outer border) is visible: half of
        // its stroke is inside.
        let tol = self.thickness / 2.0 + 0.01;
        if self.at < across.0 - tol || self.at > across.1 + tol {
            return None;
        }
        self.start = self.start.max(along.0);
        self.end = self.end.min(along.1);
        (self.end >= self.start).then_some(self)
    }
}

/// Merges collinear, overlapping or touching pieces (same axis, same `from_fill`) into
/// rules; the result is sorted by axis (horizontal first), kind, position and start.
pub(crate) fn merge(mut raw: Vec<RawRule>) -> Vec<Rule> {
    raw.retain(|r| r.at.is_finite() && r.start.is_finite() && r.end.is_finite());
    raw.sort_by(|a, b| {
        a.axis
            .cmp(&b.axis)
            .then(a.from_fill.cmp(&b.from_fill))
            .then(a.at.total_cmp(&b.at))
    });
    let mut out = Vec::new();
    let mut group: Vec<RawRule> = Vec::new();
    let mut group_hi = f64::NEG_INFINITY;
    for r in raw {
        let joins = group.first().is_some_and(|g| {
            g.axis == r.axis
                && g.from_fill == r.from_fill
                && r.at - r.thickness / 2.0 <= group_hi + RULE_MERGE_DISTANCE
        });
        if !joins {
            merge_group(&mut group, &mut out);
            group_hi = f64::NEG_INFINITY;
        }
        group_hi = group_hi.max(r.at + r.thickness / 2.0);
        group.push(r);
    }
    merge_group(&mut group, &mut out);
    out.sort_by(|a, b| {
        a.axis
            .cmp(&b.axis)
            .then(a.from_fill.cmp(&b.from_fill))
            .then(a.at.total_cmp(&b.at))
            .then(a.start.total_cmp(&b.start))
    });
    out
}

/// Pieces at (about) one position: joined along the axis where they overlap or touch.
fn merge_group(group: &mut Vec<RawRule>, out: &mut Vec<Rule>) {
    group.sort_by(|a, b| a.start.total_cmp(&b.start));
    // The rule being built: its extent and its band across (lo, hi).
    let mut cur: Option<(RawRule, f64, f64)> = None;
    for r in group.drain(..) {
        let (lo, hi) = (r.at - r.thickness / 2.0, r.at + r.thickness / 2.0);
        match cur.as_mut() {
            Some((c, clo, chi)) if r.start <= c.end + RULE_JOIN_GAP => {
                c.end = c.end.max(r.end);
                *clo = clo.min(lo);
                *chi = chi.max(hi);
            }
            _ => {
                if let Some(done) = cur.take() {
                    out.push(finish(done));
                }
                cur = Some((r, lo, hi));
            }
        }
    }
    if let Some(done) = cur {
        out.push(finish(done));
    }
}

fn finish((r, lo, hi): (RawRule, f64, f64)) -> Rule {
    Rule {
        axis: r.axis,
        at: (lo + hi) / 2.0,
        start: r.start,
        end: r.end,
        thickness: hi - lo,
        from_fill: r.from_fill,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(at: f64, start: f64, end: f64, thickness: f64) -> RawRule {
        RawRule {
            axis: Axis::Horizontal,
            at,
            start,
            end,
            thickness,
            from_fill: false,
        }
    }

    #[test]
    fn segments_are_classified() {
        let r = RawRule::segment((10.0, 5.0), (100.0, 5.1), 0.5).unwrap();
        assert_eq!(r.axis, Axis::Horizontal);
        assert!((r.at - 5.05).abs() < 1e-9);
        let r = RawRule::segment((3.0, 100.0), (3.0, 10.0), 0.5).unwrap();
        assert_eq!((r.axis, r.start, r.end), (Axis::Vertical, 10.0, 100.0));
        assert!(RawRule::segment((0.0, 0.0), (10.0, 10.0), 1.0).is_none());
        assert!(RawRule::segment((1.0, 1.0), (1.0, 1.0), 1.0).is_none());
    }

    #[test]
    fn pieces_merge_into_one_rule() {
        // A border drawn cell by cell, with a gap where a column rule crosses, plus the same
        // border drawn again as a thin fill a little lower.
        let rules = merge(vec![
            h(100.0, 10.0, 50.0, 0.14),
            h(100.0, 51.0, 90.0, 0.14),
            h(99.6, 10.0, 90.0, 0.96),
            h(120.0, 10.0, 90.0, 0.5),
            h(100.0, 95.0, 120.0, 0.14),
        ]);
        assert_eq!(rules.len(), 3, "{rules:?}");
        assert_eq!((rules[0].start, rules[0].end), (10.0, 90.0));
        assert!((rules[0].at - 99.6).abs() < 0.01);
        assert!((rules[0].thickness - 0.96).abs() < 0.01);
        assert_eq!((rules[1].start, rules[1].end), (95.0, 120.0));
        assert_eq!(rules[2].at, 120.0);
    }

    #[test]
    fn fills_and_strokes_stay_apart() {
        let mut fill = h(100.0, 10.0, 90.0, 0.0);
        fill.from_fill = true;
        let rules = merge(vec![h(100.0, 10.0, 90.0, 0.5), fill]);
        assert_eq!(rules.len(), 2);
        assert!(!rules[0].from_fill && rules[1].from_fill);
    }

    #[test]
    fn clip_and_within() {
        let r = h(100.0, 0.0, 500.0, 1.0);
        let c = r.clip(&[50.0, 0.0, 200.0, 100.0]).unwrap();
        assert_eq!((c.start, c.end), (50.0, 200.0));
        assert!(r.clip(&[0.0, 0.0, 500.0, 90.0]).is_none());
        let rule = merge(vec![r]).remove(0);
        let w = rule.within([100.0, 90.0, 300.0, 110.0], 0.0).unwrap();
        assert_eq!((w.start, w.end), (100.0, 300.0));
        assert!(rule.within([100.0, 0.0, 300.0, 50.0], 1.0).is_none());
    }
}

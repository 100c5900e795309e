//! A grid of cells with spans: the header rows of a table and the performance forms.

use yusuan_model::Amount;

/// What a cell of a grid holds, so a renderer can style it.
#[derive(Clone, Debug, PartialEq)]
pub enum CellRole {
    /// A column header (`总计`, `2025年预算数`).
    Header,
    /// A field label of a form (`项目名称`, `当年预算`).
    Label,
    /// Free text (a project's name, its 概况, an indicator's value).
    Text,
    /// An amount; `text` is the amount as shown.
    Amount(Amount),
}

/// One cell: its top-left position, how many rows and columns it covers, and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
    pub text: String,
    pub role: CellRole,
}

impl Cell {
    pub fn is_merged(&self) -> bool {
        self.rows > 1 || self.cols > 1
    }

    pub fn last_row(&self) -> usize {
        self.row + self.rows.max(1) - 1
    }

    pub fn last_col(&self) -> usize {
        self.col + self.cols.max(1) - 1
    }
}

/// What occupies one position of a grid.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The top-left position of `cells[i]`.
    Origin(usize),
    /// Below the origin of a vertically merged `cells[i]`, in its first column (Word's
    /// `w:vMerge` continuation).
    Below(usize),
    /// Covered by `cells[i]` anywhere else (right of its first column).
    Covered(usize),
    /// Nothing there.
    Empty,
}

/// Cells laid out on `rows` × `cols` positions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grid {
    pub rows: usize,
    pub cols: usize,
    pub cells: Vec<Cell>,
}

impl Grid {
    /// Every position and what occupies it (cells outside the grid are ignored).
    pub fn slots(&self) -> Vec<Vec<Slot>> {
        let mut m = vec![vec![Slot::Empty; self.cols]; self.rows];
        for (i, c) in self.cells.iter().enumerate() {
            for r in c.row..=c.last_row() {
                for k in c.col..=c.last_col() {
                    let Some(slot) = m.get_mut(r).and_then(|row| row.get_mut(k)) else {
                        continue;
                    };
                    *slot = if r == c.row && k == c.col {
                        Slot::Origin(i)
                    } else if k == c.col {
                        Slot::Below(i)
                    } else {
                        Slot::Covered(i)
                    };
                }
            }
        }
        m
    }

    /// The cells that start on row `r`, left to right.
    pub fn row_cells(&self, r: usize) -> impl Iterator<Item = &Cell> {
        let mut v: Vec<&Cell> = self.cells.iter().filter(|c| c.row == r).collect();
        v.sort_by_key(|c| c.col);
        v.into_iter()
    }
}

/// The header grid of columns given by their header paths, top to bottom
/// (`["2025年预算数", "公务用车购置及运行费", "小计"]`).
///
/// Adjacent columns that share a path prefix share the group cell above them (a column
/// span); a leaf shallower than the deepest path reaches down to the last header row (a row
/// span), as the official templates print `合计` beside a two-level group.
pub fn header_grid(paths: &[Vec<String>]) -> Grid {
    let depth = paths.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut cells = Vec::new();
    for level in 0..depth {
        let mut c = 0;
        while let Some(p) = paths.get(c) {
            if p.is_empty() {
                if level == 0 {
                    cells.push(Cell {
                        row: 0,
                        col: c,
                        rows: depth,
                        cols: 1,
                        text: String::new(),
                        role: CellRole::Header,
                    });
                }
                c += 1;
                continue;
            }
            let Some(text) = p.get(level) else {
                c += 1;
                continue;
            };
            if level + 1 == p.len() {
                cells.push(Cell {
                    row: level,
                    col: c,
                    rows: depth - level,
                    cols: 1,
                    text: text.clone(),
                    role: CellRole::Header,
                });
                c += 1;
                continue;
            }
            let mut end = c + 1;
            while paths
                .get(end)
                .is_some_and(|q| q.len() > level + 1 && q.get(..=level) == p.get(..=level))
            {
                end += 1;
            }
            cells.push(Cell {
                row: level,
                col: c,
                rows: 1,
                cols: end - c,
                text: text.clone(),
                role: CellRole::Header,
            });
            c = end;
        }
    }
    Grid {
        rows: depth,
        cols: paths.len(),
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn three_level_header_of_the_three_public_table() {
        let g = header_grid(&[
            p(&["2025年预算数", "合计"]),
            p(&["2025年预算数", "因公出国（境）费"]),
            p(&["2025年预算数", "公务用车购置及运行费", "小计"]),
            p(&["2025年预算数", "公务用车购置及运行费", "公务用车购置费"]),
            p(&["2025年预算数", "公务用车购置及运行费", "公务用车运行费"]),
            p(&["2025年预算数", "公务接待费"]),
        ]);
        assert_eq!((g.rows, g.cols), (3, 6));
        let top = &g.cells[0];
        assert_eq!((top.row, top.col, top.rows, top.cols), (0, 0, 1, 6));
        let total = g.cells.iter().find(|c| c.text == "合计").unwrap();
        assert_eq!((total.row, total.rows), (1, 2));
        let vehicle = g
            .cells
            .iter()
            .find(|c| c.text == "公务用车购置及运行费")
            .unwrap();
        assert_eq!((vehicle.row, vehicle.col, vehicle.cols), (1, 2, 3));
        let sub = g.cells.iter().find(|c| c.text == "小计").unwrap();
        assert_eq!((sub.row, sub.rows), (2, 1));
        let slots = g.slots();
        assert_eq!(slots[2][0], Slot::Below(1));
        assert_eq!(slots[0][3], Slot::Covered(0));
    }

    #[test]
    fn flat_header_is_one_row() {
        let g = header_grid(&[p(&["项目"]), p(&["预算数"])]);
        assert_eq!(g.rows, 1);
        assert!(g.cells.iter().all(|c| !c.is_merged()));
    }
}

//! Halves of two-file disclosures (情况说明 and tables published apart) put aside until every
//! file of a batch is read, then paired and handed back a pair at a time. A batch of a province
//! whose units all publish in two files would otherwise hold every disclosure in memory to the
//! end: here each is written to a temporary folder as it comes (by the thread that read it), and
//! only what pairing needs ([`HalfKey`]: half, year, kind, the unit's name, the narrative's
//! words) stays in memory.

use std::io::BufWriter;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use yusuan_import::HalfKey;
use yusuan_model::Disclosure;

/// The temporary folder halves are put aside in; shared by the threads that read them. The
/// folder and what is left in it go when this is dropped.
#[derive(Default)]
pub struct Shelf {
    dir: OnceLock<Result<tempfile::TempDir, String>>,
    next: AtomicUsize,
}

/// A half put aside: what pairing needs, and where the disclosure is.
pub struct Aside {
    key: HalfKey,
    path: PathBuf,
}

/// A half as put aside: the disclosure and what its JSON leaves out (the source's lines and
/// cut characters, which the text rules and YS711 read).
type Stored = (
    Disclosure,
    Vec<yusuan_model::disclosure::TextLine>,
    Vec<yusuan_model::disclosure::CutText>,
);

impl Shelf {
    /// Write a half to the folder (made with the first).
    pub fn put(&self, d: &Disclosure) -> Result<Aside, String> {
        let dir = self
            .dir
            .get_or_init(|| {
                tempfile::Builder::new()
                    .prefix("yusuan-halves-")
                    .tempdir()
                    .map_err(|e| {
                        format!("无法创建临时文件夹 (cannot create a temporary folder): {e}")
                    })
            })
            .as_ref()
            .map_err(Clone::clone)?;
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let path = dir.path().join(format!("{n}.json"));
        let file = std::fs::File::create(&path)
            .map_err(|e| format!("{}: 无法写出 (cannot write): {e}", path.display()))?;
        serde_json::to_writer(
            BufWriter::new(file),
            &(d, &d.source.text, &d.source.cut_text),
        )
        .map_err(|e| format!("{}: 无法写出 (cannot write): {e}", path.display()))?;
        Ok(Aside {
            key: HalfKey::of(d),
            path,
        })
    }
}

/// The halves put aside, each with `T` (its file, its name …), in the order they came.
pub struct Held<T> {
    held: Vec<(Aside, T)>,
}

impl<T> Default for Held<T> {
    fn default() -> Self {
        Held { held: Vec::new() }
    }
}

impl<T> Held<T> {
    pub fn keep(&mut self, aside: Aside, tag: T) {
        self.held.push((aside, tag));
    }

    /// The halves grouped as [`yusuan_import::pair_halves`] groups them (a pair, narrative
    /// half first, or a half alone), in the order of their first file; each group's
    /// disclosures are read back by [`Group::load`], where and when the caller wants them
    /// (while the [`Shelf`] they were put on is alive).
    pub fn groups(self) -> Vec<Group<T>> {
        let keys: Vec<HalfKey> = self.held.iter().map(|(a, _)| a.key.clone()).collect();
        let mut slots: Vec<Option<(PathBuf, T)>> = self
            .held
            .into_iter()
            .map(|(a, t)| Some((a.path, t)))
            .collect();
        yusuan_import::pair_keys(&keys)
            .into_iter()
            .map(|g| Group {
                parts: g
                    .into_iter()
                    .filter_map(|i| slots.get_mut(i).and_then(Option::take))
                    .collect(),
            })
            .collect()
    }
}

/// One disclosure's halves, put aside.
pub struct Group<T> {
    pub parts: Vec<(PathBuf, T)>,
}

impl<T> Group<T> {
    /// The halves read back, with their tags.
    pub fn load(self) -> Result<(Vec<Disclosure>, Vec<T>), String> {
        let mut docs = Vec::new();
        let mut tags = Vec::new();
        for (path, tag) in self.parts {
            let cannot = |e: &dyn std::fmt::Display| {
                format!("{}: 无法读取 (cannot read): {e}", path.display())
            };
            // Read whole, then parsed: serde_json parses a slice several times faster than a
            // reader (a reader's bytes come one call at a time); a review of 1,000 files, 40%
            // of them halves, spent 0.5 s of 16 s of CPU in the reader's calls.
            let bytes = std::fs::read(&path).map_err(|e| cannot(&e))?;
            let (mut d, text, cut): Stored =
                serde_json::from_slice(&bytes).map_err(|e| cannot(&e))?;
            d.source.text = text;
            d.source.cut_text = cut;
            // Read once: the file is not needed again.
            let _ = std::fs::remove_file(&path);
            docs.push(d);
            tags.push(tag);
        }
        Ok((docs, tags))
    }
}

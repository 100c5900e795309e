//! Halves of two-file disclosures (情况说明 and tables published apart) put aside until every
//! file of a batch is read, then paired and handed back a pair at a time. A batch of a province
//! whose units all publish in two files would otherwise hold every disclosure in memory to the
//! end: here each is written to a temporary folder as it comes, and only what pairing needs
//! ([`HalfKey`]: half, year, kind, the unit's name, the narrative's words) stays in memory.

use std::io::{BufReader, BufWriter};
use std::path::PathBuf;
use yusuan_import::HalfKey;
use yusuan_model::Disclosure;

/// The halves held, each with `T` (its file, its name …).
pub struct Held<T> {
    dir: Option<tempfile::TempDir>,
    held: Vec<(HalfKey, PathBuf, T)>,
}

impl<T> Default for Held<T> {
    fn default() -> Self {
        Held {
            dir: None,
            held: Vec::new(),
        }
    }
}

impl<T> Held<T> {
    pub fn is_empty(&self) -> bool {
        self.held.is_empty()
    }

    /// Put a half aside. The folder is made with the first.
    pub fn hold(&mut self, d: &Disclosure, tag: T) -> Result<(), String> {
        if self.dir.is_none() {
            self.dir = Some(
                tempfile::Builder::new()
                    .prefix("yusuan-halves-")
                    .tempdir()
                    .map_err(|e| {
                        format!("无法创建临时文件夹 (cannot create a temporary folder): {e}")
                    })?,
            );
        }
        let Some(dir) = &self.dir else {
            return Err("no temporary folder".into());
        };
        let path = dir.path().join(format!("{}.json", self.held.len()));
        let file = std::fs::File::create(&path)
            .map_err(|e| format!("{}: 无法写出 (cannot write): {e}", path.display()))?;
        serde_json::to_writer(
            BufWriter::new(file),
            &(d, &d.source.text, &d.source.cut_text),
        )
        .map_err(|e| format!("{}: 无法写出 (cannot write): {e}", path.display()))?;
        self.held.push((HalfKey::of(d), path, tag));
        Ok(())
    }

    /// The halves grouped as [`yusuan_import::pair_halves`] groups them (a pair, narrative
    /// half first, or a half alone), in the order of their first file; each group's
    /// disclosures are read back by [`Group::load`], where and when the caller wants them.
    pub fn groups(self) -> (Vec<Group<T>>, Option<tempfile::TempDir>) {
        let keys: Vec<HalfKey> = self.held.iter().map(|(k, _, _)| k.clone()).collect();
        let mut slots: Vec<Option<(PathBuf, T)>> = self
            .held
            .into_iter()
            .map(|(_, p, t)| Some((p, t)))
            .collect();
        let groups = yusuan_import::pair_keys(&keys)
            .into_iter()
            .map(|g| Group {
                parts: g
                    .into_iter()
                    .filter_map(|i| slots.get_mut(i).and_then(Option::take))
                    .collect(),
            })
            .collect();
        // The folder goes with the caller: the groups read from it.
        (groups, self.dir)
    }
}

/// A half as put aside: the disclosure and what its JSON leaves out.
type Stored = (
    Disclosure,
    Vec<yusuan_model::disclosure::TextLine>,
    Vec<yusuan_model::disclosure::CutText>,
);

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
            let file = std::fs::File::open(&path)
                .map_err(|e| format!("{}: 无法读取 (cannot read): {e}", path.display()))?;
            let (mut d, text, cut): Stored = serde_json::from_reader(BufReader::new(file))
                .map_err(|e| format!("{}: 无法读取 (cannot read): {e}", path.display()))?;
            // The source's lines and cut characters are not part of a disclosure's JSON; the
            // text rules and YS711 read them.
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

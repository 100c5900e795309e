//! A reviewed document's original files found again, for `yusuan report`'s checklists and the
//! portal's downloads: the review keeps no copy of a file, only where it read it and its
//! content hash, so a file is given out only while its content is still the one reviewed.
//!
//! A file is looked for at the path recorded when it was first read, then at the paths the
//! workspace saw holding its content since (a later review of the file moved or copied); each
//! relative path from the current folder, then from `base` (the SQLite workspace's folder,
//! where `yusuan review` ran by default).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use yusuan_store::{Store, StoredFile};

/// What became of an original file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Its bytes: the content reviewed.
    Present(Vec<u8>),
    /// No file at any path it was known by: moved or deleted.
    Gone,
    /// A file is there, but not the content reviewed.
    Changed,
}

/// Where an original file seems to be, judged without reading it (by its size); also what
/// became of one that could not be read as reviewed ([`Outcome::bytes`]). The portal shows
/// it beside each original it lists.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// A file of the recorded size is there (its content is checked when it is read).
    Present,
    /// No file at any path it was known by.
    Gone,
    /// Only files of another size are there.
    Changed,
}

impl State {
    /// What a page showing the file says of it (nothing while it is present).
    pub fn label(self) -> &'static str {
        match self {
            State::Present => "",
            State::Gone => "原文件已移动或删除，无法下载 (the original file was moved or deleted)",
            State::Changed => {
                "原文件已被修改，与审查时的内容不同，不提供下载 (the original file changed since it was reviewed)"
            }
        }
    }
}

impl Outcome {
    /// The bytes, when the content is the one reviewed; else what became of the file.
    pub fn bytes(self) -> Result<Vec<u8>, State> {
        match self {
            Outcome::Present(bytes) => Ok(bytes),
            Outcome::Gone => Err(State::Gone),
            Outcome::Changed => Err(State::Changed),
        }
    }
}

/// One original file, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// SHA-256 of the content reviewed, hex.
    pub hash: String,
    /// The path it is known by: where the review first read it, else the first path the
    /// workspace says holds it now; `None` when the workspace records neither.
    pub known_as: Option<String>,
    /// Where a file of the recorded size was found ([`State::Present`]), else a file of
    /// another size ([`State::Changed`]); `None` when it is gone.
    pub path: Option<PathBuf>,
    pub state: State,
}

impl Located {
    /// The file's bytes, read at the path it was located at and checked against its hash.
    pub fn read(&self) -> Outcome {
        read_at(self.path.as_deref(), &self.hash)
    }
}

/// The bytes at `path` when they are the content `hash`, else what became of the file.
pub fn read_at(path: Option<&Path>, hash: &str) -> Outcome {
    let Some(path) = path else {
        return Outcome::Gone;
    };
    match std::fs::read(path) {
        Ok(bytes) if yusuan_store::content_hash(&bytes) == hash => Outcome::Present(bytes),
        Ok(_) => Outcome::Changed,
        Err(_) => Outcome::Gone,
    }
}

/// What the workspace knows of where reviewed contents were read and are now.
#[derive(Clone, Debug, Default)]
pub struct Originals {
    /// By hash: the file as first read (path, size).
    recorded: HashMap<String, StoredFile>,
    /// By hash: the paths that hold the content now, in order.
    now_at: HashMap<String, Vec<String>>,
    base: Option<PathBuf>,
}

impl Originals {
    /// The workspace's files and paths ([`Store::document_files`], [`Store::paths`]).
    pub fn of(store: &Store, base: Option<&Path>) -> yusuan_store::Result<Originals> {
        Ok(Originals::new(
            store.document_files()?,
            store.paths()?,
            base,
        ))
    }

    /// From the files as recorded and the paths with the content each holds now.
    pub fn new(
        files: impl IntoIterator<Item = StoredFile>,
        paths: impl IntoIterator<Item = (String, String)>,
        base: Option<&Path>,
    ) -> Originals {
        let mut now_at: HashMap<String, Vec<String>> = HashMap::new();
        for (path, hash) in paths {
            now_at.entry(hash).or_default().push(path);
        }
        Originals {
            recorded: files.into_iter().map(|f| (f.hash.clone(), f)).collect(),
            now_at,
            base: base.map(Path::to_path_buf),
        }
    }

    /// Every place the content `hash` may be, in order: the recorded path, then the other
    /// paths holding it now; a relative one as it is, then under `base`.
    fn candidates(&self, hash: &str) -> Vec<PathBuf> {
        let recorded = self.recorded.get(hash).map(|f| f.path.as_str());
        let later = self.now_at.get(hash).into_iter().flatten();
        recorded
            .into_iter()
            .chain(later.map(String::as_str).filter(|p| Some(*p) != recorded))
            .flat_map(|c| {
                let p = PathBuf::from(c);
                match &self.base {
                    Some(b) if p.is_relative() => vec![p.clone(), b.join(&p)],
                    _ => vec![p],
                }
            })
            .collect()
    }

    fn known_as(&self, hash: &str) -> Option<String> {
        self.recorded
            .get(hash)
            .map(|f| f.path.clone())
            .or_else(|| self.now_at.get(hash)?.first().cloned())
    }

    /// Where the content `hash` is, without reading it: the first place holding a file of
    /// the recorded size (any size when none is recorded), else the first holding another.
    pub fn locate(&self, hash: &str) -> Located {
        let size = self.recorded.get(hash).map(|f| f.bytes);
        let mut changed = None;
        for p in self.candidates(hash) {
            let Some(len) = file_len(&p) else {
                continue;
            };
            if size.is_none_or(|n| i64::try_from(len).ok() == Some(n)) {
                return Located {
                    hash: hash.to_string(),
                    known_as: self.known_as(hash),
                    path: Some(p),
                    state: State::Present,
                };
            }
            changed.get_or_insert(p);
        }
        Located {
            hash: hash.to_string(),
            known_as: self.known_as(hash),
            state: if changed.is_some() {
                State::Changed
            } else {
                State::Gone
            },
            path: changed,
        }
    }

    /// The content `hash` read from the first place that holds it, checked; else Changed when
    /// some place holds a file, Gone when none does.
    pub fn read(&self, hash: &str) -> Outcome {
        let size = self.recorded.get(hash).map(|f| f.bytes);
        let mut changed = false;
        for p in self.candidates(hash) {
            let Some(len) = file_len(&p) else {
                continue;
            };
            if size.is_some_and(|n| i64::try_from(len).ok() != Some(n)) {
                changed = true;
                continue;
            }
            match read_at(Some(&p), hash) {
                Outcome::Present(bytes) => return Outcome::Present(bytes),
                Outcome::Changed => changed = true,
                Outcome::Gone => {}
            }
        }
        if changed {
            Outcome::Changed
        } else {
            Outcome::Gone
        }
    }

    /// A document's files whose content is still the one reviewed, in the document's order
    /// (the hashes its id joins with `+`), each by the path it is known by.
    pub fn present(&self, document_id: &str) -> Vec<(String, Arc<Vec<u8>>)> {
        document_id
            .split('+')
            .filter_map(|hash| match self.read(hash) {
                Outcome::Present(bytes) => Some((self.known_as(hash)?, Arc::new(bytes))),
                Outcome::Gone | Outcome::Changed => None,
            })
            .collect()
    }
}

/// The length of the file at `p`; `None` when there is no file (or something else) there.
fn file_len(p: &Path) -> Option<u64> {
    std::fs::metadata(p)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map(|m| m.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(hash: &str, path: &str, bytes: usize) -> StoredFile {
        StoredFile {
            document_id: hash.to_string(),
            hash: hash.to_string(),
            path: path.to_string(),
            bytes: i64::try_from(bytes).unwrap(),
        }
    }

    #[test]
    fn recorded_path_under_base_later_path_gone_changed() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path();
        let a = b"%PDF-1.7 a".to_vec();
        let b = b"%PDF-1.7 bb".to_vec();
        let c = b"%PDF-1.7 ccc".to_vec();
        let d = b"dddd".to_vec();
        let [ha, hb, hc, hd] = [&a, &b, &c, &d].map(|x| yusuan_store::content_hash(x));
        // a: at its recorded (relative) path under base.
        std::fs::write(base.join("a.pdf"), &a).unwrap();
        // b: moved from its recorded path to another the workspace saw it at.
        std::fs::create_dir(base.join("moved")).unwrap();
        std::fs::write(base.join("moved/b.pdf"), &b).unwrap();
        // c: its recorded path now holds other content of another size.
        std::fs::write(base.join("c.pdf"), b"other").unwrap();
        // d: its recorded path holds other content of the same size, a later path the
        // content itself.
        std::fs::write(base.join("d.txt"), b"DDDD").unwrap();
        std::fs::write(base.join("d2.txt"), &d).unwrap();
        let files = vec![
            stored(&ha, "a.pdf", a.len()),
            stored(&hb, "b.pdf", b.len()),
            stored(&hc, "c.pdf", c.len()),
            stored(&hd, "d.txt", d.len()),
        ];
        let paths = vec![
            ("moved/b.pdf".to_string(), hb.clone()),
            ("d2.txt".to_string(), hd.clone()),
        ];
        let o = Originals::new(files, paths, Some(base));

        let la = o.locate(&ha);
        assert_eq!(la.state, State::Present);
        assert_eq!(la.path.as_deref(), Some(base.join("a.pdf").as_path()));
        assert_eq!(la.known_as.as_deref(), Some("a.pdf"));
        assert_eq!(la.read(), Outcome::Present(a.clone()));
        assert_eq!(o.read(&ha), Outcome::Present(a.clone()));

        let lb = o.locate(&hb);
        assert_eq!(lb.state, State::Present);
        assert_eq!(lb.known_as.as_deref(), Some("b.pdf"));
        assert_eq!(o.read(&hb), Outcome::Present(b.clone()));

        let lc = o.locate(&hc);
        assert_eq!(lc.state, State::Changed);
        assert_eq!(lc.read(), Outcome::Changed);
        assert_eq!(o.read(&hc), Outcome::Changed);

        // Located by size alone, the recorded path looks right and reads as changed; read
        // through every place, the later path gives the content.
        assert_eq!(o.locate(&hd).read(), Outcome::Changed);
        assert_eq!(o.read(&hd), Outcome::Present(d.clone()));

        std::fs::remove_file(base.join("a.pdf")).unwrap();
        assert_eq!(o.locate(&ha).state, State::Gone);
        assert_eq!(o.locate(&ha).read(), Outcome::Gone);
        assert_eq!(o.read(&ha), Outcome::Gone);
        assert_eq!(o.read("0000"), Outcome::Gone);

        // A document's files in its order, by the path each is known by; only those intact.
        let present = o.present(&format!("{hd}+{hb}+{hc}+{ha}"));
        let names: Vec<&str> = present.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["d.txt", "b.pdf"]);
        assert_eq!(*present[1].1, b);
    }

    #[test]
    fn without_base_a_relative_path_is_taken_from_the_current_folder_only() {
        let dir = tempfile::tempdir().unwrap();
        let a = b"a".to_vec();
        let ha = yusuan_store::content_hash(&a);
        std::fs::write(dir.path().join("only-here.pdf"), &a).unwrap();
        let files = vec![stored(&ha, "only-here.pdf", a.len())];
        let o = Originals::new(files.clone(), Vec::new(), None);
        assert_eq!(o.read(&ha), Outcome::Gone);
        let absolute = dir.path().join("only-here.pdf").display().to_string();
        let o = Originals::new(Vec::new(), vec![(absolute.clone(), ha.clone())], None);
        let l = o.locate(&ha);
        assert_eq!(l.known_as.as_deref(), Some(absolute.as_str()));
        assert_eq!(l.state, State::Present);
        assert_eq!(o.read(&ha), Outcome::Present(a));
    }
}

//! Comparison forms of the words a document prints, shared by the readers and the rules.

/// Remove all whitespace (titles and labels are often spaced out: `部 门 收 支 总 表`, words are
/// split over lines and cells), the ideographic space U+3000 included.
///
/// Called for every line several times (the lines of a PDF's layout are mostly spaces): the
/// runs between spaces are copied whole into a buffer of the right size, not char by char
/// into a growing one.
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for run in s.split(char::is_whitespace) {
        out.push_str(run);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_kind_of_space_goes() {
        assert_eq!(super::squash(" 部 门\u{3000}收支\t总表\n"), "部门收支总表");
    }
}

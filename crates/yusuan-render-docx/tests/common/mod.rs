//! Structural checks of WordprocessingML without an XML parser.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used)]

/// Tags nest properly (a well-formedness check without an XML parser).
pub fn check_nesting(xml: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') {
            continue;
        }
        assert!(!tag.contains('<'), "stray < in {tag}");
        let name = tag.trim_start_matches('/').split(' ').next().unwrap();
        if tag.ends_with('/') {
            continue;
        }
        if tag.starts_with('/') {
            assert_eq!(
                stack.pop(),
                Some(name.trim_end_matches('/')),
                "misnested {tag}"
            );
        } else {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

/// Every row of every table covers exactly the table's grid (gridSpan counted, vMerge
/// continuation cells included), as Word requires.
pub fn check_table_grids(xml: &str) {
    for tbl in xml.split("<w:tbl>").skip(1) {
        let tbl = &tbl[..tbl.find("</w:tbl>").unwrap()];
        let cols = tbl.matches("<w:gridCol ").count();
        assert!(cols > 0);
        for tr in tbl.split("<w:tr>").skip(1) {
            let covered: usize = tr
                .split("<w:tc>")
                .skip(1)
                .map(|tc| {
                    tc.split("<w:gridSpan w:val=\"")
                        .nth(1)
                        .filter(|_| tc.find("<w:gridSpan").unwrap() < tc.find("</w:tcPr>").unwrap())
                        .map(|s| s[..s.find('"').unwrap()].parse::<usize>().unwrap())
                        .unwrap_or(1)
                })
                .sum();
            assert_eq!(covered, cols, "row covers {covered} of {cols} columns");
        }
    }
}

//! Debug aid: import a text file and print the checker's findings.
//! `cargo run -p yusuan-check --example check_file -- FILE`
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check_file FILE");
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    match yusuan_import::import_text(&path, &text) {
        Ok(d) => {
            let f = yusuan_check::check(&d, &yusuan_check::Config::default());
            let r = yusuan_check::FileReport {
                file: path,
                unit: d.meta.unit.name.clone(),
                year: d.meta.year,
                profile: Some(yusuan_check::profile::choice(&d, false)),
                findings: f,
                ..Default::default()
            };
            print!(
                "{}",
                yusuan_check::output::text(&[r], yusuan_check::output::Lang::Zh, false)
            );
        }
        Err(e) => eprintln!("{e}"),
    }
}

#[test]
#[ignore]
fn dump() {
    for f in ["chongqing-jiangbeicheng-2025-budget.txt", "shanghai-putuo-finance-bureau-2025-budget.txt", "shanghai-putuo-wanli-2025-budget.txt"] {
        let text = std::fs::read_to_string(format!("/work/shared/fixtures/{f}")).unwrap();
        let d = yusuan_import::import_text(f, &text).unwrap();
        std::fs::write(format!("/tmp/ysdump/{f}.json"), serde_json::to_string_pretty(&d).unwrap()).unwrap();
    }
}

//! The money parser never panics and what it accepts formats back to the same value.
#![no_main]
use libfuzzer_sys::fuzz_target;
use yusuan_model::{parse_amount, MoneyUnit};

fuzz_target!(|s: &str| {
    for unit in [MoneyUnit::Yuan, MoneyUnit::WanYuan] {
        if let Ok(Some(a)) = parse_amount(s, unit) {
            let shown = a.fen.format(unit, unit.max_decimals(), true);
            let back = parse_amount(&shown, unit).ok().flatten().map(|b| b.fen);
            assert_eq!(back, Some(a.fen));
        }
    }
});

//! The text importer never panics, whatever bytes it is given.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = yusuan_import::import_bytes("fuzz.txt", data);
});

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    takt_fuzz::checks::jsp(data);
});

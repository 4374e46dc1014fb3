#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    takt_fuzz::checks::instance_files(data);
});

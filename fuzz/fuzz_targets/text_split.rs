//! Any text split to any channel's limit: every part fits (or is one character wider than the
//! limit), and together they hold every character in order (whitespace at the cuts aside).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, &str)| {
    let (max, text) = input;
    let max = usize::from(max % 5000) + 1;
    let parts = sportello_core::text::split_for_channel(text, max);
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for part in &parts {
        assert!(
            part.encode_utf16().count() <= max || part.chars().count() == 1,
            "a part over {max}"
        );
    }
    assert_eq!(squeeze(&parts.concat()), squeeze(text));
});

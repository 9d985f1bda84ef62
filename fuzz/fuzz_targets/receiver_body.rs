//! What reaches the receiver before anything is trusted: the signature header and the body.
//! The first line of the input is the header, the rest the body. Never a panic, and a body
//! signed with the right secret always verifies.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sportello_meta::signature;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let (header, body) = data.split_at(split);
    let header = std::str::from_utf8(header).ok();
    let _ = signature::verify("app-secret", body, header);
    let _ = sportello_meta::json::parse(body);
    let signed = signature::sign("app-secret", body);
    assert!(signature::verify("app-secret", body, Some(&signed)).is_ok());
});

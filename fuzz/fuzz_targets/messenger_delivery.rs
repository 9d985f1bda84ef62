//! Any bytes as a signed Messenger webhook body: read and normalized, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = sportello_meta::json::parse(data) {
        let _ = sportello_meta::messenger::page_ids(&body);
        let _ = sportello_meta::messenger::normalize_delivery(&body, "106277482296584");
    }
});

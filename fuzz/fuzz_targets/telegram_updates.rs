//! Any bytes as a getUpdates result: parsed leniently, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(serde_json::Value::Array(updates)) = serde_json::from_slice(data) {
        let _ = sportello_telegram::normalize_updates(&updates, None, 1_700_000_000_000);
    } else if let Ok(update) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = sportello_telegram::normalize_updates(&[update], Some(1), 1_700_000_000_000);
    }
});

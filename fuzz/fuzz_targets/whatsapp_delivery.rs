//! Any bytes as a signed WhatsApp webhook body (the signature already checked): read as the
//! receiver reads it, normalized as the channel does, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = sportello_meta::json::parse(data) {
        let _ = sportello_meta::whatsapp::phone_number_ids(&body);
        let _ = sportello_meta::whatsapp::normalize_delivery(&body, "1122334455667");
    }
});

//! `X-Hub-Signature-256`: Meta signs each webhook body with the app secret (HMAC-SHA256 over
//! the raw bytes). Checked in constant time, before anything else looks at the body.

use hmac::{Hmac, Mac};
use sha2::Sha256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    /// No header: not a delivery from Meta at all.
    Missing,
    /// A header that is not `sha256=<64 hex digits>`.
    Malformed,
    /// Well-formed, but not made with this app secret.
    Mismatch,
}

/// Checks `header` (the `X-Hub-Signature-256` value) against `body` and `app_secret`.
pub fn verify(app_secret: &str, body: &[u8], header: Option<&str>) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let hex_digest = header
        .trim()
        .strip_prefix("sha256=")
        .ok_or(SignatureError::Malformed)?;
    let expected = hex::decode(hex_digest).map_err(|_| SignatureError::Malformed)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret.as_bytes())
        .map_err(|_| SignatureError::Mismatch)?;
    mac.update(body);
    mac.verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// The header value Meta would send for `body`: for the simulator and for tests.
pub fn sign(app_secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_made_with_the_secret_verifies() {
        let header = sign("s3cret", b"{\"object\":\"page\"}");
        assert_eq!(
            verify("s3cret", b"{\"object\":\"page\"}", Some(&header)),
            Ok(())
        );
    }

    #[test]
    fn forged_missing_or_malformed_signatures_are_refused() {
        let header = sign("s3cret", b"body");
        assert_eq!(
            verify("other", b"body", Some(&header)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify("s3cret", b"body!", Some(&header)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify("s3cret", b"body", None),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify("s3cret", b"body", Some("sha1=abc")),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify("s3cret", b"body", Some("sha256=zz")),
            Err(SignatureError::Malformed)
        );
    }
}

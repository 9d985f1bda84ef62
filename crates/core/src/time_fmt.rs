//! Timestamps: Unix milliseconds in SQLite, RFC 3339 everywhere a person or a script reads them.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub fn now_ms() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

pub fn rfc3339(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// A time a person or a script wrote in RFC 3339 (any offset), as Unix milliseconds.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let t = OffsetDateTime::parse(text.trim(), &Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_what_it_writes_and_any_offset() {
        let ms = 1_700_000_000_123;
        assert_eq!(super::parse_rfc3339_ms(&super::rfc3339(ms)), Some(ms));
        assert_eq!(
            super::parse_rfc3339_ms("2026-12-24T18:00:00+01:00"),
            Some(1_798_131_600_000)
        );
        assert_eq!(super::parse_rfc3339_ms("domani"), None);
    }

    #[test]
    fn formats_utc_rfc3339() {
        assert_eq!(
            super::rfc3339(1_700_000_000_123),
            "2023-11-14T22:13:20.123Z"
        );
    }
}

//! Reading a signed webhook body as JSON, leniently: a lone UTF-16 surrogate escape (`\ud800`
//! with no partner) is invalid JSON to serde, but a customer's app can produce one (a cut
//! emoji). Refusing the delivery would make Meta retry it and finally drop every message
//! batched with it, so the lone half becomes U+FFFD (�) and the rest is read as sent.

use serde_json::Value;

/// The body as JSON; a lone surrogate escape is read as U+FFFD.
pub fn parse(body: &[u8]) -> serde_json::Result<Value> {
    match serde_json::from_slice(body) {
        Ok(v) => Ok(v),
        Err(e) => match mend_lone_surrogates(body) {
            Some(mended) => serde_json::from_slice(&mended),
            None => Err(e),
        },
    }
}

/// The body with every unpaired `\uD800`–`\uDFFF` escape replaced by `\uFFFD`, or None when
/// there is none (the error was something else).
fn mend_lone_surrogates(body: &[u8]) -> Option<Vec<u8>> {
    let hex = |at: usize| -> Option<u16> {
        let digits = body.get(at..at + 4)?;
        u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    // `\u` + 4 hex digits at `at` (the backslash).
    let escape = |at: usize| -> Option<u16> {
        (body.get(at) == Some(&b'\\') && body.get(at + 1) == Some(&b'u'))
            .then(|| hex(at + 2))
            .flatten()
    };
    let mut out = Vec::with_capacity(body.len());
    let mut mended = false;
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            out.push(body[i]);
            i += 1;
            continue;
        }
        match escape(i) {
            Some(0xD800..=0xDBFF) => {
                if matches!(escape(i + 6), Some(0xDC00..=0xDFFF)) {
                    out.extend_from_slice(&body[i..i + 12]);
                    i += 12;
                } else {
                    out.extend_from_slice(b"\\ufffd");
                    mended = true;
                    i += 6;
                }
            }
            Some(0xDC00..=0xDFFF) => {
                out.extend_from_slice(b"\\ufffd");
                mended = true;
                i += 6;
            }
            Some(_) => {
                out.extend_from_slice(&body[i..i + 6]);
                i += 6;
            }
            // Another escape (`\\`, `\"`, `\n`): both characters as they are.
            None => {
                out.extend_from_slice(&body[i..(i + 2).min(body.len())]);
                i += 2;
            }
        }
    }
    mended.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_surrogate_becomes_the_replacement_character() {
        let v =
            parse(br#"{"a":"x\ud800y","b":"\udc00","c":"\ud83d\ude00","d":"\\ud800"}"#).unwrap();
        assert_eq!(v["a"], "x\u{fffd}y");
        assert_eq!(v["b"], "\u{fffd}");
        assert_eq!(v["c"], "😀", "a real pair is kept");
        assert_eq!(v["d"], "\\ud800", "an escaped backslash is not an escape");
        // A high half at the very end, and one followed by another high half.
        assert_eq!(
            parse(br#"["\ud800\ud800"]"#).unwrap()[0],
            "\u{fffd}\u{fffd}"
        );
    }

    #[test]
    fn other_bad_json_is_still_refused() {
        assert!(parse(b"{\"a\":").is_err());
        assert!(parse(br#"{"a":"\ud800""#).is_err());
        assert!(parse(b"\\").is_err());
    }
}

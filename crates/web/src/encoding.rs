//! Bytes to text: BOM, then the HTTP or `<meta>` charset, then detection.

use encoding_rs::{Encoding, UTF_8};

/// Where the encoding used to decode a page came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingSource {
    /// A byte-order mark.
    Bom,
    /// The charset the caller passed (an HTTP `Content-Type` header).
    Hint,
    /// `<meta charset>` or `<meta http-equiv="content-type">`.
    Meta,
    /// The bytes are valid UTF-8 although something else was declared.
    ValidUtf8,
    /// Statistical detection (`chardetng`).
    Detected,
}

/// Text decoded from bytes, with the encoding used.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text (the BOM removed).
    pub text: String,
    /// WHATWG name of the encoding.
    pub encoding: &'static str,
    /// Where the choice came from.
    pub source: EncodingSource,
}

/// Decodes a page. `charset_hint` is the charset from an HTTP header, if any.
///
/// A declared charset loses against valid non-ASCII UTF-8: pages that claim ISO-8859-1 but are
/// UTF-8 are common, while the opposite (valid UTF-8 that is really Latin-1) is vanishingly rare.
pub fn decode_html(bytes: &[u8], charset_hint: Option<&str>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            source: EncodingSource::Bom,
        };
    }
    let declared = charset_hint
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .map(|e| (e, EncodingSource::Hint))
        .or_else(|| meta_charset(bytes).map(|e| (e, EncodingSource::Meta)));
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    match declared {
        Some((encoding, source)) => {
            // UTF-16 declared in a meta tag of an ASCII-compatible document is a lie by definition.
            let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE
            {
                UTF_8
            } else {
                encoding
            };
            if encoding != UTF_8 && valid_utf8 && !bytes.is_ascii() {
                return utf8(bytes, EncodingSource::ValidUtf8);
            }
            let (text, _, _) = encoding.decode(bytes);
            Decoded { text: text.into_owned(), encoding: encoding.name(), source }
        }
        None if valid_utf8 => utf8(bytes, EncodingSource::Detected),
        None => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            let encoding = detector.guess(None, true);
            let (text, _, _) = encoding.decode(bytes);
            Decoded {
                text: text.into_owned(),
                encoding: encoding.name(),
                source: EncodingSource::Detected,
            }
        }
    }
}

fn utf8(bytes: &[u8], source: EncodingSource) -> Decoded {
    Decoded { text: String::from_utf8_lossy(bytes).into_owned(), encoding: UTF_8.name(), source }
}

/// Finds `charset=` in a `<meta>` tag within the first 4 KiB (the HTML prescan, simplified).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(cs) = find(tag, b"charset") {
            let rest = &tag[cs + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest =
                    rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(encoding) = Encoding::for_label(&rest[..len]) {
                    return Some(encoding);
                }
            }
        }
        from = end.max(start + 1);
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[n..]
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], hint: Option<&str>, expect_text: &str, expect_encoding: &str) {
        let decoded = decode_html(bytes, hint);
        assert!(decoded.text.contains(expect_text), "{:?} lacks {expect_text:?}", decoded.text);
        assert_eq!(decoded.encoding, expect_encoding);
    }

    #[test]
    fn honours_bom_hint_meta_and_detection() {
        check(b"\xEF\xBB\xBF<p>caf\xC3\xA9</p>", None, "café", "UTF-8");
        check(b"<p>caf\xE9</p>", Some("windows-1252"), "café", "windows-1252");
        check(
            b"<meta charset=\"windows-1251\"><p>\xCF\xF0\xE8\xE2\xE5\xF2</p>",
            None,
            "Привет",
            "windows-1251",
        );
        check(
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><p>\x93\xfa\x96\x7b</p>",
            None,
            "日本",
            "Shift_JIS",
        );
        // Declared Latin-1 but really UTF-8.
        check(b"<meta charset=iso-8859-1><p>caf\xC3\xA9</p>", None, "café", "UTF-8");
        // Undeclared cp1251: detection.
        let russian =
            "<p>Москва — столица России, крупнейший город страны. Это очень большой город.</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(russian);
        check(&bytes, None, "Москва", "windows-1251");
    }
}

//! Turning bytes into text: UTF-8 (a BOM is kept as a code point), else Windows-1252, which is
//! what news CSVs and old pages in the wild most often are when they are not UTF-8.

use std::borrow::Cow;

/// How bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decoded {
    Utf8,
    Windows1252,
}

/// True when the bytes look like binary data rather than text: a NUL byte in the first 8 KiB,
/// or many other control characters.
pub(crate) fn looks_binary(head: &[u8]) -> bool {
    let head = &head[..head.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    let controls =
        head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    controls * 10 > head.len().max(1)
}

/// Decodes `bytes` as UTF-8, falling back to Windows-1252.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, Decoded) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), Decoded::Utf8),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text, Decoded::Windows1252)
        }
    }
}

/// Like [`decode`], but consuming and without a leading BOM (for JSON and CSV, where the BOM is
/// not part of any field).
pub(crate) fn decode_owned_without_bom(bytes: Vec<u8>) -> (String, Decoded) {
    let bytes = match bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(s) => (s, Decoded::Utf8),
        Err(e) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(e.as_bytes());
            (text.into_owned(), Decoded::Windows1252)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_text() {
        assert!(looks_binary(b"PK\x03\x04\x00\x00"));
        assert!(looks_binary(&[1, 2, 3, 4, 5, 6, 7, 8, 65]));
        assert!(!looks_binary("Saraqib – “quoted”\r\n\tnext".as_bytes()));
        assert!(!looks_binary(b""));
    }

    #[test]
    fn utf8_keeps_bom_and_cp1252_fallback() {
        let (text, how) = decode("\u{feff}Hi".as_bytes());
        assert_eq!((text.as_ref(), how), ("\u{feff}Hi", Decoded::Utf8));
        let (text, how) = decode(b"caf\xe9 \x93quoted\x94");
        assert_eq!((text.as_ref(), how), ("café “quoted”", Decoded::Windows1252));
        let (text, _) = decode_owned_without_bom(b"\xef\xbb\xbfid".to_vec());
        assert_eq!(text, "id");
    }
}

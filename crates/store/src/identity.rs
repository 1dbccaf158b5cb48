//! A document's identity and content hash.

use unicode_normalization::UnicodeNormalization;

/// The text as compared for "same content": Unicode NFC, runs of whitespace collapsed to one
/// space, trimmed. Re-encoded or re-wrapped copies of an article normalise to the same string.
pub fn normalized_text(text: &str) -> String {
    let mut normalized = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !normalized.is_empty() {
            normalized.push(' ');
        }
        normalized.extend(word.nfc());
    }
    normalized
}

/// 128-bit xxh3 of the normalised text, as 32 hex digits.
pub fn content_hash(text: &str) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(normalized_text(text).as_bytes()))
}

/// The identity under which a document is stored: its id when it has one (trimmed), else
/// `text:` and the hash of its normalised text.
pub fn identity(id: &str, content_hash: &str) -> String {
    let id = id.trim();
    if id.is_empty() {
        format!("text:{content_hash}")
    } else {
        id.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_ignores_layout_and_unicode_composition() {
        for (input, expect) in [
            ("  a\n\n b\tc  ", "a b c"),
            ("Cafe\u{301}", "Café"),
            ("\u{feff}x", "\u{feff}x"),
            ("", ""),
        ] {
            assert_eq!(normalized_text(input), expect, "{input:?}");
        }
    }

    #[test]
    fn hashes_match_for_equivalent_texts_only() {
        assert_eq!(content_hash("one  two\nthree"), content_hash("one two three"));
        assert_ne!(content_hash("one two three"), content_hash("one two three."));
        assert_eq!(content_hash("x").len(), 32);
    }

    #[test]
    fn identity_falls_back_to_the_hash() {
        let hash = content_hash("t");
        assert_eq!(identity(" a1 ", &hash), "a1");
        assert_eq!(identity("  ", &hash), format!("text:{hash}"));
    }
}

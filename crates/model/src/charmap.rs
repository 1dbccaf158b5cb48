/// Converts byte offsets of a `str` into code point offsets, in O(1) per lookup after an O(n)
/// build, and O(1) build for ASCII text (where the two are equal).
///
/// ```
/// use echotrace_model::CharMap;
/// let text = "a€b";
/// let map = CharMap::new(text);
/// assert_eq!(map.char_offset(4), 2); // 'b' starts at byte 4, code point 2
/// assert_eq!(map.byte_offset(2), 4);
/// assert_eq!(map.char_len(), 3);
/// ```
#[derive(Debug, Clone)]
pub struct CharMap {
    /// `None` when the text is ASCII. Otherwise the code point offset of every byte offset that
    /// starts a char (entries inside a multi-byte char repeat the char's own offset).
    byte_to_char: Option<Vec<u32>>,
    /// For non-ASCII text, the byte offset of every code point plus the end.
    char_to_byte: Option<Vec<u32>>,
    len_bytes: usize,
    len_chars: usize,
}

impl CharMap {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharMap {
                byte_to_char: None,
                char_to_byte: None,
                len_bytes: text.len(),
                len_chars: text.len(),
            };
        }
        let mut byte_to_char = Vec::with_capacity(text.len() + 1);
        let mut char_to_byte = Vec::with_capacity(text.len() + 1);
        for (ci, (bi, ch)) in text.char_indices().enumerate() {
            char_to_byte.push(bi as u32);
            for _ in 0..ch.len_utf8() {
                byte_to_char.push(ci as u32);
            }
        }
        let len_chars = char_to_byte.len();
        byte_to_char.push(len_chars as u32);
        char_to_byte.push(text.len() as u32);
        CharMap {
            byte_to_char: Some(byte_to_char),
            char_to_byte: Some(char_to_byte),
            len_bytes: text.len(),
            len_chars,
        }
    }

    /// The code point offset of byte offset `byte` (which should be a char boundary; a byte
    /// inside a char maps to that char). Offsets past the end clamp to the end.
    pub fn char_offset(&self, byte: usize) -> usize {
        match &self.byte_to_char {
            None => byte.min(self.len_bytes),
            Some(table) => table[byte.min(self.len_bytes)] as usize,
        }
    }

    /// The byte offset of code point offset `ch`; offsets past the end clamp to the end.
    pub fn byte_offset(&self, ch: usize) -> usize {
        match &self.char_to_byte {
            None => ch.min(self.len_bytes),
            Some(table) => table[ch.min(self.len_chars)] as usize,
        }
    }

    /// Converts a byte range into a code point range.
    pub fn char_span(&self, start: usize, end: usize) -> [usize; 2] {
        [self.char_offset(start), self.char_offset(end)]
    }

    pub fn char_len(&self) -> usize {
        self.len_chars
    }

    pub fn is_ascii(&self) -> bool {
        self.byte_to_char.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::CharMap;

    #[test]
    fn maps_both_ways_on_mixed_text() {
        let text = "\u{feff}Saraqib – “quoted” 🙂 end";
        let map = CharMap::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(map.char_offset(bi), ci);
            assert_eq!(map.byte_offset(ci), bi);
        }
        assert_eq!(map.char_offset(text.len()), text.chars().count());
        assert_eq!(map.char_len(), text.chars().count());
        assert!(!map.is_ascii());
    }

    #[test]
    fn ascii_is_identity() {
        let map = CharMap::new("plain");
        assert!(map.is_ascii());
        assert_eq!(map.char_offset(3), 3);
        assert_eq!(map.char_offset(99), 5);
    }
}

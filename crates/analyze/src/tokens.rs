//! Tokenisation shared by every analyser: words (with inner hyphens, apostrophes and the dots
//! of acronyms such as "U.S."), numbers (with thousands separators and decimals), and single
//! punctuation or symbol characters. Whitespace is not a token; `newlines_before` records the
//! line breaks that preceded a token, which the sentence splitter and the layout rules use.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with inner `-`, `'`, `’` or acronym dots, and digits mixed in.
    Word,
    /// Digits, possibly with inner `,` or `.` separators.
    Number,
    /// One punctuation or symbol character.
    Punct,
}

/// One token: a byte range of the text plus what precedes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
    pub kind: TokenKind,
    /// Line breaks in the whitespace between the previous token and this one (capped at 255).
    pub newlines_before: u8,
    /// Whether any whitespace separates this token from the previous one.
    pub space_before: bool,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

fn is_word_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '\u{2011}')
}

/// Splits `text` into tokens.
///
/// ```
/// use echotrace_analyze::tokens::{tokenize, TokenKind};
/// let text = "The U.S. sent $5,000.50 to al-Nusra's men.";
/// let words: Vec<&str> = tokenize(text).iter().map(|t| t.text(text)).collect();
/// assert_eq!(words, ["The", "U.S.", "sent", "$", "5,000.50", "to", "al-Nusra's", "men", "."]);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut newlines: u32 = 0;
    let mut space = false;
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
            }
            space = true;
            continue;
        }
        let kind;
        let mut end = start + c.len_utf8();
        if c.is_alphanumeric() {
            let numeric_start = c.is_ascii_digit();
            let mut all_digits = numeric_start;
            while let Some(&(i, n)) = iter.peek() {
                if n.is_alphanumeric() {
                    all_digits &= n.is_ascii_digit();
                    iter.next();
                    end = i + n.len_utf8();
                    continue;
                }
                // A joiner or separator continues the token only when an alphanumeric follows.
                let next_alnum =
                    text[i + n.len_utf8()..].chars().next().is_some_and(|x| x.is_alphanumeric());
                let continues = if all_digits && matches!(n, ',' | '.') {
                    text[i + 1..].chars().next().is_some_and(|x| x.is_ascii_digit())
                } else if is_word_joiner(n) {
                    next_alnum
                } else if n == '.' {
                    // Acronyms: single letters separated by dots ("U.S.", "e.g.").
                    let token = &text[start..i];
                    let last_is_single = token
                        .rsplit('.')
                        .next()
                        .is_some_and(|seg| seg.chars().count() == 1 && !seg.is_empty());
                    last_is_single
                        && text[i + 1..].chars().next().is_some_and(|x| x.is_alphabetic())
                        && text[i + 1..].chars().nth(1).is_none_or(|x| !x.is_alphanumeric())
                } else {
                    false
                };
                if !continues {
                    break;
                }
                iter.next();
                end = i + n.len_utf8();
            }
            // Keep the final dot of an acronym ("U.S.") when the token already has inner dots.
            if !all_digits && text[start..end].contains('.') && bytes.get(end) == Some(&b'.') {
                iter.next();
                end += 1;
            }
            kind = if all_digits { TokenKind::Number } else { TokenKind::Word };
        } else {
            kind = TokenKind::Punct;
        }
        tokens.push(Token {
            start: start as u32,
            end: end as u32,
            kind,
            newlines_before: newlines.min(255) as u8,
            space_before: space,
        });
        newlines = 0;
        space = false;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &[&str]) {
        let got: Vec<&str> = tokenize(input).iter().map(|t| t.text(input)).collect();
        assert_eq!(got, expect, "tokens of {input:?}");
    }

    #[test]
    fn words_numbers_and_punctuation() {
        check("Hello, world!", &["Hello", ",", "world", "!"]);
        check("Jisr ash-Shughur", &["Jisr", "ash-Shughur"]);
        check("the group’s men", &["the", "group’s", "men"]);
        check("15-20 kilometers", &["15-20", "kilometers"]);
        check("over 460 incidents.", &["over", "460", "incidents", "."]);
        check("in 2018.", &["in", "2018", "."]);
        check("“provocation”", &["“", "provocation", "”"]);
        check("e.g. this", &["e.g.", "this"]);
        check("end. Next", &["end", ".", "Next"]);
        check("a - b", &["a", "-", "b"]);
        check("word- next", &["word", "-", "next"]);
    }

    #[test]
    fn records_line_breaks_and_spaces() {
        let text = "One.\n\nTwo three";
        let tokens = tokenize(text);
        assert_eq!(tokens[2].newlines_before, 2);
        assert!(tokens[2].space_before);
        assert!(!tokens[1].space_before);
        assert_eq!(tokens[3].newlines_before, 0);
    }
}

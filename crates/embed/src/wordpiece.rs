//! The uncased BERT tokenizer that all-MiniLM-L6-v2 was trained with: text cleaning, CJK
//! characters split apart, accents stripped, lower case, splitting on whitespace and punctuation,
//! then greedy longest-match WordPiece against `vocab.txt`.
//!
//! It reproduces the `BertTokenizer` of the model's `tokenizer_config.json` (checked against the
//! reference implementation on news text in `tests/wordpiece.rs`) without pulling in a general
//! tokenizer library.

use std::collections::HashMap;
use std::path::Path;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::error::{io_error, Error, Result};

/// A word longer than this many characters becomes `[UNK]`, as in BERT.
const MAX_WORD_CHARS: usize = 100;

/// WordPiece vocabulary and the ids of the special tokens.
#[derive(Debug, Clone)]
pub struct WordPiece {
    ids: HashMap<String, u32>,
    tokens: Vec<String>,
    pub cls: u32,
    pub sep: u32,
    pub unk: u32,
    pub pad: u32,
}

impl WordPiece {
    /// Reads `vocab.txt`: one token per line, the line number is the id.
    pub fn load(path: &Path) -> Result<WordPiece> {
        let text = std::fs::read_to_string(path).map_err(io_error(path))?;
        WordPiece::from_vocab(text.lines().map(str::to_string).collect(), path)
    }

    pub fn from_vocab(tokens: Vec<String>, path: &Path) -> Result<WordPiece> {
        let ids: HashMap<String, u32> =
            tokens.iter().enumerate().map(|(i, t)| (t.clone(), i as u32)).collect();
        let special = |name: &str| {
            ids.get(name).copied().ok_or_else(|| Error::Model {
                path: path.to_path_buf(),
                message: format!("the vocabulary has no {name} token"),
            })
        };
        Ok(WordPiece {
            cls: special("[CLS]")?,
            sep: special("[SEP]")?,
            unk: special("[UNK]")?,
            pad: special("[PAD]")?,
            ids,
            tokens,
        })
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn token(&self, id: u32) -> Option<&str> {
        self.tokens.get(id as usize).map(String::as_str)
    }

    /// The WordPiece ids of `text`, without `[CLS]` and `[SEP]`.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        for word in basic_tokens(text) {
            self.word_pieces(&word, &mut out);
        }
        out
    }

    /// `[CLS] pieces [SEP]`, the pieces cut so that the whole fits in `max_len` ids.
    pub fn encode_for_model(&self, text: &str, max_len: usize) -> Vec<u32> {
        let mut pieces = self.encode(text);
        pieces.truncate(max_len.saturating_sub(2));
        let mut ids = Vec::with_capacity(pieces.len() + 2);
        ids.push(self.cls);
        ids.extend(pieces);
        ids.push(self.sep);
        ids
    }

    fn word_pieces(&self, word: &str, out: &mut Vec<u32>) {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() > MAX_WORD_CHARS {
            out.push(self.unk);
            return;
        }
        let mark = out.len();
        let mut start = 0;
        let mut piece = String::new();
        while start < chars.len() {
            let mut end = chars.len();
            let mut found = None;
            while start < end {
                let from = chars[start].0;
                let to = chars.get(end).map_or(word.len(), |&(i, _)| i);
                piece.clear();
                if start > 0 {
                    piece.push_str("##");
                }
                piece.push_str(&word[from..to]);
                if let Some(&id) = self.ids.get(piece.as_str()) {
                    found = Some(id);
                    break;
                }
                end -= 1;
            }
            match found {
                Some(id) => out.push(id),
                None => {
                    out.truncate(mark);
                    out.push(self.unk);
                    return;
                }
            }
            start = end;
        }
    }
}

/// BERT's basic tokenizer, uncased: cleaned, lower-cased, accent-free words and punctuation marks.
pub fn basic_tokens(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            words.push(std::mem::take(current));
        }
    };
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        if is_whitespace(c) {
            flush(&mut current, &mut words);
        } else if is_cjk(c) || is_punctuation(c) {
            flush(&mut current, &mut words);
            words.push(c.to_string());
        } else {
            current.push(c);
        }
    }
    flush(&mut current, &mut words);
    // Accents are stripped and case folded per word, after splitting, as BERT does; folding can
    // only remove marks, so it never creates new punctuation or whitespace.
    words
        .into_iter()
        .filter_map(|w| {
            let folded: String =
                w.to_lowercase().nfd().filter(|&c| !is_combining_mark(c)).collect();
            (!folded.is_empty()).then_some(folded)
        })
        .collect()
}

fn is_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r') || c.is_whitespace()
}

/// Control and format characters (Unicode Cc and the common Cf), which BERT drops.
fn is_control(c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    c.is_control()
        || matches!(c,
            '\u{00ad}' | '\u{0600}'..='\u{0605}' | '\u{061c}' | '\u{06dd}' | '\u{070f}'
            | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}')
}

/// ASCII symbols and punctuation, and the Unicode punctuation (category P) of the blocks news
/// text uses: Latin-1, general punctuation, CJK and full-width forms.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(c,
        '\u{00a1}' | '\u{00a7}' | '\u{00ab}' | '\u{00b6}' | '\u{00b7}' | '\u{00bb}' | '\u{00bf}'
        | '\u{037e}' | '\u{0387}' | '\u{055a}'..='\u{055f}' | '\u{0589}' | '\u{058a}'
        | '\u{05be}' | '\u{05c0}' | '\u{05c3}' | '\u{05c6}' | '\u{05f3}' | '\u{05f4}'
        | '\u{0609}' | '\u{060a}' | '\u{060c}' | '\u{060d}' | '\u{061b}' | '\u{061d}'..='\u{061f}'
        | '\u{066a}'..='\u{066d}' | '\u{06d4}' | '\u{0964}' | '\u{0965}' | '\u{0970}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{2043}' | '\u{2045}'..='\u{2051}'
        | '\u{2053}'..='\u{205e}' | '\u{207d}' | '\u{207e}' | '\u{208d}' | '\u{208e}'
        | '\u{2308}'..='\u{230b}' | '\u{2329}' | '\u{232a}' | '\u{2768}'..='\u{2775}'
        | '\u{27c5}' | '\u{27c6}' | '\u{27e6}'..='\u{27ef}' | '\u{2983}'..='\u{2998}'
        | '\u{29d8}'..='\u{29db}' | '\u{29fc}' | '\u{29fd}' | '\u{2cf9}'..='\u{2cfc}'
        | '\u{2cfe}' | '\u{2cff}' | '\u{2e00}'..='\u{2e2e}' | '\u{2e30}'..='\u{2e4f}'
        | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301f}'
        | '\u{3030}' | '\u{303d}' | '\u{30a0}' | '\u{30fb}' | '\u{fe10}'..='\u{fe19}'
        | '\u{fe30}'..='\u{fe52}' | '\u{fe54}'..='\u{fe61}' | '\u{fe63}' | '\u{fe68}'
        | '\u{fe6a}' | '\u{fe6b}' | '\u{ff01}'..='\u{ff03}' | '\u{ff05}'..='\u{ff0a}'
        | '\u{ff0c}'..='\u{ff0f}' | '\u{ff1a}' | '\u{ff1b}' | '\u{ff1f}' | '\u{ff20}'
        | '\u{ff3b}'..='\u{ff3d}' | '\u{ff3f}' | '\u{ff5b}' | '\u{ff5d}' | '\u{ff5f}'..='\u{ff65}')
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{20000}'..='\u{2a6df}'
        | '\u{2a700}'..='\u{2b73f}' | '\u{2b740}'..='\u{2b81f}' | '\u{2b820}'..='\u{2ceaf}'
        | '\u{f900}'..='\u{faff}' | '\u{2f800}'..='\u{2fa1f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(tokens: &[&str]) -> WordPiece {
        let mut all = vec!["[PAD]", "[UNK]", "[CLS]", "[SEP]"];
        all.extend_from_slice(tokens);
        WordPiece::from_vocab(all.iter().map(|s| s.to_string()).collect(), Path::new("v"))
            .expect("vocab has the special tokens")
    }

    #[test]
    fn basic_tokens_fold_case_accents_and_split_punctuation() {
        assert_eq!(
            basic_tokens("Al-Nusra's  “provocation”\u{200b}… Café\tDOUMA"),
            ["al", "-", "nusra", "'", "s", "“", "provocation", "”", "…", "cafe", "douma"]
        );
        assert_eq!(basic_tokens("中国x"), ["中", "国", "x"]);
        assert!(basic_tokens(" \u{feff}\u{0}\t").is_empty());
    }

    #[test]
    fn word_pieces_take_the_longest_match_and_unknown_words_whole() {
        let wp = vocab(&["white", "helm", "##et", "##ets", "##s", "!"]);
        let ids = |t: &str| {
            wp.encode(t).iter().map(|&i| wp.token(i).unwrap_or("?").to_string()).collect::<Vec<_>>()
        };
        assert_eq!(ids("White Helmets!"), ["white", "helm", "##ets", "!"]);
        // "helmx": "helm" matches but "##x" does not, so the whole word is unknown.
        assert_eq!(ids("helmx white"), ["[UNK]", "white"]);
        assert_eq!(ids(&"w".repeat(101)), ["[UNK]"]);
        let model = wp.encode_for_model("white white white", 4);
        assert_eq!(model, [wp.cls, 4, 4, wp.sep]);
    }

    #[test]
    fn a_vocabulary_without_special_tokens_is_an_error() {
        let err =
            WordPiece::from_vocab(vec!["a".into()], Path::new("v.txt")).expect_err("no [CLS]");
        assert!(err.to_string().contains("[CLS]"), "{err}");
    }
}

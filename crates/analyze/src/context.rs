use echotrace_model::{CharMap, Document, Span};

use crate::{sentences, tokens};

/// What every analyser of a document shares, computed once: the text, its tokens, its sentences
/// and the byte-to-code-point map that turns byte ranges into output spans.
#[derive(Debug)]
pub struct Context<'a> {
    pub document: &'a Document,
    pub text: &'a str,
    pub chars: CharMap,
    pub tokens: Vec<tokens::Token>,
    /// Sentences as byte ranges into `text`; `sentence_of_token[i]` is the sentence of token `i`.
    pub sentences: Vec<std::ops::Range<usize>>,
    pub sentence_of_token: Vec<u32>,
}

impl<'a> Context<'a> {
    pub fn new(document: &'a Document) -> Self {
        let text = document.text.as_str();
        let tokens = tokens::tokenize(text);
        let sentences = sentences::split(text, &tokens);
        let mut sentence_of_token = Vec::with_capacity(tokens.len());
        let mut s = 0usize;
        for t in &tokens {
            while s + 1 < sentences.len() && t.start as usize >= sentences[s].end {
                s += 1;
            }
            sentence_of_token.push(s as u32);
        }
        Context { document, text, chars: CharMap::new(text), tokens, sentences, sentence_of_token }
    }

    /// A byte range as a code point span.
    pub fn span(&self, bytes: std::ops::Range<usize>) -> Span {
        self.chars.char_span(bytes.start, bytes.end)
    }

    /// The index range of the tokens of sentence `s`.
    pub fn sentence_tokens(&self, s: usize) -> std::ops::Range<usize> {
        let range = &self.sentences[s];
        let start = self.tokens.partition_point(|t| (t.start as usize) < range.start);
        let end = self.tokens.partition_point(|t| (t.end as usize) <= range.end);
        start..end
    }
}

//! Sentence segmentation over tokens.
//!
//! Rules, in order: a blank line always ends a sentence; a single line break ends one unless the
//! line was merely wrapped (it ends inside a clause and the next line starts in lower case);
//! `.`, `!`, `?` and `…` (with any closing quotes or brackets after them) end one when the next
//! token could start a sentence, except after a known abbreviation ("Maj.", "Dr.", "Feb.") or an
//! initial ("J. Smith").

use crate::tokens::{Token, TokenKind};

/// Abbreviations after which a dot does not end a sentence (lower-cased, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "aug", "brig", "capt", "cmdr", "co", "col", "corp", "cpl", "dec", "dept", "dr",
    "etc", "feb", "fig", "fr", "gen", "gov", "hon", "inc", "jan", "jr", "jul", "jun", "lt", "ltd",
    "maj", "mar", "messrs", "mr", "mrs", "ms", "mt", "no", "nos", "nov", "oct", "op", "pres",
    "prof", "pvt", "rep", "reps", "rev", "sen", "sens", "sep", "sept", "sgt", "sr", "st", "supt",
    "vol", "vs",
];

/// Words that start a sentence after an acronym such as "U.S." ends one.
const STARTERS_AFTER_ACRONYM: &[&str] = &[
    "A",
    "But",
    "He",
    "However",
    "I",
    "In",
    "It",
    "Meanwhile",
    "She",
    "That",
    "The",
    "There",
    "These",
    "They",
    "This",
    "We",
];

fn is_terminal(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "…")
}

fn is_closer(t: &str) -> bool {
    matches!(t, "\"" | "”" | "’" | "'" | ")" | "]" | "»" | "›")
}

fn could_start_sentence(t: &str) -> bool {
    let Some(c) = t.chars().next() else { return false };
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '“' | '‘' | '\'' | '«' | '(' | '[' | '—' | '–' | '-' | '•')
        || (!c.is_lowercase() && c.is_alphabetic()) // scripts without case
}

fn is_abbreviation(word: &str) -> bool {
    let lower = word.to_lowercase();
    ABBREVIATIONS.binary_search(&lower.as_str()).is_ok()
}

fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// Splits the tokens of `text` into sentences, returned as byte ranges from the first token's
/// start to the last token's end, in order and non-overlapping.
///
/// ```
/// use echotrace_analyze::{sentences::split, tokens::tokenize};
/// let text = "Maj. Gen. Igor Konashenkov spoke. “It is staged.” He left.";
/// let spans: Vec<&str> = split(text, &tokenize(text)).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(spans, ["Maj. Gen. Igor Konashenkov spoke.", "“It is staged.”", "He left."]);
/// ```
pub fn split(text: &str, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    if tokens.is_empty() {
        return out;
    }
    let mut first = 0usize;
    let mut i = 0usize;
    while i < tokens.len() {
        let mut last = i;
        let tok = tokens[i].text(text);
        let mut ends = false;
        if tokens[i].kind == TokenKind::Punct && is_terminal(tok) {
            // Absorb repeated terminals and closing quotes or brackets glued to them.
            while last + 1 < tokens.len()
                && !tokens[last + 1].space_before
                && (is_closer(tokens[last + 1].text(text))
                    || is_terminal(tokens[last + 1].text(text)))
            {
                last += 1;
            }
            ends = match tokens.get(last + 1) {
                None => true,
                Some(next) if next.newlines_before > 0 => true,
                Some(next) => {
                    let next_text = next.text(text);
                    let after_abbreviation = tok == "."
                        && last == i
                        && i > first
                        && !tokens[i].space_before
                        && tokens[i - 1].kind == TokenKind::Word
                        && {
                            let prev = tokens[i - 1].text(text);
                            is_abbreviation(prev) || is_initial(prev)
                        };
                    next.space_before && could_start_sentence(next_text) && !after_abbreviation
                }
            };
        } else if tokens[i].kind == TokenKind::Word && tok.ends_with('.') && tok.contains('.') {
            // An acronym with a final dot ("U.S.") ends a sentence only before a clear starter.
            ends = match tokens.get(i + 1) {
                None => true,
                Some(next) => {
                    next.newlines_before > 0 || STARTERS_AFTER_ACRONYM.contains(&next.text(text))
                }
            };
        }
        if !ends {
            if let Some(next) = tokens.get(last + 1) {
                ends = next.newlines_before >= 2
                    || (next.newlines_before == 1 && !is_wrapped_line(text, &tokens[last], next));
            }
        }
        if ends || last + 1 == tokens.len() {
            out.push(tokens[first].start as usize..tokens[last].end as usize);
            first = last + 1;
        }
        i = last + 1;
    }
    out
}

/// A single line break inside a clause: the line ends in a word or a comma-like mark and the next
/// line starts with a lower-case letter.
fn is_wrapped_line(text: &str, before: &Token, after: &Token) -> bool {
    let before_text = before.text(text);
    let ends_in_clause = before.kind != TokenKind::Punct || matches!(before_text, "," | ";" | "-");
    let next_lower = after.text(text).chars().next().is_some_and(char::is_lowercase);
    ends_in_clause && next_lower
}

#[cfg(test)]
mod tests {
    use super::split;
    use crate::tokens::tokenize;

    fn check(input: &str, expect: &[&str]) {
        let got: Vec<&str> =
            split(input, &tokenize(input)).into_iter().map(|r| &input[r]).collect();
        assert_eq!(got, expect, "sentences of {input:?}");
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        check(
            "Dr. Smith met Lt. Col. J. R. Ewing. They spoke.",
            &["Dr. Smith met Lt. Col. J. R. Ewing.", "They spoke."],
        );
        check("On Feb. 12 it began.", &["On Feb. 12 it began."]);
        check("The U.S. Army left.", &["The U.S. Army left."]);
        check("He flew to the U.S. He stayed.", &["He flew to the U.S.", "He stayed."]);
    }

    #[test]
    fn quotations_end_and_continue_sentences() {
        check(
            "“It is a lie,” she said. Then she left.",
            &["“It is a lie,” she said.", "Then she left."],
        );
        check("He said: \"Stop!\" Nobody did.", &["He said: \"Stop!\"", "Nobody did."]);
        check("“Why?” he asked.", &["“Why?” he asked."]);
    }

    #[test]
    fn line_breaks() {
        check(
            "Title line\n\nFirst sentence here.\nSecond one",
            &["Title line", "First sentence here.", "Second one"],
        );
        check("a sentence wrapped\nover two lines.", &["a sentence wrapped\nover two lines."]);
        check("One per line\nAnother per line", &["One per line", "Another per line"]);
    }

    #[test]
    fn lower_case_after_dot_and_numbers() {
        check("It cost 5.5 million. a typo follows.", &["It cost 5.5 million. a typo follows."]);
        check("Wait... Then go!", &["Wait...", "Then go!"]);
        check("", &[]);
        check("   ", &[]);
    }
}

//! The light edits a copied passage goes through: what a re-publisher does to a text it lifts.

use serde::{Deserialize, Serialize};

use crate::random::Random;

/// One kind of edit applied to a planted passage (`"substitute"`, `"drop_sentence"`,
/// `"quotes"`, `"swap_sentences"` in the truth file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// About one word in [`SUBSTITUTION_RATE`] replaced by another word of the articles.
    Substitute,
    /// One sentence (never the first or last) left out.
    DropSentence,
    /// Straight quotes made curly, or curly ones straight.
    Quotes,
    /// Two neighbouring sentences exchanged.
    SwapSentences,
}

/// One word in this many is substituted when a passage gets [`Edit::Substitute`].
pub const SUBSTITUTION_RATE: usize = 15;

const SUBSTITUTE_CHANCE: f64 = 0.85;
const DROP_CHANCE: f64 = 0.4;
const QUOTES_CHANCE: f64 = 0.5;
const SWAP_CHANCE: f64 = 0.25;

/// Applies a random selection of edits to the sentences of a passage; returns the edited
/// sentences and the edits that changed something, in the order applied.
pub(crate) fn edit_passage(
    sentences: &[&str],
    vocabulary: &[Box<str>],
    random: &mut Random,
) -> (Vec<String>, Vec<Edit>) {
    let mut edited: Vec<String> = sentences.iter().map(|s| (*s).to_owned()).collect();
    let mut edits = Vec::new();
    if edited.len() >= 3 && random.chance(DROP_CHANCE) {
        edited.remove(random.between(1, edited.len() - 2));
        edits.push(Edit::DropSentence);
    }
    if edited.len() >= 2 && random.chance(SWAP_CHANCE) {
        let first = random.below(edited.len() - 1);
        if edited[first] != edited[first + 1] {
            edited.swap(first, first + 1);
            edits.push(Edit::SwapSentences);
        }
    }
    if random.chance(SUBSTITUTE_CHANCE) {
        let mut changed = false;
        for sentence in &mut edited {
            let (new, substituted) = substitute_words(sentence, vocabulary, random);
            if substituted {
                *sentence = new;
                changed = true;
            }
        }
        if changed {
            edits.push(Edit::Substitute);
        }
    }
    if random.chance(QUOTES_CHANCE) {
        let joined = edited.join(" ");
        let toggled = toggle_quotes(&joined);
        if toggled != joined {
            for sentence in &mut edited {
                *sentence = toggle_quotes(sentence);
            }
            edits.push(Edit::Quotes);
        }
    }
    (edited, edits)
}

/// Replaces about one word in [`SUBSTITUTION_RATE`] (letters only, punctuation around it
/// kept, a capital kept) by another word of the vocabulary.
fn substitute_words(
    sentence: &str,
    vocabulary: &[Box<str>],
    random: &mut Random,
) -> (String, bool) {
    let mut out = String::with_capacity(sentence.len() + 16);
    let mut changed = false;
    for (i, token) in sentence.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let core_start = token.find(|c: char| c.is_alphabetic()).unwrap_or(token.len());
        let core_end = token
            .rfind(|c: char| c.is_alphabetic())
            .map_or(core_start, |i| i + token[i..].chars().next().map_or(1, char::len_utf8));
        let core = &token[core_start..core_end.max(core_start)];
        let is_word = !core.is_empty() && core.chars().all(char::is_alphabetic);
        if !is_word || vocabulary.is_empty() || random.below(SUBSTITUTION_RATE) != 0 {
            out.push_str(token);
            continue;
        }
        let replacement = &vocabulary[random.below(vocabulary.len())];
        if replacement.eq_ignore_ascii_case(core) {
            out.push_str(token);
            continue;
        }
        out.push_str(&token[..core_start]);
        if core.chars().next().is_some_and(char::is_uppercase) {
            let mut letters = replacement.chars();
            if let Some(first) = letters.next() {
                out.extend(first.to_uppercase());
                out.push_str(letters.as_str());
            }
        } else {
            out.push_str(replacement);
        }
        out.push_str(&token[core_end.max(core_start)..]);
        changed = true;
    }
    (out, changed)
}

/// Straight quotes become curly (opening after a space, a bracket or at the start, closing
/// elsewhere; an apostrophe inside a word becomes ’) when the text has any; otherwise curly
/// quotes become straight. One character for one, so lengths in code points do not change.
pub(crate) fn toggle_quotes(text: &str) -> String {
    if text.contains(['"', '\'']) {
        let mut out = String::with_capacity(text.len() + 8);
        let mut previous: Option<char> = None;
        for c in text.chars() {
            let opening =
                previous.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—'));
            out.push(match (c, opening) {
                ('"', true) => '“',
                ('"', false) => '”',
                ('\'', true) => '‘',
                ('\'', false) => '’',
                (other, _) => other,
            });
            previous = Some(c);
        }
        out
    } else {
        text.chars()
            .map(|c| match c {
                '“' | '”' | '„' => '"',
                '‘' | '’' => '\'',
                other => other,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vec<Box<str>> {
        ["alpha", "beta", "gamma"].iter().map(|w| (*w).into()).collect()
    }

    #[test]
    fn quotes_toggle_both_ways_keeping_the_length() {
        let check = |input: &str, expect: &str| {
            let output = toggle_quotes(input);
            assert_eq!(output, expect, "quotes of {input:?}");
            assert_eq!(output.chars().count(), input.chars().count());
        };
        check("He said \"no\" and it's 'over'.", "He said “no” and it’s ‘over’.");
        check("“Yes,” she said, ‘it’s fine’.", "\"Yes,\" she said, 'it's fine'.");
        check("no quotes here", "no quotes here");
        check("\"Start", "“Start");
    }

    #[test]
    fn substitution_changes_about_one_word_in_fifteen_and_keeps_punctuation() {
        let sentence = "The officials, said (on Tuesday) that Militants moved chlorine containers near the border.";
        let mut random = Random::for_stream(3, 0);
        let mut changed_words = 0;
        let mut total_words = 0;
        for _ in 0..400 {
            let (new, _) = substitute_words(sentence, &vocabulary(), &mut random);
            let old: Vec<&str> = sentence.split(' ').collect();
            let new: Vec<&str> = new.split(' ').collect();
            assert_eq!(old.len(), new.len());
            for (a, b) in old.iter().zip(&new) {
                total_words += 1;
                if a != b {
                    changed_words += 1;
                    let punct =
                        |s: &str| s.chars().filter(|c| !c.is_alphabetic()).collect::<String>();
                    assert_eq!(punct(a), punct(b), "{a} -> {b}");
                    assert_eq!(
                        a.chars().next().is_some_and(char::is_uppercase),
                        b.chars().next().is_some_and(char::is_uppercase),
                        "{a} -> {b}"
                    );
                }
            }
        }
        let rate = changed_words as f64 / total_words as f64;
        assert!((0.04..0.09).contains(&rate), "substitution rate {rate}");
    }

    #[test]
    fn edits_report_what_changed() {
        let sentences =
            ["First \"quoted\" one here.", "Second one here.", "Third one here.", "Fourth."];
        let mut seen = std::collections::HashSet::new();
        for stream in 0..200 {
            let mut random = Random::for_stream(11, stream);
            let (edited, edits) = edit_passage(&sentences, &vocabulary(), &mut random);
            let dropped = edits.contains(&Edit::DropSentence);
            assert_eq!(edited.len(), if dropped { 3 } else { 4 });
            if edits.is_empty() {
                assert_eq!(edited, sentences);
            }
            if edits.contains(&Edit::Quotes) {
                assert!(edited.iter().any(|s| s.contains('“')), "{edited:?}");
            }
            if dropped && !edits.contains(&Edit::SwapSentences) {
                // Neither the first nor the last sentence is dropped (substitution keeps the
                // number of words).
                assert_eq!(edited[0].split(' ').count(), 4, "{edited:?}");
                assert_eq!(edited[2].split(' ').count(), 1, "{edited:?}");
            }
            seen.extend(edits);
        }
        assert_eq!(seen.len(), 4, "every edit occurs: {seen:?}");
    }
}

//! Word classes the rules ask about, looked up once per token while the token features are built
//! (one hash-table probe shared with the cue lexicon), so that no rule lower-cases or compares
//! strings in its loop, and the regexes of the rules only run over the lines and sentences that
//! hold a word every one of their matches needs.
//!
//! Two kinds of flag:
//! - **token** flags (`T_*`) say what the whole lower-cased token is ("over", "million");
//! - **run** flags (`R_*`) say what a maximal run of ASCII word characters (`[A-Za-z0-9_]`, what
//!   the regexes' ASCII `\b` sees as a word) inside the token is, so "mid-September" carries
//!   [`R_MONTH`] and "they’ll" [`R_FUTURE`]. A run flag is a necessary condition of a regex
//!   match, never a sufficient one: gating on it changes what is skipped, not what is found.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::features::hash_bytes;
use crate::lexicon::PrehashedMap;

/// A number word of quantities ("eight", "dozens").
pub(crate) const T_NUMBER_WORD: u32 = 1;
/// "thousand", "million" …
pub(crate) const T_SCALE: u32 = 1 << 1;
/// Skipped between a number and its unit ("460 such incidents").
pub(crate) const T_SKIPPABLE: u32 = 1 << 2;
/// Cannot be a unit ("of", "the" …).
pub(crate) const T_NOT_UNIT: u32 = 1 << 3;
/// Belongs before a number ("over 460").
pub(crate) const T_MODIFIER: u32 = 1 << 4;
/// Skipped between a source and its cue ("experts have already dubbed").
pub(crate) const T_AUXILIARY: u32 = 1 << 5;
/// Ends a source when walking back from the cue.
pub(crate) const T_SOURCE_STOP: u32 = 1 << 6;
/// "and", "but", "that": a boundary before a source.
pub(crate) const T_CONJUNCTION: u32 = 1 << 7;

/// A month name or abbreviation ("Sept" of "Sept.").
pub(crate) const R_MONTH: u32 = 1 << 12;
pub(crate) const R_WEEKDAY: u32 = 1 << 13;
/// "yesterday", "week", "ago" …: a word every relative date needs one of.
pub(crate) const R_RELATIVE: u32 = 1 << 14;
/// Exactly four ASCII digits (years, ISO dates). Computed, not looked up.
pub(crate) const R_DIGIT4: u32 = 1 << 15;
/// A word one of the future markers needs ("will", "ll", "preparing", "upcoming" …).
pub(crate) const R_FUTURE: u32 = 1 << 16;
/// "would", "could", "might" (warnings about the future).
pub(crate) const R_WOULD: u32 = 1 << 17;
/// "surfaced", "emerged" … (reports that surfaced).
pub(crate) const R_SURFACED: u32 = 1 << 18;
/// "reports", "accounts" … (numerous witness reports saying).
pub(crate) const R_REPORT_NOUN: u32 = 1 << 19;
/// "experts", "residents" … (many experts say).
pub(crate) const R_CROWD_NOUN: u32 = 1 << 20;
/// Starts with the first three letters of a month, in any case ("12 March", but also "12
/// Marchers": a day-month date needs no boundary after the month). Computed.
pub(crate) const R_MONTH_PREFIX: u32 = 1 << 21;

/// The run flags computed from the run's characters rather than looked up.
const R_COMPUTED: u32 = R_DIGIT4 | R_MONTH_PREFIX;

/// Every run flag: given to a token with a character that a case-insensitive regex folds to an
/// ASCII letter (ſ, the Kelvin sign), where splitting into ASCII runs would not be exact.
pub(crate) const R_ALL: u32 = R_MONTH
    | R_WEEKDAY
    | R_RELATIVE
    | R_DIGIT4
    | R_FUTURE
    | R_WOULD
    | R_SURFACED
    | R_REPORT_NOUN
    | R_CROWD_NOUN
    | R_MONTH_PREFIX;

/// The run flags that [`VOCABULARY`] holds.
const R_LOOKED_UP: u32 = R_ALL & !R_COMPUTED;

/// The computed run flags of one run of ASCII word characters.
fn computed(run: &[u8]) -> u32 {
    let mut flags = 0;
    if run.len() == 4 && run.iter().all(u8::is_ascii_digit) {
        flags |= R_DIGIT4;
    }
    if let [a, b, c, ..] = run {
        let p = [a.to_ascii_lowercase(), b.to_ascii_lowercase(), c.to_ascii_lowercase()];
        if matches!(
            &p,
            b"jan"
                | b"feb"
                | b"mar"
                | b"apr"
                | b"may"
                | b"jun"
                | b"jul"
                | b"aug"
                | b"sep"
                | b"oct"
                | b"nov"
                | b"dec"
        ) {
            flags |= R_MONTH_PREFIX;
        }
    }
    flags
}

const TOKEN_WORDS: &[(u32, &[&str])] = &[
    (
        T_NUMBER_WORD,
        &[
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "fifteen",
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "hundred",
            "hundreds",
            "dozen",
            "dozens",
            "thousands",
            "millions",
        ],
    ),
    (T_SCALE, &["thousand", "million", "mln", "billion", "bln", "bn", "trillion"]),
    (T_SKIPPABLE, crate::quantities::SKIPPABLE),
    (T_NOT_UNIT, crate::quantities::NOT_UNITS),
    (T_MODIFIER, crate::quantities::MODIFIERS),
    (T_AUXILIARY, crate::extract::AUXILIARIES),
    (T_SOURCE_STOP, crate::extract::SOURCE_STOPS),
    (T_CONJUNCTION, &["and", "but", "that"]),
];

const RUN_WORDS: &[(u32, &[&str])] = &[
    (
        R_MONTH,
        &[
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "jan",
            "feb",
            "mar",
            "apr",
            "jun",
            "jul",
            "aug",
            "sept",
            "sep",
            "oct",
            "nov",
            "dec",
        ],
    ),
    (R_WEEKDAY, &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]),
    (R_RELATIVE, &["yesterday", "today", "tomorrow", "tonight", "week", "month", "year", "ago"]),
    (
        R_FUTURE,
        &[
            // will|shall|won't|'ll|’ll
            "will",
            "shall",
            "won",
            "ll",
            // is|are … (preparing|planning|going|about|set|poised|expected|likely|due|scheduled) to
            "preparing",
            "planning",
            "going",
            "about",
            "set",
            "poised",
            "expected",
            "likely",
            "due",
            "scheduled",
            // prepar(e|es|ing)|plan(s|ning|ned)?|intend…|threaten…|aim…|plot… (to|a|an|another|new)
            "prepare",
            "prepares",
            "plan",
            "plans",
            "planned",
            "intend",
            "intends",
            "intended",
            "intending",
            "threaten",
            "threatens",
            "threatened",
            "threatening",
            "aim",
            "aims",
            "aimed",
            "aiming",
            "plot",
            "plots",
            "plotted",
            "plotting",
            // upcoming|imminent|impending|forthcoming|looming|to stage
            "upcoming",
            "imminent",
            "impending",
            "forthcoming",
            "looming",
            "stage",
        ],
    ),
    (R_WOULD, &["would", "could", "might"]),
    (R_SURFACED, &["surfaced", "emerged", "circulated", "appeared"]),
    (R_REPORT_NOUN, &["reports", "accounts", "claims", "testimonies", "sources"]),
    (
        R_CROWD_NOUN,
        &[
            "experts",
            "analysts",
            "observers",
            "residents",
            "witnesses",
            "eyewitnesses",
            "commentators",
            "sources",
            "officials",
            "critics",
            "people",
            "activists",
            "journalists",
            "diplomats",
            "locals",
        ],
    ),
];

/// Lower-cased word hash → flags (token and run flags together).
pub(crate) static VOCABULARY: LazyLock<PrehashedMap<u32>> = LazyLock::new(|| {
    let mut map: PrehashedMap<u32> = HashMap::default();
    for (flag, words) in TOKEN_WORDS.iter().chain(RUN_WORDS) {
        for word in *words {
            *map.entry(hash_bytes(word.as_bytes())).or_default() |= flag;
        }
    }
    map
});

/// Run flags of a token that is one run of ASCII letters and digits, given the flags of the
/// whole lower-cased token.
#[inline]
pub(crate) fn simple_run_flags(bytes: &[u8], whole: u32) -> u32 {
    (whole & R_LOOKED_UP) | computed(bytes)
}

/// Run flags of `token` (its text) given the flags of the whole lower-cased token.
pub(crate) fn run_flags(token: &str, whole: u32) -> u32 {
    let bytes = token.as_bytes();
    if bytes.iter().all(u8::is_ascii_alphanumeric) {
        return simple_run_flags(bytes, whole);
    }
    if token.contains(['\u{17f}', '\u{212a}']) {
        return R_ALL;
    }
    let mut flags = 0;
    let mut lower = [0u8; 24];
    for run in bytes.split(|b| !(b.is_ascii_alphanumeric() || *b == b'_')) {
        if run.is_empty() {
            continue;
        }
        flags |= computed(run);
        if run.len() > lower.len() {
            continue;
        }
        let lower = &mut lower[..run.len()];
        lower.copy_from_slice(run);
        lower.make_ascii_lowercase();
        flags |= VOCABULARY.get(&hash_bytes(lower)).copied().unwrap_or(0) & R_LOOKED_UP;
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_inside_tokens_carry_their_flags() {
        let whole = |w: &str| VOCABULARY.get(&hash_bytes(w.as_bytes())).copied().unwrap_or(0);
        assert_eq!(run_flags("September", whole("september")), R_MONTH | R_MONTH_PREFIX);
        assert_eq!(run_flags("mid-September", 0), R_MONTH | R_MONTH_PREFIX);
        assert_eq!(run_flags("Marchers", whole("marchers")), R_MONTH_PREFIX);
        assert_eq!(run_flags("they’ll", 0), R_FUTURE);
        assert_eq!(run_flags("2019", 0), R_DIGIT4);
        assert_eq!(run_flags("2019-03-01", 0), R_DIGIT4);
        assert_eq!(run_flags("20190", 0), 0);
        assert_eq!(run_flags("ſources", 0), R_ALL);
        assert_eq!(run_flags("over", whole("over")), 0);
        assert_ne!(whole("over") & T_MODIFIER, 0);
        assert_ne!(whole("sources") & R_CROWD_NOUN, 0);
        assert_ne!(whole("sources") & R_REPORT_NOUN, 0);
    }
}

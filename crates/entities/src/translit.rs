//! Keys for matching names written from Arabic and Russian in many Latin spellings.
//!
//! [`exact_key`] folds only what never changes a name: case, diacritics, apostrophes, hyphens
//! and spacing. [`skeleton_key`] goes further, folding what transliteration systems disagree on:
//!
//! - the Arabic article in its assimilated forms (`al-`, `el-`, `ash-`, `as-`, `ad-`, `an-`,
//!   `ar-`, `at-`, `az-`, `ath-`, `ez-` …) is dropped;
//! - digraphs fold to one sound: `kh`→`h`, `gh`→`g`, `sh`/`sch`→`S`, `ch` stays, `q`/`ck`/hard
//!   `c`→`k`, `ph`→`f`, `th`→`t`, `dh`→`d`, `dj`/`dzh`/`zh`→`j`, `w`→`v`, `x`→`ks`;
//! - doubled letters collapse (`Lattakia`→`Latakia`, `Hayyat`→`Hayat`);
//! - vowels (and `y`) are dropped except a word-initial one, kept as `a`; a word-final `h`
//!   after a vowel goes (`Hamah`→`Hama`).
//!
//! So "Saraqib", "Sarakeb" and "Serakab" share the skeleton `srkb`, and "Jisr al-Shughur",
//! "Jisr ash-Shugur" and "Jisr al-Shugur" share `jsr Sgr`. Skeletons are lossy on purpose; the
//! gazetteer refuses to match on a skeleton that two of its entries share, so that distinct
//! places with close names stay apart.

/// Arabic articles as transliterated, assimilated or not.
const ARTICLES: &[&str] = &[
    "al", "el", "il", "ul", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "en",
    "er", "es", "esh", "et", "ez", "az",
];

/// Folds one Latin letter with a diacritic to its base letter; other characters pass.
fn fold_diacritic(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' | 'ḍ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' | 'ġ' => 'g',
        'ḥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'ş' | 'š' | 'ṣ' => 's',
        'ť' | 'ţ' | 'ṭ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' | 'ẓ' => 'z',
        other => other,
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʿ' | 'ʾ' | '`' | '´')
}

/// The words of a name: lower case, diacritics folded, apostrophes removed, split on spaces,
/// hyphens and other punctuation.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = fold_diacritic(c);
        if is_apostrophe(c) {
            continue;
        }
        if c.is_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A key that ignores case, diacritics, apostrophes, hyphens and spacing, and a leading "the":
/// "the al-Nusra Front" and "Al Nusra front" share `al nusra front`.
///
/// ```
/// use echotrace_entities::exact_key;
/// assert_eq!(exact_key("The Jisr al-Shughur"), "jisr al shughur");
/// assert_eq!(exact_key("Dara'a"), exact_key("Daraa"));
/// ```
pub fn exact_key(name: &str) -> String {
    let mut w = words(name);
    if w.len() > 1 && w[0] == "the" {
        w.remove(0);
    }
    w.join(" ")
}

/// Whether `word` (lower case) is a transliterated Arabic article.
pub(crate) fn is_article(word: &str) -> bool {
    ARTICLES.contains(&word)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// The consonant skeleton of one word (see the module doc).
fn word_skeleton(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    // First pass: digraphs to single symbols.
    let mut folded: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let next2 = chars.get(i + 2).copied();
        let (symbol, width) = match (c, next, next2) {
            ('s', Some('c'), Some('h')) => ('S', 3),
            ('d', Some('z'), Some('h')) => ('j', 3),
            ('k', Some('h'), _) => ('h', 2),
            ('g', Some('h'), _) => ('g', 2),
            ('s', Some('h'), _) => ('S', 2),
            ('c', Some('h'), _) => ('C', 2),
            ('p', Some('h'), _) => ('f', 2),
            ('t', Some('h'), _) => ('t', 2),
            ('d', Some('h'), _) => ('d', 2),
            ('d', Some('j'), _) => ('j', 2),
            ('z', Some('h'), _) => ('j', 2),
            ('c', Some('k'), _) => ('k', 2),
            ('q', _, _) => ('k', 1),
            ('c', Some('e' | 'i' | 'y'), _) => ('s', 1),
            ('c', _, _) => ('k', 1),
            ('w', _, _) => ('v', 1),
            ('x', _, _) => ('K', 1),
            (other, _, _) => (other, 1),
        };
        folded.push(symbol);
        i += width;
    }
    // Second pass: collapse doubles, drop vowels (keeping a word-initial one as `a`) and a
    // final `h` after a vowel.
    let mut out = String::with_capacity(folded.len());
    let mut last: Option<char> = None;
    for (j, &c) in folded.iter().enumerate() {
        if Some(c) == last {
            continue;
        }
        last = Some(c);
        if is_vowel(c) {
            if j == 0 {
                out.push('a');
            }
            continue;
        }
        if c == 'h' && j + 1 == folded.len() && j > 0 && is_vowel(folded[j - 1]) {
            continue;
        }
        if c == 'K' {
            out.push_str("ks");
        } else {
            out.push(c);
        }
    }
    out
}

/// A transliteration-insensitive key (see the module doc).
///
/// ```
/// use echotrace_entities::skeleton_key;
/// assert_eq!(skeleton_key("Saraqib"), skeleton_key("Serakab"));
/// assert_eq!(skeleton_key("Jisr ash-Shugur"), skeleton_key("Jisr al-Shughur"));
/// assert_ne!(skeleton_key("Saraqib"), skeleton_key("Sarmin"));
/// ```
pub fn skeleton_key(name: &str) -> String {
    let w = words(name);
    let mut out: Vec<String> = Vec::with_capacity(w.len());
    for (i, word) in w.iter().enumerate() {
        if i == 0 && word == "the" && w.len() > 1 {
            continue;
        }
        // An article is dropped when a word follows it; a name that is only an article stays.
        if ARTICLES.contains(&word.as_str()) && i + 1 < w.len() {
            continue;
        }
        let s = word_skeleton(word);
        if !s.is_empty() {
            out.push(s);
        }
    }
    out.join(" ")
}

/// Number of consonant symbols in a skeleton: short skeletons are too ambiguous to match on.
pub(crate) fn skeleton_strength(skeleton: &str) -> usize {
    skeleton.chars().filter(|c| c.is_alphanumeric()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        assert_eq!(skeleton_key(a), skeleton_key(b), "{a:?} and {b:?} should share a skeleton");
    }

    fn apart(a: &str, b: &str) {
        assert_ne!(skeleton_key(a), skeleton_key(b), "{a:?} and {b:?} should differ");
    }

    #[test]
    fn spelling_variants_share_a_skeleton() {
        for (a, b) in [
            ("Saraqib", "Sarakeb"),
            ("Saraqib", "Serakab"),
            ("Jisr al-Shughur", "Jisr ash-Shugur"),
            ("Jisr al-Shughur", "Jisr al-Shugur"),
            ("Jisr al-Shughur", "Jisr Al Shughour"),
            ("Latakia", "Lattakia"),
            ("Hayat Tahrir al-Sham", "Hayyat Tahrir al-Sham"),
            ("Hayat Tahrir al-Sham", "Hay'at Tahrir ash-Sham"),
            ("Khan Shaykhun", "Khan Sheikhoun"),
            ("al-Lataminah", "Latamneh"),
            ("Hama", "Hamah"),
            ("Deir ez-Zor", "Deir al-Zour"),
            ("Qaddafi", "Kaddafi"),
            ("Lavrov", "Lawrow"),
        ] {
            same(a, b);
        }
    }

    #[test]
    fn distinct_names_stay_apart() {
        for (a, b) in [
            ("Saraqib", "Sarmin"),
            ("Idlib", "Aleppo"),
            ("Hama", "Homs"),
            ("Jisr al-Shughur", "Jisr"),
            ("Taftanaz", "Tartus"),
            ("Konashenkov", "Savchenko"),
            ("Jabhat al-Nusra", "Jabhat Fateh al-Sham"),
        ] {
            apart(a, b);
        }
    }

    #[test]
    fn exact_keys_fold_only_spelling_noise() {
        assert_eq!(exact_key("Jisr Al-Shughur"), exact_key("jisr al shughur"));
        assert_eq!(exact_key("Ḥamā"), "hama");
        assert_ne!(exact_key("Sarakeb"), exact_key("Saraqib"));
        assert_eq!(exact_key(""), "");
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for s in ["", "-", "al", "'''", "\u{feff}", "ﷺ", "🙂al-🙂", "ashsh-", "q"] {
            let _ = skeleton_key(s);
            let _ = exact_key(s);
        }
        assert_eq!(skeleton_key("al"), "al");
    }
}

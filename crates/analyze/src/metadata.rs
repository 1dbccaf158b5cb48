//! Document metadata found in the text itself: the outlets a text says it relays ("Press TV
//! reports:", "RNA -", "(Reuters) -", "the ministry told Izvestia"), the publication date of a
//! `date YYYY-MM-DD` marker or a dateline, and the language when the input gave none.

use std::sync::LazyLock;

use chrono::NaiveDate;
use echotrace_model::{DateSource, Document, Layers};
use regex::Regex;

use crate::{Analyzer, Context};

/// News outlets and agencies that texts commonly relay; a name here is accepted as a relay in
/// every pattern, while an unknown name is accepted only in the unambiguous ones ("X reports:").
const KNOWN_OUTLETS: &[&str] = &[
    "ABC News",
    "AFP",
    "AP",
    "Al Arabiya",
    "Al Jazeera",
    "Al Masdar",
    "Al Mayadeen",
    "ANF",
    "Anadolu",
    "Associated Press",
    "BBC",
    "Bloomberg",
    "CBS News",
    "CNN",
    "Daily Mail",
    "Der Spiegel",
    "Deutsche Welle",
    "DW",
    "Fars",
    "Fox News",
    "France 24",
    "Haaretz",
    "Hurriyet",
    "Interfax",
    "IRNA",
    "Izvestia",
    "Kommersant",
    "Le Monde",
    "Mehr",
    "NBC News",
    "New York Times",
    "NHK",
    "NPR",
    "Press TV",
    "PressTV",
    "Reuters",
    "RIA Novosti",
    "RIA",
    "RNA",
    "RT",
    "SANA",
    "Sky News",
    "Sputnik",
    "Syrian Observatory for Human Rights",
    "Tasnim",
    "TASS",
    "The Guardian",
    "The Independent",
    "The Telegraph",
    "The Washington Post",
    "UPI",
    "Xinhua",
    "Yonhap",
];

/// All-capital words of up to five letters that open datelines as places, not outlets.
const SHORT_PLACE_WORDS: &[&str] = &[
    "BAKU", "CAIRO", "DOHA", "DUBAI", "GAZA", "HOMS", "IDLIB", "KABUL", "KIEV", "KYIV", "LAGOS",
    "LIMA", "MINSK", "OSLO", "PARIS", "RIGA", "ROME", "SEOUL", "SOCHI", "TOKYO", "UK", "US", "USA",
];

const OUTLET_NAME: &str = r"[A-Z][A-Za-z0-9&.'’]*(?: [A-Z][A-Za-z0-9&.'’]*){0,3}";

static REPORTS_COLON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?m)^[ \t]*({OUTLET_NAME}) (?:reports?|reported|wrote|writes):"))
        .expect("valid regex")
});
static AGENCY_DASH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*([A-Z]{2,6}|[A-Z][a-z]+ [A-Z][a-z]+) [-–—] ").expect("valid regex")
});
static PAREN_AGENCY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\(({OUTLET_NAME})\)\s*[-–—]")).expect("valid regex"));
static OUTLET_COLON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?m)^[ \t]*({OUTLET_NAME}):\s")).expect("valid regex"));
// ASCII word boundaries: a Unicode `\b` keeps the regex off its fast engines on non-ASCII text,
// and the words it bounds here are ASCII.
static TOLD_OR_REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?-u:\b)told|(?-u:\b)interview with|(?-u:\b)according to|(?-u:\b)quoted by|(?-u:\b)cited by|(?-u:\b)via)(?: the)? ({OUTLET_NAME})|({OUTLET_NAME}) (?:reported|reports|quoted|cited|wrote)(?-u:\b)"
    ))
    .expect("valid regex")
});

/// Canonical spelling of a known outlet name, if `name` (or a leading part of it) is one.
fn known_outlet(name: &str) -> Option<&'static str> {
    let name = name.trim_end_matches(['.', '\'', '’']);
    let mut words: Vec<&str> = name.split(' ').collect();
    // Try the longest prefix first: "Izvestia Moscow" is not a name, "Izvestia" is.
    while !words.is_empty() {
        let joined = words.join(" ");
        let candidate = joined.trim_end_matches(['.', '\'', '’', ',']);
        if let Some(found) = KNOWN_OUTLETS.iter().find(|o| o.eq_ignore_ascii_case(candidate)) {
            return Some(found);
        }
        words.pop();
    }
    None
}

fn push_unique(out: &mut Vec<String>, name: &str) {
    if !out.iter().any(|o| o == name) {
        out.push(name.to_owned());
    }
}

/// The outlets that `text` says it relays, in order of first appearance.
///
/// ```
/// use echotrace_analyze::find_relays;
/// assert_eq!(find_relays("Press TV reports: the statement said..."), ["Press TV"]);
/// assert_eq!(find_relays("MOSCOW (Reuters) - Officials said"), ["Reuters"]);
/// assert_eq!(find_relays("Geneva - The WHO chief said"), Vec::<String>::new());
/// ```
pub fn find_relays(text: &str) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut add = |pos: usize, name: &str| {
        let canonical = known_outlet(name).map(str::to_owned).unwrap_or_else(|| name.to_owned());
        found.push((pos, canonical));
    };
    for c in REPORTS_COLON.captures_iter(text) {
        let m = c.get(1).expect("group 1");
        add(m.start(), m.as_str());
    }
    for c in AGENCY_DASH.captures_iter(text) {
        let m = c.get(1).expect("group 1");
        let name = m.as_str();
        let acronym = name.chars().all(|ch| ch.is_ascii_uppercase());
        if (acronym && !SHORT_PLACE_WORDS.contains(&name)) || known_outlet(name).is_some() {
            add(m.start(), name);
        }
    }
    for c in PAREN_AGENCY.captures_iter(text) {
        let m = c.get(1).expect("group 1");
        if known_outlet(m.as_str()).is_some() {
            add(m.start(), m.as_str());
        }
    }
    for regex in [&*OUTLET_COLON, &*TOLD_OR_REPORTED] {
        for c in regex.captures_iter(text) {
            if let Some(m) = c.get(1).or_else(|| c.get(2)) {
                if known_outlet(m.as_str()).is_some() {
                    add(m.start(), m.as_str());
                }
            }
        }
    }
    found.sort_by_key(|(pos, _)| *pos);
    let mut out = Vec::new();
    for (_, name) in found {
        push_unique(&mut out, &name);
    }
    out
}

static DATE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\A\s*(?i:date)[:\s]\s*(\d{4})-(\d{2})-(\d{2})\b").expect("valid regex")
});
const MONTH: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    // At the start of a line within the opening lines: "MOSCOW, Nov. 3, 2018 (Reuters) -",
    // "Published: 3 November 2018", "2018-11-03 —".
    Regex::new(&format!(
        r"(?m)^[ \t]*(?:(?:Published|Posted|Updated|Date)(?: on)?:?\s+|[A-Z][A-Za-z .'-]{{1,30}},\s+)?(?:{MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})|(\d{{1,2}})\s+{MONTH},?\s+(\d{{4}})|(\d{{4}})-(\d{{2}})-(\d{{2}}))\b[^\n]{{0,40}}?(?:[-–—:]|\(|$)"
    ))
    .expect("valid regex")
});

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let months =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    months.iter().position(|m| lower.starts_with(m)).map(|i| i as u32 + 1)
}

/// The publication date a text states about itself: a leading `date YYYY-MM-DD` marker, or a
/// dateline in its first lines. Dates inside the body ("On March 5, 2011, protests began") are
/// not taken for the publication date.
///
/// ```
/// use echotrace_analyze::find_published_date;
/// use chrono::NaiveDate;
/// assert_eq!(find_published_date(" date 2018-11-03 Moscow has"), NaiveDate::from_ymd_opt(2018, 11, 3));
/// assert_eq!(find_published_date("MOSCOW, Nov. 3, 2018 (Reuters) - A"), NaiveDate::from_ymd_opt(2018, 11, 3));
/// assert_eq!(find_published_date("On March 5, 2011, protests began."), None);
/// ```
pub fn find_published_date(text: &str) -> Option<NaiveDate> {
    if let Some(c) = DATE_MARKER.captures(text) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        return NaiveDate::from_ymd_opt(n(1)? as i32, n(2)?, n(3)?);
    }
    // Only the opening of the text: the first three non-empty lines.
    let mut head_end = text.len();
    let mut lines = 0;
    for (i, _) in text.match_indices('\n') {
        if i > 0 && text.as_bytes()[i - 1] != b'\n' {
            lines += 1;
        }
        if lines >= 3 {
            head_end = i;
            break;
        }
    }
    let head = &text[..floor_char_boundary(text, head_end.min(600).min(text.len()))];
    let c = DATELINE.captures(head)?;
    let get = |i: usize| c.get(i).map(|m| m.as_str());
    let (year, month, day) = if let (Some(m), Some(d), Some(y)) = (get(1), get(2), get(3)) {
        (y.parse().ok()?, month_number(m)?, d.parse().ok()?)
    } else if let (Some(d), Some(m), Some(y)) = (get(4), get(5), get(6)) {
        (y.parse().ok()?, month_number(m)?, d.parse().ok()?)
    } else {
        (get(7)?.parse().ok()?, get(8)?.parse().ok()?, get(9)?.parse().ok()?)
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Frequent English function words. A few are words of other languages too ("in", "was", "to"),
/// which is why it takes a fifth of the words to decide, where German or French prose stays
/// below a sixth even with English names and quotes in it (see `plainly_english`).
const ENGLISH_MARKERS: [&str; 31] = [
    "the", "and", "that", "with", "said", "this", "are", "have", "which", "were", "been", "would",
    "their", "they", "from", "its", "not", "there", "what", "who", "it", "he", "his", "has", "had",
    "but", "is", "was", "to", "in", "by",
];

/// Whether `sample` is plainly English prose: at least 40 words, nearly all letters ASCII, and
/// at least a fifth of the words English function words. Plain English is most of what users
/// feed in, and answering it here skips the trigram detector, a tenth of the whole analysis
/// otherwise. Checked against the detector on 2,353 texts (the PTC articles and the text of both
/// HTML sets, 1,233 of them German; `docs/performance.md`): where this answers, the detector
/// says English too.
fn plainly_english(sample: &str) -> bool {
    let (mut words, mut markers, mut ascii, mut other) = (0usize, 0usize, 0usize, 0usize);
    for word in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        words += 1;
        if word.is_ascii() {
            ascii += word.len();
            let mut lower = [0u8; 8];
            if word.len() <= lower.len() {
                for (l, b) in lower.iter_mut().zip(word.bytes()) {
                    *l = b.to_ascii_lowercase();
                }
                let lower = &lower[..word.len()];
                if ENGLISH_MARKERS.iter().any(|m| m.as_bytes() == lower) {
                    markers += 1;
                }
            }
        } else {
            other += word.chars().count();
        }
    }
    words >= 40 && other * 50 <= ascii && markers * 5 >= words
}

/// ISO 639-1 code of the language of `text`, when detection is reliable enough.
pub fn detect_language(text: &str) -> Option<String> {
    let sample = &text[..floor_char_boundary(text, text.len().min(2000))];
    if plainly_english(sample) {
        return Some("en".to_owned());
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some(iso_639_1(info.lang()).to_owned())
}

fn iso_639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Rus => "ru",
        Ara => "ar",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ukr => "uk",
        Tur => "tr",
        Pes => "fa",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Nld => "nl",
        Pol => "pl",
        Swe => "sv",
        Dan => "da",
        Nob => "no",
        Fin => "fi",
        Ces => "cs",
        Slk => "sk",
        Hun => "hu",
        Ron => "ro",
        Bul => "bg",
        Srp => "sr",
        Hrv => "hr",
        Slv => "sl",
        Ell => "el",
        Heb => "he",
        Hin => "hi",
        Urd => "ur",
        Ben => "bn",
        Ind => "id",
        Vie => "vi",
        Tha => "th",
        Bel => "be",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Kat => "ka",
        Hye => "hy",
        Aze => "az",
        Uzb => "uz",
        Tgl => "tl",
        Cat => "ca",
        Afr => "af",
        Epo => "eo",
        other => other.code(),
    }
}

/// Fills `published` (from the text, when the input gave none), `relayed_from` and `language`.
#[derive(Debug, Default, Clone, Copy)]
pub struct MetadataAnalyzer;

impl Analyzer for MetadataAnalyzer {
    fn name(&self) -> &'static str {
        "metadata"
    }

    fn annotate_document(&self, document: &mut Document) {
        if document.published.is_none() {
            if let Some(date) = find_published_date(&document.text) {
                document.set_published(date, DateSource::Text);
            }
        }
        for outlet in find_relays(&document.text) {
            push_unique(&mut document.relayed_from, &outlet);
        }
        if document.language.is_none() {
            document.language = detect_language(&document.text);
        }
    }

    fn analyze(&self, _cx: &Context<'_>, _layers: &mut Layers) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relays_of_each_pattern() {
        let cases: &[(&str, &[&str])] = &[
            ("Press TV reports: The statement", &["Press TV"]),
            ("RNA - The head of", &["RNA"]),
            ("BEIRUT, March 3 (AFP) - Rebels", &["AFP"]),
            ("the ministry told Izvestia. According to", &["Izvestia"]),
            ("Izvestia: Moscow believes", &["Izvestia"]),
            ("as Sputnik reported on Monday", &["Sputnik"]),
            ("He told reporters in Geneva", &[]),
            ("PARIS - The president", &[]),
            ("Geneva - The World Health", &[]),
            ("John told Mary the news", &[]),
        ];
        for (text, expect) in cases {
            assert_eq!(find_relays(text), *expect, "relays of {text:?}");
        }
    }

    #[test]
    fn dates_from_markers_and_datelines_only() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(find_published_date("date 2019-02-12\nText"), d(2019, 2, 12));
        assert_eq!(
            find_published_date("Title\n\nPublished: 3 November 2018\nBody"),
            d(2018, 11, 3)
        );
        assert_eq!(find_published_date("WASHINGTON, March 5, 2019 — The"), d(2019, 3, 5));
        assert_eq!(find_published_date("Title\n\nIn 2011 on March 5, 2011 protests began."), None);
        assert_eq!(find_published_date("date 2019-02-31 impossible"), None);
        assert_eq!(find_published_date(""), None);
        // Multi-byte characters across the cut of the opening window must not panic.
        for pad in 595..605 {
            let text = format!("{}{}", "a".repeat(pad), "\u{a0}é€🙂".repeat(4));
            assert_eq!(find_published_date(&text), None);
        }
    }

    #[test]
    fn language_of_english_and_russian() {
        let en = "The ministry said that the group was preparing a provocation in the province.";
        let ru = "Министерство заявило, что группа готовит провокацию в провинции Идлиб.";
        assert_eq!(detect_language(en).as_deref(), Some("en"));
        assert_eq!(detect_language(ru).as_deref(), Some("ru"));
    }

    #[test]
    fn plain_english_is_answered_without_the_detector_and_nothing_else_is() {
        let en = "The ministry said on Monday that the group, which has been accused of staging \
                  attacks before, was preparing another provocation in the province. Officials \
                  added that they would share what they had found with the council, and that \
                  the footage from the town was not what it seemed to be. Witnesses who were \
                  there also said that the convoy left before noon.";
        assert!(plainly_english(en));
        assert_eq!(detect_language(en).as_deref(), Some("en"));
        // Too short to decide by counting: the detector answers.
        assert!(!plainly_english("The ministry said that the group was there."));
        let others = [
            ("fr", "Le ministère a déclaré lundi que le groupe, accusé d'avoir déjà mis en scène \
                    des attaques, préparait une nouvelle provocation dans la province. Les \
                    responsables ont ajouté qu'ils partageraient leurs conclusions avec le conseil \
                    et que les images de la ville ne montraient pas ce qu'elles semblaient montrer. \
                    Des témoins présents ont aussi dit que le convoi était parti avant midi."),
            ("de", "Das Ministerium erklärte am Montag, die Gruppe, der schon früher inszenierte \
                    Angriffe vorgeworfen wurden, bereite in der Provinz eine weitere Provokation \
                    vor. Beamte fügten hinzu, sie würden ihre Ergebnisse mit dem Rat teilen und \
                    die Aufnahmen aus der Stadt seien nicht das, wonach sie aussähen. Zeugen vor \
                    Ort sagten außerdem, der Konvoi sei vor Mittag abgefahren."),
            ("es", "El ministerio dijo el lunes que el grupo, acusado de haber escenificado \
                    ataques antes, preparaba otra provocación en la provincia. Los funcionarios \
                    añadieron que compartirían lo que habían encontrado con el consejo y que las \
                    imágenes de la ciudad no eran lo que parecían. Testigos que estaban allí \
                    también dijeron que el convoy salió antes del mediodía."),
            ("nl", "Het ministerie zei maandag dat de groep, die eerder werd beschuldigd van het \
                    ensceneren van aanvallen, in de provincie een nieuwe provocatie voorbereidde. \
                    Ambtenaren voegden eraan toe dat ze hun bevindingen met de raad zouden delen \
                    en dat de beelden uit de stad niet waren wat ze leken. Getuigen die er waren \
                    zeiden ook dat het konvooi voor de middag vertrok."),
        ];
        for (code, text) in others {
            assert!(!plainly_english(text), "{code} taken for English");
            assert_eq!(detect_language(text).as_deref(), Some(code), "{code}");
        }
        // English quoted inside Russian prose is not plain English.
        let mixed =
            format!("{en} {}", "Министерство заявило, что группа готовит провокацию. ".repeat(6));
        assert!(!plainly_english(&mixed));
    }
}

//! Counts and amounts with units: "20 cylinders", "6 pick-ups", "over 460 such incidents",
//! "$5 million", "15-20 kilometers", "eight canisters".

use echotrace_analyze::{Context, TokenKind};
use echotrace_model::Quantity;

use crate::features::DocFeatures;
use crate::lexicon::Lexicon;
use crate::vocab::{T_MODIFIER, T_NOT_UNIT, T_NUMBER_WORD, T_SCALE, T_SKIPPABLE};

/// Words before a number that belong to the quantity ("over 460", "more than 1,000").
pub(crate) const MODIFIERS: &[&str] = &[
    "over",
    "about",
    "around",
    "nearly",
    "almost",
    "approximately",
    "roughly",
    "some",
    "only",
    "just",
    "least",
    "than",
    "to",
    "up",
    "under",
    "below",
    "above",
    "estimated",
];

/// Words between a number and its unit that are skipped ("460 such incidents").
pub(crate) const SKIPPABLE: &[&str] =
    &["such", "more", "other", "additional", "new", "further", "armed", "chemical"];

/// Words that cannot be units.
pub(crate) const NOT_UNITS: &[&str] = &[
    "of", "and", "the", "to", "in", "on", "at", "from", "with", "for", "a", "an", "by", "or",
    "were", "was", "is", "are", "have", "has", "had", "that", "which", "who", "per", "than", "as",
    "after", "before", "when", "while", "into", "against", "since", "it", "they", "he", "she",
    "this", "these", "those", "be", "been", "not", "will", "would",
];

fn word_value(word: &str) -> Option<f64> {
    let v = match word {
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "fifteen" => 15.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "hundred" | "hundreds" => 100.0,
        "dozen" | "dozens" => 12.0,
        "thousands" => 1000.0,
        "millions" => 1e6,
        _ => return None,
    };
    Some(v)
}

fn scale(word: &str) -> Option<f64> {
    match word {
        "thousand" => Some(1e3),
        "million" | "mln" => Some(1e6),
        "billion" | "bln" | "bn" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

fn currency(symbol: &str) -> Option<&'static str> {
    match symbol {
        "$" => Some("USD"),
        "€" => Some("EUR"),
        "£" => Some("GBP"),
        "₽" => Some("RUB"),
        _ => None,
    }
}

/// Parses "1,000", "2.5" or the lower bound of "15-20".
fn number_value(token: &str) -> Option<f64> {
    let first = token.split(['-', '–']).next().unwrap_or(token);
    first.replace(',', "").parse().ok()
}

fn is_month(word: &str) -> bool {
    matches!(
        word,
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
    )
}

/// Counts and amounts of the text, in order.
pub fn find_quantities(cx: &Context<'_>) -> Vec<Quantity> {
    find_quantities_in(cx, &DocFeatures::new(cx, &Lexicon::default()))
}

/// [`find_quantities`] with the token features already computed: the word lists are asked
/// through the tokens' flags, and a token is lower-cased only when it is in one.
#[inline(never)] // a unit of its own in profiles
pub(crate) fn find_quantities_in(cx: &Context<'_>, doc: &DocFeatures<'_>) -> Vec<Quantity> {
    let text = cx.text;
    let tokens = &cx.tokens;
    let lower = |i: usize| tokens[i].text(text).to_lowercase();
    let is = |i: usize, flag: u32| doc.tokens[i].flags & flag != 0;
    let mut out = Vec::new();
    let mut i = 0usize;
    while i < tokens.len() {
        let t = tokens[i].text(text);
        let (mut value, mut unit, start, mut end) = if tokens[i].kind == TokenKind::Number {
            let money = (i > 0).then(|| currency(tokens[i - 1].text(text))).flatten();
            // Years and days of dates are times, not quantities.
            let year_like = money.is_none()
                && t.len() == 4
                && t.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y));
            let date_like = (i > 0 && is_month(tokens[i - 1].text(text)))
                || (i + 1 < tokens.len() && is_month(tokens[i + 1].text(text)));
            if year_like || (date_like && money.is_none()) {
                i += 1;
                continue;
            }
            let Some(v) = number_value(t) else {
                i += 1;
                continue;
            };
            let start = if money.is_some() { i - 1 } else { i };
            (v, money.map(str::to_owned), start, i + 1)
        } else if tokens[i].kind == TokenKind::Word && is(i, T_NUMBER_WORD) {
            match word_value(&lower(i)) {
                Some(v) => (v, None, i, i + 1),
                None => {
                    i += 1;
                    continue;
                }
            }
        } else {
            i += 1;
            continue;
        };
        let numeric = tokens[i].kind == TokenKind::Number;
        if end < tokens.len() && is(end, T_SCALE) {
            if let Some(s) = scale(&lower(end)) {
                value *= s;
                end += 1;
            }
        }
        if unit.is_none() && end < tokens.len() {
            let next = tokens[end].text(text);
            if next == "%" || next.eq_ignore_ascii_case("percent") {
                unit = Some("percent".to_owned());
                end += 1;
            } else {
                let mut u = end;
                if u + 1 < tokens.len() && is(u, T_SKIPPABLE) {
                    u += 1;
                }
                let candidate = tokens[u].text(text);
                let is_unit = tokens[u].kind == TokenKind::Word
                    && candidate.chars().next().is_some_and(char::is_lowercase)
                    && !is(u, T_NOT_UNIT)
                    && (numeric || candidate.to_lowercase().ends_with('s'));
                if is_unit {
                    unit = Some(candidate.to_lowercase());
                    end = u + 1;
                }
            }
        }
        if unit.is_none() {
            i = end;
            continue;
        }
        // Pull in modifiers: "over", "more than", "at least", "up to".
        let mut first = start;
        while first > 0 && is(first - 1, T_MODIFIER) && start - first < 2 {
            first -= 1;
        }
        if first < start && matches!(lower(first).as_str(), "than" | "to" | "least") {
            if first > 0
                && matches!(lower(first - 1).as_str(), "more" | "less" | "fewer" | "at" | "up")
            {
                first -= 1;
            } else {
                first += 1;
            }
        }
        let bytes = tokens[first].start as usize..tokens[end - 1].end as usize;
        let [s, e] = cx.span(bytes.clone());
        out.push(Quantity {
            start: s,
            end: e,
            text: text[bytes].to_owned(),
            value: Some(value),
            unit,
        });
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use echotrace_model::Document;

    fn check(text: &str, expect: &[(&str, f64, &str)]) {
        let doc = Document::new("q", text);
        let cx = Context::new(&doc);
        let got: Vec<(String, f64, String)> = find_quantities(&cx)
            .into_iter()
            .map(|q| (q.text, q.value.unwrap_or(f64::NAN), q.unit.unwrap_or_default()))
            .collect();
        let expect: Vec<(String, f64, String)> =
            expect.iter().map(|(t, v, u)| (t.to_string(), *v, u.to_string())).collect();
        assert_eq!(got, expect, "quantities of {text:?}");
    }

    #[test]
    fn counts_and_amounts() {
        check("about 20 cylinders were seen", &[("about 20 cylinders", 20.0, "cylinders")]);
        check("and 6 pick-ups with guards", &[("6 pick-ups", 6.0, "pick-ups")]);
        check("over 460 such incidents have", &[("over 460 such incidents", 460.0, "incidents")]);
        check("an additional $5 million in", &[("$5 million", 5e6, "USD")]);
        check("a zone of 15-20 kilometers", &[("15-20 kilometers", 15.0, "kilometers")]);
        check("eight canisters of chlorine", &[("eight canisters", 8.0, "canisters")]);
        check(
            "more than 1,000 militants left",
            &[("more than 1,000 militants", 1000.0, "militants")],
        );
        check("On April 14, 2018, in 2014", &[]);
        check("one of the callers", &[]);
    }
}

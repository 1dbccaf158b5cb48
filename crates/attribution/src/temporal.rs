//! Time expressions ("on February 12", "Tuesday evening", "last month", "early September",
//! "by October 15") resolved against the publication date, and predictions: statements about
//! an event expected in the future ("are preparing to stage a chemical attack", "an upcoming
//! provocation", "will strike").

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use echotrace_analyze::Context;
use echotrace_model::{Prediction, TimeExpression};
use regex::Regex;

use crate::features::DocFeatures;
use crate::lexicon::Lexicon;
use crate::vocab::{R_DIGIT4, R_FUTURE, R_MONTH, R_MONTH_PREFIX, R_RELATIVE, R_WEEKDAY, R_WOULD};

const MONTHS: &str = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.";

static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{4})-(\d{2})-(\d{2})(?-u:\b)").expect("valid regex"));
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)({MONTHS}) (\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,? (\d{{4}})(?-u:\b))?"
    ))
    .expect("valid regex")
});
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({MONTHS})(?:,? (\d{{4}})(?-u:\b))?"
    ))
    .expect("valid regex")
});
static MONTH_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:((?i:early|mid|late|the end of|the beginning of|the middle of))[ -])?({MONTHS})(?: (?:of )?(\d{{4}}))?(?-u:\b)"
    ))
    .expect("valid regex")
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:((?i:last|next|this|on|earlier on|late on)) )?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?: (morning|afternoon|evening|night))?(?-u:\b)")
        .expect("valid regex")
});
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(yesterday|today|tomorrow|tonight|(?:last|next|this|earlier this|later this) (?:week|month|year)|(?:(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten) (days?|weeks?|months?|years?) ago))(?-u:\b)")
        .expect("valid regex")
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:in|since|by|until|of|from|during) ((?:19|20)\d\d)(?-u:\b)")
        .expect("valid regex")
});

fn month_number(name: &str) -> Option<u32> {
    let key: String = name.chars().take(3).collect::<String>().to_lowercase();
    let n = match key.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

fn small_number(word: &str) -> Option<u32> {
    let n = match word.to_lowercase().as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        other => return other.parse().ok(),
    };
    Some(n)
}

fn iso_day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn iso_month(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// The year that puts `month` (and `day`) nearest to the publication date: a text published in
/// January that mentions "December" means the December before.
fn nearest_year(published: NaiveDate, month: u32) -> i32 {
    let diff = month as i32 - published.month() as i32;
    if diff > 6 {
        published.year() - 1
    } else if diff < -6 {
        published.year() + 1
    } else {
        published.year()
    }
}

fn weekday_of(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

/// Resolves a weekday against the publication date: news text means the most recent such day
/// (the publication day itself included) unless it says "next".
fn resolve_weekday(published: NaiveDate, day: Weekday, modifier: &str) -> Option<NaiveDate> {
    let today = published.weekday().num_days_from_monday() as i64;
    let target = day.num_days_from_monday() as i64;
    let back = (today - target).rem_euclid(7) as u64;
    match modifier {
        "next" => {
            let forward = (target - today).rem_euclid(7) as u64;
            published.checked_add_days(Days::new(if forward == 0 { 7 } else { forward }))
        }
        "last" => published.checked_sub_days(Days::new(if back == 0 { 7 } else { back })),
        _ => published.checked_sub_days(Days::new(back)),
    }
}

fn add_months(date: NaiveDate, months: i32) -> Option<NaiveDate> {
    if months >= 0 {
        date.checked_add_months(Months::new(months as u32))
    } else {
        date.checked_sub_months(Months::new(months.unsigned_abs()))
    }
}

/// Date expressions of the text, sorted, without overlaps, each resolved against
/// `document.published` when it is known.
pub fn find_times(cx: &Context<'_>) -> Vec<TimeExpression> {
    find_times_in(cx, &DocFeatures::new(cx, &Lexicon::default()))
}

/// A regex's matches (with byte offsets into the whole text) over the lines of `doc` that hold
/// a token with one of `needed` (every match needs one; none spans a line break).
fn matches_in<'t>(
    regex: &'t Regex,
    cx: &'t Context<'_>,
    doc: &'t DocFeatures<'_>,
    needed: u32,
) -> impl Iterator<Item = (usize, regex::Captures<'t>)> + 't {
    doc.lines_with(cx, needed).flat_map(move |line| {
        let start = line.start;
        regex.captures_iter(&cx.text[line]).map(move |c| (start, c))
    })
}

/// [`find_times`] with the token features already computed.
#[inline(never)] // a unit of its own in profiles
pub(crate) fn find_times_in(cx: &Context<'_>, doc: &DocFeatures<'_>) -> Vec<TimeExpression> {
    let text = cx.text;
    let published = cx.document.published;
    // (byte start, byte end, value)
    let mut found: Vec<(usize, usize, Option<String>)> = Vec::new();
    for (at, c) in matches_in(&ISO_DATE, cx, doc, R_DIGIT4) {
        let m = c.get(0).expect("group 0");
        let date = NaiveDate::parse_from_str(m.as_str(), "%Y-%m-%d").ok();
        found.push((at + m.start(), at + m.end(), date.map(iso_day)));
    }
    for (at, c) in matches_in(&MONTH_DAY, cx, doc, R_MONTH) {
        let m = c.get(0).expect("group 0");
        let month = c.get(1).and_then(|x| month_number(x.as_str()));
        let day: Option<u32> = c.get(2).and_then(|x| x.as_str().parse().ok());
        let year: Option<i32> = c.get(3).and_then(|x| x.as_str().parse().ok());
        found.push((at + m.start(), at + m.end(), resolve_day(published, year, month, day)));
    }
    // A day-month date needs both a day number and a word starting like a month.
    for (at, c) in matches_in(&DAY_MONTH, cx, doc, R_MONTH_PREFIX) {
        let m = c.get(0).expect("group 0");
        let day: Option<u32> = c.get(1).and_then(|x| x.as_str().parse().ok());
        let month = c.get(2).and_then(|x| month_number(x.as_str()));
        let year: Option<i32> = c.get(3).and_then(|x| x.as_str().parse().ok());
        found.push((at + m.start(), at + m.end(), resolve_day(published, year, month, day)));
    }
    for (at, c) in matches_in(&MONTH_ONLY, cx, doc, R_MONTH) {
        let m = c.get(0).expect("group 0");
        let name = c.get(2).map_or("", |x| x.as_str());
        // "May" is a month only with a year or a modifier, or after "in"/"since"/"by".
        if name == "May" && c.get(1).is_none() && c.get(3).is_none() {
            let before = text[..at + m.start()].trim_end();
            if !["in", "since", "by", "until", "of", "last", "next", "early", "late"]
                .iter()
                .any(|w| before.ends_with(w))
            {
                continue;
            }
        }
        let Some(month) = month_number(name) else { continue };
        let year: Option<i32> = c.get(3).and_then(|x| x.as_str().parse().ok());
        let value = match (year, published) {
            (Some(y), _) => Some(iso_month(y, month)),
            (None, Some(p)) => Some(iso_month(nearest_year(p, month), month)),
            (None, None) => None,
        };
        found.push((at + m.start(), at + m.end(), value));
    }
    for (at, c) in matches_in(&WEEKDAY, cx, doc, R_WEEKDAY) {
        let m = c.get(0).expect("group 0");
        let modifier = c.get(1).map_or("", |x| x.as_str()).to_lowercase();
        let value = published
            .zip(c.get(2).and_then(|x| weekday_of(x.as_str())))
            .and_then(|(p, d)| resolve_weekday(p, d, modifier.as_str()).map(iso_day));
        // "on Friday" reads better as "Friday".
        let start =
            if modifier == "on" { c.get(2).map_or(m.start(), |x| x.start()) } else { m.start() };
        found.push((at + start, at + m.end(), value));
    }
    for (at, c) in matches_in(&RELATIVE, cx, doc, R_RELATIVE) {
        let m = c.get(0).expect("group 0");
        let phrase = m.as_str().to_lowercase();
        let value = published.and_then(|p| {
            resolve_relative(p, &phrase, c.get(2).map(|x| x.as_str()), c.get(3).map(|x| x.as_str()))
        });
        found.push((at + m.start(), at + m.end(), value));
    }
    for (at, c) in matches_in(&YEAR, cx, doc, R_DIGIT4) {
        let m = c.get(1).expect("group 1");
        found.push((at + m.start(), at + m.end(), None));
    }
    // Longest first at each position; drop anything overlapping an earlier pick.
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<TimeExpression> = Vec::new();
    let mut last_end = 0usize;
    for (start, end, value) in found {
        if start < last_end {
            continue;
        }
        last_end = end;
        let [s, e] = cx.span(start..end);
        out.push(TimeExpression { start: s, end: e, text: text[start..end].to_owned(), value });
    }
    out
}

fn resolve_day(
    published: Option<NaiveDate>,
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
) -> Option<String> {
    let (month, day) = (month?, day?);
    let year = match (year, published) {
        (Some(y), _) => y,
        (None, Some(p)) => nearest_year(p, month),
        (None, None) => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day).map(iso_day)
}

fn resolve_relative(
    published: NaiveDate,
    phrase: &str,
    count: Option<&str>,
    unit: Option<&str>,
) -> Option<String> {
    match phrase {
        "yesterday" => return published.checked_sub_days(Days::new(1)).map(iso_day),
        "today" | "tonight" => return Some(iso_day(published)),
        "tomorrow" => return published.checked_add_days(Days::new(1)).map(iso_day),
        _ => {}
    }
    if let (Some(count), Some(unit)) = (count, unit) {
        let n = small_number(count)?;
        return match unit.trim_end_matches('s') {
            "day" => published.checked_sub_days(Days::new(n as u64)).map(iso_day),
            "week" => published.checked_sub_days(Days::new(7 * n as u64)).map(iso_day),
            "month" => add_months(published, -(n as i32)).map(|d| iso_month(d.year(), d.month())),
            _ => None,
        };
    }
    if phrase.ends_with("month") {
        let shift = if phrase.starts_with("last") {
            -1
        } else if phrase.starts_with("next") {
            1
        } else {
            0
        };
        return add_months(published, shift).map(|d| iso_month(d.year(), d.month()));
    }
    None
}

/// Markers of an expected future event.
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(?:will|shall|won't|'ll|’ll) (?:not |also |soon |likely |then |now |be )?[a-z]{2,}|(?:is|are|was|were|be|been) (?:preparing|planning|going|about|set|poised|expected|likely|due|scheduled) to|(?:prepar(?:e|es|ing)|plan(?:s|ning|ned)?|intend(?:s|ed|ing)?|threaten(?:s|ed|ing)?|aim(?:s|ed|ing)?|plot(?:s|ted|ting)?) (?:to|a|an|another|new)|upcoming|imminent|impending|forthcoming|looming|to stage)(?-u:\b)",
    )
    .expect("valid regex")
});

/// "will" as a noun ("the will of the people") is not a future.
static NOUN_WILL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:the|a|his|her|their|its|political|free|good|ill) will(?-u:\b)")
        .expect("valid regex")
});

/// Sentences that state an expected future event, with the first date they give (one on or
/// after the publication date when that is known).
pub fn find_predictions(cx: &Context<'_>, times: &[TimeExpression]) -> Vec<Prediction> {
    find_predictions_in(cx, &DocFeatures::new(cx, &Lexicon::default()), times)
}

/// [`find_predictions`] with the token features already computed: a sentence without a word
/// that a future marker or a warning needs is not searched.
#[inline(never)] // a unit of its own in profiles
pub(crate) fn find_predictions_in(
    cx: &Context<'_>,
    doc: &DocFeatures<'_>,
    times: &[TimeExpression],
) -> Vec<Prediction> {
    let text = cx.text;
    let published = cx.document.published.map(iso_day);
    let mut out = Vec::new();
    for (k, range) in cx.sentences.iter().enumerate() {
        if doc.sentence_flags.get(k).is_some_and(|f| f & (R_FUTURE | R_WOULD) == 0) {
            continue;
        }
        let sentence = &text[range.clone()];
        let marked = FUTURE.find_iter(sentence).any(|m| {
            let before = &sentence[..m.end().min(sentence.len())];
            !NOUN_WILL.find_iter(before).any(|n| n.end() >= m.start() + 4 && n.start() <= m.start())
        });
        // "warned that they would ...": a warning about the future, found without a regex
        // that would have to span the clause.
        let warned = || {
            let lower = sentence.to_ascii_lowercase();
            lower.contains("warn")
                && [" would ", " could ", " might "].iter().any(|w| lower.contains(w))
        };
        if !marked && !warned() {
            continue;
        }
        let trimmed_end = range.start + sentence.trim_end().len();
        let trimmed_start = range.start + (sentence.len() - sentence.trim_start().len());
        if trimmed_end <= trimmed_start {
            continue;
        }
        let [s, e] = cx.span(trimmed_start..trimmed_end);
        let target_date = times
            .iter()
            .filter(|t| t.start >= s && t.end <= e)
            .filter_map(|t| t.value.clone())
            .find(|v| published.as_ref().is_none_or(|p| v.as_str() >= &p[..v.len().min(p.len())]));
        out.push(Prediction {
            start: s,
            end: e,
            text: text[trimmed_start..trimmed_end].to_owned(),
            target_date,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use echotrace_model::Document;

    fn check_times(text: &str, published: Option<&str>, expect: &[(&str, Option<&str>)]) {
        let mut doc = Document::new("t", text);
        doc.published = published.and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
        let cx = Context::new(&doc);
        let got: Vec<(String, Option<String>)> =
            find_times(&cx).into_iter().map(|t| (t.text, t.value)).collect();
        let expect: Vec<(String, Option<String>)> =
            expect.iter().map(|(t, v)| (t.to_string(), v.map(str::to_owned))).collect();
        assert_eq!(got, expect, "times of {text:?}");
    }

    #[test]
    fn explicit_and_relative_dates() {
        check_times(
            "On February 12, the center reported.",
            Some("2019-02-14"),
            &[("February 12", Some("2019-02-12"))],
        );
        check_times(
            "On April 14, 2018, they struck.",
            None,
            &[("April 14, 2018", Some("2018-04-14"))],
        );
        check_times(
            "It happened on Tuesday evening.",
            Some("2018-11-08"),
            &[("Tuesday evening", Some("2018-11-06"))],
        );
        check_times(
            "Last month, they met.",
            Some("2018-11-08"),
            &[("Last month", Some("2018-10"))],
        );
        check_times(
            "In early September, he said.",
            Some("2018-11-08"),
            &[("early September", Some("2018-09"))],
        );
        check_times(
            "withdraw by October 15.",
            Some("2018-11-08"),
            &[("October 15", Some("2018-10-15"))],
        );
        check_times("in December", Some("2019-01-10"), &[("December", Some("2018-12"))]);
        check_times(
            "yesterday's statement",
            Some("2019-02-14"),
            &[("yesterday", Some("2019-02-13"))],
        );
        check_times("on Friday", None, &[("Friday", None)]);
        check_times("founded in 2014", None, &[("2014", None)]);
        check_times("She may go.", None, &[]);
        check_times("date 2018-11-03 Moscow", None, &[("2018-11-03", Some("2018-11-03"))]);
    }

    fn check_prediction(text: &str, expect: bool) {
        let doc = Document::new("p", text);
        let cx = Context::new(&doc);
        assert_eq!(!find_predictions(&cx, &[]).is_empty(), expect, "prediction in {text:?}");
    }

    #[test]
    fn future_markers() {
        check_prediction("They are preparing to stage a chemical attack.", true);
        check_prediction("The ministry warned of an upcoming provocation.", true);
        check_prediction("We will strike at the places where it is produced.", true);
        check_prediction("It reflects the will of the people.", false);
        check_prediction("The attack took place last year.", false);
    }

    #[test]
    fn prediction_takes_a_future_date() {
        let mut doc = Document::new("p", "Rebels will withdraw by October 15.");
        doc.published = NaiveDate::from_ymd_opt(2018, 9, 20);
        let cx = Context::new(&doc);
        let times = find_times(&cx);
        let predictions = find_predictions(&cx, &times);
        assert_eq!(predictions[0].target_date.as_deref(), Some("2018-10-15"));
    }
}

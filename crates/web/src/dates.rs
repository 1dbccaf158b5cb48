//! Publication dates, the htmldate way: URL and structured data first, then markup, bylines, text.
//!
//! Sources are tried from the most to the least trustworthy, and original-publication fields
//! always beat modification fields of the same kind.

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use regex::Regex;
use scraper::{ElementRef, Html, Selector};

/// Where a publication date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// JSON-LD `datePublished` / `dateCreated`.
    JsonLd,
    /// A `<meta>` tag such as `article:published_time`.
    Meta,
    /// An element marked `itemprop="datePublished"`.
    Microdata,
    /// A `<time>` or `<abbr>` element.
    TimeElement,
    /// The page URL (`/2021/05/03/`).
    Url,
    /// A visible byline or date line.
    Byline,
    /// A date pattern in the page text.
    Text,
    /// A modification date (JSON-LD `dateModified`, `article:modified_time`), used for lack of better.
    Modified,
    /// Supplied from outside the page (a WARC-Date or feed date).
    External,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("selectors in this module are valid CSS")
}

struct Selectors {
    json_ld: Selector,
    meta: Selector,
    itemprop_dates: Selector,
    time: Selector,
    abbr: Selector,
    body: Selector,
}

fn selectors() -> &'static Selectors {
    static S: OnceLock<Selectors> = OnceLock::new();
    S.get_or_init(|| Selectors {
        json_ld: selector(r#"script[type="application/ld+json"]"#),
        meta: selector("meta"),
        itemprop_dates: selector(
            r#"[itemprop="datePublished"], [itemprop="dateCreated"], [itemprop="dateModified"]"#,
        ),
        time: selector("time"),
        abbr: selector("abbr"),
        body: selector("body"),
    })
}

const META_PUBLISHED: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "originalpublicationdate",
    "citation_publication_date",
    "citation_date",
    "rnews:datepublished",
    "og:pubdate",
    "pub_date",
    "date_published",
    "creation_date",
    "article.created",
    "publication_date",
    "publication-date",
    "bt:pubdate",
    "article:post_date",
    "datecreated",
    "article_published_time",
    "release_date",
    "published-date",
    "date.published",
    "article:published_date",
    "publishing_date",
    "firstpublishedtime",
    "uploaddate",
];

/// Generic date fields: often the publication date, but as often the last edit or the day the
/// page was generated, so they rank below `<time>` elements and bylines.
const META_WEAK: &[&str] = &[
    "date",
    "dc.date",
    "dcterms.date",
    "dc.created",
    "created",
    "og:date",
    "doc_date",
    "displaydate",
    "dateline",
    "published",
];

const META_MODIFIED: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "og:article:modified_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "lastmod",
    "last-modified",
    "modified",
    "article:modified",
    "revised",
    "updated_time",
    "dateupdated",
];

/// Which of a page's dates to report when it shows more than one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePreference {
    /// The first publication date: `datePublished` beats `dateModified`, "Published" beats
    /// "Updated". What [`crate::extract_article`] reports.
    #[default]
    Original,
    /// The most recent date the page states for itself (an update beats the first publication),
    /// as htmldate's default mode does. On htmldate's own benchmark this scores lower than
    /// `Original`: its gold dates are mostly the first publication, or an update only where
    /// the page shows the update instead (which `Original` handles).
    Latest,
}

/// A publication date and a modification date found by one kind of evidence.
#[derive(Debug, Clone, Copy, Default)]
struct Pair {
    published: Option<NaiveDate>,
    modified: Option<NaiveDate>,
}

impl Pair {
    fn pick(self, preference: DatePreference) -> Option<NaiveDate> {
        match (preference, self.published, self.modified) {
            // A modification before the publication is a template or time-zone artefact.
            (DatePreference::Latest, Some(p), Some(m)) => Some(p.max(m)),
            (_, Some(p), _) => Some(p),
            (DatePreference::Latest, None, m) => m,
            (DatePreference::Original, None, _) => None,
        }
    }
}

/// Everything the markup says about dates, gathered once and then ranked by preference.
#[derive(Debug, Default)]
struct Evidence {
    url: Option<NaiveDate>,
    json_ld: Pair,
    meta: Pair,
    meta_weak: Option<NaiveDate>,
    microdata: Pair,
    time_marked: Pair,
    time_first: Option<NaiveDate>,
    byline: Pair,
    /// Dates shown to the reader in bylines and `<time>` elements.
    visible: Vec<NaiveDate>,
    /// The byline's publication date comes before the headline (or its place is unknown).
    byline_above_headline: bool,
    /// The most frequent date of the visible text, filled in only where structured data leaves
    /// a doubt (the text scan is the slowest step).
    text_frequent: Option<NaiveDate>,
}

impl Evidence {
    /// `modified` where the page shows it and not `date`.
    fn shown_instead(&self, date: NaiveDate, modified: Option<NaiveDate>) -> Option<NaiveDate> {
        let shown_at = |d: &NaiveDate| self.visible.iter().position(|v| v == d);
        // Of the two, the one the reader meets first (the article's own byline comes before
        // teasers and lists of other articles).
        if let Some(m) = modified.filter(|m| *m != date) {
            if let Some(at) = shown_at(&m) {
                // Both shown a day apart: a quick correction, or one instant in two time zones.
                let close = (m - date).num_days().abs() <= 1;
                if shown_at(&date).is_none_or(|d| at < d && !close) {
                    return Some(m);
                }
            }
        }
        if self.visible.contains(&date) {
            return None;
        }
        // Not shown at all, but repeated by a generic `date` meta tag or the text's most
        // frequent date: the update is the page's current date.
        if let Some(m) = modified.filter(|m| *m != date) {
            if self.meta_weak == Some(m) || self.text_frequent == Some(m) {
                return Some(m);
            }
        }
        // Structured times in UTC fall on the next or previous day for publishers far from
        // Greenwich; the byline shows the publisher's own calendar day.
        self.visible.first().filter(|v| (**v - date).num_days().abs() == 1).copied()
    }
}

/// The publication date of a page, with its source.
///
/// `source` is the page's HTML text: dates in inline script data are searched there.
pub fn find_date(html: &Html, source: &str, url: Option<&str>) -> Option<(NaiveDate, DateSource)> {
    find_date_with(html, source, url, DatePreference::Original)
}

/// The evidence [`find_date`] weighs, for error analysis (`Debug` text).
pub fn explain_date(html: &Html, source: &str, url: Option<&str>) -> String {
    let today = chrono::Utc::now().date_naive();
    let plausible = |d: &NaiveDate| d.year() >= 1995 && *d <= today;
    let evidence = gather(html, url, &plausible);
    let script = script_data_date(source);
    let text = html.select(&selectors().body).next().map(|body| text_dates(body, &plausible));
    format!("{evidence:#?}\nscript {script:?}\n{text:?}")
}

/// [`find_date`] with a choice between the original and the latest date of the page.
pub fn find_date_with(
    html: &Html,
    source: &str,
    url: Option<&str>,
    preference: DatePreference,
) -> Option<(NaiveDate, DateSource)> {
    find_dates(html, source, url, &[preference]).into_iter().flatten().next()
}

/// The steps of the decision, from the most to the least trustworthy evidence.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// A full date in the URL path.
    Url,
    /// Meta tags and JSON-LD, settled by what the page shows.
    Structured,
    /// `itemprop="datePublished"` on an element.
    Microdata,
    /// A `<time>` marked as the publication (or update) time.
    TimeMarked,
    /// A byline: an element whose class or id speaks of dates.
    Byline,
    /// A date labelled "Published", "Erschienen am" … in the text.
    TextLabelled,
    /// The first `<time>` element.
    TimeFirst,
    /// A byline that only gives an update date.
    BylineUpdate,
    /// A generic `date` meta tag.
    MetaWeak,
    /// Publication fields in inline script data.
    Script,
    /// A structured modification date, for lack of a publication date.
    Modified,
    /// The dateline next to the headline.
    Headline,
    /// The most frequent date in the text.
    TextFrequent,
    /// The most frequent year-first date anywhere in the HTML source.
    Source,
}

const STEPS: &[Step] = &[
    Step::Url,
    Step::Structured,
    Step::Microdata,
    Step::TimeMarked,
    Step::Byline,
    Step::TextLabelled,
    Step::TimeFirst,
    Step::BylineUpdate,
    Step::MetaWeak,
    Step::Script,
    Step::Modified,
    Step::Headline,
    Step::TextFrequent,
    Step::Source,
];

/// The page's date under each preference, gathering the evidence once.
pub(crate) fn find_dates(
    html: &Html,
    source: &str,
    url: Option<&str>,
    preferences: &[DatePreference],
) -> Vec<Option<(NaiveDate, DateSource)>> {
    // A page cannot be dated after it was crawled: an archived copy's capture day bounds it,
    // and that day itself, printed by the archive's banner, is not the page's.
    let crawled = url.and_then(archive_capture_date);
    let latest_possible = crawled.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let plausible =
        |d: &NaiveDate| d.year() >= 1995 && *d <= latest_possible && crawled.is_none_or(|c| *d < c);
    let mut evidence = gather(html, url, &plausible);

    // The text scan and the source scan are the slow steps: run them only when reached.
    let mut text: Option<TextDates> = None;
    let mut text_dates = || -> TextDates {
        text.get_or_insert_with(|| {
            html.select(&selectors().body)
                .next()
                .map(|body| text_dates(body, &plausible))
                .unwrap_or_default()
        })
        .clone()
    };
    let mut script: Option<Option<NaiveDate>> = None;
    // Structured data whose publication date the page does not show, with a different update
    // date or another structured date: the text may settle it.
    let json_ld = evidence.json_ld;
    let unshown_update = json_ld.modified.is_some_and(|m| Some(m) != json_ld.published)
        && json_ld.published.is_some_and(|p| !evidence.visible.contains(&p));
    let structured = [evidence.json_ld.published, evidence.meta.published, evidence.meta_weak];
    let known: Vec<NaiveDate> = structured.into_iter().flatten().collect();
    let unshown_disagreement = known.windows(2).any(|w| w[0] != w[1])
        && !known.iter().any(|d| evidence.visible.contains(d));
    let doubt = unshown_update || unshown_disagreement;
    if doubt {
        evidence.text_frequent = text_dates().frequent;
    }
    let e = &evidence;
    let mut decide = |preference: DatePreference| -> Option<(NaiveDate, DateSource)> {
        for step in STEPS {
            let found = match step {
                Step::Url => e.url.map(|url| match e.visible.first() {
                    // A URL carries the day the story was filed; the page shows the day it
                    // went out (or its last update) when that is a few days later and the URL's
                    // own day appears nowhere on the page.
                    Some(&shown)
                        if (1..=7).contains(&(shown - url).num_days())
                            && !e.visible.contains(&url) =>
                    {
                        (shown, DateSource::Byline)
                    }
                    _ => (url, DateSource::Url),
                }),
                Step::Structured => structured_date(e, preference),
                Step::Microdata => e.microdata.pick(preference).map(|d| (d, DateSource::Microdata)),
                Step::TimeMarked => e.time_marked.pick(preference).map(|marked| {
                    // A marked `<time>` further down (a comment, a teaser) yields to the first
                    // `<time>` of the page when that is the first date the reader sees.
                    let first = e.time_first.filter(|f| e.visible.first() == Some(f));
                    let marked_at = e.visible.iter().position(|v| *v == marked);
                    match first {
                        Some(f) if f != marked && marked_at.is_none_or(|at| at > 0) => {
                            (f, DateSource::TimeElement)
                        }
                        _ => (marked, DateSource::TimeElement),
                    }
                }),
                Step::Byline => e.byline.pick(preference).map(|byline| {
                    // A byline date printed above the headline (a page header's "today") yields
                    // to the dateline just below the headline.
                    if !e.byline_above_headline {
                        return (byline, DateSource::Byline);
                    }
                    let text = text_dates();
                    match text.after_headline {
                        Some(below)
                            if below != byline && text.before_headline.contains(&byline) =>
                        {
                            (below, DateSource::Byline)
                        }
                        _ => (byline, DateSource::Byline),
                    }
                }),
                Step::TextLabelled => text_dates().labelled.map(|d| (d, DateSource::Byline)),
                Step::TimeFirst => e.time_first.map(|d| (d, DateSource::TimeElement)),
                Step::BylineUpdate => e.byline.modified.map(|d| (d, DateSource::Byline)),
                Step::MetaWeak => e.meta_weak.map(|d| (d, DateSource::Meta)),
                Step::Script => script
                    .get_or_insert_with(|| script_data_date(source).filter(&plausible))
                    .map(|d| (d, DateSource::JsonLd)),
                Step::Modified => e
                    .json_ld
                    .modified
                    .or(e.meta.modified)
                    .or(e.microdata.modified)
                    .map(|d| (d, DateSource::Modified)),
                Step::Headline => text_dates().headline.map(|d| (d, DateSource::Byline)),
                Step::TextFrequent => text_dates().frequent.map(|d| (d, DateSource::Text)),
                Step::Source => source_date(source, &plausible).map(|d| (d, DateSource::Text)),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    };
    preferences.iter().map(|p| decide(*p)).collect()
}

/// JSON-LD, then meta tags. A modification date wins only where the page shows it to the reader
/// and does not show the publication date: the date on the page is the one wanted.
fn structured_date(e: &Evidence, preference: DatePreference) -> Option<(NaiveDate, DateSource)> {
    let modified = e.json_ld.modified.or(e.meta.modified).or(e.microdata.modified);
    // Structured sources that disagree: the one the page shows to the reader.
    let candidates = [
        (e.json_ld.published, DateSource::JsonLd),
        (e.meta.published, DateSource::Meta),
        (e.meta_weak, DateSource::Meta),
    ];
    let known: Vec<_> = candidates.iter().filter_map(|(d, s)| d.map(|d| (d, *s))).collect();
    if known.windows(2).any(|w| w[0].0 != w[1].0) {
        // The one the reader meets first.
        let shown_at = |d: &NaiveDate| e.visible.iter().position(|v| v == d);
        let first_shown =
            known.iter().filter_map(|k| shown_at(&k.0).map(|at| (at, k))).min_by_key(|(at, _)| *at);
        if let Some((_, &shown)) = first_shown {
            if e.shown_instead(shown.0, modified).is_none() {
                return Some(shown);
            }
        } else if let Some(&repeated) = known.iter().find(|(d, _)| e.text_frequent == Some(*d)) {
            // None shown in a byline: the one the text repeats most.
            return Some(repeated);
        }
    }
    // Otherwise meta tags before JSON-LD, as htmldate ranks them: where they disagree, JSON-LD
    // is more often a template's or a syndication partner's date.
    for (pair, source) in [(e.meta, DateSource::Meta), (e.json_ld, DateSource::JsonLd)] {
        let Some(date) = pair.pick(preference) else { continue };
        if let Some(shown) = e.shown_instead(date, pair.modified.or(modified)) {
            return Some((shown, DateSource::Modified));
        }
        // Not shown anywhere, while the page's byline and its first `<time>` agree on another
        // day: the page's own display wins over a template's or a CMS's stamp.
        if let Some(&shown) = e.visible.first() {
            let agreeing = e.byline.published == Some(shown)
                && (e.time_first == Some(shown) || e.time_marked.published == Some(shown));
            if shown != date && agreeing && !e.visible.contains(&date) {
                return Some((shown, DateSource::Byline));
            }
        }
        let source = if Some(date) == pair.published { source } else { DateSource::Modified };
        return Some((date, source));
    }
    None
}

fn gather(html: &Html, url: Option<&str>, plausible: &dyn Fn(&NaiveDate) -> bool) -> Evidence {
    let s = selectors();
    let mut e = Evidence { url: url.and_then(url_date).filter(plausible), ..Evidence::default() };

    // Structured data often states times in UTC while the page's own <time> elements give the
    // same instant with the publisher's offset; the publisher's calendar day is the one wanted.
    let local_instants: Vec<DateTime<FixedOffset>> = html
        .select(&s.time)
        .filter_map(|t| t.value().attr("datetime"))
        .filter_map(|v| DateTime::parse_from_rfc3339(v.trim()).ok())
        .filter(|d| d.offset().local_minus_utc() != 0)
        .take(50)
        .collect();
    let parse_local = |raw: &str| -> Option<NaiveDate> {
        let instant = DateTime::parse_from_rfc3339(raw.trim())
            .or_else(|_| DateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M:%S%.f%z"))
            .ok()
            .filter(|d| d.offset().local_minus_utc() == 0);
        if let Some(instant) = instant {
            if let Some(local) =
                local_instants.iter().find(|l| (**l - instant).num_seconds().abs() < 60)
            {
                return Some(local.date_naive());
            }
        }
        parse_date(raw).filter(plausible)
    };

    // JSON-LD: the first script with a publication date decides.
    for script in html.select(&s.json_ld) {
        let raw: String = script.text().collect();
        let pair = json_ld_dates(&raw, &parse_local);
        if e.json_ld.published.is_none() && pair.published.is_some() {
            e.json_ld.published = pair.published;
            e.json_ld.modified = pair.modified.or(e.json_ld.modified);
        } else if e.json_ld.modified.is_none() {
            e.json_ld.modified = pair.modified;
        }
    }

    // Meta tags, in the order of our preference list rather than page order.
    let mut best_meta: Option<usize> = None;
    for meta in html.select(&s.meta) {
        let el = meta.value();
        let key = el
            .attr("property")
            .or_else(|| el.attr("name"))
            .or_else(|| el.attr("itemprop"))
            .or_else(|| el.attr("http-equiv"))
            .map(str::to_ascii_lowercase);
        let (Some(key), Some(content)) = (key, el.attr("content")) else { continue };
        let Some(date) = parse_local(content) else { continue };
        if META_WEAK.contains(&key.as_str()) {
            e.meta_weak = e.meta_weak.or(Some(date));
        } else if let Some(rank) = META_PUBLISHED.iter().position(|k| *k == key) {
            if best_meta.is_none_or(|r| rank < r) {
                best_meta = Some(rank);
                e.meta.published = Some(date);
            }
        } else if META_MODIFIED.contains(&key.as_str()) {
            e.meta.modified = e.meta.modified.or(Some(date));
        }
    }

    // Microdata.
    for el in html.select(&s.itemprop_dates) {
        let v = el.value();
        let raw = v.attr("content").or_else(|| v.attr("datetime")).map(str::to_string);
        let raw = raw.unwrap_or_else(|| el.text().collect());
        let Some(date) = parse_date(&raw).filter(plausible) else { continue };
        let prop = v.attr("itemprop").unwrap_or("").to_ascii_lowercase();
        let slot = if prop.contains("modif") || prop.contains("update") {
            &mut e.microdata.modified
        } else {
            &mut e.microdata.published
        };
        *slot = slot.or(Some(date));
    }

    // <time> and <abbr> elements; ones marked as publication or update dates first.
    for el in html.select(&s.time) {
        let v = el.value();
        let class =
            format!("{} {}", v.attr("class").unwrap_or(""), v.attr("itemprop").unwrap_or(""))
                .to_ascii_lowercase();
        let raw = v.attr("datetime").map(str::to_string).unwrap_or_else(|| el.text().collect());
        let Some(date) = parse_date(&raw).filter(plausible) else { continue };
        if class.contains("modif") || class.contains("updated") {
            e.time_marked.modified = e.time_marked.modified.or(Some(date));
            continue;
        }
        let marked = v.attr("pubdate").is_some()
            || class.contains("publish")
            || class.contains("entry-date")
            || class.contains("post-date");
        if marked {
            e.time_marked.published = e.time_marked.published.or(Some(date));
        }
        e.time_first = e.time_first.or(Some(date));
    }
    if e.time_marked.published.is_none() {
        for el in html.select(&s.abbr) {
            let v = el.value();
            // Facebook's posts carry their Unix time.
            if let Some(utime) = v.attr("data-utime").and_then(|t| t.trim().parse::<i64>().ok()) {
                let date = DateTime::from_timestamp(utime, 0).map(|d| d.date_naive());
                e.time_first = e.time_first.or(date.filter(plausible));
            }
            if v.attr("class").is_some_and(|c| c.contains("published")) {
                let raw =
                    v.attr("title").map(str::to_string).unwrap_or_else(|| el.text().collect());
                if let Some(date) = parse_date(&raw).filter(plausible) {
                    e.time_marked.published = Some(date);
                    break;
                }
            }
        }
    }

    // Visible bylines: elements whose class or id speaks of dates.
    if let Some(body) = html.select(&s.body).next() {
        let bylines = byline_dates(body, plausible);
        e.byline = bylines.dates;
        e.visible = bylines.visible;
        e.byline_above_headline = bylines.published_above_headline;
    }
    e
}

fn script_data_date(source: &str) -> Option<NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r#"(?i)["'](?:datePublished|publishDate|published_?at|publish_?date|pubDate|date_?published|firstPublishDate|publicationDate|publishedDate|created_?at)["']\s*:\s*["']([^"']{6,40})["']"#,
        )
        .expect("valid regex")
    });
    re.captures_iter(source).find_map(|c| parse_date(&c[1]))
}

/// The publication and modification dates of one JSON-LD script.
fn json_ld_dates(raw: &str, parse_date: &dyn Fn(&str) -> Option<NaiveDate>) -> Pair {
    let mut published = None;
    let mut modified = None;
    match serde_json::from_str::<serde_json::Value>(raw.trim()) {
        Ok(value) => {
            let mut stack = vec![&value];
            while let Some(v) = stack.pop() {
                match v {
                    serde_json::Value::Object(map) => {
                        for (key, val) in map {
                            match (key.as_str(), val) {
                                (
                                    "datePublished" | "dateCreated" | "uploadDate",
                                    serde_json::Value::String(s),
                                ) => {
                                    if published.is_none() {
                                        published = parse_date(s);
                                    }
                                }
                                ("dateModified", serde_json::Value::String(s)) => {
                                    if modified.is_none() {
                                        modified = parse_date(s);
                                    }
                                }
                                _ => stack.push(val),
                            }
                        }
                    }
                    serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
                    _ => {}
                }
            }
        }
        Err(_) => {
            // Broken JSON is common (trailing commas, raw newlines); fall back to a pattern.
            static RE: OnceLock<Regex> = OnceLock::new();
            let re = RE.get_or_init(|| {
                Regex::new(r#""(datePublished|dateCreated|dateModified)"\s*:\s*"([^"]{6,40})""#)
                    .expect("valid regex")
            });
            for cap in re.captures_iter(raw) {
                let date = parse_date(&cap[2]);
                if &cap[1] == "dateModified" {
                    modified = modified.or(date);
                } else {
                    published = published.or(date);
                }
            }
        }
    }
    Pair { published, modified }
}

/// The capture day of a Wayback Machine copy (`web.archive.org/web/20120216182711/…`).
pub fn archive_capture_date(url: &str) -> Option<NaiveDate> {
    let rest = url.split_once("web.archive.org/web/")?.1;
    let stamp = rest.get(..8)?;
    if !stamp.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    ymd(&stamp[..4], &stamp[4..6], &stamp[6..8])
}

/// A full date (year, month and day) in a URL path.
pub fn url_date(url: &str) -> Option<NaiveDate> {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    let [slashed, compact] = RE.get_or_init(|| {
        [
            Regex::new(
                r"(?:^|[/_\-.])((?:19|20)\d{2})([/_\-.])([01]?\d)([/_\-.])([0-3]?\d)([/_\-.]|$)",
            )
            .expect("valid regex"),
            Regex::new(r"(?:^|[/_\-])((?:19|20)\d{2})([01]\d)([0-3]\d)(?:[/_\-.]|$)")
                .expect("valid regex"),
        ]
    });
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split_once('/').map_or("", |(_, p)| p);
    for c in slashed.captures_iter(path) {
        // `/2023/10/3-fragen-an` is a year and month followed by a slug that starts with a
        // number: a one-digit day must be closed by the date's own separator, or a slash.
        let after = &c[6];
        let closed = after.is_empty() || after == "/" || after == &c[2];
        if c[2] != c[4] || (c[5].len() == 1 && !closed) {
            continue;
        }
        if let Some(date) = ymd(&c[1], &c[3], &c[5]) {
            return Some(date);
        }
    }
    if let Some(c) = compact.captures(path) {
        if let Some(date) = ymd(&c[1], &c[2], &c[3]) {
            return Some(date);
        }
    }
    // Day first: `/meldungen/29-10-2021`.
    static DMY: OnceLock<Regex> = OnceLock::new();
    let dmy = DMY.get_or_init(|| {
        Regex::new(r"(?:^|[/_\-])([0-3]?\d)[-_.]([01]?\d)[-_.]((?:19|20)\d{2})(?:[/_\-.]|$)")
            .expect("valid regex")
    });
    let c = dmy.captures(path)?;
    NaiveDate::from_ymd_opt(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?)
}

/// The headline: the `<h1>` with the longest text (a site's logo is often an `<h1>` too).
fn headline_node(body: ElementRef<'_>) -> Option<ElementRef<'_>> {
    body.descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "h1")
        .take(20)
        .max_by_key(|e| e.text().map(str::len).sum::<usize>())
}

/// What the visible bylines say.
#[derive(Debug, Default)]
struct Bylines {
    /// The first publication and the first update date.
    dates: Pair,
    /// Every date shown in a byline or `<time>` element, in page order (bounded).
    visible: Vec<NaiveDate>,
    /// Whether the publication date was found before the headline (or the headline was not
    /// reached), so that the dateline below the headline must be consulted.
    published_above_headline: bool,
}

/// Words that introduce an update rather than the first publication, in the corpora's languages.
const UPDATE_LABELS: &[&str] = &[
    "updated",
    "update",
    "last modified",
    "modified",
    "aktualisiert",
    "geändert",
    "zuletzt",
    "mis à jour",
    "mise à jour",
    "actualizado",
    "actualización",
    "aggiornato",
    "atualizado",
    "bijgewerkt",
    "обновлено",
    "güncelleme",
];

/// Whether the text just before a date (its label) speaks of an update.
fn labelled_update(before: &str) -> bool {
    let tail: String =
        before.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
    let tail = tail.to_lowercase();
    // The nearest label wins: "Published 3 May, updated 5 May" labels the second date only.
    let update = UPDATE_LABELS.iter().filter_map(|l| tail.rfind(l)).max();
    let publish = ["publ", "veröffentlicht", "erschienen", "posted", "created", "erstellt"]
        .iter()
        .filter_map(|l| tail.rfind(l))
        .max();
    match (update, publish) {
        (Some(u), Some(p)) => u > p,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Dates in visible bylines: the first in an element that speaks of publication, and the first
/// in one that speaks of an update (by its class or by the label before the date).
fn byline_dates(body: ElementRef<'_>, plausible: &dyn Fn(&NaiveDate) -> bool) -> Bylines {
    const WORDS: &[&str] = &[
        "date",
        "time",
        "publish",
        "posted",
        "byline",
        "dateline",
        "meta",
        "datum",
        "fecha",
        "data",
        "info",
        "author",
        "created",
        "stamp",
        "submitted",
    ];
    const MAX_VISIBLE: usize = 40;
    let mut found = Bylines::default();
    let mut first_update_element: Option<usize> = None;
    let mut published_element = usize::MAX;
    let mut visited = 0usize;
    let mut ic = String::new();
    let headline = headline_node(body);
    let mut past_headline = false;
    for node in body.descendants() {
        let Some(el) = ElementRef::wrap(node) else { continue };
        past_headline |= headline.is_some_and(|h| *h == node);
        visited += 1;
        if visited > 20_000 || found.visible.len() >= MAX_VISIBLE {
            break;
        }
        let v = el.value();
        ic.clear();
        ic.push_str(v.id().unwrap_or(""));
        ic.push(' ');
        ic.push_str(v.attr("class").unwrap_or(""));
        ic.make_ascii_lowercase();
        let is_time = v.name() == "time";
        if !is_time && (ic.trim().is_empty() || !WORDS.iter().any(|w| ic.contains(w))) {
            continue;
        }
        if ic.contains("comment") {
            continue;
        }
        // Pieces joined by spaces: `<span>Apr</span><span>04</span><span>2013</span>`.
        let text: String = el.text().take(50).collect::<Vec<_>>().join(" ");
        if text.len() > 300 {
            continue;
        }
        let class_update = ic.contains("modif") || ic.contains("update");
        let mut dates = all_dates_with_pos(&text, false);
        dates.sort_by_key(|(pos, _)| *pos);
        // Machine-readable copies in attributes (`<time datetime>`, a blog's `title` tooltip).
        let attribute = if is_time { v.attr("datetime") } else { None };
        if let Some(date) = attribute.or_else(|| v.attr("title")).and_then(parse_date) {
            if dates.is_empty() || is_time {
                dates.insert(0, (0, date));
            }
        }
        let byline = !ic.trim().is_empty() && WORDS.iter().any(|w| ic.contains(w));
        for (pos, date) in dates {
            if !plausible(&date) {
                continue;
            }
            found.visible.push(date);
            if !byline {
                continue;
            }
            let updated = class_update || labelled_update(text.get(..pos).unwrap_or(""));
            if updated {
                found.dates.modified = found.dates.modified.or(Some(date));
                first_update_element = first_update_element.or(Some(visited));
            } else if found.dates.published.is_none() {
                found.dates.published = Some(date);
                found.published_above_headline = !past_headline;
                published_element = visited;
            }
        }
    }
    // An update date in the article's own byline beats a publication date found further down
    // in another element (a teaser or related-links list).
    if first_update_element.is_some_and(|u| u < published_element) {
        found.dates.published = None;
    }
    found
}

/// Dates in the visible text of a page.
#[derive(Debug, Clone, Default)]
struct TextDates {
    /// The first date after the headline.
    after_headline: Option<NaiveDate>,
    /// Dates in the text before the headline (page header, navigation), the first few.
    before_headline: Vec<NaiveDate>,
    /// The first date labelled as the publication date.
    labelled: Option<NaiveDate>,
    /// The date next to the first `<h1>` (the article's dateline).
    headline: Option<NaiveDate>,
    /// The most frequent date.
    frequent: Option<NaiveDate>,
}

/// Words that introduce a publication date in running text, lower case.
const PUBLICATION_LABELS: &[&str] = &[
    "published",
    "posted",
    "erschienen",
    "veröffentlicht",
    "geschrieben am",
    "erstellt am",
    "datum:",
    "date:",
    "publié",
    "publicado",
    "publicada",
    "pubblicato",
    "gepubliceerd",
    "опубликовано",
    "yayınlanma",
    "wurde am",
];

/// Whether the text just before a date labels it as the publication date.
fn labelled_publication(before: &str) -> bool {
    let tail = last_chars(before, 30).to_lowercase();
    let publish = PUBLICATION_LABELS.iter().filter_map(|l| tail.rfind(l)).max();
    let update = UPDATE_LABELS.iter().filter_map(|l| tail.rfind(l)).max();
    match (publish, update) {
        (Some(p), Some(u)) => p > u,
        (Some(_), None) => true,
        _ => false,
    }
}

/// The last `n` characters of `s`.
fn last_chars(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &s[start..]
}

/// A date from the visible text, where no markup says which date is the page's own.
///
/// A date labelled as the publication date ("Erschienen am: 01.11.2023") wins; otherwise the
/// most frequent one (the frequency heuristic of htmldate's extensive mode).
fn text_dates(body: ElementRef<'_>, plausible: &dyn Fn(&NaiveDate) -> bool) -> TextDates {
    // How far (in bytes of text) from the headline a date still counts as the article's
    // dateline: just before the `<h1>` (a kicker line) or at the start of what follows.
    const BEFORE_HEADLINE: usize = 150;
    const AFTER_HEADLINE: usize = 400;
    let mut counts: Vec<(NaiveDate, usize)> = Vec::new();
    let mut labelled: Option<NaiveDate> = None;
    let mut tail = String::new();
    let mut budget = 2_000_000usize;
    let mut offset = 0usize;
    let mut headline_at: Option<usize> = None;
    let mut last_before_headline: Option<(usize, NaiveDate)> = None;
    let mut after_headline: Option<NaiveDate> = None;
    let mut before_headline_dates = Vec::new();
    let headline = headline_node(body);
    for node in body.descendants() {
        if headline_at.is_none() && headline.is_some_and(|h| *h == node) {
            headline_at = Some(offset);
        }
        let Some(text) = node.value().as_text() else { continue };
        if let Some(parent) = node.parent().and_then(ElementRef::wrap) {
            if matches!(parent.value().name(), "script" | "style" | "noscript") {
                continue;
            }
        }
        let text: &str = text;
        budget = budget.saturating_sub(text.len());
        if budget == 0 {
            break;
        }
        let mut dates = all_dates_with_pos(text, false);
        dates.sort_by_key(|(pos, _)| *pos);
        for (pos, date) in dates {
            if !plausible(&date) {
                continue;
            }
            match counts.iter_mut().find(|(d, _)| *d == date) {
                Some((_, n)) => *n += 1,
                None => counts.push((date, 1)),
            }
            if labelled.is_none() {
                let before = format!("{tail} {}", text.get(..pos).unwrap_or(""));
                if labelled_publication(&before) {
                    labelled = Some(date);
                }
            }
            match headline_at {
                None => {
                    last_before_headline = Some((offset + pos, date));
                    if before_headline_dates.len() < 20 {
                        before_headline_dates.push(date);
                    }
                }
                Some(h) if offset + pos <= h + AFTER_HEADLINE => {
                    after_headline = after_headline.or(Some(date));
                }
                Some(_) => {}
            }
        }
        if !text.trim().is_empty() {
            tail = last_chars(&format!("{tail} {}", text.trim()), 60).to_string();
            offset += text.trim().len() + 1;
        }
    }
    let before_headline = match (headline_at, last_before_headline) {
        (Some(h), Some((at, date))) if h.saturating_sub(at) <= BEFORE_HEADLINE => Some(date),
        _ => None,
    };
    TextDates {
        after_headline,
        before_headline: if headline_at.is_some() { before_headline_dates } else { Vec::new() },
        labelled,
        headline: after_headline.or(before_headline),
        frequent: select_frequent(&counts),
    }
}

/// The most frequent of the dates counted in a page; among equally frequent ones the latest,
/// since older dates in running text are mostly references to earlier events. (htmldate's
/// rule, comparing the two earliest of the ten most frequent, scored lower on this material.)
fn select_frequent(counts: &[(NaiveDate, usize)]) -> Option<NaiveDate> {
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts.iter().filter(|(_, n)| *n == most).map(|(d, _)| *d).max()
}

/// The last resort: the most frequent full date written year first anywhere in the HTML source
/// (script data, image paths, comments such as `<!-- cached 2020-04-24 -->`).
fn source_date(source: &str, plausible: &dyn Fn(&NaiveDate) -> bool) -> Option<NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"\b((?:19|20)\d{2})[-/](0[1-9]|1[0-2])[-/](0[1-9]|[12]\d|3[01])\b")
            .expect("valid regex")
    });
    let mut counts: Vec<(NaiveDate, usize)> = Vec::new();
    for c in re.captures_iter(source).take(1000) {
        let Some(date) = ymd(&c[1], &c[2], &c[3]).filter(plausible) else { continue };
        match counts.iter_mut().find(|(d, _)| *d == date) {
            Some((_, n)) => *n += 1,
            None => counts.push((date, 1)),
        }
    }
    select_frequent(&counts)
}

/// Month names and abbreviations in the languages of the corpora, lower case, with their number.
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    const MONTHS: &[(&[&str], u32)] = &[
        (
            &[
                "january",
                "jan",
                "januar",
                "jänner",
                "janvier",
                "enero",
                "gennaio",
                "janeiro",
                "januari",
                "stycznia",
                "styczeń",
                "января",
                "январь",
                "січня",
                "ocak",
                "ene",
                "gen",
                "janv",
            ],
            1,
        ),
        (
            &[
                "february",
                "feb",
                "februar",
                "février",
                "fevrier",
                "febrero",
                "febbraio",
                "fevereiro",
                "februari",
                "lutego",
                "luty",
                "февраля",
                "февраль",
                "лютого",
                "şubat",
                "févr",
                "fev",
                "fév",
            ],
            2,
        ),
        (
            &[
                "march",
                "mar",
                "märz",
                "maerz",
                "mars",
                "marzo",
                "março",
                "maart",
                "marca",
                "marzec",
                "марта",
                "март",
                "березня",
                "mart",
                "mär",
                "mrz",
            ],
            3,
        ),
        (
            &[
                "april",
                "apr",
                "avril",
                "abril",
                "aprile",
                "kwietnia",
                "kwiecień",
                "апреля",
                "апрель",
                "квітня",
                "nisan",
                "avr",
                "abr",
            ],
            4,
        ),
        (
            &[
                "may",
                "mai",
                "mayo",
                "maggio",
                "maio",
                "mei",
                "maja",
                "maj",
                "мая",
                "май",
                "травня",
                "mayıs",
                "mag",
            ],
            5,
        ),
        (
            &[
                "june",
                "jun",
                "juni",
                "juin",
                "junio",
                "giugno",
                "junho",
                "czerwca",
                "czerwiec",
                "июня",
                "июнь",
                "червня",
                "haziran",
                "giu",
            ],
            6,
        ),
        (
            &[
                "july",
                "jul",
                "juli",
                "juillet",
                "julio",
                "luglio",
                "julho",
                "lipca",
                "lipiec",
                "июля",
                "июль",
                "липня",
                "temmuz",
                "juil",
                "lug",
            ],
            7,
        ),
        (
            &[
                "august",
                "aug",
                "août",
                "aout",
                "agosto",
                "augustus",
                "sierpnia",
                "sierpień",
                "августа",
                "август",
                "серпня",
                "ağustos",
                "ago",
            ],
            8,
        ),
        (
            &[
                "september",
                "sep",
                "sept",
                "septembre",
                "septiembre",
                "settembre",
                "setembro",
                "września",
                "wrzesień",
                "сентября",
                "сентябрь",
                "вересня",
                "eylül",
                "set",
            ],
            9,
        ),
        (
            &[
                "october",
                "oct",
                "oktober",
                "okt",
                "octobre",
                "octubre",
                "ottobre",
                "outubro",
                "października",
                "październik",
                "октября",
                "октябрь",
                "жовтня",
                "ekim",
                "ott",
                "out",
            ],
            10,
        ),
        (
            &[
                "november",
                "nov",
                "novembre",
                "noviembre",
                "novembro",
                "listopada",
                "listopad",
                "ноября",
                "ноябрь",
                "листопада",
                "kasım",
            ],
            11,
        ),
        (
            &[
                "december",
                "dec",
                "dezember",
                "dez",
                "décembre",
                "decembre",
                "diciembre",
                "dicembre",
                "dezembro",
                "grudnia",
                "grudzień",
                "декабря",
                "декабрь",
                "грудня",
                "aralık",
                "déc",
                "dic",
            ],
            12,
        ),
    ];
    MONTHS.iter().find(|(names, _)| names.contains(&w.as_str())).map(|(_, n)| *n)
}

struct DateRegexes {
    iso: Regex,
    dmy_numeric: Regex,
    slash: Regex,
    day_month_year: Regex,
    month_day_year: Regex,
    compact: Regex,
    cjk: Regex,
}

fn date_regexes() -> &'static DateRegexes {
    static R: OnceLock<DateRegexes> = OnceLock::new();
    R.get_or_init(|| DateRegexes {
        iso: Regex::new(r"\b((?:19|20)\d{2})[-/.]([01]?\d)[-/.]([0-3]?\d)(?:\b|T)").expect("valid regex"),
        dmy_numeric: Regex::new(r"\b([0-3]?\d)\.\s?([01]?\d)\.\s?((?:19|20)\d{2}|\d{2})\b").expect("valid regex"),
        slash: Regex::new(r"\b([0-3]?\d)[/-]([0-3]?\d)[/-]((?:19|20)\d{2})\b").expect("valid regex"),
        day_month_year: Regex::new(
            r"(?i)\b([0-3]?\d)(?:st|nd|rd|th|er|\.|º)?(?:\s+de)?\s+([\p{L}]{3,12}\.?)(?:\s+de)?,?\s+((?:19|20)\d{2})\b",
        )
        .expect("valid regex"),
        month_day_year: Regex::new(
            r"(?i)\b([\p{L}]{3,12}\.?)\s+([0-3]?\d)(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b",
        )
        .expect("valid regex"),
        compact: Regex::new(r"^((?:19|20)\d{2})([01]\d)([0-3]\d)$").expect("valid regex"),
        cjk: Regex::new(r"((?:19|20)\d{2})\s?[年년]\s?([01]?\d)\s?[月월]\s?([0-3]?\d)\s?[日일]").expect("valid regex"),
    })
}

/// Parses one date string as written in metadata (ISO 8601 and the usual human forms).
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 200 {
        return None;
    }
    let r = date_regexes();
    if let Some(c) = r.compact.captures(raw) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    // Unix timestamps (seconds or milliseconds) appear in some meta tags.
    if raw.len() >= 9 && raw.len() <= 13 && raw.bytes().all(|b| b.is_ascii_digit()) {
        let secs: i64 = raw.parse().ok()?;
        let secs = if raw.len() == 13 { secs / 1000 } else { secs };
        return chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive());
    }
    // Machine-written values with slashes follow the US order (`06/13/2019`).
    all_dates_with_pos(raw, true).into_iter().min_by_key(|(pos, _)| *pos).map(|(_, d)| d)
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn year4(y: &str) -> Option<i32> {
    let n: i32 = y.parse().ok()?;
    Some(if y.len() == 2 {
        if n < 50 {
            2000 + n
        } else {
            1900 + n
        }
    } else {
        n
    })
}

/// All dates in `text` with their byte positions; `month_first` decides `01/02/2020`.
fn all_dates_with_pos(text: &str, month_first: bool) -> Vec<(usize, NaiveDate)> {
    let r = date_regexes();
    let mut out = Vec::new();
    for c in r.iso.captures_iter(text) {
        if let Some(d) = ymd(&c[1], &c[2], &c[3]) {
            out.push((c.get(0).map_or(0, |m| m.start()), d));
        }
    }
    for c in r.cjk.captures_iter(text) {
        if let Some(d) = ymd(&c[1], &c[2], &c[3]) {
            out.push((c.get(0).map_or(0, |m| m.start()), d));
        }
    }
    for c in r.dmy_numeric.captures_iter(text) {
        let y = year4(&c[3]);
        if let Some(d) =
            y.and_then(|y| NaiveDate::from_ymd_opt(y, c[2].parse().ok()?, c[1].parse().ok()?))
        {
            out.push((c.get(0).map_or(0, |m| m.start()), d));
        }
    }
    for c in r.slash.captures_iter(text) {
        let (a, b): (u32, u32) = match (c[1].parse(), c[2].parse()) {
            (Ok(a), Ok(b)) => (a, b),
            _ => continue,
        };
        let Ok(y) = c[3].parse::<i32>() else { continue };
        // Day first in running text (European usage dominates the corpora) unless impossible.
        let date = if b > 12 || (month_first && a <= 12) {
            NaiveDate::from_ymd_opt(y, a, b)
        } else {
            NaiveDate::from_ymd_opt(y, b, a)
        };
        if let Some(d) = date {
            out.push((c.get(0).map_or(0, |m| m.start()), d));
        }
    }
    for c in r.day_month_year.captures_iter(text) {
        if let Some(m) = month_number(&c[2]) {
            if let Some(d) =
                c[3].parse().ok().and_then(|y| NaiveDate::from_ymd_opt(y, m, c[1].parse().ok()?))
            {
                out.push((c.get(0).map_or(0, |m| m.start()), d));
            }
        }
    }
    for c in r.month_day_year.captures_iter(text) {
        if let Some(m) = month_number(&c[1]) {
            if let Some(d) =
                c[3].parse().ok().and_then(|y| NaiveDate::from_ymd_opt(y, m, c[2].parse().ok()?))
            {
                out.push((c.get(0).map_or(0, |m| m.start()), d));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test dates are valid")
    }

    #[test]
    fn parses_common_forms() {
        let cases = [
            ("2021-05-03T10:00:00+02:00", "2021-05-03"),
            ("03.05.2021", "2021-05-03"),
            ("3. Mai 2021", "2021-05-03"),
            ("May 3rd, 2021", "2021-05-03"),
            ("Mon, 03 May 2021 10:00:00 GMT", "2021-05-03"),
            ("20210503", "2021-05-03"),
            ("3 мая 2021", "2021-05-03"),
            ("25/12/2019", "2019-12-25"),
            ("06/13/2019", "2019-06-13"),
            ("11/01/2023 12:43:42", "2023-11-01"),
            ("1620036000", "2021-05-03"),
            ("2020年07月03日", "2020-07-03"),
        ];
        for (raw, expect) in cases {
            assert_eq!(parse_date(raw), Some(d(expect)), "{raw}");
        }
        assert_eq!(parse_date("no date here"), None);
    }

    #[test]
    fn url_patterns() {
        assert_eq!(url_date("https://x.com/2020/06/07/story"), Some(d("2020-06-07")));
        assert_eq!(url_date("https://x.com/news/20200607-story.html"), Some(d("2020-06-07")));
        assert_eq!(url_date("https://x.com/2020/06/story"), None);
        assert_eq!(url_date("https://x.com/meldungen/29-10-2021"), Some(d("2021-10-29")));
        assert_eq!(url_date("https://2020.com/"), None);
        assert_eq!(
            archive_capture_date("https://web.archive.org/web/20120216182711/http://a.it/x"),
            Some(d("2012-02-16"))
        );
        assert_eq!(archive_capture_date("https://a.it/web/20120216"), None);
        assert_eq!(url_date("https://x.org/2023/10/3-fragen-an-tina"), None);
        assert_eq!(url_date("https://x.org/2023-10-03-fragen"), Some(d("2023-10-03")));
        assert_eq!(url_date("https://x.org/2023/10/03-fragen"), Some(d("2023-10-03")));
    }

    fn check(html: &str, url: Option<&str>, expect: Option<(&str, DateSource)>) {
        let page = Html::parse_document(html);
        assert_eq!(find_date(&page, html, url), expect.map(|(s, src)| (d(s), src)), "{html}");
    }

    #[test]
    fn prefers_publication_over_modification() {
        check(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","dateModified":"2021-06-01","datePublished":"2021-05-03"}</script>"#,
            None,
            Some(("2021-05-03", DateSource::JsonLd)),
        );
        check(
            r#"<meta property="article:modified_time" content="2021-06-01"><meta property="article:published_time" content="2021-05-03T08:00:00Z">"#,
            None,
            Some(("2021-05-03", DateSource::Meta)),
        );
        check(
            r#"<meta property="article:modified_time" content="2021-06-01"><p>nothing else</p>"#,
            None,
            Some(("2021-06-01", DateSource::Modified)),
        );
        check(
            r#"<body><time class="updated" datetime="2021-06-01">x</time><time datetime="2021-05-03">y</time></body>"#,
            None,
            Some(("2021-05-03", DateSource::TimeElement)),
        );
        check(
            r#"<body><p>hello</p></body>"#,
            Some("https://a.b/2019/01/02/x"),
            Some(("2019-01-02", DateSource::Url)),
        );
        check(
            r#"<body><div class="post-date">Veröffentlicht am 3. Mai 2021</div><p>Text</p></body>"#,
            None,
            Some(("2021-05-03", DateSource::Byline)),
        );
        check(
            r#"<body><script>window.__STATE__={"article":{"publishDate":"2020-09-20T08:00:00Z"}}</script><p>x</p></body>"#,
            None,
            Some(("2020-09-20", DateSource::JsonLd)),
        );
        check(
            r#"<meta property="article:published_time" content="2023-11-09T02:11:03+00:00"><body><time datetime="2023-11-08T21:11:03-05:00">Nov 8</time></body>"#,
            None,
            Some(("2023-11-08", DateSource::Meta)),
        );
        check(r#"<body><p>Nothing dated.</p></body>"#, None, None);
    }

    #[test]
    fn the_date_on_the_page_settles_structured_data() {
        // The update is what the byline shows; the publication date appears nowhere.
        check(
            r#"<script type="application/ld+json">{"datePublished":"2019-06-17","dateModified":"2020-06-04"}</script>
            <body><p class="post-date">Last updated 04 Jun 2020</p></body>"#,
            None,
            Some(("2020-06-04", DateSource::Modified)),
        );
        // Meta and JSON-LD disagree: the one shown wins.
        check(
            r#"<meta property="article:published_time" content="2017-12-01"><script type="application/ld+json">{"datePublished":"2015-01-16"}</script>
            <body><span class="date">01.12.2017</span></body>"#,
            None,
            Some(("2017-12-01", DateSource::Meta)),
        );
        // A URL's filing day yields to the day the page shows a few days later.
        check(
            r#"<body><div class="byline">Updated March 14, 2021</div></body>"#,
            Some("https://news.example/2021/03/08/story"),
            Some(("2021-03-14", DateSource::Byline)),
        );
    }

    #[test]
    fn text_rules() {
        // A labelled date beats a more frequent one.
        check(
            r#"<body><p>03.11.2023 03.11.2023</p><p>Erschienen am: 01.11.2023</p></body>"#,
            None,
            Some(("2023-11-01", DateSource::Byline)),
        );
        // The dateline under the headline beats the header's date of the day.
        check(
            r#"<body><div>12.12.2020</div><h1>A long headline about the news</h1><p>Karlsruhe (12.11.2021). Text.</p><p>12.12.2020</p></body>"#,
            None,
            Some(("2021-11-12", DateSource::Byline)),
        );
        // Archived copies: the capture day is the archive's, not the page's.
        check(
            r#"<body><p>16.02.2012</p><p>16.02.2012</p><p>14.02.2012</p></body>"#,
            Some("https://web.archive.org/web/20120216182711/http://a.example/x"),
            Some(("2012-02-14", DateSource::Text)),
        );
    }

    #[test]
    fn preferences_and_labels() {
        let html = r#"<script type="application/ld+json">{"datePublished":"2021-05-03","dateModified":"2021-06-01"}</script><p>x</p>"#;
        let page = Html::parse_document(html);
        let latest = find_date_with(&page, html, None, DatePreference::Latest);
        assert_eq!(latest, Some((d("2021-06-01"), DateSource::Modified)));
        let original = find_date_with(&page, html, None, DatePreference::Original);
        assert_eq!(original, Some((d("2021-05-03"), DateSource::JsonLd)));

        for (before, update) in [
            ("Aktualisiert am ", true),
            ("Published 3 May, updated ", true),
            ("Veröffentlicht am ", false),
            ("Von Anna, ", false),
        ] {
            assert_eq!(labelled_update(before), update, "{before}");
        }
        for (before, published) in
            [("Erschienen am: ", true), ("Letzte Änderung: ", false), ("Posted on ", true)]
        {
            assert_eq!(labelled_publication(before), published, "{before}");
        }
    }
}

//! brat standoff in PolNeAR's layout: `Source`, `Cue` and `Content` text-bound annotations, an
//! `Attribution` (or `Attribution-no-source`) trigger over the cue, and an event line that ties
//! them together (fields are separated by tabs):
//!
//! ```text
//! T1    Source 0 15    Washington Post
//! T2    Cue 16 21    backs
//! T3    Content 22 51    ...
//! T4    Attribution 16 21    backs
//! E1    Attribution:T4 Content:T3 Cue:T2 Source:T1
//! ```
//!
//! Offsets are code points of the text; a span may be discontinuous (`0 5;9 12`).

use std::collections::HashMap;

use echotrace_model::{Analysis, CharMap};

use crate::{Error, Result};

/// A possibly discontinuous span: `[start, end)` code point fragments in text order.
pub type Fragments = Vec<(usize, usize)>;

/// One text-bound annotation (`T` line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBound {
    pub id: String,
    pub label: String,
    pub fragments: Fragments,
    pub text: String,
}

/// One event line (`E` line): the trigger's type and id and its (role, id) arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub kind: String,
    pub trigger: String,
    pub arguments: Vec<(String, String)>,
}

/// A parsed `.ann` file. Lines other than `T` and `E` (notes, relations) are kept out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BratAnnotations {
    pub text_bounds: Vec<TextBound>,
    pub events: Vec<Event>,
}

/// An attribution read back from brat: its fragments per role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BratAttribution {
    pub source: Option<Fragments>,
    pub cue: Fragments,
    pub content: Fragments,
}

/// Parses a brat `.ann` file.
///
/// ```
/// use echotrace_attribution::brat::parse_ann;
/// let ann = "T1\tSource 0 2\tHe\nT2\tCue 3 7\tsaid\nT3\tContent 8 10\tno\n\
///            T4\tAttribution 3 7\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n";
/// let parsed = parse_ann(ann).unwrap();
/// let attributions = parsed.attributions();
/// assert_eq!(attributions[0].source, Some(vec![(0, 2)]));
/// assert_eq!(attributions[0].content, vec![(8, 10)]);
/// ```
pub fn parse_ann(ann: &str) -> Result<BratAnnotations> {
    let mut out = BratAnnotations::default();
    for (index, line) in ann.lines().enumerate() {
        let line_no = index + 1;
        let err = |message: &str| Error::Brat { line: line_no, message: message.to_owned() };
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let id = fields.next().unwrap_or_default();
        // Notes may run over several lines; only `T` and `E` lines matter here.
        let annotation_id = (id.starts_with('T') || id.starts_with('E'))
            && id.len() > 1
            && id[1..].bytes().all(|b| b.is_ascii_digit());
        if !annotation_id {
            continue;
        }
        let body = fields.next().ok_or_else(|| err("missing tab after the id"))?;
        if id.starts_with('T') {
            let text = fields.next().unwrap_or_default();
            let (label, offsets) =
                body.split_once(' ').ok_or_else(|| err("text-bound without offsets"))?;
            let mut fragments = Vec::new();
            for fragment in offsets.split(';') {
                let (start, end) = fragment
                    .trim()
                    .split_once(' ')
                    .ok_or_else(|| err("a fragment needs a start and an end"))?;
                let start: usize = start.parse().map_err(|_| err("start is not a number"))?;
                let end: usize = end.parse().map_err(|_| err("end is not a number"))?;
                if end < start {
                    return Err(err("fragment ends before it starts"));
                }
                fragments.push((start, end));
            }
            out.text_bounds.push(TextBound {
                id: id.to_owned(),
                label: label.to_owned(),
                fragments,
                text: text.to_owned(),
            });
        } else if id.starts_with('E') {
            let mut parts = body.split_whitespace();
            let (kind, trigger) = parts
                .next()
                .and_then(|p| p.split_once(':'))
                .ok_or_else(|| err("event without a Type:Trigger"))?;
            let arguments = parts
                .filter_map(|p| p.split_once(':'))
                .map(|(role, target)| {
                    // brat numbers repeated roles: Content2:T9.
                    (
                        role.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned(),
                        target.to_owned(),
                    )
                })
                .collect();
            out.events.push(Event {
                id: id.to_owned(),
                kind: kind.to_owned(),
                trigger: trigger.to_owned(),
                arguments,
            });
        }
    }
    Ok(out)
}

impl BratAnnotations {
    /// Text-bound fragments of every annotation with `label`.
    pub fn spans_of(&self, label: &str) -> Vec<Fragments> {
        self.text_bounds.iter().filter(|t| t.label == label).map(|t| t.fragments.clone()).collect()
    }

    /// Attribution events with a cue and a content, their arguments resolved to fragments. Where
    /// an event names several contents, their fragments are merged.
    pub fn attributions(&self) -> Vec<BratAttribution> {
        let by_id: HashMap<&str, &TextBound> =
            self.text_bounds.iter().map(|t| (t.id.as_str(), t)).collect();
        let mut out = Vec::new();
        for event in &self.events {
            if !event.kind.starts_with("Attribution") {
                continue;
            }
            let mut source = None;
            let mut cue = Vec::new();
            let mut content = Vec::new();
            for (role, target) in &event.arguments {
                let Some(tb) = by_id.get(target.as_str()) else { continue };
                match role.as_str() {
                    "Source" => source = Some(tb.fragments.clone()),
                    "Cue" => cue.extend(tb.fragments.iter().copied()),
                    "Content" => content.extend(tb.fragments.iter().copied()),
                    _ => {}
                }
            }
            if cue.is_empty() || content.is_empty() {
                continue;
            }
            cue.sort_unstable();
            content.sort_unstable();
            out.push(BratAttribution { source, cue, content });
        }
        out
    }
}

/// Writes the attributions of `record` as brat standoff in PolNeAR's layout. A span that crosses
/// line breaks is written as one fragment per line, as brat requires; sources shared by several
/// attributions are written once.
///
/// ```
/// use echotrace_attribution::brat::{parse_ann, to_brat};
/// use echotrace_model::{Analysis, Attribution, AttributionKind, Document, Segment};
///
/// let mut record = Analysis::new(Document::new("d", "Rain, he said."));
/// record.layers.attributions.push(Attribution {
///     source: None,
///     cue: Segment { start: 9, end: 13, text: "said".into() },
///     content: Segment { start: 0, end: 4, text: "Rain".into() },
///     kind: AttributionKind::Indirect,
///     parent: None,
/// });
/// let ann = to_brat(&record);
/// assert!(ann.contains("Cue 9 13\tsaid"));
/// assert_eq!(parse_ann(&ann).unwrap().attributions().len(), 1);
/// ```
pub fn to_brat(record: &Analysis) -> String {
    let text = record.document.text.as_str();
    let chars = CharMap::new(text);
    let mut writer = Writer { text, chars: &chars, out: String::new(), next_t: 1 };
    let mut sources: HashMap<(usize, usize), usize> = HashMap::new();
    for (index, attribution) in record.layers.attributions.iter().enumerate() {
        let source_id = attribution.source.as_ref().and_then(|s| {
            if s.end <= s.start {
                return None;
            }
            Some(
                *sources
                    .entry((s.start, s.end))
                    .or_insert_with(|| writer.text_bound("Source", s.start, s.end)),
            )
        });
        let cue = &attribution.cue;
        let content = &attribution.content;
        if cue.end <= cue.start || content.end <= content.start {
            continue;
        }
        let cue_id = writer.text_bound("Cue", cue.start, cue.end);
        let content_id = writer.text_bound("Content", content.start, content.end);
        let trigger_label =
            if source_id.is_some() { "Attribution" } else { "Attribution-no-source" };
        let trigger_id = writer.text_bound(trigger_label, cue.start, cue.end);
        let mut line = format!(
            "E{}\t{trigger_label}:T{trigger_id} Content:T{content_id} Cue:T{cue_id}",
            index + 1
        );
        if let Some(source_id) = source_id {
            line.push_str(&format!(" Source:T{source_id}"));
        }
        writer.out.push_str(&line);
        writer.out.push('\n');
    }
    writer.out
}

struct Writer<'a> {
    text: &'a str,
    chars: &'a CharMap,
    out: String,
    next_t: usize,
}

impl Writer<'_> {
    /// Writes a `T` line for the code point span `[start, end)` and returns its number.
    fn text_bound(&mut self, label: &str, start: usize, end: usize) -> usize {
        let end = end.min(self.chars.char_len());
        let start = start.min(end);
        let fragments = line_fragments(self.text, self.chars, start, end);
        let id = self.next_t;
        self.next_t += 1;
        let offsets: Vec<String> = fragments.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let texts: Vec<&str> = fragments
            .iter()
            .map(|&(s, e)| &self.text[self.chars.byte_offset(s)..self.chars.byte_offset(e)])
            .collect();
        self.out.push_str(&format!("T{id}\t{label} {}\t{}\n", offsets.join(";"), texts.join(" ")));
        id
    }
}

/// Splits a code point span at line breaks into trimmed, non-empty fragments (at least one).
fn line_fragments(text: &str, chars: &CharMap, start: usize, end: usize) -> Fragments {
    let byte_start = chars.byte_offset(start);
    let byte_end = chars.byte_offset(end);
    let slice = &text[byte_start..byte_end];
    let mut fragments = Vec::new();
    let mut offset = byte_start;
    for line in slice.split_inclusive(['\n', '\r']) {
        let content = line.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start().len();
        let trimmed = content.trim();
        if !trimmed.is_empty() {
            let s = offset + lead;
            fragments.push((chars.char_offset(s), chars.char_offset(s + trimmed.len())));
        }
        offset += line.len();
    }
    if fragments.is_empty() {
        fragments.push((start, end));
    }
    fragments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_discontinuous_spans_and_numbered_roles() {
        let ann = "T1\tContent 3 5;9 12\tab cde\nT2\tCue 6 8\tsa\nT3\tAttribution 6 8\tsa\n\
                   T4\tContent 20 22\tzz\n#1\tAnnotatorNotes T1\tnote\n\
                   E1\tAttribution-no-source:T3 Cue:T2 Content:T1 Content2:T4\n";
        let parsed = parse_ann(ann).expect("valid brat");
        assert_eq!(parsed.text_bounds[0].fragments, vec![(3, 5), (9, 12)]);
        let attributions = parsed.attributions();
        assert_eq!(attributions.len(), 1);
        assert_eq!(attributions[0].source, None);
        assert_eq!(attributions[0].content, vec![(3, 5), (9, 12), (20, 22)]);
    }

    #[test]
    fn rejects_malformed_lines() {
        assert!(parse_ann("T1\tSource x 3\tab").is_err());
        assert!(parse_ann("T1\tSource 5 3\tab").is_err());
        assert!(parse_ann("T1").is_err());
    }

    #[test]
    fn splits_spans_at_line_breaks() {
        let text = "ab\n\ncd é";
        let chars = CharMap::new(text);
        assert_eq!(line_fragments(text, &chars, 0, 8), vec![(0, 2), (4, 8)]);
    }
}

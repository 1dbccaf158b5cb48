//! Rendering of cross-document links: reuse pairs side by side with the shared words marked,
//! claim clusters with their first appearance and echoes, and timelines of the store's
//! `Timeline` shape. Everything is escaped by maud like the rest of [`render`](super).

use echotrace_store::{ClaimCluster, ClaimMember, Direction, Passage, ReusePair};
use maud::{html, Markup};

use super::{display_title, outlet_link, Links};

/// Longest side, in words, that [`shared_words`] aligns; longer passages are marked whole
/// (the aligner already found them similar, and the quadratic table would cost too much).
const MAX_DIFF_WORDS: usize = 800;

/// A piece of a text: `shared` when its words appear, in order, on the other side too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    pub text: &'a str,
    pub shared: bool,
}

/// The text split into words (alphanumeric runs) and what lies between them, as byte ranges.
fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in text.char_indices() {
        match (ch.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Marks, on both sides, the words of the longest common subsequence of the two texts' words
/// (case-insensitive): what was copied is marked, what was edited is not. Punctuation and
/// spaces between two marked words are marked too, so a copied run reads as one highlight.
pub fn shared_words<'a>(left: &'a str, right: &'a str) -> (Vec<Piece<'a>>, Vec<Piece<'a>>) {
    let (lw, rw) = (word_ranges(left), word_ranges(right));
    let key = |text: &str, (s, e): (usize, usize)| text[s..e].to_lowercase();
    let (lk, rk): (Vec<String>, Vec<String>) =
        (lw.iter().map(|&r| key(left, r)).collect(), rw.iter().map(|&r| key(right, r)).collect());
    let (mut lshared, mut rshared) = (vec![false; lw.len()], vec![false; rw.len()]);
    if lw.len() > MAX_DIFF_WORDS || rw.len() > MAX_DIFF_WORDS {
        lshared.fill(true);
        rshared.fill(true);
    } else {
        // lcs[i][j]: length of the LCS of lk[i..] and rk[j..].
        let width = rk.len() + 1;
        let mut lcs = vec![0u16; (lk.len() + 1) * width];
        for i in (0..lk.len()).rev() {
            for j in (0..rk.len()).rev() {
                lcs[i * width + j] = if lk[i] == rk[j] {
                    lcs[(i + 1) * width + j + 1] + 1
                } else {
                    lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < lk.len() && j < rk.len() {
            if lk[i] == rk[j] {
                lshared[i] = true;
                rshared[j] = true;
                i += 1;
                j += 1;
            } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
    }
    (pieces(left, &lw, &lshared), pieces(right, &rw, &rshared))
}

fn pieces<'a>(text: &'a str, words: &[(usize, usize)], shared: &[bool]) -> Vec<Piece<'a>> {
    // (start, end, shared) byte ranges; adjacent ranges of one kind merge.
    let mut ranges: Vec<(usize, usize, bool)> = Vec::new();
    let mut push = |start: usize, end: usize, is_shared: bool| {
        if start >= end {
            return;
        }
        match ranges.last_mut() {
            Some(last) if last.2 == is_shared => last.1 = end,
            _ => ranges.push((start, end, is_shared)),
        }
    };
    let mut at = 0;
    for (index, &(start, end)) in words.iter().enumerate() {
        // The gap before a word is shared when the words on both sides of it are.
        let gap_shared = index > 0 && shared[index - 1] && shared[index];
        push(at, start, gap_shared);
        push(start, end, shared[index]);
        at = end;
    }
    push(at, text.len(), false);
    ranges
        .into_iter()
        .map(|(start, end, shared)| Piece { text: &text[start..end], shared })
        .collect()
}

fn marked(pieces: &[Piece<'_>]) -> Markup {
    html! { @for piece in pieces { @if piece.shared { mark.shared { (piece.text) } } @else { (piece.text) } } }
}

fn who(
    id: &str,
    title: Option<&str>,
    outlet: Option<&str>,
    published: Option<&str>,
    links: Links,
) -> Markup {
    html! {
        div.who {
            (outlet_link(outlet, links)) " · " (published.unwrap_or("undated")) " · "
            a href=(links.document(id)) { (display_title(title, id)) }
        }
    }
}

fn passage_box(passage: &Passage, pieces: &[Piece<'_>], role: &str, links: Links) -> Markup {
    html! {
        div.passage {
            div.role { (role) }
            (who(&passage.id, passage.title.as_deref(), passage.outlet.as_deref(), passage.published.as_deref(), links))
            p.passage-text {
                @if !passage.before.is_empty() { span.context { "…" (passage.before) } }
                (marked(pieces))
                @if !passage.after.is_empty() { span.context { (passage.after) "…" } }
            }
            div.muted.small { "characters " (passage.start) "–" (passage.end) }
        }
    }
}

/// A reuse pair: the earlier (or, undated, the first-named) passage beside its copy, the words
/// they share marked, with context before and after in grey.
pub fn reuse_pair(pair: &ReusePair, links: Links) -> Markup {
    let (left, right) = shared_words(&pair.source.text, &pair.target.text);
    let (source_role, target_role) = match pair.direction {
        Direction::Dated => ("Earlier", "Later"),
        Direction::Undated => ("One side (dates unknown)", "Other side"),
    };
    html! {
        div.reuse-pair {
            div.pair-head {
                span.badge { (format!("{:.0}% similar", pair.similarity * 100.0)) }
                @if pair.direction == Direction::Undated { " " span.badge.badge-vague { "direction unknown" } }
                " " span.muted { (pair.target.text.chars().count()) " characters reused" }
            }
            div.side-by-side {
                (passage_box(&pair.source, &left, source_role, links))
                (passage_box(&pair.target, &right, target_role, links))
            }
        }
    }
}

/// Reuse pairs, or a line saying there are none.
pub fn reuse_pairs(pairs: &[ReusePair], links: Links, empty: &str) -> Markup {
    html! {
        @if pairs.is_empty() { p.muted { (empty) } }
        @else { @for pair in pairs { (reuse_pair(pair, links)) } }
    }
}

/// A claim in curly quotes, without doubling the quotes it already has.
pub fn quoted(text: &str) -> String {
    const QUOTES: &[char] = &['"', '\'', '“', '”', '‘', '’', '«', '»'];
    format!("“{}”", text.trim().trim_matches(QUOTES).trim())
}

fn source_label(member: &ClaimMember) -> Markup {
    match &member.source {
        None => html! { span.muted { "headline" } },
        Some(source) => super::source_name(source, member.source_vague),
    }
}

/// Claim clusters: the claim, how many articles and outlets carry it, and where it was first.
pub fn claim_clusters_table(clusters: &[ClaimCluster], links: Links) -> Markup {
    html! {
        table.data {
            thead { tr { th { "Claim" } th.num { "Articles" } th.num { "Outlets" } th { "First seen" } } }
            tbody {
                @for cluster in clusters {
                    tr {
                        td { a href=(links.claim(&cluster.id)) { (quoted(&super::article::truncate(&cluster.representative, 160))) } }
                        td.num { (cluster.documents) }
                        td.num { (cluster.outlets.len()) }
                        td {
                            span.nowrap { (cluster.first.published.as_deref().unwrap_or("undated")) }
                            " " (outlet_link(cluster.first.outlet.as_deref(), links))
                        }
                    }
                }
            }
        }
    }
}

/// A claim cluster's first appearance and each echo beside it, with the words they share
/// marked, and the sources each outlet gives for it.
pub fn claim_echoes(cluster: &ClaimCluster, links: Links) -> Markup {
    let first = &cluster.first;
    html! {
        div.claim-first {
            h3 { "First appearance" }
            (who(&first.id, first.title.as_deref(), first.outlet.as_deref(), first.published.as_deref(), links))
            p.claim-text { (quoted(&first.text)) }
            p.muted { "Source: " (source_label(first)) }
        }
        @let echoes = &cluster.members[1.min(cluster.members.len())..];
        h3 { (echoes.len()) " echoes" }
        @for echo in echoes {
            @let (left, right) = shared_words(&first.text, &echo.text);
            div.side-by-side.echo {
                div.passage {
                    div.role { "First" }
                    p.passage-text { (marked(&left)) }
                }
                div.passage {
                    div.role { "Echo" }
                    (who(&echo.id, echo.title.as_deref(), echo.outlet.as_deref(), echo.published.as_deref(), links))
                    p.passage-text { (marked(&right)) }
                    div.muted.small { "Source: " (source_label(echo)) }
                }
            }
        }
    }
}

/// Which sources each outlet gives for a claim cluster's claims (each source once, with how
/// many of the outlet's claims name it).
pub fn claim_sources(cluster: &ClaimCluster, links: Links) -> Markup {
    /// An outlet, its articles in the cluster, and each source it gives with how often.
    type Row<'a> = (String, usize, Vec<(&'a ClaimMember, usize)>);
    let mut rows: Vec<Row<'_>> = Vec::new();
    for member in &cluster.members {
        let outlet = member.outlet.clone().unwrap_or_default();
        let index = match rows.iter().position(|(o, _, _)| o.eq_ignore_ascii_case(&outlet)) {
            Some(index) => index,
            None => {
                rows.push((outlet, 0, Vec::new()));
                rows.len() - 1
            }
        };
        let (_, articles, sources) = &mut rows[index];
        *articles += 1;
        let same = |m: &&ClaimMember| {
            m.source.as_deref().map(str::to_lowercase)
                == member.source.as_deref().map(str::to_lowercase)
        };
        match sources.iter_mut().find(|(m, _)| same(m)) {
            Some((_, times)) => *times += 1,
            None => sources.push((member, 1)),
        }
    }
    html! {
        table.data {
            thead { tr { th { "Outlet" } th.num { "Articles" } th { "Sources cited" } } }
            tbody {
                @for (outlet, articles, sources) in &rows {
                    tr {
                        td { (outlet_link(Some(outlet.as_str()).filter(|o| !o.is_empty()), links)) }
                        td.num { (articles) }
                        td { @for (i, (member, times)) in sources.iter().enumerate() {
                            @if i > 0 { ", " }
                            (source_label(member))
                            @if *times > 1 { span.count { " ×" (times) } }
                        } }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared_text<'a>(pieces: &[Piece<'a>]) -> Vec<&'a str> {
        pieces.iter().filter(|p| p.shared).map(|p| p.text).collect()
    }

    #[test]
    fn shared_words_mark_the_copy_and_leave_the_edits() {
        let (left, right) = shared_words(
            "The ministry said on Tuesday that militants were ready.",
            "Press TV: the ministry said on Wednesday that militants were ready!",
        );
        assert_eq!(shared_text(&left), ["The ministry said on", "that militants were ready"]);
        assert_eq!(shared_text(&right), ["the ministry said on", "that militants were ready"]);
        // The pieces cover each text exactly.
        let joined: String = right.iter().map(|p| p.text).collect();
        assert_eq!(joined, "Press TV: the ministry said on Wednesday that militants were ready!");
        let (left, right) = shared_words("", "nothing in common");
        assert!(left.is_empty() && shared_text(&right).is_empty());
    }

    #[test]
    fn quotes_are_not_doubled() {
        assert_eq!(quoted("\"In dogmatic questions,\""), "“In dogmatic questions,”");
        assert_eq!(quoted(" plain claim "), "“plain claim”");
    }

    #[test]
    fn long_passages_are_marked_whole() {
        let long = "word ".repeat(MAX_DIFF_WORDS + 1);
        let (left, right) = shared_words(&long, "other text");
        assert!(left.iter().filter(|p| !p.text.trim().is_empty()).all(|p| p.shared));
        assert!(right.iter().filter(|p| !p.text.trim().is_empty()).all(|p| p.shared));
    }
}

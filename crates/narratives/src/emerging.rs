//! Corpus-level views over analysed documents: the catalog narratives found (counts, first
//! seen, outlets, timeline) and emerging narratives, recurring claims that match no narrative.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use echotrace_model::{Analysis, Span};

use crate::text::terms;

/// One catalog narrative across a corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct NarrativeSummary {
    pub id: String,
    pub title: String,
    /// Documents that match it.
    pub documents: usize,
    pub first_seen: Option<NaiveDate>,
    /// The document where it was first seen (earliest `published`; ties by record order).
    pub first_document: Option<String>,
    /// Outlets by number of matching documents, most first; ties by name.
    pub top_outlets: Vec<(String, usize)>,
    /// Matching documents per publication day.
    pub per_day: BTreeMap<NaiveDate, usize>,
}

/// The narratives of `records` (their `layers.narratives`), most documents first.
pub fn list_narratives(records: &[Analysis]) -> Vec<NarrativeSummary> {
    let mut by_id: BTreeMap<&str, NarrativeSummary> = BTreeMap::new();
    let mut outlets: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for record in records {
        let published = record.document.published;
        let mut seen_here = HashSet::new();
        for m in &record.layers.narratives {
            if !seen_here.insert(m.id.as_str()) {
                continue;
            }
            let summary = by_id.entry(m.id.as_str()).or_insert_with(|| NarrativeSummary {
                id: m.id.clone(),
                title: m.title.clone(),
                documents: 0,
                first_seen: None,
                first_document: None,
                top_outlets: Vec::new(),
                per_day: BTreeMap::new(),
            });
            summary.documents += 1;
            let earlier = match (published, summary.first_seen) {
                (Some(day), Some(first)) => day < first,
                (Some(_), None) => true,
                (None, _) => summary.first_document.is_none(),
            };
            if earlier {
                summary.first_seen = published.or(summary.first_seen);
                summary.first_document = Some(record.document.id.clone());
            }
            if let Some(day) = published {
                *summary.per_day.entry(day).or_default() += 1;
            }
            if let Some(outlet) = &record.document.outlet {
                *outlets.entry(m.id.as_str()).or_default().entry(outlet.as_str()).or_default() += 1;
            }
        }
    }
    let mut summaries: Vec<NarrativeSummary> = by_id
        .into_values()
        .map(|mut s| {
            let mut counted: Vec<(String, usize)> = outlets
                .get(s.id.as_str())
                .map(|o| o.iter().map(|(k, v)| (k.to_string(), *v)).collect())
                .unwrap_or_default();
            counted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            s.top_outlets = counted;
            s
        })
        .collect();
    summaries.sort_by(|a, b| b.documents.cmp(&a.documents).then_with(|| a.id.cmp(&b.id)));
    summaries
}

/// One claim of a candidate narrative.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimOccurrence {
    pub document: String,
    pub span: Span,
    pub text: String,
    pub outlet: Option<String>,
    pub published: Option<NaiveDate>,
}

/// A cluster of near-identical claims that match no catalog narrative but recur across sources.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateNarrative {
    /// The member sharing most words with the rest of the cluster.
    pub representative: ClaimOccurrence,
    pub claims: Vec<ClaimOccurrence>,
    pub first_seen: Option<NaiveDate>,
    /// Distinct outlets (a document without an outlet counts as its own source).
    pub sources: Vec<String>,
}

/// Knobs of [`emerging_narratives`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EmergingOptions {
    /// Claims with fewer content words are not clustered (too generic to be a narrative).
    pub min_terms: usize,
    /// Jaccard similarity of term sets above which two claims are the same claim.
    pub min_similarity: f32,
    /// Distinct sources a cluster needs to count as recurring.
    pub min_sources: usize,
}

impl Default for EmergingOptions {
    fn default() -> Self {
        EmergingOptions { min_terms: 6, min_similarity: 0.5, min_sources: 2 }
    }
}

const HASHES: usize = 40;
const ROWS_PER_BAND: usize = 4;

fn term_hash(term: &str, seed: usize) -> u64 {
    let mut hasher = DefaultHasher::new();
    seed.hash(&mut hasher);
    term.hash(&mut hasher);
    hasher.finish()
}

fn minhash(set: &HashSet<String>) -> [u64; HASHES] {
    let mut signature = [u64::MAX; HASHES];
    for term in set {
        for (seed, slot) in signature.iter_mut().enumerate() {
            *slot = (*slot).min(term_hash(term, seed));
        }
    }
    signature
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let shared = a.intersection(b).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f32 / union as f32
    }
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Text of a code point span of `text` (empty when out of range).
fn slice_chars(text: &str, span: Span) -> &str {
    let mut indices = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
    let start = indices.nth(span[0]);
    let end = if span[1] > span[0] { indices.nth(span[1] - span[0] - 1) } else { start };
    match (start, end) {
        (Some(s), Some(e)) => text.get(s..e).unwrap_or(""),
        _ => "",
    }
}

/// Words of the lines sites repeat under every article: credits, subscription and comment
/// forms, polls, legal notices. A sentence with one of them is page furniture, not a claim.
const BOILERPLATE: &[&str] = &[
    "all rights reserved",
    "originally published",
    "posted with permission",
    "republished with permission",
    "privacy policy",
    "terms of use",
    "terms of service",
    "subscribe",
    "newsletter",
    "this poll",
    "our poll",
    "sign up",
    "click here",
    "validation purposes",
    "distributed by",
    "follow us",
    "©",
];

/// Whether a sentence can state a claim: not a question, not a bullet or list of names, not
/// an embedded tweet's signature or link, not site boilerplate (see [`BOILERPLATE`]).
fn is_claim_like(text: &str) -> bool {
    let lower = text.to_lowercase();
    !(text.ends_with('?')
        || text.starts_with(['*', '•', '—', '-'])
        || lower.contains("http")
        || lower.contains("pic.twitter.com")
        || text.contains('@')
        || BOILERPLATE.iter().any(|b| lower.contains(b)))
}

/// Sentences of `records` that overlap no catalog match and can state a claim (see
/// [`is_claim_like`]), clustered by MinHash LSH on their
/// content words and verified by Jaccard similarity; clusters seen in at least
/// `min_sources` sources, largest first.
pub fn emerging_narratives(
    records: &[Analysis],
    options: EmergingOptions,
) -> Vec<CandidateNarrative> {
    let mut claims: Vec<ClaimOccurrence> = Vec::new();
    let mut sets: Vec<HashSet<String>> = Vec::new();
    for record in records {
        let matched: Vec<Span> =
            record.layers.narratives.iter().flat_map(|m| m.evidence.iter().copied()).collect();
        for &span in &record.layers.sentences {
            if matched.iter().any(|m| m[0] < span[1] && span[0] < m[1]) {
                continue;
            }
            let text = slice_chars(&record.document.text, span).trim();
            if !is_claim_like(text) {
                continue;
            }
            let set: HashSet<String> = terms(text).into_iter().collect();
            if set.len() < options.min_terms {
                continue;
            }
            claims.push(ClaimOccurrence {
                document: record.document.id.clone(),
                span,
                text: text.to_string(),
                outlet: record.document.outlet.clone(),
                published: record.document.published,
            });
            sets.push(set);
        }
    }
    let mut parent: Vec<usize> = (0..claims.len()).collect();
    let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    for (i, set) in sets.iter().enumerate() {
        let signature = minhash(set);
        for (band, rows) in signature.chunks(ROWS_PER_BAND).enumerate() {
            let mut hasher = DefaultHasher::new();
            rows.hash(&mut hasher);
            buckets.entry((band, hasher.finish())).or_default().push(i);
        }
    }
    for members in buckets.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                if find(&mut parent, a) != find(&mut parent, b)
                    && jaccard(&sets[a], &sets[b]) >= options.min_similarity
                {
                    let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
    }
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..claims.len() {
        let root = find(&mut parent, i);
        clusters.entry(root).or_default().push(i);
    }
    let mut candidates: Vec<CandidateNarrative> = clusters
        .into_values()
        .filter_map(|members| {
            let mut sources: Vec<String> = members
                .iter()
                .map(|&i| claims[i].outlet.clone().unwrap_or_else(|| claims[i].document.clone()))
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            if sources.len() < options.min_sources {
                return None;
            }
            sources.sort();
            let mut frequency: HashMap<&str, usize> = HashMap::new();
            for &i in &members {
                for t in &sets[i] {
                    *frequency.entry(t.as_str()).or_default() += 1;
                }
            }
            let centrality =
                |i: usize| -> usize { sets[i].iter().map(|t| frequency[t.as_str()]).sum() };
            let best =
                members.iter().copied().max_by_key(|&i| (centrality(i), std::cmp::Reverse(i)))?;
            let first_seen = members.iter().filter_map(|&i| claims[i].published).min();
            Some(CandidateNarrative {
                representative: claims[best].clone(),
                claims: members.iter().map(|&i| claims[i].clone()).collect(),
                first_seen,
                sources,
            })
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.sources.len().cmp(&a.sources.len()).then(b.claims.len().cmp(&a.claims.len()))
    });
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_bullets_tweets_and_boilerplate_are_not_claims() {
        assert!(is_claim_like("The ministry said the convoy carried weapons to the rebels."));
        assert!(!is_claim_like("Should the convoy have been stopped at the border?"));
        assert!(!is_claim_like("* Alice Smith Bob Jones Carol White"));
        assert!(!is_claim_like("— Some Person (@handle) May 1, 2020"));
        assert!(!is_claim_like("This story was originally published by the Daily Example."));
        assert!(!is_claim_like("Enter your email to subscribe to our free updates."));
    }
    use echotrace_model::{Document, NarrativeMatch};

    fn record(id: &str, outlet: &str, day: u32, text: &str, narrative: Option<&str>) -> Analysis {
        let mut doc = Document::new(id, text);
        doc.outlet = Some(outlet.into());
        doc.published = NaiveDate::from_ymd_opt(2018, 9, day);
        let mut a = Analysis::new(doc);
        let n = text.chars().count();
        a.layers.sentences = vec![[0, n]];
        if let Some(narrative) = narrative {
            a.layers.narratives.push(NarrativeMatch {
                id: narrative.into(),
                title: narrative.to_uppercase(),
                score: 0.9,
                evidence: vec![[0, n]],
            });
        }
        a
    }

    #[test]
    fn list_counts_first_seen_outlets_and_days() {
        let records = vec![
            record("a", "X", 3, "one", Some("n1")),
            record("b", "Y", 1, "two", Some("n1")),
            record("c", "X", 3, "three", Some("n1")),
            record("d", "X", 2, "four", Some("n2")),
        ];
        let list = list_narratives(&records);
        assert_eq!(list[0].id, "n1");
        assert_eq!(list[0].documents, 3);
        assert_eq!(list[0].first_seen, NaiveDate::from_ymd_opt(2018, 9, 1));
        assert_eq!(list[0].first_document.as_deref(), Some("b"));
        assert_eq!(list[0].top_outlets, vec![("X".to_string(), 2), ("Y".to_string(), 1)]);
        assert_eq!(list[0].per_day.values().copied().collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(list[1].id, "n2");
    }

    #[test]
    fn recurring_unmatched_claims_cluster_across_outlets() {
        let claim =
            "Officials confirmed the northern dam will be demolished next spring despite protests";
        let records = vec![
            record("a", "X", 5, claim, None),
            record("b", "Y", 4, &format!("{claim}."), None),
            record(
                "c",
                "X",
                6,
                "A completely different sentence about football scores tonight in town",
                None,
            ),
            record("d", "Z", 6, claim, Some("known")),
        ];
        let candidates = emerging_narratives(&records, EmergingOptions::default());
        assert_eq!(candidates.len(), 1, "{candidates:?}");
        assert_eq!(candidates[0].sources, vec!["X", "Y"]);
        assert_eq!(candidates[0].first_seen, NaiveDate::from_ymd_opt(2018, 9, 4));
        assert_eq!(candidates[0].claims.len(), 2);
    }

    #[test]
    fn slicing_by_code_points_handles_multibyte_text() {
        assert_eq!(slice_chars("é ab ü", [2, 4]), "ab");
        assert_eq!(slice_chars("abc", [1, 9]), "");
        assert_eq!(slice_chars("abc", [0, 3]), "abc");
    }
}

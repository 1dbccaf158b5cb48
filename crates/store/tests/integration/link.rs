//! Cross-document links: reuse pairs, claim clusters, timelines and the outlet graph, stored
//! incrementally.

use chrono::NaiveDate;
use echotrace_model::{
    Analysis, Attribution, AttributionKind, AttributionSource, Document, Segment,
};
use echotrace_store::{
    Bucket, Corpus, Count, Direction, EdgeKind, LinkOptions, NodeKind, OpenMode, ReuseFilter,
    TimelineSubject,
};

const STORY: &str = "The ministry said on Tuesday that militants were preparing a staged chemical \
    incident in the north of the province, where several villages have been evacuated. \
    Residents told reporters that trucks carrying unmarked canisters had arrived at night. \
    Officials in the capital warned that any such incident would be used as a pretext for \
    strikes against government forces.";

const CLAIM: &str = "the White Helmets are preparing a staged chemical attack in Idlib province";

fn record(id: &str, outlet: &str, day: u32, text: &str, source: &str, claim: &str) -> Analysis {
    let text = format!("{text} {source} said {claim}.");
    let mut document = Document::new(id, &text);
    document.outlet = Some(outlet.into());
    document.published = NaiveDate::from_ymd_opt(2018, 9, day);
    let mut record = Analysis::new(document);
    let source_start = text.chars().count() - claim.chars().count() - source.chars().count() - 7;
    let cue_start = source_start + source.chars().count() + 1;
    record.layers.attributions.push(Attribution {
        source: Some(AttributionSource {
            start: source_start,
            end: source_start + source.chars().count(),
            text: source.into(),
            entity: None,
            vague: source.contains("reports"),
        }),
        cue: Segment { start: cue_start, end: cue_start + 4, text: "said".into() },
        content: Segment {
            start: cue_start + 5,
            end: cue_start + 5 + claim.chars().count(),
            text: claim.into(),
        },
        kind: AttributionKind::Indirect,
        parent: None,
    });
    record
}

#[test]
fn links_reuse_claims_timelines_and_the_graph_incrementally() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut corpus = Corpus::open(dir.path(), OpenMode::ReadWrite).expect("opens");
    let echoed = STORY.replace("Tuesday", "Wednesday").replace("warned", "cautioned");
    let mut relayed = record(
        "b",
        "Echo Daily",
        3,
        &format!("Press TV reports: {echoed}"),
        "the ministry",
        "White Helmets preparing staged chemical attack in Idlib",
    );
    relayed.document.relayed_from = vec!["Press TV".into()];
    corpus
        .ingest(
            vec![
                record("a", "Press TV", 1, STORY, "numerous witness reports", CLAIM),
                relayed,
                record(
                    "c",
                    "Other Times",
                    2,
                    "Markets rallied as investors welcomed the decision of the central bank.",
                    "analysts",
                    "interest rates will stay unchanged until the spring of next year",
                ),
            ],
            100,
        )
        .expect("ingests");

    let summary = corpus.link(&LinkOptions::default()).expect("links");
    assert_eq!((summary.documents, summary.new_documents, summary.new_pairs), (3, 3, 1));

    let pairs = corpus.reuse_pairs(&ReuseFilter::default()).expect("present");
    assert_eq!(pairs.len(), 1);
    let pair = &pairs[0];
    assert_eq!((pair.source.id.as_str(), pair.target.id.as_str()), ("a", "b"));
    assert_eq!(pair.direction, Direction::Dated);
    assert!(pair.source.text.starts_with("The ministry said on Tuesday"), "{}", pair.source.text);
    assert!(pair.target.text.starts_with("The ministry said on Wednesday"), "{}", pair.target.text);
    let long_only = ReuseFilter { min_chars: 10_000, ..ReuseFilter::default() };
    assert!(corpus.reuse_pairs(&long_only).expect("present").is_empty());
    // The lean listing gives the same pair by id and offsets.
    let spans = corpus.reuse_spans().expect("present");
    assert_eq!(
        spans,
        [[
            ("a".to_string(), pair.source.start..pair.source.end),
            ("b".to_string(), pair.target.start..pair.target.end)
        ]]
    );
    // Context around the passages: b's passage follows its relay line, and both go on with
    // the attribution sentence.
    assert!(pair.target.before.ends_with("Press TV reports: "), "{:?}", pair.target.before);
    assert!(pair.source.before.is_empty(), "a's passage starts its text");
    assert!(pair.source.after.contains("numerous witness reports said"), "{:?}", pair.source.after);
    assert!(pair.source.after.chars().count() <= echotrace_store::PASSAGE_CONTEXT);
    // No document matches a narrative, so a narrative filter leaves nothing.
    let narrative = ReuseFilter { narrative: Some("any".into()), ..ReuseFilter::default() };
    assert!(corpus.reuse_pairs(&narrative).expect("present").is_empty());
    let reuse = corpus.outlet_reuse("echo daily").expect("present");
    assert_eq!(reuse.copies, [Count { name: "Press TV".into(), count: 1 }]);
    assert!(reuse.copied_by.is_empty());
    let reuse = corpus.outlet_reuse("Press TV").expect("present");
    assert_eq!(reuse.copied_by, [Count { name: "Echo Daily".into(), count: 1 }]);
    assert!(corpus.outlet_reuse("Other Times").expect("present").copies.is_empty());

    let clusters = corpus.claim_clusters(2, 0).expect("present");
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    let cluster = &clusters[0];
    assert_eq!(cluster.first.id, "a", "the earliest claim comes first");
    assert!(cluster.first.source_vague);
    assert_eq!(cluster.members.len(), 2);
    assert_eq!(cluster.outlets, ["Press TV", "Echo Daily"]);
    assert_eq!(corpus.claim_cluster(&cluster.id).expect("present").as_ref(), Some(cluster));
    assert!(corpus.claim_clusters(3, 0).expect("present").is_empty());
    assert_eq!(
        &corpus.document_claim_clusters("b").expect("present"),
        std::slice::from_ref(cluster)
    );
    assert!(corpus.document_claim_clusters("c").expect("present").is_empty());

    let timeline =
        corpus.timeline(&TimelineSubject::Claim(cluster.id.clone()), Bucket::Day).expect("present");
    let points: Vec<(&str, &str, u64)> =
        timeline.points.iter().map(|p| (p.date.as_str(), p.outlet.as_str(), p.count)).collect();
    assert_eq!(points, [("2018-09-01", "Press TV", 1), ("2018-09-03", "Echo Daily", 1)]);
    let weekly = corpus
        .timeline(&TimelineSubject::Claim(cluster.id.clone()), Bucket::Week)
        .expect("present");
    assert_eq!(
        weekly.points.iter().map(|p| p.date.as_str()).collect::<Vec<_>>(),
        ["2018-08-27", "2018-09-03"]
    );

    let graph = corpus.outlet_graph().expect("present");
    let edge = |kind: EdgeKind, from: &str, to: &str| {
        graph
            .edges
            .iter()
            .find(|e| e.kind == kind && e.source == from && e.target == to)
            .map(|e| e.weight)
    };
    assert_eq!(edge(EdgeKind::Reuse, "outlet:press tv", "outlet:echo daily"), Some(1));
    assert_eq!(edge(EdgeKind::Relay, "outlet:press tv", "outlet:echo daily"), Some(1));
    assert_eq!(
        edge(EdgeKind::Cites, "outlet:press tv", "source:numerous witness reports"),
        Some(1)
    );
    let vague =
        graph.nodes.iter().find(|n| n.id == "source:numerous witness reports").expect("present");
    assert!(vague.vague && vague.kind == NodeKind::Source);
    assert_eq!(graph.nodes.iter().filter(|n| n.kind == NodeKind::Outlet).count(), 3);

    // A new document is compared with the corpus; the old pair is kept, not recomputed.
    let first_pair = pair.pair;
    corpus
        .ingest(
            vec![record("d", "Third Post", 5, STORY, "officials", "the weather was fine that day")],
            100,
        )
        .expect("ingests");
    let summary = corpus.link(&LinkOptions::default()).expect("links");
    assert_eq!((summary.new_documents, summary.new_pairs, summary.pairs), (1, 2, 3));
    let pairs = corpus.reuse_pairs(&ReuseFilter::default()).expect("present");
    assert!(pairs.iter().any(|p| p.pair == first_pair && p.target.id == "b"));
    assert_eq!(pairs.iter().filter(|p| p.target.id == "d").count(), 2);
    assert_eq!(summary.passage_clusters, 1, "three copies of one story form one cluster");
    let only_c = ReuseFilter { document: Some("c".into()), ..ReuseFilter::default() };
    assert!(corpus.reuse_pairs(&only_c).expect("present").is_empty());

    // Linking again with nothing new adds nothing; readers see the links.
    assert_eq!(corpus.link(&LinkOptions::default()).expect("links").new_pairs, 0);
    drop(corpus);
    let reader = Corpus::open(dir.path(), OpenMode::ReadOnly).expect("opens");
    assert_eq!(reader.reuse_pairs(&ReuseFilter::default()).expect("present").len(), 3);
    assert_eq!(reader.unlinked_documents().expect("present"), 0);
}

#[test]
fn bare_pronouns_are_not_listed_as_sources() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut corpus = Corpus::open(dir.path(), OpenMode::ReadWrite).expect("opens");
    corpus
        .ingest(
            vec![
                record("a", "Press TV", 1, STORY, "He", CLAIM),
                record("b", "Press TV", 2, "Another story entirely.", "the ministry", CLAIM),
            ],
            100,
        )
        .expect("ingests");
    let overview = corpus.overview().expect("overview");
    let names: Vec<&str> = overview.top_sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["the ministry"], "a bare pronoun names nobody");
    let profile = corpus.outlet_profile("Press TV").expect("profile").expect("present");
    assert_eq!(profile.sources.len(), 1);
    let graph = corpus.outlet_graph().expect("graph");
    assert!(graph.nodes.iter().all(|n| n.label != "He"));
}

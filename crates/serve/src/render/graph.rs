//! The outlet graph as inline SVG: outlets and the sources they cite, laid out on the server
//! by a deterministic force-directed layout (Fruchterman–Reingold), so the picture is the same
//! in the pages and in the mailed report. Edge kinds and sources toggle with CSS; the pages'
//! script adds neighbour highlighting on click. Node ids in the markup are indexes (`n3`),
//! never names: names only appear as escaped text.

use std::collections::HashMap;

use echotrace_store::{EdgeKind, NodeKind, OutletGraph};
use maud::{html, Markup};

use super::Links;

/// How much of the graph to draw.
#[derive(Debug, Clone, Copy)]
pub struct GraphView {
    /// Outlets drawn, the most connected first.
    pub max_outlets: usize,
    /// Sources drawn, the most cited (by the drawn outlets) first.
    pub max_sources: usize,
}

impl Default for GraphView {
    fn default() -> Self {
        GraphView { max_outlets: 40, max_sources: 30 }
    }
}

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 620.0;
const MARGIN: f64 = 70.0;

/// The drawn part of a graph: node indexes into `graph.nodes`, edges between them, positions.
struct Drawn {
    nodes: Vec<usize>,
    edges: Vec<usize>,
    positions: Vec<(f64, f64)>,
}

fn kind_class(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Reuse => "e-reuse",
        EdgeKind::Relay => "e-relay",
        EdgeKind::Cites => "e-cites",
    }
}

fn kind_colour(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Reuse => "#4f46e5",
        EdgeKind::Relay => "#d97706",
        EdgeKind::Cites => "#94a3b8",
    }
}

fn kind_label(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Reuse => "text reuse (passage pairs)",
        EdgeKind::Relay => "relays (articles)",
        EdgeKind::Cites => "cites (attributions)",
    }
}

/// Picks the nodes to draw and lays them out.
fn select(graph: &OutletGraph, view: GraphView) -> Drawn {
    let index: HashMap<&str, usize> =
        graph.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let mut weight = vec![0u64; graph.nodes.len()];
    for edge in &graph.edges {
        if let (Some(&a), Some(&b)) =
            (index.get(edge.source.as_str()), index.get(edge.target.as_str()))
        {
            if edge.kind != EdgeKind::Cites {
                weight[a] += edge.weight;
                weight[b] += edge.weight;
            }
        }
    }
    let mut outlets: Vec<usize> =
        (0..graph.nodes.len()).filter(|&i| graph.nodes[i].kind == NodeKind::Outlet).collect();
    outlets.sort_by(|&a, &b| {
        (weight[b], graph.nodes[b].documents)
            .cmp(&(weight[a], graph.nodes[a].documents))
            .then_with(|| graph.nodes[a].id.cmp(&graph.nodes[b].id))
    });
    outlets.truncate(view.max_outlets);
    let chosen: std::collections::HashSet<usize> = outlets.iter().copied().collect();
    let mut cited = vec![0u64; graph.nodes.len()];
    for edge in &graph.edges {
        if edge.kind == EdgeKind::Cites {
            if let (Some(&a), Some(&b)) =
                (index.get(edge.source.as_str()), index.get(edge.target.as_str()))
            {
                if chosen.contains(&a) {
                    cited[b] += edge.weight;
                }
            }
        }
    }
    let mut sources: Vec<usize> = (0..graph.nodes.len())
        .filter(|&i| graph.nodes[i].kind == NodeKind::Source && cited[i] > 0)
        .collect();
    sources.sort_by(|&a, &b| {
        cited[b].cmp(&cited[a]).then_with(|| graph.nodes[a].id.cmp(&graph.nodes[b].id))
    });
    sources.truncate(view.max_sources);
    let nodes: Vec<usize> = outlets.into_iter().chain(sources).collect();
    let position: HashMap<usize, usize> = nodes.iter().enumerate().map(|(p, &n)| (n, p)).collect();
    let edges: Vec<usize> = (0..graph.edges.len())
        .filter(|&e| {
            let edge = &graph.edges[e];
            matches!(
                (index.get(edge.source.as_str()), index.get(edge.target.as_str())),
                (Some(a), Some(b)) if position.contains_key(a) && position.contains_key(b)
            )
        })
        .collect();
    let links: Vec<(usize, usize, f64)> = edges
        .iter()
        .map(|&e| {
            let edge = &graph.edges[e];
            (
                position[&index[edge.source.as_str()]],
                position[&index[edge.target.as_str()]],
                (1.0 + edge.weight as f64).ln(),
            )
        })
        .collect();
    let radii: Vec<f64> =
        nodes.iter().map(|&n| node_radius(graph.nodes[n].kind, graph.nodes[n].documents)).collect();
    let positions = layout(&radii, &links);
    Drawn { nodes, edges, positions }
}

/// Fruchterman–Reingold in the drawing frame, from points on a circle (deterministic), then
/// stretched to the frame and pushed apart where circles (of `radii`) would overlap.
fn layout(radii: &[f64], links: &[(usize, usize, f64)]) -> Vec<(f64, f64)> {
    let count = radii.len();
    let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
    let radius = (HEIGHT / 2.0 - MARGIN).max(10.0);
    let mut points: Vec<(f64, f64)> = (0..count)
        .map(|i| {
            let angle = i as f64 * std::f64::consts::TAU / count.max(1) as f64;
            (cx + radius * angle.cos(), cy + radius * angle.sin())
        })
        .collect();
    if count < 2 {
        return points;
    }
    let area = (WIDTH - 2.0 * MARGIN) * (HEIGHT - 2.0 * MARGIN);
    let k = (area / count as f64).sqrt();
    let iterations = 300;
    let mut temperature = WIDTH / 10.0;
    let cooling = temperature / iterations as f64;
    let mut shift = vec![(0.0f64, 0.0f64); count];
    for _ in 0..iterations {
        shift.iter_mut().for_each(|s| *s = (0.0, 0.0));
        for i in 0..count {
            for j in (i + 1)..count {
                let (dx, dy) = (points[i].0 - points[j].0, points[i].1 - points[j].1);
                let distance = (dx * dx + dy * dy).sqrt().max(0.01);
                let force = k * k / distance;
                let (fx, fy) = (dx / distance * force, dy / distance * force);
                shift[i].0 += fx;
                shift[i].1 += fy;
                shift[j].0 -= fx;
                shift[j].1 -= fy;
            }
        }
        for &(a, b, weight) in links {
            if a == b {
                continue;
            }
            let (dx, dy) = (points[a].0 - points[b].0, points[a].1 - points[b].1);
            let distance = (dx * dx + dy * dy).sqrt().max(0.01);
            let force = distance * distance / k * (0.3 + 0.2 * weight.min(4.0));
            let (fx, fy) = (dx / distance * force, dy / distance * force);
            shift[a].0 -= fx;
            shift[a].1 -= fy;
            shift[b].0 += fx;
            shift[b].1 += fy;
        }
        for (point, &(sx, sy)) in points.iter_mut().zip(&shift) {
            // A weak pull to the centre keeps unconnected nodes in the frame.
            let (sx, sy) =
                (sx - (point.0 - cx) * 0.02 * k / 10.0, sy - (point.1 - cy) * 0.02 * k / 10.0);
            let length = (sx * sx + sy * sy).sqrt().max(0.01);
            let step = length.min(temperature);
            point.0 = (point.0 + sx / length * step).clamp(MARGIN, WIDTH - MARGIN);
            point.1 = (point.1 + sy / length * step).clamp(MARGIN / 2.0, HEIGHT - MARGIN / 2.0);
        }
        temperature = (temperature - cooling).max(1.0);
    }
    fit(&mut points);
    separate(&mut points, radii);
    points
}

/// Moves overlapping circles apart (a few rounds of pairwise pushes), inside the frame.
fn separate(points: &mut [(f64, f64)], radii: &[f64]) {
    for _ in 0..60 {
        let mut moved = false;
        for i in 0..points.len() {
            for j in (i + 1)..points.len() {
                let (dx, dy) = (points[j].0 - points[i].0, points[j].1 - points[i].1);
                let distance = (dx * dx + dy * dy).sqrt();
                let wanted = radii[i] + radii[j] + 14.0;
                if distance >= wanted {
                    continue;
                }
                moved = true;
                // Coincident points part along a direction fixed by their indexes.
                let (ux, uy) = if distance > 0.01 {
                    (dx / distance, dy / distance)
                } else {
                    let angle = (i * 7 + j) as f64;
                    (angle.cos(), angle.sin())
                };
                let push = (wanted - distance) / 2.0;
                points[i].0 = (points[i].0 - ux * push).clamp(MARGIN, WIDTH - MARGIN);
                points[i].1 = (points[i].1 - uy * push).clamp(MARGIN / 2.0, HEIGHT - MARGIN / 2.0);
                points[j].0 = (points[j].0 + ux * push).clamp(MARGIN, WIDTH - MARGIN);
                points[j].1 = (points[j].1 + uy * push).clamp(MARGIN / 2.0, HEIGHT - MARGIN / 2.0);
            }
        }
        if !moved {
            break;
        }
    }
}

/// Stretches the points to fill the frame (the force layout leaves a margin that depends on
/// the graph), keeping each axis's order.
fn fit(points: &mut [(f64, f64)]) {
    let (mut low, mut high) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
    for &(x, y) in points.iter() {
        low = (low.0.min(x), low.1.min(y));
        high = (high.0.max(x), high.1.max(y));
    }
    let span = ((high.0 - low.0).max(1.0), (high.1 - low.1).max(1.0));
    let (left, top) = (MARGIN, MARGIN / 2.0);
    let (width, height) = (WIDTH - 2.0 * MARGIN - 60.0, HEIGHT - MARGIN);
    for point in points.iter_mut() {
        point.0 = left + (point.0 - low.0) / span.0 * width;
        point.1 = top + (point.1 - low.1) / span.1 * height;
    }
}

fn node_radius(kind: NodeKind, documents: u64) -> f64 {
    match kind {
        NodeKind::Outlet => (4.0 + 2.0 * (documents as f64).sqrt()).min(20.0),
        NodeKind::Source => (3.0 + 1.0 * (documents as f64).sqrt()).min(10.0),
    }
}

fn edge_width(kind: EdgeKind, weight: u64) -> f64 {
    let width = 1.0 + (weight as f64).log2().max(0.0) * 0.6;
    match kind {
        EdgeKind::Cites => width.min(2.5),
        _ => width.min(5.0),
    }
}

fn short(label: &str) -> String {
    super::article::truncate(label, 28)
}

/// The interactive outlet graph: toggles per edge kind and for sources, the SVG, and a table
/// of its strongest edges (what a screen reader and a printout get).
pub fn outlet_graph(graph: &OutletGraph, view: GraphView, links: Links) -> Markup {
    if graph.nodes.is_empty() {
        return html! {
            p.muted {
                "No article of this corpus names its outlet, so there is no graph to draw. Plain-text "
                "files carry no outlet; give one with an "
                code { "outlet" } " column or field (CSV, JSONL) or ingest web pages, feeds or WARC, whose "
                "metadata names the site."
            }
        };
    }
    let drawn = select(graph, view);
    let slot: HashMap<&str, usize> =
        drawn.nodes.iter().enumerate().map(|(p, &n)| (graph.nodes[n].id.as_str(), p)).collect();
    let outlets_total = graph.nodes.iter().filter(|n| n.kind == NodeKind::Outlet).count();
    let sources_total = graph.nodes.len() - outlets_total;
    let drawn_outlets =
        drawn.nodes.iter().filter(|&&n| graph.nodes[n].kind == NodeKind::Outlet).count();
    let mut strongest: Vec<usize> = drawn.edges.clone();
    strongest.sort_by(|&a, &b| graph.edges[b].weight.cmp(&graph.edges[a].weight).then(a.cmp(&b)));
    strongest.truncate(40);
    let label = |id: &str| {
        graph.nodes.iter().find(|n| n.id == id).map(|n| n.label.as_str()).unwrap_or(id).to_owned()
    };
    html! {
        div.graph-view {
            div.legend {
                @for kind in [EdgeKind::Reuse, EdgeKind::Relay, EdgeKind::Cites] {
                    label.toggle {
                        input type="checkbox" class=(format!("show-{}", kind_class(kind))) checked;
                        (super::charts::swatch(kind_colour(kind))) (kind_label(kind))
                    }
                }
                label.toggle { input type="checkbox" class="show-sources" checked; "sources" }
                span.keys {
                    span.key { (super::charts::swatch("#4f46e5")) " outlet" }
                    span.key { (super::charts::swatch("#0891b2")) " named source" }
                    span.key { (super::charts::swatch("#dc2626")) " vague source" }
                    span.key.muted { "circle size: articles; line width: weight; click a node to see its links" }
                }
            }
            svg.graph viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img"
                aria-label=(format!("Outlet graph: {drawn_outlets} of {outlets_total} outlets, {} of {sources_total} sources", drawn.nodes.len() - drawn_outlets)) {
                defs {
                    @for kind in [EdgeKind::Reuse, EdgeKind::Relay, EdgeKind::Cites] {
                        marker id=(format!("arrow-{}", kind_class(kind))) viewBox="0 0 10 10" refX="9" refY="5"
                            markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse" {
                            path d="M 0 0 L 10 5 L 0 10 z" fill=(kind_colour(kind)) {}
                        }
                    }
                }
                g.edges {
                    @for &e in &drawn.edges {
                        @let edge = &graph.edges[e];
                        @let (a, b) = (slot[edge.source.as_str()], slot[edge.target.as_str()]);
                        @let ((x1, y1), (x2, y2)) = (drawn.positions[a], drawn.positions[b]);
                        // Stop the line at the target's rim so the arrow head shows.
                        @let to = &graph.nodes[drawn.nodes[b]];
                        @let r = node_radius(to.kind, to.documents) + 2.0;
                        @let length = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt().max(0.01);
                        @let (ex, ey) = (x2 - (x2 - x1) / length * r, y2 - (y2 - y1) / length * r);
                        line class=(format!("edge {}", kind_class(edge.kind)))
                            data-from=(format!("n{a}")) data-to=(format!("n{b}"))
                            x1=(format!("{x1:.1}")) y1=(format!("{y1:.1}")) x2=(format!("{ex:.1}")) y2=(format!("{ey:.1}"))
                            stroke=(kind_colour(edge.kind))
                            stroke-width=(format!("{:.1}", edge_width(edge.kind, edge.weight)))
                            stroke-dasharray=[(edge.kind == EdgeKind::Cites).then_some("4 3")]
                            marker-end=(format!("url(#arrow-{})", kind_class(edge.kind))) {
                            title { (label(&edge.source)) " → " (label(&edge.target)) ": " (kind_label(edge.kind)) " " (edge.weight) }
                        }
                    }
                }
                g.nodes {
                    @for (p, &n) in drawn.nodes.iter().enumerate() {
                        @let node = &graph.nodes[n];
                        @let (x, y) = drawn.positions[p];
                        @let fill = match (node.kind, node.vague) {
                            (NodeKind::Outlet, _) => "#4f46e5",
                            (NodeKind::Source, false) => "#0891b2",
                            (NodeKind::Source, true) => "#dc2626",
                        };
                        @let class = if node.kind == NodeKind::Outlet { "node n-outlet" } else { "node n-source" };
                        g class=(class) data-node=(format!("n{p}")) tabindex="0" {
                            title {
                                (node.label) " — "
                                @if node.kind == NodeKind::Outlet { (node.documents) " articles" }
                                @else { "cited in " (node.documents) " attributions" @if node.vague { " (vague source)" } }
                            }
                            @let radius = node_radius(node.kind, node.documents);
                            circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r=(format!("{radius:.1}"))
                                fill=(fill) stroke="#ffffff" stroke-width="1.5" {}
                            text x=(format!("{:.1}", x + radius + 3.0)) y=(format!("{:.1}", y + 4.0))
                                font-size=(if node.kind == NodeKind::Outlet { "13" } else { "11" })
                                font-weight=(if node.kind == NodeKind::Outlet { "600" } else { "400" })
                                fill="#0f172a" stroke="#ffffff" stroke-width="3" paint-order="stroke" { (short(&node.label)) }
                        }
                    }
                }
            }
            p.muted.small id="graph-info" aria-live="polite" {
                "Drawn: " (drawn_outlets) " of " (outlets_total) " outlets (the most connected) and "
                (drawn.nodes.len() - drawn_outlets) " of " (sources_total) " sources (the most cited)."
            }
            @if !strongest.is_empty() {
                details.card {
                    summary { "Strongest links (" (strongest.len()) ")" }
                    table.data {
                        thead { tr { th { "From" } th { "To" } th { "Link" } th.num { "Weight" } } }
                        tbody {
                            @for &e in &strongest {
                                @let edge = &graph.edges[e];
                                tr {
                                    td { (node_link(graph, &edge.source, links)) }
                                    td { (node_link(graph, &edge.target, links)) }
                                    td { (kind_label(edge.kind)) }
                                    td.num { (edge.weight) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn node_link(graph: &OutletGraph, id: &str, links: Links) -> Markup {
    let node = graph.nodes.iter().find(|n| n.id == id);
    match node {
        Some(node) if node.kind == NodeKind::Outlet => super::outlet_link(Some(&node.label), links),
        Some(node) => super::source_name(&node.label, node.vague),
        None => html! { (id) },
    }
}

#[cfg(test)]
mod tests {
    use echotrace_store::{GraphEdge, GraphNode};

    use super::*;

    fn node(id: &str, kind: NodeKind, documents: u64) -> GraphNode {
        GraphNode { id: id.into(), label: id.into(), kind, vague: false, documents }
    }

    #[test]
    fn draws_the_connected_nodes_inside_the_frame() {
        let graph = OutletGraph {
            nodes: vec![
                node("outlet:a", NodeKind::Outlet, 10),
                node("outlet:b", NodeKind::Outlet, 3),
                node("outlet:c", NodeKind::Outlet, 1),
                node("source:x", NodeKind::Source, 4),
            ],
            edges: vec![
                GraphEdge {
                    source: "outlet:a".into(),
                    target: "outlet:b".into(),
                    kind: EdgeKind::Reuse,
                    weight: 5,
                },
                GraphEdge {
                    source: "outlet:a".into(),
                    target: "source:x".into(),
                    kind: EdgeKind::Cites,
                    weight: 4,
                },
            ],
        };
        let drawn = select(&graph, GraphView { max_outlets: 2, max_sources: 5 });
        // The two connected outlets (a, b) are drawn, c is left out; x is cited by a.
        assert_eq!(drawn.nodes, [0, 1, 3]);
        assert_eq!(drawn.edges, [0, 1]);
        for &(x, y) in &drawn.positions {
            assert!((MARGIN..=WIDTH - MARGIN).contains(&x) && (0.0..=HEIGHT).contains(&y));
        }
        // Deterministic: the same picture every time.
        assert_eq!(
            select(&graph, GraphView { max_outlets: 2, max_sources: 5 }).positions,
            drawn.positions
        );
        let svg = outlet_graph(&graph, GraphView::default(), Links::Server).into_string();
        assert_eq!(svg.matches("<line").count(), 2);
        assert_eq!(svg.matches("class=\"node ").count(), 4);
    }
}

//! The outlet graph: outlets and the sources they cite as nodes; text flowing from outlet to
//! outlet (reuse, explicit relays) and outlets citing sources as edges. Exports to GEXF (Gephi)
//! and CSV.

use std::io::Write;

use serde::Serialize;

use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Outlet,
    Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// Text of `source` reappears in a later document of `target`.
    Reuse,
    /// A document of `target` says it relays `source` ("Press TV reports: …").
    Relay,
    /// Documents of `source` (an outlet) attribute statements to `target` (a source).
    Cites,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Reuse => "reuse",
            EdgeKind::Relay => "relay",
            EdgeKind::Cites => "cites",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphNode {
    /// `outlet:<name>` or `source:<name>`, lower-cased.
    pub id: String,
    pub label: String,
    pub kind: NodeKind,
    /// For sources: unnamed or unverifiable ("sources", "local residents").
    pub vague: bool,
    /// Documents of the outlet, or documents citing the source.
    pub documents: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphEdge {
    pub source: String,
    pub target: String,
    pub kind: EdgeKind,
    /// Reuse: passage pairs; relay: documents; cites: attributions.
    pub weight: u64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OutletGraph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

impl OutletGraph {
    /// The node id of an outlet or source name.
    pub fn node_id(kind: NodeKind, name: &str) -> String {
        let prefix = match kind {
            NodeKind::Outlet => "outlet",
            NodeKind::Source => "source",
        };
        format!("{prefix}:{}", name.trim().to_lowercase())
    }

    /// GEXF 1.3, directed, with `kind`, `vague` and `documents` node attributes and `kind` edge
    /// attributes.
    pub fn write_gexf(&self, mut w: impl Write) -> Result<()> {
        writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(w, r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#)?;
        writeln!(
            w,
            r#"  <meta><creator>echotrace</creator><description>outlet graph</description></meta>"#
        )?;
        writeln!(w, r#"  <graph defaultedgetype="directed" mode="static">"#)?;
        writeln!(w, r#"    <attributes class="node">"#)?;
        writeln!(w, r#"      <attribute id="kind" title="kind" type="string"/>"#)?;
        writeln!(w, r#"      <attribute id="vague" title="vague" type="boolean"/>"#)?;
        writeln!(w, r#"      <attribute id="documents" title="documents" type="long"/>"#)?;
        writeln!(w, r#"    </attributes>"#)?;
        writeln!(w, r#"    <attributes class="edge">"#)?;
        writeln!(w, r#"      <attribute id="kind" title="kind" type="string"/>"#)?;
        writeln!(w, r#"    </attributes>"#)?;
        writeln!(w, "    <nodes>")?;
        for node in &self.nodes {
            let kind = match node.kind {
                NodeKind::Outlet => "outlet",
                NodeKind::Source => "source",
            };
            writeln!(
                w,
                r#"      <node id="{}" label="{}"><attvalues><attvalue for="kind" value="{kind}"/><attvalue for="vague" value="{}"/><attvalue for="documents" value="{}"/></attvalues></node>"#,
                xml_escape(&node.id),
                xml_escape(&node.label),
                node.vague,
                node.documents
            )?;
        }
        writeln!(w, "    </nodes>")?;
        writeln!(w, "    <edges>")?;
        for (i, edge) in self.edges.iter().enumerate() {
            writeln!(
                w,
                r#"      <edge id="{i}" source="{}" target="{}" weight="{}"><attvalues><attvalue for="kind" value="{}"/></attvalues></edge>"#,
                xml_escape(&edge.source),
                xml_escape(&edge.target),
                edge.weight,
                edge.kind.as_str()
            )?;
        }
        writeln!(w, "    </edges>")?;
        writeln!(w, "  </graph>")?;
        writeln!(w, "</gexf>")?;
        Ok(())
    }

    /// One CSV table of edges with both ends' labels and kinds:
    /// `source,source_label,source_kind,target,target_label,target_kind,kind,weight`.
    pub fn write_csv(&self, w: impl Write) -> Result<()> {
        let node = |id: &str| self.nodes.iter().find(|n| n.id == id);
        let mut out = csv::Writer::from_writer(w);
        let kind_name = |k: NodeKind| if k == NodeKind::Outlet { "outlet" } else { "source" };
        out.write_record([
            "source",
            "source_label",
            "source_kind",
            "target",
            "target_label",
            "target_kind",
            "kind",
            "weight",
        ])
        .map_err(csv_error)?;
        for edge in &self.edges {
            let (s, t) = (node(&edge.source), node(&edge.target));
            out.write_record([
                edge.source.as_str(),
                s.map_or("", |n| n.label.as_str()),
                s.map_or("", |n| kind_name(n.kind)),
                edge.target.as_str(),
                t.map_or("", |n| n.label.as_str()),
                t.map_or("", |n| kind_name(n.kind)),
                edge.kind.as_str(),
                &edge.weight.to_string(),
            ])
            .map_err(csv_error)?;
        }
        out.flush()?;
        Ok(())
    }
}

fn csv_error(error: csv::Error) -> crate::Error {
    crate::Error::Write(std::io::Error::other(error))
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped rather than written.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph() -> OutletGraph {
        OutletGraph {
            nodes: vec![
                GraphNode {
                    id: "outlet:press tv".into(),
                    label: "Press TV".into(),
                    kind: NodeKind::Outlet,
                    vague: false,
                    documents: 2,
                },
                GraphNode {
                    id: "outlet:a<b>&\"c\"".into(),
                    label: "A<b>&\"c\"".into(),
                    kind: NodeKind::Outlet,
                    vague: false,
                    documents: 1,
                },
                GraphNode {
                    id: "source:local residents".into(),
                    label: "local residents".into(),
                    kind: NodeKind::Source,
                    vague: true,
                    documents: 1,
                },
            ],
            edges: vec![
                GraphEdge {
                    source: "outlet:press tv".into(),
                    target: "outlet:a<b>&\"c\"".into(),
                    kind: EdgeKind::Reuse,
                    weight: 3,
                },
                GraphEdge {
                    source: "outlet:press tv".into(),
                    target: "source:local residents".into(),
                    kind: EdgeKind::Cites,
                    weight: 1,
                },
            ],
        }
    }

    #[test]
    fn gexf_is_escaped_and_complete() {
        let mut out = Vec::new();
        graph().write_gexf(&mut out).expect("writes");
        let xml = String::from_utf8(out).expect("UTF-8");
        assert!(xml.contains(r#"label="A&lt;b&gt;&amp;&quot;c&quot;""#), "{xml}");
        assert!(!xml.contains("<b>"));
        assert_eq!(xml.matches("<node ").count(), 3);
        assert_eq!(xml.matches("<edge ").count(), 2);
        assert!(xml.contains(r#"weight="3""#) && xml.contains(r#"value="cites""#));
    }

    #[test]
    fn csv_has_labels_and_kinds() {
        let mut out = Vec::new();
        graph().write_csv(&mut out).expect("writes");
        let text = String::from_utf8(out).expect("UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[2],
            "outlet:press tv,Press TV,outlet,source:local residents,local residents,source,cites,1"
        );
    }

    #[test]
    fn node_ids_are_case_insensitive() {
        assert_eq!(OutletGraph::node_id(NodeKind::Outlet, " Press TV "), "outlet:press tv");
    }
}

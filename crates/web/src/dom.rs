//! A compact arena copy of the parsed page that the heuristics walk by index.
//!
//! `scraper` gives a full HTML5 tree; the extraction needs per-node scores and flags, which an
//! index-addressed arena keeps in plain vectors. All walks here are iterative, so hostile nesting
//! cannot overflow the stack.

use scraper::{Html, Node};

/// Index of a node in [`Dom::nodes`].
pub(crate) type NodeIx = usize;

#[derive(Debug)]
pub(crate) enum NodeKind {
    Element {
        /// Lower-case tag name.
        tag: String,
        /// `id` and `class` lower-cased, space separated; what boilerplate patterns look at.
        id_class: String,
        attrs: Vec<(String, String)>,
    },
    Text(String),
}

#[derive(Debug)]
pub(crate) struct DomNode {
    pub parent: Option<NodeIx>,
    pub children: Vec<NodeIx>,
    pub kind: NodeKind,
}

#[derive(Debug)]
pub(crate) struct Dom {
    pub nodes: Vec<DomNode>,
    pub body: NodeIx,
}

impl DomNode {
    pub fn tag(&self) -> &str {
        match &self.kind {
            NodeKind::Element { tag, .. } => tag,
            NodeKind::Text(_) => "",
        }
    }

    pub fn id_class(&self) -> &str {
        match &self.kind {
            NodeKind::Element { id_class, .. } => id_class,
            NodeKind::Text(_) => "",
        }
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        match &self.kind {
            NodeKind::Element { attrs, .. } => {
                attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
            }
            NodeKind::Text(_) => None,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Text(t) => Some(t),
            NodeKind::Element { .. } => None,
        }
    }
}

/// Attributes the heuristics read; the rest are not copied.
const KEPT_ATTRS: &[&str] =
    &["href", "itemprop", "role", "hidden", "aria-hidden", "style", "datetime", "lang", "type"];

impl Dom {
    pub fn from_html(html: &Html) -> Dom {
        let mut nodes: Vec<DomNode> = Vec::new();
        let mut body = None;
        // (scraper node, parent index in our arena)
        let mut stack = vec![(html.tree.root(), None::<NodeIx>)];
        while let Some((node, parent)) = stack.pop() {
            let kind = match node.value() {
                Node::Element(el) => {
                    let tag = el.name().to_ascii_lowercase();
                    let mut id_class = String::new();
                    if let Some(id) = el.id() {
                        id_class.push_str(&id.to_ascii_lowercase());
                    }
                    if let Some(class) = el.attr("class") {
                        id_class.push(' ');
                        id_class.push_str(&class.to_ascii_lowercase());
                    }
                    let attrs = el
                        .attrs()
                        .filter(|(k, _)| KEPT_ATTRS.contains(k))
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect();
                    Some(NodeKind::Element { tag, id_class, attrs })
                }
                Node::Text(t) => Some(NodeKind::Text(t.text.to_string())),
                Node::Document | Node::Fragment => None,
                _ => continue,
            };
            let index = match kind {
                Some(kind) => {
                    let index = nodes.len();
                    let is_body = matches!(&kind, NodeKind::Element { tag, .. } if tag == "body");
                    nodes.push(DomNode { parent, children: Vec::new(), kind });
                    if let Some(p) = parent {
                        nodes[p].children.push(index);
                    }
                    if is_body && body.is_none() {
                        body = Some(index);
                    }
                    Some(index)
                }
                None => parent,
            };
            // Push children in reverse so they are visited (and numbered) in document order.
            let children: Vec<_> = node.children().collect();
            for child in children.into_iter().rev() {
                stack.push((child, index));
            }
        }
        if nodes.is_empty() {
            nodes.push(DomNode {
                parent: None,
                children: Vec::new(),
                kind: NodeKind::Element {
                    tag: "body".into(),
                    id_class: String::new(),
                    attrs: Vec::new(),
                },
            });
        }
        Dom { body: body.unwrap_or(0), nodes }
    }

    /// Pre-order walk of the subtree at `root`, skipping subtrees for which `skip` is true.
    pub fn walk(&self, root: NodeIx, mut visit: impl FnMut(NodeIx, WalkEvent), skip: &[bool]) {
        let mut stack = vec![(root, false)];
        while let Some((ix, leaving)) = stack.pop() {
            if leaving {
                visit(ix, WalkEvent::Leave);
                continue;
            }
            if skip.get(ix).copied().unwrap_or(false) {
                continue;
            }
            visit(ix, WalkEvent::Enter);
            stack.push((ix, true));
            for &child in self.nodes[ix].children.iter().rev() {
                stack.push((child, false));
            }
        }
    }

    /// Ancestors of `ix`, nearest first.
    pub fn ancestors(&self, ix: NodeIx) -> impl Iterator<Item = NodeIx> + '_ {
        std::iter::successors(self.nodes[ix].parent, move |&p| self.nodes[p].parent)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WalkEvent {
    Enter,
    Leave,
}

/// Maximum nesting the approximate pre-scan accepts before the page is refused.
pub const MAX_NESTING: usize = 3_000;

/// Estimates the deepest element nesting of raw HTML without parsing it.
///
/// The HTML5 tree builder scans its stack of open elements on many insertions, so a page nested
/// 100,000 levels deep costs quadratic time; this linear scan lets us refuse such pages first.
/// Void elements and those whose end tag is implied (p, li, td …) are not counted.
pub(crate) fn exceeds_nesting(html: &str, limit: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + off + 1;
        i = start;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = if closing { start + 1 } else { start };
        let name_len = bytes[name_start.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            continue;
        }
        let name = &bytes[name_start..name_start + name_len];
        if is_uncounted(name) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            let tag_end = memchr::memchr(b'>', &bytes[name_start..]).map(|e| name_start + e);
            let self_closing = tag_end.is_some_and(|e| e > 0 && bytes[e - 1] == b'/');
            if !self_closing {
                depth += 1;
                if depth > limit {
                    return Some(depth);
                }
            }
        }
    }
    None
}

fn is_uncounted(name: &[u8]) -> bool {
    const UNCOUNTED: &[&[u8]] = &[
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"option",
        b"tr",
        b"td",
        b"th",
        b"tbody",
        b"thead",
        b"tfoot",
        b"colgroup",
        b"optgroup",
        b"rp",
        b"rt",
        b"html",
        b"head",
        b"body",
        b"keygen",
        b"basefont",
        b"frame",
        b"isindex",
    ];
    UNCOUNTED.iter().any(|u| u.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_scan_counts_only_real_nesting() {
        assert_eq!(exceeds_nesting("<div><p>a<p>b<br><img src=x></div>", 1), None);
        assert_eq!(exceeds_nesting("<div><div><span>x</span></div></div>", 1), Some(2));
        let deep = "<div>".repeat(100_000);
        assert_eq!(exceeds_nesting(&deep, MAX_NESTING), Some(MAX_NESTING + 1));
    }

    #[test]
    fn arena_keeps_document_order_and_body() {
        let html = Html::parse_document(
            "<html><body><div id=A class='X y'><p>one</p>two</div></body></html>",
        );
        let dom = Dom::from_html(&html);
        assert_eq!(dom.nodes[dom.body].tag(), "body");
        let div = dom.nodes[dom.body].children[0];
        assert_eq!(dom.nodes[div].id_class(), "a x y");
        let p = dom.nodes[div].children[0];
        assert_eq!(dom.nodes[dom.nodes[p].children[0]].text(), Some("one"));
        assert_eq!(dom.ancestors(p).next(), Some(div));
    }
}

//! The tag set of the sequence model: BIO over CoNLL-2003's four types.

/// CoNLL-2003's entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConllType {
    Per,
    Org,
    Loc,
    Misc,
}

impl ConllType {
    pub const ALL: [ConllType; 4] =
        [ConllType::Per, ConllType::Org, ConllType::Loc, ConllType::Misc];

    pub fn as_str(self) -> &'static str {
        match self {
            ConllType::Per => "PER",
            ConllType::Org => "ORG",
            ConllType::Loc => "LOC",
            ConllType::Misc => "MISC",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "PER" => Some(ConllType::Per),
            "ORG" => Some(ConllType::Org),
            "LOC" => Some(ConllType::Loc),
            "MISC" => Some(ConllType::Misc),
            _ => None,
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Number of BIO tags: `O` plus `B-` and `I-` of each type.
pub const TAG_COUNT: usize = 9;

/// One BIO tag as an index: 0 is `O`, `1 + 2t` is `B-t`, `2 + 2t` is `I-t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Tag(pub u8);

impl Tag {
    pub const O: Tag = Tag(0);

    pub fn begin(t: ConllType) -> Tag {
        Tag(1 + 2 * t.index() as u8)
    }

    pub fn inside(t: ConllType) -> Tag {
        Tag(2 + 2 * t.index() as u8)
    }

    pub fn kind(self) -> Option<ConllType> {
        if self.0 == 0 {
            None
        } else {
            Some(ConllType::ALL[((self.0 - 1) / 2) as usize % 4])
        }
    }

    pub fn is_begin(self) -> bool {
        self.0 != 0 && self.0 % 2 == 1
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// Whether the BIO sequence may go from `prev` (None at a sentence start) to `self`:
    /// `I-X` only continues `B-X` or `I-X`.
    pub fn may_follow(self, prev: Option<Tag>) -> bool {
        if self.0 == 0 || self.is_begin() {
            return true;
        }
        matches!(prev, Some(p) if p.kind() == self.kind())
    }
}

/// Converts IOB1 or IOB2 tags (`I-PER`, `B-ORG`, `O`) into BIO tags: an `I-X` that does not
/// continue an entity of type X starts one. Unknown tags become `O`.
pub fn bio_from_iob(tags: &[&str]) -> Vec<Tag> {
    let mut out = Vec::with_capacity(tags.len());
    let mut prev: Option<ConllType> = None;
    for tag in tags {
        let (prefix, kind) = match tag.split_once('-') {
            Some((p, k)) => (p, ConllType::parse(k)),
            None => ("O", None),
        };
        let t = match kind {
            None => Tag::O,
            Some(k) if prefix == "B" || prev != Some(k) => Tag::begin(k),
            Some(k) => Tag::inside(k),
        };
        prev = kind;
        out.push(t);
    }
    out
}

/// Writes BIO tags in IOB1, as CoNLL-2003 does: `I-X` everywhere except `B-X` for an entity
/// that directly follows another entity of the same type.
pub fn iob1_from_bio(tags: &[Tag]) -> Vec<String> {
    let mut out = Vec::with_capacity(tags.len());
    let mut prev: Option<ConllType> = None;
    for &tag in tags {
        let s = match tag.kind() {
            None => "O".to_owned(),
            Some(k) if tag.is_begin() && prev == Some(k) => format!("B-{}", k.as_str()),
            Some(k) => format!("I-{}", k.as_str()),
        };
        prev = tag.kind();
        out.push(s);
    }
    out
}

/// The entities of a BIO sequence as `(start, end, type)` token ranges. An `I-X` that does not
/// continue an `X` starts a new entity (conlleval's reading of ill-formed sequences).
pub fn chunks(tags: &[Tag]) -> Vec<(usize, usize, ConllType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, ConllType)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let continues = !tag.is_begin() && tag.kind().is_some() && open.map(|o| o.1) == tag.kind();
        if continues {
            continue;
        }
        if let Some((s, k)) = open.take() {
            out.push((s, i, k));
        }
        if let Some(k) = tag.kind() {
            open = Some((i, k));
        }
    }
    if let Some((s, k)) = open {
        out.push((s, tags.len(), k));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob1_round_trips_through_bio() {
        let iob1 = ["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "I-ORG"];
        let bio = bio_from_iob(&iob1);
        assert_eq!(iob1_from_bio(&bio), iob1);
        assert_eq!(
            chunks(&bio),
            [
                (0, 2, ConllType::Per),
                (2, 3, ConllType::Per),
                (4, 5, ConllType::Loc),
                (5, 7, ConllType::Org)
            ]
        );
    }

    #[test]
    fn only_inside_tags_are_constrained() {
        let b_per = Tag::begin(ConllType::Per);
        assert!(Tag::inside(ConllType::Per).may_follow(Some(b_per)));
        assert!(!Tag::inside(ConllType::Org).may_follow(Some(b_per)));
        assert!(!Tag::inside(ConllType::Org).may_follow(None));
        assert!(Tag::O.may_follow(None));
    }
}

//! The gazetteer: known entities with ids, canonical names, types, aliases, Wikidata ids and
//! relations, read from TOML (format in `docs/gazetteer.md`), and the lookups that resolve a
//! surface form to an entry — exactly, or through a transliteration skeleton that only one
//! entry has.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use echotrace_model::EntityType;
use serde::Deserialize;

use crate::lexicon::{Lexicon, List};
use crate::translit::{exact_key, skeleton_key, skeleton_strength};
use crate::{Error, Result};

/// The starter gazetteer for the Syrian war, embedded in the binary.
pub const STARTER_GAZETTEER: &str = include_str!("../gazetteer/syria.toml");
const STARTER_NAME: &str = "<starter gazetteer: crates/entities/gazetteer/syria.toml>";

/// Skeletons with fewer consonant symbols than this do not match on their own ("Hama" would
/// otherwise take "Homa"); exact keys and aliases still do.
const MIN_SKELETON_STRENGTH: usize = 4;

/// One known entity.
#[derive(Debug, Clone, PartialEq)]
pub struct GazetteerEntry {
    pub id: String,
    pub name: String,
    pub kind: EntityType,
    pub aliases: Vec<String>,
    pub wikidata: Option<String>,
    /// `(relation, target id)` pairs, e.g. `("successor_of", "group:jabhat-al-nusra")`.
    pub relations: Vec<(String, String)>,
    /// Whether spellings that only share the transliteration skeleton may resolve here.
    pub fuzzy: bool,
    /// Where the entry was defined: file name and line.
    pub source: (String, usize),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSchema {
    #[serde(default)]
    entity: Vec<toml::Spanned<EntrySchema>>,
    /// Extra aliases for an entity defined earlier (in this file or one loaded before).
    #[serde(default)]
    alias: Vec<toml::Spanned<AliasSchema>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasSchema {
    id: String,
    aliases: Vec<toml::Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntrySchema {
    id: toml::Spanned<String>,
    name: String,
    #[serde(rename = "type")]
    kind: toml::Spanned<String>,
    #[serde(default)]
    aliases: Vec<toml::Spanned<String>>,
    wikidata: Option<String>,
    #[serde(default)]
    relations: BTreeMap<String, Vec<String>>,
    #[serde(default = "default_true")]
    fuzzy: bool,
}

fn default_true() -> bool {
    true
}

fn line_of(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

fn parse_type(s: &str) -> Option<EntityType> {
    Some(match s {
        "person" => EntityType::Person,
        "organization" | "organisation" => EntityType::Organization,
        "place" => EntityType::Place,
        "group" => EntityType::Group,
        "outlet" => EntityType::Outlet,
        "other" => EntityType::Other,
        _ => return None,
    })
}

/// A loaded, indexed gazetteer.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<GazetteerEntry>,
    by_id: HashMap<String, usize>,
    /// Exact key of each name and alias → entry.
    exact: HashMap<String, usize>,
    /// Skeleton key → entry, or `None` where two entries share the skeleton.
    skeleton: HashMap<String, Option<usize>>,
    /// Longest name in words, to bound the scan of a text.
    max_words: usize,
    /// First words of every exact key and of every skeleton, to skip tokens that start no name.
    first_words: HashSet<String>,
}

/// How a surface form matched an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    Exact,
    Skeleton,
}

impl Gazetteer {
    /// The embedded starter gazetteer, parsed once.
    pub fn starter() -> &'static Gazetteer {
        static STARTER: OnceLock<Gazetteer> = OnceLock::new();
        STARTER.get_or_init(|| {
            Gazetteer::from_sources(&[(STARTER_NAME, STARTER_GAZETTEER)])
                .expect("the starter gazetteer is valid; a unit test loads it")
        })
    }

    /// Builds a gazetteer from `(name, TOML text)` sources, later sources adding to earlier ones.
    /// Any error (syntax, unknown type, duplicate id, an alias claimed by two entries, a relation
    /// to an unknown id) names the source and line, and no gazetteer is returned.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Gazetteer> {
        let mut gazetteer = Gazetteer::default();
        for (name, text) in sources {
            gazetteer.add_source(name, text)?;
        }
        gazetteer.check_relations()?;
        gazetteer.build_skeletons();
        Ok(gazetteer)
    }

    /// The starter gazetteer extended with the TOML files at `paths`, all or nothing.
    pub fn with_files(paths: &[&Path]) -> Result<Gazetteer> {
        let mut texts = Vec::with_capacity(paths.len());
        for path in paths {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(*path, e))?;
            texts.push((path.display().to_string(), text));
        }
        let mut sources: Vec<(&str, &str)> = vec![(STARTER_NAME, STARTER_GAZETTEER)];
        sources.extend(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        Gazetteer::from_sources(&sources)
    }

    fn add_source(&mut self, name: &str, text: &str) -> Result<()> {
        let error = |line: usize, message: String| Error::Gazetteer {
            path: name.to_owned(),
            line,
            message,
        };
        let file: FileSchema = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            error(line, e.message().to_owned())
        })?;
        for spanned in file.entity {
            let entry_line = line_of(text, spanned.span().start);
            let entry = spanned.into_inner();
            let id_line = line_of(text, entry.id.span().start);
            let id = entry.id.into_inner();
            if id.trim().is_empty() {
                return Err(error(id_line, "empty id".into()));
            }
            if let Some(&other) = self.by_id.get(&id) {
                let (file, line) = &self.entries[other].source;
                return Err(error(
                    id_line,
                    format!("duplicate id {id:?} (first defined at {file}:{line})"),
                ));
            }
            let kind = parse_type(entry.kind.get_ref()).ok_or_else(|| {
                error(
                    line_of(text, entry.kind.span().start),
                    format!(
                        "unknown type {:?} (expected person, organization, place, group, outlet or other)",
                        entry.kind.get_ref()
                    ),
                )
            })?;
            let index = self.entries.len();
            let mut names = vec![(entry.name.clone(), entry_line)];
            names.extend(
                entry.aliases.iter().map(|a| (a.get_ref().clone(), line_of(text, a.span().start))),
            );
            for (surface, line) in &names {
                self.index_name(surface, index).map_err(|m| error(*line, m))?;
            }
            let relations = entry
                .relations
                .into_iter()
                .flat_map(|(kind, targets)| targets.into_iter().map(move |t| (kind.clone(), t)))
                .collect();
            self.by_id.insert(id.clone(), index);
            self.entries.push(GazetteerEntry {
                id,
                name: entry.name,
                kind,
                aliases: entry.aliases.into_iter().map(toml::Spanned::into_inner).collect(),
                wikidata: entry.wikidata,
                relations,
                fuzzy: entry.fuzzy,
                source: (name.to_owned(), entry_line),
            });
        }
        for spanned in file.alias {
            let line = line_of(text, spanned.span().start);
            let extra = spanned.into_inner();
            let index = *self
                .by_id
                .get(&extra.id)
                .ok_or_else(|| error(line, format!("alias for unknown id {:?}", extra.id)))?;
            for alias in extra.aliases {
                let alias_line = line_of(text, alias.span().start);
                let alias = alias.into_inner();
                self.index_name(&alias, index).map_err(|m| error(alias_line, m))?;
                self.entries[index].aliases.push(alias);
            }
        }
        Ok(())
    }

    /// Adds one name of entry `index` to the exact index; an error message if it cannot be.
    fn index_name(&mut self, surface: &str, index: usize) -> std::result::Result<(), String> {
        let key = exact_key(surface);
        if key.is_empty() {
            return Err(format!("name {surface:?} has no letters"));
        }
        if let Some(&other) = self.exact.get(&key) {
            if other != index {
                let o = &self.entries[other];
                return Err(format!(
                    "{surface:?} already names {:?} ({}:{})",
                    o.id, o.source.0, o.source.1
                ));
            }
        }
        self.exact.insert(key.clone(), index);
        self.max_words = self.max_words.max(key.split(' ').count());
        Ok(())
    }

    fn check_relations(&self) -> Result<()> {
        for entry in &self.entries {
            for (kind, target) in &entry.relations {
                if !self.by_id.contains_key(target) {
                    return Err(Error::Gazetteer {
                        path: entry.source.0.clone(),
                        line: entry.source.1,
                        message: format!("{} {kind} unknown id {target:?}", entry.id),
                    });
                }
            }
        }
        Ok(())
    }

    fn build_skeletons(&mut self) {
        let mut skeleton: HashMap<String, Option<usize>> = HashMap::new();
        let mut first_words: HashSet<String> = HashSet::new();
        for key in self.exact.keys() {
            first_words.extend(key.split(' ').next().map(str::to_owned));
        }
        for (index, entry) in self.entries.iter().enumerate() {
            for surface in std::iter::once(&entry.name).chain(&entry.aliases) {
                let key = skeleton_key(surface);
                first_words.extend(key.split(' ').next().map(str::to_owned));
                if key.is_empty() {
                    continue;
                }
                let slot = skeleton.entry(key).or_insert(Some(index));
                if *slot != Some(index) {
                    *slot = None;
                }
            }
        }
        self.skeleton = skeleton;
        self.first_words = first_words;
    }

    /// Whether a name could start with a word whose exact key or skeleton starts with `word`.
    pub(crate) fn may_start_with(&self, word: &str) -> bool {
        self.first_words.contains(word)
    }

    /// [`Gazetteer::resolve`] on keys computed by the caller: the entry index and how it matched.
    pub(crate) fn resolve_keys(&self, exact: &str, skeleton: &str) -> Option<(usize, MatchKind)> {
        if let Some(&i) = self.exact.get(exact) {
            return Some((i, MatchKind::Exact));
        }
        if skeleton_strength(skeleton) < MIN_SKELETON_STRENGTH {
            return None;
        }
        let i = (*self.skeleton.get(skeleton)?)?;
        self.entries[i].fuzzy.then_some((i, MatchKind::Skeleton))
    }

    /// The index of the entry with `id`.
    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn entries(&self) -> &[GazetteerEntry] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&GazetteerEntry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Longest name or alias, in words.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// Resolves a surface form: an exact name or alias first, else a transliteration skeleton
    /// that exactly one entry has (and that is long enough to mean something).
    ///
    /// ```
    /// use echotrace_entities::{Gazetteer, MatchKind};
    /// let gazetteer = Gazetteer::starter();
    /// let (entry, how) = gazetteer.resolve("Serakab").unwrap();
    /// assert_eq!((entry.name.as_str(), how), ("Saraqib", MatchKind::Skeleton));
    /// assert!(gazetteer.resolve("Sarmin").is_some_and(|(e, _)| e.name == "Sarmin"));
    /// ```
    pub fn resolve(&self, surface: &str) -> Option<(&GazetteerEntry, MatchKind)> {
        if let Some(&i) = self.exact.get(&exact_key(surface)) {
            return Some((&self.entries[i], MatchKind::Exact));
        }
        self.resolve_skeleton(surface).map(|e| (e, MatchKind::Skeleton))
    }

    fn resolve_skeleton(&self, surface: &str) -> Option<&GazetteerEntry> {
        let key = skeleton_key(surface);
        if skeleton_strength(&key) < MIN_SKELETON_STRENGTH {
            return None;
        }
        let entry = &self.entries[(*self.skeleton.get(&key)?)?];
        entry.fuzzy.then_some(entry)
    }

    /// Adds every name and alias to the tagger's lexicon under its type's list.
    pub(crate) fn feed_lexicon(&self, lexicon: &mut Lexicon) {
        for entry in &self.entries {
            let list = match entry.kind {
                EntityType::Person => List::GazetteerPerson,
                EntityType::Organization => List::GazetteerOrganisation,
                EntityType::Place => List::GazetteerPlace,
                EntityType::Group => List::GazetteerGroup,
                EntityType::Outlet => List::GazetteerOutlet,
                EntityType::Other => continue,
            };
            for surface in std::iter::once(&entry.name).chain(&entry.aliases) {
                lexicon.add(list, surface);
            }
        }
    }
}

/// Reads a gazetteer file on its own (without the starter), for checking a file.
pub fn load_gazetteer_file(path: &Path) -> Result<Gazetteer> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Gazetteer::from_sources(&[(&path.display().to_string(), &text)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_loads_and_resolves_spelling_groups() {
        let g = Gazetteer::starter();
        let id = |s: &str| g.resolve(s).map(|(e, _)| e.id.clone());
        for group in [
            &["Saraqib", "Sarakeb", "Serakab"][..],
            &["Jisr al-Shughur", "Jisr ash-Shugur", "Jisr al-Shugur"],
            &["Latakia", "Lattakia"],
            &["Hayat Tahrir al-Sham", "Hayyat Tahrir al-Sham", "HTS"],
            &["al-Nusra Front", "Jabhat al-Nusra", "Jabhat Fateh al-Sham"],
            &["Harras al-Din", "Hurras al-Din"],
        ] {
            let first = id(group[0]);
            assert!(first.is_some(), "{} resolves", group[0]);
            for s in group {
                assert_eq!(id(s), first, "{s} resolves with {}", group[0]);
            }
        }
        for (a, b) in [
            ("Idlib", "Aleppo"),
            ("Igor Konashenkov", "Vladimir Savchenko"),
            ("Russian Defense Ministry", "Russian Foreign Ministry"),
            ("Saraqib", "Sarmin"),
            ("Hayat Tahrir al-Sham", "al-Nusra Front"),
        ] {
            assert_ne!(id(a), id(b), "{a} and {b} stay apart");
        }
    }

    #[test]
    fn unknown_and_short_names_do_not_resolve_fuzzily() {
        let g = Gazetteer::starter();
        assert!(g.resolve("Homa").is_none());
        assert!(g.resolve("Saraqibistan").is_none());
        assert!(g.resolve("").is_none());
    }

    #[test]
    fn syntax_errors_name_file_and_line() {
        let err = Gazetteer::from_sources(&[("extra.toml", "[[entity]]\nid = \"a\"\nname = \n")])
            .expect_err("syntax error");
        let message = err.to_string();
        assert!(message.starts_with("extra.toml:3:"), "{message}");
    }

    #[test]
    fn duplicate_ids_are_refused_with_both_places() {
        let text = "[[entity]]\nid = \"place:x\"\nname = \"X\"\ntype = \"place\"\n\n[[entity]]\nid = \"place:x\"\nname = \"Y\"\ntype = \"place\"\n";
        let err = Gazetteer::from_sources(&[("dup.toml", text)]).expect_err("duplicate");
        assert_eq!(
            err.to_string(),
            "dup.toml:7: duplicate id \"place:x\" (first defined at dup.toml:1)"
        );
    }

    #[test]
    fn bad_types_relations_and_fields_are_refused() {
        let cases = [
            ("[[entity]]\nid = \"a\"\nname = \"A\"\ntype = \"planet\"\n", "t.toml:4: unknown type"),
            ("[[entity]]\nid = \"a\"\nname = \"A\"\ntype = \"place\"\nrelations = { part_of = [\"b\"] }\n", "t.toml:1: a part_of unknown id"),
            ("[[entity]]\nid = \"a\"\nname = \"A\"\ntype = \"place\"\ncolour = 1\n", "t.toml:"),
            ("[[entity]]\nid = \"a\"\nname = \"Idlib\"\ntype = \"place\"\n", "t.toml:1: \"Idlib\" already names"),
        ];
        for (text, expect) in cases {
            let sources = [(STARTER_NAME, STARTER_GAZETTEER), ("t.toml", text)];
            let err = Gazetteer::from_sources(&sources).expect_err(text);
            assert!(err.to_string().starts_with(expect), "{err} should start with {expect}");
        }
    }

    #[test]
    fn extension_adds_aliases() {
        let extra = "[[entity]]\nid = \"place:kafr-nabl\"\nname = \"Kafr Nabl\"\ntype = \"place\"\naliases = [\"Kafranbel\"]\n";
        let g = Gazetteer::from_sources(&[(STARTER_NAME, STARTER_GAZETTEER), ("x.toml", extra)])
            .expect("loads");
        assert_eq!(g.resolve("Kafranbel").map(|(e, _)| e.id.as_str()), Some("place:kafr-nabl"));
        assert_eq!(g.resolve("Kafr Nabel").map(|(e, _)| e.id.as_str()), Some("place:kafr-nabl"));
        assert!(g.get("place:idlib").is_some());
    }

    #[test]
    fn alias_tables_extend_existing_entries() {
        let extra = "[[alias]]\nid = \"place:saraqib\"\naliases = [\"Sraqib town\"]\n";
        let g = Gazetteer::from_sources(&[(STARTER_NAME, STARTER_GAZETTEER), ("x.toml", extra)])
            .expect("loads");
        assert_eq!(g.resolve("Sraqib town").map(|(e, _)| e.id.as_str()), Some("place:saraqib"));
        let bad = "[[alias]]\nid = \"place:atlantis\"\naliases = [\"X\"]\n";
        let err = Gazetteer::from_sources(&[(STARTER_NAME, STARTER_GAZETTEER), ("x.toml", bad)])
            .expect_err("unknown id");
        assert_eq!(err.to_string(), "x.toml:1: alias for unknown id \"place:atlantis\"");
    }

    #[test]
    fn with_files_reports_missing_files() {
        let err = Gazetteer::with_files(&[Path::new("/nonexistent/x.toml")]).expect_err("missing");
        assert!(err.to_string().starts_with("/nonexistent/x.toml"));
    }
}

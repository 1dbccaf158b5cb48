//! The narrative catalog: TOML files (one or a folder) and CSV/JSON Lines imports.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{io_error, Error, Result};

/// The starter catalog shipped with echotrace (see `docs/narratives.md`).
pub const STARTER_CATALOG: &str = include_str!("../data/starter.toml");

/// One recurring narrative, as a catalog author describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narrative {
    /// Stable identifier (`white-helmets-stage-attacks`).
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Ways the narrative is typically worded; matched like the title and summary.
    #[serde(default)]
    pub phrasings: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Names of which a claim must contain at least one (all its words, case and inflection
    /// aside) to state this narrative; empty for none. For narratives about one event ("the
    /// Douma attack was staged") that would otherwise match any claim of a staged attack.
    #[serde(default)]
    pub anchors: Vec<String>,
    /// Why the narrative is false or misleading, in the catalog author's words.
    #[serde(default)]
    pub disproof: String,
    /// Links to investigations and fact-checks that address the narrative.
    #[serde(default)]
    pub debunks: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The id of a broader narrative this one refines.
    #[serde(default)]
    pub parent: Option<String>,
}

/// A validated list of narratives: ids unique, parents present.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    pub narratives: Vec<Narrative>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    narrative: Vec<Narrative>,
}

/// A narrative with where it was read, for error messages.
struct Located {
    narrative: Narrative,
    path: PathBuf,
    line: usize,
}

impl Catalog {
    /// The starter catalog embedded in the binary.
    pub fn starter() -> Catalog {
        Catalog::from_toml_str(STARTER_CATALOG, Path::new("<starter catalog>"))
            .expect("the embedded starter catalog is validated by a unit test")
    }

    /// Parses catalog TOML; `path` only names the source in errors.
    pub fn from_toml_str(text: &str, path: &Path) -> Result<Catalog> {
        validate(parse_toml(text, path)?)
    }

    /// Loads a catalog from a `.toml`, `.csv` or `.jsonl` file, or from every such file of a
    /// folder (recursively, in name order). Either the whole catalog loads or an error names the
    /// file and line of the first problem.
    pub fn load(path: &Path) -> Result<Catalog> {
        let mut files = Vec::new();
        collect_files(path, &mut files)?;
        let mut all = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).map_err(io_error(&file))?;
            let extension =
                file.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            let located = match extension.as_str() {
                "csv" => import_csv(&text, &file)?,
                "jsonl" | "ndjson" => import_jsonl(&text, &file)?,
                _ => parse_toml(&text, &file)?,
            };
            all.extend(located);
        }
        validate(all)
    }

    pub fn get(&self, id: &str) -> Option<&Narrative> {
        self.narratives.iter().find(|n| n.id == id)
    }

    pub fn len(&self) -> usize {
        self.narratives.len()
    }

    pub fn is_empty(&self) -> bool {
        self.narratives.is_empty()
    }
}

fn collect_files(path: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let metadata = std::fs::metadata(path).map_err(io_error(path))?;
    if !metadata.is_dir() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io_error(path))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        let known = entry
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "toml" | "csv" | "jsonl" | "ndjson"));
        if entry.is_dir() {
            collect_files(&entry, files)?;
        } else if known {
            files.push(entry);
        }
    }
    Ok(())
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

fn parse_toml(text: &str, path: &Path) -> Result<Vec<Located>> {
    let file: CatalogFile = toml::from_str(text).map_err(|e| Error::Parse {
        path: path.to_path_buf(),
        line: e.span().map_or(0, |s| line_of_offset(text, s.start)),
        message: e.message().to_string(),
    })?;
    // TOML loses positions after parsing; each `[[narrative]]` header in order is the start of
    // the corresponding table, which is what an error should point at.
    let header_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("[[narrative]]"))
        .map(|(i, _)| i + 1)
        .collect();
    Ok(file
        .narrative
        .into_iter()
        .enumerate()
        .map(|(i, narrative)| Located {
            narrative,
            path: path.to_path_buf(),
            line: header_lines.get(i).copied().unwrap_or(0),
        })
        .collect())
}

/// Field names accepted in imports, by meaning. EUvsDisinfo exports use `title`, `summary`,
/// `disproof`, `keywords`; ClaimReview lists use `claim`, `claimant`, `rating`, `url`.
fn narrative_from_fields(
    fields: &HashMap<String, String>,
    path: &Path,
    line: usize,
) -> Result<Narrative> {
    let get = |names: &[&str]| -> String {
        names
            .iter()
            .find_map(|n| fields.get(*n).filter(|v| !v.trim().is_empty()))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let list = |names: &[&str]| -> Vec<String> {
        get(names)
            .split([';', '|', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let claim = get(&["claim", "claim_text", "claimreviewed", "claim_reviewed"]);
    let mut title = get(&["title", "name"]);
    let mut phrasings = list(&["phrasings", "phrasing", "examples"]);
    let mut tags = list(&["tags", "tag", "countries", "language"]);
    if !claim.is_empty() {
        if title.is_empty() {
            title = claim.clone();
        } else {
            phrasings.push(claim);
        }
        for (key, names) in [("claimant", &["claimant", "author"][..]), ("rating", &["rating"])] {
            let value = get(names);
            if !value.is_empty() {
                tags.push(format!("{key}:{value}"));
            }
        }
    }
    if title.is_empty() {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            line,
            message: "a narrative needs a `title` (or a ClaimReview `claim`)".into(),
        });
    }
    let id = match get(&["id", "narrative_id", "claim_id"]) {
        id if id.is_empty() => format!("{}-{line}", file_stem(path)),
        id => id,
    };
    let parent = Some(get(&["parent", "parent_id"])).filter(|p| !p.is_empty());
    Ok(Narrative {
        id,
        title,
        summary: get(&["summary", "description"]),
        phrasings,
        keywords: list(&["keywords", "keyword"]),
        anchors: list(&["anchors", "anchor"]),
        disproof: get(&["disproof", "response", "verdict"]),
        debunks: list(&["debunks", "url", "urls", "link", "links", "review_url"]),
        tags,
        parent,
    })
}

fn file_stem(path: &Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or("import").to_string()
}

fn import_csv(text: &str, path: &Path) -> Result<Vec<Located>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let parse_error =
        |line: usize, message: String| Error::Parse { path: path.to_path_buf(), line, message };
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| parse_error(1, e.to_string()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            parse_error(line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let fields: HashMap<String, String> =
            headers.iter().cloned().zip(record.iter().map(str::to_string)).collect();
        let narrative = narrative_from_fields(&fields, path, line)?;
        out.push(Located { narrative, path: path.to_path_buf(), line });
    }
    Ok(out)
}

fn import_jsonl(text: &str, path: &Path) -> Result<Vec<Located>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(raw).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line,
            message: e.to_string(),
        })?;
        let serde_json::Value::Object(object) = value else {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line,
                message: "expected a JSON object".into(),
            });
        };
        let fields: HashMap<String, String> = object
            .into_iter()
            .map(|(k, v)| {
                let text = match v {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Array(items) => items
                        .into_iter()
                        .map(|i| match i {
                            serde_json::Value::String(s) => s,
                            other => other.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(";"),
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                (k.to_ascii_lowercase(), text)
            })
            .collect();
        let narrative = narrative_from_fields(&fields, path, line)?;
        out.push(Located { narrative, path: path.to_path_buf(), line });
    }
    Ok(out)
}

fn validate(located: Vec<Located>) -> Result<Catalog> {
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (i, item) in located.iter().enumerate() {
        let id = item.narrative.id.trim();
        if id.is_empty() {
            return Err(Error::Parse {
                path: item.path.clone(),
                line: item.line,
                message: "a narrative needs a non-empty `id`".into(),
            });
        }
        if first_seen.insert(id, i).is_some() {
            return Err(Error::DuplicateId {
                path: item.path.clone(),
                line: item.line,
                id: id.to_string(),
            });
        }
    }
    for item in &located {
        if let Some(parent) = &item.narrative.parent {
            if !first_seen.contains_key(parent.as_str()) || parent == &item.narrative.id {
                return Err(Error::Parse {
                    path: item.path.clone(),
                    line: item.line,
                    message: format!("unknown parent narrative `{parent}`"),
                });
            }
        }
    }
    Ok(Catalog { narratives: located.into_iter().map(|l| l.narrative).collect() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_catalog_is_valid_and_complete() {
        let catalog = Catalog::starter();
        assert!(catalog.len() >= 10);
        for n in &catalog.narratives {
            assert!(!n.disproof.is_empty(), "{} lacks a disproof", n.id);
            assert!(!n.debunks.is_empty(), "{} lacks debunk links", n.id);
            assert!(!n.phrasings.is_empty(), "{} lacks phrasings", n.id);
        }
        assert!(catalog.get("white-helmets-stage-chemical-attacks").is_some());
    }

    fn error_of(text: &str) -> String {
        match Catalog::from_toml_str(text, Path::new("c.toml")) {
            Ok(c) => panic!("expected an error, loaded {} narratives", c.len()),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn toml_errors_name_file_and_line() {
        let text =
            "[[narrative]]\nid = \"a\"\ntitle = \"A\"\n\n[[narrative]]\nid = \"b\"\ntitle = 3\n";
        let message = error_of(text);
        assert!(message.starts_with("c.toml:7:"), "{message}");
    }

    #[test]
    fn duplicate_ids_are_rejected_at_the_second_table() {
        let text =
            "[[narrative]]\nid = \"a\"\ntitle = \"A\"\n[[narrative]]\nid = \"a\"\ntitle = \"B\"\n";
        assert_eq!(error_of(text), "c.toml:4: duplicate narrative id `a`");
    }

    #[test]
    fn unknown_fields_and_parents_are_rejected() {
        let message = error_of("[[narrative]]\nid = \"a\"\ntitle = \"A\"\ncolour = \"red\"\n");
        assert!(message.starts_with("c.toml:4:"), "{message}");
        let message = error_of("[[narrative]]\nid = \"a\"\ntitle = \"A\"\nparent = \"zz\"\n");
        assert_eq!(message, "c.toml:1: unknown parent narrative `zz`");
    }

    #[test]
    fn folder_load_is_all_or_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.toml"), "[[narrative]]\nid = \"x\"\ntitle = \"X\"\n")
            .expect("write");
        std::fs::write(dir.path().join("b.jsonl"), "{\"id\": \"y\", \"title\": \"Y\"}\nnot json\n")
            .expect("write");
        let message = Catalog::load(dir.path()).expect_err("bad line").to_string();
        assert!(message.ends_with("b.jsonl:2: expected ident at line 1 column 2"), "{message}");
        std::fs::write(dir.path().join("b.jsonl"), "{\"id\": \"y\", \"title\": \"Y\"}\n")
            .expect("write");
        let catalog = Catalog::load(dir.path()).expect("valid folder");
        assert_eq!(catalog.len(), 2);
    }

    #[test]
    fn claimreview_csv_imports_claimant_rating_and_url() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("reviews.csv");
        std::fs::write(
            &path,
            "claim,claimant,rating,url\n\"Syria has no chemical weapons\",Someone,False,https://example.org/1\n,Nobody,False,https://example.org/2\n",
        )
        .expect("write");
        let message = Catalog::load(&path).expect_err("second row lacks a claim").to_string();
        assert!(
            message
                .ends_with("reviews.csv:3: a narrative needs a `title` (or a ClaimReview `claim`)"),
            "{message}"
        );
        std::fs::write(
            &path,
            "claim,claimant,rating,url\n\"Syria has no chemical weapons\",Someone,False,https://example.org/1\n",
        )
        .expect("write");
        let catalog = Catalog::load(&path).expect("valid csv");
        let n = &catalog.narratives[0];
        assert_eq!(n.id, "reviews-2");
        assert_eq!(n.title, "Syria has no chemical weapons");
        assert_eq!(n.tags, vec!["claimant:Someone", "rating:False"]);
        assert_eq!(n.debunks, vec!["https://example.org/1"]);
    }
}

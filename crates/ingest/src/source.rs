use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

/// One input named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory (walked recursively).
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Input {
    /// `-` is standard input; anything else a path.
    pub fn from_arg(arg: &str) -> Self {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// An opened input stream, decompressed when it was gzip, with the first bytes available for
/// format detection.
pub struct Source {
    /// The path as given (`None` for stdin); used in origins and diagnostics.
    pub path: Option<String>,
    /// The file name with the `.gz` suffix removed, used for the format and the document id.
    pub name: Option<String>,
    pub reader: Box<dyn BufRead + Send>,
    pub compressed: bool,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source").field("path", &self.path).field("name", &self.name).finish()
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

impl Source {
    /// Opens a file, decompressing gzip (by magic bytes, whatever the extension).
    pub fn open_file(path: &Path) -> io::Result<Self> {
        let file = File::open(path)?;
        let display = path.display().to_string();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Self::from_reader(Box::new(file), Some(display), file_name)
    }

    /// Opens a file without decompressing it (for readers that inflate gzip members themselves).
    pub fn open_raw_file(path: &Path) -> io::Result<Self> {
        let file = File::open(path)?;
        Ok(Source {
            path: Some(path.display().to_string()),
            name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
            reader: Box::new(BufReader::with_capacity(64 * 1024, file)),
            compressed: true,
        })
    }

    /// Wraps standard input.
    pub fn stdin() -> io::Result<Self> {
        Self::from_reader(Box::new(io::stdin()), None, None)
    }

    /// Wraps any reader; `file_name` drives format detection and ids.
    pub fn from_reader(
        inner: Box<dyn Read + Send>,
        path: Option<String>,
        file_name: Option<String>,
    ) -> io::Result<Self> {
        let mut buffered = BufReader::with_capacity(64 * 1024, inner);
        let head = buffered.fill_buf()?;
        let compressed = head.starts_with(&GZIP_MAGIC);
        let name = file_name.map(|n| n.strip_suffix(".gz").map(str::to_owned).unwrap_or(n));
        let reader: Box<dyn BufRead + Send> = if compressed {
            Box::new(BufReader::with_capacity(64 * 1024, MultiGzDecoder::new(buffered)))
        } else {
            Box::new(buffered)
        };
        Ok(Source { path, name, reader, compressed })
    }

    /// The first bytes of the (decompressed) content, without consuming them.
    pub fn head(&mut self) -> io::Result<&[u8]> {
        self.reader.fill_buf()
    }
}

/// The id a file gives its documents: the file name without its known extensions
/// (`article111111111.txt` → `article111111111`, `x.jsonl.gz` → `x`).
pub(crate) fn id_from_name(name: &str) -> String {
    const KNOWN: &[&str] = &[
        "gz", "txt", "text", "jsonl", "ndjson", "json", "csv", "tsv", "html", "htm", "xhtml",
        "xml", "rss", "atom", "warc", "parquet",
    ];
    let mut stem = name;
    while let Some((head, ext)) = stem.rsplit_once('.') {
        if head.is_empty() || !KNOWN.contains(&ext.to_ascii_lowercase().as_str()) {
            break;
        }
        stem = head;
    }
    stem.to_owned()
}

#[cfg(test)]
mod tests {
    use super::id_from_name;

    #[test]
    fn ids_drop_known_extensions_only() {
        assert_eq!(id_from_name("article111111111.txt"), "article111111111");
        assert_eq!(id_from_name("000_eed7c59ba9bc8579.txt"), "000_eed7c59ba9bc8579");
        assert_eq!(id_from_name("feed.jsonl.gz"), "feed");
        assert_eq!(id_from_name("report.v2.txt"), "report.v2");
        assert_eq!(id_from_name(".hidden"), ".hidden");
        assert_eq!(id_from_name("noext"), "noext");
    }
}

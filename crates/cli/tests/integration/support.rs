//! Running the binary and reading what it printed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared` beside the repository, where the real data lives. Tests that need it fail with
/// a clear message when it is missing rather than passing without checking anything.
pub fn shared(rel: &str) -> PathBuf {
    let path = repo_root().join("../shared").join(rel);
    assert!(
        path.exists(),
        "{} is missing: the tests need ../shared beside the repo",
        path.display()
    );
    path
}

pub fn echotrace() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_echotrace"));
    cmd.env_remove("ECHOTRACE_LOG").env_remove("ECHOTRACE_CORPUS");
    cmd
}

/// Runs the binary with `args` and optional stdin.
pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = echotrace();
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = cmd.spawn().expect("echotrace starts");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(input).expect("stdin accepts input");
    }
    child.wait_with_output().expect("echotrace finishes")
}

/// The JSON records of a JSON Lines output.
pub fn records(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Validates every record against `docs/analysis.schema.json` and checks the span invariants
/// the schema cannot express (spans inside the text, sentences ordered and disjoint).
pub fn assert_valid_records(records: &[Value]) {
    let schema_text = std::fs::read_to_string(repo_root().join("docs/analysis.schema.json"))
        .expect("the schema is readable");
    let schema: Value = serde_json::from_str(&schema_text).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for record in records {
        let errors: Vec<String> = validator.iter_errors(record).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "record {} violates the schema: {errors:#?}", record["id"]);
        let len = record["text"].as_str().expect("text").chars().count() as u64;
        let mut previous_end = 0;
        for span in record["sentences"].as_array().expect("sentences") {
            let (start, end) = (span[0].as_u64().expect("start"), span[1].as_u64().expect("end"));
            assert!(previous_end <= start && start < end && end <= len, "bad sentence {span}");
            previous_end = end;
        }
        for layer in ["entities", "predictions", "times", "quantities", "techniques"] {
            for item in record[layer].as_array().expect("layer") {
                let (start, end) =
                    (item["start"].as_u64().expect("start"), item["end"].as_u64().expect("end"));
                assert!(start <= end && end <= len, "{layer} span out of the text: {item}");
            }
        }
    }
}

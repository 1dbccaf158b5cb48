//! The `echotrace` command-line tool. This crate is glue: clap definitions ([`args`]), one
//! module per command, and the one place that maps outcomes and errors to exit codes
//! ([`exit`]). The library crates take plain configuration and never see clap.
//!
//! Exit codes: 0 when every input was analysed, 2 when some inputs (or lines, rows) were
//! skipped, 1 when nothing could run (bad arguments, unwritable output, no input read at all).

pub mod args;
mod commands;
mod documents;
pub mod exit;
mod output;
mod pipeline;
mod progress;

use std::process::ExitCode;

use clap::Parser;

/// Parses the command line, runs the command and maps its outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { exit::FAILURE } else { exit::SUCCESS };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    init_logging(cli.verbose);
    exit::code_for(commands::run(cli))
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("ECHOTRACE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .try_init();
}

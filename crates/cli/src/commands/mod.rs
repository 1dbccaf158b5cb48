mod analyze;
mod attributions;
mod bench;
mod claims;
mod corpus;
mod entities;
mod eval;
mod narratives;
mod ptc;
mod synth;
mod train;

use crate::args::{Cli, Command};
use crate::exit::Outcome;

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Entities(args) => entities::run(args),
        Command::Attributions(args) => attributions::run(args),
        Command::Narratives(args) => narratives::run(args),
        Command::Claims { task } => claims::run(task),
        Command::Ner { file, .. } => eval::ner(&file),
        Command::Ingest(args) => corpus::ingest(args),
        Command::Search(args) => corpus::search(args),
        Command::Export(args) => corpus::export(args),
        Command::Stats(args) => corpus::stats(args),
        Command::Synth(args) => synth::run(args),
        Command::Eval { target } => eval::run(target),
        Command::Train { target } => train::run(target),
        Command::Ptc { task } => ptc::run(task),
    }
}

mod analyze;
mod attributions;
mod bench;
mod claims;
mod corpus;
mod entities;
mod eval;
mod links;
mod models;
mod narratives;
mod ptc;
mod report;
mod serve;
mod synth;
mod train;

pub use models::model_dir;

use crate::args::{Cli, Command};
use crate::exit::Outcome;

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Entities(args) => entities::run(args),
        Command::Attributions(args) => attributions::run(args),
        Command::Narratives(args) => narratives::run(args),
        Command::Claims(args) => match args.task {
            Some(task) => claims::run(task),
            None => links::claims(args),
        },
        Command::Link(args) => links::link(args),
        Command::Reuse(args) => links::reuse(args),
        Command::Timeline(args) => links::timeline(args),
        Command::Graph(args) => links::graph(args),
        Command::Ner { file, .. } => eval::ner(&file),
        Command::Ingest(args) => corpus::ingest(args),
        Command::Search(args) => corpus::search(args),
        Command::Export(args) => corpus::export(args),
        Command::Stats(args) => corpus::stats(args),
        Command::Serve(args) => serve::run(args),
        Command::Report(args) => report::run(args),
        Command::Synth(args) => synth::run(args),
        Command::Eval { target } => eval::run(target),
        Command::Train { target } => train::run(target),
        Command::Ptc { task } => ptc::run(task),
        Command::Models { task } => models::run(task),
    }
}

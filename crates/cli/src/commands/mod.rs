mod analyze;
mod bench;
mod eval;
mod ptc;
mod train;

use crate::args::{Cli, Command};
use crate::exit::Outcome;

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Eval { target } => eval::run(target),
        Command::Train { target } => train::run(target),
        Command::Ptc { task } => ptc::run(task),
    }
}

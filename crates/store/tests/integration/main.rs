//! Integration tests of the corpus: one binary, one module per concern.

mod common;
mod concurrent;
mod crash;
mod disk_full;
mod export;
mod ingest;
mod limits;
mod link;
mod real_data;
mod search;

//! Integration tests of the `echotrace` binary, one test binary of modules.

mod analyze_bad_input;
mod analyze_real_data;
mod analyze_sample_corpus;
mod analyze_web_inputs;
mod corpus_flow;
mod corpus_real_data;
mod link_flow;
mod models_flow;
mod support;
mod techniques_flow;

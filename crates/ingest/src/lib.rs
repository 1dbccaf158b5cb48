//! Readers (placeholder until the foundation lands).

//! padvinder: routes into technical and digital work along Dutch development paths.
//!
//! Layers, arrows pointing one way: [`base`], [`text`], [`geo`] → [`catalog`] → [`facets`] →
//! [`index`] → [`search`]; [`catalog`] → [`profile`], [`slim`] → [`matching`]; [`server`] and the
//! CLI on top. The table is in `tests/layers.rs` and ARCHITECTURE.md. [`text`] is the shared Dutch
//! analysis; [`resolve`] turns a person's words for a job into ESCO occupations. [`services`]
//! loads all of it one way, from a [`config::Config`] and the file names of [`layout`], for the CLI,
//! the [`server`], tests and benches.

pub mod base;
pub mod catalog;
pub mod config;
pub mod contacts;
pub mod coverage;
pub mod esco_skills;
pub mod facets;
pub mod fees;
pub mod geo;
pub mod import;
pub mod index;
pub mod layout;
pub mod matching;
pub mod messages;
pub mod profile;
pub mod resolve;
pub mod search;
pub mod server;
pub mod services;
pub mod slim;
pub mod store;
pub mod suggest;
pub mod synth;
pub mod text;
pub mod workspace;

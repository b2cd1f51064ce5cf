//! kith keeps the people, organisations and networks that the What Works
//! Centres know across the four nations of the UK, finds anyone in a
//! keystroke, and shares them between Centres through sync files.
//!
//! The parts, each a module, with dependencies pointing one way:
//! `cli` and `tui` call `ops`, which calls `store`, which persists `model`.
//! `search`, `places` and `topics` serve all of them.

#![warn(missing_docs)]

pub mod cli;
pub mod demo;
pub mod logging;
pub mod model;
pub mod ops;
pub mod paths;
pub mod places;
pub mod search;
pub mod store;
pub mod sync;
pub mod text;
pub mod topics;
pub mod tui;

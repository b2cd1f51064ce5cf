//! The views of the screen, one file each: the searchable lists of the
//! first three tabs, a record's detail, the places tab, and the help.

pub mod chrome;
pub mod detail;
pub mod duplicates;
pub mod finder;
pub mod help;
pub mod import;
pub mod places;

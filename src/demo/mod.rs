//! The shipped example data and the generator of large synthetic stores:
//! what `kith demo` fills a store with.

mod example;
mod generate;

pub use example::{load_example, Example, ExampleError};
pub use generate::generate_people;

use crate::places::Nation;

/// The Centre a demo record is attributed to, so that the example shows
/// provenance from several Centres as a real network's store would.
pub fn centre_for(nation: Option<Nation>, name: &str) -> &'static str {
    const ENGLISH_CENTRES: [&str; 5] = [
        "Education Endowment Foundation",
        "Centre for Homelessness Impact",
        "What Works Wellbeing",
        "Centre for Ageing Better",
        "What Works Centre for Local Economic Growth",
    ];
    match nation {
        Some(Nation::Wales) => "Wales Centre for Public Policy",
        Some(Nation::Scotland) => "What Works Scotland",
        Some(Nation::NorthernIreland) => "Campbell UK & Ireland",
        _ => {
            let hash = name
                .bytes()
                .fold(0usize, |sum, byte| sum.wrapping_mul(31) + byte as usize);
            ENGLISH_CENTRES[hash % ENGLISH_CENTRES.len()]
        }
    }
}

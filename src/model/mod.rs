//! The records kith keeps and what every one of them carries for sync: a
//! stable id, the Centre that created it, and for each field the Centre
//! that last set it and when, on a hybrid logical clock.
//!
//! Nothing here touches SQLite or the screen; `store` persists these types
//! and `ops` builds them from what a user typed.

mod clock;
mod date;
mod field_map;
mod fields;
mod ids;
mod kind;
mod record;

pub use clock::{wall_clock_millis, Clock, Stamp, StampError};
pub use date::{normalise_partial_date, Date, DateError};
pub use field_map::{FieldIter, FieldMap};
pub use fields::{field_spec, fields_of, FieldSpec, FieldType, Vocabulary};
pub use fields::{INTERACTION_KINDS, LEGAL_BASES, ORG_KINDS, RELATIONSHIP_TYPES};
pub use ids::{link_id, new_id, short_id};
pub use kind::Kind;
pub use record::{flag_of, list_of, seen_over, text_of, FieldValue, Record};

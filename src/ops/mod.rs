//! What a user can do to the store, shared by the command line and the
//! screen: add, link, log, edit, remove, erase, and look records up. Text
//! typed by a user is read and checked here, all of it before anything is
//! written, so a mistake changes nothing.

mod add;
mod edit;
mod error;
mod interaction;
mod link;
mod reference;
mod values;
mod view;

pub use add::{add, AddOutcome, NewRecord};
pub use edit::{edit, erase, remove, Change};
pub use error::{OpsError, Result};
pub use interaction::{log, NewInteraction};
pub use link::{link, LinkRequest, LinkType};
pub use reference::{resolve, resolve_among, Candidate};
pub use values::{parse_email, parse_phone, parse_place, PlaceValue};
pub use view::{interaction_view, view, InteractionView, LinkView, RecordView};

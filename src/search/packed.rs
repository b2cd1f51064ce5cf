//! A record's scoring data packed into one byte string, so that the SQL
//! path reads one small column per record instead of a dozen: the
//! command line has to look at every record and can spare little per row.
//!
//! The layout is private to this module: a kind code, the masks of the
//! three own fields, the value references, then the id and the folded
//! texts, each preceded by its length.

use thiserror::Error;

use super::folding::Masks;
use super::score::DocView;
use super::values::{Slot, ValueRef};
use crate::model::Kind;

/// The kinds search stores, by their packed code.
const KINDS: [Kind; 3] = [Kind::Person, Kind::Organisation, Kind::Network];

/// Bytes of one field's masks: letters, initials, pairs.
const MASKS_SIZE: usize = 32;

/// Bytes of one value reference: slot, position (u16), number (u32).
const REF_SIZE: usize = 7;

/// Why packed bytes could not be read: they were not written by [`pack`]
/// of this version, so the search tables need rebuilding.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum UnpackError {
    /// The bytes end before the layout does.
    #[error("packed search data is cut short")]
    Truncated,
    /// A kind or slot code that search never writes.
    #[error("packed search data holds an unknown code {0}")]
    UnknownCode(u8),
    /// Text that is not UTF-8.
    #[error("packed search data holds text that is not UTF-8")]
    NotText,
}

/// Packs what scoring needs of a record whose id is `id`.
pub fn pack(id: &str, view: &DocView) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(128);
    let kind = KINDS
        .iter()
        .position(|kind| *kind == view.kind)
        .unwrap_or(KINDS.len());
    bytes.push(u8::try_from(kind).unwrap_or(u8::MAX));
    for masks in [view.name_masks, view.alt_name_masks, view.emails_masks] {
        bytes.extend_from_slice(&masks.letters.to_le_bytes());
        bytes.extend_from_slice(&masks.initials.to_le_bytes());
        bytes.extend_from_slice(&masks.pairs.to_le_bytes());
    }
    let count = u16::try_from(view.values.len()).unwrap_or(u16::MAX);
    bytes.extend_from_slice(&count.to_le_bytes());
    for value in view.values.iter().take(usize::from(count)) {
        bytes.push(value.slot.number());
        bytes.extend_from_slice(&value.position.to_le_bytes());
        bytes.extend_from_slice(&value.id.to_le_bytes());
    }
    // Lengths first and texts after, all together, so that reading checks
    // the texts are UTF-8 in one pass instead of six.
    let texts = [
        id,
        view.name,
        view.alt_name,
        view.emails,
        view.place_code,
        view.networks,
    ];
    for text in texts {
        bytes.extend_from_slice(&(text.len() as u32).to_le_bytes());
    }
    for text in texts {
        bytes.extend_from_slice(text.as_bytes());
    }
    bytes
}

/// The part of a packed record read before its texts: enough for
/// `Scorer::might_match` to turn most records away without the cost of
/// checking that their texts are UTF-8.
#[derive(Clone, Copy, Debug)]
pub struct Head<'a> {
    /// The record's kind.
    pub kind: Kind,
    /// The masks of the name, the alternative name and the addresses.
    pub masks: [Masks; 3],
    lengths: [usize; TEXTS],
    texts: &'a [u8],
}

/// Reads the kind, masks and value references (into `refs`) of packed
/// bytes, leaving the texts for [`Head::view`].
pub fn unpack_head<'a>(bytes: &'a [u8], refs: &mut Vec<ValueRef>) -> Result<Head<'a>, UnpackError> {
    let mut reader = Reader { bytes };
    let code = reader.take(1)?[0];
    let kind = *KINDS
        .get(usize::from(code))
        .ok_or(UnpackError::UnknownCode(code))?;
    let masks = [reader.masks()?, reader.masks()?, reader.masks()?];
    reader.refs(refs)?;
    let mut lengths = [0; TEXTS];
    for length in &mut lengths {
        *length = u32::from_le_bytes(reader.array()?) as usize;
    }
    let texts = reader.take(lengths.iter().sum())?;
    Ok(Head {
        kind,
        masks,
        lengths,
        texts,
    })
}

impl<'a> Head<'a> {
    /// The record's id and its whole view, with `refs` (those
    /// [`unpack_head`] read) as its values.
    pub fn view<'b>(&self, refs: &'b [ValueRef]) -> Result<(&'b str, DocView<'b>), UnpackError>
    where
        'a: 'b,
    {
        let [id, name, alt_name, emails, place_code, networks] = self.texts()?;
        let view = DocView {
            kind: self.kind,
            name,
            name_masks: self.masks[0],
            alt_name,
            alt_name_masks: self.masks[1],
            emails,
            emails_masks: self.masks[2],
            values: refs,
            place_code,
            networks,
        };
        Ok((id, view))
    }

    /// The texts, checked to be UTF-8 in one pass over all of them.
    fn texts(&self) -> Result<[&'a str; TEXTS], UnpackError> {
        let all = std::str::from_utf8(self.texts).map_err(|_| UnpackError::NotText)?;
        let mut texts = [""; TEXTS];
        let mut start = 0;
        for (text, length) in texts.iter_mut().zip(self.lengths) {
            // Each text was whole UTF-8 when packed, so its ends fall on
            // character boundaries; `get` checks that anyway.
            *text = all.get(start..start + length).ok_or(UnpackError::NotText)?;
            start += length;
        }
        Ok(texts)
    }
}

/// How many texts a packed record holds.
const TEXTS: usize = 6;

/// Reads packed bytes from the front.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, length: usize) -> Result<&'a [u8], UnpackError> {
        if self.bytes.len() < length {
            return Err(UnpackError::Truncated);
        }
        let (taken, rest) = self.bytes.split_at(length);
        self.bytes = rest;
        Ok(taken)
    }

    fn array<const LENGTH: usize>(&mut self) -> Result<[u8; LENGTH], UnpackError> {
        let mut array = [0; LENGTH];
        array.copy_from_slice(self.take(LENGTH)?);
        Ok(array)
    }

    fn masks(&mut self) -> Result<Masks, UnpackError> {
        let bytes: [u8; MASKS_SIZE] = self.array()?;
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
        let pairs = u128::from_le_bytes(bytes[16..].try_into().unwrap_or_default());
        Ok(Masks {
            letters: word(0),
            initials: word(8),
            pairs,
        })
    }

    fn refs(&mut self, refs: &mut Vec<ValueRef>) -> Result<(), UnpackError> {
        refs.clear();
        let count = u16::from_le_bytes(self.array()?);
        for _ in 0..count {
            let [slot, p0, p1, i0, i1, i2, i3]: [u8; REF_SIZE] = self.array()?;
            let slot = Slot::from_number(slot).ok_or(UnpackError::UnknownCode(slot))?;
            let position = u16::from_le_bytes([p0, p1]);
            refs.push(ValueRef {
                slot,
                position,
                id: u32::from_le_bytes([i0, i1, i2, i3]),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_round_trips() {
        let refs = vec![ValueRef {
            slot: Slot::Topic,
            position: 2,
            id: 70_000,
        }];
        let view = DocView {
            kind: Kind::Network,
            name: "siân",
            name_masks: Masks::of("siân"),
            alt_name: "",
            alt_name_masks: Masks::default(),
            emails: "a@b\u{1f}c@d",
            emails_masks: Masks::of("a@b\u{1f}c@d"),
            values: &refs,
            place_code: "W06000015",
            networks: "n1",
        };
        let bytes = pack("id-1", &view);
        let mut buffer = Vec::new();
        let head = unpack_head(&bytes, &mut buffer).unwrap();
        let (id, back) = head.view(&buffer).unwrap();
        assert_eq!(id, "id-1");
        assert_eq!(format!("{back:?}"), format!("{view:?}"));
    }

    #[test]
    fn damaged_bytes_are_reported() {
        let mut buffer = Vec::new();
        assert_eq!(
            unpack_head(&[], &mut buffer).unwrap_err(),
            UnpackError::Truncated
        );
        assert_eq!(
            unpack_head(&[9], &mut buffer).unwrap_err(),
            UnpackError::UnknownCode(9)
        );
    }
}

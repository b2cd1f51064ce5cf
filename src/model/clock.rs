//! The hybrid logical clock that orders every change kith makes.
//!
//! A stamp is wall-clock milliseconds, a counter for changes within the same
//! millisecond (or made while our wall clock lags a stamp we have seen), and
//! the id of the store that made the change, which breaks the last ties.
//! Stamps print as fixed-width text whose string order is their time order,
//! so the store can compare them in SQL.

use super::date::format_timestamp_millis;
use super::date::parse_timestamp_millis;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

/// One moment on the hybrid logical clock, unique to the store that made it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Stamp {
    /// Milliseconds since the Unix epoch, never behind any stamp seen.
    pub millis: u64,
    /// Orders changes that share `millis`.
    pub counter: u32,
    /// The id of the store that made the change.
    pub store: String,
}

impl Ord for Stamp {
    fn cmp(&self, other: &Stamp) -> Ordering {
        (self.millis, self.counter, &self.store).cmp(&(other.millis, other.counter, &other.store))
    }
}

impl PartialOrd for Stamp {
    fn partial_cmp(&self, other: &Stamp) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Stamp {
    /// `2026-12-03T16:45:14.123Z/00000003/<store id>`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let time = format_timestamp_millis(self.millis);
        write!(formatter, "{}/{:08x}/{}", time, self.counter, self.store)
    }
}

/// Why a stamp's text could not be read.
#[derive(Debug, thiserror::Error)]
#[error("\"{0}\" is not a kith clock stamp (expected TIME/COUNTER/STORE)")]
pub struct StampError(pub String);

impl FromStr for Stamp {
    type Err = StampError;

    fn from_str(text: &str) -> Result<Stamp, StampError> {
        let invalid = || StampError(text.to_string());
        let mut parts = text.splitn(3, '/');
        let (Some(time), Some(counter), Some(store)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        let millis = parse_timestamp_millis(time).ok_or_else(invalid)?;
        let counter = u32::from_str_radix(counter, 16).map_err(|_| invalid())?;
        if counter_text_is_canonical(counter, text) && !store.is_empty() {
            Ok(Stamp {
                millis,
                counter,
                store: store.to_string(),
            })
        } else {
            Err(invalid())
        }
    }
}

/// Stamps are compared as text in SQL, so only the fixed-width form is
/// accepted; anything else would sort wrongly.
fn counter_text_is_canonical(counter: u32, text: &str) -> bool {
    text.split('/').nth(1) == Some(format!("{:08x}", counter).as_str())
}

/// A store's clock: the latest stamp it has issued or seen.
#[derive(Clone, Debug)]
pub struct Clock {
    last: Stamp,
}

impl Clock {
    /// A clock that continues from `last`, as persisted in the store.
    pub fn resume(last: Stamp) -> Clock {
        Clock { last }
    }

    /// A clock that has seen nothing yet, for a new store.
    pub fn start(store: &str) -> Clock {
        Clock {
            last: Stamp {
                millis: 0,
                counter: 0,
                store: store.to_string(),
            },
        }
    }

    /// The latest stamp issued or seen.
    pub fn last(&self) -> &Stamp {
        &self.last
    }

    /// Issues a stamp later than every stamp issued or seen, for a change
    /// made now by this store.
    pub fn tick(&mut self, store: &str) -> Stamp {
        self.tick_at(wall_clock_millis(), store)
    }

    /// `tick` with the wall clock given, so that tests can control time.
    pub fn tick_at(&mut self, now_millis: u64, store: &str) -> Stamp {
        let (millis, counter) = if now_millis > self.last.millis {
            (now_millis, 0)
        } else {
            // Our wall clock is behind a stamp we issued or received: stay
            // on that millisecond and count up, so order is still kept.
            (self.last.millis, self.last.counter.saturating_add(1))
        };
        self.last = Stamp {
            millis,
            counter,
            store: store.to_string(),
        };
        self.last.clone()
    }

    /// Moves the clock past a stamp received from another store, so that
    /// our next change is ordered after it.
    pub fn observe(&mut self, seen: &Stamp) {
        if *seen > self.last {
            self.last = seen.clone();
        }
    }
}

/// Milliseconds since the Unix epoch by the wall clock; 0 if the clock is
/// set before 1970, which the hybrid clock then rides over.
pub fn wall_clock_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as u64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_strictly_increasing_even_when_wall_clock_stalls() {
        let mut clock = Clock::start("s1");
        let first = clock.tick_at(1_000, "s1");
        let second = clock.tick_at(1_000, "s1");
        let third = clock.tick_at(900, "s1");
        assert!(first < second && second < third);
        assert_eq!(third.millis, 1_000);
    }

    #[test]
    fn observing_a_later_stamp_moves_the_clock_past_it() {
        let mut clock = Clock::start("s1");
        let remote = Stamp {
            millis: 5_000,
            counter: 7,
            store: "s2".into(),
        };
        clock.observe(&remote);
        assert!(clock.tick_at(10, "s1") > remote);
    }

    #[test]
    fn text_form_round_trips_and_sorts_like_stamps() {
        let early = Stamp {
            millis: 1_764_780_314_123,
            counter: 3,
            store: "a".into(),
        };
        let late = Stamp {
            millis: 1_764_780_314_123,
            counter: 16,
            store: "a".into(),
        };
        assert_eq!(early.to_string().parse::<Stamp>().unwrap(), early);
        assert!(early.to_string() < late.to_string());
        assert!("2026-12-03T16:45:14.123Z/3/a".parse::<Stamp>().is_err());
    }
}

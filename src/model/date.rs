//! Calendar dates and timestamps without a date library: kith needs only
//! proleptic Gregorian dates in UTC, day arithmetic and one timestamp form.

use std::fmt;
use std::str::FromStr;

/// A calendar date, as users type it (`2026-12-03`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

/// Why a date could not be read.
#[derive(Debug, thiserror::Error)]
#[error("\"{0}\" is not a date; write it as YYYY-MM-DD, for example 2026-03-31, or say today")]
pub struct DateError(pub String);

impl Date {
    /// Today in UTC.
    pub fn today() -> Date {
        let millis = super::clock::wall_clock_millis() as i64;
        Date {
            days: millis.div_euclid(86_400_000),
        }
    }

    /// The date `days` after this one (before, if negative).
    pub fn add_days(self, days: i64) -> Date {
        Date {
            days: self.days + days,
        }
    }

    /// Days from `self` to `later`.
    pub fn days_until(self, later: Date) -> i64 {
        later.days - self.days
    }

    /// The date from its parts, if it exists.
    pub fn from_parts(year: i64, month: u32, day: u32) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then(|| Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// The year, month and day.
    pub fn parts(self) -> (i64, u32, u32) {
        civil_from_days(self.days)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.parts();
        write!(formatter, "{:04}-{:02}-{:02}", year, month, day)
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Reads `YYYY-MM-DD`, and the words `today`, `yesterday`, `tomorrow`.
    fn from_str(text: &str) -> Result<Date, DateError> {
        let trimmed = text.trim();
        match trimmed.to_ascii_lowercase().as_str() {
            "today" => return Ok(Date::today()),
            "yesterday" => return Ok(Date::today().add_days(-1)),
            "tomorrow" => return Ok(Date::today().add_days(1)),
            _ => {}
        }
        parse_ymd(trimmed).ok_or_else(|| DateError(text.to_string()))
    }
}

fn parse_ymd(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = text[0..4].parse::<i64>().ok()?;
    let month = text[5..7].parse::<u32>().ok()?;
    let day = text[8..10].parse::<u32>().ok()?;
    Date::from_parts(year, month, day)
}

/// Reads a partial date for affiliations (`2024`, `2024-03`, `2024-03-01`)
/// and gives back its canonical text, or `None` if it is not one.
pub fn normalise_partial_date(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let parts: Vec<&str> = trimmed.split('-').collect();
    let year_ok = |year: &str| year.len() == 4 && year.parse::<u32>().is_ok();
    match parts.as_slice() {
        [year] if year_ok(year) => Some(year.to_string()),
        [year, month] if year_ok(year) => {
            let month = month.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?;
            Some(format!("{}-{:02}", year, month))
        }
        _ => trimmed.parse::<Date>().ok().map(|date| date.to_string()),
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm,
/// written out here from its published description).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month as i64 + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month as u32, day)
}

/// `2026-12-03T16:45:14.123Z` for milliseconds since the epoch.
pub fn format_timestamp_millis(millis: u64) -> String {
    let days = (millis / 86_400_000) as i64;
    let in_day = millis % 86_400_000;
    let (year, month, day) = civil_from_days(days);
    let (hours, minutes) = (in_day / 3_600_000, in_day / 60_000 % 60);
    let (seconds, thousandths) = (in_day / 1_000 % 60, in_day % 1_000);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        year, month, day, hours, minutes, seconds, thousandths
    )
}

/// The inverse of [`format_timestamp_millis`], accepting only that form.
pub fn parse_timestamp_millis(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 24
        && bytes[10] == b'T'
        && bytes[13] == b':'
        && bytes[16] == b':'
        && bytes[19] == b'.'
        && bytes[23] == b'Z';
    if !shape_ok {
        return None;
    }
    let date = parse_ymd(&text[0..10])?;
    let number = |range: std::ops::Range<usize>| text[range].parse::<u64>().ok();
    let (hours, minutes, seconds) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let thousandths = number(20..23)?;
    if hours > 23 || minutes > 59 || seconds > 59 || date.days < 0 {
        return None;
    }
    let in_day = ((hours * 60 + minutes) * 60 + seconds) * 1_000 + thousandths;
    Some(date.days as u64 * 86_400_000 + in_day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip_across_leap_years_and_eras() {
        for days in [-800_000, -1, 0, 59, 60, 365, 11_016, 20_000, 2_932_896] {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days, "day {days}");
        }
        assert_eq!(
            Date::from_parts(2024, 2, 29).unwrap().to_string(),
            "2024-02-29"
        );
        assert!(Date::from_parts(2023, 2, 29).is_none());
    }

    #[test]
    fn parses_only_real_dates() {
        assert_eq!(
            "2026-12-03".parse::<Date>().unwrap().to_string(),
            "2026-12-03"
        );
        for bad in ["2026-13-01", "2026-02-30", "03/12/2026", "", "2026-1-1"] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn timestamps_round_trip() {
        let millis = 1_764_780_314_123;
        let text = format_timestamp_millis(millis);
        assert_eq!(text, "2025-12-03T16:45:14.123Z");
        assert_eq!(parse_timestamp_millis(&text), Some(millis));
    }

    #[test]
    fn partial_dates_normalise() {
        assert_eq!(normalise_partial_date("2024").as_deref(), Some("2024"));
        assert_eq!(normalise_partial_date("2024-3").as_deref(), Some("2024-03"));
        assert_eq!(
            normalise_partial_date("2024-03-05").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(normalise_partial_date("March"), None);
    }
}

//! ISO 8601 durations as ZGW uses them for `doorlooptijd`, `servicenorm` and
//! `verlenging.duur` (`P56D`, `P8W`, `P3M`, `P1Y6M`, `P30DT12H`).

use std::{fmt, str::FromStr};

use time::{Date, Month};

/// More days than lie between the first and the last date `time` supports.
const MAX_CALENDAR_DAYS: i64 = 20_000 * 366;

/// A calendar duration. Years and months stay calendar units, because "three months from
/// 31 January" is 30 April, not 90 days later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IsoDuration {
    /// Calendar years.
    pub years: u32,
    /// Calendar months.
    pub months: u32,
    /// Days, weeks counted as seven.
    pub days: u32,
    /// The time part in seconds.
    pub seconds: u64,
}

/// Why a duration could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid ISO 8601 duration {0:?}")]
pub struct DurationError(String);

impl FromStr for IsoDuration {
    type Err = DurationError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let err = || DurationError(input.chars().take(40).collect());
        let rest = input.trim().strip_prefix('P').ok_or_else(err)?;
        if rest.is_empty() {
            return Err(err());
        }
        let (date_part, time_part) = match rest.split_once('T') {
            Some((_, "")) => return Err(err()),
            Some((d, t)) => (d, Some(t)),
            None => (rest, None),
        };
        let mut out = IsoDuration::default();
        for (value, unit) in components(date_part).ok_or_else(err)? {
            let value = u32::try_from(value).map_err(|_| err())?;
            match unit {
                'Y' => out.years = value,
                'M' => out.months = value,
                'W' => {
                    out.days = out
                        .days
                        .checked_add(value.checked_mul(7).ok_or_else(err)?)
                        .ok_or_else(err)?
                }
                'D' => out.days = out.days.checked_add(value).ok_or_else(err)?,
                _ => return Err(err()),
            }
        }
        if let Some(time_part) = time_part {
            for (value, unit) in components(time_part).ok_or_else(err)? {
                let factor = match unit {
                    'H' => 3600,
                    'M' => 60,
                    'S' => 1,
                    _ => return Err(err()),
                };
                out.seconds = out
                    .seconds
                    .checked_add(value.checked_mul(factor).ok_or_else(err)?)
                    .ok_or_else(err)?;
            }
        }
        Ok(out)
    }
}

/// `56D8W` → [(56, 'D'), (8, 'W')]; `None` for anything else.
fn components(part: &str) -> Option<Vec<(u64, char)>> {
    let mut out = Vec::new();
    let mut number = String::new();
    for c in part.chars() {
        if c.is_ascii_digit() {
            number.push(c);
        } else {
            if number.is_empty() {
                return None;
            }
            out.push((number.parse().ok()?, c));
            number.clear();
        }
    }
    number.is_empty().then_some(out)
}

impl IsoDuration {
    /// `date` plus this duration: years and months on the calendar (clamped to the end of
    /// a shorter month), then days; a time part rounds up to whole days. `None` when the
    /// result is outside the calendar `time` supports.
    pub fn add_to(&self, date: Date) -> Option<Date> {
        let total_months =
            i64::from(date.month() as u8) - 1 + i64::from(self.months) + 12 * i64::from(self.years);
        let year = date
            .year()
            .checked_add(i32::try_from(total_months.div_euclid(12)).ok()?)?;
        let month = Month::try_from(u8::try_from(total_months.rem_euclid(12) + 1).ok()?).ok()?;
        let day = date.day().min(time::util::days_in_month(month, year));
        let shifted = Date::from_calendar_date(year, month, day).ok()?;
        let extra_days =
            i64::from(self.days).checked_add(i64::try_from(self.seconds.div_ceil(86_400)).ok()?)?;
        // `time::Duration::days` panics past i64 seconds; any count of days beyond the
        // calendar `time` supports (years -9999 to 9999) lands outside it anyway.
        if extra_days > MAX_CALENDAR_DAYS {
            return None;
        }
        shifted.checked_add(time::Duration::days(extra_days))
    }

    /// Whole days when the duration has no calendar part, for display ("56 dagen").
    pub fn whole_days(&self) -> Option<u32> {
        (self.years == 0 && self.months == 0 && self.seconds == 0).then_some(self.days)
    }
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P")?;
        if self.years > 0 {
            write!(f, "{}Y", self.years)?;
        }
        if self.months > 0 {
            write!(f, "{}M", self.months)?;
        }
        if self.days > 0 || (self.years == 0 && self.months == 0 && self.seconds == 0) {
            write!(f, "{}D", self.days)?;
        }
        if self.seconds > 0 {
            write!(f, "T{}S", self.seconds)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {

    proptest::proptest! {
        /// Fuzz: any text, and well-formed durations with huge numbers, parse or fail
        /// without a panic, and adding one to any date never panics.
        #[test]
        fn no_duration_panics(
            text in "\\PC{0,40}",
            numbers in proptest::collection::vec(proptest::prelude::any::<u64>(), 7),
            days in -3_000_000i32..3_000_000,
        ) {
            let date = Date::from_julian_day(days).unwrap_or(Date::MIN);
            let [y, mo, w, d, h, mi, s] = numbers[..] else { unreachable!() };
            for input in [text, format!("P{y}Y{mo}M{w}W{d}DT{h}H{mi}M{s}S"), format!("PT{s}S")] {
                if let Ok(duration) = input.parse::<IsoDuration>() {
                    let _ = duration.add_to(date);
                    let _ = duration.whole_days();
                }
            }
        }
    }

    use time::macros::date;

    use super::*;

    fn d(s: &str) -> IsoDuration {
        s.parse().unwrap()
    }

    #[test]
    fn parses_the_forms_zgw_uses() {
        assert_eq!(
            d("P56D"),
            IsoDuration {
                days: 56,
                ..Default::default()
            }
        );
        assert_eq!(
            d("P8W"),
            IsoDuration {
                days: 56,
                ..Default::default()
            }
        );
        assert_eq!(
            d("P1Y6M"),
            IsoDuration {
                years: 1,
                months: 6,
                ..Default::default()
            }
        );
        assert_eq!(
            d("P30DT12H"),
            IsoDuration {
                days: 30,
                seconds: 43_200,
                ..Default::default()
            }
        );
        for bad in [
            "",
            "P",
            "56D",
            "PT",
            "P5X",
            "PD",
            "P1.5D",
            "P99999999999D",
            "P1DT",
        ] {
            assert!(bad.parse::<IsoDuration>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn adds_on_the_calendar() {
        assert_eq!(
            d("P56D").add_to(date!(2026 - 03 - 12)),
            Some(date!(2026 - 05 - 07))
        );
        assert_eq!(
            d("P3M").add_to(date!(2026 - 01 - 31)),
            Some(date!(2026 - 04 - 30))
        );
        assert_eq!(
            d("P1M").add_to(date!(2028 - 01 - 31)),
            Some(date!(2028 - 02 - 29))
        );
        assert_eq!(
            d("P1Y").add_to(date!(2026 - 12 - 15)),
            Some(date!(2027 - 12 - 15))
        );
        assert_eq!(
            d("P11M").add_to(date!(2026 - 02 - 10)),
            Some(date!(2027 - 01 - 10))
        );
        assert_eq!(
            d("PT1H").add_to(date!(2026 - 02 - 10)),
            Some(date!(2026 - 02 - 11))
        );
        assert_eq!(d("P4294967295Y").add_to(date!(2026 - 02 - 10)), None);
    }

    #[test]
    fn a_duration_beyond_the_calendar_gives_none_not_a_panic() {
        let date = time::macros::date!(2026 - 03 - 12);
        for huge in ["PT9300000000000000000S", "P4294967295D", "P4294967295W"] {
            if let Ok(d) = huge.parse::<IsoDuration>() {
                assert_eq!(d.add_to(date), None, "{huge}");
            }
        }
        let max = IsoDuration {
            years: u32::MAX,
            months: u32::MAX,
            days: u32::MAX,
            seconds: u64::MAX,
        };
        assert_eq!(max.add_to(date), None);
    }
}

//! Dates and times as a Dutch reader expects them: "12 maart 2026 om 14:05", in
//! Amsterdam time.
//!
//! The Europe/Amsterdam offset comes from the IANA time-zone database (the `time-tz`
//! crate, whose releases follow the database): should the EU abolish summer time, a
//! dependency update brings it. Its rules run to the end of this century, ample for zaken;
//! the tests check it against the EU rule (Directive 2000/84/EC) for every year they cover.

use time::{Date, Month, OffsetDateTime, UtcOffset};
use time_tz::{Offset as _, TimeZone as _};

/// Central European Time, +01:00: Amsterdam's offset when the database has none (an
/// instant at the edge of the calendar).
const CET: UtcOffset = time::macros::offset!(+1);

/// The offset of Amsterdam at `instant`, from the time-zone database.
pub fn amsterdam_offset(instant: OffsetDateTime) -> UtcOffset {
    // An instant at the edge of the calendar may have no UTC form (year 10000); it has no
    // summer either.
    if instant.checked_to_offset(UtcOffset::UTC).is_none() {
        return CET;
    }
    time_tz::timezones::db::europe::AMSTERDAM
        .get_offset_utc(&instant)
        .to_utc()
}

/// `instant` seen from Amsterdam: the same moment, with Amsterdam's offset; as it was
/// written when that moment has no Amsterdam form inside the calendar (never a panic).
pub fn to_amsterdam(instant: OffsetDateTime) -> OffsetDateTime {
    instant
        .checked_to_offset(amsterdam_offset(instant))
        .unwrap_or(instant)
}

/// The Dutch name of a month, lowercase as Dutch writes it.
fn month_name(month: Month) -> &'static str {
    match month {
        Month::January => "januari",
        Month::February => "februari",
        Month::March => "maart",
        Month::April => "april",
        Month::May => "mei",
        Month::June => "juni",
        Month::July => "juli",
        Month::August => "augustus",
        Month::September => "september",
        Month::October => "oktober",
        Month::November => "november",
        Month::December => "december",
    }
}

/// "12 maart 2026": the day without a leading zero, the month in words.
///
/// A `Date` has no time zone: it is printed as is. ZGW dates (`startdatum`,
/// `einddatumGepland`) are already Dutch calendar dates.
pub fn format_date(date: Date) -> String {
    format!(
        "{} {} {}",
        date.day(),
        month_name(date.month()),
        date.year()
    )
}

/// "14:05": hours and minutes in Amsterdam time.
pub fn format_time(instant: OffsetDateTime) -> String {
    let local = to_amsterdam(instant);
    format!("{:02}:{:02}", local.hour(), local.minute())
}

/// "12 maart 2026 om 14:05", in Amsterdam time; the date is Amsterdam's too, so 23:30 UTC
/// in summer reads as the next day.
pub fn format_datetime(instant: OffsetDateTime) -> String {
    let local = to_amsterdam(instant);
    format!("{} om {}", format_date(local.date()), format_time(local))
}

/// The calendar date in Amsterdam at `now`. Taking `now` as a parameter keeps this pure
/// and testable; callers pass `OffsetDateTime::now_utc()`.
pub fn today_in_amsterdam(now: OffsetDateTime) -> Date {
    to_amsterdam(now).date()
}

#[cfg(test)]
mod tests {

    proptest::proptest! {
        /// Fuzz: any text as a ZGW date or date-time parses or fails without a panic, and
        /// whatever parses can be shown in Amsterdam time.
        #[test]
        fn no_date_or_time_panics(text in "[0-9T:.Z+ -]{0,40}", year in -9999i32..=9999) {
            for input in [text.clone(), format!("{year:04}-12-31T23:30:00{}", &text)] {
                if let Ok(instant) = crate::zgw::serde_util::parse_datetime(&input) {
                    let _ = format_datetime(instant);
                    let _ = today_in_amsterdam(instant);
                }
                if let Ok(date) = crate::zgw::serde_util::parse_date(&input) {
                    let _ = format_date(date);
                }
            }
        }
    }

    use time::{
        macros::{date, datetime},
        Weekday,
    };

    use super::*;

    /// Central European Summer Time, +02:00.
    const CEST: UtcOffset = time::macros::offset!(+2);

    /// The EU rule, to check the database against: the last Sunday of `month` in `year`.
    fn last_sunday(year: i32, month: Month) -> Date {
        let last_day = time::util::days_in_month(month, year);
        let last = Date::from_calendar_date(year, month, last_day).unwrap();
        let back = last.weekday().number_days_from_sunday();
        last - time::Duration::days(i64::from(back))
    }

    #[test]
    fn the_database_follows_the_eu_rule_from_1996_to_2099() {
        // Summer time from 01:00 UTC on the last Sunday of March until 01:00 UTC on the
        // last Sunday of October.
        let one_utc = time::Time::from_hms(1, 0, 0).unwrap();
        for year in 1996..=2099 {
            let start = last_sunday(year, Month::March)
                .with_time(one_utc)
                .assume_utc();
            let end = last_sunday(year, Month::October)
                .with_time(one_utc)
                .assume_utc();
            let second = time::Duration::SECOND;
            assert_eq!(amsterdam_offset(start - second), CET, "{year}");
            assert_eq!(amsterdam_offset(start), CEST, "{year}");
            assert_eq!(amsterdam_offset(end - second), CEST, "{year}");
            assert_eq!(amsterdam_offset(end), CET, "{year}");
        }
    }

    #[test]
    fn last_sundays_are_sundays_in_the_last_week() {
        assert_eq!(last_sunday(2026, Month::March), date!(2026 - 03 - 29));
        assert_eq!(last_sunday(2026, Month::October), date!(2026 - 10 - 25));
        // A month that ends on a Sunday: the last day itself.
        assert_eq!(last_sunday(2015, Month::March), date!(2015 - 03 - 29));
        assert_eq!(last_sunday(2020, Month::October), date!(2020 - 10 - 25));
        assert_eq!(last_sunday(2021, Month::October), date!(2021 - 10 - 31));
        assert_eq!(last_sunday(2024, Month::March), date!(2024 - 03 - 31));
        for year in 1996..=2100 {
            for month in [Month::March, Month::October] {
                let d = last_sunday(year, month);
                assert_eq!(d.weekday(), Weekday::Sunday, "{d}");
                assert_eq!(d.month(), month);
                assert!(d.day() > time::util::days_in_month(month, year) - 7, "{d}");
            }
        }
    }

    #[test]
    fn summer_time_starts_at_one_utc_on_the_last_sunday_of_march() {
        let before = datetime!(2026-03-29 00:59 UTC);
        let at = datetime!(2026-03-29 01:00 UTC);
        assert_eq!(amsterdam_offset(before), CET);
        assert_eq!(amsterdam_offset(at), CEST);
        assert_eq!(format_time(before), "01:59");
        assert_eq!(format_time(at), "03:00");
        assert_eq!(
            to_amsterdam(at),
            datetime!(2026-03-29 03:00 +2),
            "same instant, Amsterdam offset"
        );
        assert_eq!(to_amsterdam(at).offset(), CEST);
    }

    #[test]
    fn summer_time_ends_at_one_utc_on_the_last_sunday_of_october() {
        let before = datetime!(2026-10-25 00:59 UTC);
        let at = datetime!(2026-10-25 01:00 UTC);
        assert_eq!(amsterdam_offset(before), CEST);
        assert_eq!(amsterdam_offset(at), CET);
        assert_eq!(format_time(before), "02:59");
        assert_eq!(format_time(at), "02:00");
    }

    #[test]
    fn the_offset_of_the_input_does_not_matter() {
        // 2026-03-29 01:00 UTC written as +05:00 and as -03:00.
        assert_eq!(amsterdam_offset(datetime!(2026-03-29 06:00 +5)), CEST);
        assert_eq!(amsterdam_offset(datetime!(2026-03-28 21:59 -3)), CET);
        // New Year's Eve in UTC-10 is already January in UTC, which is winter.
        assert_eq!(amsterdam_offset(datetime!(2026-12-31 20:00 -10)), CET);
        assert_eq!(format_time(datetime!(2026-07-01 12:00 +9)), "05:00");
    }

    #[test]
    fn winter_and_summer_mid_season() {
        assert_eq!(amsterdam_offset(datetime!(2026-01-15 12:00 UTC)), CET);
        assert_eq!(amsterdam_offset(datetime!(2026-07-15 12:00 UTC)), CEST);
        assert_eq!(amsterdam_offset(datetime!(2026-12-31 23:59:59 UTC)), CET);
        assert_eq!(amsterdam_offset(datetime!(1996-06-01 00:00 UTC)), CEST);
        // The same rule in a year whose switch days fall on the 31st.
        assert_eq!(amsterdam_offset(datetime!(2024-03-31 00:59 UTC)), CET);
        assert_eq!(amsterdam_offset(datetime!(2024-03-31 01:00 UTC)), CEST);
        assert_eq!(amsterdam_offset(datetime!(2021-10-31 00:59 UTC)), CEST);
        assert_eq!(amsterdam_offset(datetime!(2021-10-31 01:00 UTC)), CET);
    }

    #[test]
    fn all_twelve_months_in_dutch() {
        let expected = [
            "1 januari 2026",
            "1 februari 2026",
            "1 maart 2026",
            "1 april 2026",
            "1 mei 2026",
            "1 juni 2026",
            "1 juli 2026",
            "1 augustus 2026",
            "1 september 2026",
            "1 oktober 2026",
            "1 november 2026",
            "1 december 2026",
        ];
        let mut month = Month::January;
        for text in expected {
            let d = Date::from_calendar_date(2026, month, 1).unwrap();
            assert_eq!(format_date(d), text);
            month = month.next();
        }
    }

    #[test]
    fn days_have_no_leading_zero() {
        assert_eq!(format_date(date!(2026 - 03 - 12)), "12 maart 2026");
        assert_eq!(format_date(date!(2026 - 03 - 05)), "5 maart 2026");
        assert_eq!(format_date(date!(2028 - 02 - 29)), "29 februari 2028");
    }

    #[test]
    fn times_have_two_digit_hours_and_minutes() {
        assert_eq!(format_time(datetime!(2026-03-12 13:05 UTC)), "14:05");
        assert_eq!(format_time(datetime!(2026-03-12 08:00 UTC)), "09:00");
        assert_eq!(format_time(datetime!(2026-03-12 23:00 UTC)), "00:00");
        // Seconds are dropped, not rounded.
        assert_eq!(format_time(datetime!(2026-03-12 13:05:59 UTC)), "14:05");
    }

    #[test]
    fn datetimes_read_date_om_time() {
        assert_eq!(
            format_datetime(datetime!(2026-03-12 13:05 UTC)),
            "12 maart 2026 om 14:05"
        );
        assert_eq!(
            format_datetime(datetime!(2026-03-12 14:05 +1)),
            "12 maart 2026 om 14:05"
        );
        assert_eq!(
            format_datetime(datetime!(2026-08-03 07:30 UTC)),
            "3 augustus 2026 om 09:30"
        );
    }

    #[test]
    fn late_evening_utc_is_the_next_day_in_amsterdam() {
        // Winter: 23:00 UTC is midnight.
        let winter = datetime!(2026-01-31 23:00 UTC);
        assert_eq!(today_in_amsterdam(winter), date!(2026 - 02 - 01));
        assert_eq!(format_datetime(winter), "1 februari 2026 om 00:00");
        let just_before = datetime!(2026-01-31 22:59 UTC);
        assert_eq!(today_in_amsterdam(just_before), date!(2026 - 01 - 31));
        // Summer: 22:00 UTC is midnight.
        let summer = datetime!(2026-06-30 22:00 UTC);
        assert_eq!(today_in_amsterdam(summer), date!(2026 - 07 - 01));
        assert_eq!(format_datetime(summer), "1 juli 2026 om 00:00");
        assert_eq!(
            today_in_amsterdam(datetime!(2026-06-30 21:59 UTC)),
            date!(2026 - 06 - 30)
        );
        // New Year.
        let new_year = datetime!(2026-12-31 23:30 UTC);
        assert_eq!(today_in_amsterdam(new_year), date!(2027 - 01 - 01));
        assert_eq!(format_datetime(new_year), "1 januari 2027 om 00:30");
        // Early morning UTC is the same day.
        assert_eq!(
            today_in_amsterdam(datetime!(2026-03-12 00:30 UTC)),
            date!(2026 - 03 - 12)
        );
    }

    #[test]
    fn an_instant_at_the_edge_of_the_calendar_does_not_panic() {
        // 9999-12-31 23:30 at -05:00 is in the year 10000 in UTC and in Amsterdam.
        let edge = datetime!(9999-12-31 23:30 -5);
        assert_eq!(to_amsterdam(edge), edge);
        assert!(format_datetime(edge).contains("9999"));
        let _ = today_in_amsterdam(datetime!(9999-12-31 23:59 UTC));
    }
}

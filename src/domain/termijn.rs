//! When a citizen may expect a decision ("verwachte einddatum"), whether it is late, and
//! when a zaak has been quiet long enough to deserve a reassuring word.

use time::{Date, OffsetDateTime};

use crate::zgw::types::{StatusType, Zaak, ZaakType};

use super::dates::today_in_amsterdam;

/// How long a zaak may go without news before the portal reassures the citizen that it
/// is still being handled: four weeks.
pub const REASSURANCE_AFTER_DAYS: i64 = 28;

/// Where an expected end date came from, so the page can word it ("gepland",
/// "uiterlijk", "verwacht").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The zaak's `einddatumGepland`.
    Gepland,
    /// The zaak's `uiterlijkeEinddatumAfdoening`, the legal deadline.
    UiterlijkeAfdoening,
    /// `startdatum` plus the zaaktype's `doorlooptijd` (plus a verlenging's `duur`).
    Doorlooptijd,
}

/// The expected end date of an open zaak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verwachting {
    /// The date the citizen may expect a decision by.
    pub date: Date,
    /// Which field or rule gave it.
    pub source: Source,
    /// Whether the zaak is verlengd, so the date includes the verlenging.
    pub includes_verlenging: bool,
}

/// Whether a date the zaaksysteem set already includes a verlenging, for the case the
/// dates themselves cannot tell (see [`verwachte_einddatum`]). A per-gemeente setting:
/// it depends on the zaaksysteem and on how the gemeente's behandelaars work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpstreamDates {
    /// The zaaksysteem does not move its dates for a verlenging (Open Zaak): the portal
    /// adds the verlenging. The default: a date a few weeks late is a pleasant surprise,
    /// one a few weeks early is a broken promise and an apology for nothing.
    ExcludeVerlenging,
    /// The zaaksysteem (or the behandelaar) moves the date when the zaak is extended.
    IncludeVerlenging,
}

/// The expected end date of `zaak`, or `None` when there is none to show.
///
/// The date before any verlenging, first match wins:
/// 1. `einddatumGepland`;
/// 2. `uiterlijkeEinddatumAfdoening`;
/// 3. `startdatum` + the zaaktype's `doorlooptijd`.
///
/// A verlengde zaak's date moves by `verlenging.duur` unless the zaaksysteem already
/// moved it. That is detected, not assumed: Open Zaak 1.30 sets
/// `uiterlijkeEinddatumAfdoening` once, at creation, to startdatum + doorlooptijd (and
/// `einddatumGepland` to startdatum + servicenorm when the zaaktype has one), and moves
/// neither date when the zaak is extended (measured, on PATCH and through its verlengen
/// action). So, for a date the upstream set:
/// - equal to its creation value (startdatum + doorlooptijd, or + servicenorm for
///   `einddatumGepland`): the verlenging is added;
/// - equal to that plus the verlenging: it was moved already, and is taken as it is;
/// - anything else: `unclear` decides (the gemeente's setting).
///
/// The computed date of case 3 always gets the verlenging added.
///
/// An opschorting does not move the date: how long it lasts is unknown while it lasts,
/// and the page shows the suspension next to the date instead.
///
/// `None` when:
/// - the zaak is closed (`einddatum` set): its real end date is shown instead, and an
///   expected date in the past would only confuse;
/// - neither date is set and the zaaktype has no `doorlooptijd`;
/// - the zaaktype is not the zaak's (its `doorlooptijd` would be another process's);
/// - the date is outside the calendar.
pub fn verwachte_einddatum(
    zaak: &Zaak,
    zaaktype: &ZaakType,
    unclear: UpstreamDates,
) -> Option<Verwachting> {
    if zaak.einddatum.is_some() {
        return None;
    }
    let own_zaaktype = zaaktype.url == zaak.zaaktype;
    let after = |term: Option<crate::zgw::duration::IsoDuration>| {
        own_zaaktype
            .then(|| term?.add_to(zaak.startdatum))
            .flatten()
    };
    let doorlooptijd = after(zaaktype.doorlooptijd);
    // The values a zaaksysteem gives a date at creation: Open Zaak fills einddatumGepland
    // with startdatum + servicenorm when the zaaktype has one.
    let (base, source, creation) =
        match (zaak.einddatum_gepland, zaak.uiterlijke_einddatum_afdoening) {
            (Some(date), _) => (
                date,
                Source::Gepland,
                [after(zaaktype.servicenorm), doorlooptijd],
            ),
            (None, Some(date)) => (date, Source::UiterlijkeAfdoening, [doorlooptijd, None]),
            (None, None) => (doorlooptijd?, Source::Doorlooptijd, [doorlooptijd, None]),
        };
    let Some(duur) = zaak.verlengd().and_then(|v| v.duur) else {
        return Some(Verwachting {
            date: base,
            source,
            includes_verlenging: false,
        });
    };
    let creation: Vec<Date> = creation.into_iter().flatten().collect();
    let already_moved = match source {
        Source::Doorlooptijd => false,
        _ if creation.contains(&base) => false,
        _ if creation.iter().any(|c| duur.add_to(*c) == Some(base)) => true,
        _ => unclear == UpstreamDates::IncludeVerlenging,
    };
    let date = if already_moved {
        base
    } else {
        duur.add_to(base)?
    };
    Some(Verwachting {
        date,
        source,
        includes_verlenging: true,
    })
}

/// The day a step still to come may be expected, or `None`.
///
/// The Catalogi API gives a statustype a `doorlooptijd`: the norm for reaching a status of
/// that type, counted (like the zaaktype's) from the zaak's startdatum. A verlenging moves
/// it by its `duur`, as it moves the whole zaak. The eindstatus without a doorlooptijd of
/// its own is reached when the zaak is done: on `verwachting`, the zaak's expected date.
/// No step is expected after the zaak itself.
///
/// `None` when:
/// - the zaak is closed, or opgeschort: while it waits nobody knows for how long, and the
///   summary says that the dates move;
/// - the statustype has no doorlooptijd and is not the eindstatus (or the zaak has no
///   expected date);
/// - the statustype is not of the zaak's zaaktype;
/// - the day has passed (`today` is after it): a step to come with a date behind it would
///   be a promise already broken; the zaak's own "duurt langer" notice speaks for it.
pub fn step_verwacht(
    zaak: &Zaak,
    statustype: &StatusType,
    is_final: bool,
    verwachting: Option<&Verwachting>,
    today: Date,
) -> Option<Date> {
    if zaak.einddatum.is_some()
        || zaak.opgeschort().is_some()
        || statustype.zaaktype != zaak.zaaktype
    {
        return None;
    }
    let own = statustype.doorlooptijd.as_ref().and_then(|norm| {
        let date = norm.add_to(zaak.startdatum)?;
        match zaak.verlengd().and_then(|v| v.duur) {
            Some(duur) => duur.add_to(date),
            None => Some(date),
        }
    });
    let zaak_date = verwachting.map(|v| v.date);
    let date = match (own, zaak_date) {
        (Some(own), Some(zaak_date)) => own.min(zaak_date),
        (Some(own), None) => own,
        (None, Some(zaak_date)) if is_final => zaak_date,
        (None, _) => return None,
    };
    (date >= today).then_some(date)
}

/// Whether an open zaak is past its expected end date: `today` is after it (on the day
/// itself it is not late yet). Pass [`today_in_amsterdam`] as `today`.
///
/// A closed zaak is never overdue, and neither is a suspended (opgeschorte) one: while it
/// waits, usually for the citizen, the time does not count (the page says so), and
/// "duurt langer dan verwacht, onze excuses" would blame the gemeente for the wait.
pub fn is_overdue(zaak: &Zaak, verwachting: &Verwachting, today: Date) -> bool {
    zaak.einddatum.is_none() && zaak.opgeschort().is_none() && today > verwachting.date
}

/// Whether an open, running zaak has been without news for [`REASSURANCE_AFTER_DAYS`] or
/// more: counted from the latest status, or from `registered` when it has no status yet.
/// Pass `zaak_open` false for a closed or a suspended (opgeschorte) zaak: the latter
/// waits for something, usually for the citizen, and "we are still working on it" would
/// be untrue.
///
/// Days are counted on the Amsterdam calendar, not in hours: a status set at 16:00 is
/// "four weeks old" from the morning 28 days later, so the message does not appear in
/// the middle of a day, and the summer-time switch cannot shift it. Exactly 28 days
/// counts: four weeks without news is what the citizen is reassured about.
pub fn needs_reassurance(
    latest_status_set: Option<OffsetDateTime>,
    registered: Date,
    now: OffsetDateTime,
    zaak_open: bool,
) -> bool {
    if !zaak_open {
        return false;
    }
    let since = latest_status_set.map_or(registered, today_in_amsterdam);
    (today_in_amsterdam(now) - since).whole_days() >= REASSURANCE_AFTER_DAYS
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};
    use time::macros::{date, datetime};

    use super::*;

    const ZAAKTYPE: &str = "https://oz.example/catalogi/api/v1/zaaktypen/1";

    /// A zaak started on 2026-03-12; `extra` overrides or adds fields.
    fn zaak(extra: Value) -> Zaak {
        let mut value = json!({
            "url": "https://oz.example/zaken/api/v1/zaken/1",
            "identificatie": "Z-1",
            "zaaktype": ZAAKTYPE,
            "startdatum": "2026-03-12",
            "einddatum": null,
            "einddatumGepland": null,
            "uiterlijkeEinddatumAfdoening": null,
            "verlenging": {"reden": "", "duur": null},
            "opschorting": {"indicatie": false, "reden": ""}
        });
        for (key, v) in extra.as_object().unwrap() {
            value[key] = v.clone();
        }
        serde_json::from_value(value).unwrap()
    }

    fn zaaktype(doorlooptijd: Option<&str>) -> ZaakType {
        serde_json::from_value(json!({
            "url": ZAAKTYPE, "omschrijving": "Bezwaar",
            "indicatieInternOfExtern": "extern", "doorlooptijd": doorlooptijd
        }))
        .unwrap()
    }

    /// The expected date with the default for dates the portal cannot read.
    fn verwachte(zaak: &Zaak, zaaktype: &ZaakType) -> Option<Verwachting> {
        verwachte_einddatum(zaak, zaaktype, UpstreamDates::ExcludeVerlenging)
    }

    fn verlengd(duur: &str) -> Value {
        json!({"reden": "Advies nodig", "duur": duur})
    }

    #[test]
    fn einddatum_gepland_comes_first() {
        let z = zaak(json!({
            "einddatumGepland": "2026-04-20",
            "uiterlijkeEinddatumAfdoening": "2026-05-07"
        }));
        assert_eq!(
            verwachte(&z, &zaaktype(Some("P56D"))),
            Some(Verwachting {
                date: date!(2026 - 04 - 20),
                source: Source::Gepland,
                includes_verlenging: false,
            })
        );
    }

    #[test]
    fn then_uiterlijke_einddatum_afdoening() {
        let z = zaak(json!({"uiterlijkeEinddatumAfdoening": "2026-05-07"}));
        assert_eq!(
            verwachte(&z, &zaaktype(Some("P8W"))),
            Some(Verwachting {
                date: date!(2026 - 05 - 07),
                source: Source::UiterlijkeAfdoening,
                includes_verlenging: false,
            })
        );
        // Open Zaak's empty string for gepland is "not set".
        let z = zaak(json!({"einddatumGepland": "", "uiterlijkeEinddatumAfdoening": "2026-05-07"}));
        assert_eq!(
            verwachte(&z, &zaaktype(None)).map(|v| v.source),
            Some(Source::UiterlijkeAfdoening)
        );
    }

    #[test]
    fn then_startdatum_plus_doorlooptijd() {
        assert_eq!(
            verwachte(&zaak(json!({})), &zaaktype(Some("P56D"))),
            Some(Verwachting {
                date: date!(2026 - 05 - 07),
                source: Source::Doorlooptijd,
                includes_verlenging: false,
            })
        );
        // Months stay calendar months.
        let z = zaak(json!({"startdatum": "2026-01-31"}));
        assert_eq!(
            verwachte(&z, &zaaktype(Some("P1M"))).map(|v| v.date),
            Some(date!(2026 - 02 - 28))
        );
    }

    #[test]
    fn a_verlenging_is_added_to_the_doorlooptijd() {
        let z = zaak(json!({"verlenging": verlengd("P6W")}));
        assert_eq!(
            verwachte(&z, &zaaktype(Some("P8W"))),
            Some(Verwachting {
                // 2026-03-12 + 56 days = 2026-05-07, + 42 days = 2026-06-18.
                date: date!(2026 - 06 - 18),
                source: Source::Doorlooptijd,
                includes_verlenging: true,
            })
        );
        // Calendar units: the verlenging is added after the doorlooptijd.
        let z = zaak(json!({"startdatum": "2026-01-31", "verlenging": verlengd("P1M")}));
        assert_eq!(
            verwachte(&z, &zaaktype(Some("P1M"))).map(|v| v.date),
            Some(date!(2026 - 03 - 28))
        );
    }

    #[test]
    fn a_verlenging_is_not_added_again_to_an_upstream_date() {
        let z = zaak(json!({"einddatumGepland": "2026-06-18", "verlenging": verlengd("P6W")}));
        assert_eq!(
            verwachte(&z, &zaaktype(Some("P8W"))),
            Some(Verwachting {
                date: date!(2026 - 06 - 18),
                source: Source::Gepland,
                includes_verlenging: true,
            })
        );
        let z = zaak(json!({
            "uiterlijkeEinddatumAfdoening": "2026-06-18",
            "verlenging": verlengd("P6W")
        }));
        assert_eq!(
            verwachte(&z, &zaaktype(Some("P8W"))).map(|v| (v.date, v.source)),
            Some((date!(2026 - 06 - 18), Source::UiterlijkeAfdoening))
        );
    }

    #[test]
    fn open_zaaks_unmoved_creation_date_gets_the_verlenging() {
        // Open Zaak 1.30: started 2026-10-24, doorlooptijd P8W, so it sets
        // uiterlijkeEinddatumAfdoening to 2026-12-19 at creation and leaves it there when
        // the zaak is extended by P4W; einddatumGepland stays empty.
        let z = zaak(json!({
            "startdatum": "2026-10-24",
            "einddatumGepland": null,
            "uiterlijkeEinddatumAfdoening": "2026-12-19",
            "verlenging": verlengd("P4W")
        }));
        for unclear in [
            UpstreamDates::ExcludeVerlenging,
            UpstreamDates::IncludeVerlenging,
        ] {
            assert_eq!(
                verwachte_einddatum(&z, &zaaktype(Some("P8W")), unclear),
                Some(Verwachting {
                    date: date!(2027 - 01 - 16),
                    source: Source::UiterlijkeAfdoening,
                    includes_verlenging: true,
                }),
                "{unclear:?}"
            );
        }
        // Without the verlenging, the creation date is the date.
        let z = zaak(json!({
            "startdatum": "2026-10-24",
            "uiterlijkeEinddatumAfdoening": "2026-12-19"
        }));
        assert_eq!(
            verwachte(&z, &zaaktype(Some("P8W"))).map(|v| (v.date, v.includes_verlenging)),
            Some((date!(2026 - 12 - 19), false))
        );
    }

    #[test]
    fn the_corrected_date_decides_overdue() {
        // Started 60 days before today with P8W + P4W: the doorlooptijd has passed, the
        // extended term has not. No "duurt langer dan verwacht", no apology.
        let today = date!(2026 - 12 - 03);
        let start = today - time::Duration::days(60);
        let creation = start + time::Duration::weeks(8);
        let z = zaak(json!({
            "startdatum": start.to_string(),
            "uiterlijkeEinddatumAfdoening": creation.to_string(),
            "verlenging": verlengd("P4W")
        }));
        let v = verwachte(&z, &zaaktype(Some("P8W"))).unwrap();
        assert_eq!(v.date, start + time::Duration::weeks(12));
        assert!(!is_overdue(&z, &v, today));
        // Without the verlenging it would have been late.
        let unextended = zaak(json!({
            "startdatum": start.to_string(),
            "uiterlijkeEinddatumAfdoening": creation.to_string()
        }));
        let v = verwachte(&unextended, &zaaktype(Some("P8W"))).unwrap();
        assert!(is_overdue(&unextended, &v, today));
    }

    #[test]
    fn a_date_the_portal_cannot_read_follows_the_gemeentes_setting() {
        // A behandelaar planned 2026-04-20 (neither the creation value 2026-05-07 nor that
        // plus the verlenging); then the zaak was extended by P6W.
        let z = zaak(json!({"einddatumGepland": "2026-04-20", "verlenging": verlengd("P6W")}));
        let t = zaaktype(Some("P8W"));
        assert_eq!(
            verwachte_einddatum(&z, &t, UpstreamDates::ExcludeVerlenging).map(|v| v.date),
            Some(date!(2026 - 06 - 01))
        );
        assert_eq!(
            verwachte_einddatum(&z, &t, UpstreamDates::IncludeVerlenging).map(|v| v.date),
            Some(date!(2026 - 04 - 20))
        );
        // Without a doorlooptijd there is no creation value to compare with: the setting.
        let z = zaak(
            json!({"uiterlijkeEinddatumAfdoening": "2026-05-07", "verlenging": verlengd("P6W")}),
        );
        assert_eq!(
            verwachte_einddatum(&z, &zaaktype(None), UpstreamDates::ExcludeVerlenging)
                .map(|v| v.date),
            Some(date!(2026 - 06 - 18))
        );
        assert_eq!(
            verwachte_einddatum(&z, &zaaktype(None), UpstreamDates::IncludeVerlenging)
                .map(|v| v.date),
            Some(date!(2026 - 05 - 07))
        );
    }

    #[test]
    fn a_verlenging_without_duur_is_no_verlenging() {
        let z = zaak(json!({"verlenging": {"reden": "Advies nodig", "duur": null}}));
        assert_eq!(
            verwachte(&z, &zaaktype(Some("P56D"))),
            Some(Verwachting {
                date: date!(2026 - 05 - 07),
                source: Source::Doorlooptijd,
                includes_verlenging: false,
            })
        );
    }

    #[test]
    fn an_opschorting_does_not_move_the_date() {
        let suspended = json!({"indicatie": true, "reden": "Wacht op aanvullende stukken"});
        for extra in [
            json!({}),
            json!({"einddatumGepland": "2026-04-20"}),
            json!({"uiterlijkeEinddatumAfdoening": "2026-05-07"}),
        ] {
            let running = zaak(extra.clone());
            let mut extra = extra;
            extra["opschorting"] = suspended.clone();
            let z = zaak(extra);
            assert!(z.opgeschort().is_some());
            assert_eq!(
                verwachte(&z, &zaaktype(Some("P56D"))),
                verwachte(&running, &zaaktype(Some("P56D")))
            );
            assert!(verwachte(&z, &zaaktype(Some("P56D"))).is_some());
        }
    }

    #[test]
    fn no_dates_and_no_doorlooptijd_give_none() {
        assert_eq!(verwachte(&zaak(json!({})), &zaaktype(None)), None);
        // A verlenging alone gives no date either.
        let z = zaak(json!({"verlenging": verlengd("P6W")}));
        assert_eq!(verwachte(&z, &zaaktype(None)), None);
    }

    #[test]
    fn a_closed_zaak_has_no_expected_date() {
        let z = zaak(json!({"einddatum": "2026-04-01", "einddatumGepland": "2026-04-20"}));
        assert_eq!(verwachte(&z, &zaaktype(Some("P56D"))), None);
        let z = zaak(json!({"einddatum": "2026-04-01"}));
        assert_eq!(verwachte(&z, &zaaktype(Some("P56D"))), None);
    }

    #[test]
    fn another_zaaktypes_doorlooptijd_is_not_used() {
        let mut other = zaaktype(Some("P56D"));
        other.url = "https://oz.example/catalogi/api/v1/zaaktypen/2"
            .parse()
            .unwrap();
        assert_eq!(verwachte(&zaak(json!({})), &other), None);
        // The zaak's own dates do not depend on the zaaktype.
        let z = zaak(json!({"einddatumGepland": "2026-04-20"}));
        assert!(verwachte(&z, &other).is_some());
    }

    #[test]
    fn a_date_outside_the_calendar_gives_none() {
        let z = zaak(json!({"startdatum": "9999-06-01"}));
        assert_eq!(verwachte(&z, &zaaktype(Some("P1Y"))), None);
        let z = zaak(json!({"startdatum": "9999-06-01", "verlenging": verlengd("P1Y")}));
        assert_eq!(verwachte(&z, &zaaktype(Some("P1M"))), None);
    }

    #[test]
    fn overdue_only_after_the_expected_date() {
        let z = zaak(json!({}));
        let v = verwachte(&z, &zaaktype(Some("P56D"))).unwrap();
        assert_eq!(v.date, date!(2026 - 05 - 07));
        assert!(!is_overdue(&z, &v, date!(2026 - 05 - 06)));
        assert!(!is_overdue(&z, &v, date!(2026 - 05 - 07)));
        assert!(is_overdue(&z, &v, date!(2026 - 05 - 08)));
    }

    #[test]
    fn open_zaaks_servicenorm_date_in_einddatum_gepland_gets_the_verlenging() {
        // Open Zaak fills einddatumGepland with startdatum + servicenorm (P7D here).
        let mut t = zaaktype(Some("P14D"));
        t.servicenorm = "P7D".parse().ok();
        let z = zaak(json!({
            "startdatum": "2026-11-21",
            "einddatumGepland": "2026-11-28",
            "uiterlijkeEinddatumAfdoening": "2026-12-05",
            "verlenging": verlengd("P7D")
        }));
        for unclear in [
            UpstreamDates::ExcludeVerlenging,
            UpstreamDates::IncludeVerlenging,
        ] {
            assert_eq!(
                verwachte_einddatum(&z, &t, unclear).map(|v| (v.date, v.source)),
                Some((date!(2026 - 12 - 05), Source::Gepland)),
                "{unclear:?}"
            );
        }
    }

    #[test]
    fn a_suspended_zaak_is_not_overdue() {
        // Open Zaak's opgeschorte parkeervergunning: gepland 2026-11-28, waiting for the
        // citizen on 2026-12-03.
        let waiting = zaak(json!({
            "einddatumGepland": "2026-11-28",
            "opschorting": {"indicatie": true, "reden": "Wij wachten op informatie van u"}
        }));
        let v = verwachte(&waiting, &zaaktype(Some("P14D"))).unwrap();
        assert!(!is_overdue(&waiting, &v, date!(2026 - 12 - 03)));
        let running = zaak(json!({"einddatumGepland": "2026-11-28"}));
        assert!(is_overdue(&running, &v, date!(2026 - 12 - 03)));
    }

    #[test]
    fn a_closed_zaak_is_never_overdue() {
        let open = zaak(json!({}));
        let v = verwachte(&open, &zaaktype(Some("P56D"))).unwrap();
        let closed = zaak(json!({"einddatum": "2026-06-01"}));
        assert!(!is_overdue(&closed, &v, date!(2026 - 07 - 01)));
    }

    #[test]
    fn reassurance_from_the_latest_status_at_four_weeks() {
        let set = datetime!(2026-03-02 15:00 UTC);
        let at = |day: &str| {
            let now = time::PrimitiveDateTime::parse(
                &format!("{day} 08:00"),
                time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]"),
            )
            .unwrap()
            .assume_utc();
            needs_reassurance(Some(set), date!(2026 - 01 - 01), now, true)
        };
        // 27, 28 and 29 calendar days later; the summer-time switch of 29 March lies
        // in between and changes nothing.
        assert!(!at("2026-03-29"));
        assert!(at("2026-03-30"));
        assert!(at("2026-03-31"));
        // The registration date is ignored when there is a status.
        assert!(!needs_reassurance(
            Some(set),
            date!(2025 - 01 - 01),
            datetime!(2026-03-03 08:00 UTC),
            true
        ));
    }

    #[test]
    fn reassurance_from_the_registration_without_status() {
        let registered = date!(2026 - 03 - 12);
        let check = |now| needs_reassurance(None, registered, now, true);
        assert!(!check(datetime!(2026-04-08 10:00 UTC))); // 27 days
        assert!(check(datetime!(2026-04-09 10:00 UTC))); // 28 days
        assert!(check(datetime!(2026-04-10 10:00 UTC))); // 29 days

        // 22:30 UTC on day 27 is already day 28 in Amsterdam.
        assert!(check(datetime!(2026-04-08 22:30 UTC)));
    }

    #[test]
    fn days_are_counted_on_the_amsterdam_calendar() {
        // Set late on 1 July in Amsterdam (23:30 CEST = 21:30 UTC).
        let set = datetime!(2026-07-01 21:30 UTC);
        let registered = date!(2026 - 07 - 01);
        // 29 July 00:10 in Amsterdam is 28 days later, though not 28 × 24 hours.
        assert!(needs_reassurance(
            Some(set),
            registered,
            datetime!(2026-07-28 22:10 UTC),
            true
        ));
        assert!(!needs_reassurance(
            Some(set),
            registered,
            datetime!(2026-07-28 21:50 UTC),
            true
        ));
    }

    #[test]
    fn a_closed_zaak_needs_no_reassurance() {
        assert!(!needs_reassurance(
            Some(datetime!(2025-01-01 12:00 UTC)),
            date!(2025 - 01 - 01),
            datetime!(2026-03-12 12:00 UTC),
            false
        ));
        assert!(!needs_reassurance(
            None,
            date!(2025 - 01 - 01),
            datetime!(2026-03-12 12:00 UTC),
            false
        ));
    }

    #[test]
    fn a_status_in_the_future_needs_no_reassurance() {
        // Clock skew upstream: a negative age is not "old".
        assert!(!needs_reassurance(
            Some(datetime!(2026-04-12 12:00 UTC)),
            date!(2026 - 03 - 01),
            datetime!(2026-03-12 12:00 UTC),
            true
        ));
    }

    fn step(doorlooptijd: Option<&str>) -> StatusType {
        serde_json::from_value(json!({
            "url": "https://oz.example/catalogi/api/v1/statustypen/3",
            "omschrijving": "Opname woning", "zaaktype": ZAAKTYPE, "volgnummer": 3,
            "doorlooptijd": doorlooptijd
        }))
        .unwrap()
    }

    #[test]
    fn a_step_to_come_is_expected_its_doorlooptijd_after_the_start_moved_by_a_verlenging() {
        // Started 12 March; the zaak is expected on 23 April (P6W).
        let today = date!(2026 - 03 - 20);
        let plain = zaak(json!({}));
        let zaaktype = zaaktype(Some("P6W"));
        let verwachting = verwachte(&plain, &zaaktype);
        assert_eq!(
            step_verwacht(
                &plain,
                &step(Some("P3W")),
                false,
                verwachting.as_ref(),
                today
            ),
            Some(date!(2026 - 04 - 02))
        );
        // Extended by four weeks: the step moves with the zaak.
        let verlengd = zaak(json!({"verlenging": {"reden": "Advies", "duur": "P4W"}}));
        let verwachting = verwachte(&verlengd, &zaaktype);
        assert_eq!(verwachting.map(|v| v.date), Some(date!(2026 - 05 - 21)));
        assert_eq!(
            step_verwacht(
                &verlengd,
                &step(Some("P3W")),
                false,
                verwachting.as_ref(),
                today
            ),
            Some(date!(2026 - 04 - 30))
        );
    }

    #[test]
    fn the_eindstatus_is_expected_with_the_zaak_and_no_step_after_it() {
        let today = date!(2026 - 03 - 20);
        let plain = zaak(json!({}));
        let verwachting = verwachte(&plain, &zaaktype(Some("P6W")));
        assert_eq!(
            step_verwacht(&plain, &step(None), true, verwachting.as_ref(), today),
            Some(date!(2026 - 04 - 23)),
            "no norm of its own: the zaak's date"
        );
        assert_eq!(
            step_verwacht(&plain, &step(None), false, verwachting.as_ref(), today),
            None,
            "another step without a norm has no date"
        );
        assert_eq!(
            step_verwacht(
                &plain,
                &step(Some("P10W")),
                false,
                verwachting.as_ref(),
                today
            ),
            Some(date!(2026 - 04 - 23)),
            "a norm past the zaak's own date is capped by it"
        );
    }

    #[test]
    fn no_step_date_while_opgeschort_for_a_closed_zaak_or_once_it_has_passed() {
        let zaaktype = zaaktype(Some("P6W"));
        let opgeschort = zaak(json!({"opschorting": {"indicatie": true, "reden": "Wacht op u"}}));
        let verwachting = verwachte(&opgeschort, &zaaktype);
        assert_eq!(
            step_verwacht(
                &opgeschort,
                &step(Some("P3W")),
                false,
                verwachting.as_ref(),
                date!(2026 - 03 - 20)
            ),
            None
        );
        let closed = zaak(json!({"einddatum": "2026-03-30"}));
        assert_eq!(
            step_verwacht(
                &closed,
                &step(Some("P3W")),
                false,
                None,
                date!(2026 - 03 - 20)
            ),
            None
        );
        let plain = zaak(json!({}));
        let verwachting = verwachte(&plain, &zaaktype);
        let due = date!(2026 - 04 - 02);
        assert_eq!(
            step_verwacht(&plain, &step(Some("P3W")), false, verwachting.as_ref(), due),
            Some(due),
            "on the day itself it still holds"
        );
        assert_eq!(
            step_verwacht(
                &plain,
                &step(Some("P3W")),
                false,
                verwachting.as_ref(),
                due + time::Duration::days(1)
            ),
            None
        );
    }
}

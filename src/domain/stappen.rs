//! The steps of a zaak as the citizen sees them: the statussen it reached, in time order,
//! followed by the steps still to come.

use time::{Date, OffsetDateTime};

use crate::zgw::types::{Status, StatusType};

/// The label of a status whose statustype is not in the catalogus the portal has.
pub const UNKNOWN_STATUS_LABEL: &str = "Status bijgewerkt";

/// The label of the step a zaak without any status is in.
pub const RECEIVED_LABEL: &str = "Ontvangen";

/// When a step was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reached {
    /// The moment a status was set (`datumStatusGezet`).
    At(OffsetDateTime),
    /// Only the day is known: the registration date of a zaak without a status.
    On(Date),
}

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    /// Reached earlier.
    Done,
    /// The latest reached step (`aria-current="step"`).
    Current,
    /// Still to come.
    Upcoming,
    /// Passed over: the zaak went from an earlier step to a later one without it.
    Skipped,
}

/// One step for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The citizen's text for the step.
    pub label: String,
    /// The behandelaar's note with a reached status.
    pub toelichting: Option<String>,
    /// When it was reached; `None` for upcoming steps.
    pub reached: Option<Reached>,
    /// Done, current or upcoming.
    pub state: StepState,
    /// The statustype's volgnummer; `None` for an unknown statustype and for the
    /// synthetic "Ontvangen" step.
    pub volgnummer: Option<i64>,
    /// Whether the step is the zaaktype's eindstatus.
    pub is_final: bool,
    /// The gemeente's plain explanation of the step, from its texts
    /// ([`crate::content::Content`]); `process_steps` leaves it empty for the use case.
    pub uitleg: Option<String>,
    /// For a step to come: the day it may be expected (`termijn::step_verwacht`), filled
    /// by the use case like `uitleg`.
    pub verwacht: Option<Date>,
    /// The step's place among the zaaktype's statustypen ([`stap_van`]), for its marker:
    /// the same number as "stap x van y". Filled by the use case; `None` for a statustype
    /// the catalogue does not have.
    pub plaats: Option<usize>,
}

/// The steps of a zaak: its statussen in time order, then the statustypen still to come.
///
/// - Reached steps are `statussen` sorted by `datumStatusGezet`, oldest first, whatever
///   order they come in (Open Zaak answers newest first). Statussen set at the same
///   moment are ordered by volgnummer, then kept in input order.
/// - The latest reached step is [`StepState::Current`], earlier ones [`StepState::Done`].
///   That holds for an eindstatus too: it stays `Current` (with `is_final`), because
///   `aria-current="step"` marks where the zaak is, and a closed zaak is at its end; the
///   page may style a final current step as finished. The rejected alternative, marking
///   it `Done`, would leave a list without a current step.
/// - A zaak can go back to an earlier status. Every reached status is shown, in time
///   order, also when a statustype repeats. Upcoming steps are the statustypen whose
///   volgnummer is greater than that of the *latest* reached step, not the highest ever
///   reached: after going back from step 3 to step 2, step 3 is to come again. The latest
///   reached step whose statustype is known decides; when none is known the portal
///   cannot tell where the zaak is, and shows no upcoming steps rather than wrong ones.
/// - A statustype the zaak went past without reaching it (say 1 → 3, so 2 was not needed)
///   stays in the list as [`StepState::Skipped`], just before the first reached step that
///   comes after it, so the steps keep their places and numbers from one visit to the
///   next. Only steps between the lowest and the latest reached volgnummer count as
///   skipped: a zaak whose first status is step 2 simply starts there. The rejected
///   alternative, leaving skipped steps out, made a step the citizen had seen as "to
///   come" vanish and renumbered the rest.
/// - After an eindstatus there are no upcoming steps.
/// - A zaak without any status shows one current step "Ontvangen" on `registered`,
///   followed by every statustype except the one with volgnummer 1, which is that
///   "received" step itself.
///
/// Labels are the statustype's `statustekst` when it has one, else its `omschrijving`,
/// else "Status bijgewerkt" (also for a statustype that is not in `statustypen`).
/// `is_final` is the statustype's `isEindstatus`; when the catalogus does not send it,
/// the statustype with the highest volgnummer is the eindstatus, as the Catalogi API
/// defines it.
pub fn process_steps(
    statussen: &[Status],
    statustypen: &[StatusType],
    registered: Date,
) -> Vec<Step> {
    let highest = statustypen.iter().map(|t| t.volgnummer).max();
    let is_final = |t: &StatusType| t.is_eindstatus.unwrap_or(Some(t.volgnummer) == highest);
    let type_of = |status: &Status| statustypen.iter().find(|t| t.url == status.statustype);

    let mut reached: Vec<(&Status, Option<&StatusType>)> =
        statussen.iter().map(|s| (s, type_of(s))).collect();
    // A stable sort: equal keys keep their input order.
    reached.sort_by_key(|(s, t)| (s.datum_status_gezet, t.map(|t| t.volgnummer)));

    let mut steps: Vec<Step> = Vec::with_capacity(reached.len() + statustypen.len());
    let after: Option<i64> = if reached.is_empty() {
        steps.push(Step {
            label: RECEIVED_LABEL.to_owned(),
            toelichting: None,
            reached: Some(Reached::On(registered)),
            state: StepState::Current,
            volgnummer: None,
            is_final: false,
            uitleg: None,
            verwacht: None,
            plaats: None,
        });
        Some(FIRST_VOLGNUMMER)
    } else {
        let last = reached.len() - 1;
        let mut skipped = skipped_types(&reached, statustypen);
        for (i, (status, statustype)) in reached.iter().enumerate() {
            if let Some(t) = statustype {
                while skipped.first().is_some_and(|s| s.volgnummer < t.volgnummer) {
                    let s = skipped.remove(0);
                    steps.push(Step {
                        label: status_label(s),
                        toelichting: None,
                        reached: None,
                        state: StepState::Skipped,
                        volgnummer: Some(s.volgnummer),
                        is_final: false,
                        uitleg: None,
                        verwacht: None,
                        plaats: None,
                    });
                }
            }
            steps.push(Step {
                label: statustype.map_or_else(|| UNKNOWN_STATUS_LABEL.to_owned(), status_label),
                toelichting: status.statustoelichting.clone(),
                reached: Some(Reached::At(status.datum_status_gezet)),
                state: if i == last {
                    StepState::Current
                } else {
                    StepState::Done
                },
                volgnummer: statustype.map(|t| t.volgnummer),
                is_final: statustype.is_some_and(is_final),
                uitleg: None,
                verwacht: None,
                plaats: None,
            });
        }
        let latest_known = reached.iter().rev().find_map(|(_, t)| *t);
        match latest_known {
            Some(t) if is_final(t) => None,
            Some(t) => Some(t.volgnummer),
            None => None,
        }
    };

    if let Some(after) = after {
        let mut upcoming: Vec<&StatusType> = statustypen
            .iter()
            .filter(|t| {
                if reached.is_empty() {
                    t.volgnummer != FIRST_VOLGNUMMER
                } else {
                    t.volgnummer > after
                }
            })
            .collect();
        upcoming.sort_by_key(|t| t.volgnummer);
        steps.extend(upcoming.into_iter().map(|t| Step {
            label: status_label(t),
            toelichting: None,
            reached: None,
            state: StepState::Upcoming,
            volgnummer: Some(t.volgnummer),
            is_final: is_final(t),
            uitleg: None,
            verwacht: None,
            plaats: None,
        }));
    }
    steps
}

/// The statustypen never reached whose volgnummer lies between the lowest reached one
/// and the latest reached one, in volgnummer order.
fn skipped_types<'a>(
    reached: &[(&Status, Option<&'a StatusType>)],
    statustypen: &'a [StatusType],
) -> Vec<&'a StatusType> {
    let known = || reached.iter().filter_map(|(_, t)| *t);
    let (Some(lowest), Some(latest)) = (
        known().map(|t| t.volgnummer).min(),
        known().next_back().map(|t| t.volgnummer),
    ) else {
        return Vec::new();
    };
    let mut skipped: Vec<&StatusType> = statustypen
        .iter()
        .filter(|t| t.volgnummer > lowest && t.volgnummer < latest)
        .filter(|t| !known().any(|r| r.url == t.url))
        .collect();
    skipped.sort_by_key(|t| t.volgnummer);
    skipped
}

/// Where a zaak at the statustype with `volgnummer` is, for "stap 2 van 4": that
/// statustype's place among the zaaktype's statustypen and their number, in catalogue
/// order. `None` when the statustype is not among them.
///
/// Catalogue order, so that the overview (which knows only the current status) and the
/// zaak page say the same, and the number matches the step's marker in the list, where a
/// skipped step keeps its place. The rejected alternative, counting only the steps a zaak
/// goes through ("stap 2 van 3" after skipping one), needs the whole history and then
/// disagreed with the marker beside it.
pub fn stap_van(statustypen: &[StatusType], volgnummer: i64) -> Option<(usize, usize)> {
    let mut volgnummers: Vec<i64> = statustypen.iter().map(|t| t.volgnummer).collect();
    volgnummers.sort_unstable();
    volgnummers.dedup();
    let x = volgnummers.iter().position(|v| *v == volgnummer)?;
    Some((x + 1, volgnummers.len()))
}

/// Gives every step its place in the catalogue ([`stap_van`]) for its marker, so that the
/// markers say what "stap x van y" says: a zaak that went back from step 3 to step 2 shows
/// 1, 2, 3, 2, then 3 and 4 to come, and one whose first status is step 2 starts at 2. The
/// synthetic "Ontvangen" step of a zaak without a status is the statustype with volgnummer
/// 1. A step whose statustype the catalogue lacks gets none.
pub fn place_steps(steps: &mut [Step], statustypen: &[StatusType]) {
    for step in steps {
        step.plaats = step
            .statustype_in(statustypen)
            .and_then(|t| stap_van(statustypen, t.volgnummer))
            .map(|(x, _)| x);
    }
}

/// The volgnummer of a zaaktype's first step: the one a zaak without a status is at.
pub const FIRST_VOLGNUMMER: i64 = 1;

/// The statustype of a zaaktype's first step, when the catalogue has it.
pub fn first_statustype(statustypen: &[StatusType]) -> Option<&StatusType> {
    statustypen
        .iter()
        .find(|t| t.volgnummer == FIRST_VOLGNUMMER)
}

impl Step {
    /// The statustype this step stands for in `statustypen`: by its volgnummer; the
    /// synthetic "Ontvangen" step of a zaak without a status stands for the first.
    pub fn statustype_in<'a>(&self, statustypen: &'a [StatusType]) -> Option<&'a StatusType> {
        match (self.volgnummer, self.reached) {
            (Some(volgnummer), _) => statustypen.iter().find(|t| t.volgnummer == volgnummer),
            (None, Some(Reached::On(_))) => first_statustype(statustypen),
            (None, _) => None,
        }
    }
}

/// The citizen's text for a statustype: `statustekst`, else `omschrijving`, never empty.
pub fn status_label(statustype: &StatusType) -> String {
    [
        statustype.statustekst.as_deref(),
        Some(statustype.omschrijving.as_str()),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .find(|s| !s.is_empty())
    .unwrap_or(UNKNOWN_STATUS_LABEL)
    .to_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::macros::{date, datetime};

    use super::*;

    const ZAAK: &str = "https://oz.example/zaken/api/v1/zaken/1";
    const ZAAKTYPE: &str = "https://oz.example/catalogi/api/v1/zaaktypen/1";
    const REGISTERED: Date = date!(2026 - 03 - 12);

    fn statustype_url(n: i64) -> String {
        format!("https://oz.example/catalogi/api/v1/statustypen/{n}")
    }

    fn statustype(n: i64, omschrijving: &str, statustekst: &str) -> StatusType {
        serde_json::from_value(json!({
            "url": statustype_url(n), "omschrijving": omschrijving, "statustekst": statustekst,
            "zaaktype": ZAAKTYPE, "volgnummer": n, "isEindstatus": n == 4
        }))
        .unwrap()
    }

    /// Four steps; number 2 has no statustekst, number 4 is the eindstatus.
    fn catalogus() -> Vec<StatusType> {
        vec![
            statustype(1, "Ontvangen", "Wij hebben uw aanvraag ontvangen"),
            statustype(2, "In behandeling", ""),
            statustype(3, "Advies", "Wij vragen advies"),
            statustype(4, "Afgerond", "Uw aanvraag is afgehandeld"),
        ]
    }

    fn status(n: i64, at: &str, toelichting: &str) -> Status {
        serde_json::from_value(json!({
            "url": format!("https://oz.example/zaken/api/v1/statussen/{n}-{at}"),
            "zaak": ZAAK, "statustype": statustype_url(n),
            "datumStatusGezet": at, "statustoelichting": toelichting
        }))
        .unwrap()
    }

    fn labels(steps: &[Step]) -> Vec<(&str, StepState)> {
        steps.iter().map(|s| (s.label.as_str(), s.state)).collect()
    }

    #[test]
    fn reached_steps_then_upcoming_ones() {
        let statussen = [
            status(2, "2026-03-14T09:00:00+01:00", "Behandelaar toegewezen"),
            status(1, "2026-03-12T14:05:00+01:00", ""),
        ];
        let steps = process_steps(&statussen, &catalogus(), REGISTERED);
        assert_eq!(
            labels(&steps),
            [
                ("Wij hebben uw aanvraag ontvangen", StepState::Done),
                ("In behandeling", StepState::Current),
                ("Wij vragen advies", StepState::Upcoming),
                ("Uw aanvraag is afgehandeld", StepState::Upcoming),
            ]
        );
        assert_eq!(
            steps[0].reached,
            Some(Reached::At(datetime!(2026-03-12 14:05 +1)))
        );
        assert_eq!(steps[0].toelichting, None);
        assert_eq!(
            steps[1].toelichting.as_deref(),
            Some("Behandelaar toegewezen")
        );
        assert_eq!(steps[2].reached, None);
        assert_eq!(steps[2].toelichting, None);
        assert_eq!(
            steps.iter().map(|s| s.volgnummer).collect::<Vec<_>>(),
            [Some(1), Some(2), Some(3), Some(4)]
        );
        assert_eq!(
            steps.iter().map(|s| s.is_final).collect::<Vec<_>>(),
            [false, false, false, true]
        );
    }

    #[test]
    fn the_step_number_is_the_place_in_the_catalogue_as_on_the_markers() {
        assert_eq!(stap_van(&catalogus(), 2), Some((2, 4)));
        assert_eq!(stap_van(&catalogus(), 4), Some((4, 4)));
        // Step 2 skipped: from 1 straight to 3, which is still step 3, like its marker.
        let at = |n| status(n, &format!("2026-03-1{n}T09:00:00+01:00"), "");
        let steps = process_steps(&[at(1), at(3)], &catalogus(), REGISTERED);
        let current = steps
            .iter()
            .position(|s| s.state == StepState::Current)
            .unwrap();
        assert_eq!(stap_van(&catalogus(), 3), Some((current + 1, 4)));
        // Volgnummers with gaps count by place, not by value.
        let gaps = vec![
            statustype(10, "A", ""),
            statustype(20, "B", ""),
            statustype(30, "C", ""),
        ];
        assert_eq!(stap_van(&gaps, 20), Some((2, 3)));
        assert_eq!(stap_van(&gaps, 25), None);
        assert_eq!(stap_van(&[], 1), None);
    }

    #[test]
    fn the_markers_number_the_steps_by_their_place_in_the_catalogue() {
        let at = |n, day| status(n, &format!("2026-03-{day}T09:00:00+01:00"), "");
        let places = |statussen: &[Status]| {
            let mut steps = process_steps(statussen, &catalogus(), REGISTERED);
            place_steps(&mut steps, &catalogus());
            steps.iter().map(|s| s.plaats).collect::<Vec<_>>()
        };
        // Went back from 3 to 2: every reached status in time order, then 3 and 4 again.
        assert_eq!(
            places(&[at(1, 12), at(2, 13), at(3, 14), at(2, 15)]),
            [Some(1), Some(2), Some(3), Some(2), Some(3), Some(4)]
        );
        // The first status is step 2: the list starts there, and so do the numbers.
        assert_eq!(places(&[at(2, 12)]), [Some(2), Some(3), Some(4)]);
        // No status yet: "Ontvangen" is step 1.
        assert_eq!(places(&[]), [Some(1), Some(2), Some(3), Some(4)]);
    }

    #[test]
    fn newest_first_and_shuffled_input_give_the_same_order() {
        let a = status(1, "2026-03-12T14:05:00+01:00", "");
        let b = status(2, "2026-03-14T09:00:00+01:00", "");
        let c = status(3, "2026-03-20T11:30:00Z", "");
        let expected = process_steps(&[a.clone(), b.clone(), c.clone()], &catalogus(), REGISTERED);
        assert_eq!(
            labels(&expected)[..3],
            [
                ("Wij hebben uw aanvraag ontvangen", StepState::Done),
                ("In behandeling", StepState::Done),
                ("Wij vragen advies", StepState::Current),
            ]
        );
        for input in [
            [c.clone(), b.clone(), a.clone()],
            [b.clone(), c.clone(), a.clone()],
            [a.clone(), c.clone(), b.clone()],
        ] {
            assert_eq!(process_steps(&input, &catalogus(), REGISTERED), expected);
        }
    }

    #[test]
    fn order_is_by_instant_not_by_written_offset() {
        // 10:30+02:00 is 08:30 UTC, before 09:00Z.
        let later = status(2, "2026-06-01T09:00:00Z", "");
        let earlier = status(1, "2026-06-01T10:30:00+02:00", "");
        let steps = process_steps(&[later, earlier], &catalogus(), REGISTERED);
        assert_eq!(steps[0].volgnummer, Some(1));
        assert_eq!(steps[1].volgnummer, Some(2));
    }

    #[test]
    fn statussen_set_at_the_same_moment_follow_the_volgnummer() {
        let at = "2026-03-12T14:05:00+01:00";
        let steps = process_steps(
            &[status(2, at, ""), status(1, at, "")],
            &catalogus(),
            REGISTERED,
        );
        assert_eq!(steps[0].volgnummer, Some(1));
        assert_eq!(steps[1].volgnummer, Some(2));
        assert_eq!(steps[1].state, StepState::Current);
    }

    #[test]
    fn a_status_of_an_unknown_statustype_is_shown_as_bijgewerkt() {
        let statussen = [
            status(1, "2026-03-12T14:05:00+01:00", ""),
            status(99, "2026-03-13T10:00:00+01:00", "Intern overleg"),
        ];
        let steps = process_steps(&statussen, &catalogus(), REGISTERED);
        assert_eq!(
            labels(&steps),
            [
                ("Wij hebben uw aanvraag ontvangen", StepState::Done),
                ("Status bijgewerkt", StepState::Current),
                // The latest known step (1) decides what is still to come.
                ("In behandeling", StepState::Upcoming),
                ("Wij vragen advies", StepState::Upcoming),
                ("Uw aanvraag is afgehandeld", StepState::Upcoming),
            ]
        );
        assert_eq!(steps[1].volgnummer, None);
        assert!(!steps[1].is_final);
        assert_eq!(steps[1].toelichting.as_deref(), Some("Intern overleg"));
    }

    #[test]
    fn only_unknown_statustypen_give_no_upcoming_steps() {
        let statussen = [status(99, "2026-03-13T10:00:00+01:00", "")];
        let steps = process_steps(&statussen, &catalogus(), REGISTERED);
        assert_eq!(labels(&steps), [("Status bijgewerkt", StepState::Current)]);
        // Nor does an empty catalogus.
        let statussen = [status(2, "2026-03-13T10:00:00+01:00", "")];
        let steps = process_steps(&statussen, &[], REGISTERED);
        assert_eq!(labels(&steps), [("Status bijgewerkt", StepState::Current)]);
    }

    #[test]
    fn a_zaak_without_status_is_received_on_its_registration_date() {
        let steps = process_steps(&[], &catalogus(), REGISTERED);
        assert_eq!(
            labels(&steps),
            [
                ("Ontvangen", StepState::Current),
                ("In behandeling", StepState::Upcoming),
                ("Wij vragen advies", StepState::Upcoming),
                ("Uw aanvraag is afgehandeld", StepState::Upcoming),
            ]
        );
        assert_eq!(steps[0].reached, Some(Reached::On(REGISTERED)));
        assert_eq!(steps[0].volgnummer, None);
        assert!(!steps[0].is_final);
        // Without a catalogus: the one step.
        assert_eq!(
            labels(&process_steps(&[], &[], REGISTERED)),
            [("Ontvangen", StepState::Current)]
        );
    }

    #[test]
    fn the_eindstatus_is_current_and_final_with_nothing_after_it() {
        let statussen = [
            status(4, "2026-04-20T16:00:00+02:00", "Besluit verzonden"),
            status(2, "2026-03-14T09:00:00+01:00", ""),
            status(1, "2026-03-12T14:05:00+01:00", ""),
        ];
        let steps = process_steps(&statussen, &catalogus(), REGISTERED);
        assert_eq!(
            labels(&steps),
            [
                ("Wij hebben uw aanvraag ontvangen", StepState::Done),
                ("In behandeling", StepState::Done),
                // Step 3 was skipped: shown as such in its place, not as upcoming.
                ("Wij vragen advies", StepState::Skipped),
                ("Uw aanvraag is afgehandeld", StepState::Current),
            ]
        );
        assert!(steps[3].is_final);
        assert_eq!(steps[2].reached, None);
        assert!(steps.iter().all(|s| s.state != StepState::Upcoming));
    }

    #[test]
    fn an_eindstatus_flag_not_on_the_highest_volgnummer_still_ends_the_list() {
        let mut types = catalogus();
        types[2].is_eindstatus = Some(true); // "Advies" marked final.
        types[3].is_eindstatus = Some(false);
        let steps = process_steps(&[status(3, "2026-03-20T11:30:00Z", "")], &types, REGISTERED);
        assert_eq!(labels(&steps), [("Wij vragen advies", StepState::Current)]);
        assert!(steps[0].is_final);
    }

    #[test]
    fn without_is_eindstatus_the_highest_volgnummer_is_final() {
        let mut types = catalogus();
        for t in &mut types {
            t.is_eindstatus = None;
        }
        let steps = process_steps(&[status(4, "2026-03-20T11:30:00Z", "")], &types, REGISTERED);
        assert!(steps[0].is_final);
        let steps = process_steps(&[status(3, "2026-03-20T11:30:00Z", "")], &types, REGISTERED);
        assert_eq!(
            steps.iter().map(|s| s.is_final).collect::<Vec<_>>(),
            [false, true]
        );
    }

    #[test]
    fn going_back_shows_every_status_and_the_later_steps_again() {
        // 1 → 2 → 3 → back to 2: each reached status in time order, the last one current,
        // and step 3 is to come again.
        let statussen = [
            status(2, "2026-03-25T10:00:00+01:00", "Aanvullende stukken nodig"),
            status(3, "2026-03-20T10:00:00+01:00", ""),
            status(2, "2026-03-14T09:00:00+01:00", ""),
            status(1, "2026-03-12T14:05:00+01:00", ""),
        ];
        let steps = process_steps(&statussen, &catalogus(), REGISTERED);
        assert_eq!(
            labels(&steps),
            [
                ("Wij hebben uw aanvraag ontvangen", StepState::Done),
                ("In behandeling", StepState::Done),
                ("Wij vragen advies", StepState::Done),
                ("In behandeling", StepState::Current),
                ("Wij vragen advies", StepState::Upcoming),
                ("Uw aanvraag is afgehandeld", StepState::Upcoming),
            ]
        );
        assert_eq!(
            steps[3].toelichting.as_deref(),
            Some("Aanvullende stukken nodig")
        );
    }

    #[test]
    fn a_skipped_step_keeps_its_place_and_the_numbers_stay() {
        // 1 → 3: step 2 was not needed. Before and after, the list has four steps in the
        // same order.
        let before = process_steps(
            &[status(1, "2026-03-12T14:05:00+01:00", "")],
            &catalogus(),
            REGISTERED,
        );
        let statussen = [
            status(3, "2026-03-20T10:00:00+01:00", ""),
            status(1, "2026-03-12T14:05:00+01:00", ""),
        ];
        let after = process_steps(&statussen, &catalogus(), REGISTERED);
        assert_eq!(
            labels(&after),
            [
                ("Wij hebben uw aanvraag ontvangen", StepState::Done),
                ("In behandeling", StepState::Skipped),
                ("Wij vragen advies", StepState::Current),
                ("Uw aanvraag is afgehandeld", StepState::Upcoming),
            ]
        );
        let numbers = |steps: &[Step]| steps.iter().map(|s| s.volgnummer).collect::<Vec<_>>();
        assert_eq!(numbers(&before), numbers(&after));
        // Going back after a skip: 1 → 3 → 1. Step 2 was skipped when 3 was reached, and
        // is to come again now, with 3.
        let statussen = [
            status(1, "2026-03-25T10:00:00+01:00", ""),
            status(3, "2026-03-20T10:00:00+01:00", ""),
            status(1, "2026-03-12T14:05:00+01:00", ""),
        ];
        let back = process_steps(&statussen, &catalogus(), REGISTERED);
        assert_eq!(
            labels(&back),
            [
                ("Wij hebben uw aanvraag ontvangen", StepState::Done),
                ("Wij vragen advies", StepState::Done),
                ("Wij hebben uw aanvraag ontvangen", StepState::Current),
                ("In behandeling", StepState::Upcoming),
                ("Wij vragen advies", StepState::Upcoming),
                ("Uw aanvraag is afgehandeld", StepState::Upcoming),
            ]
        );
        // A zaak whose first status is step 2 starts there: nothing before it is skipped.
        let steps = process_steps(
            &[status(2, "2026-03-14T09:00:00+01:00", "")],
            &catalogus(),
            REGISTERED,
        );
        assert!(steps.iter().all(|s| s.state != StepState::Skipped));
    }

    #[test]
    fn upcoming_steps_follow_the_volgnummer_not_the_catalogus_order() {
        let mut types = catalogus();
        types.reverse();
        let steps = process_steps(
            &[status(1, "2026-03-12T14:05:00+01:00", "")],
            &types,
            REGISTERED,
        );
        assert_eq!(
            steps.iter().map(|s| s.volgnummer).collect::<Vec<_>>(),
            [Some(1), Some(2), Some(3), Some(4)]
        );
    }

    #[test]
    fn labels_prefer_statustekst_then_omschrijving() {
        assert_eq!(
            status_label(&statustype(1, "Ontvangen", "Wij hebben het")),
            "Wij hebben het"
        );
        assert_eq!(status_label(&statustype(1, "Ontvangen", "")), "Ontvangen");
        assert_eq!(
            status_label(&statustype(1, "Ontvangen", "   ")),
            "Ontvangen"
        );
        let no_tekst: StatusType = serde_json::from_value(json!({
            "url": statustype_url(1), "omschrijving": "Ontvangen",
            "zaaktype": ZAAKTYPE, "volgnummer": 1
        }))
        .unwrap();
        assert_eq!(status_label(&no_tekst), "Ontvangen");
        assert_eq!(status_label(&statustype(1, "", "")), "Status bijgewerkt");
    }
}

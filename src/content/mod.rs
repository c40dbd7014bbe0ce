//! The gemeente's own words for its zaaktypen: a plain explanation per step, what the
//! citizen must do at a step and by when, and a plain text per resultaat (README, "The
//! gemeente's texts"). Read at start from a TOML file (`MIJNZAKEN_CONTENT_FILE`) and
//! validated there, with errors that name the line. Keyed by the zaaktype's
//! `identificatie` and the statustype's `volgnummer` or `omschrijving`, and the
//! resultaattype's `omschrijving`, so the texts survive a new version of a zaaktype. Also
//! who documents of an informatieobjecttype come from, for documents whose dates do not
//! say it.
//! Without a text the pages use the zaaksysteem's own.
//!
//! TOML rather than YAML: its errors point at a line and column, it has no implicit
//! typing ("no" read as false), and the `toml` crate is already in the build.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use time::Date;
use url::Url;

use crate::zgw::duration::IsoDuration;

/// The longest text the file may hold in one field: a step's explanation is read on a
/// phone, not a letter.
const MAX_TEXT: usize = 1_000;

/// The longest termijn: ten years, far past any real one, and well inside the calendar.
const MAX_TERMIJN_DAYS: u32 = 3_650;

/// The gemeente's texts; empty when it has none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Content {
    zaaktypen: HashMap<String, ZaaktypeContent>,
    /// Who documents come from, by the informatieobjecttype's omschrijving (folded).
    herkomst: HashMap<String, DocumentHerkomst>,
}

/// Who documents of an informatieobjecttype come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentHerkomst {
    /// The aanvrager (the inwoner or ondernemer) sends them in: `"aanvrager"`.
    Aanvrager,
    /// The gemeente sends them: `"gemeente"`.
    Gemeente,
}

/// The texts of one zaaktype.
#[derive(Debug, Clone, Default, PartialEq)]
struct ZaaktypeContent {
    by_volgnummer: HashMap<i64, StepContent>,
    by_omschrijving: HashMap<String, StepContent>,
    resultaten: HashMap<String, String>,
}

/// The texts of one step (statustype).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepContent {
    /// What happens at this step, in plain words.
    pub uitleg: Option<String>,
    /// What the citizen must do while the zaak is at this step.
    pub actie: Option<Actie>,
}

/// Something the citizen must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actie {
    /// What to do, as one or two sentences.
    pub wat: String,
    /// How long they have, from the day the zaak reached the step.
    pub termijn: Option<IsoDuration>,
    /// Where to send it by e-mail.
    pub email: Option<String>,
    /// Where to do it online.
    pub link: Option<Link>,
}

impl Actie {
    /// The last day to act, for a step reached on `reached`.
    pub fn uiterlijk(&self, reached: Date) -> Option<Date> {
        self.termijn.as_ref()?.add_to(reached)
    }
}

/// A link with the words that say where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// An `https` URL.
    pub url: Url,
    /// The link text ("Stuur uw bankafschriften").
    pub tekst: String,
}

impl Content {
    /// The texts in `toml`; the error says what is wrong and on which line.
    pub fn parse(toml: &str) -> Result<Content, String> {
        let file: FileShape = toml::from_str(toml).map_err(|e| e.to_string())?;
        let mut zaaktypen = HashMap::new();
        for (identificatie, raw) in file.zaaktype {
            if identificatie.trim().is_empty() {
                return Err("a zaaktype key is blank: use the zaaktype's identificatie".to_owned());
            }
            let mut content = ZaaktypeContent::default();
            for (key, step) in raw.stap {
                if key.trim().is_empty() {
                    return Err(format!(
                        "zaaktype {identificatie:?}: a stap key is blank: use the statustype's \
                         volgnummer or omschrijving"
                    ));
                }
                let duplicate = match key.trim().parse::<u32>() {
                    Ok(volgnummer) => content
                        .by_volgnummer
                        .insert(i64::from(volgnummer), step)
                        .is_some(),
                    Err(_) => content.by_omschrijving.insert(fold(&key), step).is_some(),
                };
                if duplicate {
                    return Err(format!(
                        "zaaktype {identificatie:?}: stap {key:?} is given twice (as a \
                         number with and without leading zeros, or in other capitals)"
                    ));
                }
            }
            for (omschrijving, resultaat) in raw.resultaat {
                if omschrijving.trim().is_empty() {
                    return Err(format!(
                        "zaaktype {identificatie:?}: a resultaat key is blank: use the \
                         resultaattype's omschrijving"
                    ));
                }
                if content
                    .resultaten
                    .insert(fold(&omschrijving), resultaat.uitleg.0)
                    .is_some()
                {
                    return Err(format!(
                        "zaaktype {identificatie:?}: resultaat {omschrijving:?} is given twice \
                         (in other capitals)"
                    ));
                }
            }
            zaaktypen.insert(identificatie, content);
        }
        let mut herkomst = HashMap::new();
        for (omschrijving, shape) in file.informatieobjecttype {
            if omschrijving.trim().is_empty() {
                return Err("an informatieobjecttype key is blank: use its omschrijving".to_owned());
            }
            if herkomst
                .insert(fold(&omschrijving), shape.herkomst)
                .is_some()
            {
                return Err(format!(
                    "informatieobjecttype {omschrijving:?} is given twice (in other capitals)"
                ));
            }
        }
        Ok(Content {
            zaaktypen,
            herkomst,
        })
    }

    /// The texts of the demo's zaaktypen (`src/content/demo.toml`), which also serve as the
    /// example in the README.
    #[cfg(feature = "demo")]
    pub fn demo() -> Content {
        Content::parse(include_str!("demo.toml")).expect("the demo's texts are valid")
    }

    /// The texts of the step with `volgnummer` and `omschrijving` of the zaaktype
    /// `zaaktype` (its `identificatie`): by omschrijving, else by volgnummer. The
    /// omschrijving first, because it names the step itself: when a new version of the
    /// zaaktype renumbers its steps, a text keyed by omschrijving stays with its step, and
    /// one keyed by the old number cannot claim it.
    pub fn step(
        &self,
        zaaktype: &str,
        volgnummer: i64,
        omschrijving: &str,
    ) -> Option<&StepContent> {
        let content = self.zaaktypen.get(zaaktype)?;
        content
            .by_omschrijving
            .get(&fold(omschrijving))
            .or_else(|| content.by_volgnummer.get(&volgnummer))
    }

    /// Who documents of the informatieobjecttype with `omschrijving` come from.
    pub fn herkomst(&self, omschrijving: &str) -> Option<DocumentHerkomst> {
        self.herkomst.get(&fold(omschrijving)).copied()
    }

    /// The plain text of the resultaat whose resultaattype has `omschrijving`.
    pub fn resultaat(&self, zaaktype: &str, omschrijving: &str) -> Option<&str> {
        self.zaaktypen
            .get(zaaktype)?
            .resultaten
            .get(&fold(omschrijving))
            .map(String::as_str)
    }
}

/// Keys by omschrijving match whatever the capitals and the spaces around them.
fn fold(key: &str) -> String {
    key.trim().to_lowercase()
}

// The file's shape. Validation happens while deserializing, so that the `toml` crate's
// error names the line of the value that is wrong.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    #[serde(default)]
    zaaktype: BTreeMap<String, ZaaktypeShape>,
    #[serde(default)]
    informatieobjecttype: BTreeMap<String, InformatieobjecttypeShape>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InformatieobjecttypeShape {
    herkomst: DocumentHerkomst,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ZaaktypeShape {
    #[serde(default)]
    stap: BTreeMap<String, StepContent>,
    #[serde(default)]
    resultaat: BTreeMap<String, ResultaatShape>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResultaatShape {
    uitleg: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepShape {
    uitleg: Option<Text>,
    actie: Option<ActieShape>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActieShape {
    wat: Text,
    termijn: Option<Termijn>,
    email: Option<Email>,
    link: Option<HttpsUrl>,
    link_tekst: Option<Text>,
}

impl<'de> Deserialize<'de> for StepContent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let shape = StepShape::deserialize(deserializer)?;
        if shape.uitleg.is_none() && shape.actie.is_none() {
            return Err(D::Error::custom(
                "a stap needs an `uitleg`, an `actie`, or both",
            ));
        }
        let actie = match shape.actie {
            None => None,
            Some(a) => {
                let link = match (a.link, a.link_tekst) {
                    (Some(url), Some(tekst)) => Some(Link {
                        url: url.0,
                        tekst: tekst.0,
                    }),
                    (None, None) => None,
                    (Some(_), None) => {
                        return Err(D::Error::custom(
                            "an actie with a `link` needs a `link_tekst`: the words that say \
                             where it leads",
                        ))
                    }
                    (None, Some(_)) => {
                        return Err(D::Error::custom("`link_tekst` without a `link`"))
                    }
                };
                Some(Actie {
                    wat: a.wat.0,
                    termijn: a.termijn.map(|t| t.0),
                    email: a.email.map(|e| e.0),
                    link,
                })
            }
        };
        Ok(StepContent {
            uitleg: shape.uitleg.map(|t| t.0),
            actie,
        })
    }
}

/// A text for people: not blank, at most [`MAX_TEXT`] characters, one paragraph.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let text = String::deserialize(deserializer)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(D::Error::custom("the text is empty"));
        }
        if text.chars().count() > MAX_TEXT {
            return Err(D::Error::custom(format!(
                "the text is longer than {MAX_TEXT} characters"
            )));
        }
        if text.chars().any(char::is_control) {
            return Err(D::Error::custom(
                "the text holds a line break or another control character; one paragraph \
                 per text",
            ));
        }
        Ok(Text(text.to_owned()))
    }
}

/// A deadline: an ISO 8601 duration in whole days or weeks ("P14D", "P2W"), one day to
/// ten years.
struct Termijn(IsoDuration);

impl<'de> Deserialize<'de> for Termijn {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let raw = String::deserialize(deserializer)?;
        let duration: IsoDuration = raw.parse().map_err(|_| {
            D::Error::custom(format!(
                "expected an ISO 8601 duration in days or weeks, such as \"P14D\", not {raw:?}"
            ))
        })?;
        match duration.whole_days() {
            Some(days) if days > 0 && days <= MAX_TERMIJN_DAYS => Ok(Termijn(duration)),
            _ => Err(D::Error::custom(format!(
                "expected a duration of one day to ten years, in days or weeks (\"P14D\"), \
                 not {raw:?}"
            ))),
        }
    }
}

/// An e-mail address, roughly checked: a mistake here is seen by the gemeente at once.
struct Email(String);

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let raw = String::deserialize(deserializer)?;
        let ok = raw.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        }) && !raw.contains(|c: char| c.is_whitespace() || c.is_control() || c == '?');
        if ok {
            Ok(Email(raw))
        } else {
            Err(D::Error::custom(format!(
                "expected an e-mail address, not {raw:?}"
            )))
        }
    }
}

/// A link for citizens: `https` only.
struct HttpsUrl(Url);

impl<'de> Deserialize<'de> for HttpsUrl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let raw = String::deserialize(deserializer)?;
        match Url::parse(&raw) {
            Ok(url) if url.scheme() == "https" && url.host().is_some() => Ok(HttpsUrl(url)),
            _ => Err(D::Error::custom(format!(
                "expected an https:// address, not {raw:?}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"
[zaaktype.INKOMENSTOESLAG.stap.2]
uitleg = "We kunnen uw aanvraag pas beoordelen als we uw bankafschriften hebben."

[zaaktype.INKOMENSTOESLAG.stap.2.actie]
wat = "Stuur ons uw bankafschriften van de laatste 3 maanden."
termijn = "P14D"
email = "inkomen@example.org"
link = "https://www.example.org/bankafschriften"
link_tekst = "Stuur uw bankafschriften"

[zaaktype.INKOMENSTOESLAG.stap."Beoordeling"]
uitleg = "We kijken of u recht hebt op de toeslag."

[zaaktype.INKOMENSTOESLAG.resultaat.Toegekend]
uitleg = "U krijgt de toeslag."
"#;

    #[test]
    fn who_documents_come_from_by_informatieobjecttype_in_any_capitals() {
        let content = Content::parse(
            "[informatieobjecttype.Aanvraagformulier]\nherkomst = \"aanvrager\"\n\
             [informatieobjecttype.\"Besluit \"]\nherkomst = \"gemeente\"\n",
        )
        .unwrap();
        assert_eq!(
            content.herkomst("aanvraagformulier"),
            Some(DocumentHerkomst::Aanvrager)
        );
        assert_eq!(
            content.herkomst("Besluit"),
            Some(DocumentHerkomst::Gemeente)
        );
        assert_eq!(content.herkomst("Brief"), None);
        let wrong =
            Content::parse("[informatieobjecttype.Brief]\nherkomst = \"buurman\"\n").unwrap_err();
        assert!(wrong.contains("line 2"), "{wrong}");
        assert!(wrong.contains("aanvrager"), "{wrong}");
        let twice = Content::parse(
            "[informatieobjecttype.Brief]\nherkomst = \"gemeente\"\n\
             [informatieobjecttype.brief]\nherkomst = \"aanvrager\"\n",
        )
        .unwrap_err();
        assert!(twice.contains("twice"), "{twice}");
    }

    #[test]
    fn steps_are_found_by_omschrijving_then_by_volgnummer_in_any_capitals() {
        let content = Content::parse(EXAMPLE).unwrap();
        let step = content
            .step("INKOMENSTOESLAG", 2, "Wacht op gegevens")
            .unwrap();
        let actie = step.actie.as_ref().unwrap();
        assert_eq!(
            actie.wat,
            "Stuur ons uw bankafschriften van de laatste 3 maanden."
        );
        assert_eq!(actie.email.as_deref(), Some("inkomen@example.org"));
        assert_eq!(
            actie.link.as_ref().unwrap().tekst,
            "Stuur uw bankafschriften"
        );
        // A new version of the zaaktype renumbered the step: the omschrijving still finds it.
        let by_name = content
            .step("INKOMENSTOESLAG", 7, "  beoordeling ")
            .unwrap();
        assert_eq!(
            by_name.uitleg.as_deref(),
            Some("We kijken of u recht hebt op de toeslag.")
        );
        assert!(by_name.actie.is_none());
        // A new version dropped "Wacht op gegevens": "Beoordeling" is now number 2. Its own
        // text wins over the one keyed by the old number 2, with its request and deadline.
        let renumbered = content.step("INKOMENSTOESLAG", 2, "Beoordeling").unwrap();
        assert!(renumbered.actie.is_none());
        assert_eq!(content.step("INKOMENSTOESLAG", 1, "Ontvangen"), None);
        assert_eq!(content.step("ANDER-ZAAKTYPE", 2, "Beoordeling"), None);
        assert_eq!(
            content.resultaat("INKOMENSTOESLAG", "toegekend"),
            Some("U krijgt de toeslag.")
        );
        assert_eq!(content.resultaat("INKOMENSTOESLAG", "Afgewezen"), None);
    }

    #[test]
    fn the_deadline_counts_from_the_day_the_step_was_reached() {
        let content = Content::parse(EXAMPLE).unwrap();
        let actie = content
            .step("INKOMENSTOESLAG", 2, "")
            .and_then(|s| s.actie.clone())
            .unwrap();
        assert_eq!(
            actie.uiterlijk(time::macros::date!(2026 - 12 - 20)),
            Some(time::macros::date!(2027 - 01 - 03))
        );
        let weeks =
            Content::parse("[zaaktype.X.stap.1.actie]\nwat = \"Bel ons.\"\ntermijn = \"P2W\"\n")
                .unwrap();
        let actie = weeks
            .step("X", 1, "")
            .and_then(|s| s.actie.clone())
            .unwrap();
        assert_eq!(
            actie.uiterlijk(time::macros::date!(2026 - 12 - 03)),
            Some(time::macros::date!(2026 - 12 - 17))
        );
    }

    /// The error of `toml`, which must name the line (counting from 1) of the mistake.
    fn error_of(toml: &str) -> String {
        Content::parse(toml).expect_err("the file is invalid")
    }

    #[test]
    fn a_mistake_is_reported_with_its_line_and_what_is_wrong() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "[zaaktype.X.stap.1]\nuitleg = \"Goed.\"\n\n[zaaktype.X.stap.2.actie]\nwat = \"Bel.\"\ntermijn = \"14 dagen\"\n",
                "line 6",
                "ISO 8601",
            ),
            (
                "[zaaktype.X.stap.1]\nuitleg = \"Goed.\"\nuitlegg = \"typo\"\n",
                "line 3",
                "unknown field `uitlegg`",
            ),
            (
                "[zaaktype.X.stap.1.actie]\nwat = \"Kijk.\"\nlink = \"http://example.org/\"\nlink_tekst = \"Hier\"\n",
                "line 3",
                "https://",
            ),
            (
                "[zaaktype.X.stap.1]\nuitleg = \"\"\n",
                "line 2",
                "empty",
            ),
            (
                "[zaaktype.X.stap.1.actie]\nwat = \"Mail ons.\"\nemail = \"inkomen at example.org\"\n",
                "line 3",
                "e-mail",
            ),
            ("[zaaktype.X.stap.1]\n", "line 1", "needs an `uitleg`"),
            (
                "[zaaktype.X.stap.1.actie]\nwat = \"Kijk.\"\nlink = \"https://example.org/\"\n",
                "line 1",
                "link_tekst",
            ),
            (
                "[zaaktype.X.stap.1]\nuitleg = \"Een\"\n[zaaktype.X.stap.1]\nuitleg = \"Twee\"\n",
                "line 3",
                "duplicate",
            ),
            (
                "[zaaktype.X.stap.1.actie]\nwat = \"Kijk.\"\ntermijn = \"PT5M\"\n",
                "line 3",
                "one day to ten years",
            ),
            (
                "[zaaktype.X.resultaat.Verleend]\nuitleg = \"\"\"Twee\nregels\"\"\"\n",
                "line 2",
                "line break",
            ),
            ("[zaaktypen.X.stap.1]\nuitleg = \"Goed.\"\n", "line 1", "zaaktypen"),
            (
                "[zaaktype.X.stap.1.actie]\nwat = \"Kijk.\"\ntermijn = \"P99999999D\"\n",
                "line 3",
                "ten years",
            ),
        ];
        for (toml, line, what) in cases {
            let error = error_of(toml);
            assert!(
                error.contains(line) && error.contains(what),
                "for\n{toml}\nexpected {line} and {what:?} in:\n{error}"
            );
        }
    }

    #[test]
    fn the_same_step_twice_under_two_keys_is_refused() {
        let error = error_of(
            "[zaaktype.X.stap.\"2\"]\nuitleg = \"Een\"\n[zaaktype.X.stap.\"02\"]\nuitleg = \"Twee\"\n",
        );
        assert!(
            error.contains("\"X\"") && error.contains("twice"),
            "{error}"
        );
        let error = error_of(
            "[zaaktype.X.resultaat.Verleend]\nuitleg = \"Een\"\n[zaaktype.X.resultaat.verleend]\nuitleg = \"Twee\"\n",
        );
        assert!(error.contains("twice"), "{error}");
    }

    #[test]
    fn a_blank_key_is_refused() {
        for toml in [
            "[zaaktype.X.stap.\" \"]\nuitleg = \"Een\"\n",
            "[zaaktype.X.resultaat.\"\"]\nuitleg = \"Een\"\n",
            "[zaaktype.\" \".stap.1]\nuitleg = \"Een\"\n",
        ] {
            assert!(error_of(toml).contains("blank"), "{toml}");
        }
    }

    #[test]
    fn an_empty_file_is_no_texts() {
        let content = Content::parse("# nog niets\n").unwrap();
        assert_eq!(content, Content::default());
    }

    #[cfg(feature = "demo")]
    #[test]
    fn the_demo_texts_are_valid_and_ask_the_inkomenstoeslag_for_bankafschriften() {
        let content = Content::demo();
        let actie = content
            .step("INKOMENSTOESLAG", 2, "Wacht op gegevens")
            .and_then(|s| s.actie.clone())
            .expect("the demo's inkomenstoeslag asks for something");
        assert!(actie.wat.contains("bankafschriften"));
        assert!(actie.email.is_some() && actie.link.is_some() && actie.termijn.is_some());
    }
}

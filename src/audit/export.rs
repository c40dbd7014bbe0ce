//! `mijnzaken audit-export`: the records of a period, as CSV or JSON on stdout, for the
//! gemeente's privacy officer (FG) or an auditor.
//!
//! The period is a range of calendar days in Europe/Amsterdam, both ends included:
//! `--from 2026-11-01 --to 2026-11-30` is every record from 1 November 00:00 up to (not
//! including) 1 December 00:00, Amsterdam time. The output holds BSNs in clear: it is
//! personal data and must be handled as such.

use std::{
    io::{self, Write},
    process::ExitCode,
};

use anyhow::Context as _;
use serde::Serialize;
use time::{macros::format_description, Date, OffsetDateTime};

use super::{store::format_at, AuditLog, AuditRecord, AuditSettings};
use crate::domain::dates::amsterdam_offset;

/// The command's usage, printed for `--help` and after a bad argument.
pub const USAGE: &str = "\
Usage: mijnzaken audit-export --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json]

Writes the audit records of a period to stdout: every KCC look-up, zaak view and
document download from the start of --from up to the end of --to (both days included,
Europe/Amsterdam calendar days), oldest first. --format is csv (the default, with a
header row) or json (an array of objects). Times are in UTC.

The database is the portal's: MIJNZAKEN_DATABASE_URL (PostgreSQL) when set, otherwise
MIJNZAKEN_DATA_DIR/audit.sqlite3 (default ./data). The output contains BSNs.

Example: mijnzaken audit-export --from 2026-11-01 --to 2026-11-30 > audit-2026-11.csv";

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180 CSV with a header row.
    Csv,
    /// A JSON array of objects, one per line.
    Json,
}

/// The parsed arguments of `audit-export`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportArgs {
    /// The first day of the period (Amsterdam).
    pub from: Date,
    /// The last day of the period (Amsterdam), included.
    pub to: Date,
    /// CSV or JSON.
    pub format: Format,
}

/// Why the arguments were not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    /// `--help` or `-h`: print [`USAGE`] and stop, successfully.
    #[error("help requested")]
    Help,
    /// A missing, unknown or malformed argument.
    #[error("{0}")]
    Bad(String),
}

const DATE_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]");

impl ExportArgs {
    /// Parses the arguments after `audit-export`: `--from`, `--to` (required, each as
    /// `--from DATE` or `--from=DATE`) and `--format` (default `csv`).
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Self, UsageError> {
        let bad = |message: String| UsageError::Bad(message);
        let (mut from, mut to, mut format) = (None, None, None);
        let args: Vec<String> = args.into_iter().collect();
        if args.iter().any(|arg| arg == "-h" || arg == "--help") {
            return Err(UsageError::Help);
        }
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
                None => (arg.clone(), None),
            };
            if !matches!(name.as_str(), "--from" | "--to" | "--format") {
                return Err(bad(format!("unknown argument {arg:?}")));
            }
            let value = match inline {
                Some(value) => value,
                None => args
                    .next()
                    .ok_or_else(|| bad(format!("{name} needs a value")))?,
            };
            let duplicate = match name.as_str() {
                "--from" => from.replace(parse_date(&name, &value)?).is_some(),
                "--to" => to.replace(parse_date(&name, &value)?).is_some(),
                _ => format
                    .replace(match value.as_str() {
                        "csv" => Format::Csv,
                        "json" => Format::Json,
                        _ => return Err(bad(format!("--format is csv or json, not {value:?}"))),
                    })
                    .is_some(),
            };
            if duplicate {
                return Err(bad(format!("{name} is given twice")));
            }
        }
        let from = from.ok_or_else(|| bad("--from is required".to_owned()))?;
        let to = to.ok_or_else(|| bad("--to is required".to_owned()))?;
        if to < from {
            return Err(bad(format!("--to ({to}) is before --from ({from})")));
        }
        Ok(Self {
            from,
            to,
            format: format.unwrap_or(Format::Csv),
        })
    }

    /// The period as instants, `[start, end)`: see [`period`].
    pub fn period(&self) -> (OffsetDateTime, OffsetDateTime) {
        period(self.from, self.to)
    }
}

fn parse_date(name: &str, value: &str) -> Result<Date, UsageError> {
    Date::parse(value, DATE_FORMAT)
        .map_err(|_| UsageError::Bad(format!("{name} needs a date as YYYY-MM-DD, not {value:?}")))
}

/// The instant `date` begins in Amsterdam.
///
/// Summer time starts and ends at 01:00 UTC, never at midnight, so local midnight exists
/// exactly once on every day; its offset is the one in force at 00:00 UTC that day,
/// because no switch falls between 22:00 UTC the evening before and 00:00 UTC.
pub fn amsterdam_midnight(date: Date) -> OffsetDateTime {
    let offset = amsterdam_offset(date.midnight().assume_utc());
    date.midnight()
        .assume_offset(offset)
        .to_offset(time::UtcOffset::UTC)
}

/// The Amsterdam days `from` to `to` (both included) as `[start, end)` in UTC, the form
/// [`AuditLog::between`] takes.
pub fn period(from: Date, to: Date) -> (OffsetDateTime, OffsetDateTime) {
    let after = to.next_day().unwrap_or(Date::MAX);
    (amsterdam_midnight(from), amsterdam_midnight(after))
}

/// One record as exported: the column names of the database, the BSN in clear.
#[derive(Serialize)]
struct Row<'a> {
    id: i64,
    at: String,
    medewerker_id: &'a str,
    medewerker_naam: &'a str,
    medewerker_rol: &'a str,
    gemeente: &'a str,
    gemeente_naam: &'a str,
    subject_type: &'static str,
    subject_id: &'a str,
    reden: &'a str,
    toelichting: Option<&'a str>,
    action: &'static str,
    reference: Option<&'a str>,
    request_id: Option<&'a str>,
}

impl<'a> From<&'a AuditRecord> for Row<'a> {
    fn from(record: &'a AuditRecord) -> Self {
        Self {
            id: record.id,
            at: format_at(record.at),
            medewerker_id: &record.medewerker_id,
            medewerker_naam: &record.medewerker_naam,
            medewerker_rol: &record.medewerker_rol,
            gemeente: &record.gemeente,
            gemeente_naam: &record.gemeente_naam,
            subject_type: record.subject.kind(),
            subject_id: record.subject.id(),
            reden: &record.reden,
            toelichting: record.toelichting.as_deref(),
            action: record.action.as_str(),
            reference: record.reference.as_deref(),
            request_id: record.request_id.as_deref(),
        }
    }
}

/// The column names, for the header row (also when there are no records).
const HEADER: [&str; 14] = [
    "id",
    "at",
    "medewerker_id",
    "medewerker_naam",
    "medewerker_rol",
    "gemeente",
    "gemeente_naam",
    "subject_type",
    "subject_id",
    "reden",
    "toelichting",
    "action",
    "reference",
    "request_id",
];

/// Writes `records` as CSV: a header row, then one quoted-as-needed row each; an absent
/// value is an empty field.
pub fn write_csv(records: &[AuditRecord], out: impl Write) -> anyhow::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    writer.write_record(HEADER)?;
    for record in records {
        let row = Row::from(record);
        let id = row.id.to_string();
        let cells: [&str; 14] = [
            &id,
            &row.at,
            row.medewerker_id,
            row.medewerker_naam,
            row.medewerker_rol,
            row.gemeente,
            row.gemeente_naam,
            row.subject_type,
            row.subject_id,
            row.reden,
            row.toelichting.unwrap_or_default(),
            row.action,
            row.reference.unwrap_or_default(),
            row.request_id.unwrap_or_default(),
        ];
        writer.write_record(cells.iter().map(|c| spreadsheet_safe(c).into_owned()))?;
    }
    writer.flush()?;
    Ok(())
}

/// A cell a spreadsheet will not run as a formula: text that starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return (a medewerker's free text, say) gets a leading `'`
/// (OWASP's advice against CSV injection).
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Writes `records` as a JSON array, one object per line; an absent value is `null`.
pub fn write_json(records: &[AuditRecord], mut out: impl Write) -> anyhow::Result<()> {
    out.write_all(b"[")?;
    for (i, record) in records.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut out, &Row::from(record))?;
    }
    out.write_all(b"\n]\n")?;
    out.flush()?;
    Ok(())
}

/// Reads the period from `log` and writes it to `out`; returns how many records.
pub async fn export(args: &ExportArgs, log: &AuditLog, out: impl Write) -> anyhow::Result<usize> {
    let (start, end) = args.period();
    let records = log
        .between(start, end)
        .await
        .context("cannot read the audit records")?;
    match args.format {
        Format::Csv => write_csv(&records, out),
        Format::Json => write_json(&records, out),
    }
    .context("cannot write the export")?;
    Ok(records.len())
}

/// The whole `audit-export` command for `main`: arguments after the subcommand, and the
/// environment through `lookup`. Exit code 0 on success, 2 for bad arguments or
/// configuration (with the usage or the variable on stderr), 1 when the database or the
/// output fails.
pub async fn command(
    args: impl IntoIterator<Item = String>,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> ExitCode {
    let args = match ExportArgs::parse(args) {
        Ok(args) => args,
        Err(UsageError::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(UsageError::Bad(message)) => {
            eprintln!("mijnzaken audit-export: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let config = match AuditSettings::from_lookup(lookup) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("mijnzaken audit-export: {error}");
            return ExitCode::from(2);
        }
    };
    let result = async {
        let log = AuditLog::open(&config).await?;
        let count = export(&args, &log, io::BufWriter::new(io::stdout())).await;
        log.close().await;
        count
    }
    .await;
    match result {
        Ok(count) => {
            let records = if count == 1 { "record" } else { "records" };
            eprintln!(
                "mijnzaken audit-export: {count} {records} from {} to {} (Europe/Amsterdam, \
                 both days included)",
                args.from, args.to
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("mijnzaken audit-export: {error:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;
    use crate::{
        audit::{tests::record, Action, Subject},
        domain::KvkNummer,
    };

    fn parse(args: &[&str]) -> Result<ExportArgs, UsageError> {
        ExportArgs::parse(args.iter().map(|a| (*a).to_owned()))
    }

    fn bad(args: &[&str]) -> String {
        match parse(args) {
            Err(UsageError::Bad(message)) => message,
            other => panic!("expected a usage error for {args:?}, got {other:?}"),
        }
    }

    #[test]
    fn arguments_in_both_forms_and_csv_by_default() {
        assert_eq!(
            parse(&["--from", "2026-11-01", "--to", "2026-12-01"]).unwrap(),
            ExportArgs {
                from: date!(2026 - 11 - 01),
                to: date!(2026 - 12 - 01),
                format: Format::Csv
            }
        );
        assert_eq!(
            parse(&["--format=json", "--to=2026-11-01", "--from=2026-11-01"]).unwrap(),
            ExportArgs {
                from: date!(2026 - 11 - 01),
                to: date!(2026 - 11 - 01),
                format: Format::Json
            }
        );
        assert_eq!(parse(&["--to", "x", "--help"]), Err(UsageError::Help));
    }

    #[test]
    fn bad_arguments_say_what_is_wrong() {
        assert_eq!(bad(&[]), "--from is required");
        assert_eq!(bad(&["--from", "2026-11-01"]), "--to is required");
        assert_eq!(bad(&["--from"]), "--from needs a value");
        assert!(bad(&["--from", "1-11-2026", "--to", "2026-11-02"]).contains("YYYY-MM-DD"));
        assert!(bad(&["--from", "2026-02-30", "--to", "2026-03-01"]).contains("YYYY-MM-DD"));
        assert!(bad(&["--from", "2026-11-02", "--to", "2026-11-01"]).contains("before"));
        assert!(
            bad(&["--from=2026-11-01", "--to=2026-11-02", "--format", "xml"])
                .contains("csv or json")
        );
        assert!(bad(&["--from=2026-11-01", "--from=2026-11-02"]).contains("twice"));
        assert!(bad(&["--since", "2026-11-01"]).contains("unknown argument"));
        assert!(bad(&["2026-11-01"]).contains("unknown argument"));
    }

    #[test]
    fn days_begin_at_amsterdam_midnight_across_summer_time() {
        // Winter: midnight is 23:00 UTC the day before.
        assert_eq!(
            amsterdam_midnight(date!(2026 - 11 - 01)),
            datetime!(2026-10-31 23:00 UTC)
        );
        // Summer: 22:00 UTC.
        assert_eq!(
            amsterdam_midnight(date!(2026 - 07 - 01)),
            datetime!(2026-06-30 22:00 UTC)
        );
        // The days summer time starts (29 March 2026) and ends (25 October 2026): their
        // midnight is still on the old offset, the next day's on the new one.
        assert_eq!(
            amsterdam_midnight(date!(2026 - 03 - 29)),
            datetime!(2026-03-28 23:00 UTC)
        );
        assert_eq!(
            amsterdam_midnight(date!(2026 - 03 - 30)),
            datetime!(2026-03-29 22:00 UTC)
        );
        assert_eq!(
            amsterdam_midnight(date!(2026 - 10 - 25)),
            datetime!(2026-10-24 22:00 UTC)
        );
        assert_eq!(
            amsterdam_midnight(date!(2026 - 10 - 26)),
            datetime!(2026-10-25 23:00 UTC)
        );
        // The brief's example: November, with 1 December included.
        assert_eq!(
            period(date!(2026 - 11 - 01), date!(2026 - 12 - 01)),
            (
                datetime!(2026-10-31 23:00 UTC),
                datetime!(2026-12-01 23:00 UTC)
            )
        );
        // One day in March, 23 hours long.
        let (start, end) = period(date!(2026 - 03 - 29), date!(2026 - 03 - 29));
        assert_eq!(end - start, time::Duration::hours(23));
    }

    #[test]
    fn every_midnight_is_local_midnight() {
        let mut day = date!(2025 - 01 - 01);
        while day < date!(2028 - 01 - 01) {
            let local = crate::domain::dates::to_amsterdam(amsterdam_midnight(day));
            assert_eq!((local.date(), local.time()), (day, time::Time::MIDNIGHT));
            day = day.next_day().unwrap();
        }
    }

    fn records() -> Vec<AuditRecord> {
        let mut tricky = record("111222333");
        tricky.toelichting = Some("zegt: \"bel me\", graag\nmorgen".to_owned());
        tricky.request_id = None;
        let mut company = record("111222333");
        company.subject = Subject::Kvk(KvkNummer::parse("69599084").unwrap());
        company.action = Action::Lookup;
        company.toelichting = None;
        company.reference = None;
        vec![
            AuditRecord::new(1, datetime!(2026-11-03 09:15:00.5 UTC), tricky),
            AuditRecord::new(2, datetime!(2026-11-04 12:00 UTC), company),
        ]
    }

    #[test]
    fn csv_has_a_header_and_quotes_what_needs_quoting() {
        let mut out = Vec::new();
        write_csv(&records(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap(), HEADER.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], "1");
        assert_eq!(&rows[0][1], "2026-11-03T09:15:00.500000Z");
        assert_eq!(&rows[0][7], "bsn");
        assert_eq!(&rows[0][8], "111222333");
        assert_eq!(&rows[0][10], "zegt: \"bel me\", graag\nmorgen");
        assert_eq!(&rows[0][11], "view_zaak");
        assert_eq!(&rows[0][13], "");
        assert_eq!((&rows[1][7], &rows[1][8]), ("kvk", "69599084"));
        assert_eq!((&rows[1][10], &rows[1][12]), ("", ""));
        assert!(
            text.contains("\"zegt: \"\"bel me\"\", graag\nmorgen\""),
            "{text}"
        );

        let mut empty = Vec::new();
        write_csv(&[], &mut empty).unwrap();
        assert_eq!(
            String::from_utf8(empty).unwrap(),
            format!("{}\n", HEADER.join(","))
        );
    }

    #[test]
    fn json_is_an_array_of_objects_with_nulls() {
        let mut out = Vec::new();
        write_json(&records(), &mut out).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let array = value.as_array().unwrap();
        assert_eq!(array.len(), 2);
        assert_eq!(array[0]["id"], 1);
        assert_eq!(array[0]["subject_id"], "111222333");
        assert_eq!(array[0]["toelichting"], "zegt: \"bel me\", graag\nmorgen");
        assert_eq!(array[0]["request_id"], serde_json::Value::Null);
        assert_eq!(array[1]["action"], "lookup");
        assert_eq!(array[1].as_object().unwrap().len(), HEADER.len());

        let mut empty = Vec::new();
        write_json(&[], &mut empty).unwrap();
        assert_eq!(empty, b"[\n]\n");
        assert_eq!(serde_json::from_slice::<Vec<()>>(&empty).unwrap(), vec![]);
    }
}

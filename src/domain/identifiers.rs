//! Identifiers of people and companies, parsed once at the boundary (OIDC claim, form,
//! configuration) so that nothing behind it can hold an invalid one.
//!
//! A BSN is personal data: its `Debug` and `Display` show only the last four digits
//! (`*****6782`). The raw value is reachable only through [`Bsn::expose`], used where it is
//! sent upstream.

use std::fmt;

/// Why an identifier was refused. Carries no part of the value, so it is safe to log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdentifierError {
    /// Not the right number of digits, or not only digits.
    #[error("expected {expected} digits")]
    Format {
        /// How many digits this identifier has.
        expected: usize,
    },
    /// The digits fail the elfproef (the eleven test).
    #[error("fails the elfproef")]
    Elfproef,
    /// Only zeros: a number the Handelsregister does not issue (and the portal's probe
    /// for a zaken filter uses, see `zgw::RolFilter::probe`).
    #[error("is not an issued number")]
    NotIssued,
}

fn digits<const N: usize>(value: &str) -> Result<[u8; N], IdentifierError> {
    let value = value.trim();
    let bytes = value.as_bytes();
    if bytes.len() != N || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(IdentifierError::Format { expected: N });
    }
    let mut out = [0u8; N];
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = b - b'0';
    }
    Ok(out)
}

/// The elfproef of BSN and RSIN: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11.
fn elfproef(d: &[u8; 9]) -> bool {
    let sum: i32 = d[..8]
        .iter()
        .zip((2..=9).rev())
        .map(|(&digit, weight)| i32::from(digit) * weight)
        .sum::<i32>()
        - i32::from(d[8]);
    sum % 11 == 0
}

fn to_string<const N: usize>(d: [u8; N]) -> String {
    d.iter().map(|x| char::from(b'0' + x)).collect()
}

/// Burgerservicenummer: 9 digits that pass the elfproef.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bsn(String);

impl Bsn {
    /// Parses a BSN; surrounding whitespace is ignored.
    pub fn parse(value: &str) -> Result<Self, IdentifierError> {
        let d = digits::<9>(value)?;
        if d == [0; 9] || !elfproef(&d) {
            return Err(IdentifierError::Elfproef);
        }
        Ok(Self(to_string(d)))
    }

    /// The full number, for the upstream query and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `*****6782`: enough for a person to recognise their own number.
    pub fn masked(&self) -> String {
        format!("*****{}", &self.0[5..])
    }
}

impl fmt::Debug for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bsn({})", self.masked())
    }
}

impl fmt::Display for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl TryFrom<String> for Bsn {
    type Error = IdentifierError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Bsn> for String {
    fn from(value: Bsn) -> Self {
        value.0
    }
}

macro_rules! public_number {
    ($(#[$doc:meta])* $name:ident, $len:literal, $check:expr) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses the number; surrounding whitespace is ignored.
            pub fn parse(value: &str) -> Result<Self, IdentifierError> {
                let d = digits::<$len>(value)?;
                let check: fn(&[u8; $len]) -> bool = $check;
                if d == [0; $len] {
                    return Err(IdentifierError::NotIssued);
                }
                if !check(&d) {
                    return Err(IdentifierError::Elfproef);
                }
                Ok(Self(to_string(d)))
            }

            /// The number as digits.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdentifierError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
}

public_number!(
    /// KVK-nummer: the 8 digits of the Handelsregister. Public, so it prints in full.
    KvkNummer,
    8,
    |_| true
);
public_number!(
    /// RSIN: 9 digits that pass the elfproef; the BSN-like number of a legal entity.
    Rsin,
    9,
    |d| elfproef(d)
);
public_number!(
    /// Vestigingsnummer: the 12 digits of one branch in the Handelsregister.
    Vestigingsnummer,
    12,
    |_| true
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_bsn_parses_and_never_prints_in_clear() {
        let bsn = Bsn::parse("111222333").unwrap();
        assert_eq!(bsn.expose(), "111222333");
        assert_eq!(bsn.to_string(), "*****2333");
        assert_eq!(format!("{bsn:?}"), "Bsn(*****2333)");
        assert!(!format!("{bsn:?} {bsn}").contains("111222333"));
        assert_eq!(Bsn::parse(" 999993653 ").unwrap().expose(), "999993653");
    }

    #[test]
    fn a_bsn_that_fails_the_elfproef_or_the_format_is_refused() {
        assert_eq!(Bsn::parse("111222334"), Err(IdentifierError::Elfproef));
        assert_eq!(Bsn::parse("000000000"), Err(IdentifierError::Elfproef));
        assert_eq!(
            Bsn::parse("12345678"),
            Err(IdentifierError::Format { expected: 9 })
        );
        assert_eq!(
            Bsn::parse("1234567890"),
            Err(IdentifierError::Format { expected: 9 })
        );
        assert_eq!(
            Bsn::parse("11122233a"),
            Err(IdentifierError::Format { expected: 9 })
        );
        assert_eq!(Bsn::parse(""), Err(IdentifierError::Format { expected: 9 }));
        assert!(Bsn::parse("١١١٢٢٢٣٣٣").is_err(), "only ASCII digits");
    }

    #[test]
    fn the_error_never_contains_the_value() {
        let error = Bsn::parse("111222334").unwrap_err().to_string();
        assert!(!error.contains("111222334"));
    }

    #[test]
    fn company_numbers() {
        assert_eq!(KvkNummer::parse("69599084").unwrap().as_str(), "69599084");
        assert!(KvkNummer::parse("6959908").is_err());
        assert_eq!(Rsin::parse("002564440").unwrap().as_str(), "002564440");
        assert_eq!(Rsin::parse("002564441"), Err(IdentifierError::Elfproef));
        assert_eq!(
            Vestigingsnummer::parse("000037178598").unwrap().as_str(),
            "000037178598"
        );
        assert!(Vestigingsnummer::parse("37178598").is_err());
    }

    #[test]
    fn serde_parses_too() {
        let bsn: Bsn = serde_json::from_str("\"111222333\"").unwrap();
        assert_eq!(bsn.expose(), "111222333");
        assert!(serde_json::from_str::<Bsn>("\"111222334\"").is_err());
    }
}

//! `Money`: an amount in Danish kroner with exactly two decimals.
//!
//! Money never floats: it is a `rust_decimal::Decimal` kept at scale 2, and it
//! converts losslessly to and from whole øre (`i64`), which is how it is stored.
//! Parsing accepts only plain decimal strings such as `"500000.00"`.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// A non-negative amount of kroner with exactly two decimals, at most
/// 1,000,000,000.00 kr.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

/// Why a string or an øre count is not a valid amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The text is not a plain decimal number.
    #[error("\"{0}\" is not an amount: write kroner with '.' before at most two decimals, like \"60000.00\"")]
    NotANumber(String),
    /// A comma was used as the decimal separator.
    #[error("\"{0}\" uses ',' : write the amount with '.' as decimal separator and no thousands separators, like \"60000.00\"")]
    Comma(String),
    /// More than two decimals (øre is the smallest unit).
    #[error("\"{0}\" has more than two decimals; the smallest unit is 1 øre (0.01 kr)")]
    TooManyDecimals(String),
    /// A negative amount.
    #[error("\"{0}\" is negative; amounts must be zero or more")]
    Negative(String),
    /// More than the largest amount the service handles.
    #[error("\"{0}\" is larger than the maximum of 1000000000.00 kr")]
    TooLarge(String),
    /// An arithmetic result left the valid range.
    #[error("amount out of range")]
    OutOfRange,
}

impl Money {
    /// The largest amount, in øre: 1,000,000,000.00 kr.
    pub const MAX_ORE: i64 = 100_000_000_000;

    /// Zero kroner.
    pub const ZERO: Money = Money(Decimal::from_parts(0, 0, 0, false, 2));

    /// Parses a plain decimal string such as `"60000"`, `"60000.5"` or `"60000.50"`.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let bad = || MoneyError::NotANumber(text.to_owned());
        if text.contains(',') {
            return Err(MoneyError::Comma(text.to_owned()));
        }
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = match unsigned.split_once('.') {
            Some((whole, fraction)) => (whole, fraction),
            None => (unsigned, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !all_digits(whole)
            || !all_digits(fraction)
            || (unsigned.contains('.') && fraction.is_empty())
        {
            return Err(bad());
        }
        if fraction.len() > 2 {
            return Err(MoneyError::TooManyDecimals(text.to_owned()));
        }
        if negative && (whole.bytes().any(|b| b != b'0') || fraction.bytes().any(|b| b != b'0')) {
            return Err(MoneyError::Negative(text.to_owned()));
        }
        let whole = whole.trim_start_matches('0');
        if whole.len() > 10 {
            return Err(MoneyError::TooLarge(text.to_owned()));
        }
        let kroner: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        let ore_part: i64 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<i64>().map_err(|_| bad())? * 10,
            _ => fraction.parse().map_err(|_| bad())?,
        };
        let ore = kroner * 100 + ore_part;
        Money::from_ore(ore).map_err(|_| MoneyError::TooLarge(text.to_owned()))
    }

    /// Builds an amount from whole øre (1 kr = 100 øre).
    pub fn from_ore(ore: i64) -> Result<Money, MoneyError> {
        if ore < 0 {
            return Err(MoneyError::Negative(Decimal::new(ore, 2).to_string()));
        }
        if ore > Self::MAX_ORE {
            return Err(MoneyError::TooLarge(Decimal::new(ore, 2).to_string()));
        }
        Ok(Money(Decimal::new(ore, 2)))
    }

    /// The amount in whole øre.
    pub fn ore(self) -> i64 {
        // Scale is always 2 and the value at most MAX_ORE, so the mantissa is the øre count.
        self.0.mantissa() as i64
    }

    /// The amount as a decimal number of kroner (scale 2).
    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    /// Whether the amount is zero.
    pub fn is_zero(self) -> bool {
        self.ore() == 0
    }

    /// `self + other`, or an error when the sum passes the maximum.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        Money::from_ore(self.ore() + other.ore())
    }

    /// `self - other`, or an error when the result would be negative.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        Money::from_ore(self.ore() - other.ore())
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Money::parse(text)
    }
}

impl TryFrom<i64> for Money {
    type Error = MoneyError;

    /// Converts whole øre.
    fn try_from(ore: i64) -> Result<Self, Self::Error> {
        Money::from_ore(ore)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MoneyVisitor;

        impl de::Visitor<'_> for MoneyVisitor {
            type Value = Money;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount as a string, like \"60000.00\"")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Money, E> {
                Money::parse(text).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(MoneyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_amounts_to_two_decimals() {
        assert_eq!(Money::parse("500000.00").map(|m| m.to_string()), Ok("500000.00".into()));
        assert_eq!(Money::parse("60000").map(|m| m.to_string()), Ok("60000.00".into()));
        assert_eq!(Money::parse("0.1").map(|m| m.ore()), Ok(10));
        assert_eq!(Money::parse("1000000000.00").map(|m| m.ore()), Ok(Money::MAX_ORE));
        assert_eq!(Money::parse("-0.00"), Ok(Money::ZERO));
    }

    #[test]
    fn rejects_what_is_not_a_plain_amount() {
        for text in [
            "", ".5", "5.", "1e5", "NaN", "inf", " 5", "5 ", "+5", "0x10", "1_000", "٣",
        ] {
            assert!(matches!(Money::parse(text), Err(MoneyError::NotANumber(_))), "{text}");
        }
        assert!(matches!(Money::parse("1,50"), Err(MoneyError::Comma(_))));
        assert!(matches!(Money::parse("0.001"), Err(MoneyError::TooManyDecimals(_))));
        assert!(matches!(Money::parse("-1.00"), Err(MoneyError::Negative(_))));
        assert!(matches!(Money::parse("1000000000.01"), Err(MoneyError::TooLarge(_))));
        assert!(matches!(
            Money::parse("99999999999999999999999"),
            Err(MoneyError::TooLarge(_))
        ));
    }

    #[test]
    fn json_is_a_string_and_numbers_are_refused() {
        let money = Money::parse("123456789.01").unwrap_or_default();
        assert_eq!(serde_json::to_string(&money).ok(), Some("\"123456789.01\"".into()));
        assert_eq!(serde_json::from_str::<Money>("\"0.20\"").ok(), Money::parse("0.2").ok());
        assert!(serde_json::from_str::<Money>("99999999999999.99").is_err());
        assert!(serde_json::from_str::<Money>("10").is_err());
    }

    #[test]
    fn ore_round_trips() {
        for ore in [0, 1, 10, 20, 12_345_678_901, Money::MAX_ORE] {
            assert_eq!(Money::from_ore(ore).map(Money::ore), Ok(ore));
        }
        assert!(Money::from_ore(-1).is_err());
        assert!(Money::from_ore(Money::MAX_ORE + 1).is_err());
    }
}

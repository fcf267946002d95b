//! Exact amounts of money for the allocation rules.
//!
//! An [`Amount`] is a whole number of *minor units* at a fixed *scale* (the
//! number of decimals): at scale 2 the minor unit is the øre (or grosz, cent),
//! at scale 0 it is the whole krone. Every instance has one scale, so sums and
//! comparisons are plain integer arithmetic. A [`Share`] is an exact fraction
//! of a minor unit, such as what each supporter pays under equal shares; it
//! prints rounded *down* to at least two decimals, with `…` appended whenever
//! digits were cut off, so `"411.52…"` means "at least 411.52 and less than
//! 411.53". Nothing here uses floating point.

use std::fmt;

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::money::Money;

/// The largest scale (number of decimals) an amount may have.
pub const MAX_SCALE: u8 = 9;

/// A non-negative amount: `minor` units of `10^-scale` of the currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Amount {
    minor: u64,
    scale: u8,
}

/// Why a decimal string is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Not a plain non-negative decimal number.
    #[error("\"{0}\" is not a non-negative decimal number like \"1234\" or \"3009585.74\"")]
    NotANumber(String),
    /// More decimals than [`MAX_SCALE`].
    #[error("\"{text}\" has {decimals} decimals; at most {max} are supported", max = MAX_SCALE)]
    TooManyDecimals {
        /// The text.
        text: String,
        /// Its number of decimals.
        decimals: usize,
    },
    /// The number does not fit in 64 bits of minor units.
    #[error("\"{0}\" is too large")]
    TooLarge(String),
}

/// A decimal number read exactly: `digits × 10^-decimals`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal {
    /// All digits as one integer.
    pub digits: u64,
    /// How many of them follow the decimal separator.
    pub decimals: u8,
}

impl Decimal {
    /// Reads `"123"`, `"123.45"` or `"123,45"` (a comma is accepted as decimal
    /// separator, as Pabulib files sometimes use one). Signs, exponents and
    /// thousands separators are refused.
    pub fn parse(text: &str) -> Result<Decimal, AmountError> {
        let bad = || AmountError::NotANumber(text.to_owned());
        let (whole, fraction) = match text.find(['.', ',']) {
            Some(at) => (&text[..at], &text[at + 1..]),
            None => (text, ""),
        };
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits_only(whole) || !digits_only(fraction) {
            return Err(bad());
        }
        if text.len() > whole.len() && fraction.is_empty() {
            return Err(bad());
        }
        if fraction.len() > usize::from(MAX_SCALE) {
            return Err(AmountError::TooManyDecimals {
                text: text.to_owned(),
                decimals: fraction.len(),
            });
        }
        let mut digits: u64 = 0;
        for b in whole.bytes().chain(fraction.bytes()) {
            digits = digits
                .checked_mul(10)
                .and_then(|d| d.checked_add(u64::from(b - b'0')))
                .ok_or_else(|| AmountError::TooLarge(text.to_owned()))?;
        }
        Ok(Decimal {
            digits,
            decimals: fraction.len() as u8,
        })
    }

    /// The number in minor units at `scale` (which must be at least `decimals`).
    pub fn at_scale(self, scale: u8) -> Option<u64> {
        let shift = scale.checked_sub(self.decimals)?;
        10u64.checked_pow(u32::from(shift))?.checked_mul(self.digits)
    }
}

impl Amount {
    /// `minor` units at `scale` decimals; `None` when the scale is above [`MAX_SCALE`].
    pub fn new(minor: u64, scale: u8) -> Option<Amount> {
        (scale <= MAX_SCALE).then_some(Amount { minor, scale })
    }

    /// Kroner and øre from the service's [`Money`] (scale 2).
    pub fn from_money(money: Money) -> Amount {
        Amount {
            minor: money.ore().unsigned_abs(),
            scale: 2,
        }
    }

    /// The amount as [`Money`], when it can be written in øre and is in range.
    pub fn to_money(self) -> Option<Money> {
        let ore = if self.scale <= 2 {
            self.minor.checked_mul(10u64.checked_pow(u32::from(2 - self.scale))?)?
        } else {
            let unit = 10u64.checked_pow(u32::from(self.scale - 2))?;
            if self.minor.checked_rem(unit) != Some(0) {
                return None;
            }
            self.minor / unit
        };
        Money::from_ore(i64::try_from(ore).ok()?).ok()
    }

    /// The count of minor units.
    pub fn minor(self) -> u64 {
        self.minor
    }

    /// The number of decimals.
    pub fn scale(self) -> u8 {
        self.scale
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_fixed(f, &BigUint::from(self.minor), self.scale)
    }
}

/// Writes `minor × 10^-scale` with exactly `scale` decimals.
fn write_fixed(f: &mut fmt::Formatter<'_>, minor: &BigUint, scale: u8) -> fmt::Result {
    let digits = minor.to_string();
    let scale = usize::from(scale);
    if scale == 0 {
        return f.write_str(&digits);
    }
    let padded = if digits.len() <= scale {
        format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
    } else {
        digits
    };
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    write!(f, "{whole}.{fraction}")
}

/// An exact, non-negative fraction of a minor unit, printed rounded down.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Share {
    minor: BigRational,
    scale: u8,
}

impl Share {
    /// `minor` minor units (negative values are clamped to zero) at `scale`.
    pub fn new(minor: BigRational, scale: u8) -> Share {
        let minor = if minor.is_negative() {
            BigRational::zero()
        } else {
            minor
        };
        Share { minor, scale }
    }

    /// A whole number of minor units.
    pub fn whole(minor: u64, scale: u8) -> Share {
        Share::new(BigRational::from_integer(BigInt::from(minor)), scale)
    }

    /// The exact value in minor units.
    pub fn minor(&self) -> &BigRational {
        &self.minor
    }

    /// The number of decimals of the currency amounts it belongs with.
    pub fn scale(&self) -> u8 {
        self.scale
    }

    /// Whether the value is a whole number of minor units.
    pub fn is_whole(&self) -> bool {
        self.minor.is_integer()
    }

    /// The exact value as a fraction of the currency, e.g. `"12345/7"`
    /// (or `"42"` when whole), for audits.
    pub fn exact(&self) -> String {
        let unit = BigInt::from(10u8).pow(u32::from(self.scale));
        let value = &self.minor / BigRational::from_integer(unit);
        if value.is_integer() {
            value.numer().to_string()
        } else {
            format!("{}/{}", value.numer(), value.denom())
        }
    }
}

impl fmt::Display for Share {
    /// Rounds down to `max(scale, 2)` decimals and appends `…` when the value
    /// was not exact at that precision.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.scale.max(2);
        let extra = BigInt::from(10u8).pow(u32::from(shown - self.scale));
        let scaled = self.minor.numer() * extra;
        let (quotient, remainder) = scaled.div_rem(self.minor.denom());
        let quotient = quotient.to_biguint().unwrap_or_default();
        write_fixed(f, &quotient, shown)?;
        if !remainder.is_zero() {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// An amount is stored as its decimal text at its own scale (`"1234.50"`).
impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Amount, D::Error> {
        let text = String::deserialize(deserializer)?;
        let decimal = Decimal::parse(&text).map_err(serde::de::Error::custom)?;
        Amount::new(decimal.digits, decimal.decimals)
            .ok_or_else(|| serde::de::Error::custom(format!("\"{text}\" has too many decimals")))
    }
}

/// A share stored exactly: its minor units as `"numerator/denominator"` and its scale.
#[derive(Serialize, Deserialize)]
struct StoredShare {
    minor: String,
    scale: u8,
}

impl Serialize for Share {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        StoredShare {
            minor: format!("{}/{}", self.minor.numer(), self.minor.denom()),
            scale: self.scale,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Share, D::Error> {
        let stored = StoredShare::deserialize(deserializer)?;
        let bad = || serde::de::Error::custom(format!("\"{}\" is not a fraction", stored.minor));
        let (numer, denom) = stored.minor.split_once('/').ok_or_else(bad)?;
        let numer: BigInt = numer.parse().map_err(|_| bad())?;
        let denom: BigInt = denom.parse().map_err(|_| bad())?;
        if denom.is_zero() || stored.scale > MAX_SCALE {
            return Err(bad());
        }
        Ok(Share::new(BigRational::new(numer, denom), stored.scale))
    }
}

/// `value` minor units as an exact rational.
pub(crate) fn ratio(numer: BigInt, denom: BigInt) -> BigRational {
    if denom.is_zero() {
        BigRational::zero()
    } else {
        BigRational::new(numer, denom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_read_exactly() {
        assert_eq!(
            Decimal::parse("3009585.74"),
            Ok(Decimal {
                digits: 300958574,
                decimals: 2
            })
        );
        assert_eq!(Decimal::parse("400000.0").map(|d| d.decimals), Ok(1));
        assert_eq!(Decimal::parse("1,5").map(|d| (d.digits, d.decimals)), Ok((15, 1)));
        for bad in ["", "-1", "1.", ".5", "1e5", " 1", "1.2.3", "+4"] {
            assert!(Decimal::parse(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            Decimal::parse("99999999999999999999"),
            Err(AmountError::TooLarge(_))
        ));
        assert_eq!(Decimal::parse("12.5").ok().and_then(|d| d.at_scale(3)), Some(12500));
        assert_eq!(Decimal::parse("12.55").ok().and_then(|d| d.at_scale(1)), None);
    }

    #[test]
    fn amounts_print_with_their_scale() {
        let show = |minor, scale| Amount::new(minor, scale).map(|a| a.to_string());
        assert_eq!(show(300958574, 2).as_deref(), Some("3009585.74"));
        assert_eq!(show(5, 2).as_deref(), Some("0.05"));
        assert_eq!(show(4000000, 1).as_deref(), Some("400000.0"));
        assert_eq!(show(17, 0).as_deref(), Some("17"));
        let money = Money::parse("1234.50").unwrap_or_default();
        assert_eq!(Amount::from_money(money).to_money(), Some(money));
        assert_eq!(Amount::new(1, 3).and_then(Amount::to_money), None);
    }

    #[test]
    fn shares_round_down_and_mark_inexact_values() {
        let share = |n: i64, d: i64, scale| Share::new(ratio(n.into(), d.into()), scale).to_string();
        // 1000 kr (scale 0) split among 3: 333.33…
        assert_eq!(share(1000, 3, 0), "333.33…");
        assert_eq!(share(1000, 4, 0), "250.00");
        // 100000 øre (scale 2) among 3 = 333.33… kr
        assert_eq!(share(100000, 3, 2), "333.33…");
        assert_eq!(share(2, 3, 2), "0.00…");
        assert_eq!(share(12345, 1, 3), "12.345");
        assert_eq!(Share::new(ratio(7.into(), 2.into()), 0).exact(), "7/2");
        assert_eq!(share(-5, 1, 2), "0.00");
    }
}

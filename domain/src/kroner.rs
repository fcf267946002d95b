//! Money as people write and read it: `60.000,00 kr.` in Danish, `DKK 60,000.00`
//! in English. The API keeps the strict `"60000.00"`; forms accept the Danish
//! ways of typing an amount and refuse what could be read two ways.

use crate::money::{Money, MoneyError};

/// Why a typed amount is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KronerError {
    /// Nothing was typed.
    #[error("no amount was given")]
    Empty,
    /// Not a number at all.
    #[error("\"{0}\" is not an amount")]
    NotANumber(String),
    /// Could be read two ways (e.g. `60,000.00` or `60.5`); `suggestion` is the Danish form.
    #[error("\"{typed}\" can be read two ways; write it as \"{suggestion}\"")]
    Ambiguous {
        /// What was typed.
        typed: String,
        /// How to write it, when a likely meaning exists.
        suggestion: String,
    },
    /// More than two decimals.
    #[error("\"{0}\" has more than two decimals")]
    TooManyDecimals(String),
    /// Negative.
    #[error("\"{0}\" is negative")]
    Negative(String),
    /// Above the largest amount.
    #[error("\"{0}\" is larger than the maximum")]
    TooLarge(String),
}

/// Whether `whole` is digits grouped by `.` in threes (`60.000`, `1.250.000`).
fn grouped_thousands(whole: &str) -> bool {
    let mut groups = whole.split('.');
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Parses an amount typed the Danish way: `60000`, `60.000`, `60.000,00`,
/// `60000,5`, with or without `kr.` and spaces. `60,000.00` and `60.5` are
/// refused as ambiguous, with the Danish form as suggestion.
pub fn parse_kroner(typed: &str) -> Result<Money, KronerError> {
    let trimmed = typed.trim();
    let text: String = trimmed
        .trim_end_matches("kr.")
        .trim_end_matches("kr")
        .trim_start_matches("kr.")
        .trim_start_matches("DKK")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if text.is_empty() {
        return Err(KronerError::Empty);
    }
    if text.starts_with('-') {
        return Err(KronerError::Negative(trimmed.to_owned()));
    }
    if !text.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return Err(KronerError::NotANumber(trimmed.to_owned()));
    }
    let (whole, fraction) = match text.rsplit_once(',') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text.as_str(), None),
    };
    let ambiguous = |suggestion: String| KronerError::Ambiguous {
        typed: trimmed.to_owned(),
        suggestion,
    };
    if whole.contains(',') || fraction.is_some_and(|f| f.contains('.')) {
        // `60,000.00`: English separators.
        let english = text.replace(',', "");
        return Err(match Money::parse(&english) {
            Ok(money) => ambiguous(danish_number(money)),
            Err(_) => KronerError::NotANumber(trimmed.to_owned()),
        });
    }
    if whole.contains('.') && !grouped_thousands(whole) {
        // `60.5`: a decimal point, or a mistyped thousands separator.
        return Err(match Money::parse(whole) {
            Ok(money) if fraction.is_none() => ambiguous(danish_number(money)),
            _ => KronerError::NotANumber(trimmed.to_owned()),
        });
    }
    let digits = whole.replace('.', "");
    if digits.is_empty() {
        return Err(KronerError::NotANumber(trimmed.to_owned()));
    }
    let plain = match fraction {
        Some("") | None => digits,
        Some(fraction) => format!("{digits}.{fraction}"),
    };
    Money::parse(&plain).map_err(|error| match error {
        MoneyError::TooManyDecimals(_) => KronerError::TooManyDecimals(trimmed.to_owned()),
        MoneyError::Negative(_) => KronerError::Negative(trimmed.to_owned()),
        MoneyError::TooLarge(_) | MoneyError::OutOfRange => KronerError::TooLarge(trimmed.to_owned()),
        MoneyError::NotANumber(_) | MoneyError::Comma(_) => KronerError::NotANumber(trimmed.to_owned()),
    })
}

/// A whole number with `separator` between thousands: `1.250.000`.
pub fn grouped(number: impl ToString, separator: char) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// A plain decimal such as `"1234.56…"` (how amounts and shares of the
/// rules print) with thousands grouped: the Danish way (`"1.234,56…"`) when
/// `danish`, else the English (`"1,234.56…"`). Text that is not such a
/// number is returned as it is.
pub fn decimal(plain: &str, danish: bool) -> String {
    let (whole, rest) = plain.split_at(plain.find(|c: char| !c.is_ascii_digit()).unwrap_or(plain.len()));
    if whole.is_empty() {
        return plain.to_owned();
    }
    let (thousands, point) = if danish { ('.', ",") } else { (',', ".") };
    let rest = match rest.strip_prefix('.') {
        Some(fraction) => format!("{point}{fraction}"),
        None => rest.to_owned(),
    };
    format!("{}{rest}", grouped(whole, thousands))
}

/// `60.000,00`: the number the Danish way, without the currency.
pub fn danish_number(money: Money) -> String {
    let ore = money.ore();
    format!("{},{:02}", grouped(ore / 100, '.'), ore % 100)
}

/// `60.000,00 kr.`
pub fn danish(money: Money) -> String {
    format!("{} kr.", danish_number(money))
}

/// `DKK 60,000.00`
pub fn english(money: Money) -> String {
    let ore = money.ore();
    format!("DKK {}.{:02}", grouped(ore / 100, ','), ore % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kr(text: &str) -> Money {
        Money::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn decimals_of_the_rules_read_the_danish_and_the_english_way() {
        assert_eq!(decimal("1234567.50", true), "1.234.567,50");
        assert_eq!(decimal("1234567.50", false), "1,234,567.50");
        assert_eq!(decimal("411.52…", true), "411,52…");
        assert_eq!(decimal("12", true), "12");
        assert_eq!(decimal("0.000001…", true), "0,000001…");
        assert_eq!(decimal("abc", true), "abc");
    }

    #[test]
    fn accepts_the_danish_ways_of_typing_an_amount() {
        for typed in [
            "60000",
            "60.000",
            "60.000,00",
            "60000,00",
            "60000,0",
            "60 000",
            "60.000 kr.",
            " 60000kr ",
        ] {
            assert_eq!(parse_kroner(typed), Ok(kr("60000.00")), "{typed}");
        }
        assert_eq!(parse_kroner("1.250.000,5"), Ok(kr("1250000.50")));
        assert_eq!(parse_kroner("0,01"), Ok(kr("0.01")));
        assert_eq!(parse_kroner("12,"), Ok(kr("12.00")));
    }

    #[test]
    fn refuses_what_can_be_read_two_ways_and_shows_the_danish_form() {
        assert_eq!(
            parse_kroner("60,000.00"),
            Err(KronerError::Ambiguous {
                typed: "60,000.00".into(),
                suggestion: "60.000,00".into()
            })
        );
        assert_eq!(
            parse_kroner("60.5"),
            Err(KronerError::Ambiguous {
                typed: "60.5".into(),
                suggestion: "60,50".into()
            })
        );
        assert!(matches!(parse_kroner("6.00.000"), Err(KronerError::NotANumber(_))));
    }

    #[test]
    fn refuses_nonsense_with_its_reason() {
        assert_eq!(parse_kroner(""), Err(KronerError::Empty));
        assert_eq!(parse_kroner("  kr."), Err(KronerError::Empty));
        assert!(matches!(parse_kroner("sixty"), Err(KronerError::NotANumber(_))));
        assert!(matches!(parse_kroner("-5"), Err(KronerError::Negative(_))));
        assert!(matches!(parse_kroner("1,005"), Err(KronerError::TooManyDecimals(_))));
        assert!(matches!(parse_kroner("99.999.999.999"), Err(KronerError::TooLarge(_))));
        assert!(matches!(parse_kroner(",5"), Err(KronerError::NotANumber(_))));
    }

    #[test]
    fn formats_danish_and_english() {
        assert_eq!(danish(kr("60000")), "60.000,00 kr.");
        assert_eq!(danish(kr("500000.5")), "500.000,50 kr.");
        assert_eq!(danish(kr("0.07")), "0,07 kr.");
        assert_eq!(danish(kr("999")), "999,00 kr.");
        assert_eq!(danish(kr("1000")), "1.000,00 kr.");
        assert_eq!(english(kr("1250000")), "DKK 1,250,000.00");
    }

    proptest::proptest! {
        #[test]
        fn what_is_shown_reads_back(ore in 0i64..=Money::MAX_ORE) {
            let money = Money::from_ore(ore).unwrap_or_else(|e| panic!("{e}"));
            proptest::prop_assert_eq!(parse_kroner(&danish(money)), Ok(money));
            proptest::prop_assert_eq!(parse_kroner(&danish_number(money)), Ok(money));
        }
    }
}

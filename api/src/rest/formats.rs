//! The strings the API reads, as JSON Schema: amounts of money, texts and the
//! electorate roll. Each pattern accepts exactly what the server's parser
//! accepts (`Money::parse`, the domain's bounded texts, `parse_roll`), so a
//! request the document calls valid is not refused for its shape; the tests
//! below hold the patterns to the parsers.
//!
//! The patterns use only what ECMA-262, Python's `re` and Rust's `regex`
//! read alike: character classes with `\xNN` and `\uNNNN`, groups, bounded
//! repetition and `^…$`.

use std::borrow::Cow;

use medlemsbudget_domain::electorate::MAX_MEMBER_ID_LEN;
use medlemsbudget_domain::{Description, EntryDescription, ProposalTitle, Reason, Storkreds};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// What `str::trim` removes: Unicode `White_Space`.
const WHITESPACE: &str = r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
/// `White_Space` less the line feed that ends a line of the roll.
const WHITESPACE_IN_LINE: &str = r"\t\x0b-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
/// What `char::is_control` finds: Unicode `Cc`.
const CONTROL: &str = r"\x00-\x1f\x7f-\x9f";
/// Control characters other than tab, line feed and carriage return.
const CONTROL_BUT_LINE_BREAKS: &str = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f";

/// Any amount `Money::parse` reads: digits with at most two decimals, from 0
/// to 1,000,000,000.00; a minus sign only on zero.
const AMOUNT: &str = r"^(-?0+(\.0{1,2})?|0*([0-9]{1,9}(\.[0-9]{1,2})?|1000000000(\.0{1,2})?))$";
/// An amount of at least 0.01.
const POSITIVE_AMOUNT: &str = r"^0*([1-9][0-9]{0,8}(\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?)|1000000000(\.0{1,2})?)$";

/// A text that is not blank once trimmed and has no control characters but
/// those in `control` (which may also surround it, as whitespace).
fn text_pattern(control: &str) -> String {
    let space = format!("[{WHITESPACE}]");
    let visible = format!("[^{CONTROL}{WHITESPACE}]");
    let any = format!("[^{control}]");
    format!("^{space}*{visible}({any}*{visible})?{space}*$")
}

/// The electorate roll as `parse_roll` reads it: an optional byte-order
/// mark; an optional header `member_id,storkreds` on the first line (any
/// letter case, spaces anywhere); then lines `member_id,storkreds`, each
/// field trimmed, the member id 1–200 characters without commas or control
/// characters; blank lines anywhere; at least one member.
fn roll_pattern() -> String {
    let space = format!("[{WHITESPACE_IN_LINE}]*");
    let visible = format!("[^{CONTROL}{WHITESPACE},]");
    let member = format!("{visible}([^{CONTROL},]{{0,{}}}{visible})?", MAX_MEMBER_ID_LEN - 2);
    let slugs: Vec<&str> = Storkreds::ALL.iter().map(|s| s.slug()).collect();
    let storkreds = format!("({})", slugs.join("|"));
    let line = format!("{space}{member}{space},{space}{storkreds}{space}");
    let header_letters: Vec<String> = "member_id,storkreds"
        .chars()
        .map(|c| match (c.to_ascii_lowercase(), c.to_ascii_uppercase()) {
            (lower, upper) if lower != upper => format!("[{lower}{upper}]"),
            _ => c.to_string(),
        })
        .collect();
    let header = format!("{space}{}{space}", header_letters.join(" *"));
    format!(r"^\ufeff?(({header}|{space})\n)?({space}\n)*{line}(\n({line}|{space}))*$")
}

fn string(description: &str, pattern: String) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(Some(pattern))
}

/// Declares a string format: a unit type whose schema is `$schema`, named
/// after the type in the document's components.
macro_rules! string_format {
    ($(#[$doc:meta])* $name:ident => $schema:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $schema.into()
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    };
}

string_format!(
    /// Kroner as a string, from `"0"` to `"1000000000.00"`.
    Amount => string(
        "Kroner as a string: digits, then `.` and one or two decimals if any, from 0 to 1000000000.00, \
         like `\"60000.00\"`. No sign, `,` or thousands separators.",
        AMOUNT.to_owned(),
    )
    .examples(["60000.00"])
);

string_format!(
    /// Kroner as a string, more than zero.
    PositiveAmount => string("An `Amount` of at least 0.01 kr.", POSITIVE_AMOUNT.to_owned()).examples(["60000.00"])
);

string_format!(
    /// A name or title: one line of 1–200 characters.
    OneLineText => string(
        "At most 200 characters on one line, not blank: no control characters (line breaks, tabs) \
         except as surrounding whitespace, which is trimmed.",
        text_pattern(CONTROL),
    )
    .min_length(Some(1))
    .max_length(Some(ProposalTitle::MAX_CHARS))
);

string_format!(
    /// A member id, as on the electorate roll: 1–200 characters on one line.
    MemberId => string(
        "A member id as on the electorate roll: at most 200 characters on one line, not blank, no \
         control characters; surrounding whitespace is trimmed.",
        text_pattern(CONTROL),
    )
    .min_length(Some(1))
    .max_length(Some(MAX_MEMBER_ID_LEN))
    .examples(["m-1042"])
);

impl MemberId {
    /// The most characters a member id may have, surrounding whitespace included.
    pub const MAX_CHARS: usize = MAX_MEMBER_ID_LEN;
}

string_format!(
    /// A description: 1–10,000 characters, line breaks allowed.
    LongText => string(
        "At most 10,000 characters, not blank: line breaks and tabs are allowed, other control \
         characters are not. Surrounding whitespace is trimmed.",
        text_pattern(CONTROL_BUT_LINE_BREAKS),
    )
    .min_length(Some(1))
    .max_length(Some(Description::MAX_CHARS))
);

string_format!(
    /// What an expense paid for: one line of 1–500 characters.
    EntryText => string(
        "At most 500 characters on one line, not blank: no control characters (line breaks, tabs) \
         except as surrounding whitespace, which is trimmed.",
        text_pattern(CONTROL),
    )
    .min_length(Some(1))
    .max_length(Some(EntryDescription::MAX_CHARS))
);

string_format!(
    /// HB's reason: 1–2,000 characters, line breaks allowed.
    ReasonText => string(
        "At most 2,000 characters, not blank: line breaks and tabs are allowed, other control \
         characters are not. Surrounding whitespace is trimmed.",
        text_pattern(CONTROL_BUT_LINE_BREAKS),
    )
    .min_length(Some(1))
    .max_length(Some(Reason::MAX_CHARS))
);

string_format!(
    /// The body of an electorate import: CSV `member_id,storkreds`.
    ElectorateRoll => string(
        "CSV: an optional header `member_id,storkreds`, then one member per line as \
         `member_id,storkreds` (member id 1–200 characters without commas or control characters; \
         storkreds by slug). Blank lines are skipped. At least one member, each listed once.",
        roll_pattern(),
    )
    .examples(["member_id,storkreds\nm-1042,fyn\nm-2211,kobenhavn\n"])
);

/// A date and time as RFC 3339 with whole seconds and an offset:
/// `2026-12-04T18:00:00+01:00` or `2026-12-04T17:00:00Z`.
pub const DATE_TIME: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$";

string_format!(
    /// A date and time to the second, with its offset.
    DateTimeSeconds => string(
        "A date and time in RFC 3339 to the second, with an offset: `2026-12-04T18:00:00+01:00` \
         (Danish time in winter) or `2026-12-04T17:00:00Z`. No fractions of a second.",
        DATE_TIME.to_owned(),
    )
    .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::DateTime)))
    .examples(["2026-12-04T18:00:00+01:00"])
);

/// Whether `text` has the shape of [`DATE_TIME`].
/// A date as the API takes it: exactly `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    (text.len() == 10)
        .then(|| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
}

fn date_time_shape(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (stamp, offset) = bytes.split_at(bytes.len().min(19));
    let stamp_ok = stamp.len() == 19
        && stamp.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 | 16 => *b == b':',
            _ => b.is_ascii_digit(),
        });
    let offset_ok = offset == b"Z"
        || (offset.len() == 6
            && matches!(offset[0], b'+' | b'-')
            && offset[3] == b':'
            && [1, 2, 4, 5].iter().all(|i| offset[*i].is_ascii_digit()));
    stamp_ok && offset_ok
}

/// Reads a [`DateTimeSeconds`] into a moment, or says what is wrong with it.
pub fn parse_date_time(text: &str) -> Result<medlemsbudget_domain::Moment, String> {
    let invalid =
        || format!("\"{text}\" is not a date and time like 2026-12-04T18:00:00+01:00 (to the second, with an offset)");
    if !date_time_shape(text) {
        return Err(invalid());
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|at| crate::clock::moment(at.to_utc()))
        .map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use medlemsbudget_domain::electorate::parse_roll;
    use medlemsbudget_domain::{Money, RoundName};
    use regex::Regex;

    use super::*;

    fn regex(pattern: &str) -> Regex {
        match Regex::new(pattern) {
            Ok(regex) => regex,
            Err(e) => panic!("{pattern}: {e}"),
        }
    }

    /// Strings near every edge of the grammars above.
    const TEXTS: [&str; 34] = [
        "",
        " ",
        "\u{a0}",
        "\u{3000}x\u{3000}",
        "a",
        "  Valgkamp  ",
        "a b",
        "a\nb",
        "a\n",
        "\na",
        "\t a \r\n",
        "a\tb",
        "a\rb",
        "a\u{0}",
        "a\u{7f}b",
        "a\u{85}",
        "a\u{85}b",
        "a\u{9f}b",
        "a\u{feff}",
        "\u{feff}",
        "æøå ÆØÅ",
        "a\u{2028}b",
        "\u{200b}",
        "line one\nline two",
        "0",
        "-0",
        "-0.00",
        "-1",
        "1.5",
        "1.",
        ".5",
        "1,50",
        "0.001",
        "١٢",
    ];

    #[test]
    fn text_patterns_accept_what_the_domain_accepts() {
        let one_line = regex(&text_pattern(CONTROL));
        let long = regex(&text_pattern(CONTROL_BUT_LINE_BREAKS));
        let long_texts = ["x".repeat(200), format!(" {} ", "x".repeat(199)), "x".repeat(201)];
        for text in TEXTS.iter().copied().chain(long_texts.iter().map(String::as_str)) {
            // The pattern leaves the length to maxLength.
            let short_enough = text.chars().count() <= 200;
            assert_eq!(
                one_line.is_match(text) && short_enough,
                ProposalTitle::parse(text).is_ok(),
                "title {text:?}"
            );
            assert_eq!(
                one_line.is_match(text) && short_enough,
                RoundName::parse(text).is_ok(),
                "name {text:?}"
            );
            assert_eq!(
                long.is_match(text),
                Description::parse(text).is_ok(),
                "description {text:?}"
            );
            assert_eq!(
                one_line.is_match(text),
                EntryDescription::parse(text).is_ok(),
                "entry {text:?}"
            );
            assert_eq!(long.is_match(text), Reason::parse(text).is_ok(), "reason {text:?}");
        }
    }

    #[test]
    fn amount_patterns_accept_what_money_parse_accepts() {
        let amount = regex(AMOUNT);
        let positive = regex(POSITIVE_AMOUNT);
        let edges = [
            "0.01",
            "0.10",
            "00.5",
            "0999999999.99",
            "999999999.99",
            "1000000000",
            "1000000000.0",
            "1000000000.00",
            "1000000000.01",
            "1000000001",
            "0001000000000",
            "9999999999",
            "500000.00",
            "1e3",
            "+1",
            " 1",
            "1\n",
        ];
        for text in TEXTS.iter().chain(edges.iter()) {
            let parsed = Money::parse(text);
            assert_eq!(amount.is_match(text), parsed.is_ok(), "amount {text:?}");
            assert_eq!(
                positive.is_match(text),
                parsed.is_ok_and(|m| !m.is_zero()),
                "positive amount {text:?}"
            );
        }
    }

    #[test]
    fn the_date_time_pattern_accepts_what_parse_date_time_accepts() {
        let pattern = regex(DATE_TIME);
        let texts = [
            "2026-12-04T18:00:00+01:00",
            "2026-12-04T17:00:00Z",
            "2026-06-30T23:59:59-02:30",
            "2026-12-04t17:00:00Z",
            "2026-12-04 17:00:00Z",
            "2026-12-04T17:00:00.5Z",
            "2026-12-04T17:00Z",
            "2026-12-04T17:00:00",
            "2026-12-04T17:00:00+0100",
            "2026-12-04T17:00:00z",
            "١٢٣٤-12-04T17:00:00Z",
            "2026-12-04T17:00:00+01:00 ",
        ];
        for text in texts.iter().chain(TEXTS.iter()) {
            assert_eq!(pattern.is_match(text), parse_date_time(text).is_ok(), "{text:?}");
        }
        assert_eq!(
            parse_date_time("2026-12-04T18:00:00+01:00").map(|m| m.to_string()),
            Ok("2026-12-04T17:00:00Z".to_owned())
        );
        // Valid in shape, not a date: the one thing the pattern leaves to `format`.
        assert!(pattern.is_match("2026-13-01T00:00:00Z"));
        assert!(parse_date_time("2026-13-01T00:00:00Z").is_err());
    }

    #[test]
    fn the_roll_pattern_accepts_what_parse_roll_accepts() {
        let roll = regex(&roll_pattern());
        let long_member = format!("{},fyn", "m".repeat(200));
        let too_long_member = format!("{},fyn", "m".repeat(201));
        let rolls = [
            "",
            "\n",
            "member_id,storkreds",
            "member_id,storkreds\n",
            "member_id,storkreds\nm-1,fyn",
            "MEMBER_ID , Storkreds\r\nm-1,fyn\r\n",
            "Mem ber_id,storkreds\nm-1,fyn",
            "\u{feff}member_id,storkreds\nm-1,fyn\n",
            "\nmember_id,storkreds\nm-1,fyn",
            "m-1,fyn",
            "m-1,fyn\n\n\nm-2, bornholm \n",
            "  m 1 ,\tkobenhavns-omegn",
            "m-1,Fyn",
            "m-1,aarhus",
            "m-1,fyn,extra",
            ",fyn",
            "m-1,",
            "m\u{1}1,fyn",
            "m\r1,fyn",
            "m-1\r,fyn",
            "m-1,fyn\rm-2,fyn",
            "\u{a0}m-1\u{a0},fyn",
            long_member.as_str(),
            too_long_member.as_str(),
        ];
        for text in rolls {
            assert_eq!(roll.is_match(text), parse_roll(text).is_ok(), "roll {text:?}");
        }
        // A member listed twice is the one thing the pattern cannot see.
        assert!(roll.is_match("m-1,fyn\nm-1,fyn"));
        assert!(parse_roll("m-1,fyn\nm-1,fyn").is_err());
    }
}

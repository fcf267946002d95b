//! The message catalogue (Fluent files under `api/locales/`), the visitor's
//! language, and how numbers, money and dates read in it.

use std::borrow::Cow;
use std::collections::HashMap;

pub use crate::clock::copenhagen;
use axum::http::HeaderMap;
use chrono::{DateTime, Datelike, Timelike, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use medlemsbudget_domain::{kroner, Money};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "da",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language the pages are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Danish, the default.
    Da,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code, for `lang=` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    /// The language a code names, if it is one of ours.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().split(['-', '_']).next() {
            Some("da") => Some(Lang::Da),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    /// The best of ours for an `Accept-Language` header (Danish when none fits).
    pub fn negotiate(headers: &HeaderMap) -> Lang {
        let Some(header) = headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
        else {
            return Lang::Da;
        };
        let mut offers: Vec<(u16, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(position, entry)| {
                let mut parts = entry.split(';');
                let lang = Lang::from_code(parts.next()?)?;
                let quality = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                (quality > 0.0).then_some(((quality * 1000.0) as u16, position, lang))
            })
            .collect();
        offers.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        offers.first().map_or(Lang::Da, |o| o.2)
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Da => fluent_templates::langid!("da"),
            Lang::En => fluent_templates::langid!("en"),
        }
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        }
    }
}

/// Looks up messages in one language; handed to every template as `t`.
#[derive(Clone, Copy, Debug)]
pub struct Tr {
    /// The language.
    pub lang: Lang,
}

impl Tr {
    /// Whether text the organisation's people wrote (bid titles and
    /// descriptions, HB's reasons) must be marked as Danish, because the
    /// page around it is not.
    pub fn marks_authored_text(&self) -> bool {
        self.lang != Lang::Da
    }

    /// The message `key`.
    pub fn get(&self, key: &str) -> String {
        LOCALES.lookup(&self.lang.id(), key)
    }

    /// The message `key`, if the catalogue has it.
    pub fn try_get(&self, key: &str) -> Option<String> {
        LOCALES.try_lookup(&self.lang.id(), key)
    }

    /// The message `key` with arguments.
    pub fn args(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Owned((*name).to_owned()), value.clone()))
            .collect();
        LOCALES.lookup_with_args(&self.lang.id(), key, &map)
    }

    /// The message `key` with one text argument.
    pub fn with(&self, key: &str, name: &str, value: impl ToString) -> String {
        self.args(key, &[(name, FluentValue::from(value.to_string()))])
    }

    /// The message `key` with one number argument (for plurals).
    pub fn count(&self, key: &str, name: &str, value: impl std::borrow::Borrow<u64>) -> String {
        self.args(key, &[(name, FluentValue::from(*value.borrow()))])
    }

    /// An amount: `60.000,00 kr.` or `DKK 60,000.00`.
    pub fn money(&self, money: &Money) -> String {
        match self.lang {
            Lang::Da => kroner::danish(*money),
            Lang::En => kroner::english(*money),
        }
    }

    /// A whole number with thousands separators.
    pub fn number(&self, n: &u64) -> String {
        let separator = if self.lang == Lang::Da { '.' } else { ',' };
        kroner::grouped(n, separator)
    }

    /// A share as a percent with one decimal: `24,0 %` or `24.0%`.
    pub fn percent(&self, part: u64, whole: u64) -> String {
        let tenths = (part * 1000 + whole / 2).checked_div(whole).unwrap_or(0);
        match self.lang {
            Lang::Da => format!("{},{} %", tenths / 10, tenths % 10),
            Lang::En => format!("{}.{}%", tenths / 10, tenths % 10),
        }
    }

    /// A time in Copenhagen: `4. december 2026 kl. 18.00` or `4 December 2026, 18:00`.
    pub fn datetime(&self, at: &DateTime<Utc>) -> String {
        let local = copenhagen(*at);
        let month = self.get(&format!("month-{}", local.month()));
        match self.lang {
            Lang::Da => format!(
                "{}. {} {} kl. {:02}.{:02}",
                local.day(),
                month,
                local.year(),
                local.hour(),
                local.minute()
            ),
            Lang::En => format!(
                "{} {} {}, {:02}:{:02}",
                local.day(),
                month,
                local.year(),
                local.hour(),
                local.minute()
            ),
        }
    }

    /// A day: `5. december 2026`, `5 December 2026`.
    pub fn date(&self, day: &chrono::NaiveDate) -> String {
        let month = self.get(&format!("month-{}", day.month()));
        match self.lang {
            Lang::Da => format!("{}. {} {}", day.day(), month, day.year()),
            Lang::En => format!("{} {} {}", day.day(), month, day.year()),
        }
    }
}

/// `at` in Copenhagen as a `datetime-local` field shows it: `2026-12-04T18:00`.
pub fn copenhagen_input(at: &DateTime<Utc>) -> String {
    copenhagen(*at).format("%Y-%m-%dT%H:%M").to_string()
}

/// A `datetime-local` field's value (`2026-12-04T18:00`, seconds optional),
/// or a time typed the Danish way where the browser shows a text field
/// (`04.12.2026 18.00` or `04.12.2026 18:00`), read as Copenhagen time;
/// `None` when it is not a time, or a time the clocks skip in spring. In the
/// autumn hour that comes twice, the first.
pub fn from_copenhagen(typed: &str) -> Option<DateTime<Utc>> {
    let typed = typed.trim();
    let local = [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%d.%m.%Y %H.%M",
        "%d.%m.%Y %H:%M",
    ]
    .into_iter()
    .find_map(|format| chrono::NaiveDateTime::parse_from_str(typed, format).ok())?;
    [2, 1]
        .into_iter()
        .map(|offset| (local - chrono::Duration::hours(offset)).and_utc())
        .find(|utc| copenhagen(*utc) == local)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            value.parse().unwrap_or_else(|e| panic!("{e}")),
        );
        headers
    }

    #[test]
    fn negotiates_by_quality_then_order() {
        assert_eq!(Lang::negotiate(&HeaderMap::new()), Lang::Da);
        assert_eq!(Lang::negotiate(&headers("en-GB,en;q=0.9,da;q=0.8")), Lang::En);
        assert_eq!(Lang::negotiate(&headers("de, en;q=0.5, da;q=0.7")), Lang::Da);
        assert_eq!(Lang::negotiate(&headers("fr")), Lang::Da);
        assert_eq!(Lang::negotiate(&headers("da;q=0, en")), Lang::En);
    }

    #[test]
    fn formats_times_in_copenhagen() {
        let winter = DateTime::parse_from_rfc3339("2026-12-04T17:00:00Z")
            .unwrap_or_else(|e| panic!("{e}"))
            .to_utc();
        let summer = DateTime::parse_from_rfc3339("2026-06-01T10:30:00Z")
            .unwrap_or_else(|e| panic!("{e}"))
            .to_utc();
        let da = Tr { lang: Lang::Da };
        assert_eq!(da.datetime(&winter), "4. december 2026 kl. 18.00");
        assert_eq!(da.datetime(&summer), "1. juni 2026 kl. 12.30");
        assert_eq!(Tr { lang: Lang::En }.datetime(&winter), "4 December 2026, 18:00");
        let day = winter.date_naive();
        assert_eq!(
            (da.date(&day), Tr { lang: Lang::En }.date(&day)),
            ("4. december 2026".to_owned(), "4 December 2026".to_owned())
        );
    }

    #[test]
    fn reads_copenhagen_time_typed_in_a_form() {
        let read = |typed| from_copenhagen(typed).map(|at| at.to_rfc3339());
        assert_eq!(read("2026-12-04T18:00").as_deref(), Some("2026-12-04T17:00:00+00:00"));
        assert_eq!(
            read("2026-06-01T12:30:15").as_deref(),
            Some("2026-06-01T10:30:15+00:00")
        );
        // 29 March 2026: 02:00 becomes 03:00; 25 October 2026: 02:30 comes twice.
        assert_eq!(read("2026-03-29T02:30"), None);
        assert_eq!(read("2026-10-25T02:30").as_deref(), Some("2026-10-25T00:30:00+00:00"));
        assert_eq!(read("04.12.2026 18.00").as_deref(), Some("2026-12-04T17:00:00+00:00"));
        assert_eq!(read("4.12.2026 18:00").as_deref(), Some("2026-12-04T17:00:00+00:00"));
        assert_eq!(read("4. december"), None);
        let Some(at) = from_copenhagen("2026-12-04T18:00") else {
            panic!("not read")
        };
        assert_eq!(copenhagen_input(&at), "2026-12-04T18:00");
    }

    #[test]
    fn formats_numbers_and_percent() {
        let da = Tr { lang: Lang::Da };
        assert_eq!(da.number(&10_000), "10.000");
        assert_eq!(da.percent(24, 100), "24,0 %");
        assert_eq!(Tr { lang: Lang::En }.percent(1, 3), "33.3%");
    }

    fn keys(lang: &str) -> std::collections::BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut keys = std::collections::BTreeSet::new();
        for file in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{e}")) {
            let text = std::fs::read_to_string(file.unwrap_or_else(|e| panic!("{e}")).path())
                .unwrap_or_else(|e| panic!("{e}"));
            for line in text.lines() {
                if let Some((key, _)) = line.split_once(" =") {
                    if !key.starts_with([' ', '#', '-']) && !key.is_empty() {
                        keys.insert(key.trim().to_owned());
                    }
                }
            }
        }
        keys
    }

    #[test]
    fn every_message_exists_in_both_languages() {
        let da = keys("da");
        let en = keys("en");
        assert!(da.len() > 50);
        assert_eq!(
            da.difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in English"
        );
        assert_eq!(
            en.difference(&da).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in Danish"
        );
    }
}

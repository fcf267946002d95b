//! Bounded, trimmed texts: round names, proposal titles and descriptions,
//! and the reasons HB gives for a change.

use std::fmt;

/// Why a text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Empty or only whitespace.
    #[error("must not be empty")]
    Empty,
    /// Longer than allowed.
    #[error("is {actual} characters; at most {max} are allowed")]
    TooLong {
        /// The limit.
        max: usize,
        /// The length given.
        actual: usize,
    },
    /// Contains control characters (other than line breaks and tabs in descriptions).
    #[error("contains control characters")]
    ControlCharacters,
}

/// Checks `raw` and returns it trimmed. The length counts the text as given,
/// surrounding whitespace included, so that it is the length a client sees.
fn parse_text(raw: &str, max: usize, multiline: bool) -> Result<String, TextError> {
    let actual = raw.chars().count();
    if actual > max {
        return Err(TextError::TooLong { max, actual });
    }
    let text = raw.trim();
    if text.is_empty() {
        return Err(TextError::Empty);
    }
    let allowed = |c: char| !c.is_control() || (multiline && matches!(c, '\n' | '\r' | '\t'));
    if !text.chars().all(allowed) {
        return Err(TextError::ControlCharacters);
    }
    Ok(text.to_owned())
}

macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, $max:expr, $multiline:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// The most characters allowed.
            pub const MAX_CHARS: usize = $max;

            /// Checks the text is short enough, then trims it and checks it is
            /// non-empty and printable.
            pub fn parse(raw: &str) -> Result<Self, TextError> {
                parse_text(raw, $max, $multiline).map($name)
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

bounded_text!(
    /// The name of a round, e.g. "KV17 grundarbejde", 1–200 characters.
    RoundName, 200, false
);
bounded_text!(
    /// A proposal's title, 1–200 characters on one line.
    ProposalTitle, 200, false
);
bounded_text!(
    /// A proposal's description, 1–10,000 characters; line breaks allowed.
    Description, 10_000, true
);
bounded_text!(
    /// Why HB changed something that was already public, such as a date on
    /// the timeline: 1–1,000 characters on one line.
    ChangeReason, 1_000, false
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_bounds() {
        assert_eq!(
            ProposalTitle::parse("  Valgkamp  ").map(|t| t.to_string()),
            Ok("Valgkamp".into())
        );
        assert_eq!(ProposalTitle::parse("   "), Err(TextError::Empty));
        assert!(matches!(
            ProposalTitle::parse(&"x".repeat(201)),
            Err(TextError::TooLong { max: 200, actual: 201 })
        ));
        assert!(matches!(
            ProposalTitle::parse(&format!(" {} ", "x".repeat(199))),
            Err(TextError::TooLong { max: 200, actual: 201 })
        ));
        assert_eq!(ProposalTitle::parse("a\n").map(|t| t.to_string()), Ok("a".into()));
        assert_eq!(ProposalTitle::parse("a\nb"), Err(TextError::ControlCharacters));
        assert!(Description::parse("line one\nline two").is_ok());
        assert_eq!(Description::parse("nul\u{0}"), Err(TextError::ControlCharacters));
    }
}

//! The electorate roll: who may vote in a round, and in which storkreds,
//! read from CSV lines `member_id,storkreds`.

use std::collections::BTreeMap;

use crate::storkreds::{Storkreds, UnknownStorkreds};

/// The most members a roll may list.
pub const MAX_MEMBERS: usize = 1_000_000;

/// The longest member id accepted.
pub const MAX_MEMBER_ID_LEN: usize = 200;

/// Where a member stands with a round's roll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// The round has no roll: the sign-in's (or the meeting's) storkreds counts.
    NoRoll,
    /// On the roll, in this storkreds.
    On(Storkreds),
    /// The round has a roll and the member is not on it.
    NotOn,
}

/// A line of the CSV that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct RollError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub problem: RollProblem,
}

/// What is wrong with a line of the roll, or with the roll as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RollProblem {
    /// The line does not have exactly two fields.
    #[error("expected 2 fields 'member_id,storkreds', found {found}")]
    FieldCount {
        /// How many fields it has.
        found: usize,
    },
    /// The member id is empty, too long or has control characters.
    #[error("the member id must be 1–{max} printable characters", max = MAX_MEMBER_ID_LEN)]
    BadMemberId,
    /// The storkreds is not one of the ten.
    #[error(transparent)]
    UnknownStorkreds(#[from] UnknownStorkreds),
    /// The member is on an earlier line too.
    #[error("member '{member}' is already listed on line {first}")]
    AlreadyListed {
        /// The member id.
        member: String,
        /// The line that first lists it.
        first: usize,
    },
    /// The roll lists more than [`MAX_MEMBERS`].
    #[error("at most {max} members may be listed", max = MAX_MEMBERS)]
    TooManyMembers,
    /// The roll lists nobody.
    #[error("the roll lists no members")]
    NoMembers,
}

/// Reads a roll: an optional header `member_id,storkreds`, then one member per
/// line. Blank lines are skipped, and so is a UTF-8 byte-order mark at the
/// start (spreadsheet programs write one). Every bad line is reported (up to
/// 100), and then nothing is accepted.
pub fn parse_roll(text: &str) -> Result<Vec<(String, Storkreds)>, Vec<RollError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = Vec::new();
    let mut members: BTreeMap<String, (usize, Storkreds)> = BTreeMap::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let raw = raw.trim();
        if raw.is_empty() || (line == 1 && raw.replace(' ', "").eq_ignore_ascii_case("member_id,storkreds")) {
            continue;
        }
        let mut error = |problem: RollProblem| {
            if errors.len() < 100 {
                errors.push(RollError { line, problem });
            }
        };
        let fields: Vec<&str> = raw.split(',').map(str::trim).collect();
        let [member, slug] = fields.as_slice() else {
            error(RollProblem::FieldCount { found: fields.len() });
            continue;
        };
        if member.is_empty() || member.chars().count() > MAX_MEMBER_ID_LEN || member.chars().any(char::is_control) {
            error(RollProblem::BadMemberId);
            continue;
        }
        let storkreds = match slug.parse::<Storkreds>() {
            Ok(storkreds) => storkreds,
            Err(e) => {
                error(e.into());
                continue;
            }
        };
        if let Some((first, _)) = members.get(*member) {
            error(RollProblem::AlreadyListed {
                member: (*member).to_owned(),
                first: *first,
            });
            continue;
        }
        members.insert((*member).to_owned(), (line, storkreds));
    }
    if members.len() > MAX_MEMBERS {
        errors.push(RollError {
            line: 0,
            problem: RollProblem::TooManyMembers,
        });
    }
    if members.is_empty() && errors.is_empty() {
        errors.push(RollError {
            line: 1,
            problem: RollProblem::NoMembers,
        });
    }
    if errors.is_empty() {
        Ok(members
            .into_iter()
            .map(|(member, (_, storkreds))| (member, storkreds))
            .collect())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_members_with_or_without_a_header() {
        let roll = parse_roll("member_id,storkreds\nm-1,fyn\n\nm-2, bornholm\n");
        assert_eq!(
            roll,
            Ok(vec![
                ("m-1".into(), Storkreds::Fyn),
                ("m-2".into(), Storkreds::Bornholm)
            ])
        );
        assert_eq!(parse_roll("m-1,fyn").map(|r| r.len()), Ok(1));
    }

    #[test]
    fn a_byte_order_mark_from_a_spreadsheet_is_not_part_of_the_roll() {
        let expected = Ok(vec![("m-1".to_owned(), Storkreds::Fyn)]);
        assert_eq!(parse_roll("\u{feff}member_id,storkreds\r\nm-1,fyn\r\n"), expected);
        assert_eq!(parse_roll("\u{feff}m-1,fyn\n"), expected);
    }

    #[test]
    fn member_ids_are_measured_in_characters() {
        let danish = "æ".repeat(MAX_MEMBER_ID_LEN);
        assert!(parse_roll(&format!("{danish},fyn")).is_ok());
        assert!(parse_roll(&format!("{danish}æ,fyn")).is_err());
    }

    #[test]
    fn reports_every_bad_line_by_number() {
        let errors = parse_roll("member_id,storkreds\nm-1,fyn\nm-2,aarhus\nm-1,fyn\njust-one-field\n,fyn\n");
        let lines: Vec<usize> = errors.err().unwrap_or_default().iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6]);
        assert!(parse_roll("member_id,storkreds\n").is_err());
    }

    #[test]
    fn messages_name_the_problem() {
        let text = "m-1,fyn\nm-2,aarhus\nm-1,fyn\njust-one-field\n,fyn\n";
        let messages: Vec<String> = parse_roll(text)
            .err()
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            messages,
            vec![
                "line 2: \"aarhus\" is not a storkreds; use one of: kobenhavn, kobenhavns-omegn, nordsjaelland, bornholm, sjaelland, fyn, sydjylland, ostjylland, vestjylland, nordjylland",
                "line 3: member 'm-1' is already listed on line 1",
                "line 4: expected 2 fields 'member_id,storkreds', found 1",
                "line 5: the member id must be 1–200 printable characters",
            ]
        );
        assert_eq!(
            parse_roll("").map_err(|e| e[0].to_string()),
            Err("line 1: the roll lists no members".to_owned())
        );
        assert_eq!(
            RollProblem::TooManyMembers.to_string(),
            "at most 1000000 members may be listed"
        );
    }
}

//! The electorate roll: who may vote in a round, and in which storkreds,
//! read from CSV lines `member_id,storkreds`.

use std::collections::BTreeMap;

use crate::storkreds::Storkreds;

/// The most members a roll may list.
pub const MAX_MEMBERS: usize = 1_000_000;

/// The longest member id accepted.
pub const MAX_MEMBER_ID_LEN: usize = 200;

/// A line of the CSV that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct RollError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// Reads a roll: an optional header `member_id,storkreds`, then one member per
/// line. Blank lines are skipped. Every bad line is reported (up to 100), and
/// then nothing is accepted.
pub fn parse_roll(text: &str) -> Result<Vec<(String, Storkreds)>, Vec<RollError>> {
    let mut errors = Vec::new();
    let mut members: BTreeMap<String, (usize, Storkreds)> = BTreeMap::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let raw = raw.trim();
        if raw.is_empty() || (line == 1 && raw.replace(' ', "").eq_ignore_ascii_case("member_id,storkreds")) {
            continue;
        }
        let mut error = |message: String| {
            if errors.len() < 100 {
                errors.push(RollError { line, message });
            }
        };
        let fields: Vec<&str> = raw.split(',').map(str::trim).collect();
        let [member, slug] = fields.as_slice() else {
            error(format!(
                "expected 2 fields 'member_id,storkreds', found {}",
                fields.len()
            ));
            continue;
        };
        if member.is_empty() || member.len() > MAX_MEMBER_ID_LEN || member.chars().any(char::is_control) {
            error(format!(
                "the member id must be 1–{MAX_MEMBER_ID_LEN} printable characters"
            ));
            continue;
        }
        let storkreds = match slug.parse::<Storkreds>() {
            Ok(storkreds) => storkreds,
            Err(e) => {
                error(e.to_string());
                continue;
            }
        };
        if let Some((first, _)) = members.get(*member) {
            error(format!("member '{member}' is already listed on line {first}"));
            continue;
        }
        members.insert((*member).to_owned(), (line, storkreds));
    }
    if members.len() > MAX_MEMBERS {
        errors.push(RollError {
            line: 0,
            message: format!("at most {MAX_MEMBERS} members may be listed"),
        });
    }
    if members.is_empty() && errors.is_empty() {
        errors.push(RollError {
            line: 1,
            message: "the roll lists no members".to_owned(),
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
    fn reports_every_bad_line_by_number() {
        let errors = parse_roll("member_id,storkreds\nm-1,fyn\nm-2,aarhus\nm-1,fyn\njust-one-field\n,fyn\n");
        let lines: Vec<usize> = errors.err().unwrap_or_default().iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6]);
        assert!(parse_roll("member_id,storkreds\n").is_err());
    }
}

//! Who a person signed in through the organisation's identity provider is:
//! the role and storkreds their claims give them.
//!
//! The provider says which groups the person is in (a `groups` claim, or
//! whichever the organisation chose): the HB group makes them HB, a board
//! group such as `board:fyn` makes them that storkreds' board, and anyone
//! else is a member. A member's storkreds comes from a claim of its own; when
//! a round has an electorate roll, the roll's storkreds wins over it.

use crate::access::Role;
use crate::storkreds::Storkreds;

/// How group names map to roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupMapping {
    /// The group whose members are HB, e.g. `hb`.
    pub hb_group: String,
    /// The prefix of board groups, followed by a storkreds slug, e.g. `board:`.
    pub board_prefix: String,
}

/// Why a sign-in's claims give no role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimsError {
    /// A board group names no storkreds.
    #[error("the group '{0}' names no storkreds")]
    UnknownBoard(String),
    /// The person is in the board groups of several storkredse.
    #[error("the sign-in names the boards of several storkredse: {0:?}")]
    SeveralBoards(Vec<String>),
    /// The storkreds claim names no storkreds.
    #[error("'{0}' is not a storkreds")]
    UnknownStorkreds(String),
}

impl GroupMapping {
    /// The role and storkreds of someone in `groups`, with `storkreds` from
    /// its own claim (used for members; a board's storkreds is its group's).
    /// HB wins over a board group, and a board group over membership.
    pub fn role(&self, groups: &[String], storkreds: Option<&str>) -> Result<(Role, Option<Storkreds>), ClaimsError> {
        if groups.contains(&self.hb_group) {
            return Ok((Role::Hb, None));
        }
        let boards: Vec<&str> = groups
            .iter()
            .filter_map(|g| g.strip_prefix(self.board_prefix.as_str()))
            .collect();
        match boards.as_slice() {
            [] => {}
            [slug] => {
                let board = slug
                    .parse::<Storkreds>()
                    .map_err(|_| ClaimsError::UnknownBoard(format!("{}{slug}", self.board_prefix)))?;
                return Ok((Role::Board, Some(board)));
            }
            several => {
                return Err(ClaimsError::SeveralBoards(
                    several.iter().map(|s| (*s).to_owned()).collect(),
                ))
            }
        }
        let storkreds = match storkreds.map(str::trim).filter(|s| !s.is_empty()) {
            Some(text) => Some(
                Storkreds::ALL
                    .iter()
                    .copied()
                    .find(|s| s.slug() == text || s.name().eq_ignore_ascii_case(text))
                    .ok_or_else(|| ClaimsError::UnknownStorkreds(text.to_owned()))?,
            ),
            None => None,
        };
        Ok((Role::Member, storkreds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping() -> GroupMapping {
        GroupMapping {
            hb_group: "hb".into(),
            board_prefix: "board:".into(),
        }
    }

    fn groups(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn groups_give_hb_a_board_or_a_member() {
        let m = mapping();
        assert_eq!(m.role(&groups(&["hb", "board:fyn"]), Some("fyn")), Ok((Role::Hb, None)));
        assert_eq!(
            m.role(&groups(&["board:fyn", "members"]), Some("bornholm")),
            Ok((Role::Board, Some(Storkreds::Fyn)))
        );
        assert_eq!(
            m.role(&groups(&["members"]), Some("fyn")),
            Ok((Role::Member, Some(Storkreds::Fyn)))
        );
        assert_eq!(m.role(&[], Some("Fyn")), Ok((Role::Member, Some(Storkreds::Fyn))));
        assert_eq!(m.role(&[], None), Ok((Role::Member, None)));
    }

    #[test]
    fn unknown_or_several_boards_and_unknown_storkredse_are_refused() {
        let m = mapping();
        assert_eq!(
            m.role(&groups(&["board:atlantis"]), None),
            Err(ClaimsError::UnknownBoard("board:atlantis".into()))
        );
        assert!(matches!(
            m.role(&groups(&["board:fyn", "board:bornholm"]), None),
            Err(ClaimsError::SeveralBoards(_))
        ));
        assert_eq!(
            m.role(&[], Some("atlantis")),
            Err(ClaimsError::UnknownStorkreds("atlantis".into()))
        );
    }
}

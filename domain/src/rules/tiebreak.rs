//! The order that settles exact ties between projects.
//!
//! Every rule resolves an exact tie (equal support, equal price, equal load)
//! in favour of the project that comes first in one total order of all
//! projects. [`TieBreak`] says which order: the order the projects are listed
//! in, their ids as strings (what pabutools does, so `"10"` comes before
//! `"9"`), or the service's order: fewer kroner first, then the earlier
//! submission, then the lower id.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::rules::instance::{Instance, Project};

/// How exact ties between projects are broken.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TieBreak {
    /// Earlier in the instance's project list wins.
    AsListed,
    /// The smaller id, compared as a string (byte by byte, so `"10" < "9"`), wins.
    Lexicographic,
    /// The cheaper project wins; then the earlier `submitted_at` (projects
    /// without one come after those with one); then the smaller id, compared
    /// as numbers when both ids are decimal integers and as strings otherwise.
    #[default]
    Service,
}

impl TieBreak {
    /// All positions of `instance`'s projects, the winner of ties first.
    pub fn order(self, instance: &Instance) -> Vec<usize> {
        let projects = instance.projects();
        let mut order: Vec<usize> = (0..projects.len()).collect();
        match self {
            TieBreak::AsListed => {}
            TieBreak::Lexicographic => order.sort_by(|&a, &b| projects[a].id.cmp(&projects[b].id)),
            TieBreak::Service => order.sort_by(|&a, &b| service_order(&projects[a], &projects[b])),
        }
        order
    }

    /// The kebab-case name, as used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            TieBreak::AsListed => "as-listed",
            TieBreak::Lexicographic => "lexicographic",
            TieBreak::Service => "service",
        }
    }
}

fn service_order(a: &Project, b: &Project) -> Ordering {
    let submitted = |p: &Project| (p.submitted_at.is_none(), p.submitted_at);
    a.cost
        .cmp(&b.cost)
        .then_with(|| submitted(a).cmp(&submitted(b)))
        .then_with(|| id_order(&a.id, &b.id))
}

/// Numeric order for canonical decimal integers, string order otherwise.
fn id_order(a: &str, b: &str) -> Ordering {
    let canonical =
        |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    if canonical(a) && canonical(b) {
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    } else {
        a.cmp(b)
    }
}

impl fmt::Display for TieBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TieBreak {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [TieBreak::AsListed, TieBreak::Lexicographic, TieBreak::Service]
            .into_iter()
            .find(|t| t.as_str() == text)
            .ok_or_else(|| format!("\"{text}\" is not a tie-break; use as-listed, lexicographic or service"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::instance::Project;

    fn instance(projects: Vec<Project>) -> Instance {
        Instance::new(100, 0, projects, vec![]).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn lexicographic_compares_strings() {
        let i = instance(vec![Project::new("9", 1), Project::new("10", 1), Project::new("b", 1)]);
        assert_eq!(TieBreak::Lexicographic.order(&i), vec![1, 0, 2]);
        assert_eq!(TieBreak::AsListed.order(&i), vec![0, 1, 2]);
    }

    #[test]
    fn service_prefers_cheaper_then_earlier_then_lower_id() {
        let at = |id: &str, cost, t| Project {
            id: id.into(),
            cost,
            submitted_at: t,
        };
        let i = instance(vec![
            at("10", 5, Some(2)),
            at("9", 5, Some(2)),
            at("8", 5, None),
            at("7", 5, Some(1)),
            at("6", 4, None),
        ]);
        assert_eq!(TieBreak::Service.order(&i), vec![4, 3, 1, 0, 2]);
        assert_eq!("service".parse(), Ok(TieBreak::Service));
        assert!("random".parse::<TieBreak>().is_err());
    }
}

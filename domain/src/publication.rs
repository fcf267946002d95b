//! A published round as the service signs it, and the checks anyone can run
//! against it: the published ballots hash to the signed root, a recount of
//! the published Pabulib file under the signed rule gives the signed
//! allocation, and a round's records (its audit log and counted ballots)
//! are the ones that were signed.
//!
//! The signature itself (Ed25519 over [`Publication::signed_bytes`]) is made
//! and checked outside the domain; everything here is pure.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ballot_rules::{BallotContent, BallotRules};
use crate::candidate::Candidate;
use crate::money::Money;
use crate::proposal::ProposalId;
use crate::round_file::ImportedRound;
use crate::round_rule::RoundRule;
use crate::split::Split;
use crate::storkreds::Storkreds;
use crate::tally::{tally_round, CountedBallot, RoundTally};
use crate::verification::{ballots_root, content_text, AuditRecord, BallotSource, PublishedBallot};

/// The format name every publication carries.
pub const FORMAT: &str = "medlemsbudget-publication-v1";

/// A bid the result funds, and with how much.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FundedBid {
    /// The bid.
    pub id: ProposalId,
    /// What it gets.
    pub allocated: Money,
}

/// What the service signs when a round is published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// Always [`FORMAT`].
    pub format: String,
    /// The round.
    pub round_id: i64,
    /// Its name.
    pub name: String,
    /// The pool.
    pub pool: Money,
    /// The ballot rules.
    pub ballot: BallotRules,
    /// The rule it was counted with.
    pub rule: RoundRule,
    /// The split it was counted with.
    pub split: Split,
    /// Members on the roll per storkreds (empty: no roll); a `by-members`
    /// split needs them to recount.
    pub members: BTreeMap<Storkreds, u64>,
    /// Ballots counted.
    pub ballots_counted: usize,
    /// Of them, ballots cast on paper at meetings (absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub paper_ballots: usize,
    /// Spoilt paper ballots handed in at meetings, counted for no bid (absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub spoilt_ballots: u64,
    /// Root of the hash chain over the counted ballots.
    pub ballots_root: String,
    /// The funded bids, by id.
    pub funded: Vec<FundedBid>,
    /// Allocated in total, floor grants included.
    pub allocated: Money,
    /// Left of the pool.
    pub unallocated: Money,
    /// Events in the round's audit log when it was published, the
    /// publication's own phase change included.
    pub audit_events: i64,
    /// The hash of the last of them.
    pub audit_head: String,
    /// When it was published (RFC 3339).
    pub published_at: String,
}

/// Whether a count is zero (left out of the signed document then, so a
/// publication without paper ballots reads as before they existed).
fn is_zero<T: Default + PartialEq>(n: &T) -> bool {
    *n == T::default()
}

/// Something that is not as the publication says.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Discrepancy {
    /// The document is not a publication this service makes.
    #[error("not a {FORMAT} document: {0}")]
    NotAPublication(String),
    /// The signature does not verify with the given key.
    #[error("the signature does not match the publication and the service's public key")]
    BadSignature,
    /// The ballots hash to another root.
    #[error("the ballots hash to root {found}, the publication signs {signed}")]
    BallotsRoot {
        /// The root of the ballots at hand.
        found: String,
        /// The signed root.
        signed: String,
    },
    /// Another number of ballots.
    #[error("{found} ballots are at hand, the publication counted {signed}")]
    BallotCount {
        /// Ballots at hand.
        found: usize,
        /// Ballots signed.
        signed: usize,
    },
    /// The Pabulib file holds other ballots than the published list.
    #[error("the Pabulib file's ballots differ from the published ballot list in {0} ballot(s)")]
    ExportBallots(usize),
    /// The recount could not run.
    #[error("the recount could not be made: {0}")]
    Recount(String),
    /// The recount funds other bids.
    #[error("the recount funds {found:?}, the publication {signed:?} (bid id, kroner)")]
    Funded {
        /// What the recount funds.
        found: Vec<(i64, String)>,
        /// What the publication funds.
        signed: Vec<(i64, String)>,
    },
    /// The recount allocates another total.
    #[error("the recount allocates {found} kr, the publication {signed} kr")]
    Allocated {
        /// The recount's total.
        found: Money,
        /// The signed total.
        signed: Money,
    },
    /// The audit log is not the one that was signed.
    #[error("the audit log has {found} event(s) ending in {found_head}, the publication signs {signed} ending in {signed_head}")]
    AuditLog {
        /// Events found.
        found: usize,
        /// The last event's hash found.
        found_head: String,
        /// Events signed.
        signed: i64,
        /// The signed head.
        signed_head: String,
    },
    /// An audit event does not hash to what it claims, or does not follow its predecessor.
    #[error("the audit log is broken: {0}")]
    AuditChain(String),
}

impl Publication {
    /// The bytes that are signed: the publication as compact JSON.
    pub fn signed_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads a publication from the signed bytes.
    pub fn from_signed_bytes(bytes: &[u8]) -> Result<Publication, Discrepancy> {
        let publication: Publication =
            serde_json::from_slice(bytes).map_err(|e| Discrepancy::NotAPublication(e.to_string()))?;
        if publication.format != FORMAT {
            return Err(Discrepancy::NotAPublication(format!("format '{}'", publication.format)));
        }
        Ok(publication)
    }

    /// The funded bids of `tally`, sorted by id.
    pub fn funded_of(tally: &RoundTally) -> Vec<FundedBid> {
        let mut funded: Vec<FundedBid> = tally
            .lines
            .iter()
            .filter(|line| line.funded)
            .map(|line| FundedBid {
                id: line.id,
                allocated: line.allocated,
            })
            .collect();
        funded.sort();
        funded
    }

    /// Checks a published ballot list against the signed root and count.
    pub fn check_ballots(&self, ballots: &[PublishedBallot]) -> Vec<Discrepancy> {
        let mut found = Vec::new();
        if ballots.len() != self.ballots_counted {
            found.push(Discrepancy::BallotCount {
                found: ballots.len(),
                signed: self.ballots_counted,
            });
        }
        let root = ballots_root(self.round_id, ballots);
        if root != self.ballots_root {
            found.push(Discrepancy::BallotsRoot {
                found: root,
                signed: self.ballots_root.clone(),
            });
        }
        found
    }

    /// Recounts the round from its Pabulib file under the signed rule,
    /// split, pool and roll, and compares the allocation. With `ballots`
    /// (the published list), also checks that the file holds the same
    /// ballots.
    pub fn recount(&self, file: &ImportedRound, ballots: Option<&[PublishedBallot]>) -> Vec<Discrepancy> {
        let mut found = Vec::new();
        let mut candidates = Vec::with_capacity(file.proposals.len());
        for proposal in &file.proposals {
            let Ok(id) = proposal.project_id.parse::<i64>() else {
                return vec![Discrepancy::Recount(format!(
                    "project id '{}' is not a bid id",
                    proposal.project_id
                ))];
            };
            candidates.push(Candidate {
                id: ProposalId(id),
                storkreds: proposal.storkreds,
                requested: proposal.amount,
                submitted_at: proposal.submitted_at.unwrap_or(0),
            });
        }
        let ids: Vec<ProposalId> = candidates.iter().map(|c| c.id).collect();
        let cumulative = matches!(self.ballot, BallotRules::Cumulative { .. });
        let counted: Vec<CountedBallot> = file
            .ballots
            .iter()
            .map(|b| CountedBallot {
                storkreds: b.storkreds,
                content: b.content(&ids, cumulative),
                source: b.source,
            })
            .collect();
        if let Some(published) = ballots {
            let differing = differing_contents(
                counted.iter().map(|b| (&b.content, b.source)),
                published.iter().map(|b| (&b.content, b.source)),
            );
            if differing > 0 {
                found.push(Discrepancy::ExportBallots(differing));
            }
        }
        let tally = match tally_round(self.pool, &candidates, &counted, self.rule, &self.split, &self.members) {
            Ok(tally) => tally,
            Err(e) => {
                found.push(Discrepancy::Recount(e.to_string()));
                return found;
            }
        };
        let recounted = Publication::funded_of(&tally);
        if recounted != self.funded {
            let list = |bids: &[FundedBid]| bids.iter().map(|b| (b.id.0, b.allocated.to_string())).collect();
            found.push(Discrepancy::Funded {
                found: list(&recounted),
                signed: list(&self.funded),
            });
        }
        if tally.allocated != self.allocated {
            found.push(Discrepancy::Allocated {
                found: tally.allocated,
                signed: self.allocated,
            });
        }
        found
    }

    /// Checks a round's audit log as stored against the signed head: the
    /// chain must be intact and its first `audit_events` events must end in
    /// the signed head (events after publication may follow).
    pub fn check_audit(&self, records: &[AuditRecord]) -> Vec<Discrepancy> {
        if let Err(broken) = crate::verification::verify_audit_chain(records) {
            return vec![Discrepancy::AuditChain(broken.to_string())];
        }
        let signed = usize::try_from(self.audit_events).unwrap_or(usize::MAX);
        let head = signed.checked_sub(1).and_then(|i| records.get(i));
        match head {
            Some(record) if record.hash == self.audit_head => Vec::new(),
            _ => vec![Discrepancy::AuditLog {
                found: records.len(),
                found_head: records.last().map(|r| r.hash.clone()).unwrap_or_default(),
                signed: self.audit_events,
                signed_head: self.audit_head.clone(),
            }],
        }
    }
}

/// How many ballots one multiset of contents (each online or paper) has
/// that the other has not.
fn differing_contents<'a>(
    a: impl Iterator<Item = (&'a BallotContent, BallotSource)>,
    b: impl Iterator<Item = (&'a BallotContent, BallotSource)>,
) -> usize {
    let mut counts: BTreeMap<(String, BallotSource), i64> = BTreeMap::new();
    for (content, source) in a {
        *counts.entry((content_text(content), source)).or_default() += 1;
    }
    for (content, source) in b {
        *counts.entry((content_text(content), source)).or_default() -= 1;
    }
    let differing: i64 = counts.values().map(|n| n.abs()).sum();
    usize::try_from(differing).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::round_file::{export, import, ExportedProposal, RoundExport};
    use crate::verification::{audit_hash, GENESIS_HASH};

    fn kr(text: &str) -> Money {
        Money::parse(text).unwrap_or_default()
    }

    fn approvals(ids: &[i64]) -> BallotContent {
        BallotContent::Approvals(ids.iter().map(|&i| ProposalId(i)).collect())
    }

    /// A small round: its publication, its published ballots and its file.
    fn round() -> (Publication, Vec<PublishedBallot>, String) {
        let proposals: Vec<ExportedProposal> = [(7, "600.00"), (9, "500.00"), (11, "300.00")]
            .iter()
            .map(|&(id, amount)| ExportedProposal {
                candidate: Candidate {
                    id: ProposalId(id),
                    storkreds: Storkreds::Fyn,
                    requested: kr(amount),
                    submitted_at: id,
                },
                title: format!("Bud {id}"),
            })
            .collect();
        let contents = [
            approvals(&[7]),
            approvals(&[7, 9]),
            approvals(&[9, 11]),
            approvals(&[11]),
        ];
        // The last ballot was cast on paper at a meeting.
        let source = |n: usize| {
            if n == contents.len() - 1 {
                BallotSource::Paper
            } else {
                BallotSource::Online
            }
        };
        let counted: Vec<CountedBallot> = contents
            .iter()
            .enumerate()
            .map(|(n, c)| CountedBallot {
                storkreds: Storkreds::Fyn,
                content: c.clone(),
                source: source(n),
            })
            .collect();
        let published: Vec<PublishedBallot> = contents
            .iter()
            .enumerate()
            .map(|(n, c)| PublishedBallot {
                receipt_hash: format!("{n:064}"),
                content: c.clone(),
                source: source(n),
            })
            .collect();
        let (pool, rule, split) = (kr("1000.00"), RoundRule::default(), Split::National);
        let candidates: Vec<Candidate> = proposals.iter().map(|p| p.candidate.clone()).collect();
        let tally = tally_round(pool, &candidates, &counted, rule, &split, &BTreeMap::new());
        let Ok(tally) = tally else { panic!("tally") };
        let file = export(&RoundExport {
            name: "Runde",
            pool,
            ballot: BallotRules::default(),
            rule,
            split: &split,
            proposals: &proposals,
            ballots: &counted,
        });
        let Ok(file) = file else { panic!("export") };
        let publication = Publication {
            format: FORMAT.to_owned(),
            round_id: 3,
            name: "Runde".to_owned(),
            pool,
            ballot: BallotRules::default(),
            rule,
            split,
            members: BTreeMap::new(),
            ballots_counted: published.len(),
            paper_ballots: 1,
            spoilt_ballots: 0,
            ballots_root: ballots_root(3, &published),
            funded: Publication::funded_of(&tally),
            allocated: tally.allocated,
            unallocated: tally.unallocated,
            audit_events: 0,
            audit_head: GENESIS_HASH.to_owned(),
            published_at: "2026-12-04T12:00:00Z".to_owned(),
        };
        (publication, published, file)
    }

    #[test]
    fn a_faithful_round_checks_out() {
        let (publication, ballots, file) = round();
        let Ok(imported) = import(&file, Storkreds::Kobenhavn) else {
            panic!("import")
        };
        assert_eq!(publication.check_ballots(&ballots), vec![]);
        assert_eq!(publication.recount(&imported, Some(&ballots)), vec![]);
        assert_eq!(
            Publication::from_signed_bytes(&publication.signed_bytes()),
            Ok(publication)
        );
    }

    #[test]
    fn a_paper_ballot_passed_off_as_online_shows_in_the_root_and_in_the_file() {
        let (publication, mut ballots, file) = round();
        let last = ballots.len() - 1;
        ballots[last].source = BallotSource::Online;
        assert!(matches!(
            publication.check_ballots(&ballots).as_slice(),
            [Discrepancy::BallotsRoot { .. }]
        ));
        let Ok(imported) = import(&file, Storkreds::Kobenhavn) else {
            panic!("import")
        };
        assert!(publication
            .recount(&imported, Some(&ballots))
            .contains(&Discrepancy::ExportBallots(2)));
    }

    #[test]
    fn a_publication_without_paper_ballots_signs_the_same_bytes_as_before_them() {
        let (mut publication, _, _) = round();
        publication.paper_ballots = 0;
        let text = String::from_utf8(publication.signed_bytes()).unwrap_or_default();
        assert!(!text.contains("paper") && !text.contains("spoilt"), "{text}");
    }

    #[test]
    fn a_changed_ballot_shows_in_the_root_and_in_the_file() {
        let (publication, mut ballots, file) = round();
        ballots[0].content = approvals(&[9]);
        assert!(matches!(
            publication.check_ballots(&ballots).as_slice(),
            [Discrepancy::BallotsRoot { .. }]
        ));
        let Ok(imported) = import(&file, Storkreds::Kobenhavn) else {
            panic!("import")
        };
        assert!(publication
            .recount(&imported, Some(&ballots))
            .contains(&Discrepancy::ExportBallots(2)));
    }

    #[test]
    fn a_file_with_other_ballots_recounts_to_another_result() {
        let (publication, _, file) = round();
        let edited =
            file.replacen("\n3;9,11;internet\n", "\n3;7;internet\n", 1)
                .replacen("\n4;11;paper\n", "\n4;7;paper\n", 1);
        let votes = edited.split("VOTES").nth(1).unwrap_or_default();
        assert_eq!(votes.matches(";7;").count(), 3, "{file}");
        let Ok(imported) = import(&edited, Storkreds::Kobenhavn) else {
            panic!("import")
        };
        assert!(publication
            .recount(&imported, None)
            .iter()
            .any(|d| matches!(d, Discrepancy::Funded { .. })));
    }

    #[test]
    fn the_audit_log_must_reach_the_signed_head() {
        let (mut publication, _, _) = round();
        let mut records = Vec::new();
        let mut prev = GENESIS_HASH.to_owned();
        for seq in 1..=3 {
            let hash = audit_hash(&prev, 3, seq, "phase_changed", "{}", "t");
            records.push(AuditRecord {
                round_id: 3,
                seq,
                kind: "phase_changed".into(),
                details: "{}".into(),
                at: "t".into(),
                prev_hash: prev.clone(),
                hash: hash.clone(),
            });
            prev = hash;
        }
        publication.audit_events = 2;
        publication.audit_head = records[1].hash.clone();
        assert_eq!(publication.check_audit(&records), vec![]);
        assert_eq!(publication.check_audit(&records[..1]).len(), 1);
        let mut rechained = records.clone();
        rechained[1].details = "{\"x\":1}".into();
        rechained[1].hash = audit_hash(&rechained[0].hash, 3, 2, "phase_changed", "{\"x\":1}", "t");
        rechained[2].prev_hash = rechained[1].hash.clone();
        rechained[2].hash = audit_hash(&rechained[1].hash, 3, 3, "phase_changed", "{}", "t");
        assert_eq!(publication.check_audit(&rechained).len(), 1);
    }
}

//! What makes a result checkable by anyone: receipt hashes, the hash chain
//! over the counted ballots, and the hash-chained audit log.
//!
//! Every hash is SHA-256 over length-prefixed fields, written as lowercase hex,
//! so the same inputs give the same hash in any implementation.

use sha2::{Digest, Sha256};

use crate::ballot_rules::BallotContent;
use crate::candidate::Candidate;
use crate::hex::encode as hex;
use crate::money::Money;
use crate::tally::RoundTally;

/// The `prev_hash` of the first event in a chain.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn hash_fields(fields: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field);
    }
    hex(&hasher.finalize())
}

/// The SHA-256 of a receipt code, as published in the ballot list.
pub fn receipt_hash(receipt: &str) -> String {
    hex(&Sha256::digest(receipt.as_bytes()))
}

/// A receipt code as a member may type it (spaces, upper case, with or
/// without dashes) in its canonical form `xxxx-xxxx-…` (eight groups of four
/// hex digits); `None` when it is not one.
pub fn normalize_receipt(typed: &str) -> Option<String> {
    let hex: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some(
        hex.as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-"),
    )
}

/// How a counted ballot was cast.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BallotSource {
    /// Online, by the member.
    #[default]
    Online,
    /// On paper at a meeting, entered in the meeting's anonymous batch.
    Paper,
}

impl BallotSource {
    /// `online` or `paper`, as in the published ballot list.
    pub fn as_str(self) -> &'static str {
        match self {
            BallotSource::Online => "online",
            BallotSource::Paper => "paper",
        }
    }

    /// The Pabulib `voting_method` value: `internet` or `paper`, the words
    /// Pabulib's own files use.
    pub fn voting_method(self) -> &'static str {
        match self {
            BallotSource::Online => "internet",
            BallotSource::Paper => "paper",
        }
    }

    /// The source a Pabulib `voting_method` names (`paper`, else online).
    pub fn from_voting_method(text: &str) -> BallotSource {
        if text.trim().eq_ignore_ascii_case("paper") {
            BallotSource::Paper
        } else {
            BallotSource::Online
        }
    }
}

/// One counted ballot as published: its receipt hash, what it says, and
/// whether it was cast online or on paper.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PublishedBallot {
    /// SHA-256 of the member's receipt code (of a random code nobody holds,
    /// for a paper ballot).
    pub receipt_hash: String,
    /// The approvals or points.
    pub content: BallotContent,
    /// Online or paper.
    pub source: BallotSource,
}

/// A ballot's content as hashed: approvals `"1,5,9"`, points `"1:3,5:2"`, ascending by id.
pub fn content_text(content: &BallotContent) -> String {
    match content {
        BallotContent::Approvals(set) => set.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
        BallotContent::Points(points) => points
            .iter()
            .map(|(id, n)| format!("{id}:{n}"))
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// The root of the hash chain over a round's counted ballots, taken in
/// ascending order of receipt hash: `h0 = H("medlemsbudget-ballots-v1", round)`,
/// `h(i) = H(h(i-1), receipt_hash(i), content_text(i))` for an online ballot
/// and `H(h(i-1), receipt_hash(i), content_text(i), "paper")` for a paper one.
pub fn ballots_root(round_id: i64, ballots: &[PublishedBallot]) -> String {
    let mut sorted: Vec<&PublishedBallot> = ballots.iter().collect();
    sorted.sort();
    let mut root = hash_fields(&[b"medlemsbudget-ballots-v1", round_id.to_string().as_bytes()]);
    for ballot in sorted {
        let content = content_text(&ballot.content);
        let mut fields = vec![root.as_bytes(), ballot.receipt_hash.as_bytes(), content.as_bytes()];
        if ballot.source == BallotSource::Paper {
            fields.push(BallotSource::Paper.as_str().as_bytes());
        }
        root = hash_fields(&fields);
    }
    root
}

/// A fingerprint of everything a tally reads: the pool, the settings (as
/// text), the accepted proposals and the counted ballots (by their root).
pub fn tally_inputs_hash(pool: Money, settings: &str, candidates: &[Candidate], ballots_root: &str) -> String {
    let mut fields: Vec<String> = vec![
        "medlemsbudget-tally-inputs-v1".into(),
        pool.to_string(),
        settings.into(),
        ballots_root.into(),
    ];
    let mut sorted: Vec<&Candidate> = candidates.iter().collect();
    sorted.sort_by_key(|c| c.id);
    for c in sorted {
        fields.push(format!("{}:{}:{}:{}", c.id, c.storkreds, c.requested, c.submitted_at));
    }
    hash_fields(&fields.iter().map(|f| f.as_bytes()).collect::<Vec<_>>())
}

/// A fingerprint of a tally: totals, every line and every storkreds.
pub fn tally_hash(tally: &RoundTally) -> String {
    let mut fields: Vec<String> = vec![
        "medlemsbudget-tally-v1".into(),
        tally.rule.clone(),
        tally.split.clone(),
        tally.pool.to_string(),
        tally.allocated.to_string(),
        tally.unallocated.to_string(),
        tally.ballots.to_string(),
    ];
    for line in &tally.lines {
        fields.push(format!(
            "{}:{}:{}:{}:{}",
            line.rank, line.id, line.votes, line.funded, line.allocated
        ));
    }
    for s in &tally.storkredse {
        fields.push(format!("{}:{}:{}", s.storkreds, s.grant, s.allocated));
    }
    hash_fields(&fields.iter().map(|f| f.as_bytes()).collect::<Vec<_>>())
}

/// An entry of the audit log as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRecord {
    /// The round the event belongs to; each round has its own chain.
    pub round_id: i64,
    /// Position in the round's chain, from 1.
    pub seq: i64,
    /// What happened, e.g. `phase_changed`.
    pub kind: String,
    /// The event's data as canonical JSON text.
    pub details: String,
    /// When, as RFC 3339 text.
    pub at: String,
    /// The previous event's hash (`GENESIS_HASH` for the first).
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

/// The hash of an audit event, chaining it to the one before.
pub fn audit_hash(prev_hash: &str, round_id: i64, seq: i64, kind: &str, details: &str, at: &str) -> String {
    hash_fields(&[
        b"medlemsbudget-audit-v1",
        prev_hash.as_bytes(),
        round_id.to_string().as_bytes(),
        seq.to_string().as_bytes(),
        kind.as_bytes(),
        details.as_bytes(),
        at.as_bytes(),
    ])
}

/// Where an audit chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("round {round_id}, event {seq}: {reason}")]
pub struct AuditBreak {
    /// The round.
    pub round_id: i64,
    /// The first event that does not check out.
    pub seq: i64,
    /// What is wrong.
    pub reason: String,
}

/// Checks one round's chain (records in ascending `seq`): numbering without
/// gaps from 1, each `prev_hash` equal to the previous hash, each hash
/// recomputed. Returns the number of events.
pub fn verify_audit_chain(records: &[AuditRecord]) -> Result<usize, AuditBreak> {
    let mut prev = GENESIS_HASH.to_owned();
    for (index, record) in records.iter().enumerate() {
        let broken = |reason: String| AuditBreak {
            round_id: record.round_id,
            seq: record.seq,
            reason,
        };
        let expected_seq = index as i64 + 1;
        if record.seq != expected_seq {
            return Err(broken(format!("expected event {expected_seq}: an event is missing")));
        }
        if record.prev_hash != prev {
            return Err(broken(
                "does not follow the previous event (prev_hash differs)".to_owned(),
            ));
        }
        let hash = audit_hash(
            &record.prev_hash,
            record.round_id,
            record.seq,
            &record.kind,
            &record.details,
            &record.at,
        );
        if record.hash != hash {
            return Err(broken("its contents were changed (hash differs)".to_owned()));
        }
        prev = hash;
    }
    Ok(records.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_are_read_as_members_type_them() {
        let canonical = "e957-b448-33cb-4beb-7990-f427-1385-b229";
        for typed in [
            canonical,
            " E957B44833CB4BEB7990F4271385B229 ",
            "e957 b448 33cb 4beb 7990 f427 1385 b229",
        ] {
            assert_eq!(normalize_receipt(typed).as_deref(), Some(canonical), "{typed}");
        }
        assert_eq!(normalize_receipt("e957-b448"), None);
        assert_eq!(normalize_receipt("g957-b448-33cb-4beb-7990-f427-1385-b229"), None);
    }
    use crate::proposal::ProposalId;

    fn chain(n: i64) -> Vec<AuditRecord> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let details = format!("{{\"n\":{seq}}}");
                let hash = audit_hash(&prev, 7, seq, "phase_changed", &details, "2026-11-25T12:00:00Z");
                let record = AuditRecord {
                    round_id: 7,
                    seq,
                    kind: "phase_changed".into(),
                    details,
                    at: "2026-11-25T12:00:00Z".into(),
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                record
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify_audit_chain(&chain(5)), Ok(5));
    }

    #[test]
    fn edits_deletions_and_reordering_are_caught() {
        let mut edited = chain(5);
        edited[2].details = "{\"n\":99}".into();
        assert_eq!(verify_audit_chain(&edited).map_err(|b| b.seq), Err(3));

        let mut deleted = chain(5);
        deleted.remove(1);
        assert_eq!(verify_audit_chain(&deleted).map_err(|b| b.seq), Err(3));

        let mut rehashed = chain(5);
        rehashed[1].kind = "tally_run".into();
        rehashed[1].hash = audit_hash(
            &rehashed[1].prev_hash,
            7,
            2,
            "tally_run",
            &rehashed[1].details,
            &rehashed[1].at,
        );
        assert_eq!(verify_audit_chain(&rehashed).map_err(|b| b.seq), Err(3));
    }

    #[test]
    fn the_ballot_root_depends_on_every_ballot_but_not_on_their_order() {
        let set = |ids: &[i64]| BallotContent::Approvals(ids.iter().map(|&i| ProposalId(i)).collect());
        let a = PublishedBallot {
            receipt_hash: receipt_hash("A"),
            content: set(&[1]),
            source: BallotSource::Online,
        };
        let b = PublishedBallot {
            receipt_hash: receipt_hash("B"),
            content: set(&[1, 2]),
            source: BallotSource::Online,
        };
        let root = ballots_root(1, &[a.clone(), b.clone()]);
        assert_eq!(root, ballots_root(1, &[b.clone(), a.clone()]));
        assert_ne!(root, ballots_root(1, std::slice::from_ref(&a)));
        assert_ne!(root, ballots_root(2, &[a.clone(), b.clone()]));
        let changed = PublishedBallot {
            content: set(&[2]),
            ..b.clone()
        };
        assert_ne!(root, ballots_root(1, &[a.clone(), changed]));
        let on_paper = PublishedBallot {
            source: BallotSource::Paper,
            ..b.clone()
        };
        assert_ne!(root, ballots_root(1, &[a, on_paper]));
        assert_eq!(
            receipt_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

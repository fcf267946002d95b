//! `medlemsbudget verify`: checks a published round from its published files
//! alone (the signed publication, the ballot list, the Pabulib export), and,
//! given the database, that its records are still the ones that were signed.

use std::path::PathBuf;

use clap::Args;
use medlemsbudget_domain::ballot_rules::BallotContent;
use medlemsbudget_domain::publication::{Discrepancy, Publication};
use medlemsbudget_domain::round_file::import;
use medlemsbudget_domain::verification::BallotSource;
use medlemsbudget_domain::{ProposalId, PublishedBallot, Storkreds};
use serde::Deserialize;

use crate::signing;
use crate::store;

/// Options of `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The signed publication: the JSON of `GET /api/v1/rounds/{id}/publication`.
    #[arg(long)]
    pub publication: PathBuf,
    /// The service's public key (64 hex digits), from a source you trust:
    /// `GET /api/v1/publication-key`, or `medlemsbudget signing-key` run by the operator.
    #[arg(long)]
    pub key: String,
    /// The ballot list: the JSON of `GET /api/v1/rounds/{id}/ballots`.
    #[arg(long)]
    pub ballots: Option<PathBuf>,
    /// The Pabulib file of `GET /api/v1/rounds/{id}/export.pb`, recounted here.
    #[arg(long)]
    pub export: Option<PathBuf>,
    /// A database to check against the publication: the round's audit log
    /// and counted ballots must be the ones that were signed.
    #[arg(long)]
    pub database_url: Option<String>,
}

#[derive(Deserialize)]
struct SignedFile {
    payload: String,
    signature: String,
}

#[derive(Deserialize)]
struct PointsEntry {
    proposal_id: i64,
    points: u32,
}

#[derive(Deserialize)]
struct ListedBallot {
    receipt_hash: String,
    approvals: Vec<i64>,
    points: Option<Vec<PointsEntry>>,
    /// `online` or `paper` (lists from before paper ballots have none).
    source: Option<String>,
}

#[derive(Deserialize)]
struct BallotList {
    ballots: Vec<ListedBallot>,
}

fn read(path: &PathBuf) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn published_ballots(text: &str) -> Result<Vec<PublishedBallot>, String> {
    let list: BallotList = serde_json::from_str(text).map_err(|e| format!("the ballot list: {e}"))?;
    Ok(list
        .ballots
        .into_iter()
        .map(|b| PublishedBallot {
            source: match b.source.as_deref() {
                Some("paper") => BallotSource::Paper,
                _ => BallotSource::Online,
            },
            receipt_hash: b.receipt_hash,
            content: match b.points {
                Some(points) => BallotContent::Points(
                    points
                        .into_iter()
                        .map(|p| (ProposalId(p.proposal_id), p.points))
                        .collect(),
                ),
                None => BallotContent::Approvals(b.approvals.into_iter().map(ProposalId).collect()),
            },
        })
        .collect())
}

/// One check's outcome, printed.
fn report(what: &str, found: &[Discrepancy]) -> usize {
    if found.is_empty() {
        println!("ok: {what}");
    }
    for discrepancy in found {
        println!("DIFFERS: {what}: {discrepancy}");
    }
    found.len()
}

/// Runs every check the given files allow; fails if any finds a difference.
pub async fn run(args: &VerifyArgs) -> Result<(), String> {
    let signed: SignedFile =
        serde_json::from_str(&read(&args.publication)?).map_err(|e| format!("the publication: {e}"))?;
    if !signing::verify(&args.key, signed.payload.as_bytes(), &signed.signature) {
        report("signature", &[Discrepancy::BadSignature]);
        return Err("the publication is not signed by that key; nothing in it can be trusted".to_owned());
    }
    let publication = Publication::from_signed_bytes(signed.payload.as_bytes()).map_err(|e| e.to_string())?;
    report("signature", &[]);
    let mut differences = 0;
    println!(
        "round {} '{}': {} ballots counted, {} kr allocated of {} kr, {} bid(s) funded",
        publication.round_id,
        publication.name,
        publication.ballots_counted,
        publication.allocated,
        publication.pool,
        publication.funded.len()
    );
    if publication.paper_ballots > 0 || publication.spoilt_ballots > 0 {
        println!(
            "of them {} on paper at meetings; {} spoilt paper ballot(s) counted for no bid",
            publication.paper_ballots, publication.spoilt_ballots
        );
    }
    let ballots = match &args.ballots {
        Some(path) => {
            let ballots = published_ballots(&read(path)?)?;
            differences += report("ballot list (count and root)", &publication.check_ballots(&ballots));
            Some(ballots)
        }
        None => None,
    };
    if let Some(path) = &args.export {
        let file = import(&read(path)?, Storkreds::Kobenhavn).map_err(|e| format!("{}: {e}", path.display()))?;
        let found = publication.recount(&file, ballots.as_deref());
        differences += report("recount of the Pabulib file under the signed rule", &found);
    }
    if let Some(url) = &args.database_url {
        let db = crate::db::connect(url, 1)
            .await
            .map_err(|e| format!("cannot open the database: {e}"))?;
        let round = publication.round_id;
        let records = store::audit::events(&db, round).await.map_err(|e| e.to_string())?;
        differences += report("audit log in the database", &publication.check_audit(&records));
        let stored = store::ballots::all(&db, round).await.map_err(|e| e.to_string())?;
        let counted = store::ballots::published(&stored);
        differences += report("counted ballots in the database", &publication.check_ballots(&counted));
    }
    if differences == 0 {
        Ok(())
    } else {
        Err(format!("{differences} difference(s) from the signed publication"))
    }
}

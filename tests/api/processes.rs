//! The real binary under load: ballots from many members at once, against two
//! `serve` processes sharing one PostgreSQL (one process on SQLite), closing
//! while ballots are in flight, and a server killed with SIGKILL mid-vote.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use medlemsbudget::auth::Role;
use reqwest::Method;
use serde_json::json;
use tokio::sync::Semaphore;

use crate::helpers::{spawn_server, spawn_servers, token, Api, TestDatabase};

type Acks = BTreeMap<String, BTreeSet<Vec<i64>>>;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_member_counts_once_however_many_ballots_race() {
    let database = TestDatabase::create().await;
    // Two processes share PostgreSQL; SQLite is served by one process.
    let servers = spawn_servers(&database).await;
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let api = Arc::new(Api::new());
    let (round, ids) = api.round_in_voting(&bases[0], 5).await;

    // 500 members × 3 concurrent ballots each, plus 100 concurrent ballots by one member.
    let mut writes: Vec<(String, Vec<i64>)> = Vec::new();
    for member in 0..500 {
        for attempt in 0..3 {
            let approvals: Vec<i64> = ids
                .iter()
                .copied()
                .skip((member + attempt) % 5)
                .take(1 + attempt)
                .collect();
            writes.push((format!("member-{member}"), approvals));
        }
    }
    for attempt in 0..100 {
        writes.push((
            "member-heavy".to_owned(),
            ids.iter().copied().take(1 + attempt % 5).collect(),
        ));
    }
    let permits = Arc::new(Semaphore::new(128));
    let mut tasks = Vec::new();
    for (n, (member, approvals)) in writes.into_iter().enumerate() {
        let (api, permits) = (api.clone(), permits.clone());
        let url = format!("{}/api/v1/rounds/{round}/ballot", bases[n % bases.len()]);
        tasks.push(tokio::spawn(async move {
            let _permit = permits.acquire().await;
            let (status, _) = api
                .call(
                    Method::PUT,
                    &url,
                    &token(Role::Member, &member, Some("fyn")),
                    Some(json!({"approvals": approvals})),
                )
                .await;
            (member, approvals, status)
        }));
    }
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut acks: Acks = BTreeMap::new();
    for task in tasks {
        let Ok((member, approvals, status)) = task.await else {
            panic!("task failed")
        };
        *statuses.entry(status).or_default() += 1;
        if status == 200 {
            acks.entry(member).or_default().insert(approvals);
        }
    }
    assert_eq!(
        statuses,
        BTreeMap::from([(200, 1600)]),
        "every write is acknowledged, none fails"
    );

    // Each member's stored ballot is one they sent and were told was counted.
    for (member, sent) in &acks {
        let url = format!("{}/api/v1/rounds/{round}/ballot", bases[0]);
        let (status, ballot) = api
            .call(Method::GET, &url, &token(Role::Member, member, Some("fyn")), None)
            .await;
        assert_eq!(status, 200);
        let stored: Vec<i64> = ballot["approvals"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_i64())
            .collect();
        assert!(sent.contains(&stored), "{member}: {stored:?} was never acknowledged");
    }

    let hb = token(Role::Hb, "hb", None);
    let phase = format!("{}/api/v1/rounds/{round}/phase", bases[bases.len() - 1]);
    assert_eq!(
        api.call(Method::POST, &phase, &hb, Some(json!({"phase": "closed"})))
            .await
            .0,
        200
    );
    let (status, result) = api
        .call(
            Method::POST,
            &format!("{}/api/v1/rounds/{round}/tally", bases[0]),
            &hb,
            None,
        )
        .await;
    assert_eq!(status, 200, "{result}");
    assert_eq!(result["ballots_counted"], 501);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn closing_waits_for_ballots_in_flight_and_refuses_the_rest() {
    let database = TestDatabase::create().await;
    let servers = spawn_servers(&database).await;
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let api = Arc::new(Api::new());
    let (round, ids) = api.round_in_voting(&bases[0], 3).await;

    let mut tasks = Vec::new();
    for member in 0..400 {
        let api = api.clone();
        let url = format!("{}/api/v1/rounds/{round}/ballot", bases[member % bases.len()]);
        let approvals = vec![ids[member % 3]];
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis((member as u64 % 40) * 5)).await;
            let body = Some(json!({"approvals": approvals}));
            api.call(
                Method::PUT,
                &url,
                &token(Role::Member, &format!("member-{member}"), Some("fyn")),
                body,
            )
            .await
            .0
        }));
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let hb = token(Role::Hb, "hb", None);
    let phase = format!("{}/api/v1/rounds/{round}/phase", bases[bases.len() - 1]);
    assert_eq!(
        api.call(Method::POST, &phase, &hb, Some(json!({"phase": "closed"})))
            .await
            .0,
        200
    );

    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for task in tasks {
        let Ok(status) = task.await else { panic!("task failed") };
        *statuses.entry(status).or_default() += 1;
    }
    let acknowledged = statuses.get(&200).copied().unwrap_or(0);
    let refused = statuses.get(&409).copied().unwrap_or(0);
    assert_eq!(acknowledged + refused, 400, "only 200 or 409: {statuses:?}");
    let (_, result) = api
        .call(
            Method::POST,
            &format!("{}/api/v1/rounds/{round}/tally", bases[0]),
            &hb,
            None,
        )
        .await;
    assert_eq!(result["ballots_counted"], acknowledged, "{statuses:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_acknowledged_ballot_survives_kill_9() {
    let database = TestDatabase::sqlite();
    let url = database.url.clone();
    let mut server = spawn_server(&url).await;
    let api = Arc::new(Api::new());
    let (round, ids) = api.round_in_voting(&server.base, 4).await;

    // 40 members each cast ballot after ballot until the server dies.
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for member in 0..40usize {
        let (api, stop, ids) = (api.clone(), stop.clone(), ids.clone());
        let url = format!("{}/api/v1/rounds/{round}/ballot", server.base);
        tasks.push(tokio::spawn(async move {
            let who = format!("member-{member}");
            let mut last_ack: Option<String> = None;
            let mut in_flight: Option<Vec<i64>> = None;
            let mut n = member;
            while !stop.load(Ordering::Relaxed) {
                let approvals: Vec<i64> = ids.iter().copied().skip(n % 4).take(1 + n % 3).collect();
                n += 1;
                in_flight = Some(approvals.clone());
                let (status, body) = api
                    .call(
                        Method::PUT,
                        &url,
                        &token(Role::Member, &who, Some("fyn")),
                        Some(json!({"approvals": approvals})),
                    )
                    .await;
                if status != 200 {
                    break;
                }
                last_ack = body["receipt_hash"].as_str().map(str::to_owned);
                in_flight = None;
            }
            (who, last_ack, in_flight)
        }));
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    // SIGKILL: no graceful shutdown, no chance to flush anything.
    let _ = server.child.kill();
    let _ = server.child.wait();
    stop.store(true, Ordering::Relaxed);
    let mut outcomes = Vec::new();
    for task in tasks {
        let Ok(outcome) = task.await else { panic!("task failed") };
        outcomes.push(outcome);
    }
    assert!(
        outcomes.iter().filter(|(_, ack, _)| ack.is_some()).count() >= 20,
        "the load did not get going"
    );

    let restarted = spawn_server(&url).await;
    let mut voters = 0;
    for (member, last_ack, in_flight) in &outcomes {
        let get = format!("{}/api/v1/rounds/{round}/ballot", restarted.base);
        let (status, stored) = api
            .call(Method::GET, &get, &token(Role::Member, member, Some("fyn")), None)
            .await;
        let approvals: Vec<i64> = stored["approvals"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_i64())
            .collect();
        match (last_ack, status) {
            (Some(ack), 200) => {
                // The last acknowledged ballot, or the one in flight at the kill if it had committed.
                let kept = stored["receipt_hash"].as_str() == Some(ack.as_str());
                assert!(
                    kept || in_flight.as_ref() == Some(&approvals),
                    "{member} lost an acknowledged ballot"
                );
            }
            (Some(_), status) => panic!("{member} had an acknowledged ballot; now {status}"),
            (None, 404) => {}
            (None, 200) => assert_eq!(in_flight.as_ref(), Some(&approvals), "{member}: a ballot nobody sent"),
            (None, status) => panic!("{member}: unexpected {status}"),
        }
        voters += usize::from(status == 200);
    }
    let hb = token(Role::Hb, "hb", None);
    let phase = format!("{}/api/v1/rounds/{round}/phase", restarted.base);
    api.call(Method::POST, &phase, &hb, Some(json!({"phase": "closed"})))
        .await;
    let (_, result) = api
        .call(
            Method::POST,
            &format!("{}/api/v1/rounds/{round}/tally", restarted.base),
            &hb,
            None,
        )
        .await;
    assert_eq!(
        result["ballots_counted"], voters,
        "nothing but the members' own ballots"
    );
}

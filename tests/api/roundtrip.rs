//! The KV17 round under the Method of Equal Shares with a floor for every
//! storkreds, end to end through the real server: the exact result, a greedy
//! simulation that differs, and a Pabulib export that re-imports (with
//! `medlemsbudget import`) to the same outcome.

use std::collections::BTreeSet;

use medlemsbudget::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{binary, binary_on, spawn_server, token, Api, TestDatabase};

fn funded_titles(result: &Value) -> BTreeSet<String> {
    result["proposals"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["funded"] == json!(true))
        .filter_map(|p| p["title"].as_str().map(str::to_owned))
        .collect()
}

fn ore(value: &Value) -> i64 {
    value
        .as_str()
        .unwrap_or_default()
        .replace('.', "")
        .parse()
        .unwrap_or(-1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kv17_with_equal_shares_and_a_floor_adds_up_simulates_and_round_trips_through_pabulib() {
    let database = TestDatabase::create().await;
    let server = spawn_server(&database.url).await;
    let api = Api::new();
    let base = format!("{}/api/v1", server.base);
    let hb = token(Role::Hb, "hb", None);

    let settings = json!({
        "name": "KV17 grundarbejde",
        "pool": "500000.00",
        "rule": {"rule": "mes", "completion": "add1-greedy"},
        "split": {"kind": "floor", "per_storkreds": "20000.00"}
    });
    let (status, round) = api
        .call(Method::POST, &format!("{base}/rounds"), &hb, Some(settings))
        .await;
    assert_eq!(status, 201, "{round}");
    let id = round["id"].as_i64().unwrap_or_default();
    assert_eq!(
        round["rule"],
        json!({"rule": "mes", "satisfaction": "cost", "completion": "add1-greedy", "tie_break": "service"})
    );
    let phase = |p: &str| json!({"phase": p});
    api.call(
        Method::POST,
        &format!("{base}/rounds/{id}/phase"),
        &hb,
        Some(phase("submission")),
    )
    .await;

    let mut ids = Vec::new();
    for (storkreds, title, amount) in [
        ("fyn", "Valgkampsbus", "150000.00"),
        ("fyn", "Kandidatskole", "140000.00"),
        ("bornholm", "Folkemødet", "100000.00"),
    ] {
        let board = token(Role::Board, &format!("board-{storkreds}"), Some(storkreds));
        let bid = json!({"title": title, "description": format!("{title}."), "amount": amount});
        let (status, proposal) = api
            .call(
                Method::POST,
                &format!("{base}/rounds/{id}/proposals"),
                &board,
                Some(bid),
            )
            .await;
        assert_eq!(status, 201, "{proposal}");
        let pid = proposal["id"].as_i64().unwrap_or_default();
        let review = json!({"decision": "accepted", "reason": "ok"});
        api.call(
            Method::POST,
            &format!("{base}/rounds/{id}/proposals/{pid}/review"),
            &hb,
            Some(review),
        )
        .await;
        ids.push(pid);
    }
    api.call(
        Method::POST,
        &format!("{base}/rounds/{id}/phase"),
        &hb,
        Some(phase("review")),
    )
    .await;
    assert_eq!(
        api.call(
            Method::POST,
            &format!("{base}/rounds/{id}/phase"),
            &hb,
            Some(phase("voting"))
        )
        .await
        .0,
        200
    );
    // Settings are frozen once voting opens.
    let late = api
        .call(
            Method::PATCH,
            &format!("{base}/rounds/{id}"),
            &hb,
            Some(json!({"rule": {"rule": "greedy"}})),
        )
        .await;
    assert_eq!(late.0, 409, "{}", late.1);

    // 18 members want the two Fyn bids; 12 want Bornholm's.
    for member in 0..30 {
        let approvals = if member < 18 {
            vec![ids[0], ids[1]]
        } else {
            vec![ids[2]]
        };
        let body = Some(json!({"approvals": approvals}));
        let (status, _) = api
            .call(
                Method::PUT,
                &format!("{base}/rounds/{id}/ballot"),
                &token(Role::Member, &format!("m-{member}"), Some("fyn")),
                body,
            )
            .await;
        assert_eq!(status, 200);
    }
    api.call(
        Method::POST,
        &format!("{base}/rounds/{id}/phase"),
        &hb,
        Some(phase("closed")),
    )
    .await;
    let (status, result) = api
        .call(Method::POST, &format!("{base}/rounds/{id}/tally"), &hb, None)
        .await;
    assert_eq!(status, 200, "{result}");

    // 10 × 20,000.00 granted; of the 300,000.00 left, equal shares fund one Fyn bid (the two tie; the
    // cheaper wins) and Bornholm's, whose 12 supporters hold 120,000.00 between them.
    assert_eq!(
        (result["rule"]["rule"].as_str(), result["rule"]["completion"].as_str()),
        (Some("mes"), Some("add1-greedy"))
    );
    assert_eq!(result["split"]["kind"].as_str(), Some("floor"));
    assert_eq!(
        funded_titles(&result),
        BTreeSet::from(["Kandidatskole".to_owned(), "Folkemødet".to_owned()])
    );
    assert_eq!(
        (result["allocated"].clone(), result["unallocated"].clone()),
        (json!("440000.00"), json!("60000.00"))
    );
    let storkredse = result["storkredse"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        storkredse.iter().map(|s| ore(&s["allocated"])).sum::<i64>(),
        ore(&result["allocated"])
    );
    let fyn = storkredse
        .iter()
        .find(|s| s["storkreds"] == "fyn")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            fyn["grant"].clone(),
            fyn["allocated"].clone(),
            fyn["share_of_pool_percent"].clone()
        ),
        (json!("20000.00"), json!("160000.00"), json!("32.00"))
    );
    let bus = result["proposals"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["title"] == "Valgkampsbus")
        .cloned()
        .unwrap_or_default();
    assert!(
        bus["explanation"].as_str().unwrap_or_default().contains("Not funded"),
        "{bus}"
    );
    assert!(result["steps"].as_array().is_some_and(|steps| !steps.is_empty()));

    // Greedy on the same ballots would have funded both Fyn bids instead; it is only a simulation.
    let body = Some(json!({"rule": {"rule": "greedy"}}));
    let (status, greedy) = api
        .call(Method::POST, &format!("{base}/rounds/{id}/simulate"), &hb, body)
        .await;
    assert_eq!(status, 200, "{greedy}");
    assert_eq!(greedy["official"], false);
    assert_eq!(
        funded_titles(&greedy),
        BTreeSet::from(["Valgkampsbus".to_owned(), "Kandidatskole".to_owned()])
    );
    let (_, stored) = api
        .call(Method::GET, &format!("{base}/rounds/{id}/results"), &hb, None)
        .await;
    assert_eq!(stored, result, "a simulation never replaces the result");

    // Published, the round exports as Pabulib, and the export imports as a round with the same outcome.
    api.call(
        Method::POST,
        &format!("{base}/rounds/{id}/phase"),
        &hb,
        Some(phase("published")),
    )
    .await;
    let Ok(response) = api
        .client
        .get(format!("{base}/rounds/{id}/export.pb"))
        .bearer_auth(token(Role::Member, "m-1", Some("fyn")))
        .send()
        .await
    else {
        panic!("export")
    };
    assert_eq!(response.status().as_u16(), 200);
    let file = response.text().await.unwrap_or_default();
    assert!(
        file.starts_with("META") && file.contains("medlemsbudget_rule"),
        "{file}"
    );
    let Ok(dir) = tempfile::tempdir() else {
        panic!("temp dir")
    };
    let path = dir.path().join("kv17.pb");
    assert!(std::fs::write(&path, &file).is_ok());

    // pabutools-style tally of the same file, with the round's own rule and tie order.
    let tally_output = binary()
        .args([
            "tally",
            "--rule",
            "mes",
            "--completion",
            "add1-greedy",
            "--tie-break",
            "service",
            "--input",
        ])
        .arg(&path)
        .output();
    let Ok(tally_output) = tally_output else {
        panic!("tally")
    };
    assert!(
        tally_output.status.success(),
        "{}",
        String::from_utf8_lossy(&tally_output.stderr)
    );

    let imported = binary_on(&database.url).arg("import").arg(&path).output();
    let Ok(imported) = imported else { panic!("import") };
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let (_, rounds) = api.call(Method::GET, &format!("{base}/rounds"), &hb, None).await;
    let copy = rounds[0]["id"].as_i64().unwrap_or_default();
    assert_ne!(copy, id);
    assert_eq!(
        (rounds[0]["phase"].clone(), rounds[0]["split"].clone()),
        (json!("closed"), json!({"kind": "floor", "per_storkreds": "20000.00"}))
    );
    let (status, again) = api
        .call(Method::POST, &format!("{base}/rounds/{copy}/tally"), &hb, None)
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(funded_titles(&again), funded_titles(&result));
    for key in ["rule", "split", "pool", "allocated", "unallocated", "ballots_counted"] {
        assert_eq!(again[key], result[key], "{key}");
    }
}

//! The rules as the service and the tally command use them: a round from the
//! service's own types, the JSON report, explanations, edge cases.

use medlemsbudget_domain::pabulib::read_instance;
use medlemsbudget_domain::rules::{
    self, mes_with_prices, Ballot, Completion, Explanation, Instance, Options, Project, Rule, Satisfaction,
    TallyReport, TieBreak,
};
use medlemsbudget_domain::{ApprovalBallot, Candidate, Money, ProposalId, Storkreds};

fn kr(text: &str) -> Money {
    Money::parse(text).unwrap_or_default()
}

fn round() -> Instance {
    let candidate = |id, amount: &str, submitted_at| Candidate {
        id: ProposalId(id),
        storkreds: Storkreds::Fyn,
        requested: kr(amount),
        submitted_at,
    };
    let candidates = [
        candidate(1, "300000.00", 5),
        candidate(2, "250000.00", 4),
        candidate(3, "150000.00", 3),
        candidate(4, "80000.00", 2),
    ];
    let ballot = |ids: &[i64]| ApprovalBallot::from_stored(ids.iter().map(|&id| ProposalId(id)));
    let ballots = [
        ballot(&[1, 2, 3]),
        ballot(&[1, 2]),
        ballot(&[1, 3, 4]),
        ballot(&[2]),
        ballot(&[4]),
    ];
    Instance::from_round(kr("500000.00"), &candidates, &ballots).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_tally_report_has_the_cli_shape() {
    let instance = round();
    let options = Options::new(Satisfaction::Cost, Completion::Add1Greedy);
    let report = rules::tally(Rule::Mes, &instance, &options);
    let json = serde_json::to_value(&report).unwrap_or_default();
    let keys: Vec<&str> = json
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(keys.len(), 5);
    for key in ["rule", "budget", "winners", "total_cost", "projects"] {
        assert!(keys.contains(&key), "{key} missing in {json}");
    }
    assert_eq!(json["rule"], "mes_cost_add1_greedy");
    assert_eq!(json["budget"], "500000.00");
    let project = &json["projects"][0];
    assert_eq!(project["id"], "1");
    assert_eq!(project["cost"], "300000.00");
    assert!(project["support"].is_u64());
    assert!(project["funded"].is_boolean());
    assert!(project["explanation"].is_string());
    let back: TallyReport = serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, report);
    let total: i64 = report
        .projects
        .iter()
        .filter(|p| p.funded)
        .map(|p| Money::parse(&p.cost).map(|m| m.ore()).unwrap_or_default())
        .sum();
    assert_eq!(Money::parse(&report.total_cost).map(|m| m.ore()), Ok(total));
}

#[test]
fn every_project_is_explained_with_its_numbers() {
    let instance = round();
    for (rule, options) in [
        (Rule::Greedy, Options::default()),
        (Rule::Mes, Options::new(Satisfaction::Cost, Completion::None)),
        (Rule::Mes, Options::new(Satisfaction::Cost, Completion::Add1Greedy)),
        (Rule::Phragmen, Options::default()),
    ] {
        let outcome = rules::run(rule, &instance, &options);
        assert_eq!(outcome.projects.len(), 4);
        for project in &outcome.projects {
            let text = project.explanation.to_string();
            assert!(text.ends_with('.'), "{text}");
            assert_eq!(project.funded, project.explanation.funded(), "{text}");
            assert_eq!(project.funded, text.starts_with("Funded"), "{text}");
        }
        let funded_steps = outcome.steps.iter().filter(|s| s.funded).count();
        assert_eq!(funded_steps, outcome.winners.len(), "{rule:?}");
        for (number, step) in outcome.steps.iter().enumerate() {
            assert_eq!(step.number, number + 1);
        }
    }
    // MES: one voter's share is 100000.00 kr; project 4 (80000) is bought by
    // its two supporters, 40000.00 each.
    let outcome = rules::mes(&instance, &Options::new(Satisfaction::Cost, Completion::None));
    assert_eq!(
        outcome.voter_budget.as_ref().map(ToString::to_string).as_deref(),
        Some("100000.00")
    );
    let four = &outcome.projects[3];
    assert!(four.funded);
    assert!(
        four.explanation
            .to_string()
            .contains("with 2 supporters paying 40000.00 each"),
        "{}",
        four.explanation
    );
}

#[test]
fn service_ties_go_to_the_cheaper_then_earlier_proposal() {
    let projects = vec![
        Project {
            id: "7".into(),
            cost: 100,
            submitted_at: Some(2),
        },
        Project {
            id: "8".into(),
            cost: 100,
            submitted_at: Some(1),
        },
    ];
    let ballots = vec![Ballot::approval([0, 1])];
    let instance = Instance::new(100, 2, projects, ballots).unwrap_or_else(|e| panic!("{e}"));
    for rule in [Rule::Greedy, Rule::Mes, Rule::Phragmen] {
        let service = rules::run(rule, &instance, &Options::default());
        assert_eq!(service.winner_ids(), vec!["8"], "{rule:?}");
        let lexicographic = Options {
            tie_break: TieBreak::Lexicographic,
            ..Options::default()
        };
        assert_eq!(
            rules::run(rule, &instance, &lexicographic).winner_ids(),
            vec!["7"],
            "{rule:?}"
        );
    }
}

#[test]
fn edge_cases_are_handled() {
    let project = |id: &str, cost| Project::new(id, cost);
    // No voters at all.
    let empty = Instance::new(100, 0, vec![project("a", 10)], vec![]).unwrap_or_else(|e| panic!("{e}"));
    for completion in [Completion::None, Completion::Add1, Completion::Add1Greedy] {
        let outcome = rules::mes(&empty, &Options::new(Satisfaction::Cost, completion));
        assert!(outcome.winners.is_empty());
        assert!(matches!(outcome.projects[0].explanation, Explanation::NoSupport { .. }));
    }
    // A zero budget, a free project, a project dearer than the budget.
    let ballots = vec![Ballot::approval([0, 1, 2]), Ballot::approval([1])];
    let instance = Instance::new(
        0,
        0,
        vec![project("free", 0), project("x", 5), project("big", 9)],
        ballots,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for rule in [Rule::Greedy, Rule::Mes, Rule::Phragmen] {
        let outcome = rules::run(rule, &instance, &Options::default());
        assert_eq!(outcome.winner_ids(), vec!["free"], "{rule:?}");
        assert_eq!(outcome.total_cost.minor(), 0);
    }
    let outcome = rules::phragmen(&instance, &Options::default());
    assert!(matches!(
        outcome.projects[2].explanation,
        Explanation::TooExpensive { .. }
    ));
    // add1 raises budgets until project x (5) is affordable, then stops.
    let some = Instance::new(
        5,
        0,
        vec![project("x", 5), project("y", 4)],
        vec![Ballot::approval([0]), Ballot::approval([1])],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (outcome, prices) = mes_with_prices(&some, &Options::new(Satisfaction::Cost, Completion::Add1));
    // Each voter has 2.5; y (4) needs 2 more units, x (5) 3 more: after 2 increments
    // y is bought, and x cannot be added within the budget: exhaustive.
    assert_eq!(outcome.winner_ids(), vec!["y"]);
    assert_eq!(
        outcome.voter_budget.as_ref().map(ToString::to_string).as_deref(),
        Some("4.50")
    );
    assert!(prices.check(&some, Satisfaction::Cost).is_ok());
}

#[test]
fn cumulative_points_weigh_in_mes_and_greedy() {
    let text = "META\nkey;value\nbudget;100\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;60\nb;60\nVOTES\nvoter_id;vote;points\n1;a,b;3,1\n2;b;1\n";
    let instance = read_instance(text).unwrap_or_else(|e| panic!("{e}"));
    let points = Options::new(Satisfaction::Points, Completion::None);
    let greedy = rules::greedy(&instance, &points);
    assert_eq!(greedy.winner_ids(), vec!["a"]);
    assert_eq!(greedy.projects[0].support.count(), 3);
    // Presence: b has two supporters, a one.
    let cost = rules::greedy(&instance, &Options::new(Satisfaction::Cost, Completion::None));
    assert_eq!(cost.winner_ids(), vec!["b"]);
}

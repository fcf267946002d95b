//! HB creates a round: name, pool, ballot kind, rule and split, each option
//! explained in plain words, and (if HB plans it now) the timeline. The form
//! is read into `RoundSettings` and the timeline's moments and checked by the
//! domain before the service creates the round.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use medlemsbudget_domain::ballot_rules::{BallotRules, BallotRulesError};
use medlemsbudget_domain::round_rule::{RoundRule, RoundRuleError};
use medlemsbudget_domain::rules::{Completion, Rule, Satisfaction};
use medlemsbudget_domain::split::{Split, SplitError};
use medlemsbudget_domain::{Money, RoundName, RoundSettings, SettingsError, Storkreds};
use serde::Deserialize;

use super::super::form::{kroner, text_error, FieldErrors};
use super::super::rounds::render_form;
use super::super::{Page, WebError};
use super::timeline::{DateField, PlanForm, PLAN_FIELDS};
use crate::services::rounds;
use crate::state::AppState;

/// The new-round form as typed.
#[derive(Clone, Debug, Deserialize)]
pub struct RoundForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    pool: String,
    #[serde(default)]
    ballot: String,
    #[serde(default)]
    min_approvals: String,
    #[serde(default)]
    max_approvals: String,
    #[serde(default)]
    knapsack_limit: String,
    #[serde(default)]
    points: String,
    #[serde(default)]
    max_per_proposal: String,
    #[serde(default)]
    rule: String,
    #[serde(default)]
    split: String,
    #[serde(default)]
    floor: String,
    #[serde(default)]
    pool_leftovers: Option<String>,
    #[serde(flatten)]
    timeline: PlanForm,
    #[serde(flatten)]
    fixed: BTreeMap<String, String>,
}

impl Default for RoundForm {
    fn default() -> Self {
        RoundForm {
            name: String::new(),
            pool: "500.000,00".to_owned(),
            ballot: "approval".to_owned(),
            min_approvals: "0".to_owned(),
            max_approvals: String::new(),
            knapsack_limit: String::new(),
            points: "10".to_owned(),
            max_per_proposal: String::new(),
            rule: "mes".to_owned(),
            split: "national".to_owned(),
            floor: String::new(),
            pool_leftovers: None,
            timeline: PlanForm::default(),
            fixed: BTreeMap::new(),
        }
    }
}

/// A storkreds's fixed sub-pool field.
#[derive(Clone, Debug)]
pub struct FixedField {
    name: String,
    label: String,
    value: String,
}

#[derive(Template)]
#[template(path = "hb/new_round.html")]
struct NewRoundPage {
    page: Page,
    form: RoundForm,
    fixed: Vec<FixedField>,
    plan_fields: Vec<DateField>,
    errors: FieldErrors,
}

fn fixed_fields(form: &RoundForm) -> Vec<FixedField> {
    Storkreds::ALL
        .iter()
        .map(|s| {
            let name = format!("fixed-{}", s.slug());
            FixedField {
                value: form.fixed.get(&name).cloned().unwrap_or_default(),
                name,
                label: s.name().to_owned(),
            }
        })
        .collect()
}

fn show(page: Page, form: RoundForm, errors: FieldErrors) -> Result<Response, WebError> {
    let failed = errors.any();
    let view = NewRoundPage {
        fixed: fixed_fields(&form),
        plan_fields: form.timeline.fields(&page.t),
        form,
        errors,
        page,
    };
    render_form(&view.page, &view, failed)
}

/// `GET /hb/runder/ny`.
pub async fn form(page: Page) -> Result<Response, WebError> {
    page.require_actor()?.require_hb().map_err(|e| page.fail(e))?;
    show(page, RoundForm::default(), FieldErrors::default())
}

fn whole(page: &Page, errors: &mut FieldErrors, field: &str, typed: &str) -> Option<Option<u32>> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Some(None);
    }
    match typed.parse::<u32>() {
        Ok(n) => Some(Some(n)),
        Err(_) => {
            errors.add(field, page.t.with("form-error-whole", "typed", typed));
            None
        }
    }
}

fn optional_kroner(page: &Page, errors: &mut FieldErrors, field: &str, typed: &str) -> Option<Option<Money>> {
    if typed.trim().is_empty() {
        return Some(None);
    }
    errors.take(field, kroner(&page.t, typed), |e| e).map(Some)
}

/// Reads the form; every field's error is recorded.
fn read(page: &Page, form: &RoundForm) -> Result<RoundSettings, FieldErrors> {
    let t = page.t;
    let mut errors = FieldErrors::default();
    let name = errors.take("name", RoundName::parse(&form.name), |e| text_error(&t, e));
    let pool = errors.take("pool", kroner(&t, &form.pool), |e| e);
    let ballot = match form.ballot.as_str() {
        "knapsack" => optional_kroner(page, &mut errors, "knapsack_limit", &form.knapsack_limit)
            .map(|limit| BallotRules::Knapsack { limit }),
        "cumulative" => {
            let points = whole(page, &mut errors, "points", &form.points);
            let cap = whole(page, &mut errors, "max_per_proposal", &form.max_per_proposal);
            match (points, cap) {
                (Some(points), Some(max_per_proposal)) => Some(BallotRules::Cumulative {
                    points: points.unwrap_or(10),
                    max_per_proposal,
                }),
                _ => None,
            }
        }
        _ => {
            let min = whole(page, &mut errors, "min_approvals", &form.min_approvals);
            let max = whole(page, &mut errors, "max_approvals", &form.max_approvals);
            match (min, max) {
                (Some(min), Some(max_approvals)) => Some(BallotRules::Approval {
                    min_approvals: min.unwrap_or(0),
                    max_approvals,
                }),
                _ => None,
            }
        }
    };
    let cumulative = matches!(ballot, Some(BallotRules::Cumulative { .. }));
    let rule = match form.rule.as_str() {
        "greedy" => Rule::Greedy,
        "phragmen" => Rule::Phragmen,
        _ => Rule::Mes,
    };
    let rule = RoundRule {
        rule,
        satisfaction: if cumulative {
            Satisfaction::Points
        } else {
            Satisfaction::Cost
        },
        completion: if rule == Rule::Mes {
            Completion::Add1Greedy
        } else {
            Completion::None
        },
        ..RoundRule::default()
    };
    let pool_leftovers = form.pool_leftovers.is_some();
    let split = match form.split.as_str() {
        "equal" => Some(Split::Equal { pool_leftovers }),
        "by-members" => Some(Split::ByMembers { pool_leftovers }),
        "floor" => errors
            .take("floor", kroner(&t, &form.floor), |e| e)
            .map(|per_storkreds| Split::Floor { per_storkreds }),
        "fixed" => {
            let mut pools = BTreeMap::new();
            for s in Storkreds::ALL {
                let field = format!("fixed-{}", s.slug());
                let typed = form.fixed.get(&field).map_or("", String::as_str);
                if let Some(Some(amount)) = optional_kroner(page, &mut errors, &field, typed) {
                    pools.insert(s, amount);
                }
            }
            Some(Split::Fixed { pools, pool_leftovers })
        }
        _ => Some(Split::National),
    };
    let (Some(name), Some(pool), Some(ballot), Some(split)) = (name, pool, ballot, split) else {
        return Err(errors);
    };
    if errors.any() {
        return Err(errors);
    }
    RoundSettings {
        name,
        pool,
        ballot,
        rule,
        split,
    }
    .validate()
    .map_err(|e| {
        let (field, message) = settings_error(page, &e);
        errors.add(field, message);
        errors
    })
}

/// A settings error in words, and the form field it concerns.
fn settings_error(page: &Page, error: &SettingsError) -> (&'static str, String) {
    let t = page.t;
    match error {
        SettingsError::ZeroPool => ("pool", t.get("settings-error-zero-pool")),
        SettingsError::Ballot(BallotRulesError::MinExceedsMax { .. }) => {
            ("min_approvals", t.get("settings-error-min-max"))
        }
        SettingsError::Ballot(BallotRulesError::MaxApprovalsZero) => {
            ("max_approvals", t.get("settings-error-max-zero"))
        }
        SettingsError::Ballot(BallotRulesError::PointsOutOfRange { .. }) => ("points", t.get("settings-error-points")),
        SettingsError::Ballot(BallotRulesError::MaxPerProposalOutOfRange { .. }) => {
            ("max_per_proposal", t.get("settings-error-cap"))
        }
        SettingsError::Ballot(other) => ("ballot", other.to_string()),
        SettingsError::Rule(RoundRuleError::PhragmenNeedsApprovals) => ("rule", t.get("settings-error-phragmen")),
        SettingsError::Rule(other) => ("rule", other.to_string()),
        SettingsError::Split(SplitError::FixedPoolsDoNotAddUp { total, pool }) => (
            "split",
            t.args(
                "settings-error-fixed",
                &[("total", t.money(total).into()), ("pool", t.money(pool).into())],
            ),
        ),
        SettingsError::Split(SplitError::FloorsExceedPool { .. }) => ("floor", t.get("settings-error-floor")),
        SettingsError::Split(other) => ("split", other.to_string()),
    }
}

/// `POST /hb/runder/ny`.
pub async fn create(
    page: Page,
    State(state): State<AppState>,
    Form(form): Form<RoundForm>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let settings = read(&page, &form);
    let timeline = form.timeline.read(&page.t, state.services.clock().moment());
    let (settings, timeline) = match (settings, timeline) {
        (Ok(settings), Ok(timeline)) => (settings, timeline),
        (settings, timeline) => {
            let mut errors = settings.err().unwrap_or_default();
            errors.extend(timeline.err().unwrap_or_default());
            return show(page, form, errors);
        }
    };
    match rounds::create(&state.services, &actor, settings, timeline).await {
        Ok(round) => Ok(Redirect::to(&format!("/hb/runder/{}?gjort=created", round.id)).into_response()),
        Err(error) => match FieldErrors::from_service(&page.t, &error, &PLAN_FIELDS) {
            Some(errors) => show(page, form, errors),
            None => Err(page.fail(error)),
        },
    }
}

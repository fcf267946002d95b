//! A storkreds board's bids: submit, edit and withdraw during submission,
//! amounts typed the Danish way.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use axum_extra::extract::Form;
use medlemsbudget_domain::{Description, ProposalTitle};
use serde::Deserialize;

use super::form::{kroner, text_error, FieldErrors};
use super::rounds::{render, render_form};
use super::view::BidView;
use super::{Page, WebError};
use crate::services::proposals::{self, Bid, BidChanges};
use crate::services::rounds;
use crate::state::AppState;

/// `/runder/{id}/forslag/...`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/runder/{id}/forslag/nyt", get(new_bid).post(submit))
        .route("/runder/{id}/forslag/{proposal}", get(edit_bid).post(save))
        .route(
            "/runder/{id}/forslag/{proposal}/traek-tilbage",
            get(confirm_withdraw).post(withdraw),
        )
}

/// The bid form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct BidForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    amount: String,
}

#[derive(Template)]
#[template(path = "bid_form.html")]
struct BidPage {
    page: Page,
    round_id: i64,
    round_name: String,
    pool: String,
    bid: Option<BidView>,
    form: BidForm,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "bid_withdraw.html")]
struct WithdrawPage {
    page: Page,
    round_id: i64,
    bid: BidView,
}

/// Fields of the API as they are named in this form.
const FIELDS: [(&str, &str); 3] = [("title", "title"), ("description", "description"), ("amount", "amount")];

async fn form_page(
    page: Page,
    state: &AppState,
    round_id: i64,
    bid: Option<BidView>,
    form: BidForm,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let round = rounds::get(&state.services, round_id).await.map_err(|e| page.fail(e))?;
    let failed = errors.any();
    let view = BidPage {
        round_id,
        round_name: round.name.clone(),
        pool: page.t.money(&round.pool),
        bid,
        form,
        errors,
        page,
    };
    render_form(&view.page, &view, failed)
}

async fn new_bid(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    page.require_actor()?.require_board().map_err(|e| page.fail(e))?;
    form_page(page, &state, id, None, BidForm::default(), FieldErrors::default()).await
}

fn read(page: &Page, form: &BidForm) -> Result<Bid, FieldErrors> {
    let t = page.t;
    let mut errors = FieldErrors::default();
    let title = errors.take("title", ProposalTitle::parse(&form.title), |e| text_error(&t, e));
    let description = errors.take("description", Description::parse(&form.description), |e| {
        text_error(&t, e)
    });
    let amount = errors.take("amount", kroner(&t, &form.amount), |e| e);
    match (title, description, amount) {
        (Some(title), Some(description), Some(amount)) => Ok(Bid {
            title,
            description,
            amount,
        }),
        _ => Err(errors),
    }
}

async fn submit(
    page: Page,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<BidForm>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let bid = match read(&page, &form) {
        Ok(bid) => bid,
        Err(errors) => return form_page(page, &state, id, None, form, errors).await,
    };
    match proposals::submit(&state.services, &actor, id, bid).await {
        Ok(proposal) => Ok(Redirect::to(&format!(
            "/runder/{id}?indsendt={}#forslag-{}",
            proposal.id, proposal.id
        ))
        .into_response()),
        Err(error) => match FieldErrors::from_service(&page.t, &error, &FIELDS) {
            Some(errors) => form_page(page, &state, id, None, form, errors).await,
            None => Err(page.fail(error)),
        },
    }
}

async fn edit_bid(
    page: Page,
    State(state): State<AppState>,
    Path((id, proposal_id)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let proposal = proposals::get(&state.services, id, proposal_id)
        .await
        .map_err(|e| page.fail(e))?;
    actor.require_board_of(proposal.storkreds).map_err(|e| page.fail(e))?;
    let form = BidForm {
        title: proposal.title.clone(),
        description: proposal.description.clone(),
        amount: medlemsbudget_domain::kroner::danish_number(proposal.amount),
    };
    let bid = BidView::new(&page.t, &proposal);
    form_page(page, &state, id, Some(bid), form, FieldErrors::default()).await
}

async fn save(
    page: Page,
    State(state): State<AppState>,
    Path((id, proposal_id)): Path<(i64, i64)>,
    Form(form): Form<BidForm>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let proposal = proposals::get(&state.services, id, proposal_id)
        .await
        .map_err(|e| page.fail(e))?;
    let bid_view = BidView::new(&page.t, &proposal);
    let bid = match read(&page, &form) {
        Ok(bid) => bid,
        Err(errors) => return form_page(page, &state, id, Some(bid_view), form, errors).await,
    };
    let changes = BidChanges {
        title: Some(bid.title),
        description: Some(bid.description),
        amount: Some(bid.amount),
    };
    match proposals::edit(&state.services, &actor, id, proposal_id, changes).await {
        Ok(_) => Ok(Redirect::to(&format!("/runder/{id}?rettet={proposal_id}#forslag-{proposal_id}")).into_response()),
        Err(error) => match FieldErrors::from_service(&page.t, &error, &FIELDS) {
            Some(errors) => form_page(page, &state, id, Some(bid_view), form, errors).await,
            None => Err(page.fail(error)),
        },
    }
}

async fn confirm_withdraw(
    page: Page,
    State(state): State<AppState>,
    Path((id, proposal_id)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let proposal = proposals::get(&state.services, id, proposal_id)
        .await
        .map_err(|e| page.fail(e))?;
    actor.require_board_of(proposal.storkreds).map_err(|e| page.fail(e))?;
    let view = WithdrawPage {
        round_id: id,
        bid: BidView::new(&page.t, &proposal),
        page,
    };
    render(&view.page, &view)
}

async fn withdraw(
    page: Page,
    State(state): State<AppState>,
    Path((id, proposal_id)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    proposals::withdraw(&state.services, &actor, id, proposal_id)
        .await
        .map_err(|e| page.fail(e))?;
    Ok(Redirect::to(&format!("/runder/{id}?trukket={proposal_id}#bids")).into_response())
}

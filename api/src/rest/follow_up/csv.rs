//! `GET /rounds/{round_id}/follow-up.csv`: the follow-up per funded bid as a
//! CSV file a Danish spreadsheet opens as it is, with exact amounts.
//!
//! UTF-8 with a byte-order mark, `;` between fields, CRLF line ends, one
//! header line, then one line per funded bid in submission order:
//!
//! | column | content |
//! |---|---|
//! | `forslag_id` | the bid's id |
//! | `storkreds` | the storkreds' name (`Københavns Omegn`) |
//! | `titel` | the bid's title, always in double quotes (`"` doubled); a title starting with `=`, `+`, `-` or `@` gets a leading `'` so no spreadsheet runs it as a formula |
//! | `status` | `ikke startet`, `i gang`, `færdig` or `aflyst` |
//! | `bevilget`, `ekstra_godkendt`, `brugt`, `returneret`, `tilbage` | kroner with a decimal comma and no thousands separator (`41250,50`); `tilbage` = `bevilget` − `brugt` − `returneret` exactly, negative (`-500,00`) only by spending HB approved |
//! | `seneste_rapport` | the latest report, Danish time, `2026-12-04 18:00`; empty before the first |

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use medlemsbudget_domain::follow_up::{danish_plain, ProjectStatus, Totals};

use crate::error::{ApiResult, Problem};
use crate::extract::Path;
use crate::services::follow_up::{self, FollowUp};
use crate::state::AppState;
use crate::web::i18n::copenhagen;

/// The header line.
pub const HEADER: &str =
    "forslag_id;storkreds;titel;status;bevilget;ekstra_godkendt;brugt;returneret;tilbage;seneste_rapport";

fn status(status: ProjectStatus) -> &'static str {
    match status {
        ProjectStatus::NotStarted => "ikke startet",
        ProjectStatus::UnderWay => "i gang",
        ProjectStatus::Done => "færdig",
        ProjectStatus::Cancelled => "aflyst",
    }
}

/// A text in double quotes, with a leading `'` when a spreadsheet would
/// read it as a formula.
fn quoted(text: &str) -> String {
    let guard = if text.starts_with(['=', '+', '-', '@']) {
        "'"
    } else {
        ""
    };
    format!("\"{guard}{}\"", text.replace('"', "\"\""))
}

fn amounts(t: &Totals) -> String {
    [t.granted, t.approved_extra, t.spent, t.given_back]
        .map(danish_plain)
        .into_iter()
        .chain([t.remaining.danish_plain()])
        .collect::<Vec<_>>()
        .join(";")
}

/// The follow-up as the CSV file described above.
pub fn follow_up_csv(follow_up: &FollowUp) -> String {
    let mut out = format!("\u{feff}{HEADER}\r\n");
    for bid in &follow_up.bids {
        let latest = bid
            .latest_report
            .map(|at| copenhagen(at).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        out.push_str(&format!(
            "{};{};{};{};{};{}\r\n",
            bid.proposal_id,
            bid.storkreds.name(),
            quoted(&bid.title),
            status(bid.status),
            amounts(&bid.totals),
            latest
        ));
    }
    out
}

/// The follow-up per funded bid as a CSV file (everyone once published, no
/// sign-in needed). Columns: `forslag_id;storkreds;titel;status;bevilget;
/// ekstra_godkendt;brugt;returneret;tilbage;seneste_rapport`; amounts like
/// `41250,50` (decimal comma, no thousands separator, exact), times in
/// Danish time as `2026-12-04 18:00`; UTF-8 with a byte-order mark, `;`
/// separated, CRLF, titles in double quotes.
#[utoipa::path(
    get, path = "/rounds/{round_id}/follow-up.csv", tag = "follow-up",
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    responses(
        (status = 200, description = "The follow-up as CSV", body = String, content_type = "text/csv",
            example = "forslag_id;storkreds;titel;status;bevilget;ekstra_godkendt;brugt;returneret;tilbage;seneste_rapport\r\n7;Fyn;\"Valgkampsbus til Fyn\";i gang;60000,00;0,00;41250,50;5000,00;13749,50;2026-12-04 18:00\r\n"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is not published yet (`not-published`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_follow_up_csv(State(state): State<AppState>, Path(round_id): Path<i64>) -> ApiResult<Response> {
    Ok(download(&follow_up::overview(&state.services, round_id).await?))
}

/// The follow-up as a CSV file to save (`medlemsbudget-opfoelgning-1.csv`),
/// for the API and the pages alike.
pub fn download(follow_up: &FollowUp) -> Response {
    let disposition = format!(
        "attachment; filename=\"medlemsbudget-opfoelgning-{}.csv\"",
        follow_up.round_id
    );
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        follow_up_csv(follow_up),
    )
        .into_response()
}

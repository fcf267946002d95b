//! The OpenAPI document: general information and the bearer scheme. The
//! paths come from the routes themselves (`#[utoipa::path]`), so the document
//! and the router cannot diverge.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::error::{FieldError, Problem};

/// General information for the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "medlemsbudget",
        description = "Participatory budgeting for a membership organisation: HB runs a round with a pool, \
storkreds boards submit bids, members vote, and the pool is allocated exactly to the øre.\n\n\
Sign in with **Authorize** and a bearer token (`medlemsbudget token --role hb --sub you`). \
Money is always a string in kroner with two decimals, like `\"500000.00\"`. \
Errors are RFC 9457 `application/problem+json` documents with a stable `type`.",
    ),
    modifiers(&BearerAuth),
    components(schemas(Problem, FieldError)),
    tags(
        (name = "rounds", description = "Rounds and their phases (HB)"),
        (name = "proposals", description = "Bids from storkreds boards, reviewed by HB"),
        (name = "ballots", description = "Members' approval ballots"),
        (name = "results", description = "Tallying and results"),
        (name = "storkredse", description = "The ten storkredse"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("A JWT signed with HS256; get one with `medlemsbudget token`."))
                    .build(),
            ),
        );
    }
}

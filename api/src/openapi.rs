//! The OpenAPI document: general information and the bearer scheme. The
//! paths come from the routes themselves (`#[utoipa::path]`), so the document
//! and the router cannot diverge.

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{AdditionalProperties, Schema};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{Modify, OpenApi};

use crate::error::{FieldError, Problem, PROBLEM_BASE};

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

/// Documents the errors every operation can answer with, whatever the
/// handler: bad path parameters, missing tokens, bodies that are not JSON or
/// too large. Responses a handler already documents are kept as written.
/// Apply it after the routes have added their paths.
pub struct StandardErrors;

fn add_error(operation: &mut Operation, status: &str, description: &str) {
    if operation.responses.responses.contains_key(status) {
        return;
    }
    let content = ContentBuilder::new()
        .schema(Some(RefOr::Ref(Ref::from_schema_name("Problem"))))
        .build();
    let response = ResponseBuilder::new()
        .description(description)
        .content("application/problem+json", content)
        .build();
    operation
        .responses
        .responses
        .insert(status.to_owned(), RefOr::T(response));
}

/// A typical problem document for `status`, shown as that response's example
/// (the `Problem` schema has one example; each status needs its own).
fn problem_example(status: &str) -> Option<serde_json::Value> {
    let (slug, title, detail) = match status {
        "400" => (
            "malformed-json",
            "Bad request",
            "the body is not valid JSON: EOF while parsing an object (line 1, column 9)",
        ),
        "401" => ("unauthorized", "Not signed in", "send 'Authorization: Bearer <token>'"),
        "403" => (
            "forbidden",
            "Not allowed",
            "only HB (the national board) can do this; your role is 'member'",
        ),
        "404" => ("not-found", "Not found", "there is no round 7"),
        "409" => (
            "wrong-phase",
            "Not possible in the current state",
            "casting a ballot is only possible in phase 'voting'; the round is in phase 'closed'",
        ),
        "413" => (
            "payload-too-large",
            "Request body too large",
            "Failed to buffer the request body: length limit exceeded",
        ),
        "415" => (
            "unsupported-media-type",
            "Body must be JSON",
            "send the body as JSON with the header 'Content-Type: application/json'",
        ),
        "422" => {
            return Some(serde_json::json!({
                "type": format!("{PROBLEM_BASE}invalid-money"),
                "title": "Invalid request",
                "status": 422,
                "detail": "amount: \"60.000,00\" uses ',' : write the amount with '.' as decimal separator and no thousands separators, like \"60000.00\"",
                "errors": [{"field": "amount", "message": "\"60.000,00\" uses ',' : write the amount with '.' as decimal separator and no thousands separators, like \"60000.00\""}]
            }))
        }
        "503" => (
            "unavailable",
            "Service unavailable",
            "the database did not answer within 2 s",
        ),
        _ => return None,
    };
    let status: u16 = status.parse().ok()?;
    Some(serde_json::json!({
        "type": format!("{PROBLEM_BASE}{slug}"),
        "title": title,
        "status": status,
        "detail": detail,
    }))
}

/// Gives every problem+json response the example of its own status.
fn set_problem_examples(operation: &mut Operation) {
    for (status, response) in operation.responses.responses.iter_mut() {
        let RefOr::T(response) = response else { continue };
        if let Some(content) = response.content.get_mut("application/problem+json") {
            content.example = problem_example(status);
        }
    }
}

/// Marks the variants of internally tagged enums (`{"kind": …}` bodies) as
/// closed, as their `deny_unknown_fields` makes them: utoipa says so for
/// structs, not for enum variants.
pub struct ClosedVariants;

impl Modify for ClosedVariants {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        for schema in components.schemas.values_mut() {
            let RefOr::T(Schema::OneOf(one_of)) = schema else {
                continue;
            };
            for item in &mut one_of.items {
                if let RefOr::T(Schema::Object(variant)) = item {
                    if variant.properties.contains_key("kind") {
                        variant.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
                    }
                }
            }
        }
    }
}

impl Modify for StandardErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let has_path_params = path.contains('{');
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                if has_path_params {
                    add_error(operation, "400", "A path parameter is not a valid id");
                    add_error(operation, "404", "No such resource");
                }
                if operation.security.is_some() {
                    add_error(operation, "401", "Missing, invalid or expired token");
                    add_error(operation, "403", "Signed in, but not allowed to do this");
                }
                if operation.request_body.is_some() {
                    add_error(operation, "400", "The body is not valid JSON");
                    add_error(operation, "413", "The body is too large");
                    add_error(operation, "415", "The body is not of the declared content type");
                    add_error(operation, "422", "The body is well-formed but a value is invalid");
                }
                set_problem_examples(operation);
            }
        }
    }
}

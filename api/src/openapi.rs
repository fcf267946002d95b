//! The OpenAPI document: general information and the bearer scheme. The
//! paths come from the routes themselves (`#[utoipa::path]`), so the document
//! and the router cannot diverge.

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{
    AdditionalProperties, AllOfBuilder, AnyOfBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type,
};
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
        (name = "meetings", description = "Ballots from meetings: members checked off at a storkreds' meeting, and its paper ballots as one anonymous batch (HB and storkreds boards)"),
        (name = "results", description = "Tallying and results"),
        (name = "follow-up", description = "Follow-up on the money after publication: what funded bids spent and gave back"),
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

/// Says what the request bodies' types cannot: which of their fields go
/// together. A ballot gives exactly one of `approvals` and `points`, and
/// names a proposal once in `approvals`; a new round takes `max_approvals` or
/// `ballot`, not both; a completion other than `none` goes with the `mes`
/// rule only. Each component gets these as a second schema beside its own
/// (`allOf`).
pub struct BodyRules;

/// A schema that only constrains the named properties, and requires some.
fn properties(schemas: Vec<(&str, Schema)>, required: &[&str]) -> Schema {
    let mut object = ObjectBuilder::new();
    for (name, schema) in schemas {
        object = object.property(name, schema);
    }
    for name in required {
        object = object.required(*name);
    }
    object.build().into()
}

fn of_type(kind: Type) -> Schema {
    ObjectBuilder::new().schema_type(kind).build().into()
}

fn one_of_values(values: Vec<serde_json::Value>) -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::AnyValue)
        .enum_values(Some(values))
        .build()
        .into()
}

/// Adds `rule` to the component `name` (`allOf` of the two).
fn constrain(components: &mut utoipa::openapi::Components, name: &str, rule: Schema) {
    if let Some(schema) = components.schemas.get_mut(name) {
        let own = std::mem::replace(schema, RefOr::T(of_type(Type::Object)));
        *schema = RefOr::T(AllOfBuilder::new().item(own).item(rule).build().into());
    }
}

/// Marks the array property `property` of the component `name` as holding
/// each item once.
fn unique_items(components: &mut utoipa::openapi::Components, name: &str, property: &str) {
    if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(name) {
        if let Some(RefOr::T(Schema::Array(array))) = object.properties.get_mut(property) {
            array.unique_items = true;
        }
    }
}

impl Modify for BodyRules {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        unique_items(components, "BallotRequest", "approvals");
        let given = |field, other| {
            properties(
                vec![(field, of_type(Type::Array)), (other, of_type(Type::Null))],
                &[field],
            )
        };
        let ballot = OneOfBuilder::new()
            .item(given("approvals", "points"))
            .item(given("points", "approvals"))
            .build();
        constrain(components, "BallotRequest", ballot.into());
        let not_both = AnyOfBuilder::new()
            .item(properties(vec![("max_approvals", of_type(Type::Null))], &[]))
            .item(properties(vec![("ballot", of_type(Type::Null))], &[]))
            .build();
        constrain(components, "CreateRoundRequest", not_both.into());
        let completion_with_mes = AnyOfBuilder::new()
            .item(properties(vec![("rule", one_of_values(vec!["mes".into()]))], &[]))
            .item(properties(
                vec![(
                    "completion",
                    one_of_values(vec!["none".into(), serde_json::Value::Null]),
                )],
                &[],
            ))
            .build();
        constrain(components, "RoundRuleBody", completion_with_mes.into());
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

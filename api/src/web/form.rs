//! Form fields and their errors, in the visitor's language. Forms are read
//! at the edge into domain values; what the domain or a service refuses is
//! shown next to the field it concerns.

use std::collections::BTreeMap;

use medlemsbudget_domain::kroner::{parse_kroner, KronerError};
use medlemsbudget_domain::{Money, TextError};

use super::i18n::Tr;
use crate::error::ApiError;

/// Errors by field name; empty when the form is fine.
#[derive(Clone, Debug, Default)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    /// Records `message` for `field` (the first one stays).
    pub fn add(&mut self, field: &str, message: String) {
        self.0.entry(field.to_owned()).or_insert(message);
    }

    /// The message for `field`, or "" when it is fine.
    pub fn get(&self, field: &str) -> String {
        self.0.get(field).cloned().unwrap_or_default()
    }

    /// Adds `other`'s errors (for fields without one already).
    pub fn extend(&mut self, other: FieldErrors) {
        for (field, message) in other.0 {
            self.add(&field, message);
        }
    }

    /// Whether `field` has an error.
    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    /// Whether any field has an error.
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }

    /// Every error, for the summary at the top of the form.
    pub fn all(&self) -> Vec<(String, String)> {
        self.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// Reads a value, recording its error under `field`.
    pub fn take<T, E>(&mut self, field: &str, parsed: Result<T, E>, message: impl FnOnce(E) -> String) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(error) => {
                self.add(field, message(error));
                None
            }
        }
    }

    /// The field errors of a service's 422 (or 409 naming fields), in the visitor's language where
    /// the catalogue knows the problem (`field-error-<slug>`), else as given.
    /// `None` when the error is not about fields.
    pub fn from_service(t: &Tr, error: &ApiError, fields: &[(&str, &str)]) -> Option<FieldErrors> {
        let (ApiError::Invalid { slug, errors, detail } | ApiError::FieldConflict { slug, errors, detail }) = error
        else {
            return None;
        };
        let mut out = FieldErrors::default();
        let message = t.try_get(&format!("field-error-{slug}"));
        for e in errors {
            let form_field = fields
                .iter()
                .find(|(api, _)| *api == e.field)
                .map_or(e.field.as_str(), |(_, form)| form);
            out.add(form_field, message.clone().unwrap_or_else(|| e.message.clone()));
        }
        if !out.any() {
            out.add("", message.unwrap_or_else(|| detail.clone()));
        }
        Some(out)
    }
}

/// A text error in words.
pub fn text_error(t: &Tr, error: TextError) -> String {
    match error {
        TextError::Empty => t.get("form-error-empty"),
        TextError::TooLong { max, actual } => t.args(
            "form-error-too-long",
            &[("max", (max as u64).into()), ("actual", (actual as u64).into())],
        ),
        TextError::ControlCharacters => t.get("form-error-control"),
    }
}

/// An amount typed the Danish way, or its error in words.
pub fn kroner(t: &Tr, typed: &str) -> Result<Money, String> {
    parse_kroner(typed).map_err(|error| match error {
        KronerError::Empty => t.get("form-error-empty"),
        KronerError::NotANumber(typed) => t.with("money-error-not-a-number", "typed", typed),
        KronerError::Ambiguous { typed, suggestion } => t.args(
            "money-error-ambiguous",
            &[("typed", typed.into()), ("suggestion", suggestion.into())],
        ),
        KronerError::TooManyDecimals(typed) => t.with("money-error-decimals", "typed", typed),
        KronerError::Negative(typed) => t.with("money-error-negative", "typed", typed),
        KronerError::TooLarge(typed) => t.with("money-error-too-large", "typed", typed),
    })
}

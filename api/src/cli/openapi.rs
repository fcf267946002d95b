//! `medlemsbudget openapi`: prints the OpenAPI document the code describes.

/// Prints the document.
pub fn run() -> Result<(), String> {
    print!("{}", crate::app::openapi_json().map_err(|e| e.to_string())?);
    Ok(())
}

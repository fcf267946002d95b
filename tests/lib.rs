//! End-to-end tests live in `api/` (the `api` test target); this library is empty on purpose.

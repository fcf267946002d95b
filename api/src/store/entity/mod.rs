//! sea-orm entities: the rows as stored. Never used as request bodies or
//! domain values; `store` converts them.

pub mod audit_event;
pub mod ballot;
pub mod electorate;
pub mod electorate_count;
pub mod follow_up_approval;
pub mod follow_up_entry;
pub mod follow_up_status;
pub mod meeting;
pub mod oidc_sign_in;
pub mod proposal;
pub mod publication;
pub mod result;
pub mod result_line;
pub mod result_storkreds;
pub mod round;
pub mod session;
pub mod timeline_change;
pub mod voting_code;

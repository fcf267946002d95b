//! Ballot keys and receipts.
//!
//! A ballot is stored under `HMAC-SHA256(ballot secret, "round:member")`: the
//! server can find a member's ballot again to replace it, but the stored row
//! carries no member id and nobody without the secret can link the two. A
//! receipt is a random code given to the member once; only its SHA-256 is kept.

use std::fmt;

use hmac::{Hmac, Mac};
use medlemsbudget_domain::hex;
use rand::RngCore;
use sha2::Sha256;

/// Computes ballot keys with the server's ballot secret.
#[derive(Clone)]
pub struct BallotKeys {
    secret: Vec<u8>,
}

impl fmt::Debug for BallotKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BallotKeys(secret redacted)")
    }
}

impl BallotKeys {
    /// Keys from a secret of at least 32 bytes.
    pub fn new(secret: &str) -> Result<BallotKeys, String> {
        if secret.len() < 32 {
            return Err("the ballot secret must be at least 32 bytes long".to_owned());
        }
        Ok(BallotKeys {
            secret: secret.as_bytes().to_vec(),
        })
    }

    /// The key of `member`'s ballot in `round_id`, as 64 hex digits.
    pub fn ballot_key(&self, round_id: i64, member: &str) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.secret) else {
            // HMAC accepts keys of any length; this branch cannot be taken.
            return String::new();
        };
        mac.update(format!("{round_id}:{member}").as_bytes());
        hex::encode(&mac.finalize().into_bytes())
    }
}

/// A random key for a paper ballot: 64 hex digits like a ballot key, but
/// computed from nothing, so it names no member.
pub fn random_key() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(&bytes)
}

/// A fresh receipt code: 128 random bits as eight groups of four hex digits.
pub fn new_receipt() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let hex = hex::encode(&bytes);
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_per_member_and_differ_between_members_rounds_and_secrets() {
        let Ok(keys) = BallotKeys::new("0123456789abcdef0123456789abcdef") else {
            panic!("keys")
        };
        let Ok(other) = BallotKeys::new("fedcba9876543210fedcba9876543210") else {
            panic!("keys")
        };
        let key = keys.ballot_key(1, "member-1");
        assert_eq!(key.len(), 64);
        assert_eq!(key, keys.ballot_key(1, "member-1"));
        assert_ne!(key, keys.ballot_key(1, "member-2"));
        assert_ne!(key, keys.ballot_key(2, "member-1"));
        assert_ne!(key, other.ballot_key(1, "member-1"));
        assert!(!key.contains("member"));
    }

    #[test]
    fn receipts_are_random() {
        let (a, b) = (new_receipt(), new_receipt());
        assert_ne!(a, b);
        assert_eq!(a.len(), 39);
    }
}

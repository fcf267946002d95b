//! Signing publications: an Ed25519 key derived from the service's signing
//! secret (configured like the other secrets, or generated beside the SQLite
//! file), never stored in the database. Anyone checks a signature with the
//! public key alone.

use std::fmt;

use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use medlemsbudget_domain::hex::encode as hex;
use sha2::{Digest, Sha256};

/// Signs with the service's key.
#[derive(Clone)]
pub struct Signer {
    key: SigningKey,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signer(public key {})", self.public_key())
    }
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let text = text.trim();
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut bytes = [0u8; N];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(bytes)
}

impl Signer {
    /// The key for `secret` (its SHA-256, with a label, is the Ed25519 seed).
    pub fn from_secret(secret: &str) -> Signer {
        let seed: [u8; 32] = Sha256::new()
            .chain_update(b"medlemsbudget-signing-v1\0")
            .chain_update(secret.as_bytes())
            .finalize()
            .into();
        Signer {
            key: SigningKey::from_bytes(&seed),
        }
    }

    /// The public key, 64 hex digits.
    pub fn public_key(&self) -> String {
        hex(self.key.verifying_key().as_bytes())
    }

    /// The signature of `bytes`, 128 hex digits.
    pub fn sign(&self, bytes: &[u8]) -> String {
        hex(&self.key.sign(bytes).to_bytes())
    }
}

/// Whether `signature` (hex) is `public_key`'s (hex) signature of `bytes`.
pub fn verify(public_key: &str, bytes: &[u8], signature: &str) -> bool {
    let Some(key) = unhex::<32>(public_key).and_then(|k| VerifyingKey::from_bytes(&k).ok()) else {
        return false;
    };
    let Some(signature) = unhex::<64>(signature) else {
        return false;
    };
    key.verify(bytes, &Signature::from_bytes(&signature)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_with_the_public_key_and_nothing_else() {
        let signer = Signer::from_secret("0123456789abcdef0123456789abcdef");
        let other = Signer::from_secret("fedcba9876543210fedcba9876543210");
        let signature = signer.sign(b"result");
        assert!(verify(&signer.public_key(), b"result", &signature));
        assert!(!verify(&signer.public_key(), b"resulT", &signature));
        assert!(!verify(&other.public_key(), b"result", &signature));
        assert!(!verify("zz", b"result", &signature));
        assert_eq!(
            signer.public_key(),
            Signer::from_secret("0123456789abcdef0123456789abcdef").public_key()
        );
    }
}

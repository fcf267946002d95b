//! One-time voting codes: what HB hands out to members who have no account
//! in the member system, by letter or e-mail. A code is 28 characters of
//! Crockford's base-32 alphabet (140 random bits), written in groups of four
//! (`7KQ2-…`); only its SHA-256 is stored.
//!
//! People type codes as they read them: in lower case, with spaces instead
//! of dashes, an `O` for a `0` or an `I`/`L` for a `1`. Parsing forgives all
//! of that and nothing else.

use std::fmt;

use sha2::{Digest, Sha256};

/// The characters a code is written in (Crockford's base 32: no I, L, O, U).
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in a code (5 bits each: 140 bits).
pub const CODE_CHARS: usize = 28;

/// A well-formed voting code.
#[derive(Clone, PartialEq, Eq)]
pub struct VotingCode(String);

/// Why a typed text is not a voting code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VotingCodeError {
    /// A character that is in no code.
    #[error("'{0}' is not used in voting codes")]
    BadCharacter(char),
    /// Too few or too many characters.
    #[error("a voting code has {CODE_CHARS} letters and digits; this has {0}")]
    WrongLength(usize),
}

impl VotingCode {
    /// The code with characters `indices` (each below 32, taken modulo 32),
    /// as drawn by the caller's random number generator.
    pub fn from_indices(indices: &[u8; CODE_CHARS]) -> VotingCode {
        VotingCode(
            indices
                .iter()
                .map(|i| char::from(ALPHABET[usize::from(*i % 32)]))
                .collect(),
        )
    }

    /// A code as a person typed it: case, spaces and dashes do not matter,
    /// and `O`, `I` and `L` are read as `0`, `1` and `1`.
    pub fn parse(typed: &str) -> Result<VotingCode, VotingCodeError> {
        let mut code = String::with_capacity(CODE_CHARS);
        for c in typed.chars() {
            if c.is_whitespace() || c == '-' {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
                return Err(VotingCodeError::BadCharacter(c));
            }
            code.push(c);
            if code.len() > CODE_CHARS {
                break;
            }
        }
        if code.len() != CODE_CHARS {
            return Err(VotingCodeError::WrongLength(code.len()));
        }
        Ok(VotingCode(code))
    }

    /// The SHA-256 of the code, lowercase hex: what is stored.
    pub fn hash(&self) -> String {
        crate::hex::encode(&Sha256::digest(self.0.as_bytes()))
    }
}

/// The code as printed: groups of four joined by dashes.
impl fmt::Display for VotingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                f.write_str("-")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// Never prints the code itself.
impl fmt::Debug for VotingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VotingCode(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> VotingCode {
        let mut indices = [0u8; CODE_CHARS];
        for (i, slot) in indices.iter_mut().enumerate() {
            *slot = u8::try_from(i * 7 % 32).unwrap_or(0);
        }
        VotingCode::from_indices(&indices)
    }

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        let code = sample();
        let printed = code.to_string();
        assert_eq!(printed.len(), CODE_CHARS + 6);
        assert_eq!(VotingCode::parse(&printed), Ok(code.clone()));
        let sloppy = printed
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(VotingCode::parse(&sloppy), Ok(code.clone()));
        assert_eq!(
            VotingCode::parse(&format!("  {printed}\n")).map(|c| c.hash()),
            Ok(code.hash())
        );
    }

    #[test]
    fn wrong_characters_and_lengths_are_refused() {
        let printed = sample().to_string();
        assert_eq!(
            VotingCode::parse(&printed.replacen('A', "U", 1)),
            Err(VotingCodeError::BadCharacter('U'))
        );
        assert_eq!(VotingCode::parse(&printed[..10]), Err(VotingCodeError::WrongLength(8)));
        assert_eq!(
            VotingCode::parse(&format!("{printed}7")),
            Err(VotingCodeError::WrongLength(CODE_CHARS + 1))
        );
        assert!(VotingCode::parse("").is_err());
    }

    #[test]
    fn the_hash_is_sha256_of_the_canonical_code_and_debug_hides_it() {
        let code = sample();
        assert_eq!(code.hash().len(), 64);
        assert_ne!(code.hash(), sample().to_string());
        assert_eq!(format!("{code:?}"), "VotingCode(…)");
    }
}

//! The ten storkredse (regional constituencies) that bid for the pool.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One of the ten Danish storkredse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Storkreds {
    /// København.
    Kobenhavn,
    /// Københavns Omegn.
    KobenhavnsOmegn,
    /// Nordsjælland.
    Nordsjaelland,
    /// Bornholm.
    Bornholm,
    /// Sjælland.
    Sjaelland,
    /// Fyn.
    Fyn,
    /// Sydjylland.
    Sydjylland,
    /// Østjylland.
    Ostjylland,
    /// Vestjylland.
    Vestjylland,
    /// Nordjylland.
    Nordjylland,
}

/// A slug that names no storkreds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a storkreds; use one of: kobenhavn, kobenhavns-omegn, nordsjaelland, bornholm, sjaelland, fyn, sydjylland, ostjylland, vestjylland, nordjylland")]
pub struct UnknownStorkreds(pub String);

impl Storkreds {
    /// All ten, in their customary order.
    pub const ALL: [Storkreds; 10] = [
        Storkreds::Kobenhavn,
        Storkreds::KobenhavnsOmegn,
        Storkreds::Nordsjaelland,
        Storkreds::Bornholm,
        Storkreds::Sjaelland,
        Storkreds::Fyn,
        Storkreds::Sydjylland,
        Storkreds::Ostjylland,
        Storkreds::Vestjylland,
        Storkreds::Nordjylland,
    ];

    /// The URL-safe identifier, e.g. `kobenhavns-omegn`.
    pub fn slug(self) -> &'static str {
        match self {
            Storkreds::Kobenhavn => "kobenhavn",
            Storkreds::KobenhavnsOmegn => "kobenhavns-omegn",
            Storkreds::Nordsjaelland => "nordsjaelland",
            Storkreds::Bornholm => "bornholm",
            Storkreds::Sjaelland => "sjaelland",
            Storkreds::Fyn => "fyn",
            Storkreds::Sydjylland => "sydjylland",
            Storkreds::Ostjylland => "ostjylland",
            Storkreds::Vestjylland => "vestjylland",
            Storkreds::Nordjylland => "nordjylland",
        }
    }

    /// The Danish display name, e.g. `Københavns Omegn`.
    pub fn name(self) -> &'static str {
        match self {
            Storkreds::Kobenhavn => "København",
            Storkreds::KobenhavnsOmegn => "Københavns Omegn",
            Storkreds::Nordsjaelland => "Nordsjælland",
            Storkreds::Bornholm => "Bornholm",
            Storkreds::Sjaelland => "Sjælland",
            Storkreds::Fyn => "Fyn",
            Storkreds::Sydjylland => "Sydjylland",
            Storkreds::Ostjylland => "Østjylland",
            Storkreds::Vestjylland => "Vestjylland",
            Storkreds::Nordjylland => "Nordjylland",
        }
    }
}

impl fmt::Display for Storkreds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl FromStr for Storkreds {
    type Err = UnknownStorkreds;

    fn from_str(slug: &str) -> Result<Self, Self::Err> {
        Storkreds::ALL
            .into_iter()
            .find(|s| s.slug() == slug)
            .ok_or_else(|| UnknownStorkreds(slug.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_match_serde() {
        for storkreds in Storkreds::ALL {
            assert_eq!(storkreds.slug().parse(), Ok(storkreds));
            let json = serde_json::to_string(&storkreds).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", storkreds.slug()));
        }
        assert!("aarhus".parse::<Storkreds>().is_err());
    }
}

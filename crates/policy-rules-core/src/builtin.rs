//! The built-in packs, embedded in the binary.

use crate::pack::{Origin, Pack, PackError};

/// Name and `pack.yaml` text of every built-in pack.
pub const PACKS: &[(&str, &str)] = &[
    ("caloppa", include_str!("../../../rules/caloppa/pack.yaml")),
    ("gdpr", include_str!("../../../rules/gdpr/pack.yaml")),
];

/// Load one built-in pack by name.
pub fn pack(name: &str) -> Option<Result<Pack, PackError>> {
    PACKS.iter().find(|(n, _)| *n == name).map(|(n, yaml)| {
        Pack::from_yaml(
            yaml,
            &format!("builtin:{n}/pack.yaml"),
            Origin::Builtin(n.to_string()),
        )
    })
}

/// Load every built-in pack.
pub fn all() -> Result<Vec<Pack>, PackError> {
    PACKS
        .iter()
        .map(|(n, yaml)| {
            Pack::from_yaml(
                yaml,
                &format!("builtin:{n}/pack.yaml"),
                Origin::Builtin(n.to_string()),
            )
        })
        .collect()
}

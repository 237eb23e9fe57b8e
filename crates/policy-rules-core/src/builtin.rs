//! The built-in packs, embedded in the binary.

use crate::pack::{Origin, Pack, PackError};

/// A built-in pack: name, `pack.yaml` text, and its scripts (path, source).
pub struct Builtin {
    /// Pack name.
    pub name: &'static str,
    /// The `pack.yaml` text.
    pub yaml: &'static str,
    /// Scripts by path relative to the pack folder.
    pub scripts: &'static [(&'static str, &'static str)],
    /// Annotated fixture documents by path relative to the pack folder.
    pub fixtures: &'static [(&'static str, &'static str)],
}

/// Every built-in pack.
pub const PACKS: &[Builtin] = &[
    Builtin {
        name: "core",
        yaml: include_str!("../../../rules/core/pack.yaml"),
        scripts: &[("stale-policy.rhai", include_str!("../../../rules/core/stale-policy.rhai"))],
        fixtures: &[],
    },
    Builtin {
        name: "caloppa",
        yaml: include_str!("../../../rules/caloppa/pack.yaml"),
        scripts: &[],
        fixtures: &[
            ("tests/do-not-track.md", include_str!("../../../rules/caloppa/tests/do-not-track.md")),
            ("tests/no-dnt-statement.md", include_str!("../../../rules/caloppa/tests/no-dnt-statement.md")),
        ],
    },
    Builtin {
        name: "gdpr",
        yaml: include_str!("../../../rules/gdpr/pack.yaml"),
        scripts: &[("rights-complete.rhai", include_str!("../../../rules/gdpr/rights-complete.rhai"))],
        fixtures: &[
            ("tests/no-retention.md", include_str!("../../../rules/gdpr/tests/no-retention.md")),
            ("tests/retention.md", include_str!("../../../rules/gdpr/tests/retention.md")),
        ],
    },
    Builtin {
        name: "clarity",
        yaml: include_str!("../../../rules/clarity/pack.yaml"),
        scripts: &[("readability.rhai", include_str!("../../../rules/clarity/readability.rhai"))],
        fixtures: &[],
    },
];

fn load(builtin: &Builtin) -> Result<Pack, PackError> {
    let file = format!("builtin:{}/pack.yaml", builtin.name);
    let mut pack = Pack::from_yaml(builtin.yaml, &file, Origin::Builtin(builtin.name.to_string()))?;
    pack.scripts = builtin.scripts.iter().map(|(path, source)| (path.to_string(), source.to_string())).collect();
    pack.fixtures = builtin.fixtures.iter().map(|(path, source)| (path.to_string(), source.to_string())).collect();
    Ok(pack)
}

/// Load one built-in pack by name.
pub fn pack(name: &str) -> Option<Result<Pack, PackError>> {
    PACKS.iter().find(|b| b.name == name).map(load)
}

/// Load every built-in pack.
pub fn all() -> Result<Vec<Pack>, PackError> {
    PACKS.iter().map(load).collect()
}

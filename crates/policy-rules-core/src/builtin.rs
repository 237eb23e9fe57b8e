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

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

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

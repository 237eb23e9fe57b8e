//! `policy-rules.yaml`: which packs a project uses, which files it checks, how long scripts may run.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::builtin;
use crate::pack::raw::{parse_config, RawConfig};
use crate::pack::{Pack, PackError, Profile};

/// The file names looked for, in order of preference.
pub const FILE_NAMES: &[&str] = &["policy-rules.yaml", "policy-rules.yml"];

/// The preferred file name.
pub const FILE_NAME: &str = FILE_NAMES[0];

/// A loaded configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from, if any.
    pub file: Option<PathBuf>,
    /// The settings.
    pub raw: RawConfig,
    text: String,
}

impl Config {
    /// Read a configuration file.
    pub fn load(file: &Path) -> Result<Config, PackError> {
        let text = crate::pack::read_text(file, &file.display().to_string())?;
        let raw = parse_config(&text).map_err(|e| PackError::from_yaml(e, &file.display().to_string(), &text))?;
        Ok(Config { file: Some(file.to_path_buf()), raw, text })
    }

    /// A configuration from text already read (an editor's buffer) and parsed.
    pub fn with_text(file: &Path, raw: RawConfig, text: &str) -> Config {
        Config { file: Some(file.to_path_buf()), raw, text: text.to_string() }
    }

    /// The configuration file that applies to `dir`: the nearest one in it or its parents.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        dir.ancestors().flat_map(|d| FILE_NAMES.iter().map(move |name| d.join(name))).find(|c| c.is_file())
    }

    /// The nearest configuration in `start` or its parents, if any.
    pub fn discover(start: &Path) -> Result<Option<Config>, PackError> {
        Config::find(start).map(|file| Config::load(&file)).transpose()
    }

    /// The folder the configuration's relative paths and globs start from.
    pub fn root(&self) -> PathBuf {
        match self.file.as_ref().and_then(|f| f.parent()) {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// The script budget, if set.
    pub fn script_budget(&self) -> Option<Duration> {
        self.raw.scripts.budget_ms.map(Duration::from_millis)
    }

    /// The packs to use. Built-in packs: those of `profile` when given, else those listed in
    /// `packs:`, else those of the configured `profile:`, else all; none with `no_builtin`. Pack
    /// folders listed in `packs:` (relative to this file) are always used.
    pub fn packs(&self, no_builtin: bool, profile: Option<Profile>) -> Result<Vec<Pack>, PackError> {
        let listed = self.raw.packs.clone().unwrap_or_default();
        let listed_builtins: Vec<&str> = listed.iter().filter_map(|e| e.strip_prefix("builtin:")).collect();
        let names: Vec<&str> = builtin::PACKS.iter().map(|b| b.name).collect();
        for name in &listed_builtins {
            if !names.contains(name) {
                let entry = format!("builtin:{name}");
                return Err(self.error_at(
                    &entry,
                    format!("unknown built-in pack `{name}`; built-in packs are {}", names.join(", ")),
                ));
            }
        }
        let builtins: Vec<&str> = match (profile, self.raw.packs.is_some(), self.raw.profile) {
            (Some(profile), _, _) => profile.packs().to_vec(),
            (None, true, _) => listed_builtins,
            (None, false, Some(profile)) => profile.packs().to_vec(),
            (None, false, None) => names.clone(),
        };
        let mut packs = Vec::new();
        if !no_builtin {
            for name in names.iter().filter(|n| builtins.contains(n)) {
                if let Some(pack) = builtin::pack(name) {
                    packs.push(pack?);
                }
            }
        }
        let base = self.root();
        for entry in listed.iter().filter(|e| !e.starts_with("builtin:")) {
            packs.push(Pack::from_dir(&base.join(entry))?);
        }
        Ok(packs)
    }

    /// Whether packs run only on the documents they apply to: yes unless a profile other than
    /// `auto` is given (by `profile`, else by the file) or the file lists its `packs:`.
    pub fn gated(&self, profile: Option<Profile>) -> bool {
        match profile.or(self.raw.profile) {
            Some(profile) if profile.forces() => false,
            _ => self.raw.packs.is_none(),
        }
    }

    /// Check that every rule named in `rules:` exists in `packs`.
    pub fn check_overrides(&self, packs: &[Pack]) -> Result<(), PackError> {
        let known: Vec<String> =
            packs.iter().flat_map(|p| p.raw.rules.iter().map(move |r| format!("{}/{}", p.name(), r.id))).collect();
        for (rule, _) in &self.raw.rules {
            if !known.contains(rule) {
                let close = crate::pack::raw::suggest(rule, &known.iter().map(String::as_str).collect::<Vec<_>>())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(self.error_at(rule, format!("unknown rule `{rule}` in `rules:`{close}")));
            }
        }
        Ok(())
    }

    fn error_at(&self, value: &str, message: String) -> PackError {
        let file = self.file.as_ref().map_or_else(|| FILE_NAME.to_string(), |f| f.display().to_string());
        let start = self.text.find(value).unwrap_or(0);
        PackError::at(&file, &self.text, start, value.len(), message, None)
    }
}

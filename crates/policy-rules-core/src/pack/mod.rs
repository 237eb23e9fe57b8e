//! Rule packs: loading `pack.yaml` from a folder or from the built-ins, with located errors.

pub mod raw;
pub mod schema;

use std::path::{Path, PathBuf};

pub use raw::{
    FailCase, MatcherKind, Measure, Profile, RawKind, RawMatcher, RawMetric, RawPack, RawRule, RawTests, Report, Scope,
};

pub use crate::error::PackError;

/// Where a pack came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary (`builtin:NAME`).
    Builtin(String),
    /// A folder on disk.
    Dir(PathBuf),
}

/// A loaded, validated rule pack.
#[derive(Debug, Clone)]
pub struct Pack {
    /// The pack as written, validated.
    pub raw: RawPack,
    /// Where it came from.
    pub origin: Origin,
    /// Rhai scripts referenced by the rules: (path relative to the pack, source).
    pub scripts: Vec<(String, String)>,
    /// Annotated fixture documents in the pack's `tests/` folder: (path relative to the pack, source).
    pub fixtures: Vec<(String, String)>,
    /// Fixtures that could not be read: they fail `policy-rules test`, never `check`.
    pub fixture_errors: Vec<String>,
}

impl Pack {
    /// The pack's name (the prefix of its rule ids).
    pub fn name(&self) -> &str {
        &self.raw.pack
    }

    /// Parse a pack from YAML text; `file` names it in errors.
    pub fn from_yaml(yaml: &str, file: &str, origin: Origin) -> Result<Pack, PackError> {
        let yaml = yaml.strip_prefix('\u{feff}').unwrap_or(yaml);
        let raw = raw::parse_pack(yaml).map_err(|error| PackError::from_yaml(error, file, yaml))?;
        Ok(Pack { raw, origin, scripts: Vec::new(), fixtures: Vec::new(), fixture_errors: Vec::new() })
    }

    /// Load `pack.yaml` (or `pack.yml`) from a folder.
    pub fn from_dir(dir: &Path) -> Result<Pack, PackError> {
        let file = ["pack.yaml", "pack.yml"].iter().map(|name| dir.join(name)).find(|path| path.is_file()).ok_or_else(
            || PackError::Io {
                message: format!("no pack.yaml in `{}`", dir.display()),
                help: Some("a pack is a folder holding a pack.yaml file".into()),
            },
        )?;
        let shown = file.display().to_string();
        let yaml = read_text(&file, &shown)?;
        let mut pack = Pack::from_yaml(&yaml, &shown, Origin::Dir(dir.to_path_buf()))?;
        let folder = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        for path in pack.script_paths() {
            let script = dir.join(&path);
            let at = |message: String, help: &str| {
                let (start, len) = locate_value(&yaml, "script:", &path);
                PackError::at(&shown, &yaml, start, len, message, Some(help.into()))
            };
            // A pack reads only its own files: a script outside its folder is refused unread.
            let inside = script.canonicalize().map(|real| real.starts_with(&folder));
            if matches!(inside, Ok(false)) || Path::new(&path).is_absolute() {
                return Err(at(
                    format!("script `{path}` is outside the pack folder"),
                    "`script:` names a file inside the pack folder, e.g. `script: my-rule.rhai`",
                ));
            }
            let source = match std::fs::read(&script) {
                Ok(bytes) => String::from_utf8(bytes).map_err(|error| {
                    let (line, column) = line_column_of(error.as_bytes(), error.utf8_error().valid_up_to());
                    at(
                        format!("script `{path}` is not valid UTF-8 (line {line}, column {column})"),
                        "save the script as UTF-8",
                    )
                })?,
                Err(error) => {
                    return Err(at(
                        format!("cannot read script `{}`: {error}", script.display()),
                        "`script:` is a path relative to the pack folder, e.g. `script: my-rule.rhai`",
                    ))
                }
            };
            pack.scripts.push((path, source));
        }
        (pack.fixtures, pack.fixture_errors) = read_fixtures(&dir.join("tests"));
        Ok(pack)
    }

    /// Paths of the scripts the pack's rules name, in rule order, without repeats.
    pub fn script_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = Vec::new();
        for rule in &self.raw.rules {
            if let Some(path) = rule.kind.script() {
                if !paths.iter().any(|p| p == path) {
                    paths.push(path.to_string());
                }
            }
        }
        paths
    }
}

/// Fixture documents (Markdown, HTML, text) in a pack's `tests/` folder, in name order.
/// The fixtures of a pack's `tests/` folder, and why any could not be read.
fn read_fixtures(dir: &Path) -> (Vec<(String, String)>, Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (Vec::new(), Vec::new());
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e, "md" | "markdown" | "html" | "htm" | "txt"))
        })
        .collect();
    paths.sort();
    let (mut fixtures, mut errors) = (Vec::new(), Vec::new());
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(source)) => fixtures.push((format!("tests/{name}"), source)),
            Ok(Err(_)) => errors.push(format!("fixture `{}` is not valid UTF-8", path.display())),
            Err(error) => errors.push(format!("cannot read fixture `{}`: {error}", path.display())),
        }
    }
    (fixtures, errors)
}

/// The text of a pack file: UTF-8, a leading byte order mark dropped; otherwise an error that
/// names the line and column of the first byte that is not UTF-8.
pub(crate) fn read_text(path: &Path, shown: &str) -> Result<String, PackError> {
    let bytes = std::fs::read(path)
        .map_err(|e| PackError::Io { message: format!("cannot read `{shown}`: {e}"), help: None })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text)),
        Err(error) => {
            let (line, column) = line_column_of(error.as_bytes(), error.utf8_error().valid_up_to());
            Err(PackError::Io {
                message: format!("`{shown}` is not valid UTF-8: line {line}, column {column} holds a byte that is not"),
                help: Some("save the file as UTF-8".into()),
            })
        }
    }
}

/// 1-based line and column (in characters) of byte `at` of mostly-UTF-8 `bytes`.
fn line_column_of(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = String::from_utf8_lossy(&bytes[..at.min(bytes.len())]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Byte range of `value` written after `key` in a YAML text (for errors found after parsing).
fn locate_value(yaml: &str, key: &str, value: &str) -> (usize, usize) {
    let mut from = 0;
    while let Some(found) = yaml[from..].find(key) {
        let at = from + found + key.len();
        let line_end = yaml[at..].find('\n').map_or(yaml.len(), |e| at + e);
        if let Some(offset) = yaml[at..line_end].find(value) {
            return (at + offset, value.len());
        }
        from = at;
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(yaml: &str) -> (usize, usize, String, Option<String>) {
        match Pack::from_yaml(yaml, "pack.yaml", Origin::Builtin("t".into())).unwrap_err() {
            PackError::Invalid { line, column, message, help, .. } => (line, column, message, help),
            other => panic!("unexpected {other:?}"),
        }
    }

    const HEAD: &str = "pack: acme\nrules:\n";

    #[test]
    fn unknown_key_names_the_key_and_suggests() {
        let yaml = format!("{HEAD}  - id: a\n    severity: error\n    mesage: x\n    forbid: y\n");
        let (line, column, message, help) = error(&yaml);
        assert_eq!((line, column), (5, 5));
        assert!(message.contains("unknown rule key `mesage`"), "{message}");
        assert_eq!(help.as_deref(), Some("did you mean `message`?"));
    }

    #[test]
    fn invalid_regex_points_at_the_value() {
        let yaml =
            format!("{HEAD}  - id: a\n    severity: error\n    message: m\n    forbid:\n      pattern: 'keep ('\n");
        let (line, column, message, _) = error(&yaml);
        assert_eq!((line, column), (7, 16));
        assert!(message.contains("invalid regex"), "{message}");
    }

    #[test]
    fn duplicate_id_points_at_the_second_id() {
        let rule = "    severity: error\n    message: m\n    forbid: x\n";
        let yaml = format!("{HEAD}  - id: a\n{rule}  - id: a\n{rule}");
        let (line, column, message, _) = error(&yaml);
        assert_eq!((line, column), (7, 9));
        assert!(message.contains("duplicate rule id `a`"), "{message}");
    }

    #[test]
    fn non_positive_within_and_missing_message_are_errors() {
        let yaml = format!(
            "{HEAD}  - id: a\n    severity: error\n    message: m\n    forbid:\n      near: [x, y]\n      within: 0\n"
        );
        let (line, _, message, _) = error(&yaml);
        assert_eq!(line, 8);
        assert!(message.contains("positive"), "{message}");
        let yaml = format!("{HEAD}  - id: a\n    severity: error\n    forbid: x\n");
        let (line, _, message, _) = error(&yaml);
        assert_eq!(line, 3);
        assert!(message.contains("missing `message`"), "{message}");
    }

    #[test]
    fn unknown_severity_and_kind() {
        let yaml = format!("{HEAD}  - id: a\n    severity: fatal\n    message: m\n    forbid: x\n");
        let (line, column, message, _) = error(&yaml);
        assert_eq!((line, column), (4, 15));
        assert!(message.contains("unknown variant `fatal`"), "{message}");
        let yaml = format!("{HEAD}  - id: a\n    severity: error\n    message: m\n    forbidd: x\n");
        let (_, _, message, help) = error(&yaml);
        assert!(message.contains("unknown rule key `forbidd`"), "{message}");
        assert_eq!(help.as_deref(), Some("did you mean `forbid`?"));
    }
}

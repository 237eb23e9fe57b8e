//! Projects: a configuration with the packs it selects and the files it checks. Each document is
//! checked with the configuration nearest to it, as the command line and the editor server both do.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

use crate::config::Config;
use crate::engine::{Engine, Selection};
use crate::finding::is_internal;
use crate::pack::{Pack, PackError, Profile};
use crate::script::ScriptLimits;

/// What the command line (or an editor's settings) says about configuration and packs.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Use this configuration file for every document instead of the nearest one.
    pub config: Option<PathBuf>,
    /// Pack folders to add to the configured packs.
    pub packs: Vec<PathBuf>,
    /// Leave out the built-in packs.
    pub no_builtin: bool,
    /// Use the built-in packs of this jurisdiction, whatever the configuration says.
    pub profile: Option<Profile>,
    /// The day rules measure a policy's age against when it has no archive date (default: today).
    pub today: Option<crate::document::Date>,
}

/// A configuration and the packs it selects.
#[derive(Debug)]
pub struct Project {
    /// The configuration (the default one when no file was found).
    pub config: Config,
    /// The reference day of the run.
    today: crate::document::Date,
    /// Packs run only where they apply, and documents that are not privacy policies are spared
    /// the absence rules (the `auto` profile).
    gated: bool,
    /// The packs, in load order.
    pub packs: Vec<Pack>,
    include: Option<Patterns>,
    exclude: Patterns,
}

impl Project {
    /// Load the packs `config` selects, adjusted by `options`.
    pub fn load(options: &LoadOptions, config: Config) -> Result<Project, PackError> {
        let mut packs = config.packs(options.no_builtin, options.profile)?;
        for dir in &options.packs {
            packs.push(Pack::from_dir(dir)?);
        }
        config.check_overrides(&packs)?;
        let root = absolute(&config.root());
        let include = (!config.raw.include.is_empty()).then(|| Patterns::new(&root, &config.raw.include));
        let exclude = Patterns::new(&root, &config.raw.exclude);
        let today = options.today.unwrap_or_else(crate::document::Date::today);
        let gated = config.gated(options.profile);
        Ok(Project { config, today, gated, packs, include, exclude })
    }

    /// The project of `options.config`, else of the nearest configuration to `dir`, else the default.
    pub fn discover(options: &LoadOptions, dir: &Path) -> Result<Project, PackError> {
        let config = match &options.config {
            Some(file) => Config::load(file)?,
            None => Config::discover(dir)?.unwrap_or_default(),
        };
        Project::load(options, config)
    }

    /// Compile the rules for a run: the selection with the configuration's overrides and budget.
    pub fn engine(&self, mut selection: Selection) -> Result<Engine, PackError> {
        selection.overrides = self.config.raw.rules.clone();
        let mut limits = ScriptLimits::default();
        if let Some(budget) = self.config.script_budget() {
            limits.budget = budget;
        }
        Ok(Engine::with_limits(&self.packs, selection, limits, Some(self.today))?.gated(self.gated))
    }

    /// Every rule id and pack name the project's packs define.
    pub fn names(&self) -> Vec<String> {
        let mut names = Vec::new();
        for pack in &self.packs {
            names.push(pack.name().to_string());
            names.extend(pack.raw.rules.iter().map(|rule| format!("{}/{}", pack.name(), rule.id)));
        }
        names
    }

    /// Whether a file found by walking a folder is checked: it matches `include:` (or, without
    /// it, has a policy extension) and no `exclude:` glob.
    pub fn selects(&self, path: &Path, has_policy_extension: bool) -> bool {
        let path = absolute(path);
        let included = match &self.include {
            Some(include) => include.matches(&path),
            None => has_policy_extension,
        };
        included && !self.exclude.matches(&path)
    }

    /// Whether `path` matches an `exclude:` glob.
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude.matches(&absolute(path))
    }
}

/// The projects of a run, one per configuration file found, loaded once each.
#[derive(Debug)]
pub struct Projects {
    options: LoadOptions,
    /// Folder -> index into `projects`.
    by_dir: HashMap<PathBuf, usize>,
    /// Configuration file (or none) -> index into `projects`.
    by_file: HashMap<Option<PathBuf>, usize>,
    projects: Vec<Arc<Project>>,
}

impl Projects {
    /// No project loaded yet.
    pub fn new(options: LoadOptions) -> Projects {
        Projects { options, by_dir: HashMap::new(), by_file: HashMap::new(), projects: Vec::new() }
    }

    /// The index of the project that applies to documents in `dir`.
    pub fn index_for_dir(&mut self, dir: &Path) -> Result<usize, PackError> {
        let dir = absolute(dir);
        if let Some(&index) = self.by_dir.get(&dir) {
            return Ok(index);
        }
        let file = match &self.options.config {
            Some(file) => Some(file.clone()),
            None => Config::find(&dir),
        };
        let index = match self.by_file.get(&file) {
            Some(&index) => index,
            None => {
                let config = match &file {
                    Some(file) => Config::load(file)?,
                    None => Config::default(),
                };
                let project = Project::load(&self.options, config)?;
                self.projects.push(Arc::new(project));
                self.by_file.insert(file, self.projects.len() - 1);
                self.projects.len() - 1
            }
        };
        self.by_dir.insert(dir, index);
        Ok(index)
    }

    /// The index of the project that applies to the file at `path`.
    pub fn index_for_file(&mut self, path: &Path) -> Result<usize, PackError> {
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        self.index_for_dir(&dir)
    }

    /// A loaded project by index.
    pub fn get(&self, index: usize) -> &Arc<Project> {
        &self.projects[index]
    }

    /// Every loaded project, in load order.
    pub fn all(&self) -> &[Arc<Project>] {
        &self.projects
    }
}

/// Check `--select`/`--ignore` names against the rules and packs `known`: the first that is none
/// of them, with the closest known name.
pub fn unknown_name<'a>(names: &'a [String], known: &[String]) -> Option<(&'a str, Option<String>)> {
    let name = names.iter().find(|name| !is_internal(name) && !known.contains(name))?;
    let candidates: Vec<&str> = known
        .iter()
        .map(String::as_str)
        .chain(crate::finding::INTERNAL_PACKS.iter().copied())
        .chain(crate::finding::INTERNAL_RULES.iter().map(|rule| rule.id))
        .collect();
    Some((name, crate::pack::raw::suggest(name, &candidates).map(str::to_string)))
}

/// Glob patterns rooted at a folder. A pattern with a `/` matches the path relative to the root;
/// one without matches the name of the file or of any folder above it, as in `.gitignore`.
#[derive(Debug)]
pub struct Patterns {
    root: PathBuf,
    paths: GlobSet,
    names: GlobSet,
}

impl Patterns {
    /// Patterns of `globs`, relative to `root`; invalid globs (already reported at load) are skipped.
    pub fn new(root: &Path, globs: &[String]) -> Patterns {
        let mut paths = GlobSetBuilder::new();
        let mut names = GlobSetBuilder::new();
        for glob in globs {
            let trimmed = glob.trim_start_matches("./").trim_end_matches('/');
            if trimmed.contains('/') {
                if let Ok(compiled) = GlobBuilder::new(trimmed).literal_separator(true).build() {
                    paths.add(compiled);
                }
            } else if let Ok(compiled) = Glob::new(trimmed) {
                names.add(compiled);
            }
        }
        Patterns {
            root: absolute(root),
            paths: paths.build().unwrap_or_else(|_| GlobSet::empty()),
            names: names.build().unwrap_or_else(|_| GlobSet::empty()),
        }
    }

    /// Whether `path` (absolute) matches.
    pub fn matches(&self, path: &Path) -> bool {
        let Ok(relative) = path.strip_prefix(&self.root) else {
            // Outside the root, only a name pattern can match, and only the file's own name.
            return path.file_name().is_some_and(|name| self.names.is_match(Path::new(name)));
        };
        if self.paths.is_match(relative) {
            return true;
        }
        // `drafts/**` also excludes the folder's files when written as a name.
        relative
            .ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .any(|a| self.paths.is_match(a) || a.file_name().is_some_and(|name| self.names.is_match(Path::new(name))))
    }
}

/// `path` made absolute against the current folder (without resolving links).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_paths_from_the_root_and_names_anywhere() {
        let root = Path::new("/repo");
        let patterns = Patterns::new(root, &["drafts".into(), "legal/old/*.md".into(), "*.txt".into()]);
        assert!(patterns.matches(Path::new("/repo/drafts/policy.md")));
        assert!(patterns.matches(Path::new("/repo/site/drafts/policy.md")));
        assert!(patterns.matches(Path::new("/repo/legal/old/2019.md")));
        assert!(!patterns.matches(Path::new("/repo/legal/old/deeper/2019.md")));
        assert!(patterns.matches(Path::new("/repo/notes.txt")));
        assert!(!patterns.matches(Path::new("/repo/policy.md")));
        assert!(!patterns.matches(Path::new("/elsewhere/drafts/policy.md")));
        assert!(patterns.matches(Path::new("/elsewhere/notes.txt")), "a name matches anywhere");
    }
}

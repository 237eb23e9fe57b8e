//! Turning command-line paths into the documents to check, each with the project it belongs to.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;
use policy_rules_core::project::Patterns;
use policy_rules_core::{Input, PackError, Projects};

/// File extensions checked when walking folders (unless the configuration's `include:` says otherwise).
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt", "html", "htm"];

/// Whether a file name has one of [`EXTENSIONS`].
pub fn has_policy_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// How paths are expanded.
pub struct Walk<'a> {
    /// `--exclude` globs, relative to the current folder.
    pub exclude: &'a Patterns,
    /// Apply exclusions to files named on the command line too.
    pub force_exclude: bool,
}

impl Walk<'_> {
    /// Expand `paths` into the files to check, in order, each with its project's index: files
    /// are kept as given (whatever their extension), folders are walked in sorted order honouring
    /// .gitignore, picking the files their project includes and does not exclude. Paths that do
    /// not exist are kept, so that reading them reports the error in order.
    pub fn expand(&self, paths: &[PathBuf], projects: &mut Projects) -> Result<Vec<(usize, Input)>, PackError> {
        let mut out = Vec::new();
        for path in paths {
            if !path.is_dir() {
                let project = projects.index_for_file(path)?;
                let excluded = self.force_exclude
                    && (self.exclude.matches(&absolute(path)) || projects.get(project).excludes(path));
                if !excluded {
                    out.push((project, Input::Path(path.clone())));
                }
                continue;
            }
            // Symlinks are followed (the walker reports loops); folders and files that cannot be
            // listed or read are reported in order, never skipped in silence.
            let walker = WalkBuilder::new(path)
                .require_git(false)
                .hidden(true)
                .follow_links(true)
                .sort_by_file_path(|a, b| a.cmp(b))
                .build();
            for entry in walker {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(error) => {
                        let (shown, reason) = describe(&error, path);
                        out.push((
                            projects.index_for_file(Path::new(&shown))?,
                            Input::Unreadable { path: shown, reason },
                        ));
                        continue;
                    }
                };
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let file = entry.path();
                if self.exclude.matches(&absolute(file)) {
                    continue;
                }
                let project = projects.index_for_file(file)?;
                if projects.get(project).selects(file, has_policy_extension(file)) {
                    out.push((project, Input::Path(entry.into_path())));
                }
            }
        }
        Ok(out)
    }
}

/// The path a walk error is about, and what went wrong, without the path repeated.
fn describe(error: &ignore::Error, root: &Path) -> (String, String) {
    match error {
        ignore::Error::WithPath { path, err } => (path.display().to_string(), reason(err)),
        ignore::Error::WithDepth { err, .. } => describe(err, root),
        ignore::Error::Loop { child, .. } => {
            (child.display().to_string(), "a symbolic link loop (the link points to a folder that contains it)".into())
        }
        other => (root.display().to_string(), reason(other)),
    }
}

/// What went wrong, without the path the error wraps it in.
fn reason(error: &ignore::Error) -> String {
    match error {
        // The walker words some errors "IO error for operation on PATH: …"; the path is shown already.
        ignore::Error::Io(io) => {
            let text = io.to_string();
            match text.strip_prefix("IO error for operation on ").and_then(|rest| rest.split_once(": ")) {
                Some((_, cause)) => cause.to_string(),
                None => text,
            }
        }
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => reason(err),
        other => other.to_string(),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

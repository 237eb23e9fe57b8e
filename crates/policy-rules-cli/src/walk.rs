//! Turning command-line paths into the documents to check.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

/// File extensions checked when walking folders.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt", "html", "htm"];

fn has_policy_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Expand paths: files are kept as given (whatever their extension), folders are walked in
/// sorted order honouring .gitignore and picking policy files by extension. Paths that do not
/// exist are kept, so that reading them reports the error in order.
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let walker = WalkBuilder::new(path).require_git(false).hidden(true).sort_by_file_path(|a, b| a.cmp(b)).build();
        for entry in walker.flatten() {
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            if is_file && has_policy_extension(entry.path()) {
                out.push(entry.into_path());
            }
        }
    }
    out
}

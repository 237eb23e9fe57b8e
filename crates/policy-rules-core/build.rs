//! Embeds the built-in packs: every folder of `rules/` with its pack.yaml, scripts and fixtures.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Packs listed first, in this order; others follow by name.
const ORDER: &[&str] = &["core", "gdpr", "ccpa", "caloppa", "coppa", "clarity"];

fn files(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e)))
        .collect();
    found.sort();
    found
}

fn main() {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut names: Vec<String> = std::fs::read_dir(&rules)
        .expect("rules/ folder")
        .flatten()
        .filter(|e| e.path().join("pack.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort_by_key(|n| (ORDER.iter().position(|o| o == n).unwrap_or(ORDER.len()), n.clone()));
    let mut code = String::from("/// Every built-in pack.\npub const PACKS: &[Builtin] = &[\n");
    for name in names {
        let dir = rules.join(&name);
        let entry = |path: &Path| {
            let relative = path.strip_prefix(&dir).expect("inside the pack").to_string_lossy().replace('\\', "/");
            format!("({relative:?}, include_str!({:?}))", path.display().to_string())
        };
        let scripts: Vec<String> = files(&dir, &["rhai"]).iter().map(|p| entry(p)).collect();
        let fixtures: Vec<String> =
            files(&dir.join("tests"), &["md", "markdown", "html", "htm", "txt"]).iter().map(|p| entry(p)).collect();
        writeln!(
            code,
            "    Builtin {{ name: {name:?}, yaml: include_str!({:?}), scripts: &[{}], fixtures: &[{}] }},",
            dir.join("pack.yaml").display().to_string(),
            scripts.join(", "),
            fixtures.join(", ")
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("builtin_packs.rs");
    std::fs::write(out, code).expect("write builtin_packs.rs");
}

//! docs/authoring.md is executed: every command runs, in order, in a fresh folder, and must print
//! what the guide shows; files the guide writes are written as it says.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fenced block: its info string and its text.
fn blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        match &mut current {
            None if line.starts_with("```") => current = Some((line[3..].trim().to_string(), String::new())),
            Some(_) if line == "```" => out.extend(current.take()),
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn the_authoring_guide_runs_as_written() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let guide = std::fs::read_to_string(repo.join("docs/authoring.md")).unwrap();
    let root = tempfile::tempdir().unwrap();
    let mut cwd: PathBuf = root.path().to_path_buf();
    let mut commands = 0;
    for (info, body) in blocks(&guide) {
        let mut words = info.split_whitespace();
        let lang = words.next().unwrap_or_default();
        let attribute = words.next().and_then(|a| a.split_once('='));
        match (lang, attribute) {
            ("yaml", Some(("append", path))) => {
                let target = cwd.join(path);
                let mut text = std::fs::read_to_string(&target).unwrap();
                text.push_str(&body);
                std::fs::write(target, text).unwrap();
            }
            (_, Some(("file", path))) => {
                std::fs::write(cwd.join(path), &body).unwrap();
            }
            ("console", None) => {
                let mut steps: Vec<(String, String)> = Vec::new();
                for line in body.lines() {
                    match line.strip_prefix("$ ") {
                        Some(command) => steps.push((command.to_string(), String::new())),
                        None => {
                            let (_, expected) = steps.last_mut().expect("output follows a command");
                            expected.push_str(line);
                            expected.push('\n');
                        }
                    }
                }
                for (command, expected) in steps {
                    commands += 1;
                    let words: Vec<&str> = command.split_whitespace().collect();
                    match words.as_slice() {
                        ["mkdir", dir, "&&", "cd", again] if dir == again => {
                            cwd = cwd.join(dir);
                            std::fs::create_dir_all(&cwd).unwrap();
                        }
                        ["cp", source, target] => {
                            let source = match source.strip_prefix("../shared/") {
                                Some(rest) => repo.join("../shared").join(rest),
                                None => cwd.join(source),
                            };
                            if !source.exists() {
                                eprintln!("skipped: {} is absent", source.display());
                                return;
                            }
                            std::fs::copy(source, cwd.join(target)).unwrap();
                        }
                        ["policy-rules", args @ ..] => {
                            let output = Command::new(env!("CARGO_BIN_EXE_policy-rules"))
                                .args(args)
                                .current_dir(&cwd)
                                .output()
                                .unwrap();
                            let stdout = String::from_utf8(output.stdout).unwrap();
                            assert_eq!(
                                stdout, expected,
                                "`{command}` printed something else than docs/authoring.md shows"
                            );
                        }
                        other => panic!("docs/authoring.md runs a command the test does not know: {other:?}"),
                    }
                }
            }
            _ => {}
        }
    }
    assert!(commands >= 8, "only {commands} commands found");
}

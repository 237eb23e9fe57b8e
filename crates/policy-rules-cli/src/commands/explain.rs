//! `policy-rules explain RULE`: what a rule checks, why, how it matches, and its examples.

use policy_rules_core::pack::Origin;
use serde_json::json;

use crate::args::{ExplainArgs, ExplainFormat};
use crate::{Io, EXIT_CLEAN, EXIT_USAGE};

/// Run `explain`.
pub fn run(args: &ExplainArgs, io: &mut Io<'_>) -> i32 {
    let Some(project) = crate::load_or_report(&args.packs, io) else {
        return EXIT_USAGE;
    };
    let packs = &project.packs;
    let found = packs.iter().find_map(|pack| {
        pack.raw.rules.iter().find(|rule| format!("{}/{}", pack.name(), rule.id) == args.rule).map(|rule| (pack, rule))
    });
    let Some((pack, rule)) = found else {
        let ids: Vec<String> =
            packs.iter().flat_map(|p| p.raw.rules.iter().map(move |r| format!("{}/{}", p.name(), r.id))).collect();
        let hint =
            policy_rules_core::pack::raw::suggest(&args.rule, &ids.iter().map(String::as_str).collect::<Vec<_>>())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| "; `policy-rules rules` lists them".to_string());
        let _ = writeln!(io.stderr, "error: no loaded rule is called `{}`{hint}", args.rule);
        return EXIT_USAGE;
    };
    let script =
        rule.kind.script().and_then(|path| pack.scripts.iter().find(|(p, _)| p == path).map(|(_, s)| s.clone()));
    let logic = serde_yaml::to_string(&rule.kind).unwrap_or_default();
    let origin = match &pack.origin {
        Origin::Builtin(name) => format!("built-in pack `{name}`"),
        Origin::Dir(dir) => format!("pack `{}` in {}", pack.name(), dir.display()),
    };
    let fail: Vec<&str> = rule.tests.fail.iter().map(|c| c.text.as_str()).collect();
    let text = match args.format {
        ExplainFormat::Json => {
            let value = json!({
                "id": args.rule,
                "pack": pack.name(),
                "severity": rule.severity,
                "kind": rule.kind.name(),
                "message": rule.message,
                "help": rule.help,
                "example": rule.example,
                "reference": rule.reference,
                "url": rule.url,
                "tags": rule.tags,
                "logic": &rule.kind,
                "script": script,
                "tests": { "pass": rule.tests.pass, "fail": fail },
            });
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
        ExplainFormat::Text => {
            let mut out = format!("{} ({}, {}) from the {origin}\n\n", args.rule, rule.severity, rule.kind.name());
            out.push_str(&format!("{}\n", rule.message.trim()));
            if let Some(help) = &rule.help {
                out.push_str(&format!("\nhelp: {}\n", help.trim()));
            }
            if let Some(example) = &rule.example {
                out.push_str(&format!("compliant example: {}\n", example.trim()));
            }
            if let Some(reference) = &rule.reference {
                out.push_str(&format!("reference: {reference}\n"));
            }
            if let Some(url) = &rule.url {
                out.push_str(&format!("url: {url}\n"));
            }
            if !rule.tags.is_empty() {
                out.push_str(&format!("tags: {}\n", rule.tags.join(", ")));
            }
            out.push_str("\nhow it matches:\n");
            for line in logic.lines() {
                out.push_str(&format!("  {line}\n"));
            }
            if let Some(script) = &script {
                out.push_str("\nscript:\n");
                for line in script.lines() {
                    out.push_str(&format!("  {line}\n"));
                }
            }
            if !rule.tests.pass.is_empty() {
                out.push_str("\nnot flagged:\n");
                for case in &rule.tests.pass {
                    out.push_str(&format!("  - {}\n", case.trim().replace('\n', "\n    ")));
                }
            }
            if !fail.is_empty() {
                out.push_str("\nflagged:\n");
                for case in &fail {
                    out.push_str(&format!("  - {}\n", case.trim().replace('\n', "\n    ")));
                }
            }
            out
        }
    };
    if io.stdout.write_all(text.as_bytes()).is_err() {
        return EXIT_USAGE;
    }
    EXIT_CLEAN
}

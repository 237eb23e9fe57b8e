//! `policy-rules init`: a starter configuration and a custom pack whose tests pass at once.

use std::path::{Path, PathBuf};

use policy_rules_core::pack::schema;

use crate::args::InitArgs;
use crate::{Io, EXIT_CLEAN, EXIT_USAGE};

const CONFIG: &str = "# yaml-language-server: $schema=.policy-rules/config.schema.json
# Which packs `policy-rules check` uses here, and how they are tuned.
packs:
  - builtin:core
  - builtin:gdpr
  - builtin:caloppa
  - builtin:clarity
  - ./rules/{name}
scripts:
  budget_ms: 1000
rules:
  clarity/readability: off
";

const PACK: &str = r#"# yaml-language-server: $schema=../../.policy-rules/pack.schema.json
pack: {name}
title: House rules
version: 1
rules:
  - id: vague-wording
    severity: info
    message: 'Vague wording: "{match}"'
    help: Say exactly what happens, when, and to which data.
    reference: GDPR Art. 12(1)
    forbid:
      phrases: ["from time to time", "at our sole discretion", "including but not limited to"]
    tests:
      pass: ["We review this policy every January."]
      fail:
        - text: We may update this policy from time to time.
          message: 'Vague wording: "from time to time"'

  - id: contact-section
    severity: warning
    message: The policy has no section telling readers how to contact us
    help: 'Add a "Contact us" section with an e-mail or postal address.'
    script: contact-section.rhai
    tests:
      pass:
        - |
          CONTACT US

          Write to privacy@example.com.
      fail: ["We collect your name."]
"#;

const SCRIPT: &str = "// {name}/contact-section: the policy has a section whose heading is about contacting us.
fn check(doc) {
    if doc.section(\"contact\") == () {
        // An empty message uses the rule's `message` from pack.yaml.
        report(\"\");
    }
}
";

const FIXTURE: &str = "# Example Privacy Policy

<!-- expect: {name}/vague-wording -->
We may change this policy from time to time.

<!-- expect-not: {name}/vague-wording -->
We will e-mail you 30 days before any change takes effect.

## Contact us

Write to privacy@example.com.
";

const FIXTURE_NO_CONTACT: &str = "# Example Privacy Policy

<!-- expect-document: {name}/contact-section -->
We collect your name and e-mail address to run your account.
";

/// Run `init`.
pub fn run(args: &InitArgs, io: &mut Io<'_>) -> i32 {
    let name = &args.name;
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        let _ = writeln!(io.stderr, "error: invalid pack name `{name}`: use lowercase letters, digits and `-`");
        return EXIT_USAGE;
    }
    let fill = |template: &str| template.replace("{name}", name);
    let pack_dir = Path::new("rules").join(name);
    let pretty = |value: serde_json::Value| serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
    let files: Vec<(PathBuf, String)> = vec![
        ("policy-rules.yaml".into(), fill(CONFIG)),
        (".policy-rules/config.schema.json".into(), pretty(schema::config_schema())),
        (".policy-rules/pack.schema.json".into(), pretty(schema::pack_schema())),
        (pack_dir.join("pack.yaml"), fill(PACK)),
        (pack_dir.join("contact-section.rhai"), fill(SCRIPT)),
        (pack_dir.join("tests/example.md"), fill(FIXTURE)),
        (pack_dir.join("tests/no-contact.md"), fill(FIXTURE_NO_CONTACT)),
    ];
    let existing: Vec<String> = files
        .iter()
        .map(|(path, _)| args.dir.join(path))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        let _ = writeln!(
            io.stderr,
            "error: refusing to overwrite {}; nothing was written\n  help: run `policy-rules init` in an empty folder, or move these files away",
            existing.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
        );
        return EXIT_USAGE;
    }
    for (path, content) in &files {
        let target = args.dir.join(path);
        let written =
            target.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&target, content));
        if let Err(error) = written {
            let _ = writeln!(io.stderr, "error: cannot write `{}`: {error}", target.display());
            return EXIT_USAGE;
        }
        let _ = writeln!(io.stdout, "created {}", path.display());
    }
    let _ = writeln!(
        io.stdout,
        "\nNext:\n  policy-rules test rules/{name}      # run the pack's tests\n  policy-rules check YOUR-POLICY.md   # check a policy with the configured packs"
    );
    EXIT_CLEAN
}

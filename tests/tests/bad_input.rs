//! The bad-input matrix: documents, file-system objects, packs, scripts, configuration and output
//! that a real run meets, each with the finding or error and the exit code a user relies on.
//! Every fixture is made by the test; none is committed. A row fails alone, with its output.

mod common;

use std::fs;
use std::path::Path;

/// One row: what to make, what to run, what must come out.
struct Case {
    name: &'static str,
    /// Makes the fixture in the folder and returns the arguments (after the program name).
    setup: fn(&Path) -> Vec<String>,
    /// Standard input, if any.
    stdin: &'static [u8],
    code: i32,
    /// Each must appear in standard output or standard error (the folder's path removed).
    expect: &'static [&'static str],
    /// None of these may appear.
    refuse: &'static [&'static str],
}

const POLICY: &str =
    "# Privacy Policy\n\nWe collect your e-mail address.\n\nWe do not respond to Do Not Track signals.\n";

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// `check FILE --format concise --select SELECT`, fail on warnings.
fn check(file: String, select: &str) -> Vec<String> {
    let mut all = args(&["check", "--format", "concise", "--fail-on", "warning", "--select", select]);
    all.push(file);
    all
}

/// A pack folder `pack` holding `yaml` (and `extra` files), and a check of a plain policy with it.
fn with_pack(dir: &Path, yaml: &str, extra: &[(&str, &[u8])]) -> Vec<String> {
    write(dir, "pack/pack.yaml", yaml);
    for (name, bytes) in extra {
        write(dir, &format!("pack/{name}"), bytes);
    }
    let policy = write(dir, "p.md", POLICY);
    let pack = dir.join("pack").display().to_string();
    args(&["check", &policy, "--no-builtin", "--pack", &pack, "--format", "concise"])
}

/// A script rule `t/s` running `script` on the policy `policy`.
fn with_script(dir: &Path, script: &str, policy: &str) -> Vec<String> {
    write(dir, "pack/s.rhai", script);
    write(
        dir,
        "pack/pack.yaml",
        "pack: t\nrules:\n  - id: s\n    severity: warning\n    message: m\n    script: s.rhai\n",
    );
    let policy = write(dir, "p.md", policy);
    let pack = dir.join("pack").display().to_string();
    args(&["check", &policy, "--no-builtin", "--pack", &pack, "--format", "concise"])
}

const RULE: &str = "pack: t\nrules:\n  - id: r\n    severity: warning\n    message: m\n";

fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut bytes = if little { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
    for unit in text.encode_utf16() {
        bytes.extend(if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
    }
    bytes
}

fn cases() -> Vec<Case> {
    vec![
        // ----- documents -------------------------------------------------------------------
        Case {
            name: "empty file",
            setup: |d| check(write(d, "e.md", ""), "io"),
            stdin: b"",
            code: 1,
            expect: &["e.md:1:1: warning[io/empty-document] the document is empty"],
            refuse: &[],
        },
        Case {
            name: "white space only",
            setup: |d| check(write(d, "w.md", " \n\t\n"), "io"),
            stdin: b"",
            code: 1,
            expect: &["warning[io/empty-document]"],
            refuse: &[],
        },
        Case {
            name: "binary with NUL bytes",
            setup: |d| check(write(d, "b.txt", b"PK\x03\x04\0\0\x01"), "io"),
            stdin: b"",
            code: 0,
            expect: &["b.txt:1:1: info[io/binary-document]"],
            refuse: &[],
        },
        Case {
            name: "Latin-1 text is decoded and still checked",
            setup: |d| check(write(d, "l.txt", b"Caf\xe9. We do not respond to Do Not Track signals.\n"), "io,caloppa/dnt-not-honored"),
            stdin: b"",
            code: 1,
            expect: &["l.txt:1:1: warning[io/invalid-utf8] the file is not valid UTF-8 (first bad byte at offset 3)", "l.txt:1:7: warning[caloppa/dnt-not-honored]"],
            refuse: &[],
        },
        Case {
            name: "UTF-16 little-endian with BOM is decoded and checked",
            setup: |d| check(write(d, "u.md", utf16(POLICY, true)), "io,caloppa/dnt-not-honored"),
            stdin: b"",
            code: 1,
            expect: &["u.md:1:3: info[io/utf16-document]", "u.md:5:1: warning[caloppa/dnt-not-honored]"],
            refuse: &["binary"],
        },
        Case {
            name: "UTF-16 big-endian with BOM is decoded and checked",
            setup: |d| check(write(d, "u.md", utf16(POLICY, false)), "io,caloppa/dnt-not-honored"),
            stdin: b"",
            code: 1,
            expect: &["u.md:5:1: warning[caloppa/dnt-not-honored]"],
            refuse: &["binary"],
        },
        Case {
            name: "UTF-8 byte order mark keeps the title and line-1 columns",
            setup: |d| check(write(d, "bom.md", format!("\u{feff}{POLICY}")), "caloppa/dnt-disclosure,caloppa/dnt-not-honored"),
            stdin: b"",
            code: 1,
            expect: &["bom.md:5:1: warning[caloppa/dnt-not-honored]"],
            refuse: &["dnt-disclosure"],
        },
        Case {
            name: "UTF-8 byte order mark: a document-level finding at the title, column 3",
            setup: |d| check(write(d, "bom.md", "\u{feff}# Privacy Policy\n\nWe collect your name.\n"), "caloppa/dnt-disclosure"),
            stdin: b"",
            code: 1,
            expect: &["bom.md:1:3: error[caloppa/dnt-disclosure]"],
            refuse: &[],
        },
        Case {
            name: "lone CR line endings count as lines",
            setup: |d| check(write(d, "cr.txt", POLICY.replace('\n', "\r")), "caloppa/dnt-not-honored"),
            stdin: b"",
            code: 1,
            expect: &["cr.txt:5:1: warning[caloppa/dnt-not-honored]"],
            refuse: &[],
        },
        Case {
            name: "CRLF line endings count as lines",
            setup: |d| check(write(d, "crlf.md", POLICY.replace('\n', "\r\n")), "caloppa/dnt-not-honored"),
            stdin: b"",
            code: 1,
            expect: &["crlf.md:5:1: warning[caloppa/dnt-not-honored]"],
            refuse: &[],
        },
        Case {
            name: "a file over 64 MiB is reported without being read",
            setup: |d| {
                let path = d.join("huge.md");
                fs::File::create(&path).unwrap().set_len(3 << 30).unwrap();
                check(path.display().to_string(), "io")
            },
            stdin: b"",
            code: 1,
            expect: &["huge.md:1:1: warning[io/too-large] skipped: 3221225472 bytes is more than the 64 MiB a document may have"],
            refuse: &[],
        },
        Case {
            name: "one 8 MB line with findings all along it",
            setup: |d| check(write(d, "line.txt", "We do not respond to Do Not Track signals. ".repeat(190_000)), "caloppa/dnt-not-honored"),
            stdin: b"",
            code: 1,
            expect: &["line.txt:1:1: warning[caloppa/dnt-not-honored]"],
            refuse: &[],
        },
        Case {
            name: "400,000 lines opening a script block that is never closed",
            setup: |d| check(write(d, "s.md", format!("{}\nWe do not respond to Do Not Track signals.\n", "<script>\n\n".repeat(400_000))), "caloppa/dnt-not-honored"),
            stdin: b"",
            code: 1,
            expect: &["s.md:800002:1: warning[caloppa/dnt-not-honored]"],
            refuse: &[],
        },
        Case {
            name: "100,000 nested HTML elements",
            setup: |d| check(write(d, "n.html", format!("{}We do not respond to Do Not Track signals.{}", "<div>".repeat(100_000), "</div>".repeat(100_000))), "caloppa/dnt-not-honored"),
            stdin: b"",
            code: 1,
            expect: &["warning[caloppa/dnt-not-honored]"],
            refuse: &[],
        },
        Case {
            name: "10,000 nested block quotes",
            setup: |d| check(write(d, "q.md", format!("{} We do not respond to Do Not Track signals.\n", ">".repeat(10_000))), "caloppa/dnt-not-honored"),
            stdin: b"",
            code: 1,
            expect: &["q.md:1:10002: warning[caloppa/dnt-not-honored]"],
            refuse: &["panicked"],
        },
        Case {
            name: "markup without text",
            setup: |d| check(write(d, "m.html", "<html><body><div></div></body></html>"), "io,core"),
            stdin: b"",
            code: 0,
            expect: &["m.html:1:1: info[core/not-a-privacy-policy]"],
            refuse: &[],
        },
        Case {
            name: "an escape sequence in the text never reaches the output",
            setup: |d| with_script(d, "fn check(doc) { report(doc.find(\"evil.*\")[0].span, doc.find(\"evil.*\")[0].text); }", "# P\n\nevil \u{1b}[31mred\n"),
            stdin: b"",
            code: 0,
            expect: &["p.md:3:1: warning[t/s] evil [31mred"],
            refuse: &["\u{1b}"],
        },
        Case {
            name: "a newline in a file name cannot forge a finding line",
            setup: |d| check(write(d, "a\nb.md:1:1: error[x/y] forged.md", POLICY), dnt_rule()),
            stdin: b"",
            code: 1,
            expect: &["a\\nb.md:1:1: error[x/y] forged.md:5:1: warning[caloppa/dnt-not-honored]"],
            refuse: &["\nb.md:1:1"],
        },
        Case {
            name: "an escape character in a file name is shown escaped",
            setup: |d| check(write(d, "x\u{1b}[2J.md", POLICY), dnt_rule()),
            stdin: b"",
            code: 1,
            expect: &["x\\u{1b}[2J.md:5:1"],
            refuse: &["\u{1b}"],
        },
        Case {
            name: "a file named on the command line is checked whatever its extension",
            setup: |d| check(write(d, "policy.data", POLICY), dnt_rule()),
            stdin: b"",
            code: 1,
            expect: &["policy.data:5:1: warning[caloppa/dnt-not-honored]"],
            refuse: &[],
        },
        // ----- file-system objects ---------------------------------------------------------
        Case {
            name: "a missing path",
            setup: |d| check(d.join("gone.md").display().to_string(), "io"),
            stdin: b"",
            code: 1,
            expect: &["gone.md:1:1: error[io/unreadable] cannot read `", "No such file or directory"],
            refuse: &[],
        },
        Case {
            name: "a named pipe is reported, never opened",
            setup: |d| {
                let path = d.join("fifo.md");
                let made = std::process::Command::new("mkfifo").arg(&path).status().map(|s| s.success());
                assert_eq!(made.ok(), Some(true), "mkfifo");
                check(path.display().to_string(), "io")
            },
            stdin: b"",
            code: 1,
            expect: &["fifo.md:1:1: warning[io/not-a-file] skipped: `", "` is a named pipe (FIFO), not a file"],
            refuse: &[],
        },
        Case {
            name: "a named pipe named as a corpus is reported, never opened",
            setup: |d| {
                let path = d.join("feed.jsonl");
                let made = std::process::Command::new("mkfifo").arg(&path).status().map(|s| s.success());
                assert_eq!(made.ok(), Some(true), "mkfifo");
                check(path.display().to_string(), "io")
            },
            stdin: b"",
            code: 1,
            expect: &["feed.jsonl:1:1: warning[io/not-a-file] skipped: `", "` is a named pipe (FIFO), not a file"],
            refuse: &[],
        },
        Case {
            name: "a missing corpus",
            setup: |d| check(d.join("gone.jsonl.zst").display().to_string(), "io"),
            stdin: b"",
            code: 1,
            expect: &["gone.jsonl.zst:1:1: error[io/unreadable] cannot read `", "No such file or directory"],
            refuse: &[],
        },
        Case {
            name: "a truncated gzip corpus keeps the records before the cut",
            setup: |d| {
                use std::io::Write;
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                for n in 0..2000 {
                    writeln!(gz, "{{\"id\":\"r{n}\",\"text\":\"{}\"}}", "We do not sell data. ".repeat(n % 7 + 1)).unwrap();
                }
                let bytes = gz.finish().unwrap();
                write(d, "cut.jsonl.gz", &bytes[..bytes.len() / 2]);
                check(d.join("cut.jsonl.gz").display().to_string(), "io")
            },
            stdin: b"",
            code: 1,
            expect: &["cut.jsonl.gz:1:1: error[io/unreadable] cannot read `", "`: reading stopped at line "],
            refuse: &["bad-record"],
        },
        Case {
            name: "a corpus line that is not a record",
            setup: |d| {
                write(d, "c.jsonl", b"{\"id\":\"a\",\"text\":\"We collect data.\"}\n{\"id\":\"b\",\"text\":\"caf\xe9\"}\n[]\n");
                check(d.join("c.jsonl").display().to_string(), "io")
            },
            stdin: b"",
            code: 1,
            expect: &[
                "c.jsonl:1:1: error[io/bad-record] line 2 skipped: not JSON: invalid unicode code point at line 1 column 22",
                "c.jsonl:1:1: error[io/bad-record] line 3 skipped: a JSON array, not an object with `id` and `text`",
            ],
            refuse: &[],
        },
        Case {
            name: "a device is reported, never read",
            setup: |_| check("/dev/zero".into(), "io"),
            stdin: b"",
            code: 1,
            expect: &["/dev/zero:1:1: warning[io/not-a-file] skipped: `/dev/zero` is a device, not a file"],
            refuse: &[],
        },
        Case {
            name: "a folder named as a document is walked",
            setup: |d| {
                write(d, "f/a.md", POLICY);
                check(d.join("f").display().to_string(), dnt_rule())
            },
            stdin: b"",
            code: 1,
            expect: &["f/a.md:5:1: warning[caloppa/dnt-not-honored]"],
            refuse: &[],
        },
        Case {
            name: "a valid symlink inside a folder is followed",
            setup: |d| {
                let target = write(d, "real.txt", POLICY);
                fs::create_dir_all(d.join("f")).unwrap();
                std::os::unix::fs::symlink(target, d.join("f/link.md")).unwrap();
                check(d.join("f").display().to_string(), dnt_rule())
            },
            stdin: b"",
            code: 1,
            expect: &["f/link.md:5:1: warning[caloppa/dnt-not-honored]"],
            refuse: &[],
        },
        Case {
            name: "a symlink to a folder is walked",
            setup: |d| {
                write(d, "real/a.md", POLICY);
                fs::create_dir_all(d.join("f")).unwrap();
                std::os::unix::fs::symlink(d.join("real"), d.join("f/more")).unwrap();
                check(d.join("f").display().to_string(), dnt_rule())
            },
            stdin: b"",
            code: 1,
            expect: &["f/more/a.md:5:1: warning[caloppa/dnt-not-honored]"],
            refuse: &[],
        },
        Case {
            name: "a dangling symlink inside a folder is reported",
            setup: |d| {
                write(d, "f/a.md", POLICY);
                std::os::unix::fs::symlink(d.join("nowhere.md"), d.join("f/broken.md")).unwrap();
                check(d.join("f").display().to_string(), "io")
            },
            stdin: b"",
            code: 1,
            expect: &["f/broken.md:1:1: error[io/unreadable] cannot read `", "No such file or directory"],
            refuse: &[],
        },
        Case {
            name: "a symlink loop inside a folder is reported once",
            setup: |d| {
                write(d, "f/a.md", POLICY);
                std::os::unix::fs::symlink(d.join("f"), d.join("f/loop")).unwrap();
                check(d.join("f").display().to_string(), "io")
            },
            stdin: b"",
            code: 1,
            expect: &["f/loop:1:1: error[io/unreadable] cannot read `", "a symbolic link loop"],
            refuse: &[],
        },
        Case {
            name: "a folder that cannot be listed is reported",
            setup: |d| {
                write(d, "f/a.md", POLICY);
                write(d, "f/locked/b.md", POLICY);
                let locked = d.join("f/locked");
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
                if fs::read_dir(&locked).is_ok() {
                    // Root reads any folder: the walk cannot fail, so the row checks nothing here.
                    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
                    return Vec::new();
                }
                check(d.join("f").display().to_string(), "io")
            },
            stdin: b"",
            code: 1,
            expect: &["f/locked:1:1: error[io/unreadable] cannot read `", "Permission denied"],
            refuse: &[],
        },
        Case {
            name: "an empty folder is a usage error",
            setup: |d| {
                fs::create_dir_all(d.join("empty")).unwrap();
                args(&["check", &d.join("empty").display().to_string()])
            },
            stdin: b"",
            code: 2,
            expect: &["no documents found in"],
            refuse: &[],
        },
        Case {
            name: "a folder whose only files are excluded is a usage error",
            setup: |d| {
                write(d, "f/draft.md", POLICY);
                args(&["check", &d.join("f").display().to_string(), "--exclude", "draft.md"])
            },
            stdin: b"",
            code: 2,
            expect: &["no documents found in"],
            refuse: &[],
        },
        Case {
            name: "empty standard input",
            setup: |_| args(&["check", "--format", "concise", "--select", "io", "-"]),
            stdin: b"",
            code: 0,
            expect: &["-:1:1: warning[io/empty-document]"],
            refuse: &[],
        },
        Case {
            name: "binary standard input",
            setup: |_| args(&["check", "--format", "concise", "--select", "io", "--stdin-filename", "in.md", "-"]),
            stdin: b"\x00\x01\x02",
            code: 0,
            expect: &["in.md:1:1: info[io/binary-document]"],
            refuse: &[],
        },
        Case {
            name: "UTF-16 standard input",
            setup: |_| args(&["check", "--format", "concise", "--select", "caloppa/dnt-not-honored", "--stdin-filename", "in.md", "-"]),
            stdin: b"\xff\xfeW\0e\0 \0d\0o\0 \0n\0o\0t\0 \0r\0e\0s\0p\0o\0n\0d\0 \0t\0o\0 \0D\0o\0 \0N\0o\0t\0 \0T\0r\0a\0c\0k\0.\0",
            code: 0,
            expect: &["in.md:1:1: warning[caloppa/dnt-not-honored]"],
            refuse: &[],
        },
        // ----- packs -----------------------------------------------------------------------
        Case {
            name: "a byte order mark in pack.yaml",
            setup: |d| with_pack(d, &format!("\u{feff}{RULE}    forbid:\n      pattern: Do Not Track\n"), &[]),
            stdin: b"",
            code: 0,
            expect: &["p.md:5:22: warning[t/r] m"],
            refuse: &["missing `rules`"],
        },
        Case {
            name: "pack.yaml that is not UTF-8",
            setup: |d| {
                let args = with_pack(d, RULE, &[]);
                fs::write(d.join("pack/pack.yaml"), b"pack: t\nrules:\n  - id: r\n    message: caf\xe9\n").unwrap();
                args
            },
            stdin: b"",
            code: 2,
            expect: &["pack.yaml` is not valid UTF-8: line 4, column 17"],
            refuse: &[],
        },
        Case {
            name: "a duplicate nested key is reported at the key",
            setup: |d| with_pack(d, &format!("{RULE}    require:\n      pattern: a\n      pattern: b\n"), &[]),
            stdin: b"",
            code: 2,
            expect: &["pack.yaml:8:7: rules[0].require: duplicate key `pattern`"],
            refuse: &[],
        },
        Case {
            name: "a negative metric bound",
            setup: |d| with_pack(d, &format!("{RULE}    metric:\n      measure: words\n      max: -5\n"), &[]),
            stdin: b"",
            code: 2,
            expect: &["metric bound -5 is below 0"],
            refuse: &[],
        },
        Case {
            name: "a metric bound that is not a number",
            setup: |d| with_pack(d, &format!("{RULE}    metric:\n      measure: grade\n      max: .nan\n"), &[]),
            stdin: b"",
            code: 2,
            expect: &["a metric bound must be a finite number"],
            refuse: &[],
        },
        Case {
            name: "a metric minimum above its maximum",
            setup: |d| with_pack(d, &format!("{RULE}    metric:\n      measure: grade\n      max: 8\n      min: 12\n"), &[]),
            stdin: b"",
            code: 2,
            expect: &["metric `min` (12) is above its `max` (8)"],
            refuse: &[],
        },
        Case {
            name: "within: 0",
            setup: |d| with_pack(d, &format!("{RULE}    forbid:\n      near: [{{pattern: a}}, {{pattern: b}}]\n      within: 0\n"), &[]),
            stdin: b"",
            code: 2,
            expect: &["must be a positive number, not 0"],
            refuse: &[],
        },
        Case {
            name: "within: a number too large for any text",
            setup: |d| with_pack(d, &format!("{RULE}    forbid:\n      near: [{{pattern: a}}, {{pattern: b}}]\n      within: 99999999999999999999\n"), &[]),
            stdin: b"",
            code: 2,
            expect: &["must be at most 10000"],
            refuse: &["not a positive whole number"],
        },
        Case {
            name: "within: a fraction",
            setup: |d| with_pack(d, &format!("{RULE}    forbid:\n      near: [{{pattern: a}}, {{pattern: b}}]\n      within: 1.5\n"), &[]),
            stdin: b"",
            code: 2,
            expect: &["must be a whole number, not 1.5"],
            refuse: &[],
        },
        Case {
            name: "a script outside the pack folder is refused unread",
            setup: |d| {
                write(d, "secret.rhai", "SECRET FIRST LINE\n");
                with_pack(d, &format!("{RULE}    script: ../secret.rhai\n"), &[])
            },
            stdin: b"",
            code: 2,
            expect: &["script `../secret.rhai` is outside the pack folder"],
            refuse: &["SECRET"],
        },
        Case {
            name: "a script named by an absolute path is refused",
            setup: |d| with_pack(d, &format!("{RULE}    script: /etc/hostname\n"), &[]),
            stdin: b"",
            code: 2,
            expect: &["script `/etc/hostname` is outside the pack folder"],
            refuse: &[],
        },
        Case {
            name: "a script that is not UTF-8",
            setup: |d| with_pack(d, &format!("{RULE}    script: s.rhai\n"), &[("s.rhai", b"fn check(doc) {\n  // caf\xe9\n}\n")]),
            stdin: b"",
            code: 2,
            expect: &["script `s.rhai` is not valid UTF-8 (line 2, column 9)"],
            refuse: &[],
        },
        Case {
            name: "a missing script",
            setup: |d| with_pack(d, &format!("{RULE}    script: none.rhai\n"), &[]),
            stdin: b"",
            code: 2,
            expect: &["cannot read script `"],
            refuse: &[],
        },
        Case {
            name: "a script that does not compile",
            setup: |d| with_pack(d, &format!("{RULE}    script: s.rhai\n"), &[("s.rhai", b"fn check(doc) { let = ; }\n")]),
            stdin: b"",
            code: 2,
            expect: &["s.rhai:1:"],
            refuse: &[],
        },
        Case {
            name: "a fixture that is not UTF-8 does not block check",
            setup: |d| with_pack(d, &format!("{RULE}    forbid:\n      pattern: Do Not Track\n"), &[("tests/bad.md", b"caf\xe9\n")]),
            stdin: b"",
            code: 0,
            expect: &["p.md:5:22: warning[t/r] m"],
            refuse: &[],
        },
        Case {
            name: "a fixture that is not UTF-8 fails test",
            setup: |d| {
                with_pack(d, &format!("{RULE}    forbid:\n      pattern: Do Not Track\n    tests:\n      pass: [ok]\n      fail: [Do Not Track]\n"), &[("tests/bad.md", b"caf\xe9\n")]);
                args(&["test", &d.join("pack").display().to_string()])
            },
            stdin: b"",
            code: 2,
            expect: &["fixture `", "bad.md` is not valid UTF-8"],
            refuse: &[],
        },
        Case {
            name: "an unknown rule key gets a suggestion",
            setup: |d| with_pack(d, &format!("{RULE}    forbd:\n      pattern: x\n"), &[]),
            stdin: b"",
            code: 2,
            expect: &["unknown rule key `forbd`", "did you mean `forbid`?"],
            refuse: &[],
        },
        Case {
            name: "an invalid regex is located",
            setup: |d| with_pack(d, &format!("{RULE}    forbid:\n      pattern: '(unclosed'\n"), &[]),
            stdin: b"",
            code: 2,
            expect: &["pack.yaml:7:"],
            refuse: &[],
        },
        Case {
            name: "a folder without pack.yaml",
            setup: |d| {
                fs::create_dir_all(d.join("nopack")).unwrap();
                let policy = write(d, "p.md", POLICY);
                args(&["check", &policy, "--pack", &d.join("nopack").display().to_string()])
            },
            stdin: b"",
            code: 2,
            expect: &["no pack.yaml in `"],
            refuse: &[],
        },
        // ----- scripts ---------------------------------------------------------------------
        Case {
            name: "doc.find(\".\") on 15 MB stops at the operations limit, in bounded memory",
            setup: |d| with_script(d, "fn check(doc) { let all = doc.find(\".\"); report(`${all.len()}`); }", &format!("# P\n\n{}", "We keep logs for thirty days. ".repeat(500_000))),
            stdin: b"",
            code: 1,
            expect: &["error[script/limit-exceeded] rule `t/s` was stopped on this document: it exceeded the operations limit (50000000)"],
            refuse: &[],
        },
        Case {
            name: "a script that throws",
            setup: |d| with_script(d, "fn check(doc) { throw \"boom\"; }", POLICY),
            stdin: b"",
            code: 1,
            expect: &["error[script/error] rule `t/s` failed on this document: boom"],
            refuse: &[],
        },
        Case {
            name: "a script that recurses without end",
            setup: |d| with_script(d, "fn down(n) { down(n + 1) }\nfn check(doc) { down(0); }", POLICY),
            stdin: b"",
            code: 1,
            expect: &["it exceeded the call depth limit (64)"],
            refuse: &[],
        },
        Case {
            name: "a script that doubles a string without end",
            setup: |d| with_script(d, "fn check(doc) { let s = \"x\"; loop { s += s; } }", POLICY),
            stdin: b"",
            code: 1,
            expect: &["it exceeded the string size limit"],
            refuse: &[],
        },
        Case {
            name: "a script that imports",
            setup: |d| with_script(d, "fn check(doc) { import \"other\" as o; }", POLICY),
            stdin: b"",
            code: 1,
            expect: &["error[script/error]", "imports are disabled"],
            refuse: &[],
        },
        Case {
            name: "a script message with control characters is escaped",
            setup: |d| with_script(d, "fn check(doc) { report(\"a\\rb\\u001bc\\u0000d\"); }", POLICY),
            stdin: b"",
            code: 0,
            expect: &["p.md:1:3: warning[t/s] a\\rb\\u{1b}c\\u{0}d"],
            refuse: &["\u{1b}", "\r"],
        },
        // ----- configuration ---------------------------------------------------------------
        Case {
            name: "a byte order mark in policy-rules.yaml",
            setup: |d| {
                write(d, "policy-rules.yaml", "\u{feff}profile: us\n");
                check(write(d, "p.md", POLICY), dnt_rule())
            },
            stdin: b"",
            code: 1,
            expect: &["p.md:5:1: warning[caloppa/dnt-not-honored]"],
            refuse: &[],
        },
        Case {
            name: "a configuration that is not YAML",
            setup: |d| {
                write(d, "policy-rules.yaml", "profile: [\n");
                check(write(d, "p.md", POLICY), dnt_rule())
            },
            stdin: b"",
            code: 2,
            expect: &["policy-rules.yaml:"],
            refuse: &[],
        },
        Case {
            name: "an unknown configuration key gets a suggestion",
            setup: |d| {
                write(d, "policy-rules.yaml", "profle: us\n");
                check(write(d, "p.md", POLICY), dnt_rule())
            },
            stdin: b"",
            code: 2,
            expect: &["did you mean `profile`?"],
            refuse: &[],
        },
        Case {
            name: "a script budget of zero",
            setup: |d| {
                write(d, "policy-rules.yaml", "scripts:\n  budget_ms: 0\n");
                check(write(d, "p.md", POLICY), dnt_rule())
            },
            stdin: b"",
            code: 2,
            expect: &["must be a positive number, not 0"],
            refuse: &[],
        },
        Case {
            name: "a script budget beyond an hour",
            setup: |d| {
                write(d, "policy-rules.yaml", "scripts:\n  budget_ms: 99999999\n");
                check(write(d, "p.md", POLICY), dnt_rule())
            },
            stdin: b"",
            code: 2,
            expect: &["must be at most 3600000"],
            refuse: &[],
        },
        // ----- command line and output -----------------------------------------------------
        Case {
            name: "--jobs 0",
            setup: |d| args(&["check", &write(d, "p.md", POLICY), "--jobs", "0"]),
            stdin: b"",
            code: 2,
            expect: &["--jobs must be a positive number of threads"],
            refuse: &[],
        },
        Case {
            name: "--jobs 20000 is capped with a warning",
            setup: |d| args(&["check", &write(d, "p.md", POLICY), "--jobs", "20000", "--select", "caloppa/dnt-not-honored", "--format", "concise"]),
            stdin: b"",
            code: 0,
            expect: &["warning: --jobs 20000 is more than", "p.md:5:1: warning[caloppa/dnt-not-honored]"],
            refuse: &[],
        },
        Case {
            name: "an output file that cannot be written",
            setup: |d| args(&["check", &write(d, "p.md", POLICY), "-o", &d.display().to_string()]),
            stdin: b"",
            code: 2,
            expect: &["cannot write `"],
            refuse: &[],
        },
        Case {
            name: "an unknown format",
            setup: |d| args(&["check", &write(d, "p.md", POLICY), "--format", "xml"]),
            stdin: b"",
            code: 2,
            expect: &["xml"],
            refuse: &[],
        },
        Case {
            name: "an unknown rule in --select gets a suggestion",
            setup: |d| args(&["check", &write(d, "p.md", POLICY), "--select", "caloppa/dnt-not-honoured"]),
            stdin: b"",
            code: 2,
            expect: &["caloppa/dnt-not-honored"],
            refuse: &[],
        },
        Case {
            name: "GitHub annotations escape a newline in a file name",
            setup: |d| args(&["check", &write(d, "a\nb.md", POLICY), "--format", "github", "--select", "caloppa/dnt-not-honored"]),
            stdin: b"",
            code: 0,
            expect: &["a%0Ab.md"],
            refuse: &["a\nb.md"],
        },
    ]
}

fn dnt_rule() -> &'static str {
    "caloppa/dnt-not-honored"
}

#[test]
fn every_bad_input_gets_its_finding_or_error_and_exit_code() {
    let cases = cases();
    assert!(cases.len() >= 60, "{} rows", cases.len());
    let (mut failures, mut skipped) = (Vec::new(), 0);
    for case in &cases {
        let dir = tempfile::tempdir().unwrap();
        let args = (case.setup)(dir.path());
        if args.is_empty() {
            // A row the machine cannot set up (root reads any folder): said loudly, not counted.
            eprintln!("SKIPPED: `{}` cannot be set up here (running as root?)", case.name);
            skipped += 1;
            continue;
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = common::run_with_stdin(&argv, case.stdin);
        let prefix = format!("{}/", dir.path().display());
        let shown = format!("{}{}", out.stdout, out.stderr).replace(&prefix, "");
        let missing: Vec<&&str> = case.expect.iter().filter(|e| !shown.contains(**e)).collect();
        let refused: Vec<&&str> = case.refuse.iter().filter(|r| shown.contains(**r)).collect();
        if out.code != case.code || !missing.is_empty() || !refused.is_empty() {
            failures.push(format!(
                "{}: exit {} (expected {}), missing {missing:?}, present {refused:?}\n{shown}",
                case.name, out.code, case.code
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} rows failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
    assert!(cases.len() - skipped >= 60, "only {} rows ran", cases.len() - skipped);
}

#[test]
fn a_closed_output_ends_the_run_quietly() {
    struct Closed;
    impl std::io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let dir = tempfile::tempdir().unwrap();
    for n in 0..50 {
        write(dir.path(), &format!("p{n:02}.md"), POLICY);
    }
    let (mut stdout, mut stderr) = (Closed, Vec::new());
    let mut stdin: &[u8] = b"";
    let mut io = policy_rules_cli::Io {
        stdout: &mut stdout,
        stderr: &mut stderr,
        stdin: &mut stdin,
        terminal: false,
        env: policy_rules_cli::Env::default(),
    };
    let folder = dir.path().display().to_string();
    let argv = ["policy-rules", "check", &folder, "--select", "caloppa/dnt-not-honored", "--format", "concise"];
    let code = policy_rules_cli::run(argv.iter().copied(), &mut io);
    assert_eq!(code, 0, "warnings only: nothing failed; {}", String::from_utf8_lossy(&stderr));
    assert_eq!(String::from_utf8_lossy(&stderr), "", "no error about the closed output");
}

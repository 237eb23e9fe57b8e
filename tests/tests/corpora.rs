//! Corpora at scale: JSON Lines in (plain, gzip, zstd, standard input) and out, bad records,
//! shards, per-document records, statistics as CSV, and versions compared (`diff`, `--history`).

mod common;

use std::io::Write;
use std::path::Path;

use common::{run, run_with_stdin};

/// A policy that says how long data is kept, and one that no longer does.
const KEEPS: &str = "# Acme Privacy Policy\n\nLast updated: March 3, 2024\n\nAcme Ltd. serves customers in the European Union.\n\nWe keep your account data for two years after you close your account, then delete it.\n\nContact: privacy@acme.example.\n";
const DROPS: &str = "# Acme Privacy Policy\n\nLast updated: May 5, 2025\n\nAcme Ltd. serves customers in the European Union.\n\nWe use your data to run the service.\n\nContact: privacy@acme.example.\n";
const HTML: &str = "<html><body><h1>Shop Privacy</h1><p>Last updated: 2023-01-01</p><p>We use cookies. We do not respond to Do Not Track signals.</p></body></html>";
const TEXT: &str = "Privacy notice\n\nWe collect your e-mail address. We do not sell personal information.\n";

/// Three documents as files in `dir`, returned with their paths as strings.
fn files(dir: &Path) -> Vec<(String, &'static str)> {
    [("keeps.md", KEEPS), ("shop.html", HTML), ("notice.txt", TEXT)]
        .into_iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            (path.display().to_string(), text)
        })
        .collect()
}

/// JSON Lines of the documents, ids as given, with optional dates.
fn jsonl(records: &[(String, &str, Option<&str>)]) -> String {
    records
        .iter()
        .map(|(id, text, date)| {
            let mut record = serde_json::json!({ "id": id, "text": text });
            if let Some(date) = date {
                record["date"] = serde_json::json!(date);
            }
            format!("{record}\n")
        })
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    lines
}

#[test]
fn files_and_plain_gzip_zstd_and_piped_corpora_give_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let docs = files(dir.path());
    let paths: Vec<&str> = docs.iter().map(|(p, _)| p.as_str()).collect();
    let mut args = vec!["check", "--format", "concise", "-q", "--today", "2026-11-30"];
    args.extend(&paths);
    let from_files = run(&args);
    assert_eq!(from_files.code, 1, "{}", from_files.stderr);
    assert!(from_files.stdout.contains("error[caloppa/dnt-disclosure]"), "{}", from_files.stdout);

    let corpus = jsonl(&docs.iter().map(|(p, t)| (p.clone(), *t, None)).collect::<Vec<_>>());
    let plain = dir.path().join("corpus.jsonl");
    std::fs::write(&plain, &corpus).unwrap();
    let gz = dir.path().join("corpus.jsonl.gz");
    std::fs::write(&gz, gzip(corpus.as_bytes())).unwrap();
    let zst = dir.path().join("corpus.jsonl.zst");
    std::fs::write(&zst, zstd::encode_all(corpus.as_bytes(), 3).unwrap()).unwrap();
    for path in [&plain, &gz, &zst] {
        let from_corpus =
            run(&["check", "--format", "concise", "-q", "--today", "2026-11-30", &path.display().to_string()]);
        assert_eq!(from_corpus.stdout, from_files.stdout, "{}", path.display());
        assert_eq!(from_corpus.code, 1);
    }
    let piped = run_with_stdin(
        &["check", "--format", "concise", "-q", "--today", "2026-11-30", "--stdin-format", "jsonl", "-"],
        &gzip(corpus.as_bytes()),
    );
    assert_eq!(piped.stdout, from_files.stdout);
}

#[test]
fn bad_records_are_findings_with_their_line_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.jsonl");
    let good = serde_json::json!({"id": "a.md", "text": KEEPS, "format": "markdown"});
    let body = format!(
        "{good}\nnot json\n{{\"id\":\"b\",\"text\":7}}\n\n{{\"text\":\"x\"}}\n{{\"id\":\"c\",\"text\":\"x\",\"date\":\"soon\"}}\n{{\"id\":\"d\",\"body\":\"We collect nothing.\"}}\n"
    );
    std::fs::write(&path, body).unwrap();
    let shown = path.display().to_string();
    let out = run(&["check", "--format", "concise", "-q", "--select", "io,core/last-updated", &shown]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "{shown}:1:1: error[io/bad-record] line 2 skipped: not JSON: expected ident at line 1 column 2\n\
             {shown}:1:1: error[io/bad-record] line 3 skipped: `b`: `text` is a number, not a string\n\
             {shown}:1:1: error[io/bad-record] line 5 skipped: no `id` field (name another with --id-field)\n\
             {shown}:1:1: error[io/bad-record] line 6 skipped: `c`: date `soon` is not of the form YYYY-MM-DD\n\
             {shown}:1:1: error[io/bad-record] line 7 skipped: `d`: no `text` field (name another with --text-field)\n"
        )
    );
    // Other field names.
    let other = run(&["check", "--format", "concise", "-q", "--select", "io", "--text-field", "body", &shown]);
    assert!(other.stdout.contains("line 2 skipped"), "{}", other.stdout);
    assert!(!other.stdout.contains("line 7"), "{}", other.stdout);
}

#[test]
fn shards_split_a_corpus_and_together_equal_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let records: Vec<(String, &str, Option<&str>)> = (0..30)
        .map(|n| (format!("policies/{n:02}.md"), if n % 2 == 0 { KEEPS } else { DROPS }, Some("2025-06-01")))
        .collect();
    let path = dir.path().join("c.jsonl");
    std::fs::write(&path, jsonl(&records)).unwrap();
    let shown = path.display().to_string();
    let args = ["check", "--format", "concise", "-q", "--today", "2026-11-30"];
    let whole = run(&[&args[..], &[&shown]].concat());
    let mut together = Vec::new();
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let part = run(&[&args[..], &["--shard", &shard, &shown]].concat());
        assert!(!part.stdout.is_empty(), "shard {shard} is empty");
        together.extend(part.stdout.lines().map(str::to_string));
    }
    together.sort_unstable();
    let total = together.len();
    together.dedup();
    assert_eq!(total, together.len(), "a finding fell in two shards");
    assert_eq!(together, lines(&whole.stdout));
    let bad = run(&["check", "--shard", "4/3", &shown]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("is not a shard of the form I/N"), "{}", bad.stderr);
}

#[test]
fn jsonl_output_carries_the_id_and_date_and_one_line_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.jsonl");
    std::fs::write(&path, jsonl(&[("acme/2024".into(), KEEPS, Some("2024-04-01")), ("acme/2025".into(), DROPS, None)]))
        .unwrap();
    let out = run(&[
        "check",
        "--format",
        "jsonl",
        "--document-records",
        "--profile",
        "eu",
        "--today",
        "2026-11-30",
        &path.display().to_string(),
    ]);
    let records: Vec<serde_json::Value> = out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let documents: Vec<&serde_json::Value> = records.iter().filter(|r| r["record"] == "document").collect();
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[0]["path"], "acme/2024");
    assert_eq!(documents[0]["date"], "2024-04-01");
    assert_eq!(documents[1]["path"], "acme/2025");
    assert!(documents[1].get("date").is_none());
    for document in documents {
        let findings: Vec<&serde_json::Value> =
            records.iter().filter(|r| r.get("record").is_none() && r["path"] == document["path"]).collect();
        for severity in ["error", "warning", "info", "hint"] {
            let count = findings.iter().filter(|f| f["severity"] == severity).count();
            assert_eq!(document[severity], count, "{severity} of {}", document["path"]);
        }
        assert!(findings.iter().all(|f| f.get("date") == document.get("date")));
    }
    let refused = run(&["check", "--document-records", "--format", "concise", &path.display().to_string()]);
    assert_eq!(refused.code, 2);
}

#[test]
fn statistics_and_findings_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let docs = files(dir.path());
    let stats = run(&["check", "--statistics", "--format", "csv", "--select", "caloppa/dnt-disclosure", &docs[1].0]);
    assert_eq!(stats.stdout, "rule,severity,documents,findings\ncaloppa/dnt-disclosure,error,0,0\n");
    let rows = run(&["check", "--format", "csv", "-q", "--select", "caloppa/dnt-not-honored", &docs[1].0]);
    assert_eq!(
        rows.stdout,
        format!(
            "path,date,rule,pack,severity,line,column,end_line,end_column,document_level,message,text,fingerprint\n\
             {},,caloppa/dnt-not-honored,caloppa,warning,1,84,1,126,false,The policy says the service does not respond to Do Not Track signals,We do not respond to Do Not Track signals.,{}\n",
            docs[1].0,
            rows.stdout.trim_end().rsplit(',').next().unwrap()
        )
    );
}

#[test]
fn diff_lists_what_appeared_disappeared_and_stayed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("acme.jsonl");
    std::fs::write(
        &corpus,
        jsonl(&[("acme/1".into(), KEEPS, Some("2024-04-01")), ("acme/2".into(), DROPS, Some("2025-06-01"))]),
    )
    .unwrap();
    let c = corpus.display().to_string();
    let (old, new) = (format!("{c}#acme/1"), format!("{c}#acme/2"));
    let args = [
        "diff",
        "--profile",
        "eu",
        "--today",
        "2026-11-30",
        "--format",
        "concise",
        "--select",
        "gdpr/retention-period,core/last-updated",
    ];
    let out = run(&[&args[..], &[&old, &new]].concat());
    assert_eq!(
        out.stdout,
        "acme/2:1:1: info[gdpr/retention-period] appeared: The policy never says how long personal data is kept, or the criteria used to decide\n"
    );
    assert_eq!(out.stderr, "acme/1 → acme/2: 1 appeared, 0 disappeared, 0 stayed (--all lists those that stayed).\n");
    assert_eq!(out.code, 0);
    let failing = run(&[&args[..], &["--fail-on", "info", &old, &new]].concat());
    assert_eq!(failing.code, 1);
    let back = run(&[&args[..], &[&new, &old]].concat());
    assert!(back.stdout.starts_with("acme/2:1:1: info[gdpr/retention-period] disappeared: "), "{}", back.stdout);
    let misspelt = run(&["diff", "--select", "gdpr/retention-perod", &old, &new]);
    assert_eq!(misspelt.code, 2);
    assert!(misspelt.stderr.contains("did you mean `gdpr/retention-period`?"), "{}", misspelt.stderr);
    let missing = run(&["diff", &format!("{c}#acme/9"), &new]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("has no record with id `acme/9`"), "{}", missing.stderr);
}

#[test]
fn history_gives_each_rules_first_and_last_appearance_per_policy() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("versions.jsonl");
    std::fs::write(
        &corpus,
        jsonl(&[
            ("acme/c".into(), KEEPS, Some("2025-01-01")),
            ("acme/a".into(), KEEPS, Some("2022-01-01")),
            ("acme/b".into(), DROPS, Some("2023-06-01")),
            ("beta/a".into(), DROPS, Some("2024-02-02")),
        ]),
    )
    .unwrap();
    let out = run(&[
        "diff",
        "--history",
        "--profile",
        "eu",
        "--format",
        "csv",
        "--select",
        "gdpr/retention-period",
        &corpus.display().to_string(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let no_threads = run(&["diff", "--history", "-j", "0", &corpus.display().to_string()]);
    assert_eq!(
        (no_threads.code, no_threads.stderr.as_str()),
        (2, "error: --jobs must be a positive number of threads\n")
    );
    assert_eq!(
        out.stdout,
        "policy,rule,severity,first,last,versions_flagged,versions,in_latest\n\
         acme,gdpr/retention-period,info,2023-06-01,2023-06-01,1,3,false\n\
         beta,gdpr/retention-period,info,2024-02-02,2024-02-02,1,1,true\n"
    );
}

#[test]
fn diff_of_the_cloudinary_seeds_2012_and_2014() {
    let Some(corpus) = common::corpus() else {
        eprintln!("SKIPPED: ../shared/corpus is absent; the Cloudinary seeds cannot be compared");
        return;
    };
    let seeds = corpus.join("seeds");
    let old = seeds.join("000_d0599edcbb8c0dd0.md").display().to_string();
    let new = seeds.join("001_3b4e935c48569b28.md").display().to_string();
    let out = run(&["diff", "--format", "concise", "--today", "2026-11-30", &old, &new]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // 2014 says it does not honour Do Not Track, where 2012 said nothing of it.
    assert!(out.stdout.contains(&format!(
        "{old}:3:3: error[caloppa/dnt-disclosure] disappeared: The policy never says how the service responds to Do Not Track signals\n"
    )));
    assert!(out.stdout.contains(&format!(
        "{new}:25:95: warning[caloppa/dnt-not-honored] appeared: The policy says the service does not respond to Do Not Track signals\n"
    )));
    assert!(
        out.stderr.ends_with(": 20 appeared, 4 disappeared, 3 stayed (--all lists those that stayed).\n"),
        "{}",
        out.stderr
    );
}

//! The built-in rules on the shared corpus: the seed policies, and identical output at any thread count.
//! These tests skip themselves when `../shared/corpus` is absent.

mod common;

use common::{corpus, run};

fn concise(args: &[&str]) -> (i32, String) {
    let mut all = vec!["check", "--format", "concise", "--quiet"];
    all.extend_from_slice(args);
    let out = run(&all);
    (out.code, out.stdout)
}

#[test]
fn seed_policies_get_the_findings_a_reviewer_expects() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    let seeds = corpus.join("seeds");
    let flagged = |extra: &[&str]| {
        let mut args = vec![seeds.to_str().unwrap(), "--select", "gdpr/retention-period", "--fail-on", "info"];
        args.extend_from_slice(extra);
        let (code, out) = concise(&args);
        assert_eq!(code, 1);
        let seeds: Vec<String> = out
            .lines()
            .map(|l| l.split(':').next().unwrap().rsplit('/').next().unwrap().split('_').next().unwrap().to_string())
            .collect();
        seeds
    };
    // 000 and 003 never address people in Europe: GDPR applies to them only when forced.
    assert_eq!(flagged(&[]), vec!["002", "004"]);
    assert_eq!(flagged(&["--profile", "eu"]), vec!["000", "002", "003", "004"]);

    let seed = seeds.join("001_3b4e935c48569b28.md").display().to_string();
    let (_, out) = concise(&[&seed, "--select", "caloppa/dnt-not-honored"]);
    assert_eq!(
        out,
        format!(
            "{seed}:25:95: warning[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals\n\
             {seed}:99:202: warning[caloppa/dnt-not-honored] The policy says the service does not respond to Do Not Track signals\n"
        )
    );
}

#[test]
fn output_is_byte_identical_with_one_or_two_threads() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    // About 900 documents: Markdown, HTML fragments, one-line dumps, non-English and non-policies.
    let mut paths = Vec::new();
    for source in ["seeds", "opp115", "tosback-history", "citp", "rejects", "non-english", "ota-dating", "ota-pga"] {
        let dir = corpus.join(source);
        if dir.is_dir() {
            paths.push(dir.display().to_string());
        }
    }
    let mut args: Vec<&str> = paths.iter().map(String::as_str).collect();
    args.extend(["--jobs", "1"]);
    let (code_one, one) = concise(&args);
    let last = args.len() - 1;
    args[last] = "2";
    let (code_two, two) = concise(&args);
    assert_eq!(code_one, code_two);
    assert!(one.lines().count() > 500, "expected findings across the corpus");
    for rule in ["clarity/readability", "gdpr/rights-complete", "core/stale-policy", "caloppa/dnt-not-honored"] {
        assert!(one.contains(&format!("[{rule}]")), "no {rule} finding: script and YAML rules both take part");
    }
    assert!(one == two, "output differs between --jobs 1 and --jobs 2");
}

/// FNV-1a, as 16 hex digits.
fn digest(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Every built-in rule's findings on every folder of the corpus, pinned as a digest per folder in
/// tests/corpus-digests.tsv (with a fixed reference day), so that work on speed cannot change a
/// finding unnoticed. `UPDATE_CORPUS_DIGESTS=1` rewrites the file after a deliberate change.
#[test]
fn findings_on_the_whole_corpus_are_pinned() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    let pinned_file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus-digests.tsv");
    let mut folders: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let prefix = format!("{}/", corpus.display());
    let mut table = String::from("folder\tfindings\tdigest\n");
    for folder in &folders {
        let path = corpus.join(folder).display().to_string();
        let out =
            run(&["check", &path, "--format", "concise", "-q", "--exit-zero", "--today", "2026-11-30", "-j", "2"]);
        assert_eq!(out.code, 0, "{folder}: {}", out.stderr);
        let relative = out.stdout.replace(&prefix, "");
        table.push_str(&format!("{folder}\t{}\t{}\n", relative.lines().count(), digest(&relative)));
    }
    if std::env::var_os("UPDATE_CORPUS_DIGESTS").is_some() {
        std::fs::write(&pinned_file, &table).unwrap();
        return;
    }
    let pinned = std::fs::read_to_string(&pinned_file).unwrap_or_default();
    assert_eq!(table, pinned, "findings on the corpus changed; if on purpose, rerun with UPDATE_CORPUS_DIGESTS=1");
}

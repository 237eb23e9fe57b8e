//! Throughput of parsing and checking: one policy, and a slice of the shared corpus when present.

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policy_rules_core::pack::Origin;
use policy_rules_core::{builtin, Document, Engine, Format, Input, Pack, Selection};

fn sample() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/samples/sample-policy.md"))
        .expect("sample policy")
}

/// Up to `limit` Markdown and HTML files of the shared corpus, in path order.
fn corpus(limit: usize) -> Vec<(String, Format, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "html")) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .take(limit)
        .filter_map(|p| Some((p.display().to_string(), Format::from_path(&p), std::fs::read(&p).ok()?)))
        .collect()
}

/// A pack with one script rule.
fn script_pack(script: &str) -> Pack {
    let yaml = "pack: bench\nrules:\n  - id: s\n    severity: info\n    message: m\n    script: s.rhai\n";
    let mut pack = Pack::from_yaml(yaml, "bench/pack.yaml", Origin::Builtin("bench".into())).expect("pack");
    pack.scripts.push(("s.rhai".into(), script.into()));
    pack
}

fn benches(c: &mut Criterion) {
    let packs = builtin::all().expect("built-in packs");
    let engine = Engine::new(&packs, Selection::default()).expect("engine");
    let text = sample();

    c.bench_function("parse sample policy (markdown)", |b| {
        b.iter(|| Document::parse("sample.md", Format::Markdown, text.clone()))
    });
    let doc = std::sync::Arc::new(Document::parse("sample.md", Format::Markdown, text.clone()));
    c.bench_function("check sample policy (built-in rules)", |b| b.iter(|| engine.check(&doc)));

    // The per-document cost of a script rule, measured on an empty `fn check(doc) {}`.
    let none = Engine::new(&[], Selection::default()).expect("engine");
    c.bench_function("check sample policy, no rules", |b| b.iter(|| none.check(&doc)));
    let empty = script_pack("fn check(doc) {}");
    let empty = Engine::new(&[empty], Selection::default()).expect("engine");
    c.bench_function("check sample policy, one empty script rule", |b| b.iter(|| empty.check(&doc)));
    let text_only = script_pack("fn check(doc) { if doc.text.contains(\"xyz\") { report(\"x\"); } }");
    let text_only = Engine::new(&[text_only], Selection::default()).expect("engine");
    c.bench_function("check sample policy, one script reading doc.text", |b| b.iter(|| text_only.check(&doc)));

    let docs = corpus(400);
    if docs.is_empty() {
        eprintln!("../shared/corpus is absent: corpus benchmarks skipped");
        return;
    }
    let bytes: usize = docs.iter().map(|(_, _, b)| b.len()).sum();
    let mut group = c.benchmark_group("corpus");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        group.bench_function(format!("{} documents, load+parse+check, {threads} thread(s)", docs.len()), |b| {
            b.iter(|| {
                let inputs = docs.iter().map(|(id, format, bytes)| Input::Text {
                    id: id.clone(),
                    format: *format,
                    bytes: bytes.clone(),
                });
                let mut findings = 0;
                engine.check_all(&pool, inputs, |checked| {
                    findings += checked.findings.len();
                    true
                });
                findings
            })
        });
    }
    group.finish();
}

criterion_group!(engine_benches, benches);
criterion_main!(engine_benches);

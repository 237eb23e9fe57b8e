//! Hostile documents at two sizes, N and 2N: the time should double, not quadruple. One line of
//! megabytes with findings all along it (line and column look-ups), hundreds of thousands of lines
//! opening a `<script>` block never closed (the Markdown pre-pass), tens of thousands of suppression
//! comments (their look-up), tens of thousands of findings of one rule (ordering and merging
//! repeats). `cargo bench -p policy-rules-core --bench hostile`.

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use policy_rules_core::{builtin, Document, Engine, Format, Selection};

/// A document of `n` units of `unit`, as the named format.
fn doc(unit: &str, n: usize, format: Format) -> Arc<Document> {
    Arc::new(Document::parse("hostile", format, format!("# Privacy\n\n{}", unit.repeat(n))))
}

fn hostile(c: &mut Criterion) {
    let packs = builtin::all().expect("built-in packs load");
    let engine =
        Engine::new(&packs, Selection { select: vec!["caloppa/dnt-not-honored".into()], ..Selection::default() })
            .unwrap();
    let cases: [(&str, &str, Format, usize); 4] = [
        // Findings on one long line: each needs its column.
        ("one long line", "We do not respond to Do Not Track signals; ", Format::Text, 50_000),
        // Lines opening a raw HTML block that never closes.
        ("unclosed script lines", "<script>\n\n", Format::Markdown, 100_000),
        // Suppression comments, each followed by a finding it silences.
        (
            "suppressions",
            "<!-- policy-rules-disable-next-line caloppa -->\nWe do not respond to Do Not Track signals.\n\n",
            Format::Markdown,
            10_000,
        ),
        // Findings in distinct paragraphs.
        ("many findings", "Paragraph. We do not respond to Do Not Track signals.\n\n", Format::Markdown, 20_000),
    ];
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    for (name, unit, format, n) in cases {
        for size in [n, 2 * n] {
            let document = doc(unit, size, format);
            group.throughput(Throughput::Bytes(document.source.len() as u64));
            group.bench_with_input(BenchmarkId::new(name, size), &document, |b, document| {
                b.iter(|| {
                    let parsed = Arc::new(Document::parse("hostile", format, document.source.clone()));
                    let findings = engine.check(&parsed);
                    // Positions as the output needs them.
                    findings
                        .iter()
                        .filter_map(|f| f.span)
                        .map(|s| parsed.line_index().line_column(&parsed.source, s.start).column)
                        .sum::<usize>()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);

//! Any bytes, as a Markdown, HTML and text document: decoded (UTF-16, invalid UTF-8, NUL bytes),
//! parsed, and checked by every built-in rule with its suppression comments; no panic, and every
//! finding inside the source on a character boundary.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use policy_rules_core::{builtin, Engine, Format, Input, Selection};

/// The built-in rules, and a one-thread pool so that a crash is reproducible from its input alone.
fn engine() -> &'static (Engine, rayon::ThreadPool) {
    static ENGINE: OnceLock<(Engine, rayon::ThreadPool)> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let packs = builtin::all().expect("built-in packs load");
        let engine = Engine::new(&packs, Selection::default()).expect("built-in rules compile").gated(true);
        (engine, rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a thread pool"))
    })
}

fuzz_target!(|bytes: &[u8]| {
    let (engine, pool) = engine();
    for format in [Format::Markdown, Format::Html, Format::Text] {
        let input = Input::Text { id: "fuzz".into(), format, bytes: bytes.to_vec() };
        engine.check_all(pool, [input], |checked| {
            let source = checked.document.as_ref().map_or("", |d| d.source.as_str());
            for finding in &checked.findings {
                for span in finding.span.into_iter().chain(finding.labels.iter().map(|l| l.span)) {
                    assert!(span.end <= source.len() && span.start <= span.end);
                    assert!(source.is_char_boundary(span.start) && source.is_char_boundary(span.end));
                }
            }
            true
        });
    }
});

//! Property tests over generated hostile input, run by CI for a bounded number of cases
//! (`PROPTEST_CASES`, default 64 per property): the parsers, the pack and configuration loaders and
//! the suppression comments never panic; every position lies inside the source on a character
//! boundary; and one thread or two give the same findings. The cargo-fuzz targets in `fuzz/` run
//! the same entry points without a bound (see docs/fuzzing.md).

use std::sync::Arc;

use policy_rules_core::pack::raw::parse_config;
use policy_rules_core::pack::Origin;
use policy_rules_core::{builtin, Checked, Document, Engine, Format, Input, Pack, Selection};
use proptest::prelude::*;

/// Pieces real and hostile documents are made of: markup, line breaks of every kind, byte order
/// marks, control characters, wide characters, policy sentences, suppression comments.
const PIECES: &[&str] = &[
    "# ",
    "## ",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "<p>",
    "</p>",
    "<div>",
    "<table>",
    "<thead>",
    "<tr>",
    "<th>",
    "</th>",
    "<td>",
    "</td>",
    "</tr>",
    "</table>",
    "<script>",
    "</script>",
    "<br>",
    "<h2>",
    "</h2>",
    "| Category | Purpose |\n|---|---|\n| Identifiers | Ads |\n",
    "* ",
    "- ",
    "1. ",
    "> ",
    "**",
    "_",
    "[link](http://x.test)",
    "&amp;",
    "&#x2019;",
    "&nbsp;",
    "&bogus",
    "\u{feff}",
    "\u{ff0c}",
    "\u{2019}",
    "é",
    "東京",
    "\u{0}",
    "\u{1b}[31m",
    "\u{200b}",
    "\t",
    " ",
    "We do not respond to Do Not Track signals.",
    "Last updated: May 1, 2024",
    "Effective July 8, 2026[Previous Version]",
    "We keep data for 30 days.",
    "California Consumer Privacy Act",
    "GDPR",
    "the EU",
    "· to object to the processing",
    "`code`",
    "```\n",
    "\u{b7} ",
    "e.g. ",
    "U.S. ",
    "<!-- policy-rules-disable-next-line caloppa -->",
    "<!-- policy-rules-disable gdpr",
    "-->",
    "<!-- policy-rules-enable -->",
    "<!-- policy-rules-disable-next-line no/such -->",
];

fn document() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect::<String>()),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

/// Raw bytes: a document, maybe cut anywhere, maybe with a UTF-16 byte order mark in front.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    (document(), any::<u8>(), any::<usize>()).prop_map(|(text, mode, cut)| {
        let mut bytes = text.into_bytes();
        match mode % 4 {
            0 => bytes.truncate(cut % (bytes.len() + 1)),
            1 => bytes.splice(0..0, [0xFF, 0xFE]).for_each(drop),
            2 => bytes.splice(0..0, [0xFE, 0xFF]).for_each(drop),
            _ => {}
        }
        bytes
    })
}

const FORMATS: [Format; 3] = [Format::Markdown, Format::Html, Format::Text];

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| {
        let packs = builtin::all().expect("built-in packs load");
        Engine::new(&packs, Selection::default()).expect("built-in rules compile").gated(true)
    })
}

/// Every finding of a checked document, as text, with its positions checked.
fn findings(checked: &Checked) -> Vec<String> {
    let source = checked.document.as_ref().map_or("", |d| d.source.as_str());
    let mut out = Vec::new();
    for finding in &checked.findings {
        let spans = finding.span.into_iter().chain(finding.labels.iter().map(|l| l.span));
        for span in spans {
            assert!(span.start <= span.end && span.end <= source.len(), "{span:?} outside {} bytes", source.len());
            assert!(
                source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
                "{span:?} splits a character"
            );
            if let Some(doc) = &checked.document {
                let at = doc.line_index().line_column(source, span.start);
                assert!(at.line >= 1 && at.line <= doc.line_index().line_count() && at.column >= 1);
            }
        }
        out.push(format!("{}:{:?}:{}:{}", checked.path, finding.span, finding.rule, finding.message));
    }
    out
}

fn check_all(threads: usize, inputs: &[(String, Format, Vec<u8>)]) -> Vec<String> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let inputs: Vec<Input> = inputs
        .iter()
        .map(|(id, format, bytes)| Input::Text { id: id.clone(), format: *format, bytes: bytes.clone() })
        .collect();
    let mut all = Vec::new();
    engine().check_all(&pool, inputs, |checked| {
        all.extend(findings(&checked));
        true
    });
    all
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn documents_parse_with_every_position_inside_the_source(text in document(), format in 0usize..3) {
        let doc = Arc::new(Document::parse("d", FORMATS[format], text.clone()));
        for block in &doc.blocks {
            prop_assert!(block.range.start <= block.range.end && block.range.end <= doc.text.len());
            let span = doc.span(block.range.clone());
            prop_assert!(span.start <= span.end && span.end <= text.len());
        }
        for sentence in doc.sentences() {
            prop_assert!(sentence.range.end <= doc.text.len());
        }
        let checked = Checked { path: "d".into(), document: Some(Arc::clone(&doc)), findings: engine().check(&doc), suppressed: Vec::new(), packs: Vec::new() };
        findings(&checked);
    }

    #[test]
    fn one_thread_or_two_give_the_same_findings(docs in proptest::collection::vec((bytes(), 0usize..3), 1..6)) {
        let inputs: Vec<(String, Format, Vec<u8>)> =
            docs.into_iter().enumerate().map(|(n, (bytes, format))| (format!("d{n}"), FORMATS[format], bytes)).collect();
        prop_assert_eq!(check_all(1, &inputs), check_all(2, &inputs));
    }

    #[test]
    fn packs_and_configurations_load_or_say_why(text in pack_text()) {
        let _ = Pack::from_yaml(&text, "pack.yaml", Origin::Builtin("fuzz".into()));
        let _ = parse_config(&text);
    }
}

/// Pieces of packs and configurations, valid and not.
const PACK_PIECES: &[&str] = &[
    "pack: x\n",
    "rules:\n",
    "  - id: r\n",
    "    severity: warning\n",
    "    message: m {match}\n",
    "    forbid:\n",
    "    require:\n",
    "    when:\n",
    "      pattern: 'a'\n",
    "      pattern: '('\n",
    "      phrases: [a, b]\n",
    "      near: [{pattern: a}, {pattern: b}]\n",
    "      within: 3\n",
    "      within: -5\n",
    "      within: 99999999999999999999\n",
    "      within: 1.5\n",
    "      in: sentence\n",
    "      unless:\n",
    "    metric:\n",
    "      measure: words\n",
    "      max: .nan\n",
    "      min: 9\n",
    "      max: -1\n",
    "    script: ../x.rhai\n",
    "    report: once\n",
    "    tests:\n",
    "      pass: [a]\n",
    "      fail: [b]\n",
    "applies:\n",
    "  audience: them\n",
    "  when:\n",
    "    pattern: x\n",
    "profile: eu\n",
    "packs: [builtin:gdpr]\n",
    "scripts:\n",
    "  budget_ms: 0\n",
    "rules:\n  gdpr/retention-period: off\n",
    "\u{feff}",
    "  ",
    "\t",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "&a",
    "*a",
    "!!binary ",
    "? ",
    "|\n",
    ">\n",
    "\n",
];

fn pack_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => proptest::sample::select(PACK_PIECES).prop_map(str::to_string),
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect::<String>()),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// Cases per property: `PROPTEST_CASES`, else 64 (CI's bound).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64)
}

//! Writes a synthetic JSON Lines corpus of N policies of about 2 KB each to standard output, for the
//! scale benchmark (`.ci/bench-scale`): `make-corpus N`. Deterministic: the same N gives the same
//! bytes. The sentences are policy-like so that every rule kind has work to do.

use std::io::Write;

/// Sentences a policy is built from, each chosen or not per document.
const SENTENCES: &[&str] = &[
    "We collect your name, e-mail address and payment details when you create an account.",
    "We use cookies and similar technologies to remember your preferences and to measure traffic.",
    "We share personal information with service providers who process it on our behalf.",
    "We do not sell your personal information.",
    "We keep your account data for as long as your account is open and for 30 days afterwards.",
    "You may request access to, correction of, or deletion of your personal data at any time.",
    "You have the right to lodge a complaint with a supervisory authority.",
    "We do not respond to Do Not Track signals.",
    "Our service is not directed to children under 13, and we do not knowingly collect their data.",
    "We may update this policy from time to time and will post the new version on this page.",
    "We process your data on the basis of your consent, our contract with you and our legitimate interests.",
    "Data may be transferred to the United States under the Standard Contractual Clauses.",
    "California residents may request to know the categories of personal information we collect.",
    "We protect your information with encryption in transit and at rest.",
    "Contact us at privacy@example.com or write to 1 Example Street, Springfield.",
    "Third-party analytics providers may collect information about your online activities over time.",
];

fn main() {
    let count: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or_else(|| {
        eprintln!("usage: make-corpus N > corpus.jsonl");
        std::process::exit(2);
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for index in 0..count {
        let mut text =
            format!("# Privacy Policy of Example {index}\n\nLast updated: March {}, 2024\n\n", index % 28 + 1);
        while text.len() < 2000 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let sentence = SENTENCES[(state >> 33) as usize % SENTENCES.len()];
            text.push_str(sentence);
            text.push_str(if state.is_multiple_of(3) { "\n\n" } else { " " });
        }
        let record = serde_json::json!({
            "id": format!("synthetic/policy-{index:07}.md"),
            "date": format!("20{:02}-0{}-15", 12 + index % 14, index % 9 + 1),
            "text": text,
        });
        if writeln!(out, "{record}").is_err() {
            return;
        }
    }
}

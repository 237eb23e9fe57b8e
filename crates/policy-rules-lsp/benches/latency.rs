//! How long after a change an editor shows the new diagnostics: a 50 KB policy, every built-in
//! pack, after a warm start (the rules compiled by the first check). Target: under 100 ms.

// criterion_group! defines an undocumented function.
#![allow(missing_docs)]

use std::io::{BufRead, BufReader, Read, Write};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};

struct Session {
    to_server: std::io::PipeWriter,
    from_server: BufReader<std::io::PipeReader>,
}

impl Session {
    fn send(&mut self, message: Value) {
        let body = serde_json::to_vec(&message).unwrap();
        write!(self.to_server, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.to_server.write_all(&body).unwrap();
        self.to_server.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.from_server.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.from_server.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn diagnostics_of(&mut self, version: i64) -> usize {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics" && message["params"]["version"] == version {
                return message["params"]["diagnostics"].as_array().map_or(0, Vec::len);
            }
        }
    }
}

/// A 50 KB policy: a corpus policy of about that size when `../shared/corpus` is present, else the
/// sample policy repeated.
fn policy() -> String {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/ota-contrib");
    let from_corpus = std::fs::read_dir(&corpus).ok().and_then(|entries| {
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        files.into_iter().filter_map(|p| std::fs::read_to_string(p).ok()).find(|t| (45_000..60_000).contains(&t.len()))
    });
    from_corpus.unwrap_or_else(|| {
        eprintln!("../shared/corpus is absent: using the sample policy repeated to 50 KB");
        let sample = include_str!("../../../tests/samples/sample-policy.md");
        sample.repeat(50_000 / sample.len() + 1)
    })
}

fn latency(c: &mut Criterion) {
    let (server_in, to_server) = std::io::pipe().unwrap();
    let (from_server, server_out) = std::io::pipe().unwrap();
    let options = policy_rules_lsp::Options {
        load: policy_rules_core::LoadOptions::default(),
        log_level: policy_rules_lsp::Level::Error,
    };
    std::thread::spawn(move || policy_rules_lsp::run(BufReader::new(server_in), server_out, options));
    let mut session = Session { to_server, from_server: BufReader::new(from_server) };
    let dir = std::env::temp_dir();
    let uri = format!("file://{}/latency-policy.md", dir.display());
    session.send(json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } }));
    session.receive();
    let text = policy();
    eprintln!("policy of {} bytes", text.len());
    session.send(json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text } } }));
    let started = Instant::now();
    session.diagnostics_of(1);
    eprintln!("first diagnostics (compiling the rules): {:?}", started.elapsed());
    let mut version = 1;
    c.bench_function("diagnostics after a change, 50 KB policy, all built-in packs", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                version += 1;
                let edited = format!("{text}\nEdit {version}.\n");
                let sent = Instant::now();
                session.send(json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                    "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": edited }] } }));
                session.diagnostics_of(version);
                total += sent.elapsed();
            }
            total
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(10));
    targets = latency
}
criterion_main!(benches);

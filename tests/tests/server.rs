//! The language server driven by a JSON-RPC client over byte streams, as an editor drives it:
//! diagnostics, hovers, quick fixes, live rule authoring, garbage and rapid edits, shutdown.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

/// How long to wait for the server; generous, for debug builds on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(60);

struct Client {
    to_server: std::io::PipeWriter,
    messages: mpsc::Receiver<Value>,
    server: std::thread::JoinHandle<i32>,
    next_id: i64,
}

impl Client {
    /// Start a server in this process on a pair of pipes, with the given client capabilities.
    fn start(root: &Path, capabilities: Value) -> Client {
        let (server_in, to_server) = std::io::pipe().unwrap();
        let (from_server, server_out) = std::io::pipe().unwrap();
        let options = policy_rules_lsp::Options {
            load: policy_rules_core::LoadOptions::default(),
            log_level: policy_rules_lsp::Level::Warn,
        };
        let server = std::thread::spawn(move || policy_rules_lsp::run(BufReader::new(server_in), server_out, options));
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(from_server);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut client = Client { to_server, messages, server, next_id: 0 };
        let root_uri = uri(root);
        let id = client.request("initialize", json!({ "capabilities": capabilities, "rootUri": root_uri }));
        let response = client.response(id);
        assert!(response["result"]["capabilities"]["hoverProvider"].as_bool().unwrap_or(false), "{response}");
        client.notify("initialized", json!({}));
        client
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.to_server.write_all(bytes).unwrap();
        self.to_server.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        let body = serde_json::to_vec(&message).unwrap();
        self.raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        self.raw(&body);
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params }));
        self.next_id
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// The next message that satisfies `wanted`, skipping others.
    fn wait(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = std::time::Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(_) => {}
                Err(_) => panic!("no {what} within {PATIENCE:?}"),
            }
        }
    }

    fn response(&mut self, id: i64) -> Value {
        self.wait(&format!("response {id}"), |m| m["id"] == id && m.get("method").is_none())
    }

    fn diagnostics(&mut self, uri: &str) -> Value {
        let uri = uri.to_string();
        self.wait(&format!("diagnostics for {uri}"), move |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        })["params"]
            .clone()
    }

    fn open(&mut self, path: &Path, language: &str, text: &str) -> String {
        let uri = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        );
        uri
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// `shutdown`, then `exit`; the server's exit code.
    fn stop(mut self) -> i32 {
        let id = self.request("shutdown", Value::Null);
        assert_eq!(self.response(id)["result"], Value::Null);
        self.notify("exit", Value::Null);
        self.server.join().unwrap()
    }
}

fn uri(path: &Path) -> String {
    policy_rules_lsp::uri::from_path(path).unwrap().as_str().to_string()
}

/// A workspace whose configuration uses the built-in caloppa pack, which checks fast.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("policy-rules.yaml"), "packs: [builtin:caloppa]\n").unwrap();
    (dir, root)
}

const POLICY: &str = "# Acme Privacy Policy\n\nEffective date: 1 March 2026.\n\n## Cookies\n\nWe use cookies. Our site does not respond to Do Not Track signals.\n";

fn codes(diagnostics: &Value) -> Vec<String> {
    diagnostics["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn diagnostics_hovers_quick_fixes_and_edits() {
    let (_dir, root) = workspace();
    let mut client = Client::start(&root, json!({}));
    let uri = client.open(&root.join("policy.md"), "markdown", POLICY);
    let published = client.diagnostics(&uri);
    assert_eq!(published["version"], 1);
    let all = published["diagnostics"].as_array().unwrap();
    let dnt = all.iter().find(|d| d["code"] == "caloppa/dnt-not-honored").expect("the DNT refusal");
    assert_eq!(dnt["range"], json!({ "start": { "line": 6, "character": 16 }, "end": { "line": 6, "character": 66 } }));
    assert_eq!(dnt["severity"], 2);
    assert_eq!(dnt["source"], "policy-rules");
    assert_eq!(dnt["message"], "The policy says the service does not respond to Do Not Track signals");
    assert!(dnt["codeDescription"]["href"].as_str().unwrap().starts_with("https://leginfo.legislature.ca.gov/"));
    let document_level =
        all.iter().find(|d| d["code"] == "caloppa/change-notification").expect("a document-level finding");
    assert_eq!(document_level["range"]["start"], json!({ "line": 0, "character": 2 }), "on the title");

    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 6, "character": 30 } }),
    );
    let hover = client.response(hover);
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**caloppa/dnt-not-honored** (warning)"), "{text}");
    assert!(
        text.contains("**How to fix:**") && text.contains("**Law:** [Cal. Bus. & Prof. Code §22575(b)(5)]"),
        "{text}"
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": dnt["range"], "context": { "diagnostics": [dnt] } }),
    );
    let actions = client.response(actions)["result"].as_array().unwrap().clone();
    let titles: Vec<&str> = actions.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        ["Disable caloppa/dnt-not-honored on this line", "Disable caloppa/dnt-not-honored in this file"]
    );
    let edit = &actions[0]["edit"]["changes"][&uri][0];
    assert_eq!(edit["range"]["start"], json!({ "line": 6, "character": 0 }));
    assert_eq!(edit["newText"], "<!-- policy-rules-disable-next-line caloppa/dnt-not-honored -->\n");

    let title = json!({ "start": { "line": 0, "character": 2 }, "end": { "line": 0, "character": 3 } });
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": title, "context": { "diagnostics": [] } }),
    );
    let actions = client.response(actions)["result"].as_array().unwrap().clone();
    let insert = actions
        .iter()
        .find(|a| {
            a["title"] == "Insert a compliant clause" && a["diagnostics"][0]["code"] == "caloppa/change-notification"
        })
        .expect("a clause for a document-level finding");
    let edit = &insert["edit"]["changes"][&uri][0];
    assert_eq!(edit["range"]["start"], json!({ "line": 6, "character": 66 }), "at the end of the policy's section");
    assert!(edit["newText"].as_str().unwrap().starts_with("\n\nWe will post any changes on this page"), "{edit}");

    // The author fixes the text: the finding goes.
    client.change(&uri, 2, &POLICY.replace("does not respond", "honors"));
    let published = client.diagnostics(&uri);
    assert_eq!(published["version"], 2);
    assert!(!codes(&published).contains(&"caloppa/dnt-not-honored".to_string()), "{published}");

    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    assert_eq!(client.diagnostics(&uri)["diagnostics"], json!([]), "closing clears the diagnostics");
    assert_eq!(client.stop(), 0);
}

#[test]
fn garbage_unknown_methods_rapid_edits_and_large_documents_do_not_stop_it() {
    let (_dir, root) = workspace();
    let mut client = Client::start(&root, json!({}));
    // Not JSON, JSON that is no message, and a frame without a length.
    client.raw(b"Content-Length: 9\r\n\r\n{not json");
    client.raw(b"Content-Length: 12\r\n\r\n{\"hello\": 1}");
    client.raw(b"X-Nonsense: yes\r\n\r\n");
    let unknown = client.request("policy/unknown", json!({}));
    assert_eq!(client.response(unknown)["error"]["code"], -32601);
    client.notify("policy/unknownNotification", json!({ "x": 1 }));
    let bad = client.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(client.response(bad)["error"]["code"], -32602);

    let uri = client.open(&root.join("policy.md"), "markdown", POLICY);
    for version in 2..=101 {
        let text = if version % 2 == 0 { POLICY.replace("does not respond", "honors") } else { POLICY.to_string() };
        client.change(&uri, version, &text);
    }
    // Only the last version counts: it keeps the refusal (101 is odd).
    let last = client.wait("diagnostics of version 101", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 101
    });
    assert!(codes(&last["params"]).contains(&"caloppa/dnt-not-honored".to_string()));

    // A 5 MB document, and a document closed while it is being checked.
    let large = format!("{POLICY}\n{}", "We keep your notes safe and never read them. ".repeat(120_000));
    assert!(large.len() > 5_000_000);
    let big = client.open(&root.join("big.md"), "markdown", &large);
    let closed = client.open(&root.join("closed.md"), "markdown", &large);
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": closed } }));
    let published = client.diagnostics(&big);
    assert!(codes(&published).contains(&"caloppa/dnt-not-honored".to_string()));
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": big }, "position": { "line": 6, "character": 30 } }),
    );
    assert!(client.response(hover)["result"]["contents"]["value"].is_string(), "still answering");
    assert_eq!(client.stop(), 0);
}

#[test]
fn exit_without_shutdown_is_exit_code_1_and_utf8_positions_when_offered() {
    let (_dir, root) = workspace();
    let mut client = Client::start(&root, json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }));
    let text = "# Café “Privacy”\n\nEffective date: 1 March 2026.\n\n“Notes” — 東京: our site does not respond to Do Not Track signals.\n";
    let uri = client.open(&root.join("p.md"), "markdown", text);
    let published = client.diagnostics(&uri);
    let dnt = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "caloppa/dnt-not-honored")
        .unwrap()
        .clone();
    // The sentence starts the line; its end is counted in bytes.
    let line = text.lines().nth(4).unwrap();
    assert_eq!(dnt["range"]["end"], json!({ "line": 4, "character": line.len() }));
    client.notify("exit", Value::Null);
    assert_eq!(client.server.join().unwrap(), 1);
}

#[test]
fn rule_authoring_is_live_and_saving_runs_the_tests() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("policy-rules.yaml"), "packs: [./rules/acme]\n").unwrap();
    std::fs::create_dir_all(root.join("rules/acme")).unwrap();
    let good = "pack: acme\nrules:\n  - id: sells\n    severity: error\n    message: The policy says data is sold\n    forbid: '\\bwe sell\\b'\n    tests:\n      pass: [\"We share nothing.\"]\n      fail: [\"We rent data.\"]\n";
    let pack_path = root.join("rules/acme/pack.yaml");
    std::fs::write(&pack_path, good).unwrap();
    let mut client = Client::start(&root, json!({}));
    let policy = client.open(&root.join("policy.md"), "markdown", "# P\n\nWe sell data.\n");
    assert_eq!(codes(&client.diagnostics(&policy)), ["acme/sells"]);

    // A mistake while typing: located at once.
    let pack = client.open(&pack_path, "yaml", good);
    let first = client.diagnostics(&pack);
    let failing = first["diagnostics"].as_array().unwrap();
    assert_eq!(failing.len(), 1, "opening runs the tests: the `fail` case does not fail: {first}");
    assert_eq!(failing[0]["range"]["start"], json!({ "line": 8, "character": 13 }));
    assert!(failing[0]["message"].as_str().unwrap().starts_with("test of acme/sells failed (missing)"), "{first}");
    client.change(&pack, 2, &good.replace("severity: error", "severity: eror"));
    let broken = client.diagnostics(&pack);
    let error = &broken["diagnostics"][0];
    assert_eq!(error["range"]["start"], json!({ "line": 3, "character": 14 }));
    assert!(error["message"].as_str().unwrap().contains("unknown variant `eror`"), "{broken}");

    // Fixed and saved: the tests pass, and the open policy is checked with the new rule.
    let fixed = good.replace("we sell", "we (sell|rent)");
    std::fs::write(&pack_path, &fixed).unwrap();
    client.change(&pack, 3, &fixed);
    client.notify("textDocument/didSave", json!({ "textDocument": { "uri": pack } }));
    client.wait("the pack's diagnostics cleared", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == pack
            && m["params"]["diagnostics"] == json!([])
    });
    client.change(&policy, 2, "# P\n\nWe rent data.\n");
    assert_eq!(codes(&client.diagnostics(&policy)), ["acme/sells"], "the new rule applies");

    // A script with a syntax error: the error on its line, in the script.
    let script_pack = fixed.replace(
        "  - id: sells",
        "  - id: long\n    severity: info\n    message: Long\n    script: long.rhai\n  - id: sells",
    );
    std::fs::write(&pack_path, &script_pack).unwrap();
    client.change(&pack, 4, &script_pack);
    let script_path = root.join("rules/acme/long.rhai");
    std::fs::write(&script_path, "fn check(doc) {}\n").unwrap();
    let script = client.open(
        &script_path,
        "rhai",
        "fn check(doc) {\n    if doc.words > 10 {\n        report(\"long\"\n    }\n}\n",
    );
    let published = client.wait("the script's syntax error", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == script
            && m["params"]["diagnostics"] != json!([])
    });
    let error = &published["params"]["diagnostics"][0];
    assert_eq!(error["range"]["start"]["line"], 3, "{published}");
    assert!(error["message"].as_str().unwrap().contains("rule `acme/long`"), "{published}");
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": script } }));
    std::fs::write(&pack_path, &fixed).unwrap();
    client.change(&pack, 5, &fixed);

    // A configuration change reloads the rules.
    std::fs::write(root.join("policy-rules.yaml"), "packs: [builtin:caloppa]\n").unwrap();
    let config = client.open(&root.join("policy-rules.yaml"), "yaml", "packs: [builtin:caloppa]\n");
    client.notify("textDocument/didSave", json!({ "textDocument": { "uri": config } }));
    let rechecked = client.wait("the policy rechecked with caloppa", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == policy
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"].as_str().unwrap().starts_with("caloppa/")))
    });
    assert!(!codes(&rechecked["params"]).contains(&"acme/sells".to_string()));
    assert_eq!(client.stop(), 0);
}

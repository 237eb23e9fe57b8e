//! The session: documents open in the editor, the projects they belong to, and the message loop
//! that answers the client while workers check in the background.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossbeam_channel::{select, Receiver, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, RegisterCapability, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, Diagnostic,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, HoverProviderCapability,
    InitializeParams, InitializeResult, PublishDiagnosticsParams, Registration, RegistrationParams, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use policy_rules_core::{Document, Engine, Finding, Format, LineIndex, LoadOptions};

use crate::jobs::{Job, Outcome, Problem};
use crate::position::{Encoding, Text};
use crate::rules::Rules;
use crate::{actions, diagnostics, hover, uri};

/// What an open document is, for the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A policy, checked against the rules.
    Policy(Format),
    /// A pack's `pack.yaml`.
    Pack,
    /// A Rhai script of a pack.
    Script,
    /// `policy-rules.yaml`.
    Config,
    /// Anything else: ignored.
    Other,
}

fn kind_of(path: Option<&Path>, language: &str) -> Kind {
    let name = path.and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or_default();
    match name {
        "pack.yaml" | "pack.yml" => return Kind::Pack,
        "policy-rules.yaml" | "policy-rules.yml" => return Kind::Config,
        _ if name.ends_with(".rhai") => return Kind::Script,
        _ => {}
    }
    match language {
        "markdown" => Kind::Policy(Format::Markdown),
        "html" => Kind::Policy(Format::Html),
        "plaintext" | "text" => Kind::Policy(Format::Text),
        _ => match path.map(Format::from_path) {
            Some(Format::Markdown) => Kind::Policy(Format::Markdown),
            Some(Format::Html) => Kind::Policy(Format::Html),
            _ if name.ends_with(".txt") => Kind::Policy(Format::Text),
            _ => Kind::Other,
        },
    }
}

/// The last findings published for a policy, for hovers and code actions.
struct Published {
    document: Arc<Document>,
    findings: Vec<Finding>,
    engine: Arc<Engine>,
}

/// An open document.
struct Open {
    uri: Uri,
    path: Option<PathBuf>,
    kind: Kind,
    version: i32,
    text: Arc<String>,
    /// A job for it is running.
    busy: bool,
    /// It changed while the job ran: run again when it ends.
    stale: bool,
    /// A save asked for tests (packs) while a job ran.
    test_pending: bool,
    published: Option<Published>,
}

/// The session state.
pub struct Server {
    to_client: Sender<Message>,
    encoding: Encoding,
    options: LoadOptions,
    root: PathBuf,
    documents: HashMap<String, Open>,
    rules: Arc<Rules>,
    jobs: Sender<Job>,
    next_request: i32,
    shutdown: bool,
}

/// How the session ended.
pub enum End {
    /// `exit` after `shutdown`.
    Clean,
    /// `exit` without `shutdown`, or the client went away.
    Abrupt,
}

impl Server {
    /// Answer `initialize` and set up the session.
    fn new(
        to_client: Sender<Message>,
        id: RequestId,
        params: InitializeParams,
        options: LoadOptions,
        jobs: Sender<Job>,
    ) -> Server {
        let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref());
        let encoding = Encoding::negotiate(offered);
        #[allow(deprecated)]
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .and_then(|folder| uri::to_path(&folder.uri))
            .or_else(|| params.root_uri.as_ref().and_then(uri::to_path))
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
        let capabilities = ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
                ..TextDocumentSyncOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            ..ServerCapabilities::default()
        };
        let result = InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "policy-rules".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        };
        let _ = to_client.send(Message::Response(Response::new_ok(id, result)));
        let watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        log!(Info, "initialized for {} ({:?} positions)", root.display(), encoding);
        let mut server = Server {
            to_client,
            encoding,
            rules: Rules::new(options.clone()),
            options,
            root,
            documents: HashMap::new(),
            jobs,
            next_request: 0,
            shutdown: false,
        };
        if watch {
            server.watch_files();
        }
        server
    }

    /// Ask the client to tell us when configurations, packs and scripts change on disk.
    fn watch_files(&mut self) {
        let watchers = ["**/policy-rules.{yaml,yml}", "**/pack.{yaml,yml}", "**/*.rhai"]
            .iter()
            .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.to_string()), kind: None })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "policy-rules-files".to_string(),
            method: DidChangeWatchedFiles::METHOD.to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.request(RegisterCapability::METHOD, RegistrationParams { registrations: vec![registration] });
    }

    fn request(&mut self, method: &str, params: impl serde::Serialize) {
        self.next_request += 1;
        let id = RequestId::from(format!("policy-rules-{}", self.next_request));
        let _ = self.to_client.send(Message::Request(Request::new(id, method.to_string(), params)));
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        let _ = self.to_client.send(Message::Notification(Notification::new(method.to_string(), params)));
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        self.notify(PublishDiagnostics::METHOD, PublishDiagnosticsParams { uri, diagnostics, version });
    }

    fn respond(&self, response: Response) {
        let _ = self.to_client.send(Message::Response(response));
    }

    /// Forget every configuration and compiled rule: they are loaded again when next needed.
    fn reload(&mut self) {
        log!(Info, "configuration or rules changed: reloading");
        self.rules = Rules::new(self.options.clone());
        let policies: Vec<String> =
            self.documents.iter().filter(|(_, d)| matches!(d.kind, Kind::Policy(_))).map(|(k, _)| k.clone()).collect();
        for key in policies {
            self.schedule(&key, false);
        }
    }

    /// Start a job for a document, or mark it stale when one is running.
    fn schedule(&mut self, key: &str, test: bool) {
        let Some(open) = self.documents.get(key) else { return };
        if open.busy {
            let open = self.documents.get_mut(key).expect("present");
            open.stale = true;
            open.test_pending |= test;
            return;
        }
        let (uri, path, kind, version, text) =
            (open.uri.clone(), open.path.clone(), open.kind, open.version, Arc::clone(&open.text));
        let job = match kind {
            Kind::Policy(format) => {
                let name = path.as_ref().map_or_else(|| uri.as_str().to_string(), |p| p.display().to_string());
                let dir = path.as_deref().and_then(Path::parent).map_or_else(|| self.root.clone(), Path::to_path_buf);
                Job::Check { uri: uri.clone(), version, name, format, text, dir, rules: Arc::clone(&self.rules) }
            }
            Kind::Pack | Kind::Script => {
                let Some(dir) = path.as_ref().and_then(|p| p.parent()).map(Path::to_path_buf) else { return };
                let buffers = self
                    .documents
                    .values()
                    .filter_map(|d| Some((d.path.clone()?, Arc::clone(&d.text))))
                    .filter(|(p, _)| p.starts_with(&dir))
                    .collect();
                Job::Pack { uri: uri.clone(), version, dir, buffers, test }
            }
            Kind::Config => match path {
                Some(path) => Job::Config { uri: uri.clone(), version, path, text },
                None => return,
            },
            Kind::Other => return,
        };
        if let Some(open) = self.documents.get_mut(key) {
            open.busy = true;
            open.stale = false;
            open.test_pending = false;
        }
        if self.jobs.send(job).is_err() {
            log!(Error, "the workers are gone; cannot check {}", uri.as_str());
        }
    }

    /// A job ended: publish what it found if the document is still open at that version.
    fn finished(&mut self, outcome: Outcome) {
        let (uri, version) = match &outcome {
            Outcome::Checked { uri, version, .. }
            | Outcome::Unloadable { uri, version, .. }
            | Outcome::Validated { uri, version, .. } => (uri.clone(), *version),
        };
        let key = uri.as_str().to_string();
        let Some(open) = self.documents.get_mut(&key) else {
            log!(Debug, "dropped the result for closed {}", uri.as_str());
            return;
        };
        open.busy = false;
        let current = open.version == version;
        let (stale, test) = (open.stale || !current, open.test_pending);
        if current {
            match outcome {
                Outcome::Checked { document, findings, engine, .. } => {
                    let diagnostics =
                        findings.iter().map(|f| diagnostics::from_finding(&uri, &document, f, self.encoding)).collect();
                    open.published = Some(Published { document, findings, engine });
                    self.publish(uri, diagnostics, Some(version));
                }
                Outcome::Unloadable { error, .. } => {
                    // The configuration or a pack is broken: say so on the policy's first line.
                    open.published = None;
                    let mut diagnostic = diagnostics::from_pack_error(&error, "", self.encoding);
                    diagnostic.range = lsp_types::Range::default();
                    diagnostic.message = format!("the rules cannot be loaded: {error}");
                    self.publish(uri, vec![diagnostic], Some(version));
                }
                Outcome::Validated { problems, .. } => self.publish_problems(problems),
            }
        } else {
            log!(Debug, "dropped the result for {} version {version}: the document changed", uri.as_str());
        }
        if stale {
            self.schedule(&key, test);
        }
    }

    /// Publish the problems of a pack's or configuration's files.
    fn publish_problems(&self, files: Vec<(PathBuf, Vec<Problem>, Option<policy_rules_core::PackError>)>) {
        for (path, problems, error) in files {
            let Some(file_uri) = uri::from_path(&path) else { continue };
            let text = self
                .documents
                .get(file_uri.as_str())
                .map(|d| d.text.as_str().to_owned())
                .or_else(|| std::fs::read_to_string(&path).ok())
                .unwrap_or_default();
            let index = LineIndex::new(&text);
            let positions = Text::new(&text, &index, self.encoding);
            let mut found: Vec<Diagnostic> = problems
                .iter()
                .map(|problem| Diagnostic {
                    range: positions.range(problem.span),
                    severity: Some(lsp_types::DiagnosticSeverity::ERROR),
                    code: Some(lsp_types::NumberOrString::String("pack/test".into())),
                    source: Some(diagnostics::SOURCE.to_string()),
                    message: problem.message.clone(),
                    ..Diagnostic::default()
                })
                .collect();
            found.extend(error.iter().map(|error| diagnostics::from_pack_error(error, &text, self.encoding)));
            let version = self.documents.get(file_uri.as_str()).map(|d| d.version);
            self.publish(file_uri, found, version);
        }
    }

    fn opened(&mut self, uri: Uri, language: &str, version: i32, text: String) {
        let path = uri::to_path(&uri);
        let kind = kind_of(path.as_deref(), language);
        let key = uri.as_str().to_string();
        log!(Info, "opened {} as {:?}", uri.as_str(), kind);
        self.documents.insert(
            key.clone(),
            Open {
                uri,
                path,
                kind,
                version,
                text: Arc::new(text),
                busy: false,
                stale: false,
                test_pending: false,
                published: None,
            },
        );
        self.schedule(&key, matches!(kind, Kind::Pack | Kind::Script));
    }

    fn changed(&mut self, uri: &Uri, version: i32, text: String) {
        let key = uri.as_str().to_string();
        let Some(open) = self.documents.get_mut(&key) else {
            log!(Warn, "change to {} which is not open", uri.as_str());
            return;
        };
        open.version = version;
        open.text = Arc::new(text);
        self.schedule(&key, false);
    }

    fn saved(&mut self, uri: &Uri) {
        let key = uri.as_str().to_string();
        match self.documents.get(&key).map(|d| d.kind) {
            Some(Kind::Pack | Kind::Script) => {
                self.schedule(&key, true);
                self.reload();
            }
            Some(Kind::Config) => {
                self.schedule(&key, false);
                self.reload();
            }
            _ => {}
        }
    }

    fn closed(&mut self, uri: Uri) {
        if self.documents.remove(uri.as_str()).is_some() {
            self.publish(uri, Vec::new(), None);
        }
    }

    fn handle_request(&mut self, request: Request) {
        if self.shutdown {
            self.respond(Response::new_err(
                request.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            ));
            return;
        }
        let id = request.id.clone();
        match request.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                self.respond(Response::new_ok(id, ()));
            }
            HoverRequest::METHOD => match request.extract::<lsp_types::HoverParams>(HoverRequest::METHOD) {
                Ok((id, params)) => {
                    let position = params.text_document_position_params;
                    let result = self
                        .documents
                        .get(position.text_document.uri.as_str())
                        .and_then(|d| d.published.as_ref())
                        .and_then(|p| {
                            hover::hover(&p.document, &p.findings, &p.engine, position.position, self.encoding)
                        });
                    self.respond(Response::new_ok(id, result));
                }
                Err(error) => self.respond(invalid_params(id, error)),
            },
            CodeActionRequest::METHOD => {
                match request.extract::<lsp_types::CodeActionParams>(CodeActionRequest::METHOD) {
                    Ok((id, params)) => {
                        let uri = params.text_document.uri;
                        let result = self
                            .documents
                            .get(uri.as_str())
                            .and_then(|d| d.published.as_ref())
                            .map(|p| {
                                actions::actions(&uri, &p.document, &p.findings, &p.engine, params.range, self.encoding)
                            })
                            .unwrap_or_default();
                        self.respond(Response::new_ok(id, result));
                    }
                    Err(error) => self.respond(invalid_params(id, error)),
                }
            }
            other => {
                log!(Debug, "unknown request {other}");
                self.respond(Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("unknown method `{other}`"),
                ));
            }
        }
    }

    fn handle_notification(&mut self, notification: Notification) {
        let (method, params) = (notification.method, notification.params);
        match method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Some(p) = extract::<lsp_types::DidOpenTextDocumentParams>(&method, params) {
                    let doc = p.text_document;
                    self.opened(doc.uri, &doc.language_id, doc.version, doc.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Some(p) = extract::<lsp_types::DidChangeTextDocumentParams>(&method, params) {
                    // Full synchronisation: the last change holds the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        self.changed(&p.text_document.uri, p.text_document.version, change.text);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Some(p) = extract::<lsp_types::DidSaveTextDocumentParams>(&method, params) {
                    self.saved(&p.text_document.uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(p) = extract::<lsp_types::DidCloseTextDocumentParams>(&method, params) {
                    self.closed(p.text_document.uri);
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if extract::<lsp_types::DidChangeWatchedFilesParams>(&method, params).is_some() {
                    self.reload();
                }
            }
            "initialized" | "$/cancelRequest" | "$/setTrace" | "workspace/didChangeConfiguration" => {}
            other => log!(Debug, "ignored notification {other}"),
        }
    }
}

fn extract<T: serde::de::DeserializeOwned>(method: &str, params: serde_json::Value) -> Option<T> {
    match serde_json::from_value(params) {
        Ok(value) => Some(value),
        Err(error) => {
            log!(Warn, "ignored `{method}` with invalid parameters: {error}");
            None
        }
    }
}

fn invalid_params(id: RequestId, error: lsp_server::ExtractError<Request>) -> Response {
    Response::new_err(id, ErrorCode::InvalidParams as i32, format!("{error:?}"))
}

/// Run a session on `from_client`/`to_client` until `exit` or the end of input.
pub fn serve(
    from_client: Receiver<Message>,
    to_client: Sender<Message>,
    options: LoadOptions,
    jobs: Sender<Job>,
    outcomes: Receiver<Outcome>,
) -> End {
    // Before `initialize`, only `exit` is honoured; requests get an error.
    let mut server = loop {
        let Ok(message) = from_client.recv() else { return End::Abrupt };
        match message {
            Message::Request(request) if request.method == "initialize" => {
                match serde_json::from_value::<InitializeParams>(request.params) {
                    Ok(params) => {
                        break Server::new(to_client.clone(), request.id, params, options.clone(), jobs.clone())
                    }
                    Err(error) => {
                        let message = format!("invalid initialize parameters: {error}");
                        let _ = to_client.send(Message::Response(Response::new_err(
                            request.id,
                            ErrorCode::InvalidParams as i32,
                            message,
                        )));
                    }
                }
            }
            Message::Request(request) => {
                let _ = to_client.send(Message::Response(Response::new_err(
                    request.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized".into(),
                )));
            }
            Message::Notification(notification) if notification.method == "exit" => return End::Abrupt,
            _ => {}
        }
    };
    loop {
        select! {
            recv(from_client) -> message => match message {
                Ok(Message::Request(request)) => server.handle_request(request),
                Ok(Message::Notification(notification)) if notification.method == "exit" => {
                    return if server.shutdown { End::Clean } else { End::Abrupt };
                }
                Ok(Message::Notification(notification)) => server.handle_notification(notification),
                Ok(Message::Response(_)) => {}
                Err(_) => return if server.shutdown { End::Clean } else { End::Abrupt },
            },
            recv(outcomes) -> outcome => {
                if let Ok(outcome) = outcome {
                    server.finished(outcome);
                }
            }
        }
    }
}

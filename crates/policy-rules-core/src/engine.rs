//! The engine: packs compiled once, documents checked in parallel, results handed on in input order.

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::document::Document;
use crate::finding::{sort_findings, Finding, Severity};
use crate::input::{self, Input, Loaded};
use crate::kinds::Matcher;
use crate::kinds::{Build, Rule, RuleInfo};
use crate::pack::{Origin, Pack, PackError, Report};
use crate::script::{ScriptHost, ScriptLimits};
use crate::search::{Context, Pattern, Plan, PlanBuilder};

/// The finding about a document that is not a privacy policy.
const NOT_A_PRIVACY_POLICY: &str = "core/not-a-privacy-policy";

/// "terms of service" → "terms of service"; "help center" → "a help center".
fn with_article(what: &str) -> String {
    if what.starts_with("a ") || what.starts_with("terms") || what.ends_with('s') {
        what.to_string()
    } else {
        format!("a {what}")
    }
}

/// Which rules to run: ids or pack names to keep, and to drop.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Keep only these (rule ids or pack names); empty keeps all.
    pub select: Vec<String>,
    /// Drop these (rule ids or pack names).
    pub ignore: Vec<String>,
    /// Per-rule overrides: a new severity, or `None` to turn the rule off.
    pub overrides: Vec<(String, Option<crate::finding::Severity>)>,
}

impl Selection {
    /// Whether rule `id` is selected.
    pub fn allows(&self, id: &str) -> bool {
        let pack = id.split('/').next().unwrap_or(id);
        let named = |list: &[String]| list.iter().any(|s| s == id || s == pack);
        let off = self.overrides.iter().any(|(rule, level)| rule == id && level.is_none());
        (self.select.is_empty() || named(&self.select)) && !named(&self.ignore) && !off
    }
}

/// Whether a pack was applied to a document, and why (only for packs that apply to some
/// documents and not others).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PackOutcome {
    /// The pack's name.
    pub pack: String,
    /// Whether its rules ran.
    pub applied: bool,
    /// Why, in a sentence.
    pub reason: String,
}

/// What checking one document found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Findings reported, in output order.
    pub reported: Vec<Finding>,
    /// Findings silenced by suppression comments, in output order.
    pub suppressed: Vec<Finding>,
    /// Packs applied or not, and why.
    pub packs: Vec<PackOutcome>,
}

/// One document's outcome.
#[derive(Debug)]
pub struct Checked {
    /// Path or id of the document.
    pub path: String,
    /// The parsed document (absent when it could not be read).
    pub document: Option<Arc<Document>>,
    /// Findings, in output order.
    pub findings: Vec<Finding>,
    /// Findings silenced by suppression comments in the document, in output order.
    pub suppressed: Vec<Finding>,
    /// Packs applied to the document or not, and why.
    pub packs: Vec<PackOutcome>,
}

/// A pack that runs only on the documents it applies to.
struct Gate {
    pack: String,
    audience: String,
    when: Matcher,
    unless: Option<Matcher>,
    /// The profile that forces the pack on, for the message when it is not applied.
    force: &'static str,
}

/// The names a run knows (every loaded rule and pack, and the internal ones) and those it runs.
#[derive(Debug, Default)]
struct Names {
    known: Vec<String>,
    ran: HashSet<String>,
}

impl crate::suppress::Names for Names {
    fn known(&self, name: &str) -> bool {
        crate::finding::is_internal(name) || self.known.iter().any(|k| k == name)
    }

    fn ran(&self, name: &str) -> bool {
        self.ran.contains(name)
    }

    fn closest(&self, name: &str) -> Option<String> {
        let known: Vec<&str> = self.known.iter().map(String::as_str).collect();
        crate::pack::raw::suggest(name, &known).map(str::to_string)
    }
}

/// Where the time of a run goes, summed over documents and threads.
#[derive(Debug, Default)]
struct Phases {
    read: AtomicU64,
    parse: AtomicU64,
    scan: AtomicU64,
    rules: AtomicU64,
    suppress: AtomicU64,
}

fn add(counter: &AtomicU64, since: Instant) {
    counter.fetch_add(since.elapsed().as_nanos() as u64, Ordering::Relaxed);
}

/// The compiled rules of a run.
pub struct Engine {
    rules: Vec<Box<dyn Rule>>,
    plan: Arc<Plan>,
    selection: Selection,
    /// Time spent in each rule, in nanoseconds, summed over all documents and threads.
    spent: Vec<AtomicU64>,
    phases: Phases,
    names: Names,
    gates: Vec<Gate>,
    /// Whether packs run only where they apply (the `auto` profile).
    gated: bool,
    /// Whether documents that are not privacy policies are spared the absence rules.
    policies_only: bool,
}

impl Engine {
    /// Compile the selected rules of `packs`, with the default script limits.
    pub fn new(packs: &[Pack], selection: Selection) -> Result<Engine, PackError> {
        Engine::with_limits(packs, selection, ScriptLimits::default(), Some(crate::document::Date::today()))
    }

    /// Compile the selected rules of `packs`; scripts run under `limits`, and see `today` as the
    /// reference date of documents without an archive date.
    pub fn with_limits(
        packs: &[Pack],
        selection: Selection,
        limits: ScriptLimits,
        today: Option<crate::document::Date>,
    ) -> Result<Engine, PackError> {
        analyse_patterns(packs, &selection);
        let mut plan = PlanBuilder::default();
        let host = Arc::new(ScriptHost::new(limits, today));
        let mut rules = Vec::new();
        let mut names = Names::default();
        let mut gates = Vec::new();
        for pack in packs {
            if let Some(applies) = &pack.raw.applies {
                let when = Matcher::compile(&applies.when, &mut plan);
                let unless = applies.unless.as_ref().map(|unless| Matcher::compile(unless, &mut plan));
                let force = crate::pack::Profile::forcing(pack.name());
                gates.push(Gate {
                    pack: pack.name().to_string(),
                    audience: applies.audience.clone(),
                    when,
                    unless,
                    force,
                });
            }
            names.known.push(pack.name().to_string());
            let script_file = |path: &str| match &pack.origin {
                Origin::Dir(dir) => dir.join(path).display().to_string(),
                Origin::Builtin(name) => format!("builtin:{name}/{path}"),
            };
            for raw in &pack.raw.rules {
                let id = format!("{}/{}", pack.name(), raw.id);
                names.known.push(id.clone());
                if selection.allows(&id) {
                    names.ran.insert(pack.name().to_string());
                    names.ran.insert(id.clone());
                    let severity =
                        selection.overrides.iter().find(|(rule, _)| *rule == id).and_then(|(_, level)| *level);
                    let info = RuleInfo {
                        id,
                        pack: pack.name().to_string(),
                        severity: severity.unwrap_or(raw.severity),
                        message: raw.message.clone(),
                        help: raw.help.clone(),
                        example: raw.example.clone(),
                        reference: raw.reference.clone(),
                        url: raw.url.clone(),
                        tags: raw.tags.clone(),
                        kind: raw.kind.name(),
                        once: raw.report == Report::Once,
                    };
                    let mut build =
                        Build { plan: &mut plan, host: &host, scripts: &pack.scripts, script_file: &script_file };
                    rules.push(raw.kind.compile(info, &mut build)?);
                }
            }
        }
        let spent = rules.iter().map(|_| AtomicU64::new(0)).collect();
        for internal in crate::finding::INTERNAL_RULES {
            if selection.allows(internal.id) {
                names.ran.insert(internal.id.to_string());
                names.ran.insert(internal.id.split('/').next().unwrap_or_default().to_string());
            }
        }
        // A pack none of whose rules run needs no verdict.
        gates.retain(|gate| names.ran.contains(&gate.pack));
        let plan = Arc::new(plan.build());
        Ok(Engine {
            rules,
            plan,
            selection,
            spent,
            phases: Phases::default(),
            names,
            gates,
            gated: false,
            policies_only: false,
        })
    }

    /// The engine with packs run only on the documents they apply to, and documents that are not
    /// privacy policies spared the absence findings (the `auto` profile), or not.
    pub fn gated(mut self, gated: bool) -> Engine {
        self.gated = gated;
        self.policies_only = gated;
        self
    }

    /// Time spent in each rule so far, summed over documents and threads, slowest first.
    pub fn timings(&self) -> Vec<(String, Duration)> {
        let mut timings: Vec<(String, Duration)> = self
            .rules
            .iter()
            .zip(&self.spent)
            .map(|(rule, spent)| (rule.info().id.clone(), Duration::from_nanos(spent.load(Ordering::Relaxed))))
            .collect();
        timings.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        timings
    }

    /// Time spent in each phase so far (read, parse, scan, rules, suppress), summed over documents
    /// and threads.
    pub fn phase_timings(&self) -> Vec<(&'static str, Duration)> {
        let p = &self.phases;
        [("read", &p.read), ("parse", &p.parse), ("scan", &p.scan), ("rules", &p.rules), ("suppress", &p.suppress)]
            .into_iter()
            .map(|(name, spent)| (name, Duration::from_nanos(spent.load(Ordering::Relaxed))))
            .collect()
    }

    /// The compiled rules.
    pub fn rules(&self) -> impl Iterator<Item = &RuleInfo> {
        self.rules.iter().map(|r| r.info())
    }

    /// Check one parsed document; findings in output order.
    pub fn check(&self, doc: &Arc<Document>) -> Vec<Finding> {
        self.check_document(doc).reported
    }

    /// Which gated packs apply to the document, with why.
    fn packs(&self, ctx: &Context<'_>) -> Vec<PackOutcome> {
        let quote = |hit: &crate::kinds::Hit| crate::kinds::shorten(ctx.doc.slice(&hit.matched).trim(), 60);
        self.gates
            .iter()
            .map(|gate| {
                let hit = gate.when.hits(ctx).into_iter().next();
                let exempt = gate.unless.as_ref().and_then(|unless| unless.hits(ctx).into_iter().next());
                let (applied, reason) = match (&hit, &exempt) {
                    (Some(_), Some(exempt)) => (
                        false,
                        format!(
                            "the policy says the law does not bind it: \"{}\"; use {} to apply it anyway",
                            quote(exempt),
                            gate.force
                        ),
                    ),
                    (Some(hit), None) => (true, format!("the policy addresses {}: \"{}\"", gate.audience, quote(hit))),
                    (None, _) => (
                        false,
                        format!("the policy never mentions {}; use {} to apply it anyway", gate.audience, gate.force),
                    ),
                };
                PackOutcome { pack: gate.pack.clone(), applied, reason }
            })
            .collect()
    }

    /// Check one parsed document: the findings reported and those its suppression comments
    /// silenced, each in output order, and the packs applied.
    pub fn check_document(&self, doc: &Arc<Document>) -> Outcome {
        let started = Instant::now();
        let ctx = Context::new(doc, &self.plan);
        add(&self.phases.scan, started);
        let rules_started = Instant::now();
        let packs = if self.gated { self.packs(&ctx) } else { Vec::new() };
        let skipped = |pack: &str| packs.iter().any(|p| p.pack == pack && !p.applied);
        let mut findings = Vec::new();
        for (rule, spent) in self.rules.iter().zip(&self.spent) {
            if skipped(&rule.info().pack) {
                continue;
            }
            let mut found = Vec::new();
            let started = Instant::now();
            let outcome = catch_unwind(AssertUnwindSafe(|| rule.check(&ctx, &mut found)));
            spent.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
            match outcome {
                Ok(()) => {
                    if rule.info().once {
                        crate::repeats::merge_all(&mut found);
                    }
                    crate::repeats::merge(&doc.source, &mut found);
                    findings.append(&mut found);
                }
                Err(_) => findings.push(Finding::new(
                    rule.info().id.clone(),
                    Severity::Error,
                    "internal error: this rule failed on this document; other rules and documents were checked",
                    None,
                )),
            }
        }
        if self.policies_only && self.selection.allows(NOT_A_PRIVACY_POLICY) {
            if let Some(what) = crate::document::kind::not_a_privacy_policy(doc) {
                // Asking a terms page what a privacy policy must say only yields noise.
                findings.retain(|f| !f.is_document_level() || f.pack() == "io" || f.pack() == "script");
                let mut finding = Finding::new(
                    NOT_A_PRIVACY_POLICY,
                    Severity::Info,
                    format!("This reads as {}, not a privacy policy: the rules about what a policy must say were not applied", with_article(&what)),
                    None,
                );
                finding.help =
                    Some("check a privacy policy, or run with --profile all to apply every rule anyway".into());
                findings.push(finding);
            }
        }
        add(&self.phases.rules, rules_started);
        let suppress_started = Instant::now();
        let suppressions = crate::suppress::Suppressions::of(&doc.source);
        let mut applied = suppressions.apply(findings, &self.names);
        // Findings about suppression comments obey the selection; a selected rule's own findings
        // (script failures included) always stand.
        applied.reported.retain(|f| f.pack() != "suppression" || self.selection.allows(&f.rule));
        sort_findings(&mut applied.reported);
        sort_findings(&mut applied.suppressed);
        add(&self.phases.suppress, suppress_started);
        Outcome { reported: applied.reported, suppressed: applied.suppressed, packs }
    }

    /// Load and check one input.
    pub fn check_input(&self, input: Input) -> Checked {
        let started = Instant::now();
        let date = match &input {
            Input::Record { date, .. } => *date,
            _ => None,
        };
        let read = input::read(input);
        add(&self.phases.read, started);
        let started = Instant::now();
        let Loaded { path, document, mut findings } = match read {
            Ok((path, format, bytes)) => input::decode(path, format, bytes),
            Err(unreadable) => unreadable,
        };
        add(&self.phases.parse, started);
        let document = document.map(|mut document| {
            // A corpus record's date is the snapshot's: it wins over a header line's.
            if date.is_some() {
                document.meta.archived = date;
            }
            Arc::new(document)
        });
        // A path or record that cannot be read is always reported, whatever the selection.
        findings
            .retain(|f| matches!(f.rule.as_str(), "io/unreadable" | "io/bad-record") || self.selection.allows(&f.rule));
        let (mut suppressed, mut packs) = (Vec::new(), Vec::new());
        if let Some(doc) = &document {
            let outcome = self.check_document(doc);
            findings.extend(outcome.reported);
            suppressed = outcome.suppressed;
            packs = outcome.packs;
            sort_findings(&mut findings);
        }
        Checked { path, document, findings, suppressed, packs }
    }

    /// Every rule id and pack name of the loaded packs, selected or not, in pack order.
    pub fn known_names(&self) -> &[String] {
        &self.names.known
    }

    /// Check every input in parallel on `pool`, handing results to `sink` (on the calling thread)
    /// in input order, until the sink returns `false`. Documents stream, so memory stays flat
    /// however many there are.
    pub fn check_all<I, S>(&self, pool: &rayon::ThreadPool, inputs: I, sink: S)
    where
        I: IntoIterator<Item = Input>,
        I::IntoIter: Send,
        S: FnMut(Checked) -> bool,
    {
        check_each(pool, inputs.into_iter().map(|input| (self, input)), sink);
    }
}

/// Check each input with its own engine (documents of different projects use different
/// configurations) on as many threads as `pool` has, handing results to `sink` in input order,
/// until the sink returns `false` (the output was closed). Documents stream: a thread starts a
/// document only when it is fewer than four per thread ahead of the last one handed on, so memory
/// holds a few documents per thread however long the run.
pub fn check_each<'a, I, S>(pool: &rayon::ThreadPool, inputs: I, mut sink: S)
where
    I: IntoIterator<Item = (&'a Engine, Input)>,
    I::IntoIter: Send,
    S: FnMut(Checked) -> bool,
{
    use std::collections::BTreeMap;
    use std::sync::atomic::AtomicBool;
    use std::sync::{mpsc, Condvar, Mutex};

    let threads = pool.current_num_threads().max(1);
    let window = 4 * threads;
    let source = Mutex::new(inputs.into_iter().enumerate());
    // How many results were handed on, and a signal for threads waiting to get ahead.
    let handed = (Mutex::new(0usize), Condvar::new());
    let stop = AtomicBool::new(false);
    let (results, received) = mpsc::channel::<(usize, Checked)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let results = results.clone();
            let (source, handed, stop) = (&source, &handed, &stop);
            scope.spawn(move || loop {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let next = source.lock().map(|mut inputs| inputs.next()).unwrap_or(None);
                let Some((index, (engine, input))) = next else { break };
                {
                    let (count, ahead) = handed;
                    let mut count = count.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                    while index >= *count + window && !stop.load(Ordering::Relaxed) {
                        count = ahead.wait(count).unwrap_or_else(|poisoned| poisoned.into_inner());
                    }
                }
                if stop.load(Ordering::Relaxed) || results.send((index, engine.check_input(input))).is_err() {
                    break;
                }
            });
        }
        drop(results);
        let mut pending: BTreeMap<usize, Checked> = BTreeMap::new();
        let mut next = 0;
        'receiving: for (index, checked) in received.iter() {
            pending.insert(index, checked);
            while let Some(checked) = pending.remove(&next) {
                next += 1;
                *handed.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = next;
                handed.1.notify_all();
                if !sink(checked) {
                    stop.store(true, Ordering::Relaxed);
                    handed.1.notify_all();
                    break 'receiving;
                }
            }
        }
        // Dropping the receiver makes a thread still checking stop at its next send.
        drop(received);
    });
}

/// Analyse the selected rules' patterns (syntax tree, needed literals, starts) on the threads of the
/// current pool: each is independent of the others, and together they are most of the time it
/// takes to compile a run. The rules then register them one by one, in pack order.
fn analyse_patterns(packs: &[Pack], selection: &Selection) {
    use rayon::prelude::*;
    let mut patterns: Vec<&Pattern> = Vec::new();
    for pack in packs {
        if let Some(applies) = &pack.raw.applies {
            applies.when.patterns(&mut patterns);
            applies.unless.iter().for_each(|m| m.patterns(&mut patterns));
        }
        for raw in &pack.raw.rules {
            if selection.allows(&format!("{}/{}", pack.name(), raw.id)) {
                raw.kind.patterns(&mut patterns);
            }
        }
    }
    // The plan keeps one pattern per source; the others are never analysed.
    let mut seen = HashSet::new();
    patterns.retain(|p| seen.insert((p.source.as_str(), p.case_sensitive)));
    patterns.par_iter().for_each(|pattern| {
        pattern.starts();
    });
}

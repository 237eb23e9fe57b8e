//! What text a regex cannot match without: from its syntax tree, a short list of literals one of
//! which occurs in every match (lowercase ASCII, for a case-insensitive search). Alternations
//! are split into branches, each branch into literal runs and gaps, and the rarest required run
//! of each branch is kept, as ripgrep's inner literals and Hyperscan do.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Most literals a pattern's requirement may list; beyond that, it is not worth a prefilter.
const MAX_LITERALS: usize = 256;

/// Most strings a small class or alternation is expanded into inside a literal run.
const MAX_EXPANSION: usize = 16;

/// Words so common in policies that a literal of them alone says little.
const COMMON: &[&str] = &[
    "the",
    "and",
    "you",
    "your",
    "our",
    "ours",
    "we",
    "us",
    "of",
    "to",
    "in",
    "for",
    "with",
    "that",
    "this",
    "may",
    "not",
    "any",
    "are",
    "will",
    "can",
    "information",
    "data",
    "personal",
    "use",
    "used",
    "by",
    "or",
    "on",
    "is",
    "be",
    "as",
    "at",
    "from",
    "it",
    "its",
    "an",
    "such",
    "other",
    "these",
    "those",
    "have",
    "has",
    "which",
    "when",
    "where",
    "their",
    "they",
    "them",
    "all",
    "if",
    "do",
    "does",
    "about",
    "services",
    "service",
    "site",
    "website",
    "privacy",
    "policy",
    "collect",
    "share",
    "provide",
    "account",
];

/// What a piece of a pattern requires.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Need {
    /// Nothing: it can match without any particular text.
    Nothing,
    /// One of these literals occurs in every match.
    OneOf(Vec<Vec<u8>>),
}

/// The literals, one of which every match of `hir` contains, if a short list of them exists.
pub(crate) fn required(hir: &Hir) -> Option<Vec<String>> {
    match need(hir) {
        Need::Nothing => None,
        Need::OneOf(literals) => {
            let mut out: Vec<String> =
                literals.into_iter().map(|l| String::from_utf8_lossy(&l).to_ascii_lowercase()).collect();
            out.sort();
            out.dedup();
            // "sell" is required whenever "sells" is: keep the shorter, it covers both.
            let kept: Vec<String> =
                out.iter().filter(|l| !out.iter().any(|o| o != *l && l.contains(o.as_str()))).cloned().collect();
            Some(kept)
        }
    }
}

/// Where every match of a pattern starts: at one of these literals (lowercase ASCII), or at the
/// start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Starts {
    /// Literals, none a prefix of another.
    pub literals: Vec<String>,
    /// Whether some matches start at the start of a line (`(?m)^`) instead.
    pub lines: bool,
}

/// Most bytes of a start literal that are kept.
const MAX_START: usize = 16;

/// Stands for "the start of a line" among prefixes: a byte no ASCII pattern's literal holds.
const LINE_START: u8 = 0xff;

/// Where every match of `hir` starts, if a short list of literals (none shorter than two
/// bytes) and line starts say it: a match can then only begin there, and is searched for there
/// alone.
pub(crate) fn starts(hir: &Hir) -> Option<Starts> {
    let (prefixes, _) = prefix(hir)?;
    let lines = prefixes.iter().any(|p| p.first() == Some(&LINE_START));
    let literals: Vec<Vec<u8>> = prefixes.into_iter().filter(|p| p.first() != Some(&LINE_START)).collect();
    if literals.len() > MAX_LITERALS || literals.iter().any(|l| l.len() < 2) || (literals.is_empty() && !lines) {
        return None;
    }
    // A few letters say where a match starts nearly as well as a whole phrase, and fewer, shorter
    // literals make a faster automaton.
    let mut out: Vec<String> = literals
        .into_iter()
        .map(|l| String::from_utf8_lossy(&l[..l.len().min(MAX_START)]).to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    // Where "sells" starts, "sell" does: keep the shorter.
    let kept = out.iter().filter(|l| !out.iter().any(|o| o != *l && l.starts_with(o.as_str()))).cloned().collect();
    Some(Starts { literals: kept, lines })
}

/// The strings every match of `hir` begins with, and whether they are the whole match.
fn prefix(hir: &Hir) -> Option<(Vec<Vec<u8>>, bool)> {
    if let Some(strings) = exact(hir) {
        return Some((strings, true));
    }
    match hir.kind() {
        HirKind::Capture(capture) => prefix(&capture.sub),
        // An optional piece: nothing, or one of its strings.
        HirKind::Repetition(repetition) if repetition.min == 0 && repetition.max == Some(1) => {
            let (mut strings, whole) = prefix(&repetition.sub)?;
            if !whole {
                return None;
            }
            strings.push(Vec::new());
            Some((strings, true))
        }
        HirKind::Repetition(repetition) if repetition.min >= 1 => prefix(&repetition.sub).map(|(p, _)| (p, false)),
        HirKind::Alternation(branches) => {
            let mut out = Vec::new();
            let mut complete = true;
            for branch in branches {
                let (strings, whole) = prefix(branch)?;
                complete &= whole;
                out.extend(strings);
                if out.len() > MAX_LITERALS {
                    // Too many: shorter prefixes of them still say where matches start.
                    out = shorten(out)?;
                    complete = false;
                }
            }
            Some((out, complete))
        }
        HirKind::Concat(parts) => {
            let mut out: Vec<Vec<u8>> = vec![Vec::new()];
            for part in parts {
                // A branch that opens at the start of a line starts there, whatever follows.
                if out == [Vec::<u8>::new()] && matches!(part.kind(), HirKind::Look(look) if opens_line(*look)) {
                    return Some((vec![vec![LINE_START]], false));
                }
                let Some((strings, whole)) = prefix(part) else {
                    return Some((out, false));
                };
                if out.len() * strings.len() > MAX_LITERALS {
                    return Some((out, false));
                }
                out = out
                    .iter()
                    .flat_map(|a| strings.iter().map(move |b| [a.as_slice(), b.as_slice()].concat()))
                    .collect();
                if !whole {
                    return Some((out, false));
                }
            }
            Some((out, true))
        }
        _ => None,
    }
}

/// `prefixes` cut short enough that at most `MAX_LITERALS` distinct ones remain, if that leaves
/// them at least two bytes long.
fn shorten(prefixes: Vec<Vec<u8>>) -> Option<Vec<Vec<u8>>> {
    for len in [MAX_START, 12, 8, 6, 4, 3, 2] {
        let mut cut: Vec<Vec<u8>> = prefixes.iter().map(|p| p[..p.len().min(len)].to_vec()).collect();
        cut.sort();
        cut.dedup();
        if cut.len() <= MAX_LITERALS {
            return Some(cut);
        }
    }
    None
}

/// Whether a look-around holds only at the start of a line (or of the text).
fn opens_line(look: Look) -> bool {
    matches!(look, Look::Start | Look::StartLF | Look::StartCRLF)
}

/// The exact strings `hir` matches, when they are few (a literal, a small class, a small
/// alternation of those, and concatenations of them).
fn exact(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        // Look-arounds consume nothing: the text on either side of one is still one run.
        HirKind::Empty | HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Literal(literal) => Some(vec![literal.0.to_vec()]),
        HirKind::Class(class) => class_chars(class),
        HirKind::Capture(capture) => exact(&capture.sub),
        HirKind::Alternation(branches) => {
            let mut out = Vec::new();
            for branch in branches {
                out.extend(exact(branch)?);
                if out.len() > MAX_EXPANSION {
                    return None;
                }
            }
            Some(out)
        }
        HirKind::Concat(parts) => {
            let mut out = vec![Vec::new()];
            for part in parts {
                out = cross(&out, &exact(part)?)?;
            }
            Some(out)
        }
        HirKind::Repetition(repetition) if repetition.min == 1 && repetition.max == Some(1) => exact(&repetition.sub),
        _ => None,
    }
}

/// The characters of a small class as strings; one letter in its case variants is one string.
fn class_chars(class: &Class) -> Option<Vec<Vec<u8>>> {
    let chars: Vec<char> = match class {
        Class::Unicode(unicode) => {
            let mut chars = Vec::new();
            for range in unicode.iter() {
                if chars.len() + (range.end() as usize - range.start() as usize) >= MAX_EXPANSION {
                    return None;
                }
                chars.extend(range.start()..=range.end());
            }
            chars
        }
        Class::Bytes(bytes) => {
            let mut chars = Vec::new();
            for range in bytes.iter() {
                if chars.len() + usize::from(range.end() - range.start()) >= MAX_EXPANSION {
                    return None;
                }
                chars.extend((range.start()..=range.end()).map(char::from));
            }
            chars
        }
    };
    // Case variants fold to one letter: the text is searched without regard to ASCII case, and
    // the two non-ASCII letters that fold to ASCII ones (the Kelvin sign, the long s) are folded
    // when documents are read.
    let mut folded: Vec<Vec<u8>> = chars
        .iter()
        .map(|c| match c {
            '\u{212a}' => "k".to_string(),
            '\u{17f}' => "s".to_string(),
            c => c.to_lowercase().collect::<String>(),
        })
        .map(String::into_bytes)
        .collect();
    folded.sort();
    folded.dedup();
    Some(folded)
}

fn cross(left: &[Vec<u8>], right: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if left.len() * right.len() > MAX_EXPANSION {
        return None;
    }
    Some(left.iter().flat_map(|a| right.iter().map(move |b| [a.as_slice(), b.as_slice()].concat())).collect())
}

fn need(hir: &Hir) -> Need {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Need::Nothing,
        HirKind::Literal(_) | HirKind::Class(_) => exact(hir).map_or(Need::Nothing, one_of),
        HirKind::Capture(capture) => need(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => need(&repetition.sub),
        HirKind::Repetition(_) => Need::Nothing,
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                match need(branch) {
                    Need::Nothing => return Need::Nothing,
                    Need::OneOf(literals) => all.extend(literals),
                }
                if all.len() > MAX_LITERALS {
                    return Need::Nothing;
                }
            }
            Need::OneOf(all)
        }
        HirKind::Concat(parts) => {
            // Every part is required: the candidates are each part's own need, and each run of
            // exactly known parts joined into longer literals.
            let mut candidates: Vec<Vec<Vec<u8>>> = Vec::new();
            let mut run: Option<Vec<Vec<u8>>> = None;
            for part in parts {
                match exact(part) {
                    Some(strings) => {
                        run = match run.take() {
                            Some(current) => match cross(&current, &strings) {
                                Some(joined) => Some(joined),
                                None => {
                                    candidates.push(current);
                                    Some(strings)
                                }
                            },
                            None => Some(strings),
                        };
                    }
                    None => {
                        candidates.extend(run.take());
                        if let Need::OneOf(literals) = need(part) {
                            candidates.push(literals);
                        }
                    }
                }
            }
            candidates.extend(run);
            candidates.into_iter().min_by(|a, b| cost(a).total_cmp(&cost(b))).map_or(Need::Nothing, one_of)
        }
    }
}

fn one_of(literals: Vec<Vec<u8>>) -> Need {
    // A single character occurs in nearly every block: no use as a prefilter, and costly to find.
    if literals.is_empty() || literals.len() > MAX_LITERALS || literals.iter().any(|l| l.len() < 2) {
        return Need::Nothing;
    }
    Need::OneOf(literals)
}

/// How often a set of literals is expected to occur: lower is rarer, and a better prefilter.
fn cost(literals: &[Vec<u8>]) -> f64 {
    literals.iter().map(|l| literal_cost(l)).sum()
}

fn literal_cost(literal: &[u8]) -> f64 {
    let text = String::from_utf8_lossy(literal).to_ascii_lowercase();
    let trimmed = text.trim();
    let letters = trimmed.chars().filter(|c| c.is_alphanumeric()).count();
    if letters < 3 {
        return 100.0;
    }
    let common = trimmed.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).all(|w| COMMON.contains(&w));
    let base = 1.0 / (letters * letters) as f64;
    if common {
        base * 40.0
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::ParserBuilder::new().case_insensitive(true).build().parse(pattern).unwrap();
        required(&hir)
    }

    #[test]
    fn branches_keep_their_rarest_required_run() {
        assert_eq!(
            literals(r"do[- ]not[- ]track|\bDNT\b"),
            Some(vec![
                "dnt".into(),
                "do not track".into(),
                "do not-track".into(),
                "do-not track".into(),
                "do-not-track".into()
            ])
        );
        assert_eq!(literals(r"\bwe (sell|rent)\b[^.]{0,60}\bpersonal"), Some(vec!["we rent".into(), "we sell".into()]));
        assert_eq!(literals(r"retain[^.]{0,40}\b(days|months|years)\b"), Some(vec!["retain".into()]));
        assert_eq!(literals(r"\w+ days"), Some(vec![" days".into()]));
    }

    fn starts_of(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::ParserBuilder::new().case_insensitive(true).build().parse(pattern).unwrap();
        starts(&hir).map(|s| {
            assert!(!s.lines, "{pattern}");
            s.literals
        })
    }

    #[test]
    fn matches_start_with_the_first_literals_of_each_branch() {
        assert_eq!(
            starts_of(r"\b(submit|make)\w*\b[^.]{0,80}\brequests?|\bcontact us\b"),
            Some(vec!["contact us".into(), "make".into(), "submit".into()])
        );
        assert_eq!(
            starts_of(r"\b(e-?mail|call) us\b"),
            Some(vec!["call us".into(), "e-mail us".into(), "email us".into()])
        );
        assert_eq!(starts_of(r"(sells?|rent)\b"), Some(vec!["rent".into(), "sell".into()]));
        // A branch that may begin anywhere, or with one character, gives no starts.
        assert_eq!(starts_of(r"\bsell\b|\w+ days"), None);
        assert_eq!(starts_of(r"(the )?sale"), Some(vec!["sale".into(), "the sale".into()]));
        assert_eq!(starts_of(r"(\w+ )?sale"), None);
        assert_eq!(
            starts_of(r"\b(sub-?)?processors?"),
            Some(vec!["processor".into(), "sub-processor".into(), "subprocessor".into()])
        );
        assert_eq!(starts_of(r"[a-z]\d"), None);
        // A long alternation is cut to shorter prefixes rather than given up.
        let words: Vec<String> = (0..300).map(|i| format!("w{i:03}x")).collect();
        let starts = starts_of(&format!(r"\b({})\b", words.join("|"))).unwrap();
        assert!(starts.len() <= MAX_LITERALS && starts.iter().all(|s| s.len() >= 3), "{starts:?}");
        assert!(words.iter().all(|w| starts.iter().any(|s| w.starts_with(s.as_str()))));
        // Cut to sixteen bytes: enough to tell where a match may start.
        assert_eq!(starts_of(r"\bwe do not disclose your data"), Some(vec!["we do not disclo".into()]));
    }

    #[test]
    fn a_branch_opening_a_line_starts_at_line_starts() {
        let hir =
            regex_syntax::ParserBuilder::new().build().parse(r"(\b(you|so)\b[^.]{0,50}|(?m:^)\W*)\bcheck").unwrap();
        assert_eq!(starts(&hir), Some(Starts { literals: vec!["so".into(), "you".into()], lines: true }));
        let hir = regex_syntax::ParserBuilder::new().build().parse(r"(?m)^\s*cookies|^\W").unwrap();
        assert_eq!(starts(&hir), Some(Starts { literals: vec![], lines: true }));
        // Only at the front of a branch: "a ^" inside it does not say where the match starts.
        let hir = regex_syntax::ParserBuilder::new().build().parse(r"(?m)\w*\n^cookies").unwrap();
        assert_eq!(starts(&hir), None);
    }

    #[test]
    fn optional_parts_and_bare_classes_require_nothing() {
        assert_eq!(literals(r"(cookies)?\w+"), None);
        assert_eq!(literals(r"\d{2,4}"), None);
        assert_eq!(literals(r"cookies|\w+"), None);
    }

    #[test]
    fn a_longer_literal_is_covered_by_a_shorter_one_it_contains() {
        assert_eq!(literals(r"sells?|sell"), Some(vec!["sell".into()]));
    }
}

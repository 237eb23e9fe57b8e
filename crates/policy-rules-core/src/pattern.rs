//! Regexes and phrase lists as rules write them, compiled to match the normalized document text.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexBuilder};
use regex_syntax::hir::literal::Extractor;

/// Fold typography in a pattern the same way document text is folded (quotes, dashes, spaces).
pub fn fold_typography(pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
            '\u{a0}' | '\u{2007}' | '\u{202f}' => ' ',
            c => c,
        })
        .collect()
}

/// Rewrite Unicode word boundaries `\b`/`\B` to ASCII ones, which are far faster on real text.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some('B') => out.push_str("(?-u:\\B)"),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A compiled rule regex with the literals one of which every match must start with.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern as written.
    pub source: String,
    /// The compiled regex.
    pub regex: Regex,
    /// Whether it matches case-sensitively.
    pub case_sensitive: bool,
    /// Lowercase literals one of which starts every match, when there is a short list of them.
    pub literals: Option<Vec<String>>,
}

impl Pattern {
    /// Compile `source`: case-insensitive unless asked, typography folded, ASCII word boundaries.
    pub fn new(source: &str, case_sensitive: bool) -> Result<Pattern, String> {
        let prepared = ascii_word_boundaries(&fold_typography(source));
        let regex = RegexBuilder::new(&prepared)
            .case_insensitive(!case_sensitive)
            .size_limit(1 << 24)
            .dfa_size_limit(8 << 20)
            .build()
            .map_err(|e| match e {
                // The last line of a syntax error says what is wrong; the lines above draw a
                // caret under the pattern as rewritten for matching, not as the user wrote it.
                regex::Error::Syntax(message) => {
                    message.lines().last().unwrap_or_default().trim_start_matches("error: ").to_string()
                }
                other => other.to_string(),
            })?;
        Ok(Pattern { source: source.to_string(), literals: prefix_literals(&prepared), regex, case_sensitive })
    }
}

/// The prefix literals of a pattern, lowercased, if every match must begin with one of a few.
fn prefix_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    let seq = Extractor::new().extract(&hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.len() > 64 {
        return None;
    }
    let mut out = Vec::with_capacity(literals.len());
    for literal in literals {
        let text = std::str::from_utf8(literal.as_bytes()).ok()?;
        // Case-insensitive prefiltering is only sound for ASCII literals.
        if text.is_empty() || !text.is_ascii() {
            return None;
        }
        out.push(text.to_ascii_lowercase());
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// A list of literal phrases compiled into one automaton.
#[derive(Debug, Clone)]
pub struct Phrases {
    /// The phrases, typography folded and white space collapsed.
    pub phrases: Vec<String>,
    /// The automaton (ASCII case-insensitive, leftmost-longest).
    pub automaton: AhoCorasick,
}

impl Phrases {
    /// Compile a phrase list.
    pub fn new(phrases: &[String]) -> Result<Phrases, String> {
        let folded: Vec<String> =
            phrases.iter().map(|p| fold_typography(p).split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        if let Some(empty) = folded.iter().position(String::is_empty) {
            return Err(format!("phrase {} is empty", empty + 1));
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&folded)
            .map_err(|e| e.to_string())?;
        Ok(Phrases { phrases: folded, automaton })
    }

    /// Matches in `text` that start and end on word boundaries.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
        self.automaton.find_iter(text).map(|m| m.range()).filter(move |range| on_word_boundaries(text, range.clone()))
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `range` neither starts nor ends inside a word.
pub fn on_word_boundaries(text: &str, range: std::ops::Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let starts_clean = range.start == 0 || !is_word_byte(bytes[range.start]) || !is_word_byte(bytes[range.start - 1]);
    let ends_clean = range.end >= bytes.len()
        || range.is_empty()
        || !is_word_byte(bytes[range.end - 1])
        || !is_word_byte(bytes[range.end]);
    starts_clean && ends_clean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_apostrophes_in_patterns_match_straight_text() {
        let pattern = Pattern::new("don\u{2019}t\\b", false).unwrap();
        assert!(Pattern::new("don\u{2019}t", false).unwrap().regex.is_match("We DON'T sell"));
        assert!(pattern.regex.is_match("we don't"));
    }

    #[test]
    fn prefix_literals_are_extracted_for_the_prefilter() {
        let pattern = Pattern::new(r"do[- ]not[- ]track|\bDNT\b", false).unwrap();
        let literals = pattern.literals.unwrap();
        assert!(literals.contains(&"dnt".to_string()));
        assert!(literals.iter().any(|l| l.starts_with("do")));
        assert_eq!(Pattern::new(r"\w+ days", false).unwrap().literals, None);
    }

    #[test]
    fn phrases_respect_word_boundaries() {
        let phrases = Phrases::new(&["as needed".to_string()]).unwrap();
        let text = "kept as   needed; not as neededly";
        let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(phrases.find_iter(&folded).count(), 1);
    }

    #[test]
    fn invalid_regex_reports_the_engine_message() {
        let error = Pattern::new("retain(", false).unwrap_err();
        assert!(error.contains("unclosed group"), "{error}");
    }
}

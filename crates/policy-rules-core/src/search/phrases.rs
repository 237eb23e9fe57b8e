//! Lists of literal phrases, compiled into one automaton.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::pattern::fold_typography;

/// A list of literal phrases compiled into one automaton.
#[derive(Debug, Clone)]
pub struct Phrases {
    /// The phrases, typography folded and white space collapsed.
    pub phrases: Vec<String>,
    automaton: AhoCorasick,
}

/// Written back as the list of phrases.
impl serde::Serialize for Phrases {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.phrases.serialize(serializer)
    }
}

impl schemars::JsonSchema for Phrases {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Phrases".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "array",
            "items": { "type": "string", "minLength": 1 },
            "minItems": 1,
            "description": "Literal phrases, matched case-insensitively on word boundaries."
        })
    }
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
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        self.find_in(text, 0..text.len())
    }

    /// Matches inside `range` of `text` that start and end on word boundaries.
    pub fn find_in<'a>(&'a self, text: &'a str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + 'a {
        let input = aho_corasick::Input::new(text).range(range);
        self.automaton.find_iter(input).map(|m| m.range()).filter(move |r| on_word_boundaries(text, r.clone()))
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `range` neither starts nor ends inside a word.
pub fn on_word_boundaries(text: &str, range: Range<usize>) -> bool {
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
    fn phrases_respect_word_boundaries() {
        let phrases = Phrases::new(&["as needed".to_string()]).unwrap();
        let text = "kept as   needed; not as neededly";
        let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(phrases.find_iter(&folded).count(), 1);
    }
}

//! Sentence boundaries: Unicode sentence bounds (UAX #29), re-joined after abbreviations.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Abbreviations (without their final period) after which a sentence does not end.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "u.s", "u.k", "u.s.a", "e.u", "inc", "ltd", "co", "corp", "llc", "l.l.c", "plc", "gmbh", "s.a",
    "n.v", "b.v", "etc", "vs", "v", "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "sec", "art", "para", "cf",
    "approx", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "p", "pp",
    "ch", "fig", "vol", "ed", "viz", "incl", "esp", "dept", "ave", "blvd", "rd", "ste", "tel", "ph", "a.m", "p.m",
];

/// Whether `head` (a sentence so far) ends with an abbreviation and its period.
fn ends_with_abbreviation(head: &str) -> bool {
    let trimmed = head.trim_end();
    let Some(before_period) = trimmed.strip_suffix('.') else {
        return false;
    };
    let word_start =
        before_period.rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '\'').map_or(0, |i| i + 1);
    let word = before_period[word_start..].to_ascii_lowercase();
    if word.is_empty() {
        return false;
    }
    // A single capital letter is an initial ("J. Smith").
    let single_letter = word.len() == 1 && word.chars().all(|c| c.is_ascii_alphabetic());
    single_letter || ABBREVIATIONS.contains(&word.as_str())
}

/// Sentence ranges (relative to `text`), trimmed of surrounding white space.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut sentences: Vec<Range<usize>> = Vec::new();
    let mut pending: Option<Range<usize>> = None;
    for (start, piece) in text.split_sentence_bound_indices() {
        let range = start..start + piece.len();
        pending = Some(match pending.take() {
            Some(open) if ends_with_abbreviation(&text[open.clone()]) => open.start..range.end,
            Some(open) => {
                sentences.push(open);
                range
            }
            None => range,
        });
    }
    sentences.extend(pending);
    sentences
        .into_iter()
        .filter_map(|range| {
            let piece = &text[range.clone()];
            let lead = piece.len() - piece.trim_start().len();
            let trail = piece.len() - piece.trim_end().len();
            let trimmed = range.start + lead..range.end - trail;
            (!trimmed.is_empty()).then_some(trimmed)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("We are Acme Inc. We store data in the U.S. Government rules apply, e.g. HIPAA. Done."),
            vec!["We are Acme Inc. We store data in the U.S. Government rules apply, e.g. HIPAA.", "Done."]
        );
        assert_eq!(sentences("First one. Second one! Third?"), vec!["First one.", "Second one!", "Third?"]);
    }
}

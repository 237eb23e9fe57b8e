//! Readability measures: Flesch reading ease and Flesch–Kincaid grade, from words, sentences, syllables.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::document::{BlockKind, Document};

/// Counts and scores for a stretch of text.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Readability {
    /// Words.
    pub words: usize,
    /// Sentences (headings excluded).
    pub sentences: usize,
    /// Syllables, estimated.
    pub syllables: usize,
    /// Flesch reading ease: higher is easier; below 30 is very hard.
    pub reading_ease: f64,
    /// Flesch–Kincaid grade level: the US school grade needed to follow the text.
    pub grade: f64,
}

impl Readability {
    /// Measure the body sentences of `doc` inside `range` of its normalized text.
    pub fn of(doc: &Document, range: Range<usize>) -> Readability {
        let mut words = 0;
        let mut sentences = 0;
        let mut syllables = 0;
        // Sentences are in order: find the first one in the range instead of scanning them all.
        let first = doc.sentences().partition_point(|s| s.range.start < range.start);
        for sentence in doc.sentences()[first..].iter().take_while(|s| s.range.start < range.end) {
            if sentence.range.end > range.end {
                continue;
            }
            if matches!(doc.blocks[sentence.block].kind, BlockKind::Heading(_)) {
                continue;
            }
            sentences += 1;
            for word in doc.text[sentence.range.clone()].unicode_words() {
                words += 1;
                syllables += syllable_count(word);
            }
        }
        Readability::from_counts(words, sentences, syllables)
    }

    /// Scores from raw counts.
    pub fn from_counts(words: usize, sentences: usize, syllables: usize) -> Readability {
        if words == 0 || sentences == 0 {
            return Readability { words, sentences, syllables, reading_ease: 0.0, grade: 0.0 };
        }
        let words_per_sentence = words as f64 / sentences as f64;
        let syllables_per_word = syllables as f64 / words as f64;
        Readability {
            words,
            sentences,
            syllables,
            reading_ease: 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word,
            grade: 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59,
        }
    }
}

/// Estimated syllables in an English word: vowel groups, less a silent final "e", at least one.
pub fn syllable_count(word: &str) -> usize {
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    // The last four letters, lowercased, and the count of vowel groups; no allocation per word.
    let mut tail = [' '; 4];
    let mut letters = 0;
    let mut count = 0;
    let mut previous_vowel = false;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        let c = c.to_ascii_lowercase();
        let vowel = is_vowel(c);
        if vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = vowel;
        tail = [tail[1], tail[2], tail[3], c];
        letters += 1;
    }
    if letters == 0 {
        return 1;
    }
    if letters > 2 {
        let [fourth, third, before, last] = tail;
        let third = if letters > 3 { third } else { ' ' };
        // A final "e" is silent ("make"), but "-le" after a consonant is a syllable ("table").
        let consonant_le = before == 'l' && !is_vowel(third);
        let silent_e = last == 'e' && !is_vowel(before) && !consonant_le;
        // "-ed" is silent except after t or d ("stored", but "collected", "provided").
        let silent_ed = before == 'e' && last == 'd' && !matches!(third, 't' | 'd') && !is_vowel(third);
        // "-es" is silent except after sibilants ("provides", but "uses", "processes").
        let silent_es = before == 'e'
            && last == 's'
            && !is_vowel(third)
            && !matches!(third, 's' | 'x' | 'z' | 'c' | 'g')
            && !(letters > 4 && matches!(fourth, 'c' | 's') && third == 'h');
        if silent_e || silent_ed || silent_es {
            count -= 1;
        }
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_of_common_words() {
        let cases = [("the", 1), ("privacy", 3), ("information", 4), ("make", 1), ("table", 2), ("data", 2)];
        for (word, expected) in cases {
            assert_eq!(syllable_count(word), expected, "{word}");
        }
    }

    #[test]
    fn grade_follows_the_flesch_kincaid_formula() {
        let r = Readability::from_counts(100, 5, 150);
        assert!((r.grade - (0.39 * 20.0 + 11.8 * 1.5 - 15.59)).abs() < 1e-9);
        assert!((r.reading_ease - (206.835 - 1.015 * 20.0 - 84.6 * 1.5)).abs() < 1e-9);
    }
}

//! Recognising headings that real policies write without heading markup.

/// Depth of a numbered heading line such as "1. Information Collected" (1) or "4.1 Cookies" (2).
pub fn numbered_depth(text: &str) -> Option<u8> {
    let text = text.trim();
    let number_end = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let number = &text[..number_end];
    let rest = text[number_end..].trim_start();
    if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) || rest.len() == text.len() - number_end {
        return None;
    }
    let parts: Vec<&str> = number.trim_end_matches('.').split('.').collect();
    if parts.iter().any(|part| part.is_empty() || part.len() > 2) || parts.len() > 4 {
        return None;
    }
    if !title_like(rest) {
        return None;
    }
    Some(parts.len() as u8)
}

/// Whether a line is short, unpunctuated and starts with a capital: the shape of a title.
pub fn title_like(text: &str) -> bool {
    // Counting stops past the limit: a paragraph is not read to its end.
    let words = text.split_whitespace().take(13).count();
    (1..=12).contains(&words)
        && text.starts_with(|c: char| c.is_uppercase())
        && !text.ends_with(['.', ',', ';', ':'])
        && !text.contains(". ")
}

/// Whether a short line is written in capitals ("INFORMATION WE COLLECT").
pub fn is_all_caps(text: &str) -> bool {
    // The cheap tests first: most blocks are long paragraphs.
    if text.ends_with(['.', ',', ';']) || text.split_whitespace().nth(10).is_some() {
        return false;
    }
    let mut letters = 0;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_lines_are_headings_but_numbered_sentences_are_not() {
        assert_eq!(numbered_depth("1. Information Collected"), Some(1));
        assert_eq!(numbered_depth("4.1 Cookies"), Some(2));
        assert_eq!(numbered_depth("1. We collect your name. We also collect more."), None);
        assert_eq!(numbered_depth("2020 was a year"), None);
        assert_eq!(numbered_depth("30 days"), None);
    }
}

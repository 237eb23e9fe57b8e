//! `parse_duration("two years")`: a stated period in days.

const NUMBERS: &[(&str, f64)] = &[
    ("a", 1.0),
    ("an", 1.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("half", 0.5),
];

const UNITS: &[(&str, f64)] = &[
    ("day", 1.0),
    ("days", 1.0),
    ("week", 7.0),
    ("weeks", 7.0),
    ("month", 30.0),
    ("months", 30.0),
    ("year", 365.0),
    ("years", 365.0),
];

/// Days in a period such as "30 days", "two years", "6 months", "a year", "24-month", "ten (10) years".
pub fn parse_duration_days(text: &str) -> Option<i64> {
    let cleaned: String = text
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { ' ' })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut number: Option<f64> = None;
    for (i, word) in words.iter().enumerate() {
        if let Some((_, unit)) = UNITS.iter().find(|(name, _)| name == word) {
            let count = number.unwrap_or(1.0);
            return Some((count * unit).round() as i64);
        }
        if let Ok(value) = word.parse::<f64>() {
            // "ten (10) years": the figure repeats the word.
            if number.is_none() || words.get(i.wrapping_sub(1)).is_some_and(|w| NUMBERS.iter().any(|(n, _)| n == w)) {
                number = Some(value);
            }
            continue;
        }
        if let Some((_, value)) = NUMBERS.iter().find(|(name, _)| name == word) {
            number = Some(match (number, *word) {
                (Some(tens), _) if tens >= 20.0 && *value < 10.0 => tens + value,
                _ => *value,
            });
            continue;
        }
        if !matches!(*word, "and" | "of" | "for" | "up" | "to" | "calendar" | "business" | "full") {
            number = None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_in_the_words_policies_use() {
        assert_eq!(parse_duration_days("two years"), Some(730));
        assert_eq!(parse_duration_days("30 days"), Some(30));
        assert_eq!(parse_duration_days("ten (10) years"), Some(3650));
        assert_eq!(parse_duration_days("a year"), Some(365));
        assert_eq!(parse_duration_days("24-month"), Some(720));
        assert_eq!(parse_duration_days("twenty-four months"), Some(720));
        assert_eq!(parse_duration_days("as long as needed"), None);
    }
}

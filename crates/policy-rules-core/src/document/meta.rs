//! Document metadata: dates, and the corpus archive date.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of month, 1–31.
    pub day: u32,
}

impl Date {
    /// A date, if it exists on the calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=days_in_month).contains(&day) && (1900..=2200).contains(&year)).then_some(Date { year, month, day })
    }

    /// ISO 8601 form, `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Parse `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.get(..2)?.parse().ok()?;
        Date::new(year, month, day)
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today's date (UTC).
    pub fn today() -> Date {
        let seconds =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        Date::from_days_since_epoch(seconds.div_euclid(86_400))
    }

    /// Days since 1970-01-01 (proleptic Gregorian calendar).
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }
}

/// A date stated in the text, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// The date.
    pub date: Date,
    /// Range of the whole statement ("Last updated: May 1, 2024") in the normalized text.
    pub range: Range<usize>,
}

static ARCHIVED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"archived on (\d{4}-\d{2}-\d{2})").expect("archive regex is valid"));

/// The archive date in a corpus header line ("…archived on 2014-12-17…").
pub fn archive_date(header: &str) -> Option<Date> {
    ARCHIVED.captures(header).and_then(|caps| Date::parse_iso(caps.get(1)?.as_str()))
}

static ARCHIVED_SITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"from the (\S+) privacy policy that was archived on").expect("archive site regex is valid")
});

/// The site whose policy a corpus header line says the text is ("…from the cloudinary.com privacy
/// policy that was archived on…").
pub fn archive_site(header: &str) -> Option<String> {
    ARCHIVED_SITE.captures(header).map(|caps| caps[1].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_header_lines_give_the_site_and_date() {
        let header = "The following text is extracted and transformed from the cloudinary.com privacy policy that was archived on 2012-05-24. Please check";
        assert_eq!(archive_site(header).as_deref(), Some("cloudinary.com"));
        assert_eq!(archive_date(header), Date::new(2012, 5, 24));
        assert_eq!(archive_site("Privacy policy, archived on 2012-05-24"), None);
    }

    #[test]
    fn days_since_epoch_matches_the_calendar() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        assert_eq!(Date::new(2024, 2, 30), None);
        for days in [-1, 0, 11_017, 19_782, 20_000, 40_000] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::from_days_since_epoch(19_782).iso(), "2024-02-29");
    }
}

//! Document metadata: the stated "Last updated"/"Effective" date and the corpus archive date.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

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

const MONTH: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

static DATE: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"(?:(?P<m1>{MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH})\.?,?\s+(?P<y2>\d{{4}})|(?P<y3>\d{{4}})-(?P<mo3>\d{{1,2}})-(?P<d3>\d{{1,2}})|(?P<mo4>\d{{1,2}})/(?P<d4>\d{{1,2}})/(?P<y4>\d{{4}}|\d{{2}})|(?P<d6>\d{{1,2}})\.(?P<mo6>\d{{1,2}})\.(?P<y6>\d{{4}})|(?P<m5>{MONTH})\.?,?\s+(?P<y5>\d{{4}}))(?-u:\b)"
    )
});

static UPDATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:last\s+(?:updated|modified|revised|amended|changed|update|revision)|(?:date\s+of\s+)?last\s+(?:update|revision)|revision\s+date|effective|updated|revised|posted|in\s+effect)(?:\s+(?:date|on|as\s+of|from|since))?(?:\s+(?:on|as\s+of|from))?\s*[:\-]?\s*(?:[*_]+\s*)?(?:{})",
        *DATE
    ))
    .expect("date regex is valid")
});

static ARCHIVED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"archived on (\d{4}-\d{2}-\d{2})").expect("archive regex is valid"));

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    names.iter().position(|m| lower.starts_with(m)).map(|i| i as u32 + 1)
}

fn date_from(caps: &Captures<'_>) -> Option<Date> {
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let month = |name: &str| caps.name(name).and_then(|m| month_number(m.as_str()));
    let year = |name: &str| {
        caps.name(name).and_then(|m| m.as_str().parse::<i32>().ok()).map(|y| if y < 100 { 2000 + y } else { y })
    };
    if let Some(y) = year("y1") {
        return Date::new(y, month("m1")?, num("d1")?);
    }
    if let Some(y) = year("y2") {
        return Date::new(y, month("m2")?, num("d2")?);
    }
    if let Some(y) = year("y3") {
        return Date::new(y, num("mo3")?, num("d3")?);
    }
    if let Some(y) = year("y4") {
        return Date::new(y, num("mo4")?, num("d4")?);
    }
    if let Some(y) = year("y6") {
        return Date::new(y, num("mo6")?, num("d6")?);
    }
    Date::new(year("y5")?, month("m5")?, 1)
}

/// The first "Last updated"/"Effective" date stated in `text`.
pub fn updated_date(text: &str) -> Option<DateMention> {
    UPDATED
        .captures_iter(text)
        .find_map(|caps| Some(DateMention { date: date_from(&caps)?, range: caps.get(0)?.range() }))
}

/// The archive date in a corpus header line ("…archived on 2014-12-17…").
pub fn archive_date(header: &str) -> Option<Date> {
    ARCHIVED.captures(header).and_then(|caps| Date::parse_iso(caps.get(1)?.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn updated(text: &str) -> Option<String> {
        updated_date(text).map(|m| m.date.iso())
    }

    #[test]
    fn stated_dates_in_the_forms_policies_use() {
        assert_eq!(updated("Last updated: January 5, 2024"), Some("2024-01-05".into()));
        assert_eq!(updated("Effective Date: 1st March 2019."), Some("2019-03-01".into()));
        assert_eq!(updated("This policy was last revised on 2018-05-25."), Some("2018-05-25".into()));
        assert_eq!(updated("Last Modified: 12/31/2015"), Some("2015-12-31".into()));
        assert_eq!(updated("Effective: June 12, 2020"), Some("2020-06-12".into()));
        assert_eq!(updated("Updated June 2021"), Some("2021-06-01".into()));
        assert_eq!(updated("We updated our systems in 2020."), None);
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

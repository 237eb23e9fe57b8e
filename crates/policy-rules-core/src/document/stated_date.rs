//! The policy's own date: "Last updated: May 1, 2024", "Effective 1 March 2019", "Version of
//! 06/04/2020", a date alone under the title, or one in the policy's name. Dates of statutes
//! ("Proposition 24, effective December 16, 2020") and of earlier versions are not the policy's.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::builder::{Block, BlockKind};
use super::meta::{Date, DateMention};

const MONTH: &str = r"jan(?:uary)?|feb(?:ruary|urary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/// A full date as policies write it; the groups say which form matched.
fn full_date() -> String {
    format!(
        r"(?P<m1>{MONTH})\.?\s*/?\s*(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*[,.]?\s*(?P<y1>(?:19|20)\d\d)|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?[\s-]*(?P<m2>{MONTH})\.?,?[\s-]+(?P<y2>(?:19|20)\d\d)|(?P<y3>(?:19|20)\d\d)[-/.](?P<mo3>\d{{1,2}})[-/.](?P<d3>\d{{1,2}})|(?P<mo4>\d{{1,2}})/(?P<d4>\d{{1,2}})/(?P<y4>(?:19|20)\d\d|\d\d)|(?P<d6>\d{{1,2}})[.-](?P<mo6>\d{{1,2}})[.-](?P<y6>(?:19|20)\d\d)|(?P<m5>{MONTH})\.?,?[\s/-]*(?P<y5>(?:19|20)\d\d)|(?P<mo7>0?[1-9]|1[0-2])\s?[-/.]\s?(?P<y7>(?:19|20)\d\d)"
    )
}

/// After a keyword only: "Updated 5/14", "Last updated: 2019".
/// A date left as a template ("XXXX XX, 2026") reads as its year.
const LOOSE_DATE: &str =
    r"|(?P<mo8>0?[1-9]|1[0-2])/(?P<y8>\d\d)|(?:(?:x{1,4}|_{2,})[\s/.,-]+){0,2}(?P<y9>(?:19|20)\d\d)";

/// A keyword that introduces the policy's date, then the date.
static AFTER_KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?P<keyword>(?:last|latest|most\s+recent(?:ly)?)\s+(?:updated?|modified|modification|revised|revision|amended|amendment|changed|reviewed|edited)|date\s+of\s+(?:the\s+)?(?:last\s+|latest\s+)?(?:update|revision|modification|amendment)|(?:revision|version|release|effective|publication)\s+date|updated|revised|modified|amended|edited|reviewed|effective|posted|published|issued|dated|mise\s+[àa]\s+jour|(?:in\s+(?:effect|force)|valid|applicable|applies)\s+(?:from|as\s+of|since)|(?:becomes?|became)\s+(?:effective|valid)|(?:takes|took)\s+effect|version(?:\s+of|\s+[\d.]+,?)?|stand)(?:\s+(?:of|for)\s+(?:this\s+|the\s+|our\s+)?(?:privacy\s+|cookie\s+)?(?:policy|notice|statement))?(?:\s+(?:date|on|as\s+of|from|since|of|in|is|was|the))*\s*[:\-]?\s*(?:[*_]+\s*)?(?:{}{LOOSE_DATE})",
        full_date()
    ))
    .expect("date regex is valid")
});

/// A block that is only a date, maybe after "As of" or "Date:": "**March 3, 2020**", "05/2020".
static ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^[\s*_#(\[|]*(?:(?:as\s+of|date)\s*:?\s*)?(?:{})[\s*_)\].|:]*$", full_date()))
        .expect("date regex is valid")
});

/// The policy's name with a date: "Privacy Statement June 3, 2003", "PRIVACY POLICY (12/23/2014)".
static IN_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?-u:\b)(?:policy|statement|notice)\W{{0,3}}(?:{})", full_date()))
        .expect("date regex is valid")
});

/// Words before a keyword that make the date another's: a law's, or an earlier version's.
static NOT_OURS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:act|law|laws|regulations?|proposition|directive|ccpa|cpra|gdpr|statute|amendments?|framework|shield|decision|ordinance|bill|legislation|previous|prior|earlier|former|older|archived|past|superseded)(?-u:\b)")
        .expect("regex is valid")
});

/// A law named right after the date: "Effective January 1, 2020, the CCPA gives you rights".
static LAW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s,;:-]*(?:the\s+)?(?:(?:california\s+)?consumer\s+privacy\s+act|privacy\s+rights\s+act|ccpa|cpra|gdpr|general\s+data\s+protection\s+regulation|(?:\w+\s+){0,3}(?:act|law|regulation|directive))(?-u:\b)")
        .expect("regex is valid")
});

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    names.iter().position(|m| lower.starts_with(m)).map(|i| i as u32 + 1)
}

/// The date of a match; a month alone reads as its first day, a year alone as its last (a
/// policy "updated in 2025" is not called stale before 2026 is out).
fn date_from(caps: &Captures<'_>) -> Option<Date> {
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let month = |name: &str| caps.name(name).and_then(|m| month_number(m.as_str()));
    let year = |name: &str| {
        caps.name(name).and_then(|m| m.as_str().parse::<i32>().ok()).map(|y| if y < 100 { 2000 + y } else { y })
    };
    // Numeric day and month in either order: the one over 12 is the day.
    let numeric = |y: i32, first: u32, second: u32, month_first: bool| {
        let (month, day) = if month_first { (first, second) } else { (second, first) };
        Date::new(y, month, day).or_else(|| Date::new(y, day, month))
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
        return numeric(y, num("mo4")?, num("d4")?, true);
    }
    if let Some(y) = year("y6") {
        return numeric(y, num("d6")?, num("mo6")?, false);
    }
    if let Some(y) = year("y5") {
        return Date::new(y, month("m5")?, 1);
    }
    if let Some(y) = year("y7") {
        return Date::new(y, num("mo7")?, 1);
    }
    if let Some(y) = year("y8") {
        return Date::new(y, num("mo8")?, 1);
    }
    Date::new(year("y9")?, 12, 31)
}

/// The text right after a date, up to the end of its sentence, at most 80 bytes.
fn follow_on(text: &str, at: usize) -> &str {
    let mut to = (at + 80).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let after = &text[at..to];
    &after[..after.find(['.', '\n', ';']).unwrap_or(after.len())]
}

/// Whether a keyword at `start` begins a word: after a non-letter, or a capital glued to the
/// end of the previous text by scraping ("…75008 Paris, FranceVersion of 06/04/2020").
fn starts_cleanly(text: &str, start: usize) -> bool {
    let first = text[start..].chars().next().is_some_and(char::is_uppercase);
    match text[..start].chars().next_back() {
        None => true,
        Some(c) => !c.is_alphanumeric() || (first && c.is_lowercase()),
    }
}

/// Whether the match ends at the end of a number (not inside "2024123").
fn ends_cleanly(text: &str, end: usize) -> bool {
    !text[end..].starts_with(|c: char| c.is_ascii_digit())
}

/// The text of the sentence before `at`, at most 60 bytes.
fn lead_in(text: &str, at: usize) -> &str {
    let mut from = at.saturating_sub(60);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..at];
    let cut = before.rfind(['.', '\n', ';']).map_or(0, |i| i + 1);
    &before[cut..]
}

/// The date of the policy stated in `text` (normalized, with its `blocks`): the first one a
/// keyword introduces and no law or earlier version claims, else a date standing alone in one of
/// the first or last blocks, else one in the policy's name.
pub fn stated_date(text: &str, blocks: &[Block]) -> Option<DateMention> {
    let keyword = AFTER_KEYWORD.captures_iter(text).find_map(|caps| {
        let whole = caps.get(0)?;
        let start = caps.name("keyword")?.start();
        let ours = !NOT_OURS.is_match(lead_in(text, start)) && !LAW.is_match(follow_on(text, whole.end()));
        if !starts_cleanly(text, start) || !ends_cleanly(text, whole.end()) || !ours {
            return None;
        }
        Some(DateMention { date: date_from(&caps)?, range: whole.range() })
    });
    if keyword.is_some() {
        return keyword;
    }
    let edge = |i: usize| i < 15 || i + 5 >= blocks.len();
    let alone = blocks.iter().enumerate().filter(|(i, _)| edge(*i)).find_map(|(_, block)| {
        let range: Range<usize> = block.range.clone();
        let caps = ALONE.captures(&text[range.clone()])?;
        Some(DateMention { date: date_from(&caps)?, range })
    });
    if alone.is_some() {
        return alone;
    }
    blocks.iter().take(5).filter(|b| matches!(b.kind, BlockKind::Heading(_)) || b.all_bold).find_map(|block| {
        let caps = IN_NAME.captures(&text[block.range.clone()])?;
        let whole = caps.get(0)?;
        let range = block.range.start + whole.start()..block.range.start + whole.end();
        ends_cleanly(text, range.end).then_some(())?;
        Some(DateMention { date: date_from(&caps)?, range })
    })
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Format};

    fn stated(source: &str) -> Option<String> {
        Document::parse("d.md", Format::Markdown, source.to_string()).updated().map(|m| m.date.iso())
    }

    #[test]
    fn stated_dates_in_the_forms_policies_use() {
        assert_eq!(stated("Last updated: January 5, 2024"), Some("2024-01-05".into()));
        assert_eq!(stated("Effective Date: 1st March 2019."), Some("2019-03-01".into()));
        assert_eq!(stated("This policy was last revised on 2018-05-25."), Some("2018-05-25".into()));
        assert_eq!(stated("Last Modified: 12/31/2015"), Some("2015-12-31".into()));
        assert_eq!(stated("Effective: June 12, 2020"), Some("2020-06-12".into()));
        assert_eq!(stated("Updated June 2021"), Some("2021-06-01".into()));
        assert_eq!(stated("Last update: 16 July 2024"), Some("2024-07-16".into()));
        assert_eq!(stated("Version of 06/04/2020"), Some("2020-06-04".into()));
        assert_eq!(stated("Last update: 04 - 2021."), Some("2021-04-01".into()));
        assert_eq!(stated("Updated 5/14"), Some("2014-05-01".into()));
        assert_eq!(stated("Last updated: 2019"), Some("2019-12-31".into()));
        assert_eq!(stated("Stand: 25.05.2018"), Some("2018-05-25".into()));
        assert_eq!(stated("We updated our systems in 2020 to add encryption."), None);
    }

    #[test]
    fn scraping_artefacts_around_dates_are_read_through() {
        assert_eq!(stated("Last updated: August 29\u{ff0c}2023"), Some("2023-08-29".into()));
        assert_eq!(stated("Effective July 8, 2026[Previous Version](/old)"), Some("2026-07-08".into()));
        assert_eq!(stated("Updated September/11, 2025 by the Data Protection Committee"), Some("2025-09-11".into()));
        assert_eq!(stated("1 rue de Stockholm, 75008 Paris, FranceVersion of 06/04/2020"), Some("2020-06-04".into()));
        assert_eq!(stated("Effective Date of Privacy Policy: February 9, 2015"), Some("2015-02-09".into()));
        assert_eq!(stated("Our outdated: 2019 systems."), None);
    }

    #[test]
    fn dates_of_laws_and_earlier_versions_are_not_the_policys() {
        let source = "# Privacy\n\nThe CPRA (Proposition 24, effective December 16, 2020) amended the CCPA.\n\nLast updated: March 3, 2025\n";
        assert_eq!(stated(source), Some("2025-03-03".into()));
        assert_eq!(
            stated("The previous version, effective May 1, 2019, is archived.\n\nEffective: June 1, 2022"),
            Some("2022-06-01".into())
        );
        assert_eq!(stated("The CCPA, effective January 1, 2020, gives you rights."), None);
        assert_eq!(stated("Effective January 1, 2020, the California Consumer Privacy Act gives you rights."), None);
        assert_eq!(stated("**Effective Date XXXX XX, 2026**"), Some("2026-12-31".into()));
        assert_eq!(stated("Privacy Policy (Version 2.1, March 2021)"), Some("2021-03-01".into()));
        assert_eq!(stated("This notice was last updated on the 3rd of June, 2022."), Some("2022-06-03".into()));
    }

    #[test]
    fn a_date_alone_under_the_title_or_in_the_name() {
        assert_eq!(stated("# Privacy Policy\n\n**March 3, 2020**\n\nWe collect data.\n"), Some("2020-03-03".into()));
        assert_eq!(stated("# Privacy Policy\n\n05/2020\n\nWe collect data.\n"), Some("2020-05-01".into()));
        assert_eq!(stated("# Privacy Statement June 3, 2003\n\nWe collect data.\n"), Some("2003-06-03".into()));
        assert_eq!(stated("# Privacy Policy\n\nWe collect data. 2019 was a good year.\n"), None);
    }
}

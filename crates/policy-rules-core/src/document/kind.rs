//! Whether a document reads as a privacy policy at all: terms of service, FAQ pages, cookie tables,
//! processing agreements and developer policies land in policy folders too, and asking them what a
//! privacy policy must say yields findings nobody wants.

use std::sync::LazyLock;

use regex::Regex;

use super::{BlockKind, Document};

/// A title that names a privacy policy or notice.
static PRIVACY_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bprivacy\b|\bdata (protection|privacy|policy)\b|\bpersonal (information|data)\b|\bdatenschutz|\bconfidentialit|\bprivac(y|idad)\b|\bGDPR\b|\bCCPA\b|\bnotice at collection\b")
        .expect("title regex is valid")
});

/// A title that names another kind of document.
static OTHER_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(terms (of (service|use|sale)|and conditions)|user agreement|end[- ]user licen[cs]e|EULA|frequently asked questions|FAQs?|help (center|centre)|cookie (policy|notice|declaration|list|table|statement)|cookies? (we use|used)|data processing (agreement|addendum)|\bDPA\b|developer (policy|policies|terms|agreement|program)|supplement(al)? (terms|notice)|acceptable use|community (guidelines|standards)|copyright|trademark|security (policy|overview|whitepaper))\b")
        .expect("title regex is valid")
});

/// What privacy policies talk about; a document that mentions few of these is not one.
static SIGNALS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"(?i)\bpersonal (information|data)\b|\bpersonally identifiable\b",
        r"(?i)\bwe (may )?(collect|gather|obtain|receive)\b|\b(information|data) (we|that we) collect\b|\b(information|data) (is |are )?(collected|recorded|logged)\b",
        r"(?i)\b(share|disclose|sell)\b[^.\n]{0,60}\b(third part|partners|affiliates|service providers)",
        r"(?i)\bcookies?\b|\bdo not track\b",
        r"(?i)\byour (rights|choices)\b|\bopt[- ]?out\b|\bunsubscribe\b",
        r"(?i)\b(retain|retention|delete|deletion)\b",
        r"(?i)\b(secur(e|ity)|protect)\b[^.\n]{0,60}\b(information|data)\b",
        r"(?i)\bchildren\b|\bunder (the age of )?1[368]\b",
        r"(?i)\bcontact us\b|\bquestions\b[^.\n]{0,60}\b(policy|privacy)\b",
        r"(?i)\b(changes|updates?) to (this|our) (privacy )?(policy|notice|statement)\b",
    ]
    .iter()
    .map(|pattern| Regex::new(pattern).expect("signal regex is valid"))
    .collect()
});

/// How many of the privacy-policy signals a text shows.
fn signals(text: &str) -> usize {
    SIGNALS.iter().filter(|signal| signal.is_match(text)).count()
}

/// When `doc` is not a privacy policy, what it reads as instead ("terms of service", "a page with
/// no privacy disclosures"); `None` for a privacy policy, or when in doubt.
pub fn not_a_privacy_policy(doc: &Document) -> Option<String> {
    let title = doc.meta.title.as_deref().unwrap_or_default();
    let headings: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading(_)))
        .take(40)
        .map(|b| doc.slice(&b.range))
        .collect();
    if PRIVACY_TITLE.is_match(title) || headings.iter().take(5).any(|h| PRIVACY_TITLE.is_match(h)) {
        return None;
    }
    let found = signals(&doc.text);
    if let Some(other) = OTHER_TITLE.find(title) {
        // A terms page with a full privacy section is still a place privacy is disclosed.
        if found < 5 {
            return Some(other.as_str().to_lowercase());
        }
        return None;
    }
    // A short page without a single privacy disclosure: a login wall, an error or redirect page.
    (found == 0 && doc.words() < 400).then(|| "a page with no privacy disclosures".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn kind(source: &str) -> Option<String> {
        not_a_privacy_policy(&Document::parse("d.md", Format::Markdown, source.to_string()))
    }

    #[test]
    fn terms_faqs_and_empty_pages_are_not_privacy_policies() {
        assert_eq!(
            kind("# Terms of Service\n\nBy using the site you agree to these terms.\n").as_deref(),
            Some("terms of service")
        );
        assert_eq!(
            kind("# Help Center FAQ\n\nHow do I reset my password? Click the link.\n").as_deref(),
            Some("help center")
        );
        assert_eq!(kind("# Page not found\n\nSorry.\n").as_deref(), Some("a page with no privacy disclosures"));
    }

    #[test]
    fn a_short_policy_without_a_privacy_title_is_still_one() {
        let short = "1. If you only read the wiki, the only information collected is what server logs record.\n2. The wiki does not sell any information about its users.\n";
        assert_eq!(kind(short), None);
    }

    #[test]
    fn privacy_policies_and_terms_with_a_privacy_section_are() {
        assert_eq!(kind("# Privacy Policy\n\nWe keep it short.\n"), None);
        assert_eq!(kind("# Acme\n\n## Privacy\n\nWe collect your e-mail address.\n"), None);
        let terms_with_privacy = "# Terms of Use\n\nWe collect personal information such as your name. We may share it with service providers. We use cookies. You may opt out at any time. We retain data for 30 days. We protect your information with encryption. Contact us with questions about this privacy policy.\n";
        assert_eq!(kind(terms_with_privacy), None);
    }
}

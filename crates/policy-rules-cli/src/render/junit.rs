//! `junit`: JUnit XML, for CI test reports: a test suite per document, a failing test case per
//! finding (and one passing case for a document without findings).

use std::io::{self, Write};

use policy_rules_core::Checked;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{record, Emitter, Format, RunInfo, Style};

/// The format.
pub const FORMAT: Format = Format {
    name: "junit",
    about: "JUnit XML: a test suite per document, a failing test case per finding",
    make: |_: Style| Box::new(Junit { suites: Vec::new() }),
};

struct Junit {
    suites: Vec<TestSuite>,
}

impl Emitter for Junit {
    fn document(&mut self, checked: &Checked, _out: &mut dyn Write) -> io::Result<()> {
        let mut suite = TestSuite::new(checked.path.as_str());
        let records = record::records(checked, &checked.findings);
        if records.is_empty() {
            let mut case = TestCase::new("no findings", TestCaseStatus::success());
            case.set_classname(checked.path.as_str());
            suite.add_test_case(case);
        }
        for record in records {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_message(record.message.as_str()).set_type(record.severity.as_str());
            let mut description =
                format!("{}:{}:{}: {}", record.path, record.start.line, record.start.column, record.message);
            for extra in [&record.help, &record.reference, &record.url].into_iter().flatten() {
                description.push('\n');
                description.push_str(extra.trim());
            }
            status.set_description(description);
            let name = format!("{} at {}:{}", record.rule, record.start.line, record.start.column);
            let mut case = TestCase::new(name, status);
            case.set_classname(checked.path.as_str());
            suite.add_test_case(case);
        }
        self.suites.push(suite);
        Ok(())
    }

    fn finish(&mut self, _run: &RunInfo, out: &mut dyn Write) -> io::Result<()> {
        let mut report = Report::new("policy-rules");
        report.add_test_suites(std::mem::take(&mut self.suites));
        report.serialize(&mut *out).map_err(io::Error::other)?;
        out.write_all(b"\n")
    }
}

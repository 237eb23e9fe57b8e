//! The progress bar of a long run, on standard error: documents, megabytes, speed and the time
//! left when the size of the input is known. Drawn only when standard error is a terminal.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::sources::BytesRead;

/// What the bar counts towards.
pub enum Total {
    /// This many documents (files named or found in folders).
    Documents(u64),
    /// This many bytes of corpus files, as stored.
    Bytes(u64),
    /// Unknown (a corpus on standard input).
    Unknown,
}

/// A progress bar, or nothing when progress is not shown.
pub struct Progress {
    bar: Option<ProgressBar>,
    bytes: bool,
    read: BytesRead,
    documents: u64,
    text: u64,
    started: Instant,
}

impl Progress {
    /// A bar towards `total`, drawn on standard error only if `show`.
    pub fn new(show: bool, total: Total, read: BytesRead) -> Progress {
        Progress::drawn_to(show.then(|| ProgressDrawTarget::stderr_with_hz(10)), total, read)
    }

    /// A bar towards `total` drawn to `target`, or none.
    fn drawn_to(target: Option<ProgressDrawTarget>, total: Total, read: BytesRead) -> Progress {
        let bar = target.map(|target| {
            let (bar, template) = match total {
                Total::Documents(n) => (ProgressBar::new(n), "{wide_bar} {pos}/{len} documents · {msg} · ETA {eta}"),
                Total::Bytes(n) => (ProgressBar::new(n), "{wide_bar} {percent}% · {msg} · ETA {eta}"),
                Total::Unknown => (ProgressBar::no_length(), "{spinner} {elapsed} · {msg}"),
            };
            bar.set_draw_target(target);
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        let bytes = matches!(total, Total::Bytes(_));
        Progress { bar, bytes, read, documents: 0, text: 0, started: Instant::now() }
    }

    /// Whether the bar is drawn.
    pub fn shown(&self) -> bool {
        self.bar.is_some()
    }

    /// One more document checked, with `text` bytes of source.
    pub fn document(&mut self, text: usize) {
        let Some(bar) = &self.bar else { return };
        self.documents += 1;
        self.text += text as u64;
        if self.bytes {
            bar.set_position(self.read.get());
        } else {
            bar.inc(1);
        }
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        let mb = self.text as f64 / 1e6;
        bar.set_message(format!("{} documents · {mb:.1} MB · {:.1} MB/s", self.documents, mb / seconds));
    }

    /// Run `write` with the bar hidden, so that findings printed to the same terminal stay whole.
    pub fn suspend<T>(&self, write: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    /// Remove the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use indicatif::InMemoryTerm;

    use super::*;

    fn drawn(total: Total) -> (Progress, InMemoryTerm) {
        let term = InMemoryTerm::new(4, 120);
        let target = ProgressDrawTarget::term_like_with_hz(Box::new(term.clone()), 250);
        (Progress::drawn_to(Some(target), total, BytesRead::default()), term)
    }

    #[test]
    fn the_bar_counts_documents_and_megabytes_and_goes_when_finished() {
        let (mut progress, term) = drawn(Total::Documents(4));
        assert!(progress.shown());
        for _ in 0..3 {
            progress.document(1_000_000);
        }
        progress.bar.as_ref().unwrap().force_draw();
        let shown = term.contents();
        assert!(shown.contains("3/4 documents · 3 documents · 3.0 MB · "), "{shown}");
        assert!(shown.contains(" MB/s · ETA "), "{shown}");
        progress.finish();
        assert_eq!(term.contents().trim(), "");
    }

    #[test]
    fn no_bar_is_drawn_unless_asked() {
        let mut progress = Progress::new(false, Total::Unknown, BytesRead::default());
        progress.document(10);
        assert!(!progress.shown());
        assert_eq!(progress.suspend(|| 7), 7);
    }
}

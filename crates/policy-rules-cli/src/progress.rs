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
    /// A bar towards `total`, drawn only if `show`.
    pub fn new(show: bool, total: Total, read: BytesRead) -> Progress {
        let bar = show.then(|| {
            let (bar, template) = match total {
                Total::Documents(n) => (ProgressBar::new(n), "{wide_bar} {pos}/{len} documents · {msg} · ETA {eta}"),
                Total::Bytes(n) => (ProgressBar::new(n), "{wide_bar} {percent}% · {msg} · ETA {eta}"),
                Total::Unknown => (ProgressBar::no_length(), "{spinner} {elapsed} · {msg}"),
            };
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
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

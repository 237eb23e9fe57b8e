//! The policy-rules language server: diagnostics as the author types, hovers that explain a
//! finding, quick fixes, and live feedback while writing rule packs. It speaks LSP over any byte
//! streams (standard input and output for `policy-rules server`).

#[macro_use]
pub mod log;
mod actions;
mod diagnostics;
mod hover;
mod jobs;
pub mod position;
mod rules;
mod server;
mod transport;
pub mod uri;

use std::io::{BufRead, Write};

use policy_rules_core::LoadOptions;

pub use log::Level;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Packs and configuration, as on the command line.
    pub load: LoadOptions,
    /// How much to log to standard error.
    pub log_level: Level,
}

/// Serve one session on `input` and `output`; returns the process exit code: 0 after `shutdown`
/// and `exit`, 1 when the session ended otherwise.
pub fn run(input: impl BufRead + Send + 'static, output: impl Write + Send + 'static, options: Options) -> i32 {
    log::set_level(options.log_level);
    let (to_server, from_client) = crossbeam_channel::unbounded();
    let (to_client, for_writer) = crossbeam_channel::unbounded();
    // The reader may stay blocked on input after the session ends; it is not joined.
    let _reader = transport::reader(input, to_server);
    let writer = transport::writer(output, for_writer);
    let (jobs, for_workers) = crossbeam_channel::unbounded();
    let (outcomes, from_workers) = crossbeam_channel::unbounded();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1)).clamp(1, 4);
    jobs::start(workers, for_workers, outcomes);
    let end = server::serve(from_client, to_client, options.load, jobs, from_workers);
    // Every sender to the writer is gone with the session: it writes what is left and stops.
    let _ = writer.join();
    match end {
        server::End::Clean => {
            log!(Info, "shut down");
            0
        }
        server::End::Abrupt => {
            log!(Warn, "the session ended without shutdown");
            1
        }
    }
}

/// Serve one session on standard input and output.
pub fn stdio(options: Options) -> i32 {
    run(std::io::BufReader::new(std::io::stdin()), std::io::stdout(), options)
}

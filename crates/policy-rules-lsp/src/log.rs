//! Logging to standard error, the only channel a stdio server has besides the protocol.

use std::sync::atomic::{AtomicU8, Ordering};

/// How much to log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Failures only.
    Error = 0,
    /// Also what was skipped or refused.
    Warn = 1,
    /// Also what the server does (the default).
    Info = 2,
    /// Also every message.
    Debug = 3,
}

static LEVEL: AtomicU8 = AtomicU8::new(Level::Info as u8);

/// Log at most `level`.
pub fn set_level(level: Level) {
    LEVEL.store(level as u8, Ordering::Relaxed);
}

/// Whether `level` is logged.
pub fn enabled(level: Level) -> bool {
    level as u8 <= LEVEL.load(Ordering::Relaxed)
}

/// Write a line to standard error when `level` is enabled.
pub fn write(level: Level, message: std::fmt::Arguments<'_>) {
    if enabled(level) {
        let name = match level {
            Level::Error => "ERROR",
            Level::Warn => "WARN",
            Level::Info => "INFO",
            Level::Debug => "DEBUG",
        };
        eprintln!("[policy-rules {name}] {message}");
    }
}

/// Log a formatted message at a level.
#[macro_export]
macro_rules! log {
    ($level:ident, $($arg:tt)*) => {
        $crate::log::write($crate::log::Level::$level, format_args!($($arg)*))
    };
}

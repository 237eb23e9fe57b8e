//! One file per subcommand.

pub mod check;
pub mod diff;
pub mod explain;
pub mod history;
pub mod init;
pub mod rules;
pub mod schema;
pub mod server;
pub mod test;

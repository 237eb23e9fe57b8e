//! `policy-rules schema`: the JSON Schema of pack.yaml or policy-rules.yaml.

use policy_rules_core::pack::schema;

use crate::args::{SchemaArgs, SchemaKind};
use crate::{Io, EXIT_CLEAN, EXIT_USAGE};

/// Run `schema`.
pub fn run(args: &SchemaArgs, io: &mut Io<'_>) -> i32 {
    let value = match args.kind {
        SchemaKind::Pack => schema::pack_schema(),
        SchemaKind::Config => schema::config_schema(),
        SchemaKind::Findings => crate::render::record::schema(),
    };
    let text = serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
    if io.stdout.write_all(text.as_bytes()).is_err() {
        return EXIT_USAGE;
    }
    EXIT_CLEAN
}

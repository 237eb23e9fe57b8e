//! JSON Schemas of `pack.yaml` and `policy-rules.yaml`, for editors: derived from the types the
//! loader builds, so what a schema accepts and what the loader reads are described once.

use super::raw::{RawConfig, RawPack};

/// The JSON Schema of `pack.yaml`.
pub fn pack_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RawPack)).unwrap_or_default()
}

/// The JSON Schema of `policy-rules.yaml`.
pub fn config_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RawConfig)).unwrap_or_default()
}

//! Any text as a rule pack and as a configuration file: loaded, or refused with a located error;
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_rules_core::pack::raw::parse_config;
use policy_rules_core::pack::Origin;
use policy_rules_core::Pack;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let _ = Pack::from_yaml(text, "pack.yaml", Origin::Builtin("fuzz".into()));
    let _ = parse_config(text);
});

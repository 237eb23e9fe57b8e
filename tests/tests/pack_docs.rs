//! docs/packs/ is generated from the pack files and must be current.

#[test]
fn pack_pages_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/packs");
    for (name, expected) in policy_rules_tests::pack_docs() {
        let written = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
        assert!(written == expected, "docs/packs/{name} is out of date: run `just pack-docs`");
    }
}

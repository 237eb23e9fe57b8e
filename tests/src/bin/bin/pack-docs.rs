//! Writes docs/packs/: one page per built-in pack, and an index.

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/packs");
    std::fs::create_dir_all(&dir).expect("create docs/packs");
    for (name, text) in policy_rules_tests::pack_docs() {
        std::fs::write(dir.join(&name), text).expect("write page");
        println!("wrote docs/packs/{name}");
    }
}

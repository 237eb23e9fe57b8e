//! Editors land on the flagged character: the Vim/Neovim quickfix recipe of docs/editors.md, run
//! in a real headless Neovim on a line with curly quotes, an em dash, CJK text, é and a tab before
//! the finding. Skips, saying so, only when `nvim` is not installed (CI installs it).

use std::path::Path;
use std::process::Command;

fn nvim() -> Option<&'static str> {
    let found = Command::new("nvim").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIPPED: `nvim` is not installed (Debian package `neovim`); the quickfix recipe was not exercised");
    }
    found.then_some("nvim")
}

#[test]
fn vim_quickfix_recipe_lands_on_the_flagged_character() {
    let Some(nvim) = nvim() else { return };
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/samples/formats/policy.md");
    std::fs::copy(&fixture, dir.path().join("policy.md")).unwrap();
    let binary = env!("CARGO_BIN_EXE_policy-rules");
    // The recipe of docs/editors.md: byte columns (`--format vimgrep`) for Vim's `%c`.
    let script = format!(
        r#"set errorformat=%f:%l:%c:\ %m
let &makeprg = '{binary} check --format vimgrep --quiet --select caloppa/dnt-not-honored,clarity/vague-qualifiers %'
edit policy.md
silent make!
let out = []
for i in range(1, len(getqflist()))
  execute 'silent cc ' . i
  call add(out, line('.') . ':' . col('.') . ':' . strpart(getline('.'), col('.') - 1, 24))
endfor
call writefile(out, 'landed.txt')
qall!
"#
    );
    std::fs::write(dir.path().join("recipe.vim"), script).unwrap();
    let status = Command::new(nvim)
        .args(["--headless", "-n", "-i", "NONE", "-u", "NONE", "-S", "recipe.vim"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let landed = std::fs::read_to_string(dir.path().join("landed.txt")).unwrap();
    assert_eq!(
        landed, "7:42:Our website does not res\n12:27:from time to time.\n15:20:certain third parties.\n",
        "each quickfix entry puts the cursor on the first character of the flagged text"
    );
}

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

/// The first Lua block of docs/editors.md: the Neovim set-up users copy.
fn documented_neovim_setup() -> String {
    let guide = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/editors.md")).unwrap();
    let start = guide.find("```lua\n").expect("a Lua block in docs/editors.md") + "```lua\n".len();
    let end = start + guide[start..].find("```").unwrap();
    guide[start..end].to_string()
}

#[test]
fn neovim_shows_the_servers_diagnostics_with_the_documented_setup() {
    let Some(nvim) = nvim() else { return };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("policy-rules.yaml"), "packs: [builtin:caloppa]\n").unwrap();
    std::fs::write(
        root.join("policy.md"),
        "# Acme Privacy Policy\n\nEffective date: 1 March 2026.\n\nOur site does not respond to Do Not Track signals.\n",
    )
    .unwrap();
    let binary = env!("CARGO_BIN_EXE_policy-rules");
    let setup = documented_neovim_setup().replace("\"policy-rules\", \"server\"", &format!("\"{binary}\", \"server\""));
    assert!(setup.contains(binary), "the documented command is `policy-rules server`");
    std::fs::write(root.join("init.lua"), setup).unwrap();
    let wait = r#"
local ok = vim.wait(60000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.code == "caloppa/dnt-not-honored" then return true end
  end
  return false
end, 100)
local out = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out, string.format("%d:%d-%d:%d %s %s %s", d.lnum, d.col, d.end_lnum, d.end_col, d.severity, d.code, d.source))
end
table.sort(out)
vim.fn.writefile(out, "diagnostics.txt")
for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd(ok and "qall!" or "cquit!")
"#;
    std::fs::write(root.join("wait.lua"), wait).unwrap();
    let status = Command::new(nvim)
        .args(["--headless", "-n", "-i", "NONE", "-u", "init.lua", "policy.md", "-c", "luafile wait.lua"])
        .current_dir(&root)
        .env("XDG_CONFIG_HOME", &root)
        .env("XDG_DATA_HOME", &root)
        .status()
        .unwrap();
    let shown = std::fs::read_to_string(root.join("diagnostics.txt")).unwrap_or_default();
    assert!(status.success(), "Neovim saw no DNT diagnostic; it saw:\n{shown}");
    assert!(
        shown.lines().any(|l| l == "4:0-4:50 2 caloppa/dnt-not-honored policy-rules"),
        "the refusal on line 5 as a warning:\n{shown}"
    );
    assert!(
        shown.lines().any(|l| l.starts_with("0:2-0:21 3 caloppa/change-notification")),
        "document-level findings on the title:\n{shown}"
    );
}

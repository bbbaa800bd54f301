//! Installs the tools the build and the tests need, skipping those already present.

use std::path::Path;

use crate::cmd::{self, command, output, run};

/// Trunk 0.22 needs a newer rustc than the 1.95 these machines have.
pub const TRUNK_VERSION: &str = "0.21.14";
/// wasm-opt from the npm package binaryen; Debian's binaryen 108 cannot parse `table.fill`.
pub const BINARYEN_VERSION: &str = "132";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Which tools a command needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// What building and serving the site needs, Chromium included: the build starts Python
    /// in it to make the snapshot the page starts Python from (tools/python-snapshot.mjs).
    Build,
    /// Also the browser's driver, for the wasm-bindgen tests.
    Everything,
}

/// Installs whatever `needs` asks for and is missing.
pub fn setup(needs: Needs) -> Result<(), String> {
    println!("== setup: checking tools");
    ensure_wasm_target()?;
    ensure_node()?;
    ensure_npm_tools()?;
    let wasm_bindgen_version = locked_wasm_bindgen_version()?;
    ensure_cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &wasm_bindgen_version, false)?;
    ensure_cargo_tool("trunk", "trunk", TRUNK_VERSION, true)?;
    ensure_chromium(needs)
}

/// The exact wasm-bindgen version Cargo.lock holds, which wasm-bindgen-cli must equal.
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock_path = cmd::repo_root().join("Cargo.lock");
    if !lock_path.exists() {
        run(command("cargo").args(["generate-lockfile", "--offline"]))
            .or_else(|_| run(command("cargo").arg("generate-lockfile")))?;
    }
    let lock = std::fs::read_to_string(&lock_path)
        .map_err(|err| format!("cannot read {}: {err}", lock_path.display()))?;
    locked_version(&lock, "wasm-bindgen")
        .ok_or_else(|| "Cargo.lock holds no wasm-bindgen package".to_string())
}

/// Finds the version of package `name` in the text of a Cargo.lock.
pub fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version_line = lines.next()?.trim();
            let version = version_line.strip_prefix("version = \"")?.strip_suffix('"')?;
            return Some(version.to_string());
        }
    }
    None
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = output(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("ok   rust target {WASM_TARGET}");
        return Ok(());
    }
    println!("get  rust target {WASM_TARGET}");
    run(command("rustup").args(["target", "add", WASM_TARGET]))
}

fn ensure_node() -> Result<(), String> {
    if let Some(version) = output(command("node").arg("--version")) {
        if output(command("npm").arg("--version")).is_some() {
            println!("ok   node {}", version.trim());
            return Ok(());
        }
    }
    println!("get  node and npm from Debian");
    apt_install(&["nodejs", "npm"])
}

/// The npm packages of package.json, each needed by the build or the tests: wasm-opt
/// (binaryen), esbuild (minifies the glue, bundles the editor), Playwright's driver, Lighthouse
/// (the benchmark), Pyodide and CodeMirror (copied into the site for "your own program").
pub const NPM_PACKAGES: [&str; 7] = [
    "@codemirror/lang-python",
    "binaryen",
    "codemirror",
    "esbuild",
    "lighthouse",
    "playwright-core",
    "pyodide",
];

fn ensure_npm_tools() -> Result<(), String> {
    let root = cmd::repo_root();
    let wasm_opt_version = output(command("wasm-opt").arg("--version")).unwrap_or_default();
    let npm_wasm_opt = root.join("node_modules/.bin/wasm-opt").exists()
        && wasm_opt_version.contains(&format!("version {BINARYEN_VERSION}"));
    let missing: Vec<&str> = NPM_PACKAGES
        .into_iter()
        .filter(|name| !root.join("node_modules").join(name).join("package.json").exists())
        .collect();
    if npm_wasm_opt && missing.is_empty() {
        println!("ok   npm packages: {} (node_modules)", NPM_PACKAGES.join(", "));
        return Ok(());
    }
    println!(
        "get  npm packages with npm ci (missing: {})",
        if missing.is_empty() { "wasm-opt".to_string() } else { missing.join(", ") }
    );
    run(command("npm").args(["ci", "--no-audit", "--no-fund"]))
}

fn ensure_cargo_tool(binary: &str, krate: &str, version: &str, locked: bool) -> Result<(), String> {
    let found = output(command(binary).arg("--version")).unwrap_or_default();
    if found.split_whitespace().any(|word| word == version) {
        println!("ok   {binary} {version}");
        return Ok(());
    }
    match found.trim() {
        "" => println!("get  {krate} {version} (takes minutes the first time)"),
        other => println!("get  {krate} {version} to replace `{other}`"),
    }
    let mut install = command("cargo");
    install.args(["install", krate, "--version", version, "--force"]);
    if locked {
        install.arg("--locked");
    }
    run(&mut install)
}

fn ensure_chromium(needs: Needs) -> Result<(), String> {
    let driver_needed = needs == Needs::Everything;
    if Path::new(CHROMIUM).exists() && (!driver_needed || Path::new(CHROMEDRIVER).exists()) {
        let version = output(command(CHROMIUM).arg("--version")).unwrap_or_default();
        println!("ok   {}", version.trim());
        return Ok(());
    }
    let packages: &[&str] = if driver_needed { &["chromium", "chromium-driver"] } else { &["chromium"] };
    println!("get  {} from Debian", packages.join(" and "));
    apt_install(packages)
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    let is_root = output(command("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let (program, prefix): (&str, &[&str]) = if is_root { ("apt-get", &[]) } else { ("sudo", &["apt-get"]) };
    run(command(program).args(prefix).args(["update", "-q"]).env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(command(program)
        .args(prefix)
        .args(["install", "-y", "-q"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_package_version_from_a_lock_file() {
        let lock = "[[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.80\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(locked_version(lock, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(locked_version(lock, "wasm-bindgen-futures").as_deref(), Some("0.4.80"));
        assert_eq!(locked_version(lock, "yew"), None);
    }

    #[test]
    fn trunk_toml_names_the_locked_wasm_bindgen_and_the_npm_wasm_opt() {
        let root = cmd::repo_root();
        let trunk_toml = std::fs::read_to_string(root.join("Trunk.toml")).expect("Trunk.toml");
        let locked = locked_wasm_bindgen_version().expect("a locked wasm-bindgen");
        assert!(
            trunk_toml.contains(&format!("wasm_bindgen = \"{locked}\"")),
            "Trunk.toml must pin wasm_bindgen = \"{locked}\", the version in Cargo.lock"
        );
        assert!(trunk_toml.contains(&format!("wasm_opt = \"version_{BINARYEN_VERSION}\"")));
        let package_json = std::fs::read_to_string(root.join("package.json")).expect("package.json");
        assert!(package_json.contains(&format!("\"binaryen\": \"{BINARYEN_VERSION}.0.0\"")));
    }

    #[test]
    fn every_npm_package_is_checked_for_and_pinned_exactly() {
        let package_json =
            std::fs::read_to_string(cmd::repo_root().join("package.json")).expect("package.json");
        let dev_dependencies = package_json.split("\"devDependencies\"").nth(1).expect("devDependencies");
        let block = dev_dependencies.split('}').next().unwrap_or_default();
        let mut listed: Vec<&str> = block
            .lines()
            .filter_map(|line| line.trim().strip_prefix('"'))
            .filter_map(|line| line.split_once("\": \""))
            .map(|(name, version)| {
                assert!(
                    version.starts_with(|c: char| c.is_ascii_digit()),
                    "{name} is pinned exactly: {version}"
                );
                name
            })
            .collect();
        listed.sort_unstable();
        assert_eq!(listed, NPM_PACKAGES, "package.json's devDependencies and NPM_PACKAGES agree");
    }

    #[test]
    fn the_workspace_pins_wasm_bindgen_exactly() {
        let manifest = std::fs::read_to_string(cmd::repo_root().join("Cargo.toml")).expect("Cargo.toml");
        assert!(manifest.contains("wasm-bindgen = \"=0."), "pin wasm-bindgen with `=`");
    }
}

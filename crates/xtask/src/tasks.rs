//! The commands: serve, dev, build, test and bench.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::cmd::{self, command, run};
use crate::tools::{self, Needs, CHROMEDRIVER, CHROMIUM, WASM_TARGET};

const APP_PACKAGE: &str = "playground-app";
const WORKER_PACKAGE: &str = "playground-worker";

/// What a full `test` run writes under `target/` on a fresh clone is about 3 GB; less free
/// space than this, in KiB, is said before the run starts.
const TEST_DISK_KIB: u64 = 4 * 1024 * 1024;

/// Where `serve` and `dev` listen.
const SERVE_PORT: &str = "8080";

/// Builds the release site, the one the tests and the benchmarks use, and serves it on
/// http://127.0.0.1:8080.
pub fn serve() -> Result<(), String> {
    // Said before the build, not after minutes of it.
    std::net::TcpListener::bind(format!("127.0.0.1:{SERVE_PORT}")).map_err(|err| {
        format!("cannot serve on 127.0.0.1:{SERVE_PORT} ({err}): stop whatever serves it first")
    })?;
    let dist = release()?;
    step(&format!("serving the release build on http://127.0.0.1:{SERVE_PORT} (Ctrl-C stops)"));
    run(command("node").arg("tools/serve.mjs").arg(dist).arg(SERVE_PORT))
}

/// Serves a debug build on http://127.0.0.1:8080 and rebuilds it on every change: for
/// development only, since an unoptimized page runs the lessons slower than it should.
pub fn dev() -> Result<(), String> {
    tools::setup(Needs::Build)?;
    step(&format!(
        "serving a debug build on http://127.0.0.1:{SERVE_PORT}, rebuilt on change (Ctrl-C stops)"
    ));
    run(command("trunk").args(["serve", "--offline", "--address", "127.0.0.1", "--port", SERVE_PORT]))
}

/// Builds the release site into `dist/` and prints the gzip size of what it ships.
pub fn release() -> Result<PathBuf, String> {
    tools::setup(Needs::Build)?;
    build_release()
}

/// Runs every tier, in order, stopping at the first failure.
pub fn test_all() -> Result<(), String> {
    warn_if_disk_low(TEST_DISK_KIB);
    tools::setup(Needs::Everything)?;
    step("format");
    run(command("cargo").args(["fmt", "--all", "--check"]))?;
    step("clippy, native");
    run(command("cargo").args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    step("clippy, wasm32");
    run(command("cargo").args([
        "clippy",
        "--package",
        APP_PACKAGE,
        "--package",
        WORKER_PACKAGE,
        "--target",
        WASM_TARGET,
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    step("native tests");
    run(command("cargo").args([
        "test",
        "--workspace",
        "--exclude",
        APP_PACKAGE,
        "--exclude",
        WORKER_PACKAGE,
    ]))?;
    step("browser tests (wasm-bindgen-test in headless Chromium)");
    build_test_worker()?;
    let webdriver_json = cmd::repo_root().join("tests").join("webdriver.json");
    run(command("cargo")
        .args(["test", "--package", APP_PACKAGE, "--target", WASM_TARGET])
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", webdriver_json)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "60"))?;
    step("release build");
    let dist = build_release()?;
    step("end-to-end tests (headless Chromium, release build on loopback)");
    let mut e2e = command("node");
    e2e.args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(e2e_test_files()?)
        .env("PLAYGROUND_DIST", dist)
        .env("CHROMIUM_PATH", CHROMIUM);
    run(&mut e2e)
}

/// Builds the to_thread worker where the wasm-bindgen test runner serves it from: the app
/// crate's directory.
fn build_test_worker() -> Result<(), String> {
    run(command("cargo").args(["build", "--package", WORKER_PACKAGE, "--target", WASM_TARGET]))?;
    let root = cmd::repo_root();
    let wasm = root.join("target").join(WASM_TARGET).join("debug").join(format!("{WORKER_PACKAGE}.wasm"));
    let out_dir = root.join("crates").join("app").join("tests").join("worker-dist");
    run(command("wasm-bindgen")
        .args(["--target", "no-modules", "--no-typescript", "--out-dir"])
        .arg(out_dir)
        .arg(wasm))
}

/// Runs the benchmarks against the release build and writes BENCHMARKS.md.
pub fn bench() -> Result<(), String> {
    tools::setup(Needs::Everything)?;
    let dist = build_release()?;
    step("benchmarks (headless Chromium, release build on loopback)");
    run(command("node")
        .arg("tests/bench/bench.mjs")
        .env("PLAYGROUND_DIST", dist)
        .env("CHROMIUM_PATH", CHROMIUM))
}

fn build_release() -> Result<PathBuf, String> {
    step("trunk build --release (offline)");
    run(command("trunk").args(["build", "--release", "--offline"]))?;
    let dist = cmd::repo_root().join("dist");
    print_shipped_size(&dist)?;
    Ok(dist)
}

fn e2e_test_files() -> Result<Vec<PathBuf>, String> {
    let dir = cmd::repo_root().join("tests").join("e2e");
    let entries = std::fs::read_dir(&dir).map_err(|err| format!("cannot read {}: {err}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.test.mjs files in {}", dir.display()));
    }
    Ok(files)
}

/// Prints the raw and gzip size of every wasm and js file in `dist`.
fn print_shipped_size(dist: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(dist).map_err(|err| format!("cannot read {}: {err}", dist.display()))?;
    let mut shipped: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| matches!(path.extension().and_then(|e| e.to_str()), Some("wasm" | "js")))
        .collect();
    shipped.sort();
    let mut total_gzip_bytes = 0;
    for path in &shipped {
        let bytes = std::fs::read(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        let gzip_bytes = gzip_len(&bytes)?;
        total_gzip_bytes += gzip_bytes;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        println!("shipped {name}: {} KB, {} KB gzip", kib(bytes.len()), kib(gzip_bytes));
    }
    println!("shipped wasm + js: {} KB gzip", kib(total_gzip_bytes));
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<usize, String> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).map_err(|err| err.to_string())?;
    encoder.finish().map(|out| out.len()).map_err(|err| err.to_string())
}

fn kib(n_bytes: usize) -> String {
    format!("{:.1}", n_bytes as f64 / 1024.0)
}

/// Says at once when the disk under the repository has less than `needed_kib` free, rather
/// than leaving it to a build that fails minutes later with "No space left on device".
fn warn_if_disk_low(needed_kib: u64) {
    let df = cmd::output(std::process::Command::new("df").arg("-Pk").arg(cmd::repo_root()));
    if let Some(free_kib) = df.as_deref().and_then(available_kib) {
        if free_kib < needed_kib {
            eprintln!(
                "xtask: warning: {:.1} GB free on the disk under this repository; a full test run \
                 writes about 3 GB under target/ and fails if the disk fills",
                free_kib as f64 / (1024.0 * 1024.0)
            );
        }
    }
}

/// The free KiB in `df -Pk`'s output: the fourth field of its second line.
fn available_kib(df_output: &str) -> Option<u64> {
    df_output.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()
}

fn step(name: &str) {
    println!("\n== {name}");
}

#[cfg(test)]
mod tests {
    use super::available_kib;

    #[test]
    fn free_space_is_read_from_df() {
        let df = "Filesystem     1024-blocks     Used Available Capacity Mounted on\n\
                  /dev/vda         264137692 94893720    453616     100% /\n";
        assert_eq!(available_kib(df), Some(453_616));
        assert_eq!(available_kib("Filesystem 1024-blocks Used Available Capacity Mounted on\n"), None);
        assert_eq!(available_kib("garbage"), None);
    }
}

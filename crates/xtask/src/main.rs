//! The project's build system: `cargo xtask <command>`.
//!
//! Every command first installs what it needs and is missing, printing what it does, and
//! skips what is present, so a second run spends no time on set-up.

mod cmd;
mod tasks;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup   install the build and test tools that are missing
  serve   build the release playground and serve it on http://127.0.0.1:8080
  dev     serve a debug build on http://127.0.0.1:8080, rebuilt on every change
  build   build the release site into dist/ and print its gzip size
  test    run every test tier, failing fast (what CI runs)
  bench   run the benchmarks in headless Chromium and write BENCHMARKS.md";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => tools::setup(tools::Needs::Everything),
        Some("serve") => tasks::serve(),
        Some("dev") => tasks::dev(),
        Some("build") => tasks::release().map(|_| ()),
        Some("test") => tasks::test_all(),
        Some("bench") => tasks::bench(),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

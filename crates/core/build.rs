//! Keeps only the marked regions of each scenario's source for the code view, so the page
//! ships the lines it shows, not whole files.

use std::path::Path;
use std::{env, fs};

/// The scenario files whose regions the code view shows.
const SOURCES: [&str; 5] = ["primes.rs", "chess.rs", "pokemon.rs", "tasks.rs", "icecream.rs"];

fn main() {
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    for name in SOURCES {
        let path = Path::new("src").join("scenarios").join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let source = fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        fs::write(Path::new(&out_dir).join(name), regions_only(&source))
            .unwrap_or_else(|error| panic!("writing the regions of {name}: {error}"));
    }
}

/// The lines from each `// region: name` marker to its `// endregion`, markers included.
fn regions_only(source: &str) -> String {
    let mut kept = String::new();
    let mut inside = false;
    for line in source.lines() {
        inside |= line.trim_start().starts_with("// region:");
        if inside {
            kept.push_str(line);
            kept.push('\n');
        }
        if line.contains("// endregion") {
            inside = false;
        }
    }
    kept
}

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

/// The lines from each `// region: name` marker to its `// endregion`, markers included. A
/// region inside a function (an indented marker) is preceded by its context: the lines that
/// open the blocks around it (the function's signature, `match mode {`), each marked
/// `// context:`, so the code view can show the region as part of its function.
fn regions_only(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut kept = String::new();
    let mut inside = false;
    for (index, line) in lines.iter().enumerate() {
        let starts = line.trim_start().starts_with("// region:");
        if starts && indentation(line) > 0 {
            for opener in openers(&lines[..index], indentation(line)) {
                kept.push_str("// context: ");
                kept.push_str(opener);
                kept.push('\n');
            }
        }
        inside |= starts;
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

/// The lines before a marker indented by `indent` that open the blocks around it, outermost
/// first: each is the nearest earlier line, less indented than the one after it, that ends
/// with `{`.
fn openers<'a>(before: &[&'a str], mut indent: usize) -> Vec<&'a str> {
    let mut found = Vec::new();
    for line in before.iter().rev() {
        if indent == 0 {
            break;
        }
        if !line.trim().is_empty() && indentation(line) < indent && line.trim_end().ends_with('{') {
            found.push(*line);
            indent = indentation(line);
        }
    }
    found.reverse();
    found
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

//! "Open in editor" opens, for every mode of every lesson, a program that runs in the page's
//! CPython: the listing itself for primes, tasks and chess; for Pokemon and the ice-cream
//! server a program adapted from it. Here the machine's python3 compiles each adapted program
//! and runs it with the offline stand-ins of aiohttp and requests (www/python/shims) on its
//! path, and its output has the lesson's shape.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use playground_core::scenarios::icecream_meta::IcecreamScenario;
use playground_core::scenarios::{self, icecream};
use playground_core::{ParamKind, ParamValues, Scenario};

const SHIMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/python/shims");
const NAMES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/pokemon-names.txt");

/// A scratch directory of this test process, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("playground-editor-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        Self(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("the program is written");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The lesson's default values with `changes` applied.
fn values_with(scenario: &dyn Scenario, changes: &[(&str, &str)]) -> ParamValues {
    let mut values = ParamValues::defaults(scenario.meta().params);
    for (key, text) in changes {
        assert_eq!(values.set_from_text(key, text), None, "{key}={text} is a valid value");
    }
    values
}

/// Starts python3 on `path` with the stand-ins on its path.
fn start_python(path: &Path) -> Child {
    Command::new("python3")
        .arg(path)
        .env("PYTHONPATH", SHIMS)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 starts")
}

/// Waits for a program and returns its output lines; it must have succeeded.
fn output_lines(what: &str, child: Child) -> Vec<String> {
    let output = child.wait_with_output().expect("python3 ends");
    assert!(output.status.success(), "{what} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).lines().map(str::to_string).collect()
}

fn national_list() -> Vec<String> {
    let list = std::fs::read_to_string(NAMES).expect("the national list");
    list.lines().filter(|line| !line.starts_with('#')).map(str::to_string).collect()
}

#[test]
fn every_mode_of_every_lesson_opens_a_program_and_the_plain_listings_open_unchanged() {
    for scenario in scenarios::all() {
        let values = ParamValues::defaults(scenario.meta().params);
        for mode in scenario.meta().modes {
            let program = scenario.editor_program(&values, mode.key);
            let program =
                program.unwrap_or_else(|| panic!("{} {} opens nothing", scenario.meta().id, mode.key));
            let listing = scenario.code(&values, mode.key).python;
            if scenario.runs_in_editor() {
                assert_eq!(program, listing, "{} {}", scenario.meta().id, mode.key);
            } else {
                // An adapted program says what differs before anything else.
                assert!(
                    program.starts_with("# The lesson's"),
                    "{} {}:\n{program}",
                    scenario.meta().id,
                    mode.key
                );
            }
        }
    }
}

#[test]
fn a_parameter_a_mode_does_not_use_changes_nothing_of_its_editor_program() {
    for scenario in scenarios::all() {
        let meta = scenario.meta();
        let defaults = ParamValues::defaults(meta.params);
        for mode in meta.modes {
            let program = scenario.editor_program(&defaults, mode.key);
            for spec in meta.params.iter().filter(|spec| !spec.applies_to(mode.key)) {
                let ParamKind::Number { min, max, .. } = spec.kind else { continue };
                for value in [min, max] {
                    let mut values = defaults.clone();
                    values.set_from_text(spec.key, &value.to_string());
                    let changed = scenario.editor_program(&values, mode.key);
                    assert_eq!(changed, program, "{} {} with {}={value}", meta.id, mode.key, spec.key);
                }
            }
        }
    }
}

#[test]
fn every_adapted_program_compiles_in_cpython_at_the_ends_of_every_slider() {
    let scratch = Scratch::new("compile");
    let mut paths = Vec::new();
    for id in ["pokemon", "icecream"] {
        let scenario = scenarios::find(id).expect("the lesson is built");
        let defaults = ParamValues::defaults(scenario.meta().params);
        for mode in scenario.meta().modes {
            let mut cases = vec![defaults.clone()];
            for spec in scenario.meta().params {
                if let ParamKind::Number { min, max, .. } = spec.kind {
                    for value in [min, max] {
                        let mut values = defaults.clone();
                        values.set_from_text(spec.key, &value.to_string());
                        cases.push(values);
                    }
                }
            }
            for (index, values) in cases.iter().enumerate() {
                let program = scenario.editor_program(values, mode.key).expect("a program");
                paths.push(scratch.write(&format!("{id}-{}-{index}.py", mode.key), &program));
            }
        }
    }
    let script = "import py_compile, sys\nbad = []\nfor path in sys.argv[1:]:\n    try:\n        py_compile.compile(path, doraise=True)\n    except py_compile.PyCompileError as error:\n        bad.append(str(error))\nprint('\\n'.join(bad))\nsys.exit(1 if bad else 0)\n";
    let output = Command::new("python3").arg("-c").arg(script).args(&paths).output().expect("python3 runs");
    assert!(
        output.status.success(),
        "programs that do not compile:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(paths.len() > 9 * 10, "{} programs", paths.len());
}

#[test]
fn pokemon_programs_print_their_names_from_the_offline_api_in_cpython() {
    let scenario = scenarios::find("pokemon").expect("the Pokemon lesson is built");
    let national = national_list();
    let scratch = Scratch::new("pokemon");
    // The defaults (twenty names, about two seconds one after another), then a few names.
    let cases: [&[(&str, &str)]; 3] = [&[], &[("n", "3"), ("tick", "10")], &[("n", "1")]];
    let mut runs = Vec::new();
    for (index, changes) in cases.iter().enumerate() {
        let values = values_with(scenario, changes);
        for mode in scenario.meta().modes {
            let program = scenario.editor_program(&values, mode.key).expect("a program");
            let path = scratch.write(&format!("{}-{index}.py", mode.key), &program);
            runs.push((
                format!("pokemon {} with {changes:?}", mode.key),
                mode.key,
                values.count("n"),
                start_python(&path),
            ));
        }
    }
    for (what, mode, n_names, child) in runs {
        let lines = output_lines(&what, child);
        let (ticks, rest): (Vec<&String>, Vec<&String>) =
            lines.iter().partition(|line| line.starts_with("counter: "));
        let names: Vec<String> = if mode == "gather" {
            // One line: the list of names, as Python prints a list of strings.
            assert_eq!(rest.len(), 1, "{what}: {lines:?}");
            let list = rest[0].strip_prefix('[').and_then(|list| list.strip_suffix(']'));
            let list = list.unwrap_or_else(|| panic!("{what}: not a list: {}", rest[0]));
            list.split(", ").map(|name| name.trim_matches(|c| c == '\'' || c == '"').to_string()).collect()
        } else {
            rest.iter().map(|name| name.to_string()).collect()
        };
        assert_eq!(names.len(), n_names as usize, "{what}: {lines:?}");
        for name in &names {
            assert!(national.contains(name), "{what}: {name} is not in the national list");
        }
        // requests holds the thread, so the counter never ticks between the names; aiohttp,
        // and requests on a thread, let it tick while they wait.
        match mode {
            "blocking" => assert!(ticks.is_empty(), "{what}: the counter ticked {} times", ticks.len()),
            "gather" => {}
            _ if n_names >= 3 => assert!(!ticks.is_empty(), "{what}: the counter never ticked"),
            _ => {}
        }
    }
}

#[test]
fn icecream_programs_serve_about_the_predicted_requests_per_second_in_cpython() {
    let scenario = scenarios::find("icecream").expect("the ice-cream lesson is built");
    let scratch = Scratch::new("icecream");
    // The defaults (five seconds of load), then small, short loads.
    let cases: [&[(&str, &str)]; 3] = [
        &[],
        &[("clients", "3"), ("dur", "1"), ("work", "100"), ("workers", "2"), ("wa", "100"), ("wb", "50")],
        &[("clients", "1"), ("dur", "1"), ("work", "200"), ("workers", "3"), ("wa", "60"), ("wb", "60")],
    ];
    let mut runs = Vec::new();
    for (index, changes) in cases.iter().enumerate() {
        let values = values_with(scenario, changes);
        for mode in scenario.meta().modes {
            let program = scenario.editor_program(&values, mode.key).expect("a program");
            let path = scratch.write(&format!("{}-{index}.py", mode.key), &program);
            let predicted_rps =
                icecream::predict_rps(&IcecreamScenario::params(&values), IcecreamScenario::mode(mode.key));
            runs.push((
                format!("icecream {} with {changes:?}", mode.key),
                values.number("dur"),
                predicted_rps,
                start_python(&path),
            ));
        }
    }
    for (what, duration_s, predicted_rps, child) in runs {
        let lines = output_lines(&what, child);
        let served_line = format!("The load stopped after {duration_s:.1} s: ");
        let served: f64 = lines
            .iter()
            .find_map(|line| line.strip_prefix(&served_line)?.strip_suffix(" requests served")?.parse().ok())
            .unwrap_or_else(|| panic!("{what}: no line of requests served in {lines:?}"));
        let rps: f64 = lines
            .last()
            .and_then(|line| line.strip_suffix(" requests per second")?.parse().ok())
            .unwrap_or_else(|| panic!("{what}: no requests per second at the end of {lines:?}"));
        // Generous bounds: a shared machine's threads and timers run late.
        assert!(
            rps > 0.6 * predicted_rps && rps < 1.3 * predicted_rps,
            "{what}: {rps} requests per second, predicted {predicted_rps}: {lines:?}"
        );
        assert!(
            served >= 1.0 && served <= rps * duration_s + 1.0,
            "{what}: {served} served at {rps} per second"
        );
    }
}

#[test]
// The test times the python3 it starts; core itself never reads the machine's clock.
#[allow(clippy::disallowed_methods)]
fn the_offline_round_trip_follows_the_lessons_sliders() {
    let scenario = scenarios::find("pokemon").expect("the Pokemon lesson is built");
    let scratch = Scratch::new("pokemon-round-trip");
    // Five names one after another, each round trip 300 ms exactly: 1.5 s, where the
    // default 100 ms would take 0.5 s.
    let values = values_with(scenario, &[("n", "5"), ("lat", "300"), ("jit", "0"), ("tick", "1000")]);
    let program = scenario.editor_program(&values, "sequential").expect("a program");
    assert!(program.contains("ROUND_TRIP_S, _offline_pokeapi.SPREAD_S = 0.3, 0"), "{program}");
    let path = scratch.write("slow.py", &program);
    let started = std::time::Instant::now();
    let lines = output_lines("pokemon sequential at 300 ms", start_python(&path));
    let took_s = started.elapsed().as_secs_f64();
    assert_eq!(lines.iter().filter(|line| !line.starts_with("counter: ")).count(), 5, "{lines:?}");
    assert!(took_s >= 1.5, "five round trips of 300 ms took {took_s:.2} s");
}

//! Every Python listing the page shows is valid Python: the machine's python3 compiles each
//! one, for every scenario, mode and speed (the listings follow the Delays setting).

use std::process::Command;

use playground_core::page_state::PageState;
use playground_core::scenarios;

#[test]
fn every_python_listing_compiles_in_cpython() {
    let dir = std::env::temp_dir().join(format!("playground-listings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let mut paths = Vec::new();
    for scenario in scenarios::all() {
        let meta = scenario.meta();
        for mode in meta.modes {
            for speed in [0.1, 0.25, 1.0, 10.0] {
                let mut state = PageState::for_scenario(*scenario);
                state.speed = speed;
                let listing = scenario.code(&state.run_values(), mode.key).python;
                let name = format!("{}-{}-{}.py", meta.id, mode.key, speed);
                let path = dir.join(&name);
                std::fs::write(&path, &listing).expect("the listing is written");
                paths.push((name, path));
            }
        }
    }
    // One python3 compiles them all and names each that fails.
    let script = "import py_compile, sys\nbad = []\nfor path in sys.argv[1:]:\n    try:\n        py_compile.compile(path, doraise=True)\n    except py_compile.PyCompileError as error:\n        bad.append(str(error))\nprint('\\n'.join(bad))\nsys.exit(1 if bad else 0)\n";
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(paths.iter().map(|(_, path)| path))
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "listings that do not compile:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(paths.len() >= 5 * 2 * 4, "{} listings", paths.len());
}

#[test]
fn listings_offered_to_the_editor_run_in_cpython_as_they_are() {
    let dir = std::env::temp_dir().join(format!("playground-runnable-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let mut children = Vec::new();
    for scenario in scenarios::all().iter().filter(|scenario| scenario.runs_in_editor()) {
        let meta = scenario.meta();
        for mode in meta.modes {
            // Fast delays: the programs sleep in real time.
            let mut state = PageState::for_scenario(*scenario);
            state.speed = 0.1;
            let path = dir.join(format!("{}-{}.py", meta.id, mode.key));
            std::fs::write(&path, scenario.code(&state.run_values(), mode.key).python).expect("written");
            let child = Command::new("python3")
                .arg(&path)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("python3 starts");
            children.push((format!("{} {}", meta.id, mode.key), child));
        }
    }
    assert!(children.len() >= 10, "primes and tasks are offered: {}", children.len());
    for (name, child) in children {
        let output = child.wait_with_output().expect("python3 ends");
        assert!(output.status.success(), "{name}: {}", String::from_utf8_lossy(&output.stderr));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

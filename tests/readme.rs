//! The README's `console` examples are what the command line prints: each `$ `
//! line is run by `sh` with `gradscope` being this build's binary, and its standard
//! output must be the lines that follow it, up to the next command or the block's end.

#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

/// One example: the command line as written and the output the README shows.
struct Example {
    command: String,
    shown: String,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_console = false;
    for line in readme.lines() {
        match (in_console, line.trim_end()) {
            (false, "```console") => in_console = true,
            (true, "```") => in_console = false,
            (true, line) => match line.strip_prefix("$ ") {
                Some(command) => examples.push(Example {
                    command: command.to_string(),
                    shown: String::new(),
                }),
                None => {
                    let example = examples
                        .last_mut()
                        .expect("a console block starts with '$ '");
                    example.shown.push_str(line);
                    example.shown.push('\n');
                }
            },
            _ => {}
        }
    }
    examples
}

#[test]
fn every_console_example_of_the_readme_prints_what_it_shows() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let examples = examples(&readme);
    assert!(
        examples.len() >= 4,
        "only {} console examples found",
        examples.len()
    );
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_gradscope"))
        .parent()
        .expect("the binary's folder")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for example in &examples {
        let output = Command::new("sh")
            .arg("-c")
            .arg(&example.command)
            .env("PATH", &path)
            .output()
            .expect("sh runs");
        assert!(output.status.success(), "{}: {output:?}", example.command);
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            example.shown,
            "the README shows another output for: {}",
            example.command
        );
    }
}

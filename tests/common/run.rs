//! The `gradscope` binary run as a user runs it, with arguments and standard input,
//! for the command-line tests.

use std::ffi::OsStr;
use std::io::Write;
use std::process::{Command, Stdio};

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit status (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// The CSV lines of standard output.
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// The cells of one CSV line.
    pub fn row(&self, index: usize) -> Vec<&str> {
        self.lines()[index].split(',').collect()
    }

    /// Exit status 0 and nothing on standard error.
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(self.code, Some(0), "{self:#?}");
        assert!(self.stderr.is_empty(), "{self:#?}");
        self
    }

    /// Exit status 2, nothing on standard output, and a message on standard error
    /// that contains every one of `words`.
    pub fn assert_refused(&self, words: &[&str]) {
        assert_eq!(self.code, Some(2), "{self:#?}");
        assert!(self.stdout.is_empty(), "{self:#?}");
        assert!(!self.stderr.trim().is_empty(), "{self:#?}");
        assert!(!self.stderr.contains("panicked"), "{self:#?}");
        for word in words {
            assert!(self.stderr.contains(word), "no '{word}' in {self:#?}");
        }
    }
}

/// Runs `gradscope` with any arguments and standard input bytes.
pub fn run_os<I, S>(args: I, stdin: &[u8]) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut child = Command::new(env!("CARGO_BIN_EXE_gradscope"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the gradscope binary starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    let bytes = stdin.to_vec();
    // A writer thread, so a large input cannot block against a full output pipe;
    // a process that exits before reading closes the pipe, which is not an error here.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let output = child.wait_with_output().expect("gradscope runs");
    let _ = writer.join();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `gradscope args...` with `stdin` as its standard input.
pub fn gradscope(args: &[&str], stdin: &str) -> Run {
    run_os(args, stdin.as_bytes())
}

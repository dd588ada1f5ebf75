//! `gradscope`: the catalog, values and pictures on the command line.
//!
//! `list [--json]`, `eval SPEC`, `table SPEC --from A --to B --samples N`. Exit
//! status 0 on success, 2 on bad input with the message on standard error.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use gradscope::catalog::{self, Param, ParamKind};
use gradscope::table::{self, csv_header, write_csv_rows};
use gradscope::{Dtype, Estimator, Real};

/// Forward values, back-propagated gradients and true derivatives of step, round and
/// spike functions and their surrogate gradients.
#[derive(Parser)]
#[command(name = "gradscope", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Every forward, backward and preset with parameters, defaults and ranges.
    List {
        /// One JSON object {"forwards", "backwards", "presets"} instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Reads x values from standard input, one a line; writes CSV `x,f,df`.
    Eval {
        /// The estimator, e.g. `soft_round(alpha=3)/identity` or `preset:round-ste`.
        spec: String,
        /// The dtype to compute in.
        #[arg(long, default_value = "f64")]
        dtype: Dtype,
        /// Adds a column `true`, the forward's true derivative.
        #[arg(long = "true")]
        with_true: bool,
    },
    /// Writes the same CSV on an even grid, both ends included.
    Table {
        /// The estimator.
        spec: String,
        /// The left end of the range.
        #[arg(long, allow_hyphen_values = true)]
        from: f64,
        /// The right end of the range.
        #[arg(long, allow_hyphen_values = true)]
        to: f64,
        /// How many points.
        #[arg(long)]
        samples: usize,
        /// The dtype to compute in.
        #[arg(long, default_value = "f64")]
        dtype: Dtype,
        /// Adds a column `true`, the forward's true derivative.
        #[arg(long = "true")]
        with_true: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::List { json } => list(json),
        Command::Eval {
            spec,
            dtype,
            with_true,
        } => eval(&spec, dtype, with_true),
        Command::Table {
            spec,
            from,
            to,
            samples,
            dtype,
            with_true,
        } => table_command(&spec, from, to, samples, dtype, with_true),
    };
    match result {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = stdout.write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gradscope: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse_spec(text: &str) -> Result<Estimator, String> {
    text.parse::<Estimator>()
        .map_err(|e| format!("bad spec '{}': {e}", shorten(text.trim())))
}

fn list(json: bool) -> Result<String, String> {
    if json {
        let mut text =
            serde_json::to_string_pretty(&catalog::listing()).map_err(|e| e.to_string())?;
        text.push('\n');
        return Ok(text);
    }
    let mut out = String::from("FORWARDS\n");
    for f in catalog::forwards() {
        out.push_str(&entry_line(f.id, f.group.label(), f.params, f.description));
    }
    out.push_str("\nBACKWARDS\n");
    for b in catalog::backwards() {
        out.push_str(&entry_line(b.id, b.group.label(), b.params, b.description));
    }
    out.push_str("\nPRESETS (use as preset:<id>)\n");
    for p in catalog::presets() {
        let canonical = parse_spec(p.spec)?;
        out.push_str(&format!(
            "  {:<24} {}\n  {:<24} {}\n",
            p.id, canonical, "", p.source
        ));
    }
    Ok(out)
}

fn entry_line(id: &str, group: &str, params: &[Param], description: &str) -> String {
    let params: Vec<String> = params.iter().map(describe_param).collect();
    let signature = if params.is_empty() {
        id.to_string()
    } else {
        format!("{id}({})", params.join(", "))
    };
    format!("  {signature}  [{group}]\n      {description}\n")
}

fn describe_param(p: &Param) -> String {
    match p.kind {
        ParamKind::Choice(choices) => {
            let listed: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
            format!("{}={} in {{{}}}", p.name, p.default, listed.join(", "))
        }
        ParamKind::Integer => format!("{}={} integer in [{}, {}]", p.name, p.default, p.min, p.max),
        ParamKind::Real => format!("{}={} in [{}, {}]", p.name, p.default, p.min, p.max),
    }
}

fn eval(spec: &str, dtype: Dtype, with_true: bool) -> Result<String, String> {
    let estimator = parse_spec(spec)?;
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    match dtype {
        Dtype::F32 => eval_lines::<f32>(&estimator, &input, with_true),
        Dtype::F64 => eval_lines::<f64>(&estimator, &input, with_true),
    }
}

fn eval_lines<F: Real + std::str::FromStr>(
    estimator: &Estimator,
    input: &str,
    with_true: bool,
) -> Result<String, String> {
    let mut xs = Vec::new();
    for (number, line) in input.lines().enumerate() {
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let x = text
            .parse::<F>()
            .map_err(|_| format!("line {}: '{}' is not a number", number + 1, shorten(text)))?;
        xs.push(x);
    }
    let mut out = String::from(csv_header(with_true));
    write_csv_rows(estimator, xs, with_true, &mut out);
    Ok(out)
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

fn table_command(
    spec: &str,
    from: f64,
    to: f64,
    samples: usize,
    dtype: Dtype,
    with_true: bool,
) -> Result<String, String> {
    let estimator = parse_spec(spec)?;
    let xs = table::grid(from, to, samples)?;
    Ok(match dtype {
        Dtype::F32 => table::grid_csv::<f32>(&estimator, &xs, with_true),
        Dtype::F64 => table::grid_csv::<f64>(&estimator, &xs, with_true),
    })
}

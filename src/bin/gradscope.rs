//! `gradscope`: the catalog, values and pictures on the command line.
//!
//! `list [--json]`, `eval SPEC`, `table SPEC --from A --to B --samples N`,
//! `plot SPEC --out FILE.svg|FILE.png`, `anatomy SPEC`, `train SPEC --task T [--pin P]...`. Exit
//! status 0 on success, 2 on bad input with the message on standard error.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use gradscope::anatomy::Anatomy;
use gradscope::catalog::{self, Param, ParamKind};
use gradscope::disagreement::{output_name, Comparison};
use gradscope::table::{self, csv_header, write_csv_rows};
use gradscope::train;
use gradscope::url_state;
use gradscope::view::View;
use gradscope::{figure, listing, sampling};
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
        /// The estimator, e.g. `soft_round(alpha=3)/identity`, `preset:round-ste` or a formula, `tf: x + stop_gradient(round(x) - x)`.
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
    /// Draws the page's picture (f(x) above, df/dx below) into an SVG or PNG file.
    Plot(PlotArgs),
    /// Prints the backward's anatomy as pretty JSON: peak, peak_x, half_width, area,
    /// support, nonfinite, deltas, ... and the page's one-sentence description.
    Anatomy(AnatomyArgs),
    /// Says where TensorFlow, PyTorch and JAX disagree on a formula over the range,
    /// in f, df or the true derivative (the sentence the page shows), or writes CSV
    /// `output,from,to,tf,torch,jax`: one row per place, the values at `from`.
    Frameworks(FrameworksArgs),
    /// Trains a task's small network with the estimator as its units, and each pin
    /// beside it from the same weights; writes CSV `epoch,loss,accuracy` (and
    /// `pinK_loss,pinK_accuracy` per pin), one row per epoch, epoch 0 before training.
    Train(ViewArgs<TrainingKeys>),
}

/// Which view keys a command takes as flags.
trait KeySelection {
    /// Whether the command takes `key`.
    fn takes(key: &url_state::Key) -> bool;

    /// Whether the command needs `key` given.
    fn requires(key: &url_state::Key) -> bool {
        key.name == "spec"
    }
}

/// The picture's keys, for `plot` and `anatomy`: every key but the training lab's.
struct PictureKeys;

impl KeySelection for PictureKeys {
    fn takes(key: &url_state::Key) -> bool {
        !url_state::TRAINING_KEYS.contains(&key.name)
    }
}

/// The keys of `train`: the estimator, its pins, the dtype and the training lab's
/// keys, the task required.
struct TrainingKeys;

impl KeySelection for TrainingKeys {
    fn takes(key: &url_state::Key) -> bool {
        ["spec", "pin", "dtype"].contains(&key.name) || url_state::TRAINING_KEYS.contains(&key.name)
    }

    fn requires(key: &url_state::Key) -> bool {
        ["spec", "task"].contains(&key.name)
    }
}

/// The view keys as the command line's view flags (`SPEC`, `--from`, `--to`,
/// `--dtype`, `--pin`, `--show`, `--task`, ...): one argument per row of the page's
/// table of keys (`url_state::KEYS`) that the selection `S` takes, read with the same
/// checks and messages.
struct ViewArgs<S> {
    /// The keys given, in table order, each with its values in command-line order.
    given: Vec<(&'static url_state::Key, Vec<String>)>,
    selection: std::marker::PhantomData<S>,
}

/// The keys of the table that `S` takes.
fn selected<S: KeySelection>() -> impl Iterator<Item = &'static url_state::Key> {
    url_state::KEYS.iter().filter(|key| S::takes(key))
}

impl<S> ViewArgs<S> {
    /// The view these flags describe: the default view with each given key applied
    /// in table order (so a preset's own range comes before `--from` and `--to`, and
    /// a task's own epochs before `--epochs`).
    fn view(&self) -> Result<View, String> {
        let mut view = View::default();
        for (key, values) in &self.given {
            for value in values {
                view = url_state::apply(&view, key, value).map_err(|why| {
                    let flag = if key.name == "spec" {
                        "SPEC".to_string()
                    } else {
                        format!("--{}", key.name)
                    };
                    format!("{flag}: {why}")
                })?;
            }
        }
        Ok(view)
    }
}

impl<S: KeySelection> clap::FromArgMatches for ViewArgs<S> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let given = selected::<S>()
            .filter_map(|key| {
                let values = matches.get_many::<String>(key.name)?;
                Some((key, values.cloned().collect()))
            })
            .collect();
        Ok(ViewArgs {
            given,
            selection: std::marker::PhantomData,
        })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl<S: KeySelection> clap::Args for ViewArgs<S> {
    fn augment_args(command: clap::Command) -> clap::Command {
        selected::<S>().fold(command, |command, key| {
            let help = format!("{}, e.g. '{}'", capitalised(key.doc), key.example.trim());
            let arg = clap::Arg::new(key.name)
                .help(help)
                .allow_hyphen_values(true)
                .required(S::requires(key))
                .action(if key.repeated {
                    clap::ArgAction::Append
                } else {
                    clap::ArgAction::Set
                });
            let arg = if key.name == "spec" {
                arg.value_name(key.kind).index(1)
            } else {
                arg.long(key.name).value_name(key.kind)
            };
            command.arg(arg)
        })
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        Self::augment_args(command)
    }
}

/// A sentence's first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The arguments of `gradscope anatomy`.
#[derive(clap::Args)]
struct AnatomyArgs {
    /// The view: its estimator, range and dtype.
    #[command(flatten)]
    view: ViewArgs<PictureKeys>,
    /// The plot width in device pixels whose samples are measured, as the page's.
    #[arg(long, default_value_t = 1200)]
    width: usize,
}

/// The arguments of `gradscope frameworks`.
#[derive(clap::Args)]
struct FrameworksArgs {
    /// The view: its formula, range and dtype.
    #[command(flatten)]
    view: ViewArgs<PictureKeys>,
    /// CSV, one row per place of disagreement, instead of the sentence.
    #[arg(long)]
    csv: bool,
}

/// The arguments of `gradscope plot`.
#[derive(clap::Args)]
struct PlotArgs {
    /// The view: estimator, pins, range, dtype, extra curves, and how it is shown
    /// (`--present 1`, `--theme dark`, `--panel df`, `--tour seeds --step 3`).
    #[command(flatten)]
    view: ViewArgs<PictureKeys>,
    /// How many evenly spaced samples each curve is computed from (default: two per
    /// pixel of plot width). Dense curves need more, e.g. `fourier_round(terms=50)`
    /// over [-1000, 1000]; at most 1000000.
    #[arg(long)]
    samples: Option<usize>,
    /// Device pixels per layout pixel: `--width 2400 --height 1600 --scale 2` draws
    /// the 1200x800 figure at twice the resolution.
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// The picture's width in pixels.
    #[arg(long, default_value_t = 1200)]
    width: u32,
    /// The picture's height in pixels.
    #[arg(long, default_value_t = 800)]
    height: u32,
    /// The file to write, `.svg` or `.png`.
    #[arg(long)]
    out: PathBuf,
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
        Command::Plot(args) => plot(&args),
        Command::Anatomy(args) => anatomy(&args),
        Command::Frameworks(args) => frameworks(&args),
        Command::Train(args) => train(&args),
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

/// Says once, on standard error, that the framework finds no gradient path from x
/// to the formula (`df` is then 0), as the values alone would not.
fn say_if_no_gradient(estimator: &Estimator) {
    if let Some(message) = estimator.no_gradient_message() {
        eprintln!("gradscope: {message}");
    }
}

fn list(json: bool) -> Result<String, String> {
    if json {
        let mut text =
            serde_json::to_string_pretty(&listing::listing()).map_err(|e| e.to_string())?;
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
    say_if_no_gradient(&estimator);
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
    say_if_no_gradient(&estimator);
    Ok(match dtype {
        Dtype::F32 => table::grid_csv::<f32>(&estimator, &xs, with_true),
        Dtype::F64 => table::grid_csv::<f64>(&estimator, &xs, with_true),
    })
}

/// Picture sizes `plot` accepts, in pixels (each side).
const PLOT_SIZES: std::ops::RangeInclusive<u32> = 200..=8000;

/// Scales `plot` accepts (device pixels per layout pixel).
const PLOT_SCALES: std::ops::RangeInclusive<f64> = 0.5..=4.0;

fn plot(args: &PlotArgs) -> Result<String, String> {
    for (name, size) in [("--width", args.width), ("--height", args.height)] {
        if !PLOT_SIZES.contains(&size) {
            return Err(format!(
                "{name} must lie in [{}, {}] pixels, not {size}",
                PLOT_SIZES.start(),
                PLOT_SIZES.end()
            ));
        }
    }
    if !(PLOT_SCALES.contains(&args.scale)) {
        return Err(format!(
            "--scale must lie in [{}, {}], not {}",
            PLOT_SCALES.start(),
            PLOT_SCALES.end(),
            args.scale
        ));
    }
    if let Some(samples) = args
        .samples
        .filter(|n| !(1..=sampling::MAX_SAMPLES).contains(n))
    {
        return Err(format!(
            "--samples must lie in [1, {}], not {samples}",
            sampling::MAX_SAMPLES
        ));
    }
    let view = args.view.view()?;
    let (view, out) = (&view, args.out.as_path());
    let style = figure::FigureStyle {
        scale: args.scale,
        samples: args.samples,
        ..figure::FigureStyle::default()
    }
    .for_view(view, figure::Theme::Light);
    let extension = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("svg") => {
            let text = figure::svg_with_style(view, args.width, args.height, &style)?;
            std::fs::write(out, text)
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        }
        Some("png") => figure::png(view, args.width, args.height, &style, out)?,
        _ => {
            return Err(format!(
                "--out {} must end in .svg or .png",
                shorten(&out.display().to_string())
            ))
        }
    }
    Ok(String::new())
}

/// Plot widths `anatomy` accepts, in device pixels.
const ANATOMY_WIDTHS: std::ops::RangeInclusive<usize> = 50..=20_000;

/// The anatomy's figures with the sentence that says them, as `anatomy` prints them.
#[derive(serde::Serialize)]
struct DescribedAnatomy {
    #[serde(flatten)]
    anatomy: Anatomy,
    description: String,
}

fn anatomy(args: &AnatomyArgs) -> Result<String, String> {
    if !ANATOMY_WIDTHS.contains(&args.width) {
        return Err(format!(
            "--width must lie in [{}, {}] pixels, not {}",
            ANATOMY_WIDTHS.start(),
            ANATOMY_WIDTHS.end(),
            args.width
        ));
    }
    let view = args.view.view()?;
    let anatomy = Anatomy::of(&view, args.width)?;
    let description = anatomy.describe();
    let mut text = serde_json::to_string_pretty(&DescribedAnatomy {
        anatomy,
        description,
    })
    .map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

fn frameworks(args: &FrameworksArgs) -> Result<String, String> {
    let view = args.view.view()?;
    let comparison = Comparison::of(&view)?.ok_or_else(|| {
        format!(
            "frameworks compares a formula (tf:, torch: or jax:), and '{}' is a catalog estimator",
            view.estimator
        )
    })?;
    if !args.csv {
        return Ok(format!("{}\n", comparison.describe()));
    }
    // Each number as the CSV of its dtype prints it.
    let number = |v: f64| match view.dtype {
        Dtype::F32 => table::format_value(v as f32),
        Dtype::F64 => table::format_value(v),
    };
    let mut csv = String::from("output,from,to,tf,torch,jax\n");
    for d in &comparison.differences {
        let [tf, torch, jax] = d.values.map(number);
        let (from, to) = (number(d.from), number(d.to));
        csv.push_str(&format!(
            "{},{from},{to},{tf},{torch},{jax}\n",
            output_name(d.output)
        ));
    }
    Ok(csv)
}

/// Epochs between two writes of `train`'s rows.
const TRAIN_CHUNK: usize = 10;

/// Writes the rows as they are trained; a non-finite loss or gradient is reported on
/// standard error at its epoch, where that estimator's training stops.
fn train(args: &ViewArgs<TrainingKeys>) -> Result<String, String> {
    let view = args.view()?;
    let estimators = train::estimators_of(&view);
    let mut training = train::Training::of_view(&view)?;
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = stdout.write_all(train::csv::header(estimators.len()).as_bytes());
    loop {
        let records = training.step(TRAIN_CHUNK);
        if records.is_empty() {
            break;
        }
        let mut text = String::new();
        for epoch in records.chunk_by(|a, b| a.epoch == b.epoch) {
            train::csv::write_rows(epoch, estimators.len(), view.dtype, &mut text);
            for record in epoch {
                if let Some(stop) = &record.stop {
                    // The rows up to the stop go out before the message.
                    let _ = stdout.write_all(std::mem::take(&mut text).as_bytes());
                    let _ = stdout.flush();
                    let estimator = &estimators[record.estimator];
                    eprintln!("gradscope: {}", stop.message(record.epoch, estimator));
                }
            }
        }
        let _ = stdout.write_all(text.as_bytes());
    }
    Ok(String::new())
}

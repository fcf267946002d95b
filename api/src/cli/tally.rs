//! `medlemsbudget tally`: run a rule on a Pabulib file, outside any round.

use std::io::Write;
use std::time::Instant;

use clap::Args;
use medlemsbudget_domain::pabulib;
use medlemsbudget_domain::rules::{self, Completion, Options, Rule, Satisfaction, TallyReport, TieBreak};

/// Output format of `tally`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TallyFormat {
    /// The JSON report: rule, budget, winners, total cost, every project with its explanation.
    Json,
    /// A table for people.
    Text,
}

/// Options of `tally`.
#[derive(Debug, Args)]
pub struct TallyArgs {
    /// The Pabulib file.
    #[arg(long)]
    pub input: std::path::PathBuf,
    /// `greedy`, `mes` or `phragmen`.
    #[arg(long)]
    pub rule: Rule,
    /// `cost`, `cardinality` or `points` (cumulative files).
    #[arg(long, default_value = "cost")]
    pub satisfaction: Satisfaction,
    /// MES completion: `none`, `add1` or `add1-greedy`.
    #[arg(long, default_value = "none")]
    pub completion: Completion,
    /// Exact ties: `lexicographic` (project ids as strings, like pabutools) or `service`
    /// (fewer kroner, earlier submission, lower id).
    #[arg(long, default_value = "lexicographic")]
    pub tie_break: TieBreak,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: TallyFormat,
    /// Also print to stderr how long the work took inside the process:
    /// `timings: parse_ms=… rule_ms=… report_ms=… total_ms=…` (reading and
    /// parsing the file; the rule; the report with its explanations; all of
    /// it, output included).
    #[arg(long)]
    pub timings: bool,
}

/// Reads the file, runs the rule and prints the report (and, with
/// `--timings`, how long each part took to stderr).
pub fn run(args: &TallyArgs) -> Result<(), String> {
    let started = Instant::now();
    let text =
        std::fs::read_to_string(&args.input).map_err(|e| format!("cannot read {}: {e}", args.input.display()))?;
    let instance = pabulib::read_instance(&text).map_err(|e| format!("{}: {e}", args.input.display()))?;
    let parsed = Instant::now();
    // Pabulib files follow pabutools: projects nobody supports may take what is left.
    let mut options = Options::pabutools(args.satisfaction, args.completion);
    options.tie_break = args.tie_break;
    if args.tie_break == TieBreak::Service {
        options.fund_unsupported = false;
    }
    let outcome = rules::run(args.rule, &instance, &options);
    let ruled = Instant::now();
    let report = TallyReport::from(&outcome);
    let reported = Instant::now();
    let output = match args.format {
        TallyFormat::Json => serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n",
        TallyFormat::Text => text_report(&report),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(format!("cannot write the report: {e}")),
        _ => {}
    }
    if args.timings {
        let ms = |from: Instant, to: Instant| (to - from).as_secs_f64() * 1e3;
        eprintln!(
            "timings: parse_ms={:.3} rule_ms={:.3} report_ms={:.3} total_ms={:.3}",
            ms(started, parsed),
            ms(parsed, ruled),
            ms(ruled, reported),
            ms(started, Instant::now())
        );
    }
    Ok(())
}

fn text_report(report: &TallyReport) -> String {
    let mut out = format!(
        "rule {}: {} of {} allocated to {} projects\n",
        report.rule,
        report.total_cost,
        report.budget,
        report.winners.len()
    );
    out.push_str(&format!("winners in order: {}\n\n", report.winners.join(", ")));
    for project in &report.projects {
        let mark = if project.funded { "FUNDED" } else { "      " };
        out.push_str(&format!(
            "{mark} {:>12} {:>14} {:>8}  {}\n",
            project.id, project.cost, project.support, project.explanation
        ));
    }
    out
}

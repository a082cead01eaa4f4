//! `microdrama check|paths`: the host command line (CONTRACT §3).
//!
//! Exit codes: 0 when the catalog has no error, 1 when it has errors, 2 on usage or I/O errors (with a
//! message on stderr). Each command is one arm of the match in `host::run`.

// The binary is host-only; on wasm32 the crate builds as the player library and this is a placeholder.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    host::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod host {
    use std::ffi::OsString;
    use std::fs::File;
    use std::io::{self, Read, Write};
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    use microdrama::catalog::{self, limits, Catalog};
    use microdrama::diagnostic::Diagnostic;

    /// What [`catalog::load`] answers: the catalog and its warnings, or every diagnostic.
    type Loaded = Result<(Catalog, Vec<Diagnostic>), Vec<Diagnostic>>;

    const USAGE: &str =
        "usage: microdrama check CATALOG.json [--json]\n       microdrama paths CATALOG.json [--series ID] [--json]";

    /// Why a command could not do its work: bad arguments or I/O (exit 2). The catalog's own problems
    /// are not failures: they are the output.
    struct Failure(String);

    impl Failure {
        fn usage(problem: impl std::fmt::Display) -> Failure {
            Failure(format!("{problem}\n{USAGE}"))
        }
    }

    pub(super) fn main() -> ExitCode {
        // `args_os`, not `args`: `args` panics on an argument that is not UTF-8, and a file name may be one.
        let args: Vec<OsString> = std::env::args_os().skip(1).collect();
        run(&args).unwrap_or_else(|Failure(message)| {
            // Nothing more can be done if stderr is gone too.
            let _ = writeln!(io::stderr(), "microdrama: {message}");
            ExitCode::from(2)
        })
    }

    fn run(args: &[OsString]) -> Result<ExitCode, Failure> {
        let Some((command, rest)) = args.split_first() else {
            return Err(Failure::usage("no command given"));
        };
        match command.to_str() {
            Some("check") => check(&Args::parse(rest, &["--json"])?),
            Some("paths") => paths(rest),
            Some("help" | "-h" | "--help") => {
                print(&format!("{USAGE}\n"))?;
                Ok(ExitCode::SUCCESS)
            }
            _ => Err(Failure::usage(format!("unknown command {command:?}"))),
        }
    }

    /// The arguments after the command: positionals and the flags given.
    struct Args {
        positional: Vec<OsString>,
        flags: Vec<&'static str>,
    }

    impl Args {
        /// Splits `args` given the flags (`--json`) the command takes; any other `-…` is a usage error.
        fn parse(args: &[OsString], flags: &[&'static str]) -> Result<Args, Failure> {
            let mut parsed = Args { positional: Vec::new(), flags: Vec::new() };
            for arg in args {
                let text = arg.to_str().unwrap_or_default();
                if let Some(&flag) = flags.iter().find(|flag| **flag == text) {
                    parsed.flags.push(flag);
                } else if text.starts_with('-') && text.len() > 1 {
                    return Err(Failure::usage(format!("unknown option {text}")));
                } else {
                    parsed.positional.push(arg.clone());
                }
            }
            Ok(parsed)
        }

        fn flag(&self, name: &str) -> bool {
            self.flags.contains(&name)
        }

        /// The one positional argument: the catalog file.
        fn catalog_file(&self) -> Result<PathBuf, Failure> {
            match self.positional.as_slice() {
                [file] => Ok(PathBuf::from(file)),
                [] => Err(Failure::usage("no catalog file given")),
                _ => Err(Failure::usage("give one catalog file")),
            }
        }
    }

    /// Reads and loads a catalog file; only I/O is a failure.
    ///
    /// Reading stops one byte past [`limits::DOCUMENT_BYTES`]: enough for the loader to refuse the
    /// document, without reading a huge file into memory.
    fn read_catalog(file: &Path) -> Result<Loaded, Failure> {
        let cannot = |error: io::Error| Failure(format!("cannot read {}: {error}", file.display()));
        let mut bytes = Vec::new();
        let limit = u64::try_from(limits::DOCUMENT_BYTES).unwrap_or(u64::MAX).saturating_add(1);
        File::open(file).map_err(cannot)?.take(limit).read_to_end(&mut bytes).map_err(cannot)?;
        Ok(catalog::load_bytes(&bytes))
    }

    /// Writes `text` to stdout; a closed pipe is an I/O failure, not a panic as in `println!`.
    fn print(text: &str) -> Result<(), Failure> {
        let mut stdout = io::stdout().lock();
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
            .map_err(|error| Failure(format!("cannot write the output: {error}")))
    }

    /// `check CATALOG.json [--json]`: the diagnostics, one per line then a summary, or as a JSON array.
    fn check(args: &Args) -> Result<ExitCode, Failure> {
        let file = args.catalog_file()?;
        let loaded = read_catalog(&file)?;
        let diagnostics = match &loaded {
            Ok((_, warnings)) => warnings,
            Err(diagnostics) => diagnostics,
        };
        let mut out = String::new();
        if args.flag("--json") {
            out = microdrama::diagnostic::Diagnostic::to_json(diagnostics);
            out.push('\n');
        } else {
            for diagnostic in diagnostics {
                out.push_str(&format!("{diagnostic}\n"));
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = count(diagnostics.len() - errors, "warning");
            let summary = match &loaded {
                Ok((catalog, _)) => {
                    let episodes = catalog.series.iter().map(|s| s.episodes.len()).sum::<usize>();
                    let segments = catalog
                        .series
                        .iter()
                        .flat_map(|s| &s.episodes)
                        .map(|e| e.segments.len())
                        .sum::<usize>();
                    format!(
                        "ok: {}, {}, {}; {warnings}",
                        count(catalog.series.len(), "series"),
                        count(episodes, "episode"),
                        count(segments, "segment")
                    )
                }
                Err(_) => format!("refused: {}, {warnings}", count(errors, "error")),
            };
            out.push_str(&format!("{}: {summary}\n", file.display()));
        }
        print(&out)?;
        Ok(if loaded.is_ok() { ExitCode::SUCCESS } else { ExitCode::from(1) })
    }

    /// `3 episodes`, `1 episode`, `2 series`.
    fn count(n: usize, noun: &str) -> String {
        let plural = if n == 1 || noun.ends_with('s') { "" } else { "s" };
        format!("{n} {noun}{plural}")
    }

    /// `paths CATALOG.json [--series ID] [--json]`: every series' (or one series') paths report, as text
    /// or JSON. A catalog with errors gets its diagnostics printed instead (exit 1).
    fn paths(args: &[OsString]) -> Result<ExitCode, Failure> {
        let mut rest = Vec::new();
        let mut only = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            if arg == "--series" {
                let id = args.next().ok_or_else(|| Failure::usage("--series needs a series id"))?;
                only = Some(id.to_string_lossy().into_owned());
            } else {
                rest.push(arg.clone());
            }
        }
        let args = Args::parse(&rest, &["--json"])?;
        let catalog = match read_catalog(&args.catalog_file()?)? {
            Ok((catalog, _)) => catalog,
            Err(diagnostics) => {
                print(&diagnostics.iter().map(|d| format!("{d}\n")).collect::<String>())?;
                return Ok(ExitCode::from(1));
            }
        };
        let report = match &only {
            Some(id) => match catalog.series.iter().position(|s| &s.id == id) {
                Some(index) => microdrama::paths::PathsReport {
                    series: vec![microdrama::paths::explore(&catalog, index)],
                },
                None => return Err(Failure::usage(format!("the catalog has no series {id:?}"))),
            },
            None => microdrama::paths::report(&catalog),
        };
        let out = if args.flag("--json") { report.to_json() + "\n" } else { report.to_string() };
        print(&out)?;
        Ok(ExitCode::SUCCESS)
    }
}

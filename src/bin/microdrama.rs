//! `microdrama check|paths|graph`: the host command line (CONTRACT §3).
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
        "usage: microdrama check CATALOG.json [--json]\n       microdrama paths CATALOG.json [--series ID] [--json]\n       microdrama graph CATALOG.json [--series ID] [--format dot|mermaid]";

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
            Some("graph") => graph(rest),
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
        Ok(catalog::load_bytes(&read_bytes(file)?))
    }

    /// A catalog file's bytes, up to one past [`limits::DOCUMENT_BYTES`].
    fn read_bytes(file: &Path) -> Result<Vec<u8>, Failure> {
        let cannot = |error: io::Error| Failure(format!("cannot read {}: {error}", file.display()));
        let mut bytes = Vec::new();
        let limit = u64::try_from(limits::DOCUMENT_BYTES).unwrap_or(u64::MAX).saturating_add(1);
        File::open(file).map_err(cannot)?.take(limit).read_to_end(&mut bytes).map_err(cannot)?;
        Ok(bytes)
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

    /// Takes `--NAME VALUE` out of `args`: the value given, and the other arguments.
    fn take_value(args: &[OsString], name: &str) -> Result<(Option<String>, Vec<OsString>), Failure> {
        let mut rest = Vec::new();
        let mut value = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            if arg == name {
                let given = args.next().ok_or_else(|| Failure::usage(format!("{name} needs a value")))?;
                value = Some(given.to_string_lossy().into_owned());
            } else {
                rest.push(arg.clone());
            }
        }
        Ok((value, rest))
    }

    /// `graph CATALOG.json [--series ID] [--format dot|mermaid]`: the story map (DOT by default) on
    /// stdout. A catalog whose errors are local is still drawn, its diagnostics on stderr (exit 1); one
    /// that cannot be drawn gets only its diagnostics (exit 1).
    fn graph(args: &[OsString]) -> Result<ExitCode, Failure> {
        let (only, rest) = take_value(args, "--series")?;
        let (format, rest) = take_value(&rest, "--format")?;
        let args = Args::parse(&rest, &[])?;
        let write: fn(&microdrama::graph::StoryMap) -> String = match format.as_deref() {
            None | Some("dot") => microdrama::graph::StoryMap::to_dot,
            Some("mermaid") => microdrama::graph::StoryMap::to_mermaid,
            Some(other) => return Err(Failure::usage(format!("unknown format {other:?}: dot or mermaid"))),
        };
        let mut map = microdrama::graph::build(&read_bytes(&args.catalog_file()?)?);
        if let Some(id) = &only {
            if !map.series.iter().any(|s| &s.id == id) && !map.series.is_empty() {
                return Err(Failure::usage(format!("the catalog has no series {id:?}")));
            }
            map.series.retain(|s| &s.id == id);
        }
        let errors: Vec<String> = map
            .diagnostics
            .iter()
            .filter(|d| d.severity == "error")
            .map(|d| format!("{}[{}] {}: {}\n", d.severity, d.code, d.path, d.message))
            .collect();
        if !map.series.is_empty() {
            print(&write(&map))?;
        }
        if errors.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        // Nothing more can be done if stderr is gone.
        let _ = io::stderr().write_all(errors.concat().as_bytes());
        Ok(ExitCode::from(1))
    }

    /// `paths CATALOG.json [--series ID] [--json]`: every series' (or one series') paths report, as text
    /// or JSON. A catalog with errors gets its diagnostics printed instead (exit 1).
    fn paths(args: &[OsString]) -> Result<ExitCode, Failure> {
        let (only, rest) = take_value(args, "--series")?;
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

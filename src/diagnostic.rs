//! Diagnostics: what a catalog author is told about a document (CONTRACT §2).

use std::fmt;

use serde::Serialize;

/// How bad a diagnostic is: errors refuse the catalog, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The catalog is refused.
    Error,
    /// The catalog loads; the author should look.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as diagnostics write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What is wrong, as a stable machine-readable code (serialized as [`Code::as_str`] writes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Code {
    /// Not JSON, or JSON of the wrong shape (a missing field, a field of the wrong type).
    BadJson,
    /// `format` is not 1.
    BadFormat,
    /// An id that does not match `[A-Za-z0-9_-]{1,64}`.
    BadId,
    /// Two series, episodes, segments or endings share an id where it must be unique.
    DuplicateId,
    /// A `goto`, `next`, `start` or `seen()` names something that does not exist.
    DanglingTarget,
    /// An expression or `set` names a variable the series does not declare.
    UnknownVariable,
    /// An expression's types do not fit (a condition that is not boolean, `"a" + 1`, …).
    TypeMismatch,
    /// An expression that does not parse.
    BadExpression,
    /// A choice's `default` is not an index among its options.
    DefaultOutOfRange,
    /// A URL with a scheme other than http, https or blob.
    UnsafeUrl,
    /// A segment no path reaches (warning).
    UnreachableSegment,
    /// A choice that some reachable state leaves with no visible option (warning).
    NoVisibleOption,
    /// Over one of the documented limits on sizes and counts.
    TooLarge,
}

impl Code {
    /// The code as written in diagnostics: `dangling-target`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::BadJson => "bad-json",
            Code::BadFormat => "bad-format",
            Code::BadId => "bad-id",
            Code::DuplicateId => "duplicate-id",
            Code::DanglingTarget => "dangling-target",
            Code::UnknownVariable => "unknown-variable",
            Code::TypeMismatch => "type-mismatch",
            Code::BadExpression => "bad-expression",
            Code::DefaultOutOfRange => "default-out-of-range",
            Code::UnsafeUrl => "unsafe-url",
            Code::UnreachableSegment => "unreachable-segment",
            Code::NoVisibleOption => "no-visible-option",
            Code::TooLarge => "too-large",
        }
    }

    /// Errors refuse the catalog; the two reachability codes are warnings.
    pub fn severity(self) -> Severity {
        match self {
            Code::UnreachableSegment | Code::NoVisibleOption => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding about a catalog document; serialized as `{code, severity, message, path}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// What is wrong.
    pub code: Code,
    /// Error or warning (follows from `code`).
    pub severity: Severity,
    /// A sentence for the author that names the offending id or value.
    pub message: String,
    /// Where in the JSON: `series[0].episodes[2].segments[1].choice.options[0].goto`; empty for the root.
    pub path: String,
}

impl Diagnostic {
    /// A diagnostic with the severity its code carries.
    pub fn new(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { code, severity: code.severity(), message: message.into(), path: path.into() }
    }

    /// `diagnostics` as an indented JSON array of `{code, severity, message, path}` (CONTRACT §2).
    pub fn to_json(diagnostics: &[Diagnostic]) -> String {
        // Cannot fail: four strings per diagnostic.
        serde_json::to_string_pretty(diagnostics).unwrap_or_default()
    }

    /// `true` for errors, which refuse the catalog.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "(root)" } else { &self.path };
        write!(f, "{}[{}] {path}: {}", self.severity.as_str(), self.code, self.message)
    }
}

//! JSON paths for diagnostics (`series[0].episodes[2].segments[1].choice.options[0].goto`).
//!
//! A path is a chain of borrowed steps on the walker's stack, so walking a large catalog allocates
//! nothing for paths; the string is built only when a diagnostic needs one.

use std::fmt;

/// One step from a value to a child.
#[derive(Debug, Clone, Copy)]
pub(super) enum Step<'a> {
    /// The document itself.
    Root,
    /// An object member.
    Key(&'a str),
    /// An array element.
    Index(usize),
}

/// Where a value sits in the document.
#[derive(Debug, Clone, Copy)]
pub(super) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Step<'a>,
}

/// Where a diagnostic sorts: its series, episode and segment indices, `None` above that level.
///
/// Diagnostics are reported in document order, and the only ones found after their place was walked
/// (unreachable segments, known once a whole series is read) are sorted into place by this.
pub(super) type Order = [Option<usize>; 3];

impl<'a> Path<'a> {
    /// The document root (rendered as the empty string).
    pub(super) const ROOT: Path<'static> = Path { parent: None, step: Step::Root };

    /// The member `key` of this object.
    pub(super) fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path { parent: Some(self), step: Step::Key(key) }
    }

    /// The element `index` of this array.
    pub(super) fn index(&self, index: usize) -> Path<'_> {
        Path { parent: Some(self), step: Step::Index(index) }
    }

    /// The element `index` of the array this element belongs to (for "first used at …").
    pub(super) fn sibling(&self, index: usize) -> Path<'a> {
        Path { parent: self.parent, step: Step::Index(index) }
    }

    /// The index of this array element; `None` for the root and object members.
    pub(super) fn position(&self) -> Option<usize> {
        match self.step {
            Step::Index(index) => Some(index),
            Step::Root | Step::Key(_) => None,
        }
    }

    /// How the last step reads in a message: the member name, or `element 3`.
    pub(super) fn name(&self) -> String {
        match self.step {
            Step::Root => "the document".to_owned(),
            Step::Key(key) => format!("`{key}`"),
            Step::Index(index) => format!("element {index}"),
        }
    }

    fn steps(&self) -> Vec<Step<'a>> {
        let mut steps = vec![self.step];
        let mut at = self.parent;
        while let Some(path) = at {
            steps.push(path.step);
            at = path.parent;
        }
        steps.reverse();
        steps
    }

    /// The series, episode and segment this path lies in.
    pub(super) fn order(&self) -> Order {
        let steps = self.steps();
        let mut order = [None; 3];
        // steps[0] is the root; then `series`, [i], `episodes`, [j], `segments`, [k].
        for (level, name) in ["series", "episodes", "segments"].into_iter().enumerate() {
            match (steps.get(1 + 2 * level), steps.get(2 + 2 * level), order.get_mut(level)) {
                (Some(Step::Key(key)), Some(Step::Index(index)), Some(slot)) if *key == name => {
                    *slot = Some(*index);
                }
                _ => break,
            }
        }
        order
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_steps(f, self.steps())
    }
}

/// A path given as its steps (serde_path_to_error's, for a shape error), rendered as [`Path`] renders.
pub(super) fn render<'a>(steps: impl IntoIterator<Item = Step<'a>>) -> String {
    struct Steps<'a>(Vec<Step<'a>>);
    impl fmt::Display for Steps<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write_steps(f, self.0.iter().copied())
        }
    }
    Steps(steps.into_iter().collect()).to_string()
}

fn write_steps<'a>(f: &mut fmt::Formatter<'_>, steps: impl IntoIterator<Item = Step<'a>>) -> fmt::Result {
    let mut first = true;
    for step in steps {
        match step {
            Step::Root => continue,
            Step::Index(index) => write!(f, "[{index}]")?,
            // Keys come from the document: plain ones read as `.key`, anything else is quoted so a
            // key holding `.` or `[` cannot forge another path.
            Step::Key(key) if is_plain(key) => {
                let dot = if first { "" } else { "." };
                write!(f, "{dot}{key}")?;
            }
            Step::Key(key) => write!(f, "[{key:?}]")?,
        }
        first = false;
    }
    Ok(())
}

/// Keys that need no quoting: identifiers and language tags.
fn is_plain(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

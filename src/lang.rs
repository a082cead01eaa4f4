//! One language rule for everything the viewer reads: catalog text ([`crate::catalog::Text::resolve`]),
//! caption tracks and the player's own words (the web layer's captions and i18n) all pick by [`best`],
//! so one viewer tag (`zh_CN`, `zh-Hans-CN`, `EN-us`) gives the same language in all three.

/// The index of the tag in `offered` that best matches `wanted`: the same tag, else the first with the
/// same primary language (`zh` for `zh-CN`). Tags compare case-insensitively with `_` read as `-`
/// (`zh_CN` is how some systems and URLs write `zh-CN`). `None` when nothing matches or `wanted` is
/// empty.
///
/// ```
/// use microdrama::lang::best;
/// assert_eq!(best(["en", "zh-CN"], "zh_CN"), Some(1));
/// assert_eq!(best(["en", "zh-TW"], "zh-Hans-CN"), Some(1));
/// assert_eq!(best(["en-GB", "en"], "EN"), Some(1));
/// assert_eq!(best(["en"], "fr"), None);
/// ```
pub fn best<'a>(offered: impl IntoIterator<Item = &'a str> + Clone, wanted: &str) -> Option<usize> {
    if wanted.is_empty() {
        return None;
    }
    offered.clone().into_iter().position(|tag| same(tag, wanted)).or_else(|| {
        let primary = primary(wanted);
        offered.into_iter().position(|tag| same(self::primary(tag), primary))
    })
}

/// The primary language subtag: `zh` of `zh-CN` or `zh_CN`.
fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or("")
}

/// Two tags are the same, case aside and `_` read as `-`.
fn same(a: &str, b: &str) -> bool {
    let norm = |c: u8| if c == b'_' { b'-' } else { c.to_ascii_lowercase() };
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| norm(x) == norm(y))
}

#[cfg(test)]
mod tests {
    use super::best;

    #[test]
    fn an_exact_tag_wins_over_an_earlier_primary_match() {
        assert_eq!(best(["zh-TW", "zh-CN"], "zh_cn"), Some(1));
        assert_eq!(best(["zh-TW", "zh-CN"], "zh"), Some(0));
        assert_eq!(best(["en", "zh-CN"], ""), None);
        assert_eq!(best(["", "en"], "-x"), Some(0), "an empty primary matches only an empty one");
    }
}

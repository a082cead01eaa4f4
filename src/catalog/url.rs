//! Which URLs a catalog may hold: the scheme found the way a browser finds it.

/// Where a URL is used, which decides the schemes it may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    /// Media and images loaded by the page: relative, http, https or blob.
    Media,
    /// A link the viewer opens in a new tab: http or https only, so it cannot run script or open a
    /// local document.
    Link,
}

/// Why a URL is refused: a sentence naming the scheme.
pub(super) fn refusal(url: &str, usage: Use) -> Option<String> {
    let scheme = scheme(url);
    let allowed = match (usage, scheme.as_deref()) {
        (_, Some("http" | "https")) | (Use::Media, None | Some("blob")) => true,
        (Use::Media | Use::Link, _) => false,
    };
    if allowed {
        return None;
    }
    Some(match (usage, scheme) {
        (Use::Link, None) => "a link must be an absolute http or https URL, not a relative one".to_owned(),
        (Use::Link, Some(scheme)) => {
            format!("the scheme `{scheme}:` is not allowed in a link; use http or https")
        }
        (Use::Media, scheme) => format!(
            "the scheme `{}:` is not allowed; use http, https, blob or a relative URL",
            scheme.unwrap_or_default()
        ),
    })
}

/// The scheme of `url`, lowercased, as a browser's URL parser finds it; `None` for a relative URL.
///
/// Browsers strip leading C0 controls and spaces and drop tabs and newlines anywhere before they look
/// for a scheme, so ` JaVa\tscript:` is `javascript:` to them and must be to us too. A scheme is a
/// letter then letters, digits, `+`, `-`, `.`, ended by `:`; any other character first (`/`, `?`, `#`)
/// makes the URL relative.
pub(super) fn scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_start_matches(|c: char| c <= ' ');
    let chars = || trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    // Counted first, collected only when there is a scheme: most catalog URLs are relative.
    let mut len = 0;
    for c in chars() {
        match c {
            ':' if len > 0 => return Some(chars().take(len).map(|c| c.to_ascii_lowercase()).collect()),
            c if c.is_ascii_alphabetic()
                || (len > 0 && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.'))) =>
            {
                len += 1;
            }
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_as_a_browser_reads_them() {
        assert_eq!(scheme(" JaVa\tscript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme("\u{1}\n java\r\nscript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("HTTPS://example.com").as_deref(), Some("https"));
        assert_eq!(scheme("data:video/webm;base64,AAAA").as_deref(), Some("data"));
        assert_eq!(scheme("//cdn.example/x.webm"), None);
        assert_eq!(scheme("media/a.webm"), None);
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("?q=a:b"), None);
        assert_eq!(scheme("1abc:x"), None);
        assert_eq!(scheme(":x"), None);
        assert_eq!(scheme(""), None);
    }

    #[test]
    fn media_and_links_allow_different_schemes() {
        assert_eq!(refusal("media/a.webm", Use::Media), None);
        assert_eq!(refusal("blob:https://x/1", Use::Media), None);
        assert!(refusal(" JaVa\tscript:alert(1)", Use::Media).is_some_and(|m| m.contains("`javascript:`")));
        assert_eq!(refusal("https://maps.example/x", Use::Link), None);
        assert!(refusal("blob:https://x/1", Use::Link).is_some());
        assert!(refusal("place.html", Use::Link).is_some());
    }
}

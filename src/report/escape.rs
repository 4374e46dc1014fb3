//! Escaping text for HTML and SVG: every name that comes from the user's input passes through here.

/// Appends `text` to `out` with `&`, `<`, `>`, `"` and `'` replaced by character references, so that
/// it is safe both as element content and inside a quoted attribute value.
pub fn push_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(k) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..k]);
        out.push_str(match rest.as_bytes()[k] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[k + 1..];
    }
    out.push_str(rest);
}

/// `text` escaped for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text);
    out
}

/// `text` shortened to at most `max_chars` characters (the last one an ellipsis when cut), then
/// escaped. Row labels use it; the full name stays in the tooltip.
pub fn escape_truncated(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return escape(text);
    }
    let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    escape(&(kept + "…"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quote_characters_become_character_references() {
        assert_eq!(
            escape(r#"<b>"A&B's"</b>"#),
            "&lt;b&gt;&quot;A&amp;B&#39;s&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn plain_and_non_ascii_text_is_kept_as_is() {
        assert_eq!(escape("Fräse 3 – Halle B"), "Fräse 3 – Halle B");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn truncation_counts_characters_and_escapes_afterwards() {
        assert_eq!(escape_truncated("<<<<<<", 4), "&lt;&lt;&lt;…");
        assert_eq!(escape_truncated("Säge", 4), "Säge");
    }
}

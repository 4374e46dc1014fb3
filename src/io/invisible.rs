//! Characters a user cannot see in a spreadsheet or editor (byte-order marks, zero-width and
//! no-break spaces, control characters), named in error hints so that "unknown machine 'M1'" is
//! never a riddle.

/// The name of `c` when it is invisible or looks like a plain space: control characters, format
/// characters such as U+200B, and white space other than the ASCII space.
pub fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        ' ' => return None,
        '\u{feff}' => "byte-order mark",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{2060}' => "word joiner",
        '\u{00a0}' => "no-break space",
        '\u{202f}' => "narrow no-break space",
        '\u{2007}' => "figure space",
        '\u{00ad}' => "soft hyphen",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "text direction control",
        '\t' => "tab",
        '\r' => "carriage return",
        '\n' => "line break",
        '\0' => "NUL",
        c if c.is_control() => "control character",
        c if c.is_whitespace() => "white space",
        _ => return None,
    })
}

/// The first invisible character of `text` with its name.
pub fn first_invisible(text: &str) -> Option<(char, &'static str)> {
    text.chars()
        .find_map(|c| invisible_name(c).map(|name| (c, name)))
}

/// `text` with its invisible characters written as `\u{...}`, for quoting in messages.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if invisible_name(c).is_some() {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// A hint naming the first invisible character of `text`, e.g. "the value holds the invisible
/// character U+200B (zero-width space)".
pub fn invisible_hint(text: &str) -> Option<String> {
    let (c, name) = first_invisible(text)?;
    Some(format!(
        "'{}' holds the invisible character U+{:04X} ({name}); delete it or retype the value",
        visible(text),
        u32::from(c)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_named_and_escaped() {
        assert_eq!(first_invisible("M1"), None);
        assert_eq!(first_invisible("north site"), None);
        assert_eq!(
            first_invisible("M1\u{200b}"),
            Some(('\u{200b}', "zero-width space"))
        );
        assert_eq!(visible("1\u{a0}000"), "1\\u{a0}000");
        let hint = invisible_hint("\u{feff}id").unwrap();
        assert!(hint.contains("U+FEFF (byte-order mark)"), "{hint}");
        assert!(hint.contains("'\\u{feff}id'"), "{hint}");
    }
}

//! The little HTML that Anki fields hold, turned into plain text and back: line breaks and
//! block elements become newlines, other tags vanish, entities are decoded, media references
//! (`<img>`, `[sound:…]`) are dropped.

/// Plain text from an HTML field.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find(['<', '&', '[']) {
        out.push_str(&collapse_source_whitespace(&rest[..open]));
        rest = &rest[open..];
        if rest.starts_with('<') {
            let Some(close) = rest.find('>') else {
                // A lone `<` is text.
                out.push('<');
                rest = &rest[1..];
                continue;
            };
            let tag = &rest[1..close];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            rest = &rest[close + 1..];
            match name.as_str() {
                "br" | "hr" => out.push('\n'),
                "div" | "p" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                    if !tag.starts_with('/') && !out.is_empty() && !out.ends_with('\n') =>
                {
                    out.push('\n');
                }
                "style" | "script" if !tag.starts_with('/') => {
                    let end = format!("</{name}");
                    rest = rest
                        .to_ascii_lowercase()
                        .find(&end)
                        .map_or("", |i| &rest[i..]);
                }
                _ => {}
            }
        } else if rest.starts_with('&') {
            if let Some((c, len)) = decode_entity(rest) {
                out.push(c);
                rest = &rest[len..];
            } else {
                out.push('&');
                rest = &rest[1..];
            }
        } else if let Some(after) = rest.strip_prefix("[sound:")
            && let Some(end) = after.find(']')
        {
            rest = &after[end + 1..];
        } else {
            out.push('[');
            rest = &rest[1..];
        }
    }
    out.push_str(&collapse_source_whitespace(rest));
    tidy(&out)
}

/// Line breaks in HTML source are only spaces.
fn collapse_source_whitespace(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

/// Trims each line and the whole, and drops blank lines at either end.
fn tidy(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            line.split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

fn decode_entity(text: &str) -> Option<(char, usize)> {
    let end = text[1..].find(';').filter(|&i| i <= 10)? + 1;
    let name = &text[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" | "#39" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

/// An HTML field from plain text: `&`, `<`, `>` escaped, line breaks as `<br>`.
pub fn from_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn to_text_table() {
        let cases = [
            ("plain", "Karachi", "Karachi"),
            ("tags removed", "<b>Ka</b>rachi", "Karachi"),
            (
                "br is a line break",
                "one<br>two<br/>three",
                "one\ntwo\nthree",
            ),
            ("divs are lines", "<div>one</div><div>two</div>", "one\ntwo"),
            (
                "entities",
                "a &amp; b &lt;c&gt; &#8211; &#x41; &nbsp;x",
                "a & b <c> – A x",
            ),
            ("unknown entity kept", "AT&T &foo; x", "AT&T &foo; x"),
            (
                "media dropped",
                "<img src=\"x.png\">Word[sound:word.mp3]",
                "Word",
            ),
            ("style content dropped", "<style>.x{}</style>Text", "Text"),
            ("source newlines are spaces", "a\nb", "a b"),
            ("spaces collapse", "  a   b  ", "a b"),
            ("lone angle bracket", "1 < 2", "1 < 2"),
            ("brackets that are not sounds", "[1] see", "[1] see"),
        ];
        for (name, html, expected) in cases {
            assert_eq!(to_text(html), expected, "{name}");
        }
    }

    proptest! {
        #[test]
        fn text_survives_html(text in "[a-zA-Z0-9<>&;# \\n\\[\\]]{0,40}") {
            // What Anki gives back is tidied text: single spaces, trimmed lines.
            let tidied = tidy(&text);
            prop_assert_eq!(to_text(&from_text(&tidied)), tidied);
        }

        #[test]
        fn never_panics(html in "\\PC{0,80}") {
            let _ = to_text(&html);
        }
    }
}

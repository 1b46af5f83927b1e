//! What arrived, when an answer is not TiCDC's v2 JSON: the one place that looks at a response's
//! status, content type and body text to say so in words. A proxy's HTML login page at 200, a
//! body cut short, an empty 200, a JSON array where TiCDC's v2 API sends an object (its v1 API
//! answers arrays), or a proxy's HTML error page at 502: the operator learns the status, the
//! content type and the first bytes as text, never raw markup inside a sentence of its own.

use serde_json::Value;

use super::error::RawResponse;

/// What kind of thing a 2xx answer that did not decode was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerKind {
    /// No body at all.
    Empty,
    /// An HTML page (by content type or by its first character), e.g. a proxy's login page.
    Html,
    /// JSON that ends too early: the body was cut off.
    Truncated,
    /// Text that is not JSON.
    NotJson,
    /// A JSON array where TiCDC's v2 API sends an object.
    Array,
    /// Well-formed JSON of another shape than TiCDC's (the decode error's path says where).
    OtherJson,
}

/// A 2xx answer the console could not take as TiCDC's: what it was, as the operator should see
/// it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The `Content-Type` header as sent.
    pub content_type: Option<String>,
    /// Its kind.
    pub kind: AnswerKind,
    /// The body's length in bytes.
    pub len: usize,
    /// The first bytes as one line of text (see [`excerpt`]); `""` for an empty body.
    pub excerpt: String,
    /// An HTML page's `<title>`, when it has one.
    pub title: Option<String>,
}

/// How many characters of a body an error quotes.
pub const EXCERPT_CHARS: usize = 100;

/// The first [`EXCERPT_CHARS`] characters of `body` as one line: runs of whitespace become one
/// space, control characters go, and `…` marks a cut.
pub fn excerpt(body: &str) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut space = false;
    for c in body.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if c.is_control() {
            continue;
        }
        if n == EXCERPT_CHARS {
            out.push('…');
            return out;
        }
        if space && !out.is_empty() {
            out.push(' ');
            n += 1;
        }
        space = false;
        out.push(c);
        n += 1;
    }
    out
}

/// Whether `raw` is an HTML page: by content type, or a body starting with `<` (a proxy may
/// send its page as `text/plain`, or with no content type at all).
pub fn is_html(raw: &RawResponse) -> bool {
    raw.content_type
        .as_deref()
        .is_some_and(|c| c.to_ascii_lowercase().contains("html"))
        || raw.body.trim_start().starts_with('<')
}

/// The text of an HTML page's `<title>` (tags are not parsed beyond that), whitespace
/// collapsed; `None` when there is none or it is empty.
pub fn html_title(body: &str) -> Option<String> {
    let lower = body.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    Some(excerpt(&body[start..end])).filter(|t| !t.is_empty())
}

/// Classifies a 2xx answer whose body did not decode as the expected TiCDC type.
pub fn classify(raw: &RawResponse) -> Answer {
    let body = raw.body.trim();
    let kind = if body.is_empty() {
        AnswerKind::Empty
    } else if is_html(raw) {
        AnswerKind::Html
    } else {
        match serde_json::from_str::<Value>(body) {
            Ok(Value::Array(_)) => AnswerKind::Array,
            Ok(_) => AnswerKind::OtherJson,
            Err(e) if e.is_eof() => AnswerKind::Truncated,
            Err(_) => AnswerKind::NotJson,
        }
    };
    Answer {
        status: raw.status,
        content_type: raw.content_type.clone(),
        kind,
        len: raw.body.len(),
        excerpt: excerpt(&raw.body),
        title: (kind == AnswerKind::Html)
            .then(|| html_title(&raw.body))
            .flatten(),
    }
}

impl Answer {
    /// What it was, in words: "an HTML page titled “Sign in”", "JSON cut off after 812 bytes"…
    pub fn what(&self) -> String {
        match self.kind {
            AnswerKind::Empty => "an empty body".into(),
            AnswerKind::Html => match &self.title {
                Some(t) => format!(
                    "an HTML page titled “{t}” (a proxy or a login page in front of TiCDC?)"
                ),
                None => "an HTML page (a proxy or a login page in front of TiCDC?)".into(),
            },
            AnswerKind::Truncated => format!("JSON cut off after {} bytes", self.len),
            AnswerKind::NotJson => "text that is not JSON".into(),
            AnswerKind::Array => {
                "a JSON array where TiCDC's v2 API sends an object (TiCDC's v1 API answers arrays)"
                    .into()
            }
            AnswerKind::OtherJson => "JSON of another shape than TiCDC's".into(),
        }
    }

    /// The whole sentence: what arrived, with status and content type, and how it begins.
    /// `detail` is the decoder's explanation, added for JSON of another shape.
    pub fn describe(&self, path: &str, detail: &str) -> String {
        let ct = self.content_type.as_deref().unwrap_or("no content type");
        let mut s = format!(
            "The server answered something that is not TiCDC's v2 API: {} (HTTP {}, {ct})",
            self.what(),
            self.status
        );
        if self.kind == AnswerKind::OtherJson {
            if path == "." {
                s.push_str(&format!(": {detail}"));
            } else {
                s.push_str(&format!(": at {path}, {detail}"));
            }
        }
        if self.excerpt.is_empty() {
            s.push('.');
        } else {
            s.push_str(&format!(". It begins: “{}”", self.excerpt));
        }
        s
    }
}

/// The text of an HTML page with its tags left out (and what `<script>`/`<style>` hold), as an
/// [`excerpt`].
pub fn html_text(body: &str) -> String {
    let mut text = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        let tag = rest[open..].to_ascii_lowercase();
        let skip_to = ["script", "style"]
            .iter()
            .find(|t| tag[1..].starts_with(*t))
            .and_then(|t| tag.find(&format!("</{t}")));
        let from = open + skip_to.unwrap_or(0);
        match rest[from..].find('>') {
            Some(close) => rest = &rest[from + close + 1..],
            None => {
                rest = "";
                break;
            }
        }
    }
    text.push_str(rest);
    excerpt(&text)
}

/// The message of a non-2xx answer that is not TiCDC's JSON error: an HTML error page becomes
/// its title or text and what it means, never its markup; other text is quoted as an
/// [`excerpt`].
pub fn error_page_message(raw: &RawResponse) -> String {
    if is_html(raw) {
        let what = match html_title(&raw.body)
            .or_else(|| Some(html_text(&raw.body)).filter(|t| !t.is_empty()))
        {
            Some(t) => format!("“{t}”"),
            None => "an HTML error page".into(),
        };
        format!("{what}: an HTML page from a proxy or server in front of TiCDC, not TiCDC's JSON")
    } else {
        excerpt(&raw.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(excerpt("  a\n\n b\tc  "), "a b c");
        let long = "x".repeat(300);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
        assert_eq!(excerpt("a\u{7}b"), "ab");
    }

    #[test]
    fn titles() {
        assert_eq!(
            html_title("<html><HEAD><Title lang=en>\n Sign in \n</TITLE>").as_deref(),
            Some("Sign in")
        );
        assert_eq!(html_title("<html><title></title>"), None);
        assert_eq!(html_title("<p>no title"), None);
        assert_eq!(
            html_text("<html><style>p{}</style><h1>Oops</h1>\n<script>x<y</script><p>down</p>"),
            "Oops down"
        );
        assert_eq!(html_text("<p>cut <b"), "cut");
    }
}

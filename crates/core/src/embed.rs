//! The `<iframe>` snippet that puts a lesson into slides or a blog post.

use crate::export::escape;

/// Default height of an embedded lesson, in CSS pixels: the run controls, a result card and
/// a timeline of a few lanes fit without scrolling.
pub const EMBED_HEIGHT_PX: u32 = 640;

/// An `<iframe>` element that shows `src_url` (a link with `embed=1`) under `title`; both
/// are escaped, so a link can never add markup to the snippet.
pub fn embed_code(src_url: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{EMBED_HEIGHT_PX}\" \
         style=\"border:0;max-width:100%\" loading=\"lazy\" allow=\"clipboard-write\"></iframe>",
        escape(src_url),
        escape(&format!("Async playground: {title}"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_is_an_iframe_of_the_link_with_a_title() {
        let code = embed_code("https://example.org/?s=tasks&mode=gather&embed=1", "Tasks A, B and C");
        assert_eq!(
            code,
            "<iframe src=\"https://example.org/?s=tasks&amp;mode=gather&amp;embed=1\" \
             title=\"Async playground: Tasks A, B and C\" width=\"100%\" height=\"640\" \
             style=\"border:0;max-width:100%\" loading=\"lazy\" allow=\"clipboard-write\"></iframe>"
        );
    }

    #[test]
    fn quotes_and_brackets_cannot_leave_the_attribute() {
        let code = embed_code("x\"><script>alert(1)</script>", "\"<b>");
        assert!(!code.contains("<script"), "{code}");
        assert!(!code.contains("<b>"), "{code}");
        assert_eq!(code.matches('"').count(), 14, "only the snippet's own quotes: {code}");
    }
}

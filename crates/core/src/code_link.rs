//! The `#code=` part of a share link: the person's program, compressed (deflate) and written
//! in base64url by the page. It sits after `#`, so no server ever sees it. This module only
//! checks what the link holds; the page inflates it, refusing more than [`MAX_CODE_CHARS`].

/// Most characters of source a link may carry, once inflated.
pub const MAX_CODE_CHARS: usize = 32 * 1024;

/// Most characters of the packed program a link may carry.
pub const MAX_PACKED_CHARS: usize = 64 * 1024;

/// The packed program in a link's fragment (`location.hash`, with or without its `#`):
/// `Ok(None)` when the fragment carries no program, an error a person can read when it
/// carries a garbled or oversized one.
pub fn packed_code(fragment: &str) -> Result<Option<&str>, String> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(packed) = fragment.strip_prefix("code=") else {
        return Ok(None);
    };
    if packed.is_empty() {
        return Err("The link's program is empty.".to_string());
    }
    if packed.len() > MAX_PACKED_CHARS {
        return Err(format!(
            "The link's program is longer than {MAX_PACKED_CHARS} characters; nothing was loaded."
        ));
    }
    if !packed.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_') {
        return Err("The link's program is garbled (it is not base64url); nothing was loaded.".to_string());
    }
    Ok(Some(packed))
}

/// The fragment that carries `packed`.
pub fn fragment_for(packed: &str) -> String {
    format!("#code={packed}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_packed_program_and_ignores_other_fragments() {
        assert_eq!(packed_code("#code=abc-_09XY"), Ok(Some("abc-_09XY")));
        assert_eq!(packed_code("code=abc"), Ok(Some("abc")));
        assert_eq!(packed_code(""), Ok(None));
        assert_eq!(packed_code("#"), Ok(None));
        assert_eq!(packed_code("#results"), Ok(None));
        assert_eq!(fragment_for("abc"), "#code=abc");
    }

    #[test]
    fn refuses_garbled_empty_and_huge_programs() {
        for hostile in ["#code=", "#code=<script>", "#code=a+b/c=", "#code=%41", "#code=\u{1F600}"] {
            let error = packed_code(hostile).expect_err(hostile);
            assert!(error.contains("program"), "{hostile}: {error}");
        }
        let huge = format!("#code={}", "A".repeat(MAX_PACKED_CHARS + 1));
        assert!(packed_code(&huge).is_err());
        let largest = format!("#code={}", "A".repeat(MAX_PACKED_CHARS));
        assert!(packed_code(&largest).is_ok());
    }
}

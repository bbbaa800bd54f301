//! Reading a duration a person typed.

use crate::freeze_limits::MAX_BLOCK_MS;

/// Longest duration a single control accepts, in milliseconds: the longest freeze allowed.
pub const MAX_DURATION_MS: u32 = MAX_BLOCK_MS as u32;

/// Reads a duration in whole milliseconds from text a person typed.
///
/// Returns a message fit to show the person when the text is not a whole number of
/// milliseconds between 0 and [`MAX_DURATION_MS`].
pub fn parse_duration_ms(text: &str) -> Result<u32, String> {
    let trimmed = text.trim();
    match trimmed.parse::<u64>() {
        Ok(ms) if ms <= u64::from(MAX_DURATION_MS) => Ok(ms as u32),
        Ok(_) => Err(format!("{trimmed} ms is too long: the most is {MAX_DURATION_MS} ms.")),
        Err(_) if trimmed.is_empty() => Err("Enter a duration in milliseconds.".to_string()),
        Err(_) => {
            Err(format!("\"{trimmed}\" is not a whole number of milliseconds (0 to {MAX_DURATION_MS})."))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_whole_milliseconds_in_range() {
        assert_eq!(parse_duration_ms(" 1000 "), Ok(1000));
        assert_eq!(parse_duration_ms("0"), Ok(0));
        assert_eq!(parse_duration_ms("15000"), Ok(15_000));
    }

    #[test]
    fn explains_what_is_wrong() {
        assert!(parse_duration_ms("15001").unwrap_err().contains("too long"));
        assert!(parse_duration_ms("").unwrap_err().contains("Enter"));
        assert!(parse_duration_ms("-5").unwrap_err().contains("not a whole number"));
        assert!(parse_duration_ms("1e3").unwrap_err().contains("not a whole number"));
        assert!(parse_duration_ms("99999999999999999999999").is_err());
    }
}

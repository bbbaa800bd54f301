//! Decimal numbers read from and written for people: links, notices and the page.
//!
//! Written by hand rather than with `str::parse::<f64>` and `{:.1}`: those bring the general
//! float algorithms and their tables into the page, which costs more than this module, and
//! what the playground reads and shows has a few decimals at most.

use std::fmt;

/// Reads a finite decimal number: an optional sign, digits with an optional point, and an
/// optional exponent (`-2.5`, `.5`, `1e3`). Anything else, or a number too large for an
/// `f64`, is `None`.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            at += 1;
            true
        }
        Some(b'+') => {
            at += 1;
            false
        }
        _ => false,
    };
    // Up to 19 significant digits are kept; the exponent counts the rest.
    let (mut mantissa, mut exponent, mut n_digits, mut n_kept) = (0_u64, 0_i64, 0, 0);
    let mut seen_point = false;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'0'..=b'9' => {
                n_digits += 1;
                if n_kept < 19 {
                    if mantissa > 0 || byte != b'0' {
                        n_kept += 1;
                    }
                    mantissa = mantissa * 10 + u64::from(byte - b'0');
                    if seen_point {
                        exponent -= 1;
                    }
                } else if !seen_point {
                    exponent += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        at += 1;
    }
    if n_digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = bytes.get(at) {
        at += 1;
        let exponent_sign = match bytes.get(at) {
            Some(b'-') => {
                at += 1;
                -1
            }
            Some(b'+') => {
                at += 1;
                1
            }
            _ => 1,
        };
        let start = at;
        let mut written = 0_i64;
        while let Some(&byte @ b'0'..=b'9') = bytes.get(at) {
            written = written.saturating_mul(10).saturating_add(i64::from(byte - b'0'));
            at += 1;
        }
        if at == start {
            return None;
        }
        exponent = exponent.saturating_add(exponent_sign * written);
    }
    if at != bytes.len() {
        return None;
    }
    let magnitude = scale(mantissa, exponent);
    let value = if negative { -magnitude } else { magnitude };
    value.is_finite().then_some(value)
}

/// `mantissa × 10^exponent`, exact when both fit in an `f64` exactly (every number a person
/// types into the playground), otherwise within a few units in the last place.
fn scale(mantissa: u64, exponent: i64) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    let value = mantissa as f64;
    match exponent {
        0 => value,
        1..=22 => value * 10_f64.powi(exponent as i32),
        -22..=-1 => value / 10_f64.powi(-exponent as i32),
        // Far outside anything the playground uses: overflow to infinity, or underflow.
        400.. => f64::INFINITY,
        ..=-400 => 0.0,
        _ => {
            let half = exponent / 2;
            value * 10_f64.powi(half as i32) * 10_f64.powi((exponent - half) as i32)
        }
    }
}

/// A number to show: with a precision (`{:.1}`) exactly that many decimals (at most nine),
/// the stored value rounded half away from zero (`2.35` is `2.4`, but `1.005`, stored as
/// 1.00499…, is `1.00` to two); without one, at most three and no trailing zeros (`2`, `2.5`,
/// `0.125`). Far beyond anything the playground shows, a value of 10^9 or more may keep fewer
/// decimals than asked, and one of 10^18 or more is written `≥1e18`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dec(pub f64);

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0;
        if !value.is_finite() {
            return f.write_str(if value.is_nan() {
                "NaN"
            } else if value > 0.0 {
                "∞"
            } else {
                "-∞"
            });
        }
        let (places, trim) = match f.precision() {
            Some(places) => (places.min(9) as u32, false),
            None => (3, true),
        };
        if value.abs() >= 1e18 {
            return f.write_str(if value > 0.0 { "≥1e18" } else { "≤-1e18" });
        }
        // The units must fit in a u64 (up to 1.8 × 10^19): a huge value keeps fewer decimals.
        let mut places = places;
        while places > 0 && value.abs() * 10_f64.powi(places as i32) >= 1e18 {
            places -= 1;
        }
        let unit = 10_u64.pow(places);
        let units = (value.abs() * unit as f64).round() as u64;
        let sign = if value < 0.0 && units != 0 { "-" } else { "" };
        let (whole, mut fraction, mut width) = (units / unit, units % unit, places as usize);
        if trim {
            while width > 0 && fraction % 10 == 0 {
                fraction /= 10;
                width -= 1;
            }
        }
        if width == 0 {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{fraction:0width$}")
        }
    }
}

/// A duration as the page shows it: whole ms below two seconds (`850 ms`), seconds with two
/// decimals from there on (`4.50 s`); a dash for what is not a number.
pub fn format_duration_ms(ms: f64) -> String {
    if !ms.is_finite() {
        "–".to_string()
    } else if ms.abs() < 2000.0 {
        format!("{:.0} ms", Dec(ms))
    } else {
        format!("{:.2} s", Dec(ms / 1000.0))
    }
}

/// `value` rounded to `places` decimals, as [`Dec`] shows it with that precision.
pub fn round_to(value: f64, places: u8) -> f64 {
    let unit = 10_f64.powi(i32::from(places.min(9)));
    let rounded = (value * unit).round() / unit;
    if rounded.is_finite() {
        rounded
    } else {
        value
    }
}

/// Reads hexadecimal digits and nothing else: no sign, no space, at least one digit.
/// (`from_str_radix` alone would take a leading `+`.)
pub fn parse_hex(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_digits_alone() {
        assert_eq!(parse_hex("7f"), Some(0x7f));
        assert_eq!(parse_hex("00E9"), Some(0xe9));
        for bad in ["", "+5", "-1", " 5", "5 ", "0x5", "g1"] {
            assert_eq!(parse_hex(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn reads_what_people_type_exactly() {
        for text in [
            "0",
            "-0",
            "7",
            "+7",
            "2.5",
            "-2.5",
            ".5",
            "5.",
            "0.1",
            "1e3",
            "1E-3",
            "2.5e+2",
            "123456.789",
            "0.000001",
            "9007199254740993",
            "1e22",
            "1e-22",
        ] {
            assert_eq!(parse_decimal(text), text.parse::<f64>().ok(), "{text}");
        }
    }

    #[test]
    fn reads_extreme_numbers_closely() {
        for text in
            ["12345678901234567890123", "1e300", "-2.5e-300", "1.5e200", "0.00000000000000000000000000001"]
        {
            let (ours, exact) = (parse_decimal(text).unwrap_or(f64::NAN), text.parse::<f64>().unwrap_or(0.0));
            assert!(((ours - exact) / exact).abs() < 1e-14, "{text}: {ours} vs {exact}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_finite_number() {
        for text in [
            "", "-", ".", "e3", "1e", "1e+", "1.2.3", "1,5", " 1", "1 ", "0x10", "NaN", "inf", "-inf",
            "1e400",
        ] {
            assert_eq!(parse_decimal(text), None, "{text}");
        }
        assert_eq!(parse_decimal("1e99999999999999999999"), None);
        assert_eq!(parse_decimal("1e-99999999999999999999"), Some(0.0));
        // The exponent written and the digits' own exponent add up, however large either is.
        let tiny_digits = format!("0.{}1e100010", "0".repeat(100_001));
        assert_eq!(parse_decimal(&tiny_digits), Some(1e8));
    }

    #[test]
    fn shows_fixed_decimals_rounding_half_away_from_zero() {
        let shown = |value: f64, places: usize| format!("{:.places$}", Dec(value));
        assert_eq!(shown(2.345, 1), "2.3");
        assert_eq!(shown(2.35, 1), "2.4");
        assert_eq!(shown(0.5, 0), "1");
        assert_eq!(shown(-0.5, 0), "-1");
        assert_eq!(shown(-0.04, 1), "0.0");
        assert_eq!(shown(1.0, 2), "1.00");
        assert_eq!(shown(0.05, 3), "0.050");
        assert_eq!(shown(1234.5678, 2), "1234.57");
        assert_eq!(shown(f64::INFINITY, 1), "∞");
        assert_eq!(shown(f64::NAN, 1), "NaN");
        assert_eq!(format!("[{:.0}]", Dec(12.0)), "[12]");
        assert_eq!(format!("{:.0}", Dec(1e17)), "100000000000000000");
        assert_eq!(format!("{:.9}", Dec(2.5e10)), "25000000000.0000000");
        assert_eq!(Dec(-3e30).to_string(), "≤-1e18");
    }

    #[test]
    fn without_a_precision_numbers_drop_trailing_zeros_and_read_back_as_rounded() {
        assert_eq!(Dec(2.0).to_string(), "2");
        assert_eq!(Dec(2.5).to_string(), "2.5");
        assert_eq!(Dec(0.1 + 0.2).to_string(), "0.3");
        assert_eq!(Dec(-0.0001).to_string(), "0");
        assert_eq!(Dec(-1.125).to_string(), "-1.125");
        for hundredths in 0..=1000 {
            let value = f64::from(hundredths) / 100.0;
            assert_eq!(parse_decimal(&Dec(value).to_string()), Some(value));
            assert_eq!(round_to(value, 2), value);
        }
        assert_eq!(round_to(1.23456, 2), 1.23);
    }
}

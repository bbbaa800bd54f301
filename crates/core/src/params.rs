//! A scenario's parameter values, read from text (links, number boxes) with clear notices.

use crate::decimal::{parse_decimal, round_to, Dec};

/// Longest piece of a raw value quoted back in a notice.
const MAX_QUOTED_CHARS: usize = 24;

/// A parameter's value.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    /// A number within the parameter's range.
    Number(f64),
    /// One of the parameter's options, by key.
    Choice(&'static str),
}

/// A scenario's parameter, as a slider (numbers) or a select (choices).
#[derive(Clone, Debug, PartialEq)]
pub struct ParamSpec {
    /// Short key used in links, e.g. `da`.
    pub key: &'static str,
    /// Label shown beside the control.
    pub label: &'static str,
    /// What kind of value it takes.
    pub kind: ParamKind,
    /// The keys of the modes that use it; empty when every mode does.
    pub modes: &'static [&'static str],
}

impl ParamSpec {
    /// A number parameter; `range` is (min, max, step). Durations scaled by the speed factor
    /// have `is_delay` set.
    pub const fn number(
        key: &'static str,
        label: &'static str,
        unit: &'static str,
        range: (f64, f64, f64),
        default: f64,
        is_delay: bool,
    ) -> Self {
        let (min, max, step) = range;
        Self { key, label, kind: ParamKind::Number { unit, min, max, step, default, is_delay }, modes: &[] }
    }

    /// The same parameter, used by the modes `modes` only.
    pub const fn only_in(self, modes: &'static [&'static str]) -> Self {
        Self { modes, ..self }
    }

    /// Whether the mode `mode` uses this parameter.
    pub fn applies_to(&self, mode: &str) -> bool {
        self.modes.is_empty() || self.modes.contains(&mode)
    }
}

/// The values a parameter takes.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamKind {
    /// A number between `min` and `max`.
    Number {
        /// Unit shown after the value, e.g. `ms`; empty for counts.
        unit: &'static str,
        /// Smallest value.
        min: f64,
        /// Largest value.
        max: f64,
        /// Slider step; a step of 1 or more means whole numbers.
        step: f64,
        /// Value when the link does not give one.
        default: f64,
        /// Whether the speed factor scales it (durations do, counts do not).
        is_delay: bool,
    },
    /// One of a few named options.
    Choice {
        /// Each option's key (used in links) and label.
        options: &'static [(&'static str, &'static str)],
        /// Key of the option when the link does not give one.
        default: &'static str,
    },
}

/// A value for every parameter of a scenario, always valid.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamValues {
    specs: &'static [ParamSpec],
    values: Vec<ParamValue>,
}

impl ParamValues {
    /// Every parameter at its default.
    pub fn defaults(specs: &'static [ParamSpec]) -> Self {
        let values = specs.iter().map(default_value).collect();
        Self { specs, values }
    }

    /// The parameters and their values, in display order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static ParamSpec, &ParamValue)> + '_ {
        self.specs.iter().zip(&self.values)
    }

    /// The number parameter `key`; 0 if the scenario has no such number.
    pub fn number(&self, key: &str) -> f64 {
        match self.get(key) {
            Some(ParamValue::Number(value)) => *value,
            _ => 0.0,
        }
    }

    /// The number parameter `key` as a whole count.
    pub fn count(&self, key: &str) -> u32 {
        let value = self.number(key);
        if value.is_finite() && value > 0.0 {
            value.round().min(f64::from(u32::MAX)) as u32
        } else {
            0
        }
    }

    /// The choice parameter `key`; empty if the scenario has no such choice.
    pub fn choice(&self, key: &str) -> &'static str {
        match self.get(key) {
            Some(ParamValue::Choice(option)) => option,
            _ => "",
        }
    }

    /// Sets `key` from text a person or a link gave. The value is always set to something
    /// valid; the notice, if any, says what was fixed.
    pub fn set_from_text(&mut self, key: &str, text: &str) -> Option<String> {
        let index = self.specs.iter().position(|spec| spec.key == key)?;
        let (value, notice) = parse_value(&self.specs[index], text);
        self.values[index] = value;
        notice
    }

    /// The value of `key` as it is written in links and number boxes.
    pub fn text(&self, key: &str) -> String {
        self.get(key).map(format_value).unwrap_or_default()
    }

    /// A copy with every delay multiplied by `factor` (the speed control).
    pub fn with_delays_scaled(&self, factor: f64) -> Self {
        let values = self
            .iter()
            .map(|(spec, value)| match (&spec.kind, value) {
                (ParamKind::Number { is_delay: true, .. }, ParamValue::Number(ms)) => {
                    ParamValue::Number(ms * factor)
                }
                _ => value.clone(),
            })
            .collect();
        Self { specs: self.specs, values }
    }

    fn get(&self, key: &str) -> Option<&ParamValue> {
        self.specs.iter().position(|spec| spec.key == key).map(|index| &self.values[index])
    }
}

/// Writes a value the way links and number boxes show it: whole numbers without a point, and
/// at most three decimals (what [`parse_value`] keeps).
pub fn format_value(value: &ParamValue) -> String {
    match value {
        ParamValue::Number(number) => Dec(*number).to_string(),
        ParamValue::Choice(option) => (*option).to_string(),
    }
}

/// Quotes a raw value for a notice: short, and with control characters removed.
pub fn quote(raw: &str) -> String {
    let cleaned: String = raw.chars().filter(|c| !c.is_control()).take(MAX_QUOTED_CHARS).collect();
    if raw.chars().count() > MAX_QUOTED_CHARS {
        format!("\"{cleaned}…\"")
    } else {
        format!("\"{cleaned}\"")
    }
}

/// The value `spec` takes when nothing sets it.
pub fn default_value(spec: &ParamSpec) -> ParamValue {
    match &spec.kind {
        ParamKind::Number { default, .. } => ParamValue::Number(*default),
        ParamKind::Choice { default, .. } => ParamValue::Choice(default),
    }
}

fn parse_value(spec: &ParamSpec, text: &str) -> (ParamValue, Option<String>) {
    let key = spec.key;
    match &spec.kind {
        ParamKind::Number { unit, min, max, step, default, .. } => {
            let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
            let (min, max, default) = (Dec(*min), Dec(*max), Dec(*default));
            let Some(parsed) = parse_decimal(text.trim()) else {
                let notice =
                    format!("{key}: {} is not a number; used the default, {default}{unit}.", quote(text));
                return (ParamValue::Number(default.0), Some(notice));
            };
            let mut value = parsed;
            let mut fixes = Vec::new();
            if *step >= 1.0 && value.fract() != 0.0 {
                value = value.round();
                fixes.push("rounded to a whole number".to_string());
            } else {
                let rounded = round_to(value, 3);
                if rounded != value {
                    value = rounded;
                    fixes.push("rounded to three decimals".to_string());
                }
            }
            if value < min.0 {
                value = min.0;
                fixes.push(format!("raised to the minimum, {min}{unit}"));
            } else if value > max.0 {
                value = max.0;
                fixes.push(format!("lowered to the maximum, {max}{unit}"));
            }
            // Negative zero would write as "-0" in links.
            let value = if value == 0.0 { 0.0 } else { value };
            let notice =
                (!fixes.is_empty()).then(|| format!("{key}: {} {}.", quote(text), fixes.join(", then ")));
            (ParamValue::Number(value), notice)
        }
        ParamKind::Choice { options, default } => {
            match options.iter().find(|(option, _)| *option == text.trim()) {
                Some((option, _)) => (ParamValue::Choice(option), None),
                None => {
                    let keys: Vec<&str> = options.iter().map(|(option, _)| *option).collect();
                    let notice =
                        format!("{key}: {} is not one of {}; used {default}.", quote(text), keys.join(", "));
                    (ParamValue::Choice(default), Some(notice))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[ParamSpec] = &[
        ParamSpec {
            key: "d",
            label: "Delay",
            kind: ParamKind::Number {
                unit: "ms",
                min: 0.0,
                max: 5000.0,
                step: 100.0,
                default: 1000.0,
                is_delay: true,
            },
            modes: &[],
        },
        ParamSpec {
            key: "n",
            label: "Count",
            kind: ParamKind::Number {
                unit: "",
                min: 1.0,
                max: 10.0,
                step: 1.0,
                default: 3.0,
                is_delay: false,
            },
            modes: &[],
        },
        ParamSpec {
            key: "api",
            label: "API",
            kind: ParamKind::Choice {
                options: &[("offline", "Offline"), ("real", "Real")],
                default: "offline",
            },
            modes: &[],
        },
    ];

    #[test]
    fn valid_text_is_taken_as_is() {
        let mut values = ParamValues::defaults(SPECS);
        assert_eq!(values.set_from_text("d", "1234"), None);
        assert_eq!(values.set_from_text("n", " 7 "), None);
        assert_eq!(values.set_from_text("api", "real"), None);
        assert_eq!((values.number("d"), values.count("n"), values.choice("api")), (1234.0, 7, "real"));
        assert_eq!(values.text("d"), "1234");
        assert_eq!(values.text("n"), "7");
    }

    #[test]
    fn bad_text_is_fixed_and_explained() {
        let mut values = ParamValues::defaults(SPECS);
        let notice = values.set_from_text("d", "NaN").expect("a notice");
        assert!(notice.contains("not a number"), "{notice}");
        assert_eq!(values.number("d"), 1000.0);
        assert!(values.set_from_text("d", "inf").is_some());
        assert_eq!(values.number("d"), 1000.0);
        assert!(values.set_from_text("d", "-5").expect("a notice").contains("minimum"));
        assert_eq!(values.number("d"), 0.0);
        assert!(values.set_from_text("d", "1e300").expect("a notice").contains("maximum"));
        assert_eq!(values.number("d"), 5000.0);
        assert!(values.set_from_text("n", "2.6").expect("a notice").contains("whole"));
        assert_eq!(values.count("n"), 3);
        assert!(values.set_from_text("api", "<script>").expect("a notice").contains("offline, real"));
        assert_eq!(values.choice("api"), "offline");
    }

    #[test]
    fn long_values_are_cut_in_notices() {
        let mut values = ParamValues::defaults(SPECS);
        let notice = values.set_from_text("d", &"9".repeat(500)).expect("a notice");
        assert!(notice.len() < 120, "{notice}");
    }

    #[test]
    fn the_speed_factor_scales_delays_and_not_counts() {
        let values = ParamValues::defaults(SPECS).with_delays_scaled(0.5);
        assert_eq!((values.number("d"), values.count("n")), (500.0, 3));
    }
}

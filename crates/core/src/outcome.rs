//! Describing task results for the timeline's `done` events.

use crate::job::JobOutput;

/// A task result that can be described to a person, as Python's `repr` would.
pub trait Outcome {
    /// A short description of the value.
    fn describe(&self) -> String;
}

impl Outcome for () {
    fn describe(&self) -> String {
        "None".to_string()
    }
}

impl Outcome for String {
    fn describe(&self) -> String {
        format!("'{self}'")
    }
}

impl Outcome for &'static str {
    fn describe(&self) -> String {
        format!("'{self}'")
    }
}

macro_rules! describe_with_display {
    ($($ty:ty),*) => {
        $(impl Outcome for $ty {
            fn describe(&self) -> String {
                self.to_string()
            }
        })*
    };
}

describe_with_display!(bool, u8, u16, u32, u64, usize, i32, i64);

impl Outcome for f64 {
    fn describe(&self) -> String {
        crate::decimal::Dec(*self).to_string()
    }
}

impl<T: Outcome> Outcome for Option<T> {
    fn describe(&self) -> String {
        self.as_ref().map_or_else(|| "None".to_string(), Outcome::describe)
    }
}

impl<T: Outcome, E: std::fmt::Display> Outcome for Result<T, E> {
    fn describe(&self) -> String {
        match self {
            Ok(value) => value.describe(),
            Err(error) => format!("error: {error}"),
        }
    }
}

impl<T: Outcome> Outcome for Vec<T> {
    fn describe(&self) -> String {
        let items: Vec<String> = self.iter().map(Outcome::describe).collect();
        format!("[{}]", items.join(", "))
    }
}

impl Outcome for JobOutput {
    fn describe(&self) -> String {
        match self {
            JobOutput::Done => "None".to_string(),
            JobOutput::Text(body) => format!("{} bytes", body.len()),
            JobOutput::Failed(message) => format!("error: {message}"),
            JobOutput::Games(games) => format!("{} games", games.len()),
        }
    }
}

impl<A: Outcome, B: Outcome> Outcome for (A, B) {
    fn describe(&self) -> String {
        format!("({}, {})", self.0.describe(), self.1.describe())
    }
}

impl<A: Outcome, B: Outcome, C: Outcome> Outcome for (A, B, C) {
    fn describe(&self) -> String {
        format!("({}, {}, {})", self.0.describe(), self.1.describe(), self.2.describe())
    }
}

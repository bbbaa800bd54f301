//! Share links: `?s=<scenario>&mode=<mode>[&<key>=<value>...][&speed=<factor>][&reps=<n>][&autorun=1][&embed=1]`.
//!
//! A link carries the scenario, the mode, and only what differs from the scenario's defaults:
//! a parameter moved off its default, a speed other than 1, runs per benchmark other than the
//! default, and autorun and the compact embed layout when they are set. So the link of a
//! lesson as it opens is `?s=tasks&mode=gather`, and a link shows what its author changed.
//! The price: a short link follows the defaults of the day it is opened, not of the day it
//! was made.
//!
//! Decoding never fails: whatever the link holds, it gives a valid [`PageState`] and a list
//! of notices saying what was fixed. Links that spell out every key (as links did before)
//! decode as they always did. Encoding then decoding gives the same state back. Nothing from
//! the link is ever used as markup.

use crate::decimal::Dec;
use crate::page_state::{parse_reps, parse_speed, PageState, CODE_TAB};
use crate::params::{default_value, format_value, quote};
use crate::scenarios;

/// Longest query string read; the rest is ignored with a notice.
pub const MAX_QUERY_CHARS: usize = 4096;

/// A decoded link.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The state the link asks for, fixed where it had to be.
    pub state: PageState,
    /// What was fixed, for the notice on the page.
    pub notices: Vec<String>,
}

/// Reads a query string (with or without its leading `?`).
pub fn decode(query: &str) -> Decoded {
    let mut notices = Vec::new();
    let query = query.strip_prefix('?').unwrap_or(query);
    let query = match query.char_indices().nth(MAX_QUERY_CHARS) {
        Some((cut, _)) => {
            notices
                .push(format!("The link is longer than {MAX_QUERY_CHARS} characters; the rest was ignored."));
            &query[..cut]
        }
        None => query,
    };
    let pairs = first_values(query, &mut notices);
    let Some(scenario_text) = pairs.get("s") else {
        return Decoded { state: PageState::default(), notices };
    };
    if scenario_text == CODE_TAB {
        // The program itself travels in the fragment (`#code=`), which no server sees.
        let embed = pairs.get("embed").is_some_and(|text| text == "1");
        return Decoded { state: PageState { code: true, embed, ..PageState::default() }, notices };
    }
    let Some(scenario) = scenarios::find(scenario_text) else {
        notices.push(format!("Unknown scenario {}; pick one of the list.", quote(scenario_text)));
        return Decoded { state: PageState::default(), notices };
    };
    let meta = scenario.meta();
    let mut state = PageState::for_scenario(scenario);
    if let Some(mode_text) = pairs.get("mode") {
        match meta.mode(mode_text) {
            Some(mode) => state.mode = mode.key,
            None => notices.push(format!(
                "mode: {} is not a mode of {}; used {}.",
                quote(mode_text),
                meta.id,
                state.mode
            )),
        }
    }
    for param in meta.params {
        if let Some(text) = pairs.get(param.key) {
            notices.extend(state.values.set_from_text(param.key, text));
        }
    }
    if let Some(text) = pairs.get("speed") {
        let (speed, notice) = parse_speed(text);
        state.speed = speed;
        notices.extend(notice);
    }
    if let Some(text) = pairs.get("reps") {
        let (reps, notice) = parse_reps(text);
        state.reps = reps;
        notices.extend(notice);
    }
    if let Some(text) = pairs.get("autorun") {
        match text.as_str() {
            "1" => state.autorun = true,
            "0" => {}
            other => notices.push(format!("autorun: {} is not 0 or 1; not running on open.", quote(other))),
        }
    }
    if let Some(text) = pairs.get("embed") {
        match text.as_str() {
            "1" => state.embed = true,
            "0" => {}
            other => notices.push(format!("embed: {} is not 0 or 1; showing the whole page.", quote(other))),
        }
    }
    Decoded { state, notices }
}

/// Writes the link for `state`: the scenario, the mode, and what differs from the defaults.
pub fn encode(state: &PageState) -> String {
    if state.code {
        return format!("?s={CODE_TAB}");
    }
    let Some(scenario_id) = state.scenario_id else {
        return String::new();
    };
    let defaults = state.scenario().map_or_else(PageState::default, PageState::for_scenario);
    let mut pairs =
        vec![("s".to_string(), scenario_id.to_string()), ("mode".to_string(), state.mode.to_string())];
    for (spec, value) in state.values.iter() {
        // A value at its default is left out: decoding fills it back in.
        if *value != default_value(spec) {
            pairs.push((spec.key.to_string(), format_value(value)));
        }
    }
    if state.speed != defaults.speed {
        pairs.push(("speed".to_string(), Dec(state.speed).to_string()));
    }
    if state.reps != defaults.reps {
        pairs.push(("reps".to_string(), state.reps.to_string()));
    }
    if state.autorun {
        pairs.push(("autorun".to_string(), "1".to_string()));
    }
    if state.embed {
        pairs.push(("embed".to_string(), "1".to_string()));
    }
    let joined: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{}={}", percent_encode(key), percent_encode(value)))
        .collect();
    format!("?{}", joined.join("&"))
}

/// The keys of a query and their first values, in the order given.
struct FirstValues(Vec<(String, String)>);

impl FirstValues {
    fn get(&self, key: &str) -> Option<&String> {
        self.0.iter().find(|(given, _)| given == key).map(|(_, value)| value)
    }
}

/// Splits `query` into keys and their first values; repeated keys get a notice.
fn first_values(query: &str, notices: &mut Vec<String>) -> FirstValues {
    let mut pairs = FirstValues(Vec::new());
    let mut repeated: Vec<(String, usize)> = Vec::new();
    for piece in query.split('&').filter(|piece| !piece.is_empty()) {
        let (raw_key, raw_value) = piece.split_once('=').unwrap_or((piece, ""));
        let key = percent_decode(raw_key);
        if pairs.get(&key).is_none() {
            pairs.0.push((key, percent_decode(raw_value)));
        } else if let Some((_, n_times)) = repeated.iter_mut().find(|(given, _)| *given == key) {
            *n_times += 1;
        } else {
            repeated.push((key, 2));
        }
    }
    for (key, n_times) in repeated {
        notices.push(format!("{} was given {n_times} times; used the first.", quote(&key)));
    }
    pairs
}

/// Decodes `%XX` escapes and `+`; malformed escapes are kept as they are, bad UTF-8 is
/// replaced.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(index + 1..index + 3).and_then(|pair| std::str::from_utf8(pair).ok());
                match hex.and_then(crate::decimal::parse_hex).and_then(|code| u8::try_from(code).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        index += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Escapes everything but unreserved characters.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

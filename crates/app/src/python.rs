//! "Your own program": CPython (Pyodide) and the code editor, reached through one small
//! JavaScript module (`js/bridge.js`), which loads both lazily from our own origin.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    /// Loads CPython; `on_progress(loaded_bytes, total_bytes)` is called while it arrives.
    #[wasm_bindgen(catch)]
    pub async fn load_python(on_progress: &js_sys::Function) -> Result<JsValue, JsValue>;

    /// How many threads (Web Workers running Python) a program gets, if it uses
    /// `asyncio.to_thread` or `run_in_executor`; 0 if it does not.
    pub fn program_threads(source: &str) -> u32;

    /// Starts the threads a program uses, before its clock starts.
    #[wasm_bindgen(catch)]
    pub async fn prepare_program(source: &str) -> Result<JsValue, JsValue>;

    /// Runs a program; resolves with its outcome (see [`Outcome::read`]).
    #[wasm_bindgen(catch)]
    pub async fn run_program(source: &str) -> Result<JsValue, JsValue>;

    /// The event lines recorded since the last call (`core::python_trace`'s format).
    pub fn take_events() -> String;

    /// Cancels every task of the program that runs.
    pub fn stop_program();

    /// Makes an editor in `parent` holding `text`; `on_run` is called on Ctrl/Cmd+Enter.
    #[wasm_bindgen(catch)]
    pub async fn create_editor(
        parent: &web_sys::Element,
        text: &str,
        on_run: &js_sys::Function,
    ) -> Result<JsValue, JsValue>;

    /// The editor's text.
    pub fn editor_text(editor: &JsValue) -> String;

    /// Replaces the editor's text.
    pub fn set_editor_text(editor: &JsValue, text: &str);

    /// Marks a line (1-based) of the editor as the one an error points at; 0 clears it.
    pub fn mark_editor_line(editor: &JsValue, line: u32);

    /// The program compressed and in base64url, for a link's `#code=`.
    #[wasm_bindgen(catch)]
    pub async fn pack_code(text: &str) -> Result<JsValue, JsValue>;

    /// The program packed in a link, refusing more than `max_chars` characters.
    #[wasm_bindgen(catch)]
    pub async fn unpack_code(packed: &str, max_chars: u32) -> Result<JsValue, JsValue>;
}

/// How a program's run ended, as the runtime reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// `done`, `stopped` or `error`.
    pub status: String,
    /// For an error: `syntax`, `exception` or `cap`.
    pub kind: Option<String>,
    /// For an error: the line of the person's program it points at.
    pub line: Option<u32>,
    /// What to tell the person.
    pub message: String,
    /// The program's run time, in ms.
    pub total_ms: f64,
}

impl Outcome {
    /// Reads the runtime's answer; anything missing reads as an error that says so.
    pub fn read(answer: &JsValue) -> Self {
        let field =
            |name: &str| js_sys::Reflect::get(answer, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        let line = field("line").as_f64().filter(|line| *line >= 1.0 && *line < 1e9).map(|line| line as u32);
        Self {
            status: field("status").as_string().unwrap_or_else(|| "error".to_string()),
            kind: field("kind").as_string(),
            line,
            message: field("message").as_string().unwrap_or_default(),
            total_ms: field("totalMs").as_f64().filter(|ms| ms.is_finite()).unwrap_or(0.0),
        }
    }

    /// An outcome for a runtime that failed before it could answer.
    pub fn failed(error: &JsValue) -> Self {
        Self {
            status: "error".to_string(),
            kind: Some("exception".to_string()),
            line: None,
            message: message_of(error),
            total_ms: 0.0,
        }
    }
}

/// A JavaScript error as text a person can read.
pub fn message_of(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    error.as_string().unwrap_or_else(|| "an unknown error".to_string())
}

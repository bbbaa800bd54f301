//! The Python program of the lesson beside the Rust the page runs, the key line marked.

use playground_core::{CodeAside, CodeView as Code};
use yew::prelude::*;

/// What [`code_view`] shows.
pub struct CodeViewProps {
    /// The two programs and their marks.
    pub code: Code,
    /// Opens the lesson's program in the code tab's editor, where it runs as real CPython
    /// (the listing itself, or a program adapted to the page: `Scenario::editor_program`).
    pub on_open_in_editor: Option<Callback<String>>,
}

/// Python and Rust side by side.
pub fn code_view(props: &CodeViewProps) -> Html {
    let code = &props.code;
    html! {
        <section class="code-view" aria-label="Code">
            <figure>
                <figcaption>
                    { "Python asyncio" }
                    if let Some(on_open) = &props.on_open_in_editor {
                        <button type="button" class="secondary small" data-testid="open-in-editor"
                            title="Run this lesson's program as real CPython in the code tab, with these values"
                            onclick={on_open.reform({ let python = code.python.clone(); move |_| python.clone() })}>
                            { "Open in editor" }
                        </button>
                    }
                </figcaption>
                { listing(&code.python, code.python_mark, "python") }
            </figure>
            <figure>
                <figcaption>{ "Rust this page runs" }</figcaption>
                { listing(&code.rust, code.rust_mark, "rust") }
            </figure>
        </section>
    }
}

fn listing(source: &str, mark: &str, language: &'static str) -> Html {
    let marked_index = source.lines().position(|line| !mark.is_empty() && line.contains(mark));
    html! {
        <pre class="listing" data-language={language}><code>
            { for source.lines().enumerate().map(|(index, line)| {
                let marked = Some(index) == marked_index;
                html! {
                    <span class={classes!("code-line", marked.then_some("mark"))}
                        data-testid={marked.then_some("code-mark")}>{ format!("{line}\n") }</span>
                }
            }) }
        </code></pre>
    }
}

/// What [`code_asides`] shows.
pub struct CodeAsidesProps {
    /// The listings.
    pub asides: Vec<CodeAside>,
}

/// Further listings of the lesson, Python beside Rust.
pub fn code_asides(props: &CodeAsidesProps) -> Html {
    if props.asides.is_empty() {
        return html! {};
    }
    html! {
        <section class="code-asides" aria-label="The same loop, three ways">
            <h2>{ "The same game loop, three ways" }</h2>
            { for props.asides.iter().map(|aside| html! {
                <div class="code-view aside">
                    <figure>
                        <figcaption>{ format!("{}: Python", aside.title) }</figcaption>
                        { listing(aside.python, "", "python") }
                    </figure>
                    <figure>
                        <figcaption>{ format!("{}: Rust", aside.title) }</figcaption>
                        { listing(aside.rust, "", "rust") }
                    </figure>
                </div>
            }) }
        </section>
    }
}

//! Takes finished runs off the page: the timeline as SVG or PNG, the figures as Markdown.

use yew::prelude::*;

use crate::browser;
use crate::session::{RunStatus, RunView};
use playground_core::export::{results_markdown, timeline_svg, ExportRun};

/// What [`export_bar`] shows.
pub struct ExportBarProps {
    /// The scenario's id, for file names.
    pub scenario_id: &'static str,
    /// The scenario's title, written on the pictures and above the table.
    pub title: &'static str,
    /// The runs shown; those that finished or were stopped are exported.
    pub runs: Vec<RunView>,
    /// What the last export said; the panel keeps it, so this view needs no state of its own.
    pub message: Option<String>,
    /// Called with what an export says.
    pub on_message: Callback<String>,
}

/// Download SVG, Download PNG and Copy results, for the runs on screen.
pub fn export_bar(props: &ExportBarProps) -> Html {
    let say = &props.on_message;
    let runs: Vec<RunView> = props
        .runs
        .iter()
        .filter(|run| matches!(run.status, RunStatus::Done(_) | RunStatus::Stopped(_)))
        .cloned()
        .collect();
    if runs.is_empty() {
        return html! {};
    }
    let modes: Vec<&str> = runs.iter().map(|run| run.mode).collect();
    let file_stem = format!("async-playground-{}-{}", props.scenario_id, modes.join("-vs-"));
    let title = props.title;

    let on_svg = {
        let (runs, say, file_name) = (runs.clone(), say.clone(), format!("{file_stem}.svg"));
        Callback::from(move |_: MouseEvent| {
            let svg = timeline_svg(title, &export_runs(&runs));
            say.emit(match browser::download_text(&file_name, "image/svg+xml", &svg) {
                Ok(()) => format!("Downloading {file_name}"),
                Err(reason) => format!("The SVG could not be saved: {reason}."),
            });
        })
    };
    let on_png = {
        let (runs, say, file_name) = (runs.clone(), say.clone(), format!("{file_stem}.png"));
        Callback::from(move |_: MouseEvent| {
            let svg = timeline_svg(title, &export_runs(&runs));
            let (say, file_name) = (say.clone(), file_name.clone());
            wasm_bindgen_futures::spawn_local(async move {
                say.emit(match browser::download_svg_as_png(&file_name, &svg).await {
                    Ok(()) => format!("Downloading {file_name}"),
                    Err(reason) => format!("{reason}."),
                });
            });
        })
    };
    let on_copy = {
        let say = say.clone();
        Callback::from(move |_: MouseEvent| {
            let table = results_markdown(title, &export_runs(&runs));
            let say = say.clone();
            wasm_bindgen_futures::spawn_local(async move {
                say.emit(match browser::copy_text(&table).await {
                    Ok(()) => "Results copied as a Markdown table.".to_string(),
                    Err(()) => format!("The browser refused the clipboard; copy the table here:\n{table}"),
                });
            });
        })
    };
    html! {
        <div class="export-bar" aria-label="Export">
            <button type="button" class="secondary" data-testid="export-svg" onclick={on_svg}
                title="The timeline as a picture for slides: title, axis, legend and totals">{ "Download SVG" }</button>
            <button type="button" class="secondary" data-testid="export-png" onclick={on_png}
                title="The same picture as a PNG">{ "Download PNG" }</button>
            <button type="button" class="secondary" data-testid="copy-results" onclick={on_copy}
                title="Mode, measured, predicted, longest frame gap and speedup, as a Markdown table">{ "Copy results" }</button>
            if let Some(text) = &props.message {
                <p class="export-message" role="status" data-testid="export-message">{ text.clone() }</p>
            }
        </div>
    }
}

/// The finished runs in the form core exports.
fn export_runs(runs: &[RunView]) -> Vec<ExportRun<'_>> {
    runs.iter()
        .filter_map(|run| match &run.status {
            RunStatus::Done(stats) | RunStatus::Stopped(stats) => Some(ExportRun {
                mode_label: run.mode_label,
                total_ms: stats.total_ms,
                predicted_ms: run.predicted_ms,
                max_frame_gap_ms: stats.max_frame_gap_ms,
                stopped: matches!(run.status, RunStatus::Stopped(_)),
                timeline: &run.timeline,
            }),
            _ => None,
        })
        .collect()
}

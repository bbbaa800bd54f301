//! The printed lines, with time and task, like the lessons' terminal output.

use playground_core::console::fold_repeats;
use playground_core::decimal::Dec;
use playground_core::Timeline;
use yew::prelude::*;

/// Props of [`OutputConsole`].
#[derive(Properties, PartialEq)]
pub struct OutputConsoleProps {
    /// The run's timeline; its print events are the lines.
    pub timeline: std::rc::Rc<Timeline>,
    /// The timeline cursor's moment, in ms: the lines printed by then are marked.
    #[prop_or_default]
    pub cursor_ms: Option<f64>,
    /// Called with a line's time when the person clicks it: the cursor goes there.
    #[prop_or_default]
    pub on_pick: Option<Callback<f64>>,
    /// Whether the run is still going: then only its last [`LIVE_LINES`] lines are drawn, so a
    /// frame's work does not grow with everything printed so far.
    #[prop_or_default]
    pub live: bool,
}

/// Lines a live run's console draws: its box shows about a dozen, and every line is there
/// once the run ends. A redraw replaces the lines printed since the last one, so a run that
/// prints fast (200 names in 2 s) changed 47 of 50 lines at each redraw, which made that
/// redraw longer and the run's next step later.
pub const LIVE_LINES: usize = 15;

/// A terminal-like list of printed lines.
#[function_component(OutputConsole)]
pub fn output_console(props: &OutputConsoleProps) -> Html {
    let (lines, earlier) =
        if props.live { props.timeline.printed_tail(LIVE_LINES) } else { (props.timeline.printed(), false) };
    // A task that repeats itself (a counter) is folded to its first and last lines.
    let (folded, groups) = fold_repeats(&lines);
    let unfolded = use_state(|| false);
    let on_toggle = {
        let unfolded = unfolded.clone();
        Callback::from(move |_: MouseEvent| unfolded.set(!*unfolded))
    };
    let hidden: usize = groups.iter().map(|(_, _, hidden)| hidden).sum();
    html! {
        <div class="console" data-testid="output" role="log" aria-label="Output">
            if hidden > 0 {
                <button type="button" class="fold-toggle" data-testid="fold-toggle" onclick={on_toggle}
                    aria-expanded={unfolded.to_string()}>
                    { if *unfolded {
                        "Fold the repeated lines again".to_string()
                    } else {
                        let names: Vec<String> = groups.iter().map(|(task, total, _)| format!("{total} from {task}")).collect();
                        format!("{hidden} repeated lines folded ({}): show them", names.join(", "))
                    } }
                </button>
            }
            if earlier {
                <div class="earlier">{ format!("The last {LIVE_LINES} lines while the run goes on; every line once it ends.") }</div>
            }
            { for lines.iter().zip(&folded).map(|(line, folded)| {
                let at_ms = line.at_ms;
                let before = props.cursor_ms.is_some_and(|cursor_ms| at_ms <= cursor_ms);
                let onclick = props.on_pick.as_ref().map(|on_pick| on_pick.reform(move |_: MouseEvent| at_ms));
                let hide = *folded && !*unfolded;
                html! {
                    <div key={line.event} class={classes!("line", before.then_some("before-cursor"), onclick.is_some().then_some("pickable"),
                            folded.then_some("repeat"))}
                        hidden={hide} data-task={line.task.to_string()} data-at-ms={format!("{:.1}", Dec(at_ms))} {onclick}>
                        <span class="at">{ format!("{:>8} s", format!("{:.3}", Dec(at_ms / 1000.0))) }</span>
                        <span class="task">{ line.task.to_string() }</span>
                        <span class="text">{ line.text.to_string() }</span>
                    </div>
                }
            }) }
            if lines.is_empty() {
                <div class="empty">{ "(nothing printed yet)" }</div>
            }
        </div>
    }
}

//! The printed lines, with time and task, like the lessons' terminal output.

use playground_core::decimal::Dec;
use playground_core::Timeline;
use yew::prelude::*;

/// Props of [`OutputConsole`].
#[derive(Properties, PartialEq)]
pub struct OutputConsoleProps {
    /// The run's timeline; its print events are the lines.
    pub timeline: std::rc::Rc<Timeline>,
}

/// A terminal-like list of printed lines.
#[function_component(OutputConsole)]
pub fn output_console(props: &OutputConsoleProps) -> Html {
    let lines = props.timeline.printed();
    html! {
        <div class="console" data-testid="output" role="log" aria-label="Output">
            { for lines.iter().map(|line| html! {
                <div class="line" data-task={line.task.to_string()} data-at-ms={format!("{:.1}", Dec(line.at_ms))}>
                    <span class="at">{ format!("{:>8} s", format!("{:.3}", Dec(line.at_ms / 1000.0))) }</span>
                    <span class="task">{ line.task.to_string() }</span>
                    <span class="text">{ line.text.to_string() }</span>
                </div>
            }) }
            if lines.is_empty() {
                <div class="empty">{ "(nothing printed yet)" }</div>
            }
        </div>
    }
}

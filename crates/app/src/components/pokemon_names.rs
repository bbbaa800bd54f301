//! The names as they arrive, with their ids, and how far the counter got meanwhile.

use std::rc::Rc;

use playground_core::{EventKind, Timeline};
use yew::prelude::*;

use super::format_ms;

/// What [`pokemon_names`] shows.
pub struct PokemonNamesProps {
    /// The run's timeline; names are its `Fetched` events.
    pub timeline: Rc<Timeline>,
    /// Whether the run is still going: then only its last [`LIVE_NAMES`] names are drawn.
    pub live: bool,
}

/// Names a live run's list draws; every name is there once the run ends. A redraw that added
/// every name fetched since the last one cost more the longer it waited: the first of a run of
/// 200 names at x0.1, a second in, added about 100 and took 45-65 ms, against 10-14 ms for the
/// page's other views, and the run's next request waited for it.
pub const LIVE_NAMES: usize = 30;

/// A list of fetched names, in the order they arrived; a failed request shows its error.
pub fn pokemon_names(props: &PokemonNamesProps) -> Html {
    let timeline = &props.timeline;
    let n_ticks = timeline.printed_texts().iter().filter(|text| text.starts_with("counter: ")).count();
    let fetched: Vec<_> = timeline
        .events()
        .iter()
        .enumerate()
        .filter_map(|(index, event)| match &event.kind {
            EventKind::Fetched { id, result } => Some((index, event.at_ms, *id, result)),
            _ => None,
        })
        .collect();
    let n_earlier = if props.live { fetched.len().saturating_sub(LIVE_NAMES) } else { 0 };
    html! {
        <div class="pokemon">
            <p class="counter-reading" data-testid="counter-ticks" data-ticks={n_ticks.to_string()}>
                { format!("The counter ticked {n_ticks} times.") }
            </p>
            if n_earlier > 0 {
                <p class="names-earlier" data-testid="names-earlier">
                    { format!("The last {LIVE_NAMES} of {} names while the run goes on; every name once it ends.", fetched.len()) }
                </p>
            }
            <ol class="names" data-testid="names" start={(n_earlier + 1).to_string()}>
                // Keyed by the event, so a redraw adds the new names and leaves the others be
                // (unkeyed, a longer list is matched from its end and every item changes).
                { for fetched[n_earlier..].iter().map(|&(index, at_ms, id, result)| match result {
                    Ok(name) => html! {
                        <li key={index} data-id={id.to_string()} data-name={name.clone()}>
                            <span class="dex">{ format!("#{id}") }</span>
                            <span class="name">{ name.clone() }</span>
                            <span class="at">{ format_ms(at_ms) }</span>
                        </li>
                    },
                    Err(message) => html! {
                        <li key={index} class="failed" data-id={id.to_string()} data-error={message.clone()}>
                            <span class="dex">{ format!("#{id}") }</span>
                            <span class="name">{ format!("failed: {message}") }</span>
                            <span class="at">{ format_ms(at_ms) }</span>
                        </li>
                    },
                }) }
            </ol>
        </div>
    }
}

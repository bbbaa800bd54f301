//! Exported results: the Markdown table and the SVG timeline, from runs of real scenarios on
//! the virtual clock.

use playground_core::decimal::format_duration_ms;
use playground_core::export::{results_markdown, timeline_svg, ExportRun, SVG_WIDTH_PX};
use playground_core::scenarios;
use playground_core::{run_scenario_virtual, EventKind, ParamValues, SegmentKind, Timeline};

/// A finished run of `scenario_id` in `mode` at its defaults: the timeline, the measured
/// total and the prediction.
fn run(scenario_id: &str, mode: &'static str) -> (Timeline, f64, f64) {
    let scenario = scenarios::find(scenario_id).expect("a listed scenario");
    let values = ParamValues::defaults(scenario.meta().params);
    let predicted_ms = scenario.predict_ms(&values, mode);
    let run = run_scenario_virtual(scenario, values, mode);
    (run.timeline, run.total_ms, predicted_ms)
}

fn export_run<'a>(label: &'a str, timeline: &'a Timeline, total_ms: f64, predicted_ms: f64) -> ExportRun<'a> {
    ExportRun { mode_label: label, total_ms, predicted_ms, max_frame_gap_ms: 17.0, stopped: false, timeline }
}

#[test]
fn durations_read_as_on_the_page() {
    assert_eq!(format_duration_ms(0.0), "0 ms");
    assert_eq!(format_duration_ms(850.4), "850 ms");
    assert_eq!(format_duration_ms(1999.4), "1999 ms");
    assert_eq!(format_duration_ms(2000.0), "2.00 s");
    assert_eq!(format_duration_ms(4500.0), "4.50 s");
    assert_eq!(format_duration_ms(11_104.9), "11.10 s");
    assert_eq!(format_duration_ms(-250.0), "-250 ms");
    assert_eq!(format_duration_ms(f64::NAN), "–");
}

#[test]
fn the_markdown_of_a_compare_pair_has_a_row_per_run_and_the_speedup() {
    let (serial, serial_ms, serial_predicted_ms) = run("tasks", "serial");
    let (gather, gather_ms, gather_predicted_ms) = run("tasks", "gather");
    assert_eq!((serial_ms, gather_ms), (11_100.0, 4500.0));
    let runs = [
        ExportRun { max_frame_gap_ms: 16.6, ..export_run("serial", &serial, serial_ms, serial_predicted_ms) },
        ExportRun { max_frame_gap_ms: 33.4, ..export_run("gather", &gather, gather_ms, gather_predicted_ms) },
    ];
    let markdown = results_markdown("Tasks A, B and C", &runs);
    assert_eq!(
        markdown,
        "## Tasks A, B and C\n\
         \n\
         | mode | measured | predicted | longest frame gap | speedup |\n\
         | --- | ---: | ---: | ---: | ---: |\n\
         | serial | 11.10 s | 11.10 s | 17 ms | 1.0× |\n\
         | gather | 4.50 s | 4.50 s | 33 ms | 2.5× |\n\
         \n\
         gather was 2.5× faster than serial.\n"
    );
}

#[test]
fn one_run_has_no_speedup_and_a_slower_second_run_is_called_slower() {
    let (gather, gather_ms, predicted_ms) = run("tasks", "gather");
    let one = results_markdown("Tasks", &[export_run("gather", &gather, gather_ms, predicted_ms)]);
    let lines: Vec<&str> = one.lines().collect();
    assert_eq!(lines.len(), 5, "{one}");
    assert_eq!(lines[2], "| mode | measured | predicted | longest frame gap | speedup |");
    assert_eq!(lines[4], "| gather | 4.50 s | 4.50 s | 17 ms | 1.0× |");
    assert!(!one.contains("faster"), "{one}");

    let (serial, serial_ms, serial_predicted_ms) = run("tasks", "serial");
    let reversed = results_markdown(
        "Tasks",
        &[
            export_run("gather", &gather, gather_ms, predicted_ms),
            export_run("serial", &serial, serial_ms, serial_predicted_ms),
        ],
    );
    assert!(reversed.ends_with("\nserial was 2.5× slower than gather.\n"), "{reversed}");
    // A run that measured nothing gives no factor.
    let zero = results_markdown(
        "Tasks",
        &[export_run("gather", &gather, gather_ms, 0.0), export_run("serial", &serial, 0.0, 0.0)],
    );
    assert!(!zero.contains(" than "), "{zero}");
}

#[test]
fn a_stopped_run_is_marked_and_gives_no_speedup() {
    let (serial, serial_ms, serial_predicted_ms) = run("tasks", "serial");
    let (gather, _, gather_predicted_ms) = run("tasks", "gather");
    // Gather stopped after one second: its total says nothing about gather.
    let runs = [
        export_run("serial", &serial, serial_ms, serial_predicted_ms),
        ExportRun { stopped: true, ..export_run("gather", &gather, 1000.0, gather_predicted_ms) },
    ];
    let markdown = results_markdown("Tasks", &runs);
    assert!(markdown.contains("| gather (stopped) | 1000 ms | 4.50 s | 17 ms | – |"), "{markdown}");
    assert!(!markdown.contains(" than "), "{markdown}");
    let svg = timeline_svg("Tasks", &runs);
    assert!(svg.contains("gather (stopped)"), "the picture marks the stopped run");
    assert!(!svg.contains(" than "), "no speedup in the picture");
}

#[test]
fn markdown_cells_cannot_break_the_table() {
    let timeline = Timeline::default();
    let markdown = results_markdown("A | B\nC", &[export_run("x|y\nz", &timeline, 100.0, 100.0)]);
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(lines[0], "## A \\| B C");
    assert_eq!(lines[4], "| x\\|y z | 100 ms | 100 ms | 17 ms | 1.0× |");
    assert_eq!(lines.len(), 5, "{markdown}");
}

#[test]
fn the_svg_is_a_standalone_document_with_every_lane_and_both_totals() {
    let (serial, serial_ms, serial_predicted_ms) = run("tasks", "serial");
    let (gather, gather_ms, gather_predicted_ms) = run("tasks", "gather");
    let runs = [
        export_run("serial", &serial, serial_ms, serial_predicted_ms),
        export_run("gather", &gather, gather_ms, gather_predicted_ms),
    ];
    let svg = timeline_svg("Tasks A, B and C", &runs);
    let root = parse_xml(&svg).unwrap_or_else(|error| panic!("{error}\n{svg}"));
    assert_eq!(root.name, "svg");
    assert_eq!(root.attr("xmlns"), Some("http://www.w3.org/2000/svg"));
    let width_px = number(root.attr("width"));
    let height_px = number(root.attr("height"));
    assert!(width_px >= 1600.0 && width_px == SVG_WIDTH_PX, "{width_px}");
    assert!(height_px > 200.0, "{height_px}");
    assert_eq!(root.attr("viewBox"), Some(format!("0 0 {} {}", width_px, height_px).as_str()));
    // No stylesheet: every look is an attribute.
    assert!(root.descendants().iter().all(|element| element.name != "style"));
    assert!(!svg.contains("<style") && !svg.contains("var(--"), "{svg}");
    assert!(root.attr("font-family").is_some_and(|fonts| fonts.contains("sans-serif")));

    let texts: Vec<String> = root.descendants().iter().map(|element| element.text()).collect();
    assert!(texts.iter().any(|text| text == "Tasks A, B and C"));
    assert!(texts.iter().any(|text| text == "gather was 2.5× faster than serial."), "{texts:?}");
    for (index, run) in runs.iter().enumerate() {
        let group = root.element_with_id(&format!("run-{}", index + 1)).expect("a group per run");
        let heading = group.with_class("run-heading");
        assert_eq!(heading.len(), 1);
        let heading = heading[0].text();
        assert!(heading.starts_with(run.mode_label), "{heading}");
        assert!(heading.contains(&format!("measured {}", format_duration_ms(run.total_ms))), "{heading}");
        assert!(
            heading.contains(&format!("predicted {}", format_duration_ms(run.predicted_ms))),
            "{heading}"
        );
        // Every lane, by name, both as a label and as its group's title.
        let lanes = group.with_class("lane");
        assert_eq!(lanes.len(), run.timeline.lanes.len());
        for (lane, drawn) in run.timeline.lanes.iter().zip(&lanes) {
            let named: Vec<String> = drawn.children().iter().map(|element| element.text()).collect();
            assert_eq!(
                named.iter().filter(|text| **text == *lane.name).count(),
                2,
                "{}: {named:?}",
                lane.name
            );
        }
        let n_segments: usize = run.timeline.lanes.iter().map(|lane| lane.segments.len()).sum();
        assert_eq!(group.descendants().iter().filter(|element| is_segment(element)).count(), n_segments);
    }
    assert!(svg.contains("11.10 s") && svg.contains("4.50 s"));
}

#[test]
fn a_compare_pair_shares_one_axis_so_the_shorter_run_ends_further_left() {
    let (serial, serial_ms, serial_predicted_ms) = run("tasks", "serial");
    let (gather, gather_ms, gather_predicted_ms) = run("tasks", "gather");
    let serial_run = export_run("serial", &serial, serial_ms, serial_predicted_ms);
    let gather_run = export_run("gather", &gather, gather_ms, gather_predicted_ms);
    // Compare runs the slow mode first; the axis must fit whichever run is longer.
    for (runs, serial_id, gather_id) in
        [([serial_run, gather_run], "run-1", "run-2"), ([gather_run, serial_run], "run-2", "run-1")]
    {
        let svg = timeline_svg("Tasks", &runs);
        let root = parse_xml(&svg).unwrap_or_else(|error| panic!("{error}"));
        // One axis: a single set of tick labels for both runs.
        assert_eq!(root.with_class("axis").len(), 1);
        let ticks = root.with_class("tick");
        let zero_x_px = number(ticks[0].attr("x"));
        assert_eq!(ticks[0].text(), "0 s");
        let last_end_px = |id: &str| {
            let group = root.element_with_id(id).expect("run group");
            group
                .descendants()
                .iter()
                .filter(|element| is_segment(element))
                .map(|element| number(element.attr("x")) + number(element.attr("width")))
                .fold(0.0, f64::max)
        };
        let (serial_end_px, gather_end_px) = (last_end_px(serial_id), last_end_px(gather_id));
        assert!(gather_end_px < serial_end_px, "{gather_end_px} vs {serial_end_px}");
        // On one scale, the drawn lengths stand as the totals do: 4.5 s against 11.1 s.
        let drawn_ratio = (gather_end_px - zero_x_px) / (serial_end_px - zero_x_px);
        assert!((drawn_ratio - gather_ms / serial_ms).abs() < 0.01, "{drawn_ratio}");
        // And the longer run is not cut: its end is where the axis puts 11.1 s.
        let last_tick = ticks.last().expect("ticks");
        let last_tick_ms = number(last_tick.text().strip_suffix(" s")) * 1000.0;
        let axis_px_per_ms = (number(last_tick.attr("x")) - zero_x_px) / last_tick_ms;
        assert!(((serial_end_px - zero_x_px) / axis_px_per_ms - serial_ms).abs() < 20.0, "{serial_end_px}");
    }
}

#[test]
fn tick_labels_use_one_unit_and_stay_inside_the_picture() {
    let cases: [(&str, &'static str); 4] =
        [("tasks", "serial"), ("tasks", "gather"), ("primes", "gather"), ("tasks", "timeout")];
    for (scenario_id, mode) in cases {
        let (timeline, total_ms, predicted_ms) = run(scenario_id, mode);
        let svg = timeline_svg("Ticks", &[export_run(mode, &timeline, total_ms, predicted_ms)]);
        let root = parse_xml(&svg).unwrap_or_else(|error| panic!("{error}"));
        let width_px = number(root.attr("width"));
        let ticks = root.with_class("tick");
        assert!(ticks.len() >= 3, "{scenario_id} {mode}: {} ticks", ticks.len());
        let labels: Vec<String> = ticks.iter().map(|tick| tick.text()).collect();
        let unit = if labels.iter().all(|label| label.ends_with(" s")) { " s" } else { " ms" };
        assert!(labels.iter().all(|label| label.ends_with(unit)), "{scenario_id} {mode}: {labels:?}");
        // The axis reaches the end of the run.
        let last_ms: f64 = number(labels.last().and_then(|label| label.strip_suffix(unit)))
            * if unit == " s" { 1000.0 } else { 1.0 };
        assert!(last_ms >= total_ms, "{scenario_id} {mode}: {labels:?} for {total_ms}");
        for tick in &ticks {
            // A generous width for the label: 0.7 of the font size per character.
            let label_px = tick.text().chars().count() as f64 * number(tick.attr("font-size")) * 0.7;
            let x_px = number(tick.attr("x"));
            let right_px = match tick.attr("text-anchor") {
                Some("end") => x_px,
                _ => x_px + label_px / 2.0,
            };
            assert!(right_px <= width_px, "{scenario_id} {mode}: {} ends at {right_px}", tick.text());
        }
    }
}

#[test]
fn segments_and_legend_use_the_pages_colours_and_marks_show_cancels_and_timeouts() {
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/style.css"))
        .expect("the page's stylesheet");
    // The light theme is the first definition of each colour.
    let colour = |name: &str| -> String {
        let start = css.find(&format!("--{name}:")).unwrap_or_else(|| panic!("--{name} in style.css"));
        css[start..]
            .split_once(':')
            .and_then(|(_, rest)| rest.split(';').next())
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let (timeline, total_ms, predicted_ms) = run("tasks", "timeout");
    assert!(timeline.events().iter().any(|event| event.kind == EventKind::Cancel));
    let svg = timeline_svg("Timeout", &[export_run("wait_for", &timeline, total_ms, predicted_ms)]);
    let root = parse_xml(&svg).unwrap_or_else(|error| panic!("{error}"));
    for kind in SegmentKind::ALL {
        let expected = colour(kind.key());
        assert!(expected.starts_with('#'), "{expected}");
        let legend = &root.with_class("legend")[0];
        assert!(
            legend
                .descendants()
                .iter()
                .any(|element| element.name == "rect" && element.attr("fill") == Some(&expected)),
            "{} swatch",
            kind.key()
        );
        for segment in
            root.descendants().iter().filter(|element| element.has_class(kind.key()) && is_segment(element))
        {
            assert_eq!(segment.attr("fill"), Some(expected.as_str()), "{}", kind.key());
        }
    }
    let run_group = root.element_with_id("run-1").expect("run group");
    let count = |class: &str| run_group.with_class(class).len();
    let n_cancels = timeline.events().iter().filter(|event| event.kind == EventKind::Cancel).count();
    let n_timeouts =
        timeline.events().iter().filter(|event| matches!(event.kind, EventKind::Timeout { .. })).count();
    assert!(n_timeouts >= 1);
    assert_eq!((count("cancel"), count("timeout")), (n_cancels, n_timeouts));
    let legend_text = root.with_class("legend")[0].text();
    for words in ["running", "waiting", "blocked", "off-thread", "cancelled", "timed out"] {
        assert!(legend_text.contains(words), "{words} in {legend_text}");
    }
}

#[test]
fn hostile_names_are_escaped_and_the_document_stays_well_formed() {
    let (mut timeline, total_ms, predicted_ms) = run("tasks", "gather");
    let hostile = ["<script>&\"", "</svg><svg onload=alert(1)>", "a'b]]>c", "bell\u{7}\u{0}x"];
    for (lane, name) in timeline.lanes.iter_mut().zip(hostile) {
        lane.name = name.into();
    }
    let runs = [export_run("<b>mode</b>", &timeline, total_ms, predicted_ms)];
    let svg = timeline_svg("Title & \"quotes\" <i>", &runs);
    assert!(!svg.contains("<script") && !svg.contains("<b>") && !svg.contains("<i>"), "{svg}");
    assert!(svg.contains("&lt;script&gt;&amp;&quot;"), "{svg}");
    let root = parse_xml(&svg).unwrap_or_else(|error| panic!("{error}\n{svg}"));
    let titles: Vec<String> = root
        .descendants()
        .iter()
        .filter(|element| element.name == "title")
        .map(|element| element.text())
        .collect();
    for name in &hostile[..3] {
        assert!(titles.iter().any(|title| title == name), "{name} in {titles:?}");
    }
    // Characters XML cannot hold are replaced, not written.
    assert!(titles.iter().any(|title| title == "bell\u{FFFD}\u{FFFD}x"), "{titles:?}");
    assert!(titles.iter().any(|title| title == "Title & \"quotes\" <i>"));
    let heading = root.with_class("run-heading")[0].text();
    assert!(heading.starts_with("<b>mode</b>: measured"), "{heading}");
}

#[test]
fn very_many_lanes_get_thin_and_keep_the_picture_a_bounded_height() {
    let mut timeline = Timeline::default();
    let main = timeline.add_lane("main", None, 0.0);
    for index in 0..3000 {
        let lane = timeline.add_lane(&format!("task-{index}"), Some(main), 0.0);
        timeline.add_segment(lane, SegmentKind::Waiting, 0.0, 1000.0 + f64::from(index));
        timeline.end_lane(lane, 1000.0 + f64::from(index));
    }
    timeline.add_segment(main, SegmentKind::Waiting, 0.0, 4000.0);
    timeline.end_lane(main, 4000.0);
    let svg = timeline_svg(
        "Ten thousand tasks",
        &[export_run("gather", &timeline, 4000.0, 4000.0), export_run("gather", &timeline, 4000.0, 4000.0)],
    );
    let root = parse_xml(&svg).unwrap_or_else(|error| panic!("{error}"));
    let height_px = number(root.attr("height"));
    assert!(height_px < 2.0 * 1080.0 + 600.0, "{height_px}");
    assert_eq!(root.with_class("lane").len(), 2 * 3001);
    // Names are still there for each lane, in its title, though only some have a label.
    let labels = root
        .descendants()
        .iter()
        .filter(|element| element.name == "text" && element.parent_class == "lane")
        .count();
    assert!(labels > 10 && labels < 2 * 3001 / 4, "{labels} labels");
    // And the same picture with a handful of lanes is far shorter.
    let (small, total_ms, predicted_ms) = run("tasks", "gather");
    let small_svg = timeline_svg("Small", &[export_run("gather", &small, total_ms, predicted_ms)]);
    let small_root = parse_xml(&small_svg).unwrap_or_else(|error| panic!("{error}"));
    let small_height_px = number(small_root.attr("height"));
    assert!(small_height_px < 600.0, "{small_height_px}");
}

#[test]
fn no_runs_still_give_a_valid_picture_and_table() {
    let svg = timeline_svg("Nothing yet", &[]);
    let root = parse_xml(&svg).unwrap_or_else(|error| panic!("{error}"));
    assert!(root.with_class("run").is_empty());
    assert_eq!(results_markdown("Nothing yet", &[]).lines().count(), 4);
}

fn is_segment(element: &Element) -> bool {
    element.name == "rect" && element.has_class("seg")
}

/// A number read from an attribute or a label; a test fails on anything else.
fn number(text: Option<&str>) -> f64 {
    let text = text.expect("a value");
    text.parse().unwrap_or_else(|_| panic!("{text:?} is not a number"))
}

// A small, strict XML reader: enough to prove the SVG is well-formed and to look inside it.
// It refuses unbalanced or misnamed tags, duplicate attributes, unquoted values, a `<` in a
// value or text, an `&` that starts no known entity, and characters XML does not allow.

#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Node>,
    /// The class of the parent element, to tell a lane's own label from other text.
    parent_class: String,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(given, _)| given == name).map(|(_, value)| value.as_str())
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class").is_some_and(|classes| classes.split(' ').any(|given| given == class))
    }

    fn children(&self) -> Vec<&Element> {
        self.children
            .iter()
            .filter_map(|node| match node {
                Node::Element(element) => Some(element),
                Node::Text(_) => None,
            })
            .collect()
    }

    /// This element and everything under it, in document order.
    fn descendants(&self) -> Vec<&Element> {
        let mut found = vec![self];
        for child in self.children() {
            found.extend(child.descendants());
        }
        found
    }

    fn with_class(&self, class: &str) -> Vec<&Element> {
        self.descendants().into_iter().filter(|element| element.has_class(class)).collect()
    }

    fn element_with_id(&self, id: &str) -> Option<&Element> {
        self.descendants().into_iter().find(|element| element.attr("id") == Some(id))
    }

    /// The text inside, with its elements' text but not their `<title>`s'.
    fn text(&self) -> String {
        let mut text = String::new();
        for node in &self.children {
            match node {
                Node::Text(piece) => text.push_str(piece),
                Node::Element(element) if element.name != "title" || self.name == "svg" => {
                    text.push_str(&element.text())
                }
                Node::Element(_) => {}
            }
        }
        text
    }
}

fn parse_xml(document: &str) -> Result<Element, String> {
    let mut reader = Reader { text: document, at: 0 };
    if reader.rest().starts_with("<?xml") {
        let end = reader.rest().find("?>").ok_or("unclosed declaration")?;
        reader.at += end + 2;
    }
    reader.skip_space();
    let root = reader.element("")?;
    reader.skip_space();
    if reader.at != document.len() {
        return Err(format!("text after the root element at {}", reader.at));
    }
    Ok(root)
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
    }

    fn expect(&mut self, token: &str) -> Result<(), String> {
        if self.rest().starts_with(token) {
            self.at += token.len();
            Ok(())
        } else {
            Err(format!(
                "expected {token:?} at {}: {:?}",
                self.at,
                self.rest().chars().take(40).collect::<String>()
            ))
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let rest = self.rest();
        let length = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '-' | '.')))
            .unwrap_or(rest.len());
        let name = &rest[..length];
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') {
            return Err(format!("bad name at {}", self.at));
        }
        self.at += length;
        Ok(name.to_string())
    }

    fn element(&mut self, parent_class: &str) -> Result<Element, String> {
        self.expect("<")?;
        let name = self.name()?;
        let mut attributes: Vec<(String, String)> = Vec::new();
        loop {
            let before = self.at;
            self.skip_space();
            if self.rest().starts_with("/>") {
                self.at += 2;
                return Ok(Element {
                    name,
                    attributes,
                    children: Vec::new(),
                    parent_class: parent_class.into(),
                });
            }
            if self.rest().starts_with('>') {
                self.at += 1;
                break;
            }
            if self.at == before {
                return Err(format!("no space before an attribute at {}", self.at));
            }
            let key = self.name()?;
            self.skip_space();
            self.expect("=")?;
            self.skip_space();
            let quote =
                self.rest().chars().next().filter(|c| *c == '"' || *c == '\'').ok_or("unquoted value")?;
            self.at += 1;
            let end = self.rest().find(quote).ok_or("unclosed value")?;
            let raw = &self.rest()[..end];
            if raw.contains('<') {
                return Err(format!("'<' in the value of {key}"));
            }
            let value = unescape(raw)?;
            self.at += end + 1;
            if attributes.iter().any(|(given, _)| *given == key) {
                return Err(format!("{key} given twice on <{name}>"));
            }
            attributes.push((key, value));
        }
        let own_class =
            attributes.iter().find(|(key, _)| key == "class").map_or("", |(_, v)| v.as_str()).to_string();
        let mut children = Vec::new();
        loop {
            if self.rest().starts_with("</") {
                self.at += 2;
                let closing = self.name()?;
                if closing != name {
                    return Err(format!("</{closing}> closes <{name}>"));
                }
                self.skip_space();
                self.expect(">")?;
                return Ok(Element { name, attributes, children, parent_class: parent_class.into() });
            }
            if self.rest().starts_with("<!--") {
                let end = self.rest().find("-->").ok_or("unclosed comment")?;
                self.at += end + 3;
            } else if self.rest().starts_with('<') {
                children.push(Node::Element(self.element(&own_class)?));
            } else if self.rest().is_empty() {
                return Err(format!("<{name}> is never closed"));
            } else {
                let end = self.rest().find('<').unwrap_or(self.rest().len());
                let raw = &self.rest()[..end];
                if raw.contains("]]>") {
                    return Err("']]>' in text".into());
                }
                children.push(Node::Text(unescape(raw)?));
                self.at += end;
            }
        }
    }
}

fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find(';').ok_or_else(|| format!("bare '&' in {raw:?}"))? + start;
        let entity = &rest[start + 1..end];
        let decoded = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(decimal) = entity.strip_prefix('#') {
                    decimal.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32).ok_or_else(|| format!("unknown entity &{entity};"))?
            }
        };
        out.push(decoded);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    match out.chars().find(|c| !is_xml_char(*c)) {
        Some(bad) => Err(format!("character {:?} is not allowed in XML", bad)),
        None => Ok(out),
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[test]
fn the_xml_reader_refuses_what_is_not_well_formed() {
    for bad in [
        "<svg>",
        "<svg></g>",
        "<svg a=\"1\" a=\"2\"/>",
        "<svg a=1/>",
        "<svg>a & b</svg>",
        "<svg><script></svg>",
        "<svg a=\"<\"/>",
        "<svg>\u{1}</svg>",
        "<svg/><svg/>",
    ] {
        assert!(parse_xml(bad).is_err(), "{bad}");
    }
    let good = parse_xml("<?xml version=\"1.0\"?>\n<svg a='1'><g>x &amp; &#60;y&#x3e;</g></svg>\n")
        .expect("well-formed");
    assert_eq!(good.text(), "x & <y>");
}

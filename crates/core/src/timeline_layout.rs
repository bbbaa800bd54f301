//! Where a drawn timeline puts its rows and moments, in the picture's units (px on screen once
//! its width is known). The page's SVG and a live run's canvas both draw from it, so the two
//! line up to the pixel.

use crate::timeline::{Segment, SegmentKind};

/// The height of the axis above the rows, in px.
pub const AXIS_HEIGHT: f64 = 22.0;
/// The room right of the plot, in px.
pub const RIGHT_MARGIN: f64 = 12.0;

/// A drawn timeline's geometry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// The time the plot spans, in ms.
    pub span_ms: f64,
    /// A lane's height, in px.
    pub lane_height: f64,
    /// The picture's width, in its units (px once its width on screen is known).
    pub view_width: f64,
    /// The column of lane names (a small margin when names have lines of their own).
    pub label_width: f64,
    /// The height of the line a name takes above its lane; 0 when names have a column.
    pub label_line: f64,
    /// Whether segments and marks carry their tooltips. A live run's do not: it is redrawn
    /// many times a second.
    pub titles: bool,
}

impl Scale {
    /// A row's height: its lane, and its name's line when names go above their lanes.
    pub fn row_height(&self) -> f64 {
        self.label_line + self.lane_height
    }

    /// The top of row `row`.
    pub fn row_y(&self, row: usize) -> f64 {
        AXIS_HEIGHT + self.row_height() * row as f64
    }

    /// The top of the lane in the row whose top is `row_y`.
    pub fn bar_y(&self, row_y: f64) -> f64 {
        row_y + self.label_line
    }

    /// Where `ms` is drawn.
    pub fn x(&self, ms: f64) -> f64 {
        self.label_width + ms.max(0.0) / self.span_ms * self.plot_width()
    }

    /// The plot's width, right of the names.
    pub fn plot_width(&self) -> f64 {
        self.view_width - self.label_width - RIGHT_MARGIN
    }

    /// The time one unit of the picture's width (a px on screen) stands for, in ms.
    pub fn ms_per_unit(&self) -> f64 {
        self.ms_at(self.label_width + 1.0)
    }

    /// The time at `x` in the picture's units; [`Scale::x`] undone.
    pub fn ms_at(&self, x: f64) -> f64 {
        (x - self.label_width) / self.plot_width() * self.span_ms
    }

    /// The bar of `segment` in the lane whose top is `lane_y`, as (x, y, width, height); a
    /// segment still open reaches `open_end_x`.
    pub fn bar(&self, segment: &Segment, lane_y: f64, open_end_x: f64) -> (f64, f64, f64, f64) {
        let x = self.x(segment.start_ms);
        let x_end = segment.end_ms.map_or(open_end_x, |end_ms| self.x(end_ms));
        (x, lane_y + self.lane_height * 0.2, (x_end - x).max(min_width(segment.kind)), self.lane_height * 0.6)
    }
}

/// The least width a bar of `kind` is drawn with, in px. A slice of work too short to see
/// (chess sync's thinking, 10 ms in 10 s) still shows: the thread's own work gets 2 px, drawn
/// over the waits beside it.
pub fn min_width(kind: SegmentKind) -> f64 {
    if on_thread(kind) {
        2.0
    } else {
        1.0
    }
}

/// Whether `kind` is the thread's own work, which is drawn over the waits beside it.
pub fn on_thread(kind: SegmentKind) -> bool {
    matches!(kind, SegmentKind::Running | SegmentKind::Blocked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale() -> Scale {
        Scale {
            span_ms: 1000.0,
            lane_height: 24.0,
            view_width: 612.0,
            label_width: 100.0,
            label_line: 0.0,
            titles: false,
        }
    }

    #[test]
    fn moments_map_onto_the_plot_and_back() {
        let scale = scale();
        assert_eq!(scale.x(0.0), 100.0);
        assert_eq!(scale.x(1000.0), 600.0);
        assert_eq!(scale.ms_at(350.0), 500.0);
        assert_eq!(scale.ms_per_unit(), 2.0);
    }

    #[test]
    fn a_short_slice_of_work_is_drawn_wider_than_a_short_wait() {
        let scale = scale();
        let work = Segment { kind: SegmentKind::Running, start_ms: 10.0, end_ms: Some(10.5) };
        let wait = Segment { kind: SegmentKind::Waiting, start_ms: 10.0, end_ms: Some(10.5) };
        assert_eq!(scale.bar(&work, 22.0, 600.0).2, 2.0);
        assert_eq!(scale.bar(&wait, 22.0, 600.0).2, 1.0);
        let open = Segment { kind: SegmentKind::Waiting, start_ms: 0.0, end_ms: None };
        assert_eq!(scale.bar(&open, 22.0, 300.0), (100.0, 22.0 + 4.8, 200.0, 24.0 * 0.6));
    }
}

//! A distribution plot as inline SVG: the share of scenarios per bin of a figure (objective, minutes
//! late), one outlined series per plan and way of evaluating, with a marker for the published
//! value. Shares rather than counts, so that series of different sizes compare.

use crate::report::escape;
use std::fmt::Write;

/// Bins of every plot.
const BINS: usize = 30;
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 36.0;
const TOP: f64 = 12.0;

/// One series: a label, a colour and its values (one per scenario).
pub struct Series<'a> {
    /// Shown in the legend.
    pub label: String,
    /// CSS colour.
    pub color: &'static str,
    /// The values.
    pub values: &'a [f64],
}

/// Round tick steps: 1, 2 or 5 times a power of ten, about `count` ticks over `span`.
fn nice_step(span: f64, count: f64) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / count;
    let power = 10f64.powf(raw.log10().floor());
    let m = raw / power;
    let m = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * power
}

/// A short number for axis labels: `12k`, `1.5M`, `340`.
pub fn short(x: f64) -> String {
    let a = x.abs();
    if a >= 1e6 {
        format!("{}M", trim(x / 1e6))
    } else if a >= 1e4 {
        format!("{}k", trim(x / 1e3))
    } else {
        trim(x)
    }
}

fn trim(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The plot as an `<svg>` element; `marker` is a labelled vertical line (the published value).
pub fn histogram(
    title: &str,
    unit: &str,
    series: &[Series<'_>],
    marker: Option<(&str, f64)>,
) -> String {
    let all = series.iter().flat_map(|s| s.values.iter().copied());
    let mut lo = all.clone().fold(f64::INFINITY, f64::min);
    let mut hi = all.fold(f64::NEG_INFINITY, f64::max);
    if let Some((_, m)) = marker {
        lo = lo.min(m);
        hi = hi.max(m);
    }
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<figure class="plot"><figcaption>{}</figcaption><svg viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{}">"#,
        escape(title),
        escape(title)
    );
    if !lo.is_finite() {
        out.push_str(r#"<text x="50%" y="50%" text-anchor="middle">no scenario evaluated</text></svg></figure>"#);
        return out;
    }
    if hi <= lo {
        hi = lo + 1.0;
        lo -= 1.0;
    }
    let width = (hi - lo) / BINS as f64;
    let plot_w = WIDTH - LEFT - 8.0;
    let plot_h = HEIGHT - BOTTOM - TOP;
    let x = |v: f64| LEFT + (v - lo) / (hi - lo) * plot_w;
    let shares: Vec<Vec<f64>> = series
        .iter()
        .map(|s| {
            let mut bins = vec![0usize; BINS];
            for &v in s.values {
                let b = (((v - lo) / width) as usize).min(BINS - 1);
                bins[b] += 1;
            }
            let n = s.values.len().max(1) as f64;
            bins.into_iter().map(|c| c as f64 / n).collect()
        })
        .collect();
    let top = shares
        .iter()
        .flatten()
        .copied()
        .fold(0.0, f64::max)
        .max(0.01);
    let y = |share: f64| TOP + plot_h - share / top * plot_h;
    // Axes and ticks.
    let _ = write!(
        out,
        r##"<line x1="{LEFT}" y1="{b}" x2="{r}" y2="{b}" class="ax"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{b}" class="ax"/>"##,
        b = TOP + plot_h,
        r = LEFT + plot_w
    );
    let step = nice_step(hi - lo, 6.0);
    let mut t = (lo / step).ceil() * step;
    while t <= hi + 1e-9 {
        let _ = write!(
            out,
            r#"<line x1="{0:.1}" y1="{1}" x2="{0:.1}" y2="{2}" class="tick"/><text x="{0:.1}" y="{3}" text-anchor="middle">{4}</text>"#,
            x(t),
            TOP + plot_h,
            TOP + plot_h + 4.0,
            TOP + plot_h + 16.0,
            short(t)
        );
        t += step;
    }
    let ystep = nice_step(top * 100.0, 4.0) / 100.0;
    let mut s = ystep;
    while s <= top + 1e-12 {
        let _ = write!(
            out,
            r#"<text x="{}" y="{:.1}" text-anchor="end">{}%</text>"#,
            LEFT - 4.0,
            y(s) + 4.0,
            trim(s * 100.0)
        );
        s += ystep;
    }
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
        LEFT + plot_w / 2.0,
        HEIGHT - 4.0,
        escape(unit)
    );
    // One outlined step series each.
    for (s, shares) in series.iter().zip(&shares) {
        let mut d = format!("M{:.1},{:.1}", x(lo), y(0.0));
        for (b, share) in shares.iter().enumerate() {
            let x0 = x(lo + b as f64 * width);
            let x1 = x(lo + (b + 1) as f64 * width);
            let _ = write!(d, " L{x0:.1},{:.1} L{x1:.1},{:.1}", y(*share), y(*share));
        }
        let _ = write!(d, " L{:.1},{:.1} Z", x(hi), y(0.0));
        let _ = write!(
            out,
            r#"<path d="{d}" fill="{c}" fill-opacity="0.18" stroke="{c}" stroke-width="1.5"><title>{}</title></path>"#,
            escape(&s.label),
            c = s.color
        );
    }
    if let Some((label, m)) = marker {
        let _ = write!(
            out,
            r#"<line x1="{0:.1}" y1="{TOP}" x2="{0:.1}" y2="{1}" class="marker"/><text x="{2:.1}" y="{3}" class="mlabel">{4}</text>"#,
            x(m),
            TOP + plot_h,
            x(m) + 3.0,
            TOP + 10.0,
            escape(label)
        );
    }
    out.push_str("</svg><div class=\"legend\">");
    for s in series {
        let _ = write!(
            out,
            r#"<span><i style="background:{}"></i>{}</span>"#,
            s.color,
            escape(&s.label)
        );
    }
    out.push_str("</div></figure>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_labels_short() {
        assert_eq!(nice_step(100.0, 5.0), 20.0);
        assert_eq!(nice_step(7.0, 6.0), 2.0);
        assert_eq!(short(12_500.0), "12.5k");
        assert_eq!(short(2_000_000.0), "2M");
        assert_eq!(short(340.0), "340");
    }

    #[test]
    fn a_plot_escapes_labels_and_survives_one_value_and_none() {
        let values = [5.0, 5.0];
        let svg = histogram(
            "cost <x>",
            "money",
            &[Series {
                label: "A & B".into(),
                color: "#1f77b4",
                values: &values,
            }],
            Some(("published", 5.0)),
        );
        assert!(svg.contains("A &amp; B") && svg.contains("cost &lt;x&gt;"));
        assert!(svg.contains("<path"));
        let empty = histogram("t", "u", &[], None);
        assert!(empty.contains("no scenario evaluated"));
    }
}

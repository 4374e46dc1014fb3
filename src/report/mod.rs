//! The plan as a planner sees it: one self-contained HTML page (inline SVG, CSS and a little vanilla
//! script; no network, no external assets).
//!
//! The page shows the KPI summary, a Gantt chart with one row per machine grouped by site (operations
//! coloured by order, downtime greyed out, late orders outlined in red, a tooltip on every box), a band
//! under the time axis with each site's energy price per period and, where a site has a power cap,
//! its power draw against the cap, material stock over time per site and material with delivery
//! arrivals marked, and the late and unplanned orders. For a re-plan, a [`DiffView`] adds the change
//! of every KPI, outlines the moved operations and draws their old positions.
//!
//! Large plans stay readable through zoom (buttons, `Ctrl` + mouse wheel) and horizontal scrolling:
//! box labels and finer time ticks appear as soon as there is room for them. See `docs/REPORT.md`.
//!
//! ```
//! use takt::dispatch::{DispatchOptions, dispatch};
//! use takt::model::{InstanceBuilder, Machine, Order, Product, Site, Step, StepOption};
//! use takt::solution::evaluate;
//!
//! let mut b = InstanceBuilder::new("tiny");
//! let site = b.add_site(Site::new("Plant <A>"));
//! let saw = b.add_machine(Machine::new("Saw & Co", site));
//! let step = Step { min_lag: 0, options: vec![StepOption { machine: saw, setup: 5, run_per_unit: 1.0 }] };
//! let p = b.add_product(Product { name: "P".into(), steps: vec![step], bom: vec![] });
//! b.add_order(Order::new("O-1", p, 10));
//! let instance = b.build().unwrap();
//! let plan = dispatch(&instance, &DispatchOptions::default());
//! let html = takt::report::render_html(&instance, &plan, &evaluate(&instance, &plan), None);
//! assert!(html.contains("Saw &amp; Co"));
//! assert_eq!(html.matches("data-op=").count(), 1);
//! ```

mod axis;
mod chart;
mod demand;
mod diff;
mod diff_render;
mod energy;
mod escape;
mod gantt;
mod kpi;
mod layout;
mod material;
mod network;
mod orders;
mod page;
mod power;
mod priority;
mod scale;
#[cfg(test)]
mod tests;
mod transfers;
mod value;

pub use diff::{DiffView, MovedOp};
pub use escape::escape;
pub use material::{MaterialSeries, material_series};
pub use power::{PowerSeries, power_series};

use crate::model::Instance;
use crate::solution::{Kpis, Schedule};
use std::path::{Path, PathBuf};

/// Why the page could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The file could not be written.
    #[error("cannot write the plan page {}: {source}", path.display())]
    Write {
        /// The file that was to be written.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
}

/// The plan page as one HTML document.
///
/// `kpis` are the plan's KPIs (usually [`crate::solution::evaluate`]); `diff` describes a re-plan
/// against the old plan and adds the diff section and the outlines. Operations or machines the
/// instance does not know are skipped, never a panic.
pub fn render_html(
    instance: &Instance,
    schedule: &Schedule,
    kpis: &Kpis,
    diff: Option<&DiffView>,
) -> String {
    page::render(instance, schedule, kpis, diff)
}

/// Renders the plan page (see [`render_html`]) and writes it to `path`.
///
/// # Errors
/// The I/O error when the file cannot be written.
pub fn write_html(
    instance: &Instance,
    schedule: &Schedule,
    kpis: &Kpis,
    diff: Option<&DiffView>,
    path: &Path,
) -> Result<(), ReportError> {
    let html = render_html(instance, schedule, kpis, diff);
    std::fs::write(path, html).map_err(|source| ReportError::Write {
        path: path.to_path_buf(),
        source,
    })
}

//! The plan page of a re-plan: the new plan with the diff drawn on it (moved operations outlined with
//! their old places as ghosts, added and removed operations, `now`, the KPIs before).

use std::path::Path;
use takt::model::OpId;
use takt::replan::{Change, Replan, Replanner};
use takt::report::{DiffView, MovedOp, ReportError, write_html};

/// What the page needs from a re-plan, with every id in the changed instance.
pub fn diff_view(replanner: &Replanner, replan: &Replan) -> DiffView {
    let instance = &replan.instance;
    let mut view = DiffView {
        now: Some(replanner.horizon().now),
        old_kpis: Some(replan.diff.before.clone()),
        events: replanner.events().iter().map(|e| e.describe()).collect(),
        ..DiffView::default()
    };
    // Removed operations have no id in the changed instance: ids past its operations keep the page
    // from naming them after another operation (it shows "operation N" instead).
    let mut unknown = instance.ops().len() as u32;
    for c in &replan.diff.ops {
        match (c.change, c.old, c.new) {
            (Change::Shifted | Change::Resequenced | Change::Reassigned, Some(old), Some(new)) => {
                view.moved.push(MovedOp {
                    op: new.op,
                    old_machine: old.machine,
                    old_start: old.start,
                    old_end: old.end,
                    resequenced: c.change != Change::Shifted,
                })
            }
            (Change::New, _, Some(new)) => view.added.push(new.op),
            (Change::Cancelled | Change::Dropped, Some(mut old), None) => {
                old.op = OpId(unknown);
                unknown += 1;
                view.removed.push(old);
            }
            _ => {}
        }
    }
    view
}

/// Writes the page of `replan` to `path`.
pub fn write_page(replanner: &Replanner, replan: &Replan, path: &Path) -> Result<(), ReportError> {
    let view = diff_view(replanner, replan);
    write_html(
        &replan.instance,
        &replan.schedule,
        &replan.kpis,
        Some(&view),
        path,
    )
}

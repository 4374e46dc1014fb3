//! Downtime windows in the disjunctive model.

use super::super::families::{Ctx, MilpModel, OpTerms};
use good_lp::Expression;

/// **Downtime.** An operation `i` on machine `m` may not overlap a downtime window `[a, b)` of `m`:
/// it ends by `a` or starts at `b` or later. With a binary `z` (1: after the window):
///
/// `S_i + p_im <= a + M (1 - x_im) + M z`,  `S_i >= b - M' (1 - x_im) - M' (1 - z)`,
///
/// `M = L_i + p_im - a`, `M' = b - E_i`. Windows outside the operation's time window need nothing;
/// when only one side fits in the window the matching row holds without `z`; when neither does,
/// `x_im = 0`.
pub(crate) fn downtime(model: &mut MilpModel, ctx: &Ctx, ops: &OpTerms) {
    let instance = ctx.instance;
    for op in instance.op_ids() {
        let est = ctx.horizon.est[op.index()];
        let lct = ctx.horizon.lct[op.index()];
        let latest_start = lct - ctx.scope.min_duration(op);
        for on in &ops.on[op.index()] {
            let d = on.duration;
            let not_here = Expression::from(1.0) - on.chosen.clone();
            for w in &instance.machine(on.machine).downtime {
                if w.end <= est || w.start >= latest_start + d {
                    continue;
                }
                let before_fits = est + d <= w.start;
                let after_fits = w.end < i64::MAX && w.end <= latest_start;
                let start = ops.start[op.index()].clone();
                let m_before = (latest_start + d - w.start).max(0) as f64;
                let m_after = (w.end.saturating_sub(est)).max(0) as f64;
                match (before_fits, after_fits) {
                    (false, false) => model.row(on.chosen.clone().eq(0.0)),
                    (true, false) => model
                        .row((start + d as f64).leq(not_here.clone() * m_before + w.start as f64)),
                    (false, true) => model.row(
                        start.geq(Expression::from(w.end as f64) - not_here.clone() * m_after),
                    ),
                    (true, true) => {
                        let warm = ctx.warm.map(|wf| {
                            wf.machine(op) == on.machine
                                && wf.mode(op) == on.mode
                                && wf.start(op) >= w.end
                        });
                        let z = model.binary(warm);
                        model.row((start.clone() + d as f64).leq(
                            not_here.clone() * m_before
                                + Expression::from(z) * m_before
                                + w.start as f64,
                        ));
                        model.row(start.geq(
                            Expression::from(w.end as f64)
                                - not_here.clone() * m_after
                                - (Expression::from(1.0) - z) * m_after,
                        ));
                    }
                }
            }
        }
    }
}

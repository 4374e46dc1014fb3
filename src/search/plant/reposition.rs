//! Reposition one operation: move a single step to another eligible machine of its plant or another
//! start inside the window its neighbours in the routing leave, keeping everything else in place.
//! Finds the cheapest slot for energy (price-period boundaries), tardiness and stability alike, with
//! the machine mode changes the slot causes and the demand charge priced; the last step never
//! moves past what its order's hard deadline allows.

use super::state::PlantState;
use crate::model::{Minutes, OpId};
use crate::solution::ScheduledOp;

/// Moves `op` to its best slot inside its routing window. Returns false when it stays where it was
/// (also when its order is not planned or the operation is frozen).
pub(crate) fn reposition(state: &mut PlantState<'_>, op: OpId) -> bool {
    let instance = state.instance;
    let operation = instance.op(op);
    let order = operation.order;
    if state.scope.is_frozen(op) || !state.is_planned(order) {
        return false;
    }
    let Some(current) = state.tt.placement(op) else {
        return false;
    };
    let plan = instance.order_plan(order);
    let step = operation.step as usize;
    let ops: Vec<OpId> = plan.op_ids().collect();
    let Some(ready) = state.ready(op) else {
        return false;
    };
    // The next step stays where it is.
    let next_start_limit: Option<Minutes> = ops.get(step + 1).and_then(|&next| {
        state
            .tt
            .placement(next)
            .map(|p| p.start - instance.op(next).min_lag)
    });
    let plant = instance.machine(current.machine).site;
    // The last step may not move past what the order's hard deadline allows at arrival.
    let deadline_end: Option<Minutes> = (step + 1 == ops.len())
        .then(|| instance.order(order).deadline)
        .flatten()
        .map(|deadline| {
            let transit = plan
                .plant(plant)
                .and_then(|p| p.fastest())
                .map_or(0, |r| r.transit);
            deadline - transit
        });
    let w = instance.weights();
    // The demand charge is not an order's cost: it enters as the whole profile's (0 without).
    // Mode changes neither: the slot's change delta on its machine, against the machine without
    // the operation, prices them (0 without priced changes).
    let before_cost =
        state.order_cost(order) + w.makespan * state.makespan() as f64 + state.demand_cost();
    state.remove_order_cost_only(order);
    state.unplace(op);
    let before_cost = before_cost
        + w.energy
            * state
                .tt
                .mode_change_delta(current.machine, current.mode, current.start);
    let mut best: Option<(f64, ScheduledOp)> = None;
    for option in operation
        .options
        .iter()
        .filter(|o| instance.machine(o.machine).site == plant)
    {
        let latest_start = [next_start_limit, deadline_end]
            .into_iter()
            .flatten()
            .min()
            .map(|limit| limit - option.duration);
        let Ok(first) = state
            .tt
            .earliest_start_in(op, option.machine, option.mode, ready)
        else {
            continue;
        };
        let mut starts = vec![first];
        if w.energy > 0.0 {
            for (window, _) in &instance.tariff(plant).periods {
                if window.start > first
                    && latest_start.is_none_or(|l| window.start <= l)
                    && let Ok(s) =
                        state
                            .tt
                            .earliest_start_in(op, option.machine, option.mode, window.start)
                {
                    starts.push(s);
                }
            }
        }
        if state.has_demand() {
            starts.extend(load_drops(state, plant, first, latest_start));
        }
        if let Some(b) = state
            .scope
            .stability
            .as_ref()
            .and_then(|s| s.baseline_of(op))
            && b.machine == option.machine
            && b.mode == option.mode
            && b.start >= ready
            && state.tt.earliest_start_in(op, b.machine, b.mode, b.start) == Ok(b.start)
        {
            starts.push(b.start);
        }
        for start in starts {
            if latest_start.is_some_and(|l| start > l) {
                continue;
            }
            let changes = state
                .tt
                .mode_change_delta(option.machine, option.mode, start);
            let Some(p) = state.place_in(op, option.machine, option.mode, start) else {
                continue;
            };
            let completion = ops
                .iter()
                .filter_map(|&x| state.tt.placement(x))
                .map(|x| x.end)
                .max()
                .unwrap_or(p.end);
            // Lane windows can make the arrival later than the transit bound above says.
            if deadline_end.is_some()
                && !instance.lane_timing().is_empty()
                && instance
                    .order(order)
                    .deadline
                    .zip(instance.shipping(order, plant, completion))
                    .is_some_and(|(deadline, (_, _, arrive))| arrive > deadline)
            {
                state.unplace(op);
                continue;
            }
            let cost = state.placed_order_cost(order)
                + w.makespan * state.makespan().max(completion) as f64
                + state.demand_cost()
                + w.energy * changes;
            state.unplace(op);
            if best.as_ref().is_none_or(|(c, b)| {
                cost < *c - 1e-9
                    || (cost <= *c + 1e-9
                        && (p.start, p.machine, p.mode) < (b.start, b.machine, b.mode))
            }) {
                best = Some((cost, p));
            }
        }
    }
    let target = match best {
        Some((cost, p)) if cost < before_cost - 1e-9 => p,
        _ => current,
    };
    let placed = state.place_in(op, target.machine, target.mode, target.start);
    debug_assert!(
        placed.is_some(),
        "the operation's own slot must be free again"
    );
    state.restore_order_cost(order);
    target != current
}

/// Most starts after a load drop tried per machine when the site has a demand charge.
const LOAD_DROPS: usize = 16;

/// Ends of other operations at `plant` after `first` (and no later than `latest`): where the
/// site's load drops, so a start there may lower a peak that a demand charge bills. The earliest
/// [`LOAD_DROPS`].
fn load_drops(
    state: &PlantState<'_>,
    plant: crate::model::SiteId,
    first: Minutes,
    latest: Option<Minutes>,
) -> Vec<Minutes> {
    let instance = state.instance;
    let mut ends: Vec<Minutes> = instance
        .machines_at(plant)
        .iter()
        .flat_map(|&m| state.ops_on(m, first.saturating_sub(MAX_LOOKBACK), Minutes::MAX))
        .filter_map(|op| state.tt.placement(op))
        .map(|p| p.end)
        .filter(|&e| e > first && latest.is_none_or(|l| e <= l))
        .collect();
    ends.sort_unstable();
    ends.dedup();
    ends.truncate(LOAD_DROPS);
    ends
}

/// How far before `first` an operation running across it may have started (minutes).
const MAX_LOOKBACK: Minutes = 7 * 24 * 60;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Instance, MachineId, ModeId};
    use crate::search::plant::Scope;
    use crate::solution::Schedule;

    /// One machine of 10 kW with an eco mode (0.8 speed, 5 kW) costing `change_cost` to switch
    /// into; one 60-minute order due at 1000; energy at 4 per kWh: nominal costs 40, eco 25 plus
    /// the change (the machine starts nominal).
    fn instance(change_cost: f64) -> Instance {
        let modes =
            format!("machine,mode,speed_factor,power_kw,change_cost\nM1,eco,0.8,5,{change_cost}\n");
        crate::io::read_instance_files(
            "reposition",
            &[
                ("machines.csv", "id,power_kw\nM1,10\n"),
                ("routings.csv", "product,step,machine,setup\nP,1,M1,60\n"),
                ("modes.csv", modes.as_str()),
                ("energy_prices.csv", "site,start,price_per_kwh\nplant,0,4\n"),
                ("orders.csv", "id,product,quantity,due\nO1,P,1,1000\n"),
            ],
        )
        .unwrap()
    }

    /// The state of a plan with the one operation at `[0, end)` in `mode`, and its cost.
    fn moved(change_cost: f64, mode: u16, end: Minutes) -> (bool, ScheduledOp, f64) {
        let instance = instance(change_cost);
        let scope = Scope::free(&instance);
        let placed = ScheduledOp {
            op: OpId(0),
            machine: MachineId(0),
            start: 0,
            end,
            mode: ModeId(mode),
        };
        let plan = Schedule {
            ops: vec![placed],
            ..Schedule::default()
        };
        let mut state = PlantState::new(&instance, &scope, &plan).unwrap();
        let did = reposition(&mut state, OpId(0));
        let schedule = state.to_schedule();
        let report = crate::validate::validate(&instance, &schedule);
        assert!(report.is_complete(), "{report}");
        let cost = crate::solution::evaluate(&instance, &schedule).objective;
        assert!((state.quality().cost - cost).abs() < 1e-9);
        (did, state.tt.placement(OpId(0)).unwrap(), cost)
    }

    #[test]
    fn a_mode_move_prices_the_change_into_the_mode() {
        // Eco costs 25 + 100 against nominal's 40: a lone eco operation goes back to nominal, a
        // nominal one stays.
        let (did, p, cost) = moved(100.0, 1, 75);
        assert!(did);
        assert_eq!((p.mode, cost), (ModeId::NOMINAL, 40.0));
        let (did, p, cost) = moved(100.0, 0, 60);
        assert!(!did);
        assert_eq!((p.mode, cost), (ModeId::NOMINAL, 40.0));
        // At a change cost of 10 eco (35) pays.
        let (did, p, cost) = moved(10.0, 0, 60);
        assert!(did);
        assert_eq!((p.mode, cost), (ModeId(1), 35.0));
    }
}

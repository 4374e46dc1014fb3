//! The dispatching solver (`--solver greedy`): fast construction heuristics that always return a
//! feasible plan.
//!
//! Two families of rules run on the shared [`crate::timetable::Timetable`] (machine calendars with
//! downtime, power caps, material ledgers):
//! - **order insertion**: orders sequenced by a rule (hard deadlines first, then slack, due date or
//!   apparent tardiness cost), each placed whole at the plant where it adds the least weighted cost
//!   (tardiness at arrival, transport, energy, makespan growth), step by step on the machine where
//!   it finishes first;
//! - **list scheduling**: a machine-event simulation in which each machine, when it could take new
//!   work, places the most urgent ready operation (most work or operations remaining, or least
//!   slack) on the machine where it completes first; much better on makespan-driven job shops.
//!
//! [`dispatch`] runs a handful of rules (each near-linear in the number of operations) and keeps the
//! plan that leaves the fewest orders unplanned, then has the lowest objective. Orders that cannot be
//! placed (material that never suffices, a hard deadline no placement meets) are listed as unplanned
//! with a reason that names the material, site and quantities or the deadline and the earliest
//! arrival found, and says whether it is provably impossible. Under the `contribution` objective
//! form, an optional or deferrable order that costs more where it would go than dropping or
//! deferring it is left out as it is planned, before later orders ([`DispatchOptions::leave_out`]).

pub(crate) mod cheapest;
mod decide;
mod energy;
mod insertion;
mod machine_events;
mod planner;
mod priority;
mod progress;
mod slot;
mod unplanned;
pub(crate) mod worth;

pub use worth::{leave_out_unprofitable, leave_out_unprofitable_from};

use crate::model::{Instance, OrderId};
use crate::solution::{Kpis, Schedule, evaluate};
use planner::Planner;
use priority::{Facts, OpRule, OrderRule};
use std::fmt;

/// A dispatching rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// Order insertion, least slack (due minus transit minus work) first.
    InsertBySlack,
    /// Order insertion, earliest due date first.
    InsertByDueDate,
    /// Order insertion, highest static apparent tardiness cost first.
    InsertByAtc,
    /// List scheduling, most work remaining (this operation included) first.
    ListMostWorkRemaining,
    /// List scheduling, most work remaining after this operation first.
    ListMostWorkAfter,
    /// List scheduling, most operations remaining first.
    ListMostOperationsRemaining,
    /// List scheduling, least slack first (orders without due date by work remaining).
    ListMinSlack,
}

impl Rule {
    /// Every rule, in the order [`dispatch`] tries them (ties go to the earlier one).
    pub const ALL: [Rule; 7] = [
        Rule::ListMostWorkRemaining,
        Rule::ListMostWorkAfter,
        Rule::ListMostOperationsRemaining,
        Rule::ListMinSlack,
        Rule::InsertBySlack,
        Rule::InsertByDueDate,
        Rule::InsertByAtc,
    ];

    /// A short name for logs and reports.
    pub fn name(self) -> &'static str {
        match self {
            Rule::InsertBySlack => "insert-slack",
            Rule::InsertByDueDate => "insert-due-date",
            Rule::InsertByAtc => "insert-atc",
            Rule::ListMostWorkRemaining => "list-mwkr",
            Rule::ListMostWorkAfter => "list-work-after",
            Rule::ListMostOperationsRemaining => "list-mopnr",
            Rule::ListMinSlack => "list-min-slack",
        }
    }

    /// The rules [`dispatch`] tries when none are configured: every rule that can make a difference
    /// (rules ranking by due dates coincide with others when no order has one); on instances with
    /// more than [`LARGE_INSTANCE_OPS`] operations a shortlist of three, to stay within seconds.
    pub fn automatic(instance: &Instance) -> Vec<Rule> {
        let has_due_dates = instance.orders().iter().any(|o| o.due.is_some());
        let large = instance.ops().len() > LARGE_INSTANCE_OPS;
        match (large, has_due_dates) {
            (false, true) => Rule::ALL.to_vec(),
            (false, false) => Rule::ALL
                .into_iter()
                .filter(|r| !r.uses_due_dates())
                .collect(),
            (true, true) => vec![Rule::ListMinSlack, Rule::InsertBySlack, Rule::InsertByAtc],
            (true, false) => vec![
                Rule::ListMostWorkRemaining,
                Rule::ListMostWorkAfter,
                Rule::InsertBySlack,
            ],
        }
    }

    /// True when the rule ranks by due dates, so that it equals another rule on an instance
    /// without any.
    fn uses_due_dates(self) -> bool {
        matches!(
            self,
            Rule::InsertByDueDate | Rule::InsertByAtc | Rule::ListMinSlack
        )
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Above this many operations [`Rule::automatic`] runs a shortlist of rules.
pub const LARGE_INSTANCE_OPS: usize = 20_000;

/// Settings of the dispatching solver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DispatchOptions {
    /// Rules to try; the best plan wins. Empty means [`Rule::automatic`].
    pub rules: Vec<Rule>,
    /// When the instance has energy costs, let order insertion move steps of orders with slack into
    /// cheaper price periods (kept only when the order's total cost drops).
    pub energy_shift: bool,
    /// Under the `contribution` objective form, leave out an optional or deferrable order while
    /// planning when dropping or deferring it is cheaper than making it where it would go, so that
    /// later orders can use its time (the decision and reason of [`leave_out_unprofitable`]).
    /// `false` plans every order it can (a MILP warm start needs every order made).
    pub leave_out: bool,
}

impl Default for DispatchOptions {
    /// The automatic choice of rules, with energy shifting, leaving out work that does not pay.
    fn default() -> Self {
        Self {
            rules: Vec::new(),
            energy_shift: true,
            leave_out: true,
        }
    }
}

impl DispatchOptions {
    /// The default options, but planning every order it can (none left out by choice).
    pub fn every_order() -> Self {
        Self {
            leave_out: false,
            ..Self::default()
        }
    }
}

/// The plan [`dispatch_best`] kept, the rule that made it, and its KPIs.
#[derive(Clone, Debug)]
pub struct DispatchResult {
    /// The plan (shipments attached, normalized).
    pub schedule: Schedule,
    /// The rule that produced it.
    pub rule: Rule,
    /// Its KPIs.
    pub kpis: Kpis,
}

/// The best plan over the configured rules: fewest orders that could not be planned (orders left
/// out by choice do not count), then lowest objective, then the earlier rule. Deterministic: the same instance and options give the same plan.
pub fn dispatch(instance: &Instance, options: &DispatchOptions) -> Schedule {
    dispatch_best(instance, options).schedule
}

/// Like [`dispatch`], also telling which rule won and the plan's KPIs.
pub fn dispatch_best(instance: &Instance, options: &DispatchOptions) -> DispatchResult {
    let facts = Facts::new(instance);
    let mut rules: Vec<Rule> = Vec::new();
    let wanted = if options.rules.is_empty() {
        Rule::automatic(instance)
    } else {
        options.rules.clone()
    };
    for rule in wanted {
        if !rules.contains(&rule) {
            rules.push(rule);
        }
    }
    let mut best: Option<DispatchResult> = None;
    // Pulling material for one order can starve another at the site it comes from: each rule
    // also plans without transfers, and the better plan wins.
    for (rule, transfers) in rules
        .into_iter()
        .flat_map(|r| transfer_variants(instance).iter().map(move |&t| (r, t)))
    {
        let schedule = run_rule_with(instance, &facts, rule, options, transfers);
        let kpis = evaluate(instance, &schedule);
        let better = best.as_ref().is_none_or(|b| {
            unplannable(&schedule)
                .cmp(&unplannable(&b.schedule))
                .then(kpis.objective.total_cmp(&b.kpis.objective))
                .is_lt()
        });
        if better {
            best = Some(DispatchResult {
                schedule,
                rule,
                kpis,
            });
        }
    }
    if let Some(b) = best.as_mut() {
        retry_starved_orders(instance, &facts, options, b);
    }
    // The same plant without planned transfers, dispatched exactly as there: planning transfers
    // never leaves more orders out (nor costs more) than not planning them.
    if instance.has_supply_routes() {
        let mut plain = instance.to_builder();
        plain.plan_transfers = false;
        if let Ok(plain) = plain.build() {
            let without = dispatch_best(&plain, options);
            let kpis = evaluate(instance, &without.schedule);
            let better = best.as_ref().is_none_or(|b| {
                unplannable(&without.schedule)
                    .cmp(&unplannable(&b.schedule))
                    .then(kpis.objective.total_cmp(&b.kpis.objective))
                    .is_lt()
            });
            if better {
                best = Some(DispatchResult { kpis, ..without });
            }
        }
    }
    best.unwrap_or_else(|| {
        let no_shift = DispatchOptions {
            energy_shift: false,
            ..options.clone()
        };
        let schedule = run_rule(instance, &facts, Rule::ListMostWorkRemaining, &no_shift);
        let kpis = evaluate(instance, &schedule);
        DispatchResult {
            schedule,
            rule: Rule::ListMostWorkRemaining,
            kpis,
        }
    })
}

/// Whether to plan with transfers, and also without them where any could be pulled.
fn transfer_variants(instance: &Instance) -> &'static [bool] {
    if instance.has_supply_routes() {
        &[true, false]
    } else {
        &[true]
    }
}

/// Orders the plan could not make (not those it left out by choice).
fn unplannable(schedule: &Schedule) -> usize {
    schedule.unplanned.iter().filter(|u| !u.is_choice()).count()
}

/// Rounds of [`retry_starved_orders`].
const RETRY_ROUNDS: usize = 4;

/// When the best plan leaves orders unplanned, an earlier order may have taken the material or
/// capacity they needed (a heuristic failure, not an infeasibility). Plans again by insertion with
/// the starved orders first, accumulating them over a few rounds, and keeps a plan that leaves
/// fewer orders unplanned (then: lower objective).
fn retry_starved_orders(
    instance: &Instance,
    facts: &Facts,
    options: &DispatchOptions,
    best: &mut DispatchResult,
) {
    let mut first: Vec<OrderId> = Vec::new();
    for _ in 0..RETRY_ROUNDS {
        if unplannable(&best.schedule) == 0 {
            return;
        }
        let before = first.len();
        for u in best.schedule.unplanned.iter().filter(|u| !u.is_choice()) {
            if !first.contains(&u.order) {
                first.push(u.order);
            }
        }
        if first.len() == before {
            return;
        }
        // With and without transfers, as the rules: pulling can starve the origin's own orders.
        for &transfers in transfer_variants(instance) {
            let mut planner =
                Planner::new(instance, facts, options.energy_shift, options.leave_out);
            planner.tt.allow_transfers(transfers);
            insertion::insert_orders_first(&mut planner, &first, OrderRule::Slack);
            let schedule = planner.finish();
            let kpis = evaluate(instance, &schedule);
            let better = unplannable(&schedule)
                .cmp(&unplannable(&best.schedule))
                .then(kpis.objective.total_cmp(&best.kpis.objective))
                .is_lt();
            if better {
                *best = DispatchResult {
                    schedule,
                    rule: Rule::InsertBySlack,
                    kpis,
                };
            }
        }
    }
}

/// The plan one rule builds (leaving out work that does not pay, as [`DispatchOptions::default`]).
pub fn dispatch_with_rule(instance: &Instance, rule: Rule, energy_shift: bool) -> Schedule {
    let options = DispatchOptions {
        energy_shift,
        ..DispatchOptions::default()
    };
    run_rule(instance, &Facts::new(instance), rule, &options)
}

fn run_rule(instance: &Instance, facts: &Facts, rule: Rule, options: &DispatchOptions) -> Schedule {
    run_rule_with(instance, facts, rule, options, true)
}

/// [`run_rule`], with `transfers` false planning no transfer of material.
fn run_rule_with(
    instance: &Instance,
    facts: &Facts,
    rule: Rule,
    options: &DispatchOptions,
    transfers: bool,
) -> Schedule {
    let mut planner = Planner::new(instance, facts, options.energy_shift, options.leave_out);
    planner.tt.allow_transfers(transfers);
    match rule {
        Rule::InsertBySlack => insertion::insert_orders(&mut planner, OrderRule::Slack),
        Rule::InsertByDueDate => insertion::insert_orders(&mut planner, OrderRule::DueDate),
        Rule::InsertByAtc => insertion::insert_orders(&mut planner, OrderRule::Atc),
        Rule::ListMostWorkRemaining => list(&mut planner, OpRule::MostWorkRemaining),
        Rule::ListMostWorkAfter => list(&mut planner, OpRule::MostWorkAfter),
        Rule::ListMostOperationsRemaining => list(&mut planner, OpRule::MostOperationsRemaining),
        Rule::ListMinSlack => list(&mut planner, OpRule::MinSlack),
    }
    planner.finish()
}

/// Ready operations a machine compares per decision in list scheduling.
const LOOKAHEAD: usize = 3;

fn list(planner: &mut Planner<'_>, rule: OpRule) {
    machine_events::schedule(planner, rule, LOOKAHEAD);
}

//! Explanations for infeasible instances: which orders, materials or deadlines are involved.
//!
//! Orders that no plant can make are named by the scope with the reason per plant. When HiGHS
//! proves the detailed model infeasible, the same model is solved again with every hard deadline
//! and every material level given a penalised slack variable; the slacks that stay positive in the
//! least-violation plan name the conflicting deadlines and materials.

use super::detailed::{Clock, Detail, build};
use super::families::Ctx;
use super::horizon::Horizon;
use super::model::{Slack, Values};
use super::options::RunOptions;
use super::power::SitePower;
use super::runner::{self, RunOutcome, RunSettings};
use super::scope::{Impossible, Scope};
use crate::model::Instance;

/// One line per reason, for orders no plant can make.
pub(crate) fn impossible(list: &[Impossible]) -> Vec<String> {
    list.iter()
        .flat_map(|i| i.reasons.iter().cloned())
        .collect()
}

/// Names what makes the instance infeasible by solving the relaxed model.
pub(crate) fn explain(
    instance: &Instance,
    scope: &Scope,
    power: &[SitePower],
    detail: Detail,
    options: &RunOptions,
    clock: Clock,
) -> Vec<String> {
    let horizon = Horizon::serial_without_deadlines(instance, scope, detail.energy());
    let ctx = Ctx {
        instance,
        scope,
        horizon: &horizon,
        warm: None,
        relax: true,
    };
    let formulated = build(&ctx, power, detail);
    let mut built = formulated.model.into_problem();
    let columns = std::mem::take(&mut built.columns);
    let slacks = std::mem::take(&mut built.slacks);
    let settings = RunSettings {
        time_limit: clock.remaining(),
        mip_gap: 0.0,
        threads: options.threads,
        seed: options.seed,
        presolve: detail == Detail::Disjunctive,
    };
    let generic = "HiGHS proved that no plan meets every rule; ".to_string();
    match runner::run(built, settings) {
        RunOutcome::Solved(inc) | RunOutcome::Stopped(inc) => {
            let values = Values::new(&columns, &inc.values);
            let lines: Vec<String> = slacks
                .iter()
                .filter_map(|(what, var)| {
                    let v = values.eval(&(*var).into());
                    (v > 1e-6).then(|| describe(instance, *what, v))
                })
                .collect();
            if lines.is_empty() {
                vec![
                    generic
                        + "even without deadlines and material limits the machines' downtime \
                           and power caps leave no room for every order",
                ]
            } else {
                lines
            }
        }
        RunOutcome::Infeasible => vec![
            generic
                + "even without hard deadlines and material limits no plan exists: check the \
                   machines' downtime and the sites' power caps",
        ],
        _ => vec![generic + "no explanation was found within the time limit"],
    }
}

fn describe(instance: &Instance, what: Slack, amount: f64) -> String {
    match what {
        Slack::Deadline(order) => {
            let o = instance.order(order);
            format!(
                "order '{}' cannot meet its hard deadline (minute {}) together with the other \
                 orders: the least-violation plan still arrives {:.0} minutes late",
                o.name,
                o.deadline.unwrap_or_default(),
                amount
            )
        }
        Slack::Material {
            site,
            material,
            before,
        } => {
            let when = match before {
                Some(eta) => format!("before the delivery at minute {eta}"),
                None => "in total".to_string(),
            };
            format!(
                "material '{}' at '{}' is short by {:.3} {when} for the orders that must start \
                 there",
                instance.materials()[material.index()].name,
                instance.site(site).name,
                amount
            )
        }
    }
}

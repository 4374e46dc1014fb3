//! Constraint families every detailed formulation shares. A formulation states when and where each
//! operation runs as linear expressions ([`OpTerms`]: start `S_i` and machine indicators `x_im`);
//! the families here add plant choice, shipping routes, completion, tardiness, deadlines, makespan
//! and material availability on top of them, and assemble the objective.
//!
//! Notation: `i, j` operations, `m` machines, `o` orders, `p` plants; `p_im` the duration of `i` on
//! `m`; `C_o` the completion of order `o` (end of its last operation).

pub(crate) mod choice;
pub(crate) mod material;
pub(crate) mod orders;
pub(crate) mod plants;
pub(crate) mod shipping;

use super::horizon::Horizon;
use super::scope::Scope;
use super::warm::WarmFacts;
use crate::model::{Instance, MachineId, Minutes, OpId};
use good_lp::Expression;

/// What a formulation builds on.
pub(crate) struct Ctx<'a> {
    /// The instance.
    pub instance: &'a Instance,
    /// Allowed plants, machines and routes.
    pub scope: &'a Scope,
    /// Time windows.
    pub horizon: &'a Horizon,
    /// The warm-start plan, when there is one.
    pub warm: Option<&'a WarmFacts>,
    /// Relaxed model for explaining infeasibility: hard deadlines and material rows get penalised
    /// slack variables instead of holding strictly.
    pub relax: bool,
}

/// One allowed machine of an operation and the expression that is 1 when the operation runs there.
pub(crate) struct OnMachine {
    /// The machine.
    pub machine: MachineId,
    /// Duration on it.
    pub duration: Minutes,
    /// The machine mode (`modes.csv`): each mode of a machine is its own alternative.
    pub mode: crate::model::ModeId,
    /// 1 when the operation runs on this machine, else 0 (a constant 1 when it is the only one).
    pub chosen: Expression,
}

/// When and where every operation runs, as linear expressions.
pub(crate) struct OpTerms {
    /// Start `S_i` per operation.
    pub start: Vec<Expression>,
    /// Machine indicators `x_im` per operation.
    pub on: Vec<Vec<OnMachine>>,
}

impl OpTerms {
    /// Duration `P_i = sum_m p_im x_im`.
    pub fn duration(&self, op: OpId) -> Expression {
        let mut e = Expression::default();
        for on in &self.on[op.index()] {
            e.add_mul(on.duration as f64, on.chosen.clone());
        }
        e
    }

    /// End `S_i + P_i`.
    pub fn end(&self, op: OpId) -> Expression {
        self.start[op.index()].clone() + self.duration(op)
    }
}

/// Per order: the plants it may be made at, each with its indicator `u_op`.
pub(crate) type PlantTerms = Vec<Vec<(crate::model::SiteId, Expression)>>;

/// A constant expression.
pub(crate) fn constant(value: f64) -> Expression {
    Expression::from(value)
}

pub(crate) use super::model::{Kind, MilpModel, Slack};

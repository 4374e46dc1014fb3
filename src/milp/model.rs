//! A MILP under construction: good_lp variables with their kinds and warm-start values, constraint
//! rows, the objective, and the counts the size guard reports.

use crate::model::{MaterialId, Minutes, OrderId, SiteId};
use good_lp::solvers::highs::HighsProblem;
use good_lp::{
    Constraint, Expression, IntoAffineExpression, ProblemVariables, Solution, SolutionStatus,
    SolverModel, Variable, highs, variable,
};
use std::collections::HashMap;

/// What values a variable takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// 0 or 1.
    Binary,
    /// Whole numbers within the bounds.
    Integer,
    /// Any value within the bounds.
    Continuous,
}

/// Size of a model or of an estimate of one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// All variables.
    pub variables: usize,
    /// Binary and integer variables.
    pub integers: usize,
    /// Constraint rows.
    pub rows: usize,
    /// Non-zero coefficients in the rows.
    pub nonzeros: usize,
}

/// A penalised slack variable of a relaxed model: what it relaxes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Slack {
    /// Minutes an order arrives after its hard deadline.
    Deadline(OrderId),
    /// Quantity of a material missing at a site before a delivery (`None`: ever).
    Material {
        /// The site.
        site: SiteId,
        /// The material.
        material: MaterialId,
        /// The shortage is counted before this delivery time.
        before: Option<Minutes>,
    },
}

/// Variables, rows, objective and (optionally) a complete warm start.
pub(crate) struct MilpModel {
    vars: ProblemVariables,
    created: Vec<Variable>,
    kinds: Vec<Kind>,
    bounds: Vec<(f64, f64)>,
    warm: Vec<f64>,
    wants_warm: bool,
    rows: Vec<Constraint>,
    objective: Expression,
    counts: Counts,
    slacks: Vec<(Slack, Variable)>,
}

impl MilpModel {
    /// An empty model; with `warm` every variable must be given a warm-start value.
    pub fn new(warm: bool) -> Self {
        Self {
            vars: ProblemVariables::new(),
            created: Vec::new(),
            kinds: Vec::new(),
            bounds: Vec::new(),
            warm: Vec::new(),
            wants_warm: warm,
            rows: Vec::new(),
            objective: Expression::default(),
            counts: Counts::default(),
            slacks: Vec::new(),
        }
    }

    /// A new variable in `[lo, hi]` with its warm-start value (ignored without a warm start).
    pub fn var(&mut self, kind: Kind, lo: f64, hi: f64, warm: Option<f64>) -> Variable {
        let def = match kind {
            Kind::Binary => variable().binary(),
            Kind::Integer => variable().integer().min(lo).max(hi),
            Kind::Continuous => variable().min(lo).max(hi),
        };
        let v = self.vars.add(def);
        self.created.push(v);
        self.kinds.push(kind);
        self.bounds.push(match kind {
            Kind::Binary => (0.0, 1.0),
            _ => (lo, hi),
        });
        self.warm.push(warm.unwrap_or(f64::NAN));
        self.counts.variables += 1;
        if kind != Kind::Continuous {
            self.counts.integers += 1;
        }
        v
    }

    /// A new binary variable with its warm-start value.
    pub fn binary(&mut self, warm: Option<bool>) -> Variable {
        self.var(Kind::Binary, 0.0, 1.0, warm.map(f64::from))
    }

    /// A non-negative slack variable, penalised by 1 per unit in the objective and recorded.
    pub fn slack(&mut self, what: Slack) -> Variable {
        let v = self.var(Kind::Continuous, 0.0, f64::INFINITY, Some(0.0));
        self.cost(1.0, v);
        self.slacks.push((what, v));
        v
    }

    /// Adds a constraint row. A row without variables that holds anyway is dropped; one that cannot
    /// hold is kept, so that HiGHS reports the model infeasible.
    pub fn row(&mut self, constraint: Constraint) {
        let nonzeros = constraint
            .expression()
            .linear_coefficients()
            .filter(|(_, c)| *c != 0.0)
            .count();
        if nonzeros == 0 {
            let c = constraint.expression().constant();
            let holds = if constraint.is_equality() {
                c.abs() <= 1e-9
            } else {
                c <= 1e-9
            };
            if holds {
                return;
            }
        }
        self.counts.rows += 1;
        self.counts.nonzeros += nonzeros;
        self.rows.push(constraint);
    }

    /// Adds `coefficient x expression` to the (minimised) objective.
    pub fn cost(&mut self, coefficient: f64, expression: impl IntoAffineExpression) {
        if coefficient != 0.0 {
            self.objective.add_mul(coefficient, expression);
        }
    }

    /// The model's size so far.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// True when every objective coefficient is a whole number on a binary or integer variable, so
    /// that every plan's objective is a whole number and a fractional bound may be rounded up.
    pub fn objective_is_integral(&self) -> bool {
        let kind_of: HashMap<Variable, Kind> = self
            .created
            .iter()
            .copied()
            .zip(self.kinds.iter().copied())
            .collect();
        let constant = self.objective.constant();
        (constant - constant.round()).abs() < 1e-9
            && (&self.objective)
                .linear_coefficients()
                .into_iter()
                .all(|(v, c)| {
                    (c - c.round()).abs() < 1e-9
                        && kind_of.get(&v).is_some_and(|k| *k != Kind::Continuous)
                })
    }

    /// Rows and variable bounds the warm start violates (empty for a correct warm start). Debug
    /// builds check every warm start with it.
    pub fn warm_violations(&self) -> Vec<String> {
        if !self.wants_warm || self.warm.iter().any(|v| !v.is_finite()) {
            return Vec::new();
        }
        let values = Values::new(&self.created, &self.warm);
        let mut out = Vec::new();
        for (k, row) in self.rows.iter().enumerate() {
            let lhs = values.eval(row.expression());
            let holds = if row.is_equality() {
                lhs.abs() <= 1e-6
            } else {
                lhs <= 1e-6
            };
            if !holds {
                out.push(format!("row {k} is off by {lhs}"));
            }
        }
        for ((v, kind), (lo, hi)) in self.warm.iter().zip(&self.kinds).zip(&self.bounds) {
            if *kind != Kind::Continuous && (v - v.round()).abs() > 1e-9 {
                out.push(format!("integer variable with warm value {v}"));
            }
            if *v < lo - 1e-9 || *v > hi + 1e-9 {
                out.push(format!("warm value {v} outside [{lo}, {hi}]"));
            }
        }
        out
    }

    /// The HiGHS problem, the warm start as one value per column (when complete), and a way to read
    /// values back.
    pub fn into_problem(self) -> Built {
        debug_assert!(
            self.warm_violations().is_empty(),
            "the warm start violates the model: {:?}",
            self.warm_violations()
        );
        let warm = if self.wants_warm && self.warm.iter().all(|v| v.is_finite()) {
            Some(self.warm)
        } else {
            None
        };
        let warm_incomplete = self.wants_warm && warm.is_none();
        let integers = self.counts.integers;
        let offset = self.objective.constant();
        let mut problem = self.vars.minimise(self.objective).using(highs);
        for row in self.rows {
            problem.add_constraint(row);
        }
        Built {
            problem,
            warm,
            warm_incomplete,
            columns: self.created,
            integers,
            slacks: self.slacks,
            offset,
        }
    }
}

/// A model ready for HiGHS.
pub(crate) struct Built {
    /// The HiGHS problem (columns in variable creation order).
    pub problem: HighsProblem,
    /// One warm-start value per column, when the model had a complete warm start.
    pub warm: Option<Vec<f64>>,
    /// True when a warm start was wanted but some variable got no value (a bug worth a note).
    pub warm_incomplete: bool,
    /// The variables in column order.
    pub columns: Vec<Variable>,
    /// Binary and integer columns.
    pub integers: usize,
    /// The slack variables of a relaxed model.
    pub slacks: Vec<(Slack, Variable)>,
    /// The objective's constant term, which HiGHS does not see (add it to HiGHS's values).
    pub offset: f64,
}

/// Variable values read back from HiGHS; reads 0 for an unknown variable.
pub(crate) struct Values(HashMap<Variable, f64>);

impl Values {
    /// Values of `columns` from one value per column.
    pub fn new(columns: &[Variable], values: &[f64]) -> Self {
        Self(
            columns
                .iter()
                .copied()
                .zip(values.iter().copied())
                .collect(),
        )
    }

    /// The value of an expression.
    pub fn eval(&self, expression: &Expression) -> f64 {
        expression.eval_with(self)
    }
}

impl Solution for Values {
    fn status(&self) -> SolutionStatus {
        SolutionStatus::Optimal
    }

    fn value(&self, variable: Variable) -> f64 {
        self.0.get(&variable).copied().unwrap_or(0.0)
    }
}

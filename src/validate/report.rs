//! What the checker finds: violations with stable codes, collected in a [`Report`].

use crate::model::{MachineId, Minutes, OpId, OrderId};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use strum::{EnumIter, EnumString, IntoStaticStr};

/// The rule a plan breaks. Each code is stable: tools and tests may match on [`ViolationCode::as_str`].
///
/// The variants are declared family by family (assignment, routing, machines, material, power,
/// deadlines, shipments); reports list violations in this order.
#[non_exhaustive]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    IntoStaticStr,
    EnumString,
    EnumIter,
    strum::Display,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum ViolationCode {
    /// An operation or shipment time lies beyond the 10^10 minutes plans are read back in (the
    /// other rules are then not judged).
    TimeOutOfRange,
    /// A scheduled operation id does not exist in the instance.
    UnknownOperation,
    /// An order id listed as unplanned does not exist in the instance.
    UnknownOrder,
    /// An operation is scheduled more than once.
    DuplicateOperation,
    /// An operation of a planned order is not scheduled.
    MissingOperation,
    /// An order listed as unplanned has operations or a shipment in the plan.
    UnplannedButScheduled,
    /// An order is left out by a decision it does not allow: dropped but not optional, deferred but
    /// not deferrable, or either under the weighted-sum objective form.
    WrongDecision,
    /// An operation runs on a machine its routing step does not allow (or an unknown machine).
    IneligibleMachine,
    /// An operation's `end - start` differs from its duration on that machine (in its mode).
    WrongDuration,
    /// An operation runs in a mode its machine does not have.
    UnknownMode,
    /// The operations of one order run at different sites.
    SplitPlant,
    /// An order is made at a site it may not be made at.
    ForbiddenPlant,
    /// A routing step starts before the previous step's end plus the step's minimum lag.
    RoutingOrder,
    /// An operation starts before its order's release.
    BeforeRelease,
    /// Two operations overlap on one machine.
    MachineOverlap,
    /// An operation overlaps a downtime window of its machine.
    DowntimeOverlap,
    /// More of a material is consumed at a site than has arrived there.
    MaterialShortage,
    /// The busy machines of a site draw more power than the site's cap.
    PowerCapExceeded,
    /// An order arrives (or completes, without customer) after its hard deadline.
    DeadlineMissed,
    /// A planned order with a customer has no shipment.
    ShipmentMissing,
    /// An order has more than one shipment.
    ShipmentDuplicate,
    /// A shipment for an unknown order, an order without customer, or an order with no operations.
    ShipmentUnexpected,
    /// A shipment departs before its order's last operation ends.
    ShipmentBeforeCompletion,
    /// A shipment's lanes do not form a path from the plant to the customer (or a lane is unknown).
    ShipmentRoute,
    /// A shipment uses a lane whose capacity is below the order's quantity.
    ShipmentCapacity,
    /// A shipment's arrival differs from its departure plus the lanes' transit times.
    ShipmentTransit,
    /// A planned transfer of material whose lanes do not form a path from its origin to its
    /// destination (or name an unknown lane), that moves nothing, or that stays at one site.
    TransferRoute,
    /// A planned transfer larger than a lane of its route carries per shipment.
    TransferCapacity,
    /// A planned transfer that arrives before its departure plus the lanes' transit times, or
    /// departs before minute 0.
    TransferTransit,
    /// A planned transfer for an order that does not exist.
    TransferUnexpected,
}

impl ViolationCode {
    /// The stable upper-case code, e.g. `MACHINE_OVERLAP`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One broken rule: its code, a message naming the entities by their external names, the entities
/// involved and the minute it happens (when one applies).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Violation {
    /// Which rule is broken.
    pub code: ViolationCode,
    /// What is wrong, in words a planner understands, with the times involved.
    pub message: String,
    /// Orders involved, sorted.
    pub orders: Vec<OrderId>,
    /// Operations involved, sorted.
    pub ops: Vec<OpId>,
    /// Machines involved, sorted.
    pub machines: Vec<MachineId>,
    /// The minute the violation happens (first minute of an overlap, start of a shortage, ...).
    pub at: Option<Minutes>,
}

impl Violation {
    /// A violation with a message and no entities yet.
    pub(super) fn new(code: ViolationCode, message: String) -> Self {
        Self {
            code,
            message,
            orders: Vec::new(),
            ops: Vec::new(),
            machines: Vec::new(),
            at: None,
        }
    }

    /// Adds orders involved.
    pub(super) fn orders(mut self, orders: impl IntoIterator<Item = OrderId>) -> Self {
        self.orders.extend(orders);
        self.orders.sort();
        self.orders.dedup();
        self
    }

    /// Adds operations involved.
    pub(super) fn ops(mut self, ops: impl IntoIterator<Item = OpId>) -> Self {
        self.ops.extend(ops);
        self.ops.sort();
        self.ops.dedup();
        self
    }

    /// Adds machines involved.
    pub(super) fn machines(mut self, machines: impl IntoIterator<Item = MachineId>) -> Self {
        self.machines.extend(machines);
        self.machines.sort();
        self.machines.dedup();
        self
    }

    /// Sets the minute the violation happens.
    pub(super) fn at(mut self, t: Minutes) -> Self {
        self.at = Some(t);
        self
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// The checker's verdict on a plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// Every violation found, sorted by code (in declaration order of [`ViolationCode`]), then time, then ids.
    pub violations: Vec<Violation>,
    /// Orders the plan lists as unplanned for want of a way to plan them (known ids only), sorted
    /// and without repeats. Orders dropped or deferred by choice are not listed: they do not make a
    /// plan incomplete (the plan's [`crate::solution::Schedule::unplanned`] holds them).
    pub unplanned: Vec<OrderId>,
    /// Whether shipments were checked (false when the plan was read without shipments).
    pub shipments_checked: bool,
    /// The checker's own recomputation of the peak power per site with a demand charge and
    /// billing period ([`crate::model::DemandCharge`]); empty without demand charges.
    pub demand: Vec<crate::solution::DemandPeak>,
}

impl Report {
    /// The plan's demand charge as the checker recomputes it (money).
    pub fn demand_charge(&self) -> f64 {
        self.demand.iter().map(|p| p.cost).fold(0.0, |a, b| a + b)
    }

    /// True when the plan breaks no rule. Unplanned orders do not make a plan infeasible.
    pub fn is_feasible(&self) -> bool {
        self.violations.is_empty()
    }

    /// True when the plan is feasible and plans every order.
    pub fn is_complete(&self) -> bool {
        self.is_feasible() && self.unplanned.is_empty()
    }

    /// How many violations of each code, keyed by the stable code string.
    pub fn counts_by_code(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for v in &self.violations {
            *counts.entry(v.code.as_str()).or_insert(0) += 1;
        }
        counts
    }

    /// Violations of one code.
    pub fn of(&self, code: ViolationCode) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(move |v| v.code == code)
    }

    /// Puts violations in the documented, deterministic order.
    pub(super) fn sort(&mut self) {
        self.violations.sort_by(|a, b| {
            (a.code, a.at, &a.orders, &a.ops, &a.machines, &a.message).cmp(&(
                b.code,
                b.at,
                &b.orders,
                &b.ops,
                &b.machines,
                &b.message,
            ))
        });
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.violations.is_empty() {
            write!(f, "feasible")?;
        } else {
            write!(f, "{} violation(s)", self.violations.len())?;
        }
        if !self.unplanned.is_empty() {
            write!(f, ", {} order(s) unplanned", self.unplanned.len())?;
        }
        if !self.shipments_checked {
            write!(f, " (shipments not checked)")?;
        }
        for v in &self.violations {
            write!(f, "\n{v}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn every_code_string_is_distinct_upper_snake_case_and_matches_serde() {
        let mut seen = std::collections::BTreeSet::new();
        for code in ViolationCode::iter() {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(s.chars().all(|c| c.is_ascii_uppercase() || c == '_'), "{s}");
            assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{s}\""));
            assert_eq!(s.parse::<ViolationCode>(), Ok(code));
            assert_eq!(code.to_string(), s);
        }
        assert_eq!(seen.len(), 30);
        let listed: Vec<ViolationCode> = ViolationCode::iter().collect();
        let mut sorted = listed.clone();
        sorted.sort();
        assert_eq!(sorted, listed, "codes iterate in report order");
        assert_eq!(
            ViolationCode::ShipmentBeforeCompletion.as_str(),
            "SHIPMENT_BEFORE_COMPLETION"
        );
    }

    #[test]
    fn report_sorts_by_code_then_time_and_counts_codes() {
        let mut report = Report {
            violations: vec![
                Violation::new(ViolationCode::MachineOverlap, "b".into()).at(20),
                Violation::new(ViolationCode::MachineOverlap, "a".into()).at(10),
                Violation::new(ViolationCode::UnknownOperation, "c".into()).at(30),
            ],
            unplanned: vec![OrderId(1)],
            shipments_checked: true,
            demand: Vec::new(),
        };
        report.sort();
        let order: Vec<&str> = report
            .violations
            .iter()
            .map(|v| v.message.as_str())
            .collect();
        assert_eq!(order, vec!["c", "a", "b"]);
        assert_eq!(report.counts_by_code()["MACHINE_OVERLAP"], 2);
        assert!(!report.is_feasible());
        assert!(!report.is_complete());
        assert_eq!(report.of(ViolationCode::UnknownOperation).count(), 1);
    }
}

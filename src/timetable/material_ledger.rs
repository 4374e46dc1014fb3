//! Supply and committed consumption of one material at one site.
//!
//! Consumption happens at an order's first start. A consumption of `q` at `t` fits when, at every
//! minute from `t` on, what has arrived so far still covers everything consumed so far. Consumptions
//! committed earlier in the decision sequence may lie later in time, so the check looks at the whole
//! future, not just at `t`.

use super::step_function::StepFunction;
use crate::model::{Minutes, QUANTITY_EPS, Supply};

/// Quantities within this of each other count as equal; half the checker's tolerance so that
/// rounding in a different summation order cannot tip a plan over it.
const EPS: f64 = QUANTITY_EPS / 2.0;

/// Why a consumption can never fit: the totals a planner needs to see.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shortfall {
    /// The quantity asked for.
    pub needed: f64,
    /// Everything that ever becomes available (initial stock plus all deliveries).
    pub ever_available: f64,
    /// Quantity already committed to other consumptions.
    pub committed: f64,
}

impl Shortfall {
    /// True when even without any other consumption the supply could not cover `needed`.
    pub fn is_absolute(&self) -> bool {
        self.ever_available + EPS < self.needed
    }

    /// The shortfall in words: "needs 25 of material 'resin'{place}, but only 20 ever becomes
    /// available there ...", where `place` says where (e.g. `" at site 'A'"`, or empty).
    pub fn describe(&self, material: &str, place: &str) -> String {
        let Shortfall {
            needed,
            ever_available,
            committed,
        } = *self;
        if self.is_absolute() {
            format!(
                "needs {} of material '{material}'{place}, but only {} ever becomes available \
                 there (stock plus deliveries)",
                qty(needed),
                qty(ever_available)
            )
        } else {
            format!(
                "needs {} of material '{material}'{place}; {} ever becomes available there, but {} \
                 of it is already committed to other orders, leaving {}",
                qty(needed),
                qty(ever_available),
                qty(committed),
                qty((ever_available - committed).max(0.0))
            )
        }
    }
}

/// A quantity for messages: rounded to three decimals, without trailing zeros.
fn qty(x: f64) -> String {
    let rounded = (x * 1000.0).round() / 1000.0;
    format!("{rounded}")
}

/// Supply minus committed consumption of one material at one site, over time.
#[derive(Clone, Debug)]
pub struct MaterialLedger {
    /// Cumulative supply minus cumulative consumption, as a function of time.
    balance: StepFunction,
    ever_available: f64,
    committed: f64,
}

impl MaterialLedger {
    /// A ledger for the given supply (none: nothing is ever available).
    pub fn new(supply: Option<&Supply>) -> Self {
        let initial = supply.map_or(0.0, |s| s.initial);
        let mut balance = StepFunction::new(initial);
        let mut previous = initial;
        if let Some(s) = supply {
            for &(eta, cumulative) in &s.steps {
                balance.add_range(eta, None, cumulative - previous);
                previous = cumulative;
            }
        }
        Self {
            balance,
            ever_available: supply.map_or(0.0, Supply::total),
            committed: 0.0,
        }
    }

    /// Everything that ever becomes available.
    pub fn ever_available(&self) -> f64 {
        self.ever_available
    }

    /// Quantity committed to consumptions.
    pub fn committed(&self) -> f64 {
        self.committed
    }

    /// Arrived minus consumed at minute `t` (consumptions at `t` included).
    pub fn balance_at(&self, t: Minutes) -> f64 {
        self.balance.value_at(t)
    }

    /// The earliest `t >= after` at which `qty` can be consumed without any minute from `t` on
    /// consuming more than has arrived, or the shortfall when that never happens.
    ///
    /// # Errors
    /// [`Shortfall`] when no minute from `after` on can take `qty`.
    pub fn earliest_fit(&self, after: Minutes, qty: f64) -> Result<Minutes, Shortfall> {
        self.balance
            .earliest_suffix_at_least(after, qty - EPS)
            .ok_or(Shortfall {
                needed: qty,
                ever_available: self.ever_available,
                committed: self.committed,
            })
    }

    /// What can be consumed at minute `t` for good: the least balance from `t` on (never below 0).
    pub fn available_from(&self, t: Minutes) -> f64 {
        self.balance.min_from(t).max(0.0)
    }

    /// Commits a consumption of `qty` at minute `t`.
    pub fn consume(&mut self, t: Minutes, qty: f64) {
        self.balance.add_range(t, None, -qty);
        self.committed += qty;
    }

    /// Adds a quantity that arrives at minute `t` (a transfer under way).
    pub fn receive(&mut self, t: Minutes, qty: f64) {
        self.balance.add_range(t, None, qty);
        self.ever_available += qty;
    }

    /// Undoes [`MaterialLedger::consume`] with the same arguments.
    pub fn unconsume(&mut self, t: Minutes, qty: f64) {
        self.balance.remove_range(t, None, -qty);
        self.committed -= qty;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supply() -> Supply {
        // 10 at the start, +20 at 100, +10 at 200.
        Supply {
            initial: 10.0,
            steps: vec![(100, 30.0), (200, 40.0)],
        }
    }

    #[test]
    fn consumption_waits_for_the_delivery_that_covers_it() {
        let ledger = MaterialLedger::new(Some(&supply()));
        assert_eq!(ledger.earliest_fit(0, 10.0), Ok(0));
        assert_eq!(ledger.earliest_fit(0, 25.0), Ok(100));
        assert_eq!(ledger.earliest_fit(150, 40.0), Ok(200));
        let err = ledger.earliest_fit(0, 41.0).unwrap_err();
        assert_eq!(err.ever_available, 40.0);
        assert!(err.is_absolute());
    }

    #[test]
    fn a_later_consumption_protects_its_material_from_earlier_ones() {
        let mut ledger = MaterialLedger::new(Some(&supply()));
        // Committed first, but late in time: 25 at 150 needs the delivery at 100.
        ledger.consume(150, 25.0);
        // Consuming 10 at 0 would leave only 20 for the 25 at 150: it must wait until 200.
        assert_eq!(ledger.earliest_fit(0, 10.0), Ok(200));
        assert_eq!(ledger.earliest_fit(0, 5.0), Ok(0));
        ledger.consume(0, 5.0);
        let err = ledger.earliest_fit(0, 11.0).unwrap_err();
        assert_eq!(err.committed, 30.0);
        assert!(
            !err.is_absolute(),
            "only the commitments make it impossible"
        );
        ledger.unconsume(150, 25.0);
        assert_eq!(ledger.earliest_fit(0, 25.0), Ok(100));
        assert_eq!(ledger.earliest_fit(0, 30.0), Ok(200));
        assert!((ledger.balance_at(300) - 35.0).abs() < 1e-9);
    }

    #[test]
    fn missing_supply_never_fits() {
        let ledger = MaterialLedger::new(None);
        let err = ledger.earliest_fit(0, 1.0).unwrap_err();
        assert_eq!(err.ever_available, 0.0);
        assert_eq!(ledger.earliest_fit(0, 0.0), Ok(0));
    }

    #[test]
    fn decimal_quantities_summing_to_the_supply_fit() {
        let mut ledger = MaterialLedger::new(Some(&Supply {
            initial: 0.3,
            steps: vec![],
        }));
        ledger.consume(0, 0.1);
        ledger.consume(5, 0.1);
        assert_eq!(ledger.earliest_fit(0, 0.1), Ok(0));
    }
}

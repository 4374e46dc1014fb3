//! The checker as a test assertion: a plan that breaks a rule fails the test with every violation
//! listed (code, message, times), not just "false".

use crate::model::Instance;
use crate::solution::Schedule;
use crate::validate::{Report, validate};
use proptest::test_runner::TestCaseError;
use std::fmt;

/// A plan the checker rejects, with its report.
#[derive(Clone, Debug)]
pub struct Infeasible {
    /// The instance's name.
    pub instance: String,
    /// The checker's findings.
    pub report: Report,
}

impl fmt::Display for Infeasible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "the plan for '{}' breaks {} rule(s):",
            self.instance,
            self.report.violations.len()
        )?;
        for v in &self.report.violations {
            writeln!(f, "  [{}] {}", v.code.as_str(), v.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for Infeasible {}

// proptest turns every `std::error::Error` into a failed case, so `?` works inside `proptest!`.
const _: fn(Infeasible) -> TestCaseError = TestCaseError::from;

/// Checks `schedule` against every rule of `instance`; inside `proptest!` use it with `?`.
///
/// # Errors
/// [`Infeasible`] listing every violation when the checker rejects the plan (orders left out of the
/// plan are not violations).
pub fn check_feasible(instance: &Instance, schedule: &Schedule) -> Result<(), Infeasible> {
    let report = validate(instance, schedule);
    if report.is_feasible() {
        Ok(())
    } else {
        Err(Infeasible {
            instance: instance.name().to_string(),
            report,
        })
    }
}

/// Panics with every violation when the checker rejects `schedule` (for plain `#[test]`s).
///
/// # Panics
/// When the plan breaks a rule; the message lists each violation.
#[track_caller]
pub fn assert_feasible(instance: &Instance, schedule: &Schedule) {
    if let Err(e) = check_feasible(instance, schedule) {
        panic!("{e}");
    }
}

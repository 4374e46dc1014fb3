//! The builder's rules for stock adjustments ([`super::StockAdjustment`]): a known site and
//! material, a finite quantity that is not 0, and a minute within [`MAX_MINUTES`]. That an
//! adjustment never takes away more than the site holds is checked with the supplies
//! ([`super::transfer_checks::check_sources`]).

use super::limits::{RANGE_HINT, in_range};
use super::{ErrorCode, InstanceBuilder, MAX_MINUTES, ModelIssue, Subject};

/// Every problem with the builder's stock adjustments (`UNKNOWN_REFERENCE`, `BAD_ADJUSTMENT`,
/// `OUT_OF_RANGE`).
pub(super) fn check_adjustments(b: &InstanceBuilder) -> Vec<ModelIssue> {
    let mut issues = Vec::new();
    for (i, a) in b.adjustments.iter().enumerate() {
        let subject = Subject::Adjustment(i);
        let (Some(site), Some(material)) = (
            b.sites.get(a.site.index()),
            b.materials.get(a.material.index()),
        ) else {
            issues.push(ModelIssue {
                code: ErrorCode::UnknownReference,
                subject,
                message: format!(
                    "stock adjustment {} refers to an unknown site or material",
                    i + 1
                ),
                hint: "refer only to entities added to the builder".into(),
                field: None,
            });
            continue;
        };
        if !(a.quantity.is_finite() && a.quantity != 0.0) {
            issues.push(ModelIssue {
                code: ErrorCode::BadAdjustment,
                subject,
                message: format!(
                    "the stock adjustment of material '{}' at site '{}' is {}",
                    material.name, site.name, a.quantity
                ),
                hint: "give the quantity found (> 0) or lost (< 0), not 0".into(),
                field: Some("quantity"),
            });
        }
        if !in_range(a.at) {
            issues.push(ModelIssue {
                code: ErrorCode::OutOfRange,
                subject,
                message: format!(
                    "the stock adjustment of material '{}' at site '{}' is at {} minutes, beyond \
                     the {MAX_MINUTES} takt reads",
                    material.name, site.name, a.at
                ),
                hint: RANGE_HINT.into(),
                field: Some("at"),
            });
        }
    }
    issues
}

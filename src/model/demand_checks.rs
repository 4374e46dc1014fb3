//! The builder's rules for demand charges: a charge is a finite amount between 0 and
//! [`MAX_MONEY`] per kW, a billing period lasts 1 to [`MAX_MINUTES`] minutes, and a site has at
//! most one charge.

use super::{
    ErrorCode, InstanceBuilder, MAX_MINUTES, MAX_MONEY, ModelIssue, Subject, compact_number,
};

/// Every problem with the builder's demand charges (`BAD_DEMAND_CHARGE`).
pub(super) fn check_demand_charges(b: &InstanceBuilder) -> Vec<ModelIssue> {
    let mut issues = Vec::new();
    let mut seen = vec![false; b.sites.len()];
    for c in &b.demand_charges {
        let Some(site) = b.sites.get(c.site.index()) else {
            issues.push(ModelIssue {
                code: ErrorCode::BadDemandCharge,
                subject: Subject::Instance,
                message: format!(
                    "a demand charge refers to site number {}, which does not exist",
                    c.site.index() + 1
                ),
                hint: "add the site or remove the charge".into(),
                field: None,
            });
            continue;
        };
        let subject = Subject::Site(c.site);
        if !(c.per_kw.is_finite() && (0.0..=MAX_MONEY).contains(&c.per_kw)) {
            issues.push(ModelIssue {
                code: ErrorCode::BadDemandCharge,
                subject,
                message: format!(
                    "the demand charge of site '{}' is {} per kW",
                    site.name,
                    compact_number(c.per_kw)
                ),
                hint: format!("use an amount per kW between 0 and {MAX_MONEY:e}"),
                field: Some("demand_charge"),
            });
        }
        if !(1..=MAX_MINUTES).contains(&c.billing_period) {
            issues.push(ModelIssue {
                code: ErrorCode::BadDemandCharge,
                subject,
                message: format!(
                    "the billing period of site '{}' is {} minutes",
                    site.name, c.billing_period
                ),
                hint: format!(
                    "use a billing period of 1 to {MAX_MINUTES} minutes (43200 = 30 days)"
                ),
                field: Some("billing_period_minutes"),
            });
        }
        // The charge of one billing period is money computed from the input: at the site's
        // highest possible peak (its cap, or every machine at its hungriest mode) it must stay
        // within MAX_MONEY like every amount read.
        let peak = peak_kw(b, c.site);
        if c.per_kw.is_finite() && c.per_kw * peak > MAX_MONEY {
            issues.push(ModelIssue {
                code: ErrorCode::BadDemandCharge,
                subject,
                message: format!(
                    "the demand charge of site '{}' ({} per kW) at its highest possible peak of {} \
                     kW is {} per billing period, more than the {MAX_MONEY:e} takt reads",
                    site.name,
                    compact_number(c.per_kw),
                    compact_number(peak),
                    compact_number(c.per_kw * peak)
                ),
                hint: format!(
                    "use at most {} per kW, or cap the site's power (power_cap_kw in sites.csv)",
                    compact_number((MAX_MONEY / peak).floor())
                ),
                field: Some("demand_charge"),
            });
        }
        if std::mem::replace(&mut seen[c.site.index()], true) {
            issues.push(ModelIssue {
                code: ErrorCode::BadDemandCharge,
                subject,
                message: format!("site '{}' has two demand charges", site.name),
                hint: "give each site at most one demand charge".into(),
                field: Some("demand_charge"),
            });
        }
    }
    issues
}

/// The highest power `site` can draw: its cap, or the sum over its machines of their hungriest
/// mode, whichever is lower.
fn peak_kw(b: &InstanceBuilder, site: super::SiteId) -> f64 {
    let machines: f64 = b
        .machines
        .iter()
        .filter(|m| m.site == site)
        .map(|m| {
            m.modes
                .iter()
                .map(|x| x.power_kw)
                .fold(m.power_kw, f64::max)
        })
        .sum();
    b.sites[site.index()]
        .power_cap_kw
        .map_or(machines, |cap| cap.min(machines))
}

//! `sites.csv`: plants, warehouses and customer locations, with optional power caps and demand
//! charges (money per kW of the peak in each billing period).

use super::FolderReader;
use crate::io::cells::Range;
use crate::io::table::Schema;
use crate::model::{
    DEFAULT_BILLING_PERIOD, DemandCharge, ErrorCode, MAX_MINUTES, MAX_MONEY, Site, SiteId, Subject,
    compact_number,
};

const FILE: &str = "sites.csv";
const SCHEMA: Schema = Schema {
    required: &["id"],
    optional: &["power_cap_kw", "demand_charge", "billing_period_minutes"],
};

/// The one site every machine stands at when the folder has no sites.csv.
pub const IMPLICIT_SITE: &str = "plant";

impl FolderReader {
    pub(super) fn read_sites(&mut self) {
        if !self.has(FILE) {
            let id = self.builder.add_site(Site::new(IMPLICIT_SITE));
            self.origins
                .record(Subject::Site(id), &self.path("machines.csv"), None);
            self.sites.define_builtin(IMPLICIT_SITE, id);
            return;
        }
        let Some(table) = self.table(FILE, &SCHEMA) else {
            self.sites.mark_incomplete();
            return;
        };
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let id = cells.id("id");
            let cap = cells.maybe_decimal("power_cap_kw", Range::Positive);
            let charge = cells.maybe_decimal("demand_charge", Range::NonNegative);
            let period = cells.maybe_integer("billing_period_minutes", Range::Positive);
            let demand = match (charge, period) {
                (Some(Some(c)), _) if c > MAX_MONEY => {
                    let message =
                        format!("demand charge {} per kW is too large", compact_number(c));
                    let hint = format!("use an amount per kW between 0 and {MAX_MONEY:e}");
                    cells.errors().push(row.error(
                        "demand_charge",
                        ErrorCode::OutOfRange,
                        message,
                        hint,
                    ));
                    None
                }
                (_, Some(Some(p))) if p > MAX_MINUTES => {
                    let message = format!("billing period of {p} minutes is too long");
                    let hint = format!("use 1 to {MAX_MINUTES} minutes (43200 = 30 days)");
                    cells.errors().push(row.error(
                        "billing_period_minutes",
                        ErrorCode::OutOfRange,
                        message,
                        hint,
                    ));
                    None
                }
                (Some(None), Some(Some(p))) => {
                    let message =
                        format!("a billing period of {p} minutes is given without a demand charge");
                    let hint = "add 'demand_charge' (money per kW of the period's peak) or leave \
                                'billing_period_minutes' blank";
                    cells.errors().push(row.error(
                        "billing_period_minutes",
                        ErrorCode::BadDemandCharge,
                        message,
                        hint,
                    ));
                    None
                }
                (Some(Some(c)), Some(p)) => Some((c, p.unwrap_or(DEFAULT_BILLING_PERIOD))),
                _ => None,
            };
            let Some(name) = id else { continue };
            let site_id = SiteId::from_index(self.builder.sites.len());
            if !self.sites.define(name, site_id, &row, &mut self.errors) {
                continue;
            }
            self.builder.add_site(Site {
                name: name.to_string(),
                power_cap_kw: cap.flatten(),
            });
            if let Some((per_kw, minutes)) = demand {
                self.builder.add_demand_charge(
                    DemandCharge::new(site_id, per_kw).with_billing_period(minutes),
                );
            }
            self.origins
                .record(Subject::Site(site_id), row.path(), Some(row.line()));
        }
    }
}

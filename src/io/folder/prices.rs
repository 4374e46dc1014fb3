//! `energy_prices.csv`: time-of-use energy prices per site.

use super::FolderReader;
use crate::io::cells::Range;
use crate::io::table::Schema;
use crate::model::ErrorCode;
use crate::model::{Minutes, PricePeriod, Subject, Window};

const FILE: &str = "energy_prices.csv";
const SCHEMA: Schema = Schema {
    required: &["site", "start", "price_per_kwh"],
    optional: &["end"],
};

impl FolderReader {
    pub(super) fn read_prices(&mut self) {
        let Some(table) = self.table(FILE, &SCHEMA) else {
            return;
        };
        let plan_start = self.plan_start;
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let site = cells.id("site");
            let start = cells.time("start", plan_start);
            let end = cells.time_or("end", Minutes::MAX, plan_start);
            let price = cells.decimal("price_per_kwh", Range::NonNegative);
            let site = site.and_then(|s| self.sites.resolve(s, &row, "site", &mut self.errors));
            let (Some(site), Some(start), Some(end), Some(price_per_kwh)) =
                (site, start, end, price)
            else {
                continue;
            };
            if end <= start {
                self.errors.push(row.error(
                    "end",
                    ErrorCode::EmptyWindow,
                    format!("the price period ends at {end}, not after its start {start}"),
                    "make the end later than the start, or leave it blank for open-ended",
                ));
                continue;
            }
            let index = self.builder.prices.len();
            self.builder.add_price(PricePeriod {
                site,
                window: Window::new(start, end),
                price_per_kwh,
            });
            self.origins
                .record(Subject::PricePeriod(index), row.path(), Some(row.line()));
        }
    }
}

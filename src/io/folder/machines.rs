//! `machines.csv`: machines, their site and power draw.

use super::FolderReader;
use super::sites::IMPLICIT_SITE;
use crate::io::cells::Range;
use crate::io::table::Schema;
use crate::model::ErrorCode;
use crate::model::{Machine, MachineId, SiteId, Subject};

const FILE: &str = "machines.csv";
const WITH_SITES: Schema = Schema {
    required: &["id", "site"],
    optional: &["power_kw"],
};
const WITHOUT_SITES: Schema = Schema {
    required: &["id"],
    optional: &["site", "power_kw"],
};

impl FolderReader {
    pub(super) fn read_machines(&mut self) {
        let with_sites = self.has("sites.csv");
        let schema = if with_sites {
            WITH_SITES
        } else {
            WITHOUT_SITES
        };
        let Some(table) = self.table(FILE, &schema) else {
            if self.has(FILE) {
                self.machines.mark_incomplete();
            }
            return;
        };
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let id = cells.id("id");
            let power = cells.decimal_or("power_kw", 0.0, Range::NonNegative);
            let site = if with_sites {
                cells
                    .id("site")
                    .and_then(|s| self.sites.resolve(s, &row, "site", &mut self.errors))
            } else if let Some(named) = cells.text("site") {
                self.errors.push(row.error(
                    "site",
                    ErrorCode::UnknownSite,
                    format!(
                        "machine '{}' names site '{named}', but the folder has no sites.csv",
                        id.unwrap_or("?")
                    ),
                    format!(
                        "add sites.csv listing the sites, or leave the column blank (every \
                         machine is then at the one site '{IMPLICIT_SITE}')"
                    ),
                ));
                None
            } else {
                Some(SiteId(0))
            };
            let Some(name) = id else { continue };
            let machine_id = MachineId::from_index(self.builder.machines.len());
            if !self
                .machines
                .define(name, machine_id, &row, &mut self.errors)
            {
                continue;
            }
            let mut machine = Machine::new(name, site.unwrap_or(SiteId(0)));
            machine.power_kw = power.unwrap_or(0.0);
            self.builder.add_machine(machine);
            self.origins
                .record(Subject::Machine(machine_id), row.path(), Some(row.line()));
        }
    }
}

//! `sites.csv`: plants, warehouses and customer locations, with optional power caps.

use super::FolderReader;
use crate::io::cells::Range;
use crate::io::table::Schema;
use crate::model::{Site, SiteId, Subject};

const FILE: &str = "sites.csv";
const SCHEMA: Schema = Schema {
    required: &["id"],
    optional: &["power_cap_kw"],
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
            let Some(name) = id else { continue };
            let site_id = SiteId::from_index(self.builder.sites.len());
            if !self.sites.define(name, site_id, &row, &mut self.errors) {
                continue;
            }
            self.builder.add_site(Site {
                name: name.to_string(),
                power_cap_kw: cap.flatten(),
            });
            self.origins
                .record(Subject::Site(site_id), row.path(), Some(row.line()));
        }
    }
}

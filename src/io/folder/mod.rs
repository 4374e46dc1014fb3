//! The instance folder reader: one CSV per entity, every problem reported with file, line and column.
//!
//! The format is described in the README (*Instance folder format*). Reading goes file by file in dependency order
//! (objective, sites, machines, downtime, routings, bom, stock, deliveries, orders, overruns, lanes,
//! energy prices); each file reader checks its rows and resolves references by id. Only when every file is
//! clean does [`crate::model::InstanceBuilder::build`] run, and its issues are mapped back to the file
//! and line of the entity they concern.

mod bom;
mod deliveries;
mod downtime;
mod files;
mod lanes;
mod machines;
mod objective;
mod orders;
mod origins;
mod overruns;
mod prices;
mod registry;
mod routings;
mod sites;
mod stock;

pub use files::{OPTIONAL_FILES, REQUIRED_FILES};

use super::error::{InputError, InputErrors};
use super::table::{Schema, Table};
use crate::model::{
    DeliveryId, Instance, InstanceBuilder, LaneId, MachineId, MaterialId, OrderId, ProductId,
    SiteId,
};
use chrono::NaiveDateTime;
use origins::Origins;
use registry::Registry;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Reads the instance folder `dir` (format: README, *Instance folder format*).
///
/// Returns every problem found in every file, each with file, line, column and a stable code; the
/// model builder's problems are placed at the line of the entity they concern.
pub fn read_instance_folder(dir: &Path) -> Result<Instance, InputErrors> {
    let mut errors = Vec::new();
    let Some(present) = files::list_instance_files(dir, &mut errors) else {
        return Err(InputErrors(errors));
    };
    let mut reader = FolderReader::new(dir, present, errors);
    reader.read_all();
    reader.finish()
}

/// State shared by the file readers: the builder being filled, ids defined so far, origins, errors.
pub(super) struct FolderReader {
    dir: PathBuf,
    present: BTreeSet<String>,
    errors: Vec<InputError>,
    builder: InstanceBuilder,
    origins: Origins,
    plan_start: Option<NaiveDateTime>,
    sites: Registry<SiteId>,
    machines: Registry<MachineId>,
    products: Registry<ProductId>,
    materials: Registry<MaterialId>,
    orders: Registry<OrderId>,
    lanes: Registry<LaneId>,
    deliveries: Registry<DeliveryId>,
}

impl FolderReader {
    fn new(dir: &Path, present: BTreeSet<String>, errors: Vec<InputError>) -> Self {
        let name = instance_name(dir);
        let mut reader = Self {
            dir: dir.to_path_buf(),
            present,
            errors,
            builder: InstanceBuilder::new(name),
            origins: Origins::default(),
            plan_start: None,
            sites: Registry::new("site", "sites.csv", "UNKNOWN_SITE"),
            machines: Registry::new("machine", "machines.csv", "UNKNOWN_MACHINE"),
            products: Registry::new("product", "routings.csv", "UNKNOWN_PRODUCT"),
            materials: Registry::new("material", "bom.csv", "UNKNOWN_MATERIAL"),
            orders: Registry::new("order", "orders.csv", "UNKNOWN_ORDER"),
            lanes: Registry::new("lane", "lanes.csv", "UNKNOWN_LANE"),
            deliveries: Registry::new("delivery", "deliveries.csv", "UNKNOWN_DELIVERY"),
        };
        // A missing required file is already reported; references to it would only repeat that.
        if !reader.has("machines.csv") {
            reader.machines.mark_incomplete();
        }
        if !reader.has("routings.csv") {
            reader.products.mark_incomplete();
        }
        reader
    }

    fn read_all(&mut self) {
        self.read_objective();
        self.read_sites();
        self.read_machines();
        self.read_downtime();
        self.read_routings();
        self.read_bom();
        self.read_stock();
        self.read_deliveries();
        self.read_orders();
        self.read_overruns();
        self.read_lanes();
        self.read_prices();
    }

    fn finish(self) -> Result<Instance, InputErrors> {
        let mut errors = self.errors;
        if !errors.is_empty() {
            errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            return Err(InputErrors(errors));
        }
        let origins = self.origins;
        let dir = self.dir;
        self.builder.build().map_err(|e| {
            InputErrors(
                e.issues
                    .into_iter()
                    .map(|issue| origins.locate(issue, &dir))
                    .collect(),
            )
        })
    }

    /// The path of a file of the folder.
    fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// True when the folder has the file.
    fn has(&self, file: &str) -> bool {
        self.present.contains(file)
    }

    /// Reads `file` when present; `None` when absent or unreadable (problems recorded).
    fn table(&mut self, file: &str, schema: &Schema) -> Option<Table> {
        if !self.has(file) {
            return None;
        }
        Table::read(&self.path(file), schema, &mut self.errors)
    }
}

/// The instance name: the folder's own name.
fn instance_name(dir: &Path) -> String {
    let absolute = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    absolute
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "instance".to_string())
}

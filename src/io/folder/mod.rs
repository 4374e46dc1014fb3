//! The instance folder reader: one CSV per entity, every problem reported with file, line and column.
//!
//! The format is described in the README (*Instance folder format*). Reading goes file by file in dependency order
//! (objective, sites, machines, downtime, modes, routings, bom, stock, adjustments, deliveries, orders, overruns, lanes,
//! transfers, energy prices); each file reader checks its rows and resolves references by id. Only when every file is
//! clean does [`crate::model::InstanceBuilder::build`] run, and its issues are mapped back to the file
//! and line of the entity they concern.

use crate::model::ErrorCode;
mod adjustments;
mod bom;
mod deliveries;
mod downtime;
mod files;
mod lane_windows;
mod lanes;
mod machines;
mod modes;
mod objective;
mod objective_value;
mod order_value;
mod orders;
mod origins;
mod overruns;
mod prices;
mod registry;
mod routings;
mod sites;
mod stock;
mod transfers;

pub use files::{OPTIONAL_FILES, REQUIRED_FILES};

use super::error::{InputError, InputErrors};
use super::table::{Schema, Table};
use crate::io::source::Source;
use crate::model::{
    DeliveryId, Instance, InstanceBuilder, LaneId, MachineId, MaterialId, OrderId, ProductId,
    SiteId, TransferId,
};
use chrono::NaiveDateTime;
use origins::Origins;
use registry::Registry;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Reads the instance folder `dir` (format: README, *Instance folder format*); the instance is
/// named after the folder.
///
/// # Errors
/// Every problem found in every file, each with file, line, column and a stable code; the model
/// builder's problems are placed at the line of the entity they concern.
pub fn read_instance_folder(dir: &Path) -> Result<Instance, InputErrors> {
    let mut errors = Vec::new();
    let Some(names) = files::list_folder(dir, &mut errors) else {
        return Err(InputErrors(errors));
    };
    let mut sources = Vec::with_capacity(names.len());
    let mut unreadable = Vec::new();
    for name in names {
        let path = dir.join(&name);
        if !files::is_instance_file(&name) {
            // Only the name matters: the file is reported or tolerated, never read.
            sources.push(Source::new(path, []));
            continue;
        }
        match Source::from_path(&path) {
            Ok(source) => sources.push(source),
            Err(e) => {
                errors.push(e);
                unreadable.push(path);
            }
        }
    }
    read_sources(&instance_name(dir), dir, sources, &unreadable, errors)
}

/// Reads an instance from files held in memory: `(file name, contents)` pairs such as
/// `("machines.csv", "id\nM1\n")`, with the same rules as an instance folder. A name may carry a
/// folder (`plant/orders.csv`): the file is recognised by its last component, and errors name it
/// as given.
///
/// ```
/// let instance = takt::io::read_instance_files(
///     "tiny",
///     &[
///         ("machines.csv", "id\nM1\n"),
///         ("routings.csv", "product,step,machine,setup\nP,1,M1,30\n"),
///         ("orders.csv", "id,product,quantity\nO1,P,1\n"),
///     ],
/// )?;
/// assert_eq!(instance.name(), "tiny");
/// # Ok::<(), takt::io::InputErrors>(())
/// ```
///
/// # Errors
/// Like [`read_instance_folder`]; a file given twice is `DUPLICATE_FILE`.
pub fn read_instance_files<N: AsRef<str>, C: AsRef<[u8]>>(
    name: &str,
    files: &[(N, C)],
) -> Result<Instance, InputErrors> {
    let sources = files
        .iter()
        .map(|(file, contents)| Source::new(file.as_ref(), contents))
        .collect();
    read_sources(name, Path::new(""), sources, &[], Vec::new())
}

/// Reads an instance named `name` from `sources`; `unreadable` files exist but could not be read
/// (reported in `errors` already). Missing required files are reported as `base`/name.
fn read_sources(
    name: &str,
    base: &Path,
    sources: Vec<Source>,
    unreadable: &[PathBuf],
    mut errors: Vec<InputError>,
) -> Result<Instance, InputErrors> {
    let present = files::sort_files(
        base,
        sources
            .iter()
            .map(|s| s.name.as_path())
            .chain(unreadable.iter().map(PathBuf::as_path)),
        &mut errors,
    );
    let mut by_name = BTreeMap::new();
    for source in sources {
        let file = source
            .name
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if present.contains(&file) {
            by_name.entry(file).or_insert(source);
        }
    }
    let mut reader = FolderReader::new(name, base, present, by_name, errors);
    reader.read_all();
    reader.finish()
}

/// State shared by the file readers: the builder being filled, ids defined so far, origins, errors.
pub(super) struct FolderReader {
    /// Where missing files would be (the folder, or nothing for files in memory).
    dir: PathBuf,
    /// Instance files present, readable or not.
    present: BTreeSet<String>,
    /// The readable instance files by name.
    sources: BTreeMap<String, Source>,
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
    transfers: Registry<TransferId>,
}

impl FolderReader {
    fn new(
        name: &str,
        dir: &Path,
        present: BTreeSet<String>,
        sources: BTreeMap<String, Source>,
        errors: Vec<InputError>,
    ) -> Self {
        let mut reader = Self {
            dir: dir.to_path_buf(),
            present,
            sources,
            errors,
            builder: InstanceBuilder::new(name),
            origins: Origins::default(),
            plan_start: None,
            sites: Registry::new("site", "sites.csv", ErrorCode::UnknownSite),
            machines: Registry::new("machine", "machines.csv", ErrorCode::UnknownMachine),
            products: Registry::new("product", "routings.csv", ErrorCode::UnknownProduct),
            materials: Registry::new("material", "bom.csv", ErrorCode::UnknownMaterial),
            orders: Registry::new("order", "orders.csv", ErrorCode::UnknownOrder),
            lanes: Registry::new("lane", "lanes.csv", ErrorCode::UnknownLane),
            deliveries: Registry::new("delivery", "deliveries.csv", ErrorCode::UnknownDelivery),
            transfers: Registry::new("transfer", "transfers.csv", ErrorCode::UnknownTransfer),
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
        self.read_modes();
        self.read_routings();
        self.read_bom();
        self.read_stock();
        self.read_adjustments();
        self.read_deliveries();
        self.read_orders();
        self.read_overruns();
        self.read_lanes();
        self.read_lane_windows();
        self.read_transfers();
        self.read_prices();
    }

    fn finish(self) -> Result<Instance, InputErrors> {
        let dir = self.whole();
        let mut errors = self.errors;
        if !errors.is_empty() {
            errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            return Err(InputErrors(errors));
        }
        let origins = self.origins;
        self.builder.build().map_err(|e| {
            InputErrors(
                e.issues
                    .into_iter()
                    .map(|issue| origins.locate(issue, &dir))
                    .collect(),
            )
        })
    }

    /// The name errors give the instance as a whole: its folder, or its name for files in memory.
    fn whole(&self) -> PathBuf {
        if self.dir.as_os_str().is_empty() {
            PathBuf::from(&self.builder.name)
        } else {
            self.dir.clone()
        }
    }

    /// The name errors give a file of the instance.
    fn path(&self, file: &str) -> PathBuf {
        self.sources
            .get(file)
            .map_or_else(|| self.dir.join(file), |s| s.name.clone())
    }

    /// True when the folder has the file.
    fn has(&self, file: &str) -> bool {
        self.present.contains(file)
    }

    /// Reads `file` when present; `None` when absent or unreadable (problems recorded).
    fn table(&mut self, file: &str, schema: &Schema) -> Option<Table> {
        Table::from_source(self.sources.get(file)?, schema, &mut self.errors)
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

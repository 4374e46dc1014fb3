//! The vertical layout of the chart: which rows it has, in which order, and where each one sits.

use super::material::MaterialSeries;
use super::network::NetworkView;
use super::power::PowerSeries;
use crate::model::{Instance, MachineId, SiteId};

/// Height of the time axis row.
const AXIS_HEIGHT: f64 = 26.0;
/// Height of a heading row (a site's name, or "Material").
const HEADING_HEIGHT: f64 = 20.0;
/// Height of an energy price row.
const PRICE_HEIGHT: f64 = 18.0;
/// Height of a power draw row.
const POWER_HEIGHT: f64 = 46.0;
/// Height of a machine row.
pub const MACHINE_HEIGHT: f64 = 22.0;
/// Height of a material stock row.
const MATERIAL_HEIGHT: f64 = 46.0;
/// Height of a lane row.
const LANE_HEIGHT: f64 = 30.0;
/// Height of an in-transit row.
const TRANSIT_HEIGHT: f64 = 40.0;
/// Space between groups.
const GAP: f64 = 6.0;

/// What one row shows.
#[derive(Clone, Debug, PartialEq)]
pub enum RowKind {
    /// Time ticks and their labels.
    Axis,
    /// A heading: a site's name above its machines, or a section name.
    Heading(Heading),
    /// A site's energy price per period.
    Price(SiteId),
    /// A site's power draw against its cap (index into the power series).
    Power(usize),
    /// A machine's operations and downtime.
    Machine(MachineId),
    /// Stock of one material at one site over time (index into the material series).
    Material(usize),
    /// A lane's shipments and transfers over time (index into the network view's lanes).
    Lane(usize),
    /// One material in transit over time (index into the network view's series).
    InTransit(usize),
}

/// What a heading row names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Heading {
    /// The machines of a site follow.
    Site(SiteId),
    /// The material rows follow.
    Material,
    /// The lane rows follow.
    Lanes,
    /// The in-transit rows follow.
    InTransit,
}

/// One row with its vertical position.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// What it shows.
    pub kind: RowKind,
    /// Top edge.
    pub y: f64,
    /// Height.
    pub height: f64,
}

/// All rows, top to bottom, and where each machine's row is.
#[derive(Clone, Debug)]
pub struct Layout {
    /// Rows top to bottom.
    pub rows: Vec<Row>,
    /// Total height.
    pub height: f64,
    /// Index into `rows` of each machine's row.
    machine_rows: Vec<Option<usize>>,
}

impl Layout {
    /// The axis, then per site its price band and power draw, then the machines grouped by site,
    /// then the lanes and what is in transit, then the material rows.
    pub fn new(
        instance: &Instance,
        power: &[PowerSeries],
        network: &NetworkView,
        material: &[MaterialSeries],
    ) -> Self {
        let mut layout = Layout {
            rows: Vec::new(),
            height: 0.0,
            machine_rows: vec![None; instance.machines().len()],
        };
        layout.push(RowKind::Axis, AXIS_HEIGHT);
        let plants: Vec<SiteId> = (0..instance.sites().len())
            .map(SiteId::from_index)
            .filter(|&s| !instance.machines_at(s).is_empty())
            .collect();
        let mut energy_rows = false;
        for &site in &plants {
            if !instance.tariff(site).is_free() {
                layout.push(RowKind::Price(site), PRICE_HEIGHT);
                energy_rows = true;
            }
            for (k, _) in power.iter().enumerate().filter(|(_, p)| p.site == site) {
                layout.push(RowKind::Power(k), POWER_HEIGHT);
                energy_rows = true;
            }
        }
        if energy_rows {
            layout.height += GAP;
        }
        for &site in &plants {
            layout.push(RowKind::Heading(Heading::Site(site)), HEADING_HEIGHT);
            for &m in instance.machines_at(site) {
                layout.machine_rows[m.index()] = Some(layout.rows.len());
                layout.push(RowKind::Machine(m), MACHINE_HEIGHT);
            }
            layout.height += GAP;
        }
        if !network.lanes.is_empty() {
            layout.push(RowKind::Heading(Heading::Lanes), HEADING_HEIGHT);
            for k in 0..network.lanes.len() {
                layout.push(RowKind::Lane(k), LANE_HEIGHT);
            }
            layout.height += GAP;
        }
        if !network.in_transit.is_empty() {
            layout.push(RowKind::Heading(Heading::InTransit), HEADING_HEIGHT);
            for k in 0..network.in_transit.len() {
                layout.push(RowKind::InTransit(k), TRANSIT_HEIGHT);
            }
            layout.height += GAP;
        }
        if !material.is_empty() {
            layout.push(RowKind::Heading(Heading::Material), HEADING_HEIGHT);
            for k in 0..material.len() {
                layout.push(RowKind::Material(k), MATERIAL_HEIGHT);
            }
        }
        layout
    }

    fn push(&mut self, kind: RowKind, height: f64) {
        self.rows.push(Row {
            kind,
            y: self.height,
            height,
        });
        self.height += height;
    }

    /// The row of a machine, if the instance has it.
    pub fn machine_row(&self, machine: MachineId) -> Option<&Row> {
        let k = (*self.machine_rows.get(machine.index())?)?;
        self.rows.get(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InstanceBuilder, Machine, Site};

    #[test]
    fn machines_are_grouped_under_their_site_in_site_order() {
        let mut b = InstanceBuilder::new("layout");
        let north = b.add_site(Site::new("N"));
        let south = b.add_site(Site::new("S"));
        b.add_site(Site::new("Customer"));
        let s1 = b.add_machine(Machine::new("S1", south));
        let n1 = b.add_machine(Machine::new("N1", north));
        let inst = b.build().unwrap();
        let layout = Layout::new(&inst, &[], &NetworkView::default(), &[]);
        let kinds: Vec<&RowKind> = layout.rows.iter().map(|r| &r.kind).collect();
        assert_eq!(
            kinds,
            vec![
                &RowKind::Axis,
                &RowKind::Heading(Heading::Site(north)),
                &RowKind::Machine(n1),
                &RowKind::Heading(Heading::Site(south)),
                &RowKind::Machine(s1),
            ]
        );
        assert!(layout.machine_row(s1).unwrap().y > layout.machine_row(n1).unwrap().y);
        assert!(layout.machine_row(MachineId(9)).is_none());
    }
}

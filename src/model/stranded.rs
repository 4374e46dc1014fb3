//! Material that can never be used: held at a site where no order can consume it, with no
//! transfer moving it on. Inbound material addressed to a port or warehouse is the usual case; it
//! is told to the planner, never dropped in silence.

use super::{Instance, MaterialId, QUANTITY_EPS, SiteId, compact_number};
use petgraph::visit::{Bfs, Walker};
use std::collections::BTreeSet;

/// Supply of one material at one site that no order can use.
#[derive(Clone, Debug, PartialEq)]
pub struct StrandedMaterial {
    /// Where the material is.
    pub site: SiteId,
    /// Which material.
    pub material: MaterialId,
    /// How much stays there for good (stock, deliveries and transfers in, less transfers out).
    pub quantity: f64,
    /// Sites where some order can consume the material and that lanes from `site` reach.
    pub reachable_users: Vec<SiteId>,
}

impl StrandedMaterial {
    /// The finding in words, with what would fix it.
    pub fn describe(&self, instance: &Instance) -> String {
        let site = &instance.site(self.site).name;
        let head = format!(
            "{} of material '{}' at site '{site}' is never used: no order can consume it there and \
             no transfer moves it on",
            compact_number(self.quantity),
            instance.materials()[self.material.index()].name
        );
        if self.reachable_users.is_empty() {
            format!(
                "{head}, and no lane leads from '{site}' to a site that uses it (add one to lanes.csv)"
            )
        } else {
            let users: Vec<String> = self
                .reachable_users
                .iter()
                .map(|s| format!("'{}'", instance.site(*s).name))
                .collect();
            format!(
                "{head}; lanes lead from '{site}' to {}, which use(s) it: add a transfer to \
                 transfers.csv, or let takt plan transfers (plan_transfers,yes in objective.csv)",
                users.join(", ")
            )
        }
    }

    /// The finding as seen from `plant`, short of the material: `"90 of it sits unused at 'port'
    /// with no transfer to 'works'"`, and whether a lane would lead there.
    pub fn describe_for(&self, instance: &Instance, plant: SiteId) -> String {
        let lane = if self.reachable_users.contains(&plant) {
            "lanes lead there: add a transfer to transfers.csv or set plan_transfers"
        } else {
            "and no lane leads from there"
        };
        format!(
            "{} of it sits unused at '{}' with no transfer to '{}' ({lane})",
            compact_number(self.quantity),
            instance.site(self.site).name,
            instance.site(plant).name
        )
    }
}

impl Instance {
    /// Every (site, material) whose supply no order can use: no order can be made at the site
    /// with that material in its bill, yet some order elsewhere needs it, and no planned transfer
    /// can take it there (transfers not planned, or no lane leads to such a site). Sorted by site,
    /// then material.
    pub fn stranded_material(&self) -> Vec<StrandedMaterial> {
        let mut users: BTreeSet<(SiteId, MaterialId)> = BTreeSet::new();
        for order in self.order_ids() {
            for plant in &self.order_plan(order).plants {
                for (material, _) in self.order_demand(order) {
                    users.insert((plant.site, material));
                }
            }
        }
        let needed: BTreeSet<MaterialId> = users.iter().map(|&(_, m)| m).collect();
        let mut stranded = Vec::new();
        for (&(site, material), supply) in self.supplies() {
            let quantity = supply.total();
            if quantity <= QUANTITY_EPS
                || users.contains(&(site, material))
                || !needed.contains(&material)
            {
                continue;
            }
            let graph = self.network().graph();
            let reachable_users: Vec<SiteId> =
                Bfs::new(graph, petgraph::graph::NodeIndex::new(site.index()))
                    .iter(graph)
                    .map(|n| SiteId::from_index(n.index()))
                    .filter(|&s| s != site && users.contains(&(s, material)))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
            if self.plans_transfers() && !reachable_users.is_empty() {
                // The solvers may pull it from here when an order needs it.
                continue;
            }
            stranded.push(StrandedMaterial {
                site,
                material,
                quantity,
                reachable_users,
            });
        }
        stranded
    }
}

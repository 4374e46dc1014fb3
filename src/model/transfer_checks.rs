//! The builder's rules for material transfers ([`Transfer`]): known material, sites and lanes, a
//! positive quantity, two different sites, a route of lanes that leads from the origin to the
//! destination and carries the whole quantity in one shipment on every lane, an arrival no earlier
//! than the departure plus the route's transit and within [`MAX_MINUTES`], and an origin that holds
//! the quantity when it leaves.

use super::limits::{RANGE_HINT, in_range};
use super::{
    ErrorCode, InstanceBuilder, LaneNetwork, MAX_MINUTES, MaterialId, ModelIssue, QUANTITY_EPS,
    SiteId, Subject, Supply, Transfer, TransferId, compact_number, time_label,
};
use std::collections::BTreeMap;

/// The transfers with their routes and arrivals filled in, or every problem found with them
/// (`UNKNOWN_REFERENCE`, `BAD_QUANTITY`, `BAD_TRANSFER`, `OUT_OF_RANGE`).
pub(super) fn resolve_transfers(
    b: &InstanceBuilder,
    network: &LaneNetwork,
    windows: &super::LaneWindows,
) -> Result<Vec<Transfer>, Vec<ModelIssue>> {
    let mut issues = Vec::new();
    let mut resolved = Vec::with_capacity(b.transfers.len());
    for (i, t) in b.transfers.iter().enumerate() {
        let subject = Subject::Transfer(TransferId::from_index(i));
        let mut push = |code, message: String, hint: String, field| {
            issues.push(ModelIssue {
                code,
                subject,
                message,
                hint,
                field: Some(field),
            });
        };
        let known = t.material.index() < b.materials.len()
            && t.from.index() < b.sites.len()
            && t.to.index() < b.sites.len()
            && t.lanes.iter().all(|l| l.index() < b.lanes.len());
        if !known {
            push(
                ErrorCode::UnknownReference,
                format!(
                    "transfer '{}' refers to an unknown material, site or lane",
                    t.name
                ),
                "refer only to entities added to the builder".into(),
                "material",
            );
            continue;
        }
        let site = |s: SiteId| b.sites[s.index()].name.as_str();
        if !(t.quantity.is_finite() && t.quantity > 0.0) {
            push(
                ErrorCode::BadQuantity,
                format!("transfer '{}' has quantity {}", t.name, t.quantity),
                "use a quantity > 0".into(),
                "quantity",
            );
            continue;
        }
        if t.from == t.to {
            push(
                ErrorCode::BadTransfer,
                format!(
                    "transfer '{}' leaves from and arrives at the same site '{}'",
                    t.name,
                    site(t.from)
                ),
                "a transfer moves material between two different sites: change 'to' or remove \
                 the row"
                    .into(),
                "to",
            );
            continue;
        }
        let lanes = if t.lanes.is_empty() {
            // One shipment: the lanes must carry the quantity rounded up to whole units.
            let units = u32::try_from(t.quantity.ceil() as u64).unwrap_or(u32::MAX);
            match network.fastest_route(&b.lanes, t.from, t.to, units) {
                Some(route) => route.lanes,
                None => {
                    push(
                        ErrorCode::BadTransfer,
                        format!(
                            "transfer '{}': no route of lanes leads from '{}' to '{}' that carries \
                             {} in one shipment",
                            t.name,
                            site(t.from),
                            site(t.to),
                            compact_number(t.quantity)
                        ),
                        "add a lane in lanes.csv, raise a lane's capacity, or split the transfer \
                         into rows no larger than the lanes carry"
                            .into(),
                        "to",
                    );
                    continue;
                }
            }
        } else {
            if let Some(problem) = route_problem(b, t) {
                push(ErrorCode::BadTransfer, problem.0, problem.1, "route");
                continue;
            }
            t.lanes.clone()
        };
        // Lane windows included: it waits where a lane is closed, and slower windows add.
        let earliest = windows.travel(&b.lanes, &lanes, t.depart);
        let transit = earliest.saturating_sub(t.depart);
        if !in_range(earliest) {
            push(
                ErrorCode::OutOfRange,
                format!(
                    "transfer '{}' would arrive {earliest} minutes after the plan start \
                     (departure plus {transit} minutes of transit), beyond the {MAX_MINUTES} takt \
                     reads",
                    t.name
                ),
                RANGE_HINT.into(),
                "depart",
            );
            continue;
        }
        let arrive = match t.arrive {
            Some(arrive) if arrive < earliest => {
                push(
                    ErrorCode::BadTransfer,
                    format!(
                        "transfer '{}' arrives at {}, before its route allows: it departs at {} \
                         and the lanes take {transit} minutes",
                        t.name,
                        time_label(b.plan_start, arrive),
                        time_label(b.plan_start, t.depart)
                    ),
                    format!(
                        "give an arrival at or after {} (in transfers.csv, a blank 'arrive' means \
                         exactly that)",
                        time_label(b.plan_start, earliest)
                    ),
                    "arrive",
                );
                continue;
            }
            Some(arrive) => arrive,
            None => earliest,
        };
        resolved.push(Transfer {
            lanes,
            arrive: Some(arrive),
            ..t.clone()
        });
    }
    if issues.is_empty() {
        Ok(resolved)
    } else {
        Err(issues)
    }
}

/// Why a given route does not serve its transfer: a lane off the path, or one too small.
fn route_problem(b: &InstanceBuilder, t: &Transfer) -> Option<(String, String)> {
    let site = |s: SiteId| b.sites[s.index()].name.as_str();
    let mut at = t.from;
    for &l in &t.lanes {
        let lane = &b.lanes[l.index()];
        if lane.from != at {
            return Some((
                format!(
                    "transfer '{}': lane '{}' leaves from '{}', but the route is at '{}' there",
                    t.name,
                    lane.name,
                    site(lane.from),
                    site(at)
                ),
                "list the lanes in travel order, each starting where the one before ends".into(),
            ));
        }
        if let Some(capacity) = lane.capacity
            && f64::from(capacity) + QUANTITY_EPS < t.quantity
        {
            return Some((
                format!(
                    "transfer '{}' ships {} on lane '{}', which carries at most {capacity} per \
                     shipment",
                    t.name,
                    compact_number(t.quantity),
                    lane.name
                ),
                format!("split the transfer into rows of at most {capacity}, or take another lane"),
            ));
        }
        at = lane.to;
    }
    (at != t.to).then(|| {
        (
            format!(
                "transfer '{}': its route ends at '{}', not at its destination '{}'",
                t.name,
                site(at),
                site(t.to)
            ),
            "add the lanes that lead on to the destination, or leave 'route' blank for the \
             fastest route"
                .into(),
        )
    })
}

/// `BAD_ADJUSTMENT` for a stock adjustment at `at` that leaves `level` (< 0) at the site.
fn short_adjustment(
    b: &InstanceBuilder,
    site: SiteId,
    material: MaterialId,
    at: super::Minutes,
    level: f64,
) -> Option<ModelIssue> {
    let (i, a) = b.adjustments.iter().enumerate().find(|(_, a)| {
        a.site == site && a.material == material && a.at == at && a.quantity < 0.0
    })?;
    Some(ModelIssue {
        code: ErrorCode::BadAdjustment,
        subject: Subject::Adjustment(i),
        message: format!(
            "the stock adjustment takes {} of material '{}' away at site '{}' at {}, but only {} \
             is there then",
            compact_number(-a.quantity),
            b.materials[material.index()].name,
            b.sites[site.index()].name,
            time_label(b.plan_start, at),
            compact_number((level - a.quantity).max(0.0))
        ),
        hint: "take away at most what the site holds then (stock, deliveries and transfers in, \
               less transfers out)"
            .into(),
        field: Some("quantity"),
    })
}

/// `TRANSFER_SHORT` for every (site, material) where transfers take away more than has arrived by
/// their departure, before any order consumes anything, blamed on the first such transfer;
/// `BAD_ADJUSTMENT` where a stock adjustment does.
pub(super) fn check_sources(
    b: &InstanceBuilder,
    transfers: &[Transfer],
    supplies: &BTreeMap<(SiteId, MaterialId), Supply>,
) -> Vec<ModelIssue> {
    let mut issues = Vec::new();
    for (&(site, material), supply) in supplies {
        let Some(&(at, level)) = supply
            .steps
            .iter()
            .find(|&&(_, level)| level < -QUANTITY_EPS)
        else {
            continue;
        };
        let Some((i, t)) = transfers
            .iter()
            .enumerate()
            .find(|(_, t)| t.from == site && t.material == material && t.depart == at)
        else {
            if let Some(issue) = short_adjustment(b, site, material, at, level) {
                issues.push(issue);
            }
            continue;
        };
        let there = level
            + transfers
                .iter()
                .filter(|t| t.from == site && t.material == material && t.depart == at)
                .map(|t| t.quantity)
                .sum::<f64>();
        issues.push(ModelIssue {
            code: ErrorCode::TransferShort,
            subject: Subject::Transfer(TransferId::from_index(i)),
            message: format!(
                "transfer '{}' takes {} of material '{}' from site '{}' at {}, but only {} is \
                 there by then (stock, deliveries and transfers arrived, less transfers that left)",
                t.name,
                compact_number(t.quantity),
                b.materials[material.index()].name,
                b.sites[site.index()].name,
                time_label(b.plan_start, at),
                compact_number(there.max(0.0))
            ),
            hint: "depart later, ship less, or bring the material to that site first".into(),
            field: Some("quantity"),
        });
    }
    issues
}

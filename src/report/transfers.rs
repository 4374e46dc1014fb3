//! The tables of logistics beside the order tables: the transfers of material the plan sends
//! between sites (`plan_transfers`), and the lane windows (closed or slower lanes) with how much
//! of the plan (shipments, planned and booked transfers) uses each lane and how much reaches it in
//! the window; nothing when there are none.

use super::chart::Ctx;
use super::escape::escape;
use crate::model::compact_number;
use std::fmt::Write;

/// Tables longer than this start folded.
const OPEN_ROWS: usize = 30;

/// The transfers table, or nothing when the plan moves no material.
pub fn transfers_table(ctx: &Ctx) -> String {
    let transfers = &ctx.schedule.transfers;
    if transfers.is_empty() {
        return String::new();
    }
    let inst = ctx.instance;
    let open = if transfers.len() <= OPEN_ROWS {
        " open"
    } else {
        ""
    };
    let mut out = format!(
        r#"<details class="orders" id="transfers"{open}><summary>{} transfer(s) of material</summary><table><tr><th>for order</th><th>material</th><th>from</th><th>to</th><th>quantity</th><th>route</th><th>leaves</th><th>arrives</th><th>cost</th></tr>"#,
        transfers.len()
    );
    for t in transfers {
        // Ids the instance does not know are skipped, never a panic.
        let order = match t.order {
            Some(o) => match inst.orders().get(o.index()) {
                Some(order) => escape(&order.name),
                None => continue,
            },
            None => "(cancelled)".to_string(),
        };
        let (Some(material), Some(from), Some(to)) = (
            inst.materials().get(t.material.index()),
            inst.sites().get(t.from.index()),
            inst.sites().get(t.to.index()),
        ) else {
            continue;
        };
        let route: Vec<&str> = t
            .lanes
            .iter()
            .filter_map(|l| inst.lanes().get(l.index()).map(|l| l.name.as_str()))
            .collect();
        let _ = write!(
            out,
            "<tr><td>{order}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td></tr>",
            escape(&material.name),
            escape(&from.name),
            escape(&to.name),
            compact_number(t.quantity),
            escape(&route.join(" > ")),
            ctx.scale.time(t.depart),
            ctx.scale.time(t.arrive),
            t.cost(inst)
        );
    }
    out.push_str("</table></details>");
    out
}

/// The table of the instance's lane windows (closed or slower lanes) with the shipments and
/// transfers of the plan that use each lane, or nothing when no lane has a window.
pub fn lane_windows_table(ctx: &Ctx) -> String {
    let inst = ctx.instance;
    let windows = inst.lane_windows();
    if windows.is_empty() {
        return String::new();
    }
    let mut out = format!(
        r#"<details class="orders" id="lane-windows" open><summary>{} lane window(s)</summary><table><tr><th>lane</th><th>from</th><th>to</th><th>from minute</th><th>until</th><th>lane is</th><th>shipments and transfers on the lane</th><th>reaching it in the window</th></tr>"#,
        windows.len()
    );
    for w in windows {
        let Some(lane) = inst.lanes().get(w.lane.index()) else {
            continue;
        };
        let (Some(from), Some(to)) = (
            inst.sites().get(lane.from.index()),
            inst.sites().get(lane.to.index()),
        ) else {
            continue;
        };
        let effect = match w.effect {
            crate::model::LaneEffect::Closed => "closed".to_string(),
            crate::model::LaneEffect::Slower { extra } => format!("{extra} min slower"),
        };
        // Every passage along the lane (shipments, planned and booked transfers), and those that
        // reach it inside the window.
        let legs = ctx
            .network
            .lanes
            .iter()
            .find(|(l, _)| *l == w.lane)
            .map_or(&[][..], |(_, legs)| legs.as_slice());
        let users = legs.len();
        let caught = legs
            .iter()
            .filter(|l| w.window.start <= l.reach && l.reach < w.window.end)
            .count();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{effect}</td><td>{users}</td><td>{caught}</td></tr>",
            escape(&lane.name),
            escape(&from.name),
            escape(&to.name),
            ctx.scale.time(w.window.start),
            ctx.scale.time(w.window.end),
        );
    }
    out.push_str("</table></details>");
    out
}

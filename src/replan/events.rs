//! Re-planning events: what happened since the plan was published.
//!
//! Events name entities by their external names (order, machine, site, delivery and product ids as
//! in the instance files), never by typed ids: ids shift when an order is cancelled, names do not.

use crate::model::{Minutes, Window};
use serde::{Deserialize, Serialize};

/// One thing that changed since the baseline plan was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// An inbound delivery arrives later (or earlier) than planned.
    DeliveryDelayed {
        /// The delivery's name.
        delivery: String,
        /// The new ETA; must not lie before `now`.
        eta: Minutes,
    },
    /// The energy price of a site changes during a window (a spike, or a new tariff).
    PriceChange {
        /// The site's name.
        site: String,
        /// When the new price applies; `end` may be [`Minutes::MAX`] for "from `start` on".
        window: Window,
        /// The new price per kWh (>= 0); it replaces every price the site had in the window.
        price_per_kwh: f64,
    },
    /// A machine cannot work during a window (breakdown, unplanned maintenance).
    MachineDown {
        /// The machine's name.
        machine: String,
        /// The downtime. When it overlaps an operation that started before `now`, it is postponed
        /// to start when that operation ends (see the module docs).
        window: Window,
    },
    /// A new order arrives and must be fitted in.
    RushOrder(RushOrder),
    /// An order is withdrawn; it must not have started.
    OrderCancelled {
        /// The order's name.
        order: String,
    },
    /// A running operation takes longer than its routing says.
    Overrun {
        /// The order's name.
        order: String,
        /// The routing step, 0-based (files count steps from 1).
        step: u32,
        /// Extra minutes (> 0) on top of the planned duration.
        extra: Minutes,
    },
}

/// A new order, named by external ids. Omitted fields take the defaults of `orders.csv`, except the
/// release, which defaults to `now`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RushOrder {
    /// The new order's name; no other order may have it.
    pub name: String,
    /// The product's name; the product must have a routing.
    pub product: String,
    /// Units (> 0).
    pub quantity: u32,
    /// The customer site's name, when the order ships.
    pub customer: Option<String>,
    /// No operation starts before this minute; `None` means `now`.
    pub release: Option<Minutes>,
    /// Due minute at the customer.
    pub due: Option<Minutes>,
    /// Tardiness cost per minute late (>= 0).
    pub weight: f64,
    /// Hard deadline at the customer.
    pub deadline: Option<Minutes>,
    /// The site the order must be made at, if fixed.
    pub plant: Option<String>,
}

impl RushOrder {
    /// A rush order for `quantity` units of `product`, released at `now`, weight 1, nothing else set.
    pub fn new(name: impl Into<String>, product: impl Into<String>, quantity: u32) -> Self {
        Self {
            name: name.into(),
            product: product.into(),
            quantity,
            customer: None,
            release: None,
            due: None,
            weight: 1.0,
            deadline: None,
            plant: None,
        }
    }
}

impl Event {
    /// Every event kind as written in `events.csv`.
    pub const KINDS: [&'static str; 6] = [
        "delivery_delayed",
        "price_change",
        "machine_down",
        "rush_order",
        "order_cancelled",
        "overrun",
    ];

    /// The kind as written in `events.csv`, e.g. `machine_down`.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::DeliveryDelayed { .. } => "delivery_delayed",
            Event::PriceChange { .. } => "price_change",
            Event::MachineDown { .. } => "machine_down",
            Event::RushOrder(_) => "rush_order",
            Event::OrderCancelled { .. } => "order_cancelled",
            Event::Overrun { .. } => "overrun",
        }
    }

    /// The event in a few words, e.g. `machine 'M3' down during [600, 720)`.
    pub fn describe(&self) -> String {
        match self {
            Event::DeliveryDelayed { delivery, eta } => {
                format!("delivery '{delivery}' now arrives at {eta}")
            }
            Event::PriceChange {
                site,
                window,
                price_per_kwh,
            } => format!(
                "energy at site '{site}' costs {price_per_kwh} per kWh during {}",
                show_window(*window)
            ),
            Event::MachineDown { machine, window } => {
                format!("machine '{machine}' down during {}", show_window(*window))
            }
            Event::RushOrder(r) => {
                format!("rush order '{}': {} x '{}'", r.name, r.quantity, r.product)
            }
            Event::OrderCancelled { order } => format!("order '{order}' cancelled"),
            Event::Overrun { order, step, extra } => format!(
                "order '{order}' step {} runs {extra} minutes longer",
                step + 1
            ),
        }
    }
}

/// `[start, end)`, or `[start, open)` for an open-ended window.
pub(crate) fn show_window(w: Window) -> String {
    if w.end == Minutes::MAX {
        format!("[{}, open)", w.start)
    } else {
        format!("[{}, {})", w.start, w.end)
    }
}

//! Re-planning events: what happened since the plan was published.
//!
//! Events name entities by their external names (order, machine, site, delivery and product ids as
//! in the instance files), never by typed ids: ids shift when an order is cancelled, names do not.

use crate::model::{Minutes, Priority, Window, time_label};
use chrono::NaiveDateTime;
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
    /// A shipment of material arrives later (or earlier) than planned: a delivery
    /// (`deliveries.csv`) or a booked transfer between sites (`transfers.csv`), e.g. a vessel held
    /// at the port or a truck stuck in traffic. A transfer that has not left by `now` leaves later
    /// by as much (not before `now`).
    ShipmentDelayed {
        /// The delivery's or transfer's name.
        shipment: String,
        /// The new arrival; must not lie before `now`, nor, for a transfer, before its departure
        /// plus its lanes' transit.
        arrive: Minutes,
    },
    /// The stock of a material at a site is corrected at `now`: a count found more (positive) or
    /// less, scrap or a quality hold (negative).
    StockAdjusted {
        /// The site's name.
        site: String,
        /// The material's name.
        material: String,
        /// How much is added (> 0) or taken away (< 0); not 0, and never more than the site holds.
        quantity: f64,
    },
    /// A lane is closed during a window (a road closure, a strike, a lock under repair): nothing
    /// enters it then; shipments and transfers wait at its origin until it reopens, or take another
    /// route. The window may not start before `now`.
    LaneClosed {
        /// The lane's name.
        lane: String,
        /// When the lane is closed.
        window: Window,
    },
    /// A lane is slower during a window (congestion, a detour): entering it then takes `extra`
    /// minutes more than its transit. The window may not start before `now`.
    LaneDelayed {
        /// The lane's name.
        lane: String,
        /// When the lane is slower.
        window: Window,
        /// Minutes added to the lane's transit (> 0).
        extra: Minutes,
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
    /// A machine cannot work during a window (breakdown, unplanned maintenance). The window may
    /// not start before `now`.
    MachineDown {
        /// The machine's name.
        machine: String,
        /// The downtime.
        window: Window,
        /// What happens to the operation running on the machine when the window starts.
        #[serde(default)]
        interrupt: Interrupt,
    },
    /// Every machine of a site cannot work during a window (power cut, strike, flood). As
    /// [`Event::MachineDown`] for each of them.
    SiteDown {
        /// The site's name.
        site: String,
        /// The downtime.
        window: Window,
        /// What happens to the operations running at the site when the window starts.
        #[serde(default)]
        interrupt: Interrupt,
    },
    /// A machine may fail during a window (a predicted failure, e.g. from condition monitoring).
    /// Not a downtime: the plan may still use the machine then, but every minute of work placed on
    /// it inside the window costs `probability x` the minute-of-delay unit (a risk penalty the
    /// re-plan weighs against moving the work elsewhere; see `docs/REPLAN.md`).
    MachineAtRisk {
        /// The machine's name.
        machine: String,
        /// When it may fail.
        window: Window,
        /// How likely the failure is, in (0, 1].
        probability: f64,
    },
    /// A new order arrives and must be fitted in.
    RushOrder(RushOrder),
    /// An order is withdrawn; it must not have started.
    OrderCancelled {
        /// The order's name.
        order: String,
    },
    /// A customer raises or lowers what an order is worth: the given amounts (money for the whole
    /// order, >= 0) replace the order's revenue and variable cost; `None` keeps one as it was.
    OrderValueChanged {
        /// The order's name.
        order: String,
        /// The new revenue.
        revenue: Option<f64>,
        /// The new variable cost.
        variable_cost: Option<f64>,
    },
    /// An order moves to another priority class.
    OrderPriorityChanged {
        /// The order's name.
        order: String,
        /// The new class.
        priority: Priority,
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

/// What a breakdown does to the operation running on the machine when it starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interrupt {
    /// The running operation finishes first; the downtime starts when it ends (keeping its
    /// length). The default, and what a planned stop does.
    #[default]
    FinishFirst,
    /// The running operation stops when the breakdown starts and starts over from the beginning
    /// when it ends, on the same machine: it ends `breakdown end - its start` minutes later.
    Restart,
    /// The running operation pauses during the breakdown and then finishes its remaining work: it
    /// ends the breakdown's length later.
    Resume,
}

impl Interrupt {
    /// The value in the `interrupt` column of `events.csv` (`finish_first` is written blank).
    pub fn as_str(self) -> &'static str {
        match self {
            Interrupt::FinishFirst => "finish_first",
            Interrupt::Restart => "restart",
            Interrupt::Resume => "resume",
        }
    }
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
    pub const KINDS: [&'static str; 14] = [
        "delivery_delayed",
        "shipment_delayed",
        "stock_adjusted",
        "lane_closed",
        "lane_delayed",
        "price_change",
        "machine_down",
        "site_down",
        "machine_at_risk",
        "rush_order",
        "order_cancelled",
        "overrun",
        "order_value_changed",
        "order_priority_changed",
    ];

    /// A breakdown of `machine` during `window`; the running operation finishes first.
    pub fn machine_down(machine: impl Into<String>, window: Window) -> Self {
        Event::MachineDown {
            machine: machine.into(),
            window,
            interrupt: Interrupt::FinishFirst,
        }
    }

    /// The kind as written in `events.csv`, e.g. `machine_down`.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::DeliveryDelayed { .. } => "delivery_delayed",
            Event::ShipmentDelayed { .. } => "shipment_delayed",
            Event::StockAdjusted { .. } => "stock_adjusted",
            Event::LaneClosed { .. } => "lane_closed",
            Event::LaneDelayed { .. } => "lane_delayed",
            Event::PriceChange { .. } => "price_change",
            Event::MachineDown { .. } => "machine_down",
            Event::SiteDown { .. } => "site_down",
            Event::MachineAtRisk { .. } => "machine_at_risk",
            Event::RushOrder(_) => "rush_order",
            Event::OrderCancelled { .. } => "order_cancelled",
            Event::Overrun { .. } => "overrun",
            Event::OrderValueChanged { .. } => "order_value_changed",
            Event::OrderPriorityChanged { .. } => "order_priority_changed",
        }
    }

    /// The event in a few words with times in minutes, e.g. `machine 'M3' down during [600, 720)`.
    pub fn describe(&self) -> String {
        self.describe_at(None)
    }

    /// The event in a few words, with times as date-times when `plan_start` is known, e.g.
    /// `machine 'M3' down during [2025-03-03T16:00, 2025-03-03T18:00)`.
    pub fn describe_at(&self, plan_start: Option<NaiveDateTime>) -> String {
        let at = |t: Minutes| point(plan_start, t);
        let window = |w: Window| show_window_at(plan_start, w);
        let interrupting = |i: &Interrupt| match i {
            Interrupt::FinishFirst => String::new(),
            Interrupt::Restart => ", the running operation starts over after it".to_string(),
            Interrupt::Resume => ", the running operation resumes after it".to_string(),
        };
        match self {
            Event::DeliveryDelayed { delivery, eta } => {
                format!("delivery '{delivery}' now arrives at {}", at(*eta))
            }
            Event::ShipmentDelayed { shipment, arrive } => {
                format!("shipment '{shipment}' now arrives at {}", at(*arrive))
            }
            Event::StockAdjusted {
                site,
                material,
                quantity,
            } => format!(
                "stock of '{material}' at site '{site}' corrected by {}",
                crate::model::compact_number(*quantity)
            ),
            Event::LaneClosed { lane, window: w } => {
                format!("lane '{lane}' closed during {}", window(*w))
            }
            Event::LaneDelayed {
                lane,
                window: w,
                extra,
            } => format!(
                "lane '{lane}' takes {extra} minutes longer when entered during {}",
                window(*w)
            ),
            Event::PriceChange {
                site,
                window: w,
                price_per_kwh,
            } => format!(
                "energy at site '{site}' costs {price_per_kwh} per kWh during {}",
                window(*w)
            ),
            Event::MachineDown {
                machine,
                window: w,
                interrupt,
            } => format!(
                "machine '{machine}' down during {}{}",
                window(*w),
                interrupting(interrupt)
            ),
            Event::SiteDown {
                site,
                window: w,
                interrupt,
            } => format!(
                "every machine of site '{site}' down during {}{}",
                window(*w),
                interrupting(interrupt)
            ),
            Event::MachineAtRisk {
                machine,
                window: w,
                probability,
            } => format!(
                "machine '{machine}' may fail during {} (probability {probability})",
                window(*w)
            ),
            Event::RushOrder(r) => {
                format!("rush order '{}': {} x '{}'", r.name, r.quantity, r.product)
            }
            Event::OrderCancelled { order } => format!("order '{order}' cancelled"),
            Event::Overrun { order, step, extra } => format!(
                "order '{order}' step {} runs {extra} minutes longer",
                step + 1
            ),
            Event::OrderValueChanged {
                order,
                revenue,
                variable_cost,
            } => {
                let parts: Vec<String> = [("revenue", revenue), ("variable cost", variable_cost)]
                    .iter()
                    .filter_map(|(name, x)| {
                        x.map(|x| format!("{name} {}", crate::model::compact_number(x)))
                    })
                    .collect();
                format!("order '{order}' now worth: {}", parts.join(", "))
            }
            Event::OrderPriorityChanged { order, priority } => {
                format!("order '{order}' now has priority {priority}")
            }
        }
    }
}

/// `[start, end)`, or `[start, open)`, with date-times when `plan_start` is known.
pub(crate) fn show_window_at(plan_start: Option<NaiveDateTime>, w: Window) -> String {
    if w.end == Minutes::MAX {
        format!("[{}, open)", point(plan_start, w.start))
    } else {
        format!(
            "[{}, {})",
            point(plan_start, w.start),
            point(plan_start, w.end)
        )
    }
}

/// A date-time when `plan_start` is known, the bare minute otherwise.
pub(crate) fn point(plan_start: Option<NaiveDateTime>, t: Minutes) -> String {
    match plan_start {
        Some(_) => time_label(plan_start, t),
        None => t.to_string(),
    }
}

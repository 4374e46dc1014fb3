//! `events.csv`: what happened since a plan was published, for `takt replan`.
//!
//! One row per event, applied in file order. The `kind` column says what happened; each kind uses
//! its own columns and the others stay blank. Names refer to the instance's ids (and to rush orders
//! added on earlier rows). Times are minutes or ISO date-times like every time cell. See
//! `docs/REPLAN.md`.

use super::cells::{Range, typo_hint, unknown_hint};
use super::cells_choice::parse_choice;
use super::error::{InputError, InputErrors};
use super::invisible::visible;
use super::source::Source;
use super::table::{Cells, Row, Schema, Table};
use crate::model::ErrorCode;
use crate::model::{Instance, MAX_MONEY, Minutes, Priority, Window, compact_number};
use crate::replan::{Event, Interrupt, RushOrder};
use std::collections::BTreeMap;
use std::path::Path;

const SCHEMA: Schema = Schema {
    required: &["kind"],
    optional: &[
        "delivery",
        "eta",
        "shipment",
        "arrive",
        "material",
        "lane",
        "site",
        "machine",
        "start",
        "end",
        "interrupt",
        "probability",
        "price_per_kwh",
        "order",
        "step",
        "extra",
        "product",
        "quantity",
        "customer",
        "release",
        "due",
        "weight",
        "deadline",
        "plant",
        "revenue",
        "variable_cost",
        "priority",
    ],
};

/// The columns each kind uses; every other cell of its row must be blank.
fn columns_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "delivery_delayed" => &["delivery", "eta"],
        "shipment_delayed" => &["shipment", "arrive"],
        "stock_adjusted" => &["site", "material", "quantity"],
        "lane_closed" => &["lane", "start", "end"],
        "lane_delayed" => &["lane", "start", "end", "extra"],
        "price_change" => &["site", "start", "end", "price_per_kwh"],
        "machine_down" => &["machine", "start", "end", "interrupt"],
        "site_down" => &["site", "start", "end", "interrupt"],
        "machine_at_risk" => &["machine", "start", "end", "probability"],
        "rush_order" => &[
            "order", "product", "quantity", "customer", "release", "due", "weight", "deadline",
            "plant",
        ],
        "order_cancelled" => &["order"],
        "overrun" => &["order", "step", "extra"],
        "order_value_changed" => &["order", "revenue", "variable_cost"],
        "order_priority_changed" => &["order", "priority"],
        _ => &[],
    }
}

/// Events read from a file, with the line each came from.
#[derive(Clone, Debug, PartialEq)]
pub struct EventsFile {
    /// The events in file order.
    pub events: Vec<Event>,
    /// The 1-based line of each event.
    pub lines: Vec<usize>,
}

/// The columns of an event row besides `kind`, for readers of files that add columns (what-if
/// scenarios).
pub(crate) const EVENT_COLUMNS: &[&str] = SCHEMA.optional;

/// Reads rows of a table that has the columns of `events.csv` (and maybe more) as one sequence of
/// events: rush orders added on earlier rows may be named on later ones. Problems go to `errors`.
pub(crate) fn read_event_rows<'t>(
    instance: &Instance,
    rows: impl IntoIterator<Item = Row<'t>>,
    errors: &mut Vec<InputError>,
) -> EventsFile {
    let mut names = Names::new(instance);
    let mut file = EventsFile {
        events: Vec::new(),
        lines: Vec::new(),
    };
    for row in rows {
        if let Some(event) = read_row(instance, &mut names, &row, errors) {
            file.events.push(event);
            file.lines.push(row.line());
        }
    }
    file
}

/// Reads `events.csv` for `instance` (see [`parse_events`]).
///
/// # Errors
/// Every problem of every row, with file, line and column; `MISSING_FILE` / `UNREADABLE_FILE`
/// when the file cannot be read.
pub fn read_events(instance: &Instance, path: &Path) -> Result<EventsFile, InputErrors> {
    parse_events(instance, &Source::from_path(path)?)
}

/// Reads the events held in `source` for `instance`. Unknown kinds, names the instance does not
/// have, cells that do not belong to a row's kind and bad values are reported with the source's
/// name, line and column. Contradictions with what already happened are judged when the events
/// are applied.
///
/// # Errors
/// Every problem of every row; no row is left out silently.
pub fn parse_events(instance: &Instance, source: &Source) -> Result<EventsFile, InputErrors> {
    let mut errors = Vec::new();
    let file = match Table::from_source(source, &SCHEMA, &mut errors) {
        Some(table) => read_event_rows(instance, table.rows(), &mut errors),
        None => EventsFile {
            events: Vec::new(),
            lines: Vec::new(),
        },
    };
    if errors.is_empty() {
        Ok(file)
    } else {
        Err(InputErrors(errors))
    }
}

/// Order names events may refer to; they change as rush orders are added and orders cancelled.
struct Names {
    /// Order name -> `Ok(line that added it)` (0: the instance) or `Err(line that cancelled it)`.
    orders: BTreeMap<String, Result<usize, usize>>,
}

impl Names {
    fn new(instance: &Instance) -> Self {
        Self {
            orders: instance
                .orders()
                .iter()
                .map(|o| (o.name.clone(), Ok(0)))
                .collect(),
        }
    }
}

fn read_row(
    instance: &Instance,
    names: &mut Names,
    row: &Row<'_>,
    errors: &mut Vec<InputError>,
) -> Option<Event> {
    let kind = row.text("kind");
    if kind.is_empty() {
        errors.push(row.error(
            "kind",
            ErrorCode::MissingValue,
            "the required value 'kind' is empty",
            format!("say what happened: one of {}", Event::KINDS.join(", ")),
        ));
        return None;
    }
    if !Event::KINDS.contains(&kind) {
        let hint = typo_hint(
            kind,
            Event::KINDS,
            &format!("use one of {}", Event::KINDS.join(", ")),
        );
        errors.push(row.error(
            "kind",
            ErrorCode::UnknownEventKind,
            format!("'{}' is not an event kind", visible(kind)),
            hint,
        ));
        return None;
    }
    let used = columns_of(kind);
    let before = errors.len();
    for column in SCHEMA.optional {
        if !used.contains(column) && !row.text(column).is_empty() {
            errors.push(row.error(
                column,
                ErrorCode::CellNotUsed,
                format!("an event of kind {kind} has no '{column}'"),
                format!(
                    "leave it blank; an event of kind {kind} uses {}",
                    used.join(", ")
                ),
            ));
        }
    }
    let plan_start = instance.plan_start();
    let mut cells = row.cells(errors);
    let event = match kind {
        "delivery_delayed" => {
            let delivery = cells.id("delivery");
            let eta = cells.time("eta", plan_start);
            let delivery = delivery.filter(|d| {
                known(
                    instance.deliveries().iter().map(|x| x.name.as_str()),
                    d,
                    "delivery",
                    ErrorCode::UnknownDelivery,
                    "deliveries.csv",
                    row,
                    cells.errors(),
                )
            });
            Some(Event::DeliveryDelayed {
                delivery: delivery?.to_string(),
                eta: eta?,
            })
        }
        "shipment_delayed" => {
            let shipment = cells.id("shipment");
            let arrive = cells.time("arrive", plan_start);
            let shipment = shipment.filter(|s| {
                known(
                    instance
                        .deliveries()
                        .iter()
                        .map(|x| x.name.as_str())
                        .chain(instance.transfers().iter().map(|x| x.name.as_str())),
                    s,
                    "shipment",
                    ErrorCode::UnknownShipment,
                    "deliveries.csv or transfers.csv",
                    row,
                    cells.errors(),
                )
            });
            Some(Event::ShipmentDelayed {
                shipment: shipment?.to_string(),
                arrive: arrive?,
            })
        }
        "stock_adjusted" => {
            let site = cells.id("site");
            let material = cells.id("material");
            let quantity = cells.decimal("quantity", Range::Any);
            let site = site.filter(|s| known_site(instance, s, "site", row, &mut cells));
            let material = material.filter(|m| {
                known(
                    instance.materials().iter().map(|x| x.name.as_str()),
                    m,
                    "material",
                    ErrorCode::UnknownMaterial,
                    "bom.csv",
                    row,
                    cells.errors(),
                )
            });
            Some(Event::StockAdjusted {
                site: site?.to_string(),
                material: material?.to_string(),
                quantity: quantity?,
            })
        }
        "lane_closed" | "lane_delayed" => {
            let lane = cells.id("lane");
            let start = cells.time("start", plan_start);
            let end = cells.time("end", plan_start);
            let extra = (kind == "lane_delayed")
                .then(|| cells.positive_minutes("extra"))
                .flatten();
            let lane = lane.filter(|l| {
                known(
                    instance.lanes().iter().map(|x| x.name.as_str()),
                    l,
                    "lane",
                    ErrorCode::UnknownLane,
                    "lanes.csv",
                    row,
                    cells.errors(),
                )
            });
            let window = window(row, start?, end?, &mut cells)?;
            let lane = lane?.to_string();
            Some(match kind {
                "lane_closed" => Event::LaneClosed { lane, window },
                _ => Event::LaneDelayed {
                    lane,
                    window,
                    extra: extra?,
                },
            })
        }
        "price_change" => {
            let site = cells.id("site");
            let start = cells.time("start", plan_start);
            let end = cells.time_or("end", Minutes::MAX, plan_start);
            let price = cells.decimal("price_per_kwh", Range::NonNegative);
            let site = site.filter(|s| known_site(instance, s, "site", row, &mut cells));
            let window = window(row, start?, end?, &mut cells)?;
            Some(Event::PriceChange {
                site: site?.to_string(),
                window,
                price_per_kwh: price?,
            })
        }
        "machine_down" | "machine_at_risk" => {
            let machine = cells.id("machine");
            let start = cells.time("start", plan_start);
            let end = cells.time("end", plan_start);
            let interrupt = interrupt(row, &mut cells);
            let probability = (kind == "machine_at_risk")
                .then(|| cells.decimal("probability", Range::Positive))
                .flatten()
                .filter(|&p| at_most_one(p, row, &mut cells));
            let machine = machine.filter(|m| {
                known(
                    instance.machines().iter().map(|x| x.name.as_str()),
                    m,
                    "machine",
                    ErrorCode::UnknownMachine,
                    "machines.csv",
                    row,
                    cells.errors(),
                )
            });
            let window = window(row, start?, end?, &mut cells)?;
            let machine = machine?.to_string();
            Some(match kind {
                "machine_down" => Event::MachineDown {
                    machine,
                    window,
                    interrupt: interrupt?,
                },
                _ => Event::MachineAtRisk {
                    machine,
                    window,
                    probability: probability?,
                },
            })
        }
        "site_down" => {
            let site = cells.id("site");
            let start = cells.time("start", plan_start);
            let end = cells.time("end", plan_start);
            let interrupt = interrupt(row, &mut cells);
            let site = site.filter(|s| known_site(instance, s, "site", row, &mut cells));
            let window = window(row, start?, end?, &mut cells)?;
            Some(Event::SiteDown {
                site: site?.to_string(),
                window,
                interrupt: interrupt?,
            })
        }
        "rush_order" => rush_order(instance, names, row, &mut cells),
        "order_cancelled" => {
            let order = cells.id("order")?;
            if !known_order(names, order, row, &mut cells) {
                return None;
            }
            names.orders.insert(order.to_string(), Err(row.line()));
            Some(Event::OrderCancelled {
                order: order.to_string(),
            })
        }
        "order_value_changed" => {
            let order = cells.id("order");
            let revenue = cells
                .maybe_decimal("revenue", Range::NonNegative)
                .filter(|x| within_money(*x, "revenue", row, &mut cells));
            let variable_cost = cells
                .maybe_decimal("variable_cost", Range::NonNegative)
                .filter(|x| within_money(*x, "variable_cost", row, &mut cells));
            let order = order.filter(|o| known_order(names, o, row, &mut cells));
            let (revenue, variable_cost) = (revenue?, variable_cost?);
            if revenue.is_none() && variable_cost.is_none() {
                cells.errors().push(row.error(
                    "revenue",
                    ErrorCode::MissingValue,
                    "an order_value_changed event gives neither 'revenue' nor 'variable_cost'",
                    "give the order's new revenue, its new variable cost, or both",
                ));
                return None;
            }
            Some(Event::OrderValueChanged {
                order: order?.to_string(),
                revenue,
                variable_cost,
            })
        }
        "order_priority_changed" => {
            let order = cells.id("order");
            let priority = match row.text("priority") {
                "" => cells.id("priority").and(None),
                text => match parse_choice::<Priority>(text, "priority class") {
                    Ok(p) => Some(p),
                    Err(e) => {
                        let error = row.error("priority", e.code, e.message, e.hint);
                        cells.errors().push(error);
                        None
                    }
                },
            };
            let order = order.filter(|o| known_order(names, o, row, &mut cells));
            Some(Event::OrderPriorityChanged {
                order: order?.to_string(),
                priority: priority?,
            })
        }
        _ => {
            let order = cells.id("order");
            let step = cells.count("step", Range::Positive);
            let extra = cells.positive_minutes("extra");
            let order = order.filter(|o| known_order(names, o, row, &mut cells));
            let step = step.map(|s| s - 1);
            Some(Event::Overrun {
                order: order?.to_string(),
                step: step?,
                extra: extra?,
            })
        }
    };
    // A row with a misplaced cell is reported, not applied.
    if errors.len() > before {
        return None;
    }
    event
}

fn window(
    row: &Row<'_>,
    start: Minutes,
    end: Minutes,
    cells: &mut Cells<'_, '_>,
) -> Option<Window> {
    if end <= start {
        cells.errors().push(row.error(
            "end",
            ErrorCode::EmptyWindow,
            format!("the window ends at {end}, not after its start {start}"),
            "make the end later than the start",
        ));
        return None;
    }
    Some(Window::new(start, end))
}

/// The `interrupt` cell: blank or `finish_first`, `restart`, `resume`.
fn interrupt(row: &Row<'_>, cells: &mut Cells<'_, '_>) -> Option<Interrupt> {
    let all = [
        Interrupt::FinishFirst,
        Interrupt::Restart,
        Interrupt::Resume,
    ];
    let text = cells.text("interrupt").unwrap_or("finish_first");
    let found = all.into_iter().find(|i| i.as_str() == text);
    if found.is_none() {
        cells.errors().push(row.error(
            "interrupt",
            ErrorCode::BadInterrupt,
            format!("'{text}' is not a way to interrupt the running operation"),
            "leave it blank (the running operation finishes first) or write restart or resume",
        ));
    }
    found
}

/// True when an amount of money (blank: `None`) is at most [`MAX_MONEY`], the bound `orders.csv`
/// has; otherwise records an error in `column`.
fn within_money(x: Option<f64>, column: &str, row: &Row<'_>, cells: &mut Cells<'_, '_>) -> bool {
    let Some(x) = x.filter(|x| *x > MAX_MONEY) else {
        return true;
    };
    cells.errors().push(row.error(
        column,
        ErrorCode::OutOfRange,
        format!(
            "{column} {} is beyond the {MAX_MONEY:e} takt reads",
            compact_number(x)
        ),
        format!(
            "give the order's new {} for the whole order, from 0 to {MAX_MONEY:e}",
            column.replace('_', " ")
        ),
    ));
    false
}

/// True when a probability is at most 1; otherwise records an error.
fn at_most_one(p: f64, row: &Row<'_>, cells: &mut Cells<'_, '_>) -> bool {
    if p > 1.0 {
        cells.errors().push(row.error(
            "probability",
            ErrorCode::OutOfRange,
            format!("probability {} is above 1", compact_number(p)),
            "give the chance of the failure as a number above 0 and at most 1",
        ));
    }
    p <= 1.0
}

/// True when `name` is one of `names`; otherwise records an error with a close match if any.
fn known<'a>(
    names: impl Iterator<Item = &'a str> + Clone,
    name: &str,
    kind: &str,
    code: ErrorCode,
    file: &str,
    row: &Row<'_>,
    errors: &mut Vec<InputError>,
) -> bool {
    if names.clone().any(|n| n == name) {
        return true;
    }
    let hint = unknown_hint(
        name,
        names,
        &format!("name a {kind} of the instance ({file})"),
    );
    errors.push(row.error(
        kind,
        code,
        format!("unknown {kind} '{}'", visible(name)),
        hint,
    ));
    false
}

fn known_site(
    instance: &Instance,
    name: &str,
    column: &str,
    row: &Row<'_>,
    cells: &mut Cells<'_, '_>,
) -> bool {
    let sites = instance.sites().iter().map(|s| s.name.as_str());
    if sites.clone().any(|n| n == name) {
        return true;
    }
    let hint = unknown_hint(name, sites, "name a site of the instance (sites.csv)");
    cells.errors().push(row.error(
        column,
        ErrorCode::UnknownSite,
        format!("unknown site '{}'", visible(name)),
        hint,
    ));
    false
}

/// True when `name` is an order of the instance or a rush order of an earlier row, not cancelled.
fn known_order(names: &Names, name: &str, row: &Row<'_>, cells: &mut Cells<'_, '_>) -> bool {
    let (message, hint) = match names.orders.get(name) {
        Some(Ok(_)) => return true,
        Some(Err(line)) => (
            format!("order '{name}' was cancelled on line {line}"),
            "remove one of the two events".to_string(),
        ),
        None => (
            format!("unknown order '{}'", visible(name)),
            unknown_hint(
                name,
                names.orders.keys().map(String::as_str),
                "name an order of orders.csv or a rush order added on an earlier row",
            ),
        ),
    };
    cells
        .errors()
        .push(row.error("order", ErrorCode::UnknownOrder, message, hint));
    false
}

fn rush_order(
    instance: &Instance,
    names: &mut Names,
    row: &Row<'_>,
    cells: &mut Cells<'_, '_>,
) -> Option<Event> {
    let plan_start = instance.plan_start();
    let name = cells.id("order");
    let product = cells.id("product");
    let quantity = cells.count("quantity", Range::Positive);
    let release = cells.maybe_time("release", plan_start);
    let due = cells.maybe_time("due", plan_start);
    let weight = cells.decimal_or("weight", 1.0, Range::NonNegative);
    let deadline = cells.maybe_time("deadline", plan_start);
    let customer = cells.text("customer");
    let plant = cells.text("plant");
    let customer_ok = customer.is_none_or(|c| known_site(instance, c, "customer", row, cells));
    let plant_ok = plant.is_none_or(|p| known_site(instance, p, "plant", row, cells));
    let product = product.filter(|p| {
        known(
            instance.products().iter().map(|x| x.name.as_str()),
            p,
            "product",
            ErrorCode::UnknownProduct,
            "routings.csv",
            row,
            cells.errors(),
        )
    });
    let name = name?;
    if let Some(previous) = names.orders.get(name) {
        let line = match previous {
            Ok(0) => "in orders.csv".to_string(),
            Ok(line) | Err(line) => format!("on line {line}"),
        };
        cells.errors().push(row.error(
            "order",
            ErrorCode::DuplicateId,
            format!("order '{name}' already exists ({line})"),
            "give the rush order a new id",
        ));
        return None;
    }
    names.orders.insert(name.to_string(), Ok(row.line()));
    if !(customer_ok && plant_ok) {
        return None;
    }
    Some(Event::RushOrder(RushOrder {
        name: name.to_string(),
        product: product?.to_string(),
        quantity: quantity?,
        customer: customer.map(str::to_string),
        release: release?,
        due: due?,
        weight: weight?,
        deadline: deadline?,
        plant: plant.map(str::to_string),
    }))
}

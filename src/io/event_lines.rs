//! Placing a re-planning error at the line of `events.csv` it comes from, and at the column whose
//! value the error is about.

use super::events::EventsFile;
use crate::replan::{Event, EventCode, ReplanError};

impl EventsFile {
    /// The 1-based line of the event `error` is about, when it is about one event of this file.
    pub fn line_of(&self, error: &ReplanError) -> Option<usize> {
        match error {
            ReplanError::Event(e) => self.lines.get(e.index).copied(),
            ReplanError::Model { index, .. } => self.lines.get(*index).copied(),
            _ => None,
        }
    }

    /// The column of `events.csv` whose value the event error `error` is about (`None` when it
    /// is about the event as a whole, or not about one event).
    pub fn column_of(&self, error: &ReplanError) -> Option<&'static str> {
        let ReplanError::Event(e) = error else {
            return None;
        };
        let kind = self.events.get(e.index).map(Event::kind)?;
        let delivery = kind == "delivery_delayed";
        Some(match e.code {
            EventCode::UnknownDelivery => "delivery",
            EventCode::UnknownShipment => "shipment",
            EventCode::UnknownMachine => "machine",
            EventCode::UnknownMaterial => "material",
            EventCode::UnknownOrder | EventCode::DuplicateOrder | EventCode::OrderStarted => {
                "order"
            }
            EventCode::UnknownProduct => "product",
            EventCode::UnknownLane => "lane",
            // A rush order names a site as customer or plant; the message says which.
            EventCode::UnknownSite if kind == "rush_order" => return None,
            EventCode::UnknownSite | EventCode::NoMachines => "site",
            EventCode::BadExtra | EventCode::BadLaneDelay => "extra",
            EventCode::OverrunContradictsHistory => "extra",
            EventCode::BadPrice => "price_per_kwh",
            EventCode::BadProbability => "probability",
            EventCode::BadQuantity => "quantity",
            EventCode::BadStep | EventCode::NotRunning => "step",
            EventCode::DeliveryArrived if delivery => "delivery",
            EventCode::DeliveryArrived => "shipment",
            EventCode::EtaBeforeNow if delivery => "eta",
            EventCode::EtaBeforeNow => "arrive",
            EventCode::EmptyWindow => "end",
            EventCode::WindowBeforeNow => "start",
        })
    }
}

//! Typed indices for every entity of the plant model.
//!
//! Entities refer to each other by these ids; external string names live on the entities for display
//! and in the readers, never as references.

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub struct $name(pub u32);

        impl $name {
            /// The position of this entity in the instance's list of its kind.
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The id of the entity at position `index`.
            #[inline]
            pub fn from_index(index: usize) -> Self {
                Self(u32::try_from(index).expect("more than u32::MAX entities"))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}#{}", stringify!($name), self.0)
            }
        }
    };
}

typed_id!(
    /// A plant, warehouse, supplier or customer location.
    SiteId
);
typed_id!(
    /// A machine (resource that processes one operation at a time).
    MachineId
);
typed_id!(
    /// A product with its routing and bill of materials.
    ProductId
);
typed_id!(
    /// A material consumed by products and held as stock at sites.
    MaterialId
);
typed_id!(
    /// A customer order.
    OrderId
);
typed_id!(
    /// A directed transport lane between two sites.
    LaneId
);
typed_id!(
    /// One operation: one routing step of one order.
    OpId
);
typed_id!(
    /// An inbound material delivery.
    DeliveryId
);
typed_id!(
    /// A material transfer between two sites.
    TransferId
);

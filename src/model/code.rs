//! Stable error codes of input problems: one enum for every reader and the model builder.

use serde::{Serialize, Serializer};
use strum::{EnumIter, EnumString, IntoStaticStr};

/// The stable code of an input problem, written `SCREAMING_SNAKE_CASE` (e.g. `NOT_A_NUMBER`).
///
/// The string forms never change: tools and tests may match on them ([`ErrorCode::as_str`],
/// `Display`, `FromStr`, and comparison with a `&str`). New codes may be added, hence
/// `#[non_exhaustive]`. Every code is listed in the README (*Error codes*).
///
/// ```
/// use takt::model::ErrorCode;
/// assert_eq!(ErrorCode::NotANumber.as_str(), "NOT_A_NUMBER");
/// assert_eq!("OUT_OF_RANGE".parse::<ErrorCode>(), Ok(ErrorCode::OutOfRange));
/// assert!(ErrorCode::OutOfRange == "OUT_OF_RANGE");
/// ```
#[non_exhaustive]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    IntoStaticStr,
    EnumString,
    EnumIter,
    strum::Display,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    // Files and folders.
    /// A required file (or the given file) does not exist.
    MissingFile,
    /// The instance folder does not exist.
    MissingFolder,
    /// A folder was expected, a file was given.
    NotAFolder,
    /// A file in the instance folder is not part of the format.
    UnknownFile,
    /// The file cannot be read (permissions, not a file, broken CSV).
    UnreadableFile,
    /// The file is not UTF-8 text.
    #[strum(serialize = "NOT_UTF8")]
    NotUtf8,
    /// The same file given twice to an in-memory reader.
    DuplicateFile,
    /// The file has no header line (CSV) or no data (benchmark files).
    EmptyFile,

    // Table structure.
    /// A header names a column the file does not have.
    UnknownColumn,
    /// A required column is missing from the header.
    MissingColumn,
    /// A column appears twice in the header.
    DuplicateColumn,
    /// A row has a different number of cells than the header.
    FieldCount,
    /// A required cell is blank.
    MissingValue,
    /// The text holds a NUL character: a UTF-16 or binary file read as UTF-8. (Other invisible
    /// characters are named in the hint of the error they cause.)
    InvisibleCharacter,

    // Cell values.
    /// Not a finite decimal number.
    NotANumber,
    /// Not a whole number.
    NotAnInteger,
    /// A negative value where only values >= 0 are allowed.
    NegativeValue,
    /// A value <= 0 where only values > 0 are allowed.
    NotPositive,
    /// Neither whole minutes nor a date-time.
    NotATime,
    /// Not a date-time (`plan_start`).
    NotADateTime,
    /// A date-time in a time cell but no `plan_start`.
    NoPlanStart,
    /// A date-time that is not a whole number of minutes from the plan start.
    NotWholeMinute,
    /// A value, or a time computed from values, beyond the limits (10^10 minutes).
    OutOfRange,
    /// A word that is not one of the documented choices (priority class, yes/no, objective form,
    /// plan decision).
    UnknownChoice,
    /// Two columns that say the same thing in different units were both filled (e.g. `revenue` and
    /// `revenue_per_unit`).
    ConflictingColumns,

    // Ids and references.
    /// An id defined twice.
    DuplicateId,
    /// An entity with an empty name.
    EmptyName,
    /// An id that begins or ends with white space (cells are trimmed, so it could not be read
    /// back) or holds a control character.
    BadName,
    /// A reference to an unknown site.
    UnknownSite,
    /// A reference to an unknown machine.
    UnknownMachine,
    /// A reference to an unknown product.
    UnknownProduct,
    /// A reference to an unknown material.
    UnknownMaterial,
    /// A reference to an unknown order.
    UnknownOrder,
    /// A reference to an unknown lane.
    UnknownLane,
    /// A reference to an unknown delivery.
    UnknownDelivery,
    /// A reference to an unknown material transfer.
    UnknownTransfer,
    /// A reference to a shipment that is neither a delivery nor a booked transfer.
    UnknownShipment,
    /// A reference to an unknown site or material.
    UnknownReference,
    /// A key of `objective.csv` that does not exist.
    UnknownKey,
    /// A key of `objective.csv` given twice.
    DuplicateKey,
    /// A route whose lane names can be read in more than one way.
    AmbiguousRoute,

    // Model rules.
    /// Steps of a product numbered with a gap.
    StepGap,
    /// A step with no eligible machine.
    NoEligibleMachine,
    /// A machine listed twice for one step.
    DuplicateOption,
    /// A step that takes no time.
    ZeroDuration,
    /// Rows of one step with different minimum lags.
    InconsistentLag,
    /// A minimum lag on the first step.
    LagOnFirstStep,
    /// A negative minimum lag.
    NegativeLag,
    /// A negative setup or run time.
    NegativeTime,
    /// A material listed twice in a product's bill of materials.
    DuplicateBomLine,
    /// Stock of one material at one site given twice.
    DuplicateStock,
    /// A quantity that is not positive (or negative stock).
    BadQuantity,
    /// A material transfer between two sites whose route does not lead from its origin to its
    /// destination, has a lane too small for the quantity, or arrives before its transit allows.
    BadTransfer,
    /// A material transfer that takes more from its origin than has arrived there by its departure.
    TransferShort,
    /// A stock adjustment of 0, or one that takes away more than the site holds then.
    BadAdjustment,
    /// A lane window that slows its lane by no minute (`extra` not positive).
    BadLaneWindow,
    /// A tardiness or objective weight that is negative or not finite.
    BadWeight,
    /// A machine power that is negative or not finite.
    BadPower,
    /// A site power cap that is not positive.
    BadPowerCap,
    /// A machine (or a mode of one) that draws more power than its site's cap.
    PowerOverCap,
    /// A demand charge that is negative or not finite, a billing period under one minute, a
    /// billing period without a charge, or two charges for one site.
    BadDemandCharge,
    /// A machine mode named twice for one machine, or named `nominal`.
    DuplicateMode,
    /// A mode speed factor outside 0.01..=100.
    BadSpeedFactor,
    /// An energy price period that is empty or has a negative price.
    BadPrice,
    /// Two energy price periods of a site overlap.
    OverlappingPrices,
    /// A lane with a negative transit or cost, or capacity 0.
    BadLane,
    /// A lane from a site to itself.
    LoopLane,
    /// An order for a product without routing.
    NoRouting,
    /// No single site can make every step of an order.
    NoPlant,
    /// An order fixed to a plant that cannot make it.
    PlantCannotMake,
    /// An order's customer cannot be reached from any plant that can make it.
    CustomerUnreachable,
    /// A hard deadline before the release.
    DeadlineBeforeRelease,
    /// A window whose end is not after its start.
    EmptyWindow,
    /// An overrun on a step the order does not have, or a negative one.
    BadOverrun,

    // Plan files.
    /// A step number the order does not have.
    BadStep,
    /// A machine mode the machine does not have.
    UnknownMode,

    // Benchmark files.
    /// A line holds fewer numbers than the format needs.
    TooFewNumbers,
    /// A line holds more numbers than the format needs.
    TooManyNumbers,
    /// A machine number beyond the header's machine count.
    MachineOutOfRange,
    /// Fewer job lines than the header announces.
    MissingJobs,
    /// More job lines than the header announces.
    ExtraLines,

    // Events (`events.csv`) and re-planning.
    /// An event kind takt does not know.
    UnknownEventKind,
    /// A cell that the row's event kind does not use.
    CellNotUsed,
    /// An overrun's extra minutes are not positive.
    BadExtra,
    /// A delayed delivery already arrived.
    DeliveryArrived,
    /// A rush order whose id already exists.
    DuplicateOrder,
    /// A delivery delayed to before `now`.
    EtaBeforeNow,
    /// An overrun on an operation that is not running at `now`.
    NotRunning,
    /// A cancelled order that has already started.
    OrderStarted,
    /// An overrun that makes started work overlap.
    OverrunContradictsHistory,
    /// An `interrupt` that is not `finish_first`, `restart` or `resume`.
    BadInterrupt,

    // What-if scenarios (`scenarios.csv`) and risks (`risks.csv`).
    /// A scenario file without any scenario.
    NoScenario,
    /// A risks file without any risk.
    NoRisk,
    /// A risk kind takt does not know.
    UnknownRisk,
    /// A distribution takt does not know.
    UnknownDistribution,
    /// Distribution bounds in the wrong order (`max < min`, or `mode` outside `[min, max]`).
    BadBounds,
    /// A probability outside [0, 1].
    ProbabilityOutOfRange,

    // Generator.
    /// A generator configuration that cannot give a plant.
    BadGeneratorConfig,
}

impl ErrorCode {
    /// The stable upper-case form, e.g. `NOT_A_NUMBER`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<ErrorCode> for &str {
    fn eq(&self, other: &ErrorCode) -> bool {
        *self == other.as_str()
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn every_code_reads_back_from_its_string_form_which_is_screaming_snake_case() {
        for code in ErrorCode::iter() {
            let text = code.as_str();
            assert_eq!(text.parse::<ErrorCode>(), Ok(code), "{text}");
            assert_eq!(code.to_string(), text);
            assert!(
                text.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{text}"
            );
        }
    }

    #[test]
    fn the_documented_forms_do_not_change() {
        let forms = [
            (ErrorCode::NotUtf8, "NOT_UTF8"),
            (ErrorCode::NotANumber, "NOT_A_NUMBER"),
            (ErrorCode::NotAnInteger, "NOT_AN_INTEGER"),
            (ErrorCode::NotADateTime, "NOT_A_DATE_TIME"),
            (ErrorCode::NoPlanStart, "NO_PLAN_START"),
            (ErrorCode::DuplicateBomLine, "DUPLICATE_BOM_LINE"),
            (
                ErrorCode::OverrunContradictsHistory,
                "OVERRUN_CONTRADICTS_HISTORY",
            ),
            (ErrorCode::BadGeneratorConfig, "BAD_GENERATOR_CONFIG"),
            (ErrorCode::OutOfRange, "OUT_OF_RANGE"),
        ];
        for (code, text) in forms {
            assert_eq!(code.as_str(), text);
        }
        assert_eq!(
            serde_json::to_string(&ErrorCode::MissingFile).unwrap(),
            "\"MISSING_FILE\""
        );
    }
}

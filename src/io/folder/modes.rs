//! `modes.csv`: energy modes of machines (eco, boost, ...) besides the implicit nominal mode.

use super::FolderReader;
use crate::io::cells::Range;
use crate::io::table::Schema;
use crate::model::{
    ErrorCode, MAX_MODES, MAX_SPEED_FACTOR, MIN_SPEED_FACTOR, Mode, NOMINAL_MODE, Subject,
};

const FILE: &str = "modes.csv";
const SCHEMA: Schema = Schema {
    required: &["machine", "mode", "speed_factor"],
    optional: &["power_kw", "change_cost"],
};

impl FolderReader {
    pub(super) fn read_modes(&mut self) {
        let Some(table) = self.table(FILE, &SCHEMA) else {
            return;
        };
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let machine = cells.id("machine");
            let name = cells.id("mode");
            let speed = cells.decimal("speed_factor", Range::Positive);
            let power = cells.maybe_decimal("power_kw", Range::NonNegative);
            let change_cost = cells.decimal_or("change_cost", 0.0, Range::NonNegative);
            let machine =
                machine.and_then(|m| self.machines.resolve(m, &row, "machine", &mut self.errors));
            if let Some(s) = speed.filter(|s| !(MIN_SPEED_FACTOR..=MAX_SPEED_FACTOR).contains(s)) {
                self.errors.push(row.error(
                    "speed_factor",
                    ErrorCode::BadSpeedFactor,
                    format!(
                        "speed factor {} is outside {MIN_SPEED_FACTOR}..={MAX_SPEED_FACTOR}",
                        crate::model::compact_number(s)
                    ),
                    "use a factor between 0.01 and 100: below 1 is slower than nominal (eco), \
                     above 1 faster (boost)",
                ));
                continue;
            }
            let (Some(machine), Some(name), Some(speed), Some(power), Some(change_cost)) =
                (machine, name, speed, power, change_cost)
            else {
                continue;
            };
            let m = &self.builder.machines[machine.index()];
            if name == NOMINAL_MODE || m.modes.iter().any(|x| x.name == name) {
                let message = if name == NOMINAL_MODE {
                    format!(
                        "machine '{}' already has the implicit mode 'nominal'",
                        m.name
                    )
                } else {
                    format!("mode '{name}' of machine '{}' is already defined", m.name)
                };
                self.errors.push(row.error(
                    "mode",
                    ErrorCode::DuplicateMode,
                    message,
                    "give each mode of a machine its own name; 'nominal' is the machine's own \
                     speed and power_kw from machines.csv",
                ));
                continue;
            }
            if m.modes.len() >= MAX_MODES {
                self.errors.push(row.error(
                    "mode",
                    ErrorCode::OutOfRange,
                    format!("machine '{}' has more than {MAX_MODES} modes", m.name),
                    "merge modes: a machine has at most 255 besides nominal",
                ));
                continue;
            }
            let mode = Mode {
                name: name.to_string(),
                speed_factor: speed,
                power_kw: power.unwrap_or(m.power_kw),
                change_cost,
            };
            let modes = &mut self.builder.machines[machine.index()].modes;
            modes.push(mode);
            let id = modes.len() as u16;
            self.origins
                .record(Subject::Mode(machine, id), row.path(), Some(row.line()));
        }
    }
}

//! `routings.csv`: products, defined by their steps and the eligible machines of each step.

use super::FolderReader;
use crate::io::cells::{MAX_MINUTES, Range};
use crate::io::error::InputError;
use crate::io::table::Schema;
use crate::model::ErrorCode;
use crate::model::{MachineId, Minutes, Product, ProductId, Step, StepOption, Subject};
use std::collections::BTreeMap;

const FILE: &str = "routings.csv";
const SCHEMA: Schema = Schema {
    required: &["product", "step", "machine"],
    optional: &["setup", "run_per_unit", "min_lag"],
};

/// The rows of one step of one product.
struct StepRows {
    first_line: usize,
    /// The step's minimum lag and the line that set it first.
    lag: Option<(Minutes, usize)>,
    options: Vec<StepOption>,
    /// Line of each listed machine, to report repeats.
    machines: BTreeMap<MachineId, usize>,
}

impl FolderReader {
    pub(super) fn read_routings(&mut self) {
        let Some(table) = self.table(FILE, &SCHEMA) else {
            self.products.mark_incomplete();
            return;
        };
        let mut steps: BTreeMap<ProductId, BTreeMap<u32, StepRows>> = BTreeMap::new();
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let product = cells.id("product");
            let step = cells.count("step", Range::Positive);
            let machine = cells.id("machine");
            let setup = cells.minutes_or("setup", 0);
            let run = cells.decimal_or("run_per_unit", 0.0, Range::NonNegative);
            let lag = cells.minutes_or("min_lag", 0);
            let machine =
                machine.and_then(|m| self.machines.resolve(m, &row, "machine", &mut self.errors));
            let Some(name) = product else { continue };
            let builder = &mut self.builder;
            let pid = self
                .products
                .get_or_define(name, &row, || builder.add_product(Product::new(name)));
            self.origins
                .record(Subject::Product(pid), row.path(), Some(row.line()));
            let Some(step) = step else {
                continue;
            };
            self.origins
                .record(Subject::Step(pid, step - 1), row.path(), Some(row.line()));
            let rows = steps
                .entry(pid)
                .or_default()
                .entry(step)
                .or_insert_with(|| StepRows {
                    first_line: row.line(),
                    lag: None,
                    options: Vec::new(),
                    machines: BTreeMap::new(),
                });
            if let Some(lag) = lag {
                if step == 1 && lag != 0 {
                    self.errors.push(row.error(
                        "min_lag",
                        ErrorCode::LagOnFirstStep,
                        format!("step 1 of product '{name}' has min_lag {lag}"),
                        "leave min_lag blank or 0 on step 1 (it counts from the previous step's end)",
                    ));
                }
                match rows.lag {
                    None => rows.lag = Some((lag, row.line())),
                    Some((first, line)) if first != lag => self.errors.push(row.error(
                        "min_lag",
                        ErrorCode::InconsistentLag,
                        format!(
                            "step {step} of product '{name}' has min_lag {lag} here but {first} on line {line}"
                        ),
                        "give every row of the same step the same min_lag",
                    )),
                    Some(_) => {}
                }
            }
            let (Some(machine), Some(setup), Some(run_per_unit)) = (machine, setup, run) else {
                continue;
            };
            if let Some(first) = rows.machines.insert(machine, row.line()) {
                self.errors.push(row.error(
                    "machine",
                    ErrorCode::DuplicateOption,
                    format!(
                        "step {step} of product '{name}' already lists this machine on line {first}"
                    ),
                    "list each machine once per step",
                ));
                continue;
            }
            if setup == 0 && run_per_unit == 0.0 {
                self.errors.push(row.error(
                    "run_per_unit",
                    ErrorCode::ZeroDuration,
                    format!("step {step} of product '{name}' takes no time on this machine"),
                    "give a positive setup or run_per_unit",
                ));
                continue;
            }
            let option = StepOption {
                machine,
                setup,
                run_per_unit,
            };
            if option.checked_duration(1).is_none() {
                self.errors.push(row.error(
                    "run_per_unit",
                    ErrorCode::OutOfRange,
                    format!(
                        "step {step} of product '{name}' takes {setup} + {} minutes per unit on \
                         this machine, beyond the {MAX_MINUTES} minutes takt plans in",
                        row.text("run_per_unit")
                    ),
                    "durations are setup + ceil(run_per_unit x quantity) minutes and must stay \
                     within 10^10 minutes: check the run time",
                ));
                continue;
            }
            rows.options.push(option);
        }
        for (pid, by_step) in steps {
            if self.check_step_numbers(pid, &by_step, table.path()) {
                self.builder.products[pid.index()].steps = by_step
                    .into_values()
                    .map(|rows| Step {
                        min_lag: rows.lag.map_or(0, |(lag, _)| lag),
                        options: rows.options,
                    })
                    .collect();
            }
        }
    }

    /// Reports gaps in the step numbers of a product; true when there is none.
    fn check_step_numbers(
        &mut self,
        pid: ProductId,
        by_step: &BTreeMap<u32, StepRows>,
        path: &std::path::Path,
    ) -> bool {
        let name = self.builder.products[pid.index()].name.clone();
        let mut expected = 1u32;
        let mut ok = true;
        for (&step, rows) in by_step {
            if step > expected {
                ok = false;
                let message = if step == expected + 1 {
                    format!("step {expected} of product '{name}' has no eligible machine")
                } else {
                    format!(
                        "steps {expected} to {} of product '{name}' have no eligible machine",
                        step - 1
                    )
                };
                self.errors.push(
                    InputError::new(
                        path,
                        ErrorCode::StepGap,
                        message,
                        "number the steps of a product 1, 2, 3, ... without gaps, with at least \
                         one row (eligible machine) per step",
                    )
                    .at_line(rows.first_line)
                    .in_column("step"),
                );
            }
            expected = step.saturating_add(1);
        }
        ok
    }
}

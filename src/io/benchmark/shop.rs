//! The model both benchmark formats map to: one site `shop`, one product and one order per job,
//! objective makespan.

use crate::io::error::{InputError, InputErrors};
use crate::model::{
    Instance, InstanceBuilder, Machine, MachineId, ObjectiveWeights, Order, Product, ProductId,
    Site, Step, StepOption, Subject,
};
use std::path::Path;

/// A job being read: its steps, each a list of `(machine, duration)` options, and its line.
pub(super) struct Job {
    pub line: usize,
    pub steps: Vec<Vec<(MachineId, i64)>>,
}

/// Builds the shop model from machine names and jobs named `J{first + j}`.
pub(super) fn build_shop(
    path: &Path,
    machine_names: impl Iterator<Item = String>,
    jobs: Vec<Job>,
    first_job: usize,
) -> Result<Instance, InputErrors> {
    let name = path
        .file_stem()
        .map_or_else(|| "shop".to_string(), |s| s.to_string_lossy().into_owned());
    let mut b = InstanceBuilder::new(name);
    b.weights = ObjectiveWeights::MAKESPAN;
    let site = b.add_site(Site::new("shop"));
    for machine in machine_names {
        b.add_machine(Machine::new(machine, site));
    }
    let mut lines = Vec::with_capacity(jobs.len());
    for (j, job) in jobs.into_iter().enumerate() {
        let job_name = format!("J{}", j + first_job);
        let steps = job
            .steps
            .into_iter()
            .map(|options| Step {
                min_lag: 0,
                options: options
                    .into_iter()
                    .map(|(machine, duration)| StepOption {
                        machine,
                        setup: duration,
                        run_per_unit: 0.0,
                    })
                    .collect(),
            })
            .collect();
        let product = b.add_product(Product {
            name: job_name.clone(),
            steps,
            bom: Vec::new(),
        });
        b.add_order(Order::new(job_name, product, 1));
        lines.push(job.line);
    }
    b.build().map_err(|e| {
        InputErrors(
            e.issues
                .into_iter()
                .map(|issue| {
                    let job = match issue.subject {
                        Subject::Product(p) | Subject::Step(p, _) => Some(p),
                        Subject::Order(o) => Some(ProductId(o.0)),
                        _ => None,
                    };
                    let mut error = InputError::new(path, issue.code, issue.message, issue.hint);
                    error.line = job.and_then(|p| lines.get(p.index()).copied());
                    error
                })
                .collect(),
        )
    })
}

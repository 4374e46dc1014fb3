//! `takt generate`: write a random, realistic plant instance folder.

use super::args::GenerateArgs;
use super::out::outln;
use super::{EXIT_OK, input_failure};
use anyhow::Context;
use takt::generate::{GeneratorConfig, generate};

/// Runs `takt generate` and returns the exit code.
pub fn run(a: &GenerateArgs) -> anyhow::Result<u8> {
    if a.out.exists()
        && a.out
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        anyhow::bail!(
            "{} exists and is not empty; choose a new folder so no file is overwritten",
            a.out.display()
        );
    }
    let defaults = GeneratorConfig::default();
    let config = GeneratorConfig {
        orders: a.orders,
        machines: a.machines,
        sites: a.sites,
        materials: a.materials,
        initial_stock: a.initial_stock.unwrap_or(defaults.initial_stock),
        spare_material: a.spare_material.unwrap_or(defaults.spare_material),
        seed: a.seed,
        margins: a.margins,
        optional_share: a.optional_share,
        deferrable_share: a.deferrable_share,
        modes: a.modes,
        ports: a.ports,
        warehouses: a.warehouses,
        ..defaults
    };
    let instance = generate(&config).map_err(options_failure)?;
    takt::io::write_instance_folder(&instance, &a.out)
        .with_context(|| format!("cannot write {}", a.out.display()))?;
    outln!(
        "takt generate: wrote {} ({} orders, {} operations, {} machines, {} sites)",
        a.out.display(),
        instance.orders().len(),
        instance.ops().len(),
        instance.machines().len(),
        instance.sites().len()
    );
    Ok(EXIT_OK)
}

/// The generator's objections in terms of this command's options: each names the flag to change
/// (`--initial-stock: initial stock range 0.5..0.2 is not ...`).
fn options_failure(error: takt::model::ModelError) -> anyhow::Error {
    let lines: Vec<String> = error
        .issues
        .iter()
        .map(|issue| {
            let flag = FLAGS
                .iter()
                .find(|(field, _)| issue.field == Some(field))
                .map(|(_, flags)| format!("{flags}: "))
                .unwrap_or_default();
            format!(
                "  [{}] {flag}{} (fix: {})",
                issue.code, issue.message, issue.hint
            )
        })
        .collect();
    input_failure(format!(
        "these options cannot make an instance:\n{}",
        lines.join("\n")
    ))
}

/// The generator settings `takt generate` has a flag for (named as the configuration fields), and
/// the flags that change them; too few machines for the sites is fixed by either.
const FLAGS: [(&str, &str); 10] = [
    ("orders", "--orders"),
    ("machines", "--machines, --sites"),
    ("sites", "--sites"),
    ("materials", "--materials"),
    ("initial_stock", "--initial-stock"),
    ("spare_material", "--spare-material"),
    ("optional_share", "--optional-share"),
    ("deferrable_share", "--deferrable-share"),
    ("ports", "--ports"),
    ("warehouses", "--warehouses"),
];

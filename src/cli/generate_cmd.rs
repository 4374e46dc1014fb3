//! `takt generate`: write a random, realistic plant instance folder.

use super::EXIT_OK;
use super::args::GenerateArgs;
use super::out::outln;
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
        ..defaults
    };
    let instance = generate(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
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

//! Every problem in an instance folder is reported with its code, file, line, column and a hint.

mod support;

use support::{BASE, assert_at, base_with, errors_of, expect_one, folder, the};
use takt::io::read_instance_folder;

#[test]
fn the_base_fixture_is_valid() {
    let dir = folder(BASE);
    let instance = read_instance_folder(dir.path()).expect("base folder reads");
    assert_eq!(instance.ops().len(), 2);
}

#[test]
fn a_file_that_does_not_belong_is_unknown_and_a_typo_gets_a_suggestion() {
    let dir = base_with(&[
        ("machine.csv", "id\n"),
        ("notes.md", "fine"),
        (".gitkeep", ""),
    ]);
    std::fs::write(dir.path().join(".gitkeep"), "").unwrap();
    let e = expect_one(
        &dir,
        "UNKNOWN_FILE",
        "machine.csv",
        None,
        None,
        &["machine.csv"],
    );
    assert!(e.hint.contains("did you mean 'machines.csv'"), "{e}");
}

#[test]
fn a_plan_file_in_the_instance_folder_is_unknown_with_a_hint_to_move_it() {
    let dir = base_with(&[("schedule.csv", "order\n")]);
    let e = expect_one(
        &dir,
        "UNKNOWN_FILE",
        "schedule.csv",
        None,
        None,
        &["schedule.csv"],
    );
    assert!(e.hint.contains("outside the instance folder"), "{e}");
}

#[test]
fn a_missing_required_file_is_reported_alone() {
    let dir = base_with(&[("orders.csv", "")]);
    expect_one(
        &dir,
        "MISSING_FILE",
        "orders.csv",
        None,
        None,
        &["orders.csv", "missing"],
    );
}

#[test]
fn a_missing_machines_file_does_not_also_report_every_routing_machine() {
    let dir = base_with(&[("machines.csv", "")]);
    expect_one(
        &dir,
        "MISSING_FILE",
        "machines.csv",
        None,
        None,
        &["machines.csv"],
    );
}

#[test]
fn a_missing_or_wrong_folder_names_the_path() {
    let dir = folder(&[]);
    let missing = dir.path().join("nowhere");
    let errors = errors_of(&missing);
    assert_at(
        the(&errors, "MISSING_FOLDER"),
        "nowhere",
        None,
        None,
        &["nowhere", "does not exist"],
    );
    let file = dir.path().join("plain.txt");
    std::fs::write(&file, "x").unwrap();
    let errors = errors_of(&file);
    assert_at(
        the(&errors, "NOT_A_FOLDER"),
        "plain.txt",
        None,
        None,
        &["plain.txt"],
    );
}

#[test]
fn an_unknown_column_is_reported_with_a_suggestion() {
    let dir = base_with(&[("machines.csv", "id,site,powr_kw\nM1,A,10\nM2,A,5\n")]);
    let e = expect_one(
        &dir,
        "UNKNOWN_COLUMN",
        "machines.csv",
        Some(1),
        Some("powr_kw"),
        &["powr_kw"],
    );
    assert!(e.hint.contains("did you mean 'power_kw'"), "{e}");
}

#[test]
fn a_missing_required_column_is_reported() {
    let dir = base_with(&[("orders.csv", "id,product\nO1,P\n")]);
    expect_one(
        &dir,
        "MISSING_COLUMN",
        "orders.csv",
        Some(1),
        Some("quantity"),
        &["quantity"],
    );
}

#[test]
fn a_column_given_twice_is_reported() {
    let dir = base_with(&[("machines.csv", "id,site,site\nM1,A,A\nM2,A,A\n")]);
    expect_one(
        &dir,
        "DUPLICATE_COLUMN",
        "machines.csv",
        Some(1),
        Some("site"),
        &["twice"],
    );
}

#[test]
fn a_row_with_too_many_cells_is_reported() {
    let dir = base_with(&[("machines.csv", "id,site,power_kw\nM1,A,10,7\nM2,A,5\n")]);
    let errors = errors_of(dir.path());
    // M1 is then undefined, so routings.csv also reports it: both are true problems.
    assert_at(
        the(&errors, "FIELD_COUNT"),
        "machines.csv",
        Some(2),
        None,
        &["4 cells", "3 columns"],
    );
}

#[test]
fn a_file_without_header_is_empty() {
    let dir = base_with(&[("orders.csv", "# nothing yet\n\n")]);
    expect_one(&dir, "EMPTY_FILE", "orders.csv", None, None, &["no header"]);
}

#[test]
fn a_file_that_is_not_utf8_is_reported_with_its_line() {
    let dir = base_with(&[]);
    std::fs::write(
        dir.path().join("orders.csv"),
        b"id,product,quantity\nO\xff1,P,3\n",
    )
    .unwrap();
    expect_one(&dir, "NOT_UTF8", "orders.csv", Some(2), None, &["UTF-8"]);
}

#[test]
fn an_id_defined_twice_points_at_both_lines() {
    let dir = base_with(&[(
        "machines.csv",
        "id,site,power_kw\nM1,A,10\nM2,A,5\nM1,A,3\n",
    )]);
    expect_one(
        &dir,
        "DUPLICATE_ID",
        "machines.csv",
        Some(4),
        Some("id"),
        &["M1", "line 2"],
    );
}

#[test]
fn a_blank_required_cell_is_a_missing_value() {
    let dir = base_with(&[("orders.csv", "id,product,quantity\n,P,3\n")]);
    expect_one(
        &dir,
        "MISSING_VALUE",
        "orders.csv",
        Some(2),
        Some("id"),
        &["empty"],
    );
}

#[test]
fn a_machine_at_an_unknown_site_is_a_dangling_reference() {
    let dir = base_with(&[("machines.csv", "id,site,power_kw\nM1,A,10\nM2,X,5\n")]);
    let e = expect_one(
        &dir,
        "UNKNOWN_SITE",
        "machines.csv",
        Some(3),
        Some("site"),
        &["'X'"],
    );
    assert!(e.hint.contains("sites.csv"), "{e}");
}

#[test]
fn a_machine_site_without_sites_file_is_reported() {
    let machines = "id,site,power_kw\nM1,,10\nM2,A,5\n";
    let dir = base_with(&[("sites.csv", ""), ("machines.csv", machines)]);
    let words = ["M2", "'A'", "no sites.csv"];
    let e = expect_one(
        &dir,
        "UNKNOWN_SITE",
        "machines.csv",
        Some(3),
        Some("site"),
        &words,
    );
    assert!(e.hint.contains("'plant'"), "{e}");
}

#[test]
fn a_routing_on_an_unknown_machine_is_a_dangling_reference() {
    let routings = "product,step,machine,setup\nP,1,M1,5\nP,2,M3,5\n";
    let dir = base_with(&[("routings.csv", routings)]);
    let e = expect_one(
        &dir,
        "UNKNOWN_MACHINE",
        "routings.csv",
        Some(3),
        Some("machine"),
        &["'M3'"],
    );
    assert!(e.hint.contains("did you mean 'M1'"), "{e}");
}

#[test]
fn an_order_for_a_product_without_routing_is_reported() {
    let dir = base_with(&[("orders.csv", "id,product,quantity\nO1,P,3\nO2,Q,1\n")]);
    expect_one(
        &dir,
        "NO_ROUTING",
        "orders.csv",
        Some(3),
        Some("product"),
        &["'Q'", "routing"],
    );
}

#[test]
fn stock_of_a_material_no_product_uses_is_reported() {
    let dir = base_with(&[("stock.csv", "site,material,quantity\nA,steel,5\n")]);
    let e = expect_one(
        &dir,
        "UNKNOWN_MATERIAL",
        "stock.csv",
        Some(2),
        Some("material"),
        &["steel"],
    );
    assert!(e.hint.contains("bom.csv"), "{e}");
}

#[test]
fn a_bom_line_for_a_product_without_routing_is_reported() {
    let dir = base_with(&[("bom.csv", "product,material,qty_per_unit\nQ,steel,1\n")]);
    expect_one(
        &dir,
        "UNKNOWN_PRODUCT",
        "bom.csv",
        Some(2),
        Some("product"),
        &["'Q'"],
    );
}

#[test]
fn a_lane_to_an_unknown_site_is_a_dangling_reference() {
    let dir = base_with(&[("lanes.csv", "id,from,to,transit\nL1,A,Z,30\n")]);
    expect_one(
        &dir,
        "UNKNOWN_SITE",
        "lanes.csv",
        Some(2),
        Some("to"),
        &["'Z'"],
    );
}

#[test]
fn downtime_of_an_unknown_machine_is_a_dangling_reference() {
    let dir = base_with(&[(
        "downtime.csv",
        "machine,start,end\n# maintenance\nM9,0,60\n",
    )]);
    expect_one(
        &dir,
        "UNKNOWN_MACHINE",
        "downtime.csv",
        Some(3),
        Some("machine"),
        &["'M9'"],
    );
}

#[test]
fn a_negative_value_names_the_column() {
    let dir = base_with(&[("machines.csv", "id,site,power_kw\nM1,A,-3\nM2,A,5\n")]);
    expect_one(
        &dir,
        "NEGATIVE_VALUE",
        "machines.csv",
        Some(2),
        Some("power_kw"),
        &["-3"],
    );
}

#[test]
fn a_non_numeric_value_reads_like_a_compiler_message() {
    let dir = base_with(&[("machines.csv", "id,site,power_kw\nM1,A,abc\nM2,A,5\n")]);
    let e = expect_one(
        &dir,
        "NOT_A_NUMBER",
        "machines.csv",
        Some(2),
        Some("power_kw"),
        &["'abc'"],
    );
    let shown = e.to_string();
    assert!(
        shown.ends_with(
            "machines.csv:2: column 'power_kw': error[NOT_A_NUMBER]: 'abc' is not a number\n  \
             hint: write a decimal number such as 12, 0.5 or 1e3"
        ),
        "{shown}"
    );
}

#[test]
fn a_fractional_or_zero_quantity_is_rejected() {
    let dir = base_with(&[("orders.csv", "id,product,quantity\nO1,P,2.5\nO2,P,0\n")]);
    let errors = errors_of(dir.path());
    assert_at(
        the(&errors, "NOT_AN_INTEGER"),
        "orders.csv",
        Some(2),
        Some("quantity"),
        &["2.5"],
    );
    assert_at(
        the(&errors, "NOT_POSITIVE"),
        "orders.csv",
        Some(3),
        Some("quantity"),
        &["'0'"],
    );
}

#[test]
fn a_missing_step_number_is_a_step_without_eligible_machine() {
    let routings = "product,step,machine,setup\nP,1,M1,5\nP,3,M2,5\n";
    let dir = base_with(&[("routings.csv", routings)]);
    expect_one(
        &dir,
        "STEP_GAP",
        "routings.csv",
        Some(3),
        Some("step"),
        &["step 2 of product 'P' has no eligible machine"],
    );
}

#[test]
fn rows_of_one_step_with_different_lags_are_inconsistent() {
    let routings = "product,step,machine,setup,min_lag\nP,1,M1,5,\nP,2,M1,5,10\nP,2,M2,5,5\n";
    let dir = base_with(&[("routings.csv", routings)]);
    expect_one(
        &dir,
        "INCONSISTENT_LAG",
        "routings.csv",
        Some(4),
        Some("min_lag"),
        &["5", "10", "line 3"],
    );
}

#[test]
fn a_lag_on_the_first_step_is_rejected() {
    let routings = "product,step,machine,setup,min_lag\nP,1,M1,5,7\n";
    let dir = base_with(&[("routings.csv", routings)]);
    expect_one(
        &dir,
        "LAG_ON_FIRST_STEP",
        "routings.csv",
        Some(2),
        Some("min_lag"),
        &["step 1"],
    );
}

#[test]
fn a_machine_listed_twice_for_a_step_is_reported() {
    let routings = "product,step,machine,setup\nP,1,M1,5\nP,1,M1,6\n";
    let dir = base_with(&[("routings.csv", routings)]);
    expect_one(
        &dir,
        "DUPLICATE_OPTION",
        "routings.csv",
        Some(3),
        Some("machine"),
        &["line 2"],
    );
}

#[test]
fn a_step_that_takes_no_time_is_reported() {
    let routings = "product,step,machine,setup,run_per_unit\nP,1,M1,0,0\n";
    let dir = base_with(&[("routings.csv", routings)]);
    expect_one(
        &dir,
        "ZERO_DURATION",
        "routings.csv",
        Some(2),
        Some("run_per_unit"),
        &["no time"],
    );
}

#[test]
fn a_material_listed_twice_for_a_product_is_reported() {
    let dir = base_with(&[(
        "bom.csv",
        "product,material,qty_per_unit\nP,steel,1\nP,steel,2\n",
    )]);
    expect_one(
        &dir,
        "DUPLICATE_BOM_LINE",
        "bom.csv",
        Some(3),
        Some("material"),
        &["steel", "line 2"],
    );
}

#[test]
fn a_downtime_ending_before_it_starts_is_reported() {
    let dir = base_with(&[("downtime.csv", "machine,start,end\nM1,60,60\n")]);
    expect_one(
        &dir,
        "EMPTY_WINDOW",
        "downtime.csv",
        Some(2),
        Some("end"),
        &["60"],
    );
}

#[test]
fn an_iso_time_without_plan_start_is_reported() {
    let dir = base_with(&[(
        "orders.csv",
        "id,product,quantity,due\nO1,P,3,2025-03-10T08:00\n",
    )]);
    let e = expect_one(
        &dir,
        "NO_PLAN_START",
        "orders.csv",
        Some(2),
        Some("due"),
        &["2025-03-10T08:00"],
    );
    assert!(e.hint.contains("objective.csv"), "{e}");
}

#[test]
fn a_bad_iso_time_is_reported() {
    let objective = "key,value\nplan_start,2025-03-10T06:00\n";
    let orders = "id,product,quantity,due\nO1,P,3,2025-02-30T08:00\n";
    let dir = base_with(&[("objective.csv", objective), ("orders.csv", orders)]);
    expect_one(
        &dir,
        "NOT_A_TIME",
        "orders.csv",
        Some(2),
        Some("due"),
        &["2025-02-30T08:00"],
    );
}

#[test]
fn a_date_time_between_minutes_is_reported() {
    let objective = "key,value\nplan_start,2025-03-10T06:00\n";
    let orders = "id,product,quantity,release\nO1,P,3,2025-03-10 06:00:30\n";
    let dir = base_with(&[("objective.csv", objective), ("orders.csv", orders)]);
    expect_one(
        &dir,
        "NOT_WHOLE_MINUTE",
        "orders.csv",
        Some(2),
        Some("release"),
        &["06:00:30"],
    );
}

#[test]
fn objective_keys_must_be_known_once_and_plan_start_a_date_time() {
    let objective =
        "key,value\nenergy_weigth,2\ntardiness_weight,1\ntardiness_weight,3\nplan_start,tomorrow\n";
    let dir = base_with(&[("objective.csv", objective)]);
    let errors = errors_of(dir.path());
    let unknown = the(&errors, "UNKNOWN_KEY");
    assert_at(
        unknown,
        "objective.csv",
        Some(2),
        Some("key"),
        &["energy_weigth"],
    );
    assert!(unknown.hint.contains("energy_weight"));
    assert_at(
        the(&errors, "DUPLICATE_KEY"),
        "objective.csv",
        Some(4),
        Some("key"),
        &["line 3"],
    );
    assert_at(
        the(&errors, "NOT_A_DATE_TIME"),
        "objective.csv",
        Some(5),
        Some("value"),
        &["tomorrow"],
    );
}

#[test]
fn problems_in_several_files_are_reported_together() {
    let dir = base_with(&[
        ("machines.csv", "id,site,power_kw\nM1,A,x\nM2,A,5\n"),
        ("orders.csv", "id,product,quantity\nO1,P,-1\n"),
        ("lanes.csv", "id,from,to,transit\nL1,A,C,soon\n"),
        ("extra.csv", "a\n"),
    ]);
    let errors = errors_of(dir.path());
    assert_eq!(errors.len(), 4, "{errors}");
    assert_at(
        the(&errors, "NOT_A_NUMBER"),
        "machines.csv",
        Some(2),
        Some("power_kw"),
        &["'x'"],
    );
    assert_at(
        the(&errors, "NOT_POSITIVE"),
        "orders.csv",
        Some(2),
        Some("quantity"),
        &["-1"],
    );
    assert_at(
        the(&errors, "NOT_AN_INTEGER"),
        "lanes.csv",
        Some(2),
        Some("transit"),
        &["soon"],
    );
    the(&errors, "UNKNOWN_FILE");
    let shown = errors.to_string();
    assert_eq!(
        shown.lines().filter(|l| l.contains("error[")).count(),
        4,
        "{shown}"
    );
}

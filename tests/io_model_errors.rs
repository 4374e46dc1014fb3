//! Problems the model builder finds point at the file and line of the entity they concern.

mod support;

use support::{base_with, expect_one};

#[test]
fn an_unreachable_customer_points_at_the_order() {
    let orders = "id,product,quantity,customer\nO1,P,3,\nO2,P,3,C\n";
    let dir = base_with(&[("orders.csv", orders)]);
    expect_one(
        &dir,
        "CUSTOMER_UNREACHABLE",
        "orders.csv",
        Some(3),
        Some("customer"),
        &["O2", "'C'"],
    );
}

#[test]
fn a_machine_over_its_site_power_cap_points_at_the_machine() {
    let dir = base_with(&[("sites.csv", "id,power_cap_kw\nA,8\nC,\n")]);
    expect_one(
        &dir,
        "POWER_OVER_CAP",
        "machines.csv",
        Some(2),
        Some("power_kw"),
        &["M1", "8 kW"],
    );
}

#[test]
fn overlapping_prices_point_at_the_later_period() {
    let prices = "site,start,end,price_per_kwh\nA,0,60,0.2\nA,120,,0.1\nA,30,90,0.3\n";
    let dir = base_with(&[("energy_prices.csv", prices)]);
    expect_one(
        &dir,
        "OVERLAPPING_PRICES",
        "energy_prices.csv",
        Some(4),
        Some("start"),
        &["overlap"],
    );
}

#[test]
fn an_order_no_single_site_can_make_points_at_the_order() {
    let machines = "id,site,power_kw\nM1,A,10\nM2,C,5\n";
    let dir = base_with(&[("machines.csv", machines)]);
    expect_one(
        &dir,
        "NO_PLANT",
        "orders.csv",
        Some(2),
        Some("product"),
        &["O1"],
    );
}

#[test]
fn a_deadline_before_the_release_points_at_the_order() {
    let orders = "id,product,quantity,release,deadline\nO1,P,3,100,50\n";
    let dir = base_with(&[("orders.csv", orders)]);
    expect_one(
        &dir,
        "DEADLINE_BEFORE_RELEASE",
        "orders.csv",
        Some(2),
        Some("deadline"),
        &["O1"],
    );
}

#[test]
fn stock_given_twice_points_at_the_second_row() {
    let bom = "product,material,qty_per_unit\nP,steel,1\n";
    let stock = "site,material,quantity\nA,steel,1\nC,steel,1\nA,steel,2\n";
    let dir = base_with(&[("bom.csv", bom), ("stock.csv", stock)]);
    expect_one(
        &dir,
        "DUPLICATE_STOCK",
        "stock.csv",
        Some(4),
        Some("material"),
        &["steel"],
    );
}

#[test]
fn a_lane_from_a_site_to_itself_points_at_the_lane() {
    let dir = base_with(&[("lanes.csv", "id,from,to,transit\nL1,A,A,10\n")]);
    expect_one(&dir, "LOOP_LANE", "lanes.csv", Some(2), Some("to"), &["L1"]);
}

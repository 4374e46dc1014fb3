//! Limits on money computed from the input and the messages that quote numbers (issue 13, review
//! F8 and messages): a deferral cost per day times the days deferred beyond `MAX_MONEY` is refused
//! at the order's cell, also when `horizon_end` makes the days many; value events obey the bound of
//! `orders.csv` with file, line, column, code and hint; huge numbers are quoted compactly.

use takt::io::{ErrorCode, InputErrors, Source, parse_events, read_instance_files};
use takt::model::Instance;

const MACHINES: &str = "id,power_kw\nM1,10\n";
const ROUTINGS: &str = "product,step,machine,setup\nP,1,M1,60\n";
const DAY: i64 = 1_440;

fn read(orders: &str, objective: &str) -> Result<Instance, InputErrors> {
    read_instance_files(
        "limits",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("orders.csv", orders),
            ("objective.csv", objective),
        ],
    )
}

/// O1 due after 20 days sets the default horizon end; O2, due at 0, is deferrable at `per_day`.
fn orders(per_day: &str) -> String {
    format!(
        "id,product,quantity,due,revenue,defer_cost_per_day\n\
         O1,P,1,{},100,\n\
         O2,P,1,0,50,{per_day}\n",
        20 * DAY
    )
}

const CONTRIBUTION: &str = "key,value\nform,contribution\n";

#[test]
fn a_deferral_cost_beyond_max_money_is_refused_in_the_orders_cell() {
    // 1e14 per day x 20 days = 2e15 > 1e15.
    let errors = read(&orders("1e14"), CONTRIBUTION).unwrap_err();
    let e = errors
        .iter()
        .find(|e| e.file.ends_with("orders.csv"))
        .unwrap_or_else(|| panic!("{errors}"));
    assert_eq!(
        (e.line, e.column.as_deref(), e.code),
        (Some(3), Some("defer_cost_per_day"), ErrorCode::OutOfRange),
        "{e}"
    );
    assert!(
        e.message.contains("1e14 x 20 day(s) = 2e15"),
        "{}",
        e.message
    );
    assert!(e.hint.contains("at most 5e13 per day"), "{}", e.hint);
    // Within the bound: 5e13 x 20 = 1e15.
    let instance = read(&orders("5e13"), CONTRIBUTION).unwrap();
    assert_eq!(instance.orders()[1].value.defer_cost_per_day, Some(5e13));
}

#[test]
fn a_horizon_end_that_makes_the_deferral_too_costly_is_named_as_what_to_change() {
    // 1e13 per day: 20 days under the default horizon (2e14) fit; a horizon_end of 200 days makes
    // 200 days (2e15): horizon_end is what to change, to at most 100 days (minute 144000).
    let objective = format!("key,value\nform,contribution\nhorizon_end,{}\n", 200 * DAY);
    let errors = read(&orders("1e13"), &objective).unwrap_err();
    let e = errors
        .iter()
        .find(|e| e.code == ErrorCode::OutOfRange)
        .unwrap_or_else(|| panic!("{errors}"));
    assert!(e.file.ends_with("orders.csv"), "{e}");
    assert_eq!(
        (e.line, e.column.as_deref()),
        (Some(3), Some("defer_cost_per_day"))
    );
    assert!(e.message.contains("x 200 day(s) = 2e15"), "{}", e.message);
    assert!(e.message.contains("horizon_end 288000"), "{}", e.message);
    assert!(
        e.hint
            .starts_with("change horizon_end in objective.csv to at most minute 144000"),
        "{}",
        e.hint
    );
    let objective = format!("key,value\nform,contribution\nhorizon_end,{}\n", 100 * DAY);
    assert!(read(&orders("1e13"), &objective).is_ok());
}

#[test]
fn huge_numbers_are_quoted_compactly() {
    let errors = read("id,product,quantity,revenue\nO1,P,1,1e300\n", CONTRIBUTION).unwrap_err();
    let text = errors.to_string();
    assert!(text.contains("is 1e300"), "{text}");
    assert!(!text.contains("0000000000000000000"), "{text}");
    let errors = read_instance_files(
        "limits",
        &[
            ("sites.csv", "id,demand_charge\nplant,1e300\n"),
            ("machines.csv", "id,site,power_kw\nM1,plant,10\n"),
            ("routings.csv", ROUTINGS),
            ("orders.csv", "id,product,quantity\nO1,P,1\n"),
        ],
    )
    .unwrap_err();
    let text = errors.to_string();
    assert!(text.contains("demand charge 1e300 per kW"), "{text}");
    assert!(!text.contains("0000000000000000000"), "{text}");
}

#[test]
fn value_events_obey_the_bound_of_orders_csv_in_the_standard_format() {
    let instance = read(&orders(""), CONTRIBUTION).unwrap();
    let events = "kind,order,revenue,variable_cost,priority\n\
                  order_value_changed,O1,1e300,,\n\
                  order_value_changed,O2,,2e15,\n\
                  order_value_changed,O2,1e15,,\n\
                  order_priority_changed,O1,,,urgent\n";
    let errors =
        parse_events(&instance, &Source::new("events.csv", events.as_bytes())).unwrap_err();
    let at = |line: usize| {
        errors
            .iter()
            .find(|e| e.line == Some(line))
            .unwrap_or_else(|| panic!("nothing on line {line}: {errors}"))
    };
    let revenue = at(2);
    assert_eq!(
        (revenue.column.as_deref(), revenue.code),
        (Some("revenue"), ErrorCode::OutOfRange)
    );
    assert_eq!(
        revenue.to_string(),
        "events.csv:2: column 'revenue': error[OUT_OF_RANGE]: revenue 1e300 is beyond the 1e15 \
         takt reads\n  hint: give the order's new revenue for the whole order, from 0 to 1e15"
    );
    let cost = at(3);
    assert_eq!(
        (cost.column.as_deref(), cost.code),
        (Some("variable_cost"), ErrorCode::OutOfRange)
    );
    assert!(cost.message.contains("2e15"), "{}", cost.message);
    assert!(
        errors.iter().all(|e| e.line != Some(4)),
        "1e15 is within: {errors}"
    );
    let priority = at(5);
    assert_eq!(
        (priority.column.as_deref(), priority.code),
        (Some("priority"), ErrorCode::UnknownChoice)
    );
    assert!(!priority.hint.is_empty());
    assert_eq!(errors.len(), 3, "{errors}");
}

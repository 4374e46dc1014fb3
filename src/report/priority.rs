//! The priority class on the plan page: a tag after the name of every order whose class is not
//! `normal` (in the late, unplanned and left-out tables), and the high-priority KPIs.

use crate::model::{Instance, OrderId, Priority};
use crate::solution::Kpis;

/// The order's name (escaped) followed by a tag with its class when that is `high` or `low`; the
/// name alone for `normal`, `?` for an order the instance does not know.
pub fn order_cell(instance: &Instance, order: OrderId) -> String {
    let Some(o) = instance.orders().get(order.index()) else {
        return "?".into();
    };
    let name = super::escape::escape(&o.name);
    match o.value.priority {
        Priority::Normal => name,
        p => format!(r#"{name} <span class="prio {p}">{p}</span>"#),
    }
}

/// The high-priority panel (orders, late, weighted tardiness, left out), or nothing when the
/// instance has no high-priority order.
pub fn priority_table(kpis: &Kpis) -> String {
    let p = &kpis.priority;
    if p.high_priority_orders == 0 {
        return String::new();
    }
    format!(
        r#"<table class="kpis" id="priority"><tr><th>high-priority orders</th><td>{}</td></tr><tr><th>late</th><td class="{}">{} (weighted tardiness {:.2})</td></tr><tr><th>left out</th><td class="{}">{}</td></tr></table>"#,
        p.high_priority_orders,
        if p.high_priority_late > 0 {
            "worse"
        } else {
            "same"
        },
        p.high_priority_late,
        p.high_priority_weighted_tardiness,
        if p.high_priority_left_out > 0 {
            "worse"
        } else {
            "same"
        },
        p.high_priority_left_out,
    )
}

#[cfg(test)]
mod tests {
    use crate::dispatch::{DispatchOptions, dispatch};
    use crate::model::{Instance, InstanceBuilder, Machine, Order, Priority, Product, Site};
    use crate::solution::evaluate;

    /// One machine, 10-minute orders: `H<1>` (high, due 5: late whatever the plan), `N` (normal,
    /// due 100) and `L` (low, deadline 5: cannot be planned).
    fn instance() -> Instance {
        let mut b = InstanceBuilder::new("prio");
        let site = b.add_site(Site::new("A"));
        let m = b.add_machine(Machine::new("M", site));
        let p = b.add_product(Product::on_one_machine("P", m, 10));
        for (name, priority, due, deadline) in [
            ("H<1>", Priority::High, Some(5), None),
            ("N", Priority::Normal, Some(100), None),
            ("L", Priority::Low, None, Some(5)),
        ] {
            let mut o = Order::new(name, p, 1);
            o.due = due;
            o.deadline = deadline;
            o.value.priority = priority;
            b.add_order(o);
        }
        b.build().unwrap()
    }

    #[test]
    fn the_page_tags_high_and_low_orders_and_shows_the_high_priority_panel() {
        let inst = instance();
        let plan = dispatch(&inst, &DispatchOptions::default());
        let kpis = evaluate(&inst, &plan);
        assert_eq!(kpis.priority.high_priority_late, 1);
        let html = crate::report::render_html(&inst, &plan, &kpis, None);
        let late = &html[html.find(r#"id="late""#).unwrap()..];
        assert!(
            late.starts_with(r#"id="late" open><summary>1 late order(s)"#),
            "{late}"
        );
        assert!(
            late.contains(r#"<td>H&lt;1&gt; <span class="prio high">high</span></td>"#),
            "{late}"
        );
        let unplanned = &html[html.find(r#"id="unplanned""#).unwrap()..];
        assert!(
            unplanned.contains(r#"<td>L <span class="prio low">low</span></td>"#),
            "{unplanned}"
        );
        assert!(
            !html.contains(r#"<td>N <span"#),
            "normal orders carry no tag"
        );
        assert!(html.contains(&format!(
            r#"<tr><th>high-priority orders</th><td>1</td></tr><tr><th>late</th><td class="worse">1 (weighted tardiness {:.2})</td></tr><tr><th>left out</th><td class="same">0</td></tr>"#,
            kpis.priority.high_priority_weighted_tardiness
        )));
    }

    #[test]
    fn no_panel_and_no_tag_without_priorities() {
        let mut b = InstanceBuilder::new("plain");
        let site = b.add_site(Site::new("A"));
        let m = b.add_machine(Machine::new("M", site));
        let p = b.add_product(Product::on_one_machine("P", m, 10));
        let mut o = Order::new("O", p, 1);
        o.due = Some(5);
        b.add_order(o);
        let inst = b.build().unwrap();
        let plan = dispatch(&inst, &DispatchOptions::default());
        let html = crate::report::render_html(&inst, &plan, &evaluate(&inst, &plan), None);
        assert!(html.contains("<td>O</td>"), "the late order is listed");
        assert!(!html.contains(r#"class="prio"#) && !html.contains(r#"id="priority""#));
    }
}

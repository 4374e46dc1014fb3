//! The plan page in a real headless browser (Debian's `chromium`): the demo plant's page, a re-plan
//! page and a 2,000-operation page load with their script run to the end, without any console
//! message or script error, and with exactly one operation box per operation; zooming the large one
//! reveals box labels. A screenshot of the demo page is written under `target/` (never tracked).
//!
//! Chromium must be installed (`scripts/ensure-deps.sh --browser`); these tests fail when it is not.
//! `TAKT_CHROMIUM` may point at another chromium binary.
//!
//! Errors are caught twice: a small recorder script injected into the test's copy of the page
//! stores `window.onerror`, unhandled rejections, `console.error` and `console.warn` in an attribute
//! of `<html>` that the dumped DOM shows, and chromium's own log (`--enable-logging=stderr`) must not
//! contain a single `CONSOLE` line, since the page never logs anything.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use takt::dispatch::{DispatchOptions, Rule, dispatch, dispatch_with_rule};
use takt::generate::{GeneratorConfig, generate};
use takt::model::Instance;
use takt::report::{DiffView, render_html};
use takt::solution::{Schedule, evaluate};
use takt::validate::validate;

/// How long one chromium run may take before the test fails.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(120);

/// Recorder injected right after `<head>` of the test copy.
const RECORDER: &str = r#"<script>(function () {
  var seen = [];
  function note(kind, text) {
    seen.push(kind + ": " + text);
    document.documentElement.setAttribute("data-test-errors", JSON.stringify(seen));
  }
  window.addEventListener("error", function (e) { note("error", e.message); });
  window.addEventListener("unhandledrejection", function (e) { note("rejection", String(e.reason)); });
  ["error", "warn"].forEach(function (level) {
    var original = console[level];
    console[level] = function () {
      note("console." + level, Array.prototype.join.call(arguments, " "));
      original.apply(console, arguments);
    };
  });
})();</script>"#;

fn chromium() -> PathBuf {
    let path = std::env::var_os("TAKT_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.is_file(),
        "chromium is missing at {}: the HTML report is tested in a real browser. Install it with \
         `scripts/ensure-deps.sh --browser` (apt-get install chromium), or set TAKT_CHROMIUM to a \
         chromium binary.",
        path.display()
    );
    path
}

/// Runs headless chromium on `page` with `extra` arguments; returns stdout and stderr.
fn run_chromium(page: &Path, extra: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().expect("temp dir for the browser profile");
    let out_dir = tempfile::tempdir().expect("temp dir for the browser output");
    let (out_path, err_path) = (out_dir.path().join("out"), out_dir.path().join("err"));
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for chromium") {
            break status;
        }
        if started.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish within {BROWSER_TIMEOUT:?} on {}",
                page.display()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    assert!(status.success(), "chromium failed ({status}):\n{stderr}");
    (stdout, stderr)
}

/// What the browser made of a page.
struct Loaded {
    /// `<rect>` elements with a `data-op` attribute in the DOM after the scripts ran.
    op_boxes: usize,
    /// Everything the recorder and chromium's log caught.
    problems: Vec<String>,
    /// True when the page's own script ran to its last line.
    ready: bool,
}

/// Zooms in six times after the page's script ran and records, before and after, the chart's width
/// and how many box labels and ticks are shown.
const ZOOM_PROBE: &str = r#"<script>(function () {
  function state() {
    return {
      width: parseFloat(document.getElementById("time").getAttribute("width")),
      labels: document.querySelectorAll("text.opl:not(.hid)").length,
      ticks: document.querySelectorAll("text.tick:not(.hid)").length
    };
  }
  var before = state();
  for (var i = 0; i < 6; i++) { document.getElementById("zin").click(); }
  document.documentElement.setAttribute("data-test-zoom", JSON.stringify([before, state()]));
})();</script>"#;

/// Loads the test copy of `html` (with the recorder) and reads the DOM after the scripts ran.
fn load(html: &str, dir: &Path, name: &str) -> Loaded {
    load_probed(html, dir, name, "").0
}

/// Like [`load`], with `probe` run after the page's own script; also returns the dumped DOM.
fn load_probed(html: &str, dir: &Path, name: &str, probe: &str) -> (Loaded, String) {
    let copy = html
        .replacen("<head>", &format!("<head>{RECORDER}"), 1)
        .replacen("</body>", &format!("{probe}</body>"), 1);
    assert_ne!(
        copy, html,
        "the page has no <head> to inject the recorder into"
    );
    let page = dir.join(name);
    std::fs::write(&page, copy).expect("write the test page");
    let (dom, log) = run_chromium(
        &page,
        &[
            "--virtual-time-budget=3000".into(),
            "--window-size=1600,1000".into(),
            "--dump-dom".into(),
        ],
    );
    assert!(
        dom.contains("</html>"),
        "no DOM dumped; chromium said:\n{log}"
    );
    let op_boxes = dom
        .split("<rect")
        .skip(1)
        .filter(|tag| {
            tag.split('>')
                .next()
                .is_some_and(|t| t.contains("data-op=\""))
        })
        .count();
    let mut problems: Vec<String> = log
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .map(str::to_string)
        .collect();
    if let Some(k) = dom.find("data-test-errors=\"") {
        let rest = &dom[k..];
        problems.push(rest[..rest.find("\" ").unwrap_or(rest.len().min(400))].to_string());
    }
    let html_tag = &dom[dom.find("<html").unwrap_or(0)..];
    let html_tag = &html_tag[..html_tag.find('>').unwrap_or(0)];
    let loaded = Loaded {
        op_boxes,
        problems,
        ready: html_tag.contains("data-ready=\"1\""),
    };
    (loaded, dom)
}

/// A number from the zoom probe's record: state `index` (0 before, 1 after zooming), `field`.
fn probed(dom: &str, index: usize, field: &str) -> f64 {
    let start = dom.find("data-test-zoom=\"").expect("zoom probe ran") + 16;
    let record = dom[start..start + dom[start..].find('"').unwrap()].replace("&quot;", "\"");
    let state = record.split('}').nth(index).expect("probe state");
    let key = format!("\"{field}\":");
    let value = &state[state.find(&key).expect("probe field") + key.len()..];
    value
        .split([',', '}'])
        .next()
        .unwrap()
        .parse()
        .expect("probe number")
}

fn demo() -> (Instance, Schedule) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/demo");
    let instance = takt::io::load_instance(&path, None).expect("the demo instance reads");
    let plan = dispatch(&instance, &DispatchOptions::default());
    let report = validate(&instance, &plan);
    assert!(report.is_feasible(), "demo plan infeasible: {report:?}");
    (instance, plan)
}

fn assert_clean(loaded: &Loaded, operations: usize, what: &str) {
    assert!(
        loaded.problems.is_empty(),
        "{what}: the browser reported problems:\n{}",
        loaded.problems.join("\n")
    );
    assert!(
        loaded.ready,
        "{what}: the page's script did not run to its end"
    );
    assert_eq!(loaded.op_boxes, operations, "{what}: operation boxes");
}

#[test]
fn the_demo_page_renders_one_box_per_operation_without_console_errors() {
    let (instance, plan) = demo();
    let html = render_html(&instance, &plan, &evaluate(&instance, &plan), None);
    let dir = tempfile::tempdir().unwrap();
    let loaded = load(&html, dir.path(), "demo.html");
    assert_clean(&loaded, instance.ops().len(), "demo");
    assert_eq!(plan.ops.len(), instance.ops().len());

    // The screenshot, from the page as written (without the recorder), kept under target/.
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-browser");
    std::fs::create_dir_all(&shots).unwrap();
    let page = dir.path().join("plan.html");
    std::fs::write(&page, &html).unwrap();
    let shot = shots.join("demo-plan.png");
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &page,
        &[
            "--window-size=1600,1000".into(),
            "--hide-scrollbars".into(),
            "--virtual-time-budget=3000".into(),
            format!("--screenshot={}", shot.display()),
        ],
    );
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    assert!(png.starts_with(b"\x89PNG"), "not a PNG: {}", shot.display());
    assert!(png.len() > 10_000, "suspiciously small screenshot");
}

#[test]
fn a_replan_page_counts_only_current_boxes_and_runs_cleanly() {
    let (instance, old) = demo();
    let new = dispatch_with_rule(&instance, Rule::ALL[Rule::ALL.len() - 1], true);
    assert!(validate(&instance, &new).is_feasible());
    let mut diff = DiffView::between(&instance, &old, &new);
    diff.now = Some(240);
    diff.old_kpis = Some(evaluate(&instance, &old));
    diff.events.push("N-PAINT <down> for 2 hours & more".into());
    let html = render_html(&instance, &new, &evaluate(&instance, &new), Some(&diff));
    let dir = tempfile::tempdir().unwrap();
    let loaded = load(&html, dir.path(), "replan.html");
    assert_clean(&loaded, new.ops.len(), "re-plan");
}

#[test]
fn a_two_thousand_operation_page_loads_cleanly_and_zoom_reveals_labels() {
    let config = GeneratorConfig {
        orders: 400,
        ..GeneratorConfig::default()
    };
    let instance = generate(&config).expect("generated instance");
    let plan = dispatch(&instance, &DispatchOptions::default());
    assert!(plan.ops.len() >= 1500, "{} operations", plan.ops.len());
    let html = render_html(&instance, &plan, &evaluate(&instance, &plan), None);
    let dir = tempfile::tempdir().unwrap();
    let (loaded, dom) = load_probed(&html, dir.path(), "large.html", ZOOM_PROBE);
    assert_clean(&loaded, plan.ops.len(), "2,000 operations");
    // Zooming in widens the chart and makes room for more box labels and finer ticks.
    assert!(probed(&dom, 1, "width") > 5.0 * probed(&dom, 0, "width"));
    assert!(probed(&dom, 1, "labels") > probed(&dom, 0, "labels"));
    assert!(probed(&dom, 1, "ticks") > probed(&dom, 0, "ticks"));
}

#[test]
fn a_script_error_on_the_page_is_caught() {
    let html = "<!DOCTYPE html><html><head><title>t</title></head><body>\
                <svg><rect data-op=\"0\"/></svg>\
                <script>console.error('boom'); notDefined();</script></body></html>";
    let dir = tempfile::tempdir().unwrap();
    let loaded = load(html, dir.path(), "broken.html");
    assert_eq!(loaded.op_boxes, 1);
    assert!(!loaded.ready);
    let all = loaded.problems.join("\n");
    assert!(all.contains("boom"), "console.error not caught:\n{all}");
    assert!(
        all.contains("notDefined"),
        "script error not caught:\n{all}"
    );
}

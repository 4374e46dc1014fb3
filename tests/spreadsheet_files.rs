//! Files saved by spreadsheets and Windows editors (a UTF-8 byte-order mark, CRLF line ends,
//! no-break spaces around values, trailing separators) read the same in every reader as the plain
//! file; what cannot be read the same is an error that names the invisible character.

use takt::io::{
    ErrorCode, InputErrors, PlanSources, Source, instance_files, parse_events, parse_fjs,
    parse_jsp, parse_plan, read_instance_files,
};
use takt::model::Instance;

/// The file as a spreadsheet saves it: BOM, every cell padded with no-break spaces, a trailing
/// separator on every line, CRLF.
fn spreadsheet(csv: &str) -> Vec<u8> {
    let mut out = "\u{feff}".to_string();
    for line in csv.lines() {
        let padded: Vec<String> = line
            .split(',')
            .map(|c| format!("\u{a0}{c}\u{a0}"))
            .collect();
        out.push_str(&padded.join(","));
        out.push_str(",\r\n");
    }
    out.into_bytes()
}

/// The benchmark file as a Windows editor saves it: BOM, CRLF, no-break spaces between tokens.
fn windows(text: &str) -> Vec<u8> {
    let mut out = "\u{feff}".to_string();
    for line in text.lines() {
        out.push_str(&line.replace(' ', " \u{a0}"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

const INSTANCE: [(&str, &str); 9] = [
    ("sites.csv", "id,power_cap_kw\nworks,100\ndepot,\n"),
    (
        "machines.csv",
        "id,site,power_kw\nsaw,works,30\nmill,works,45\n",
    ),
    (
        "routings.csv",
        "product,step,machine,setup,run_per_unit,min_lag\nP,1,saw,10,1.5,\nP,2,mill,15,2,5\n",
    ),
    ("bom.csv", "product,material,qty_per_unit\nP,steel,2\n"),
    ("stock.csv", "site,material,quantity\nworks,steel,20\n"),
    (
        "deliveries.csv",
        "id,material,site,quantity,eta\nD1,steel,works,100,240\n",
    ),
    (
        "orders.csv",
        "# two orders\nid,product,quantity,customer,release,due\nO1,P,10,depot,0,600\nO2,P,5,,30,400\n",
    ),
    (
        "lanes.csv",
        "id,from,to,transit,cost_per_unit\ntruck,works,depot,120,0.5\n",
    ),
    ("downtime.csv", "machine,start,end\nmill,100,130\n"),
];

fn plain_instance() -> Instance {
    read_instance_files("plant", &INSTANCE).expect("the plain instance reads")
}

#[test]
fn instance_files_saved_by_a_spreadsheet_read_the_same() {
    let saved: Vec<(&str, Vec<u8>)> = INSTANCE
        .iter()
        .map(|(name, text)| (*name, spreadsheet(text)))
        .collect();
    let instance = read_instance_files("plant", &saved).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        instance_files(&instance).unwrap(),
        instance_files(&plain_instance()).unwrap()
    );
}

#[test]
fn events_saved_by_a_spreadsheet_read_the_same() {
    let instance = plain_instance();
    let events = "kind,machine,start,end,order,step,extra\nmachine_down,saw,200,260,,,\n\
                  overrun,,,,O1,1,15\norder_cancelled,,,,O2,,\n";
    let plain = parse_events(&instance, &Source::new("events.csv", events)).unwrap();
    let saved = parse_events(&instance, &Source::new("events.csv", spreadsheet(events)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved, plain);
    assert_eq!(plain.events.len(), 3);
}

#[test]
fn plan_files_saved_by_a_spreadsheet_read_the_same() {
    let instance = plain_instance();
    let schedule = takt::dispatch::dispatch(&instance, &Default::default());
    let files = takt::io::plan_files(&instance, &schedule).unwrap();
    let sources = |convert: &dyn Fn(&str) -> Vec<u8>| {
        let source = |name: &str| {
            files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(n, text)| Source::new(*n, convert(text)))
        };
        PlanSources {
            schedule: source("schedule.csv"),
            shipments: source("shipments.csv"),
            unplanned: source("unplanned.csv"),
            transfers: source("transfers.csv"),
        }
    };
    let plain = parse_plan(&instance, &sources(&|t| t.as_bytes().to_vec())).unwrap();
    let saved = parse_plan(&instance, &sources(&spreadsheet)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved, plain);
    assert!(!plain.schedule.shipments.is_empty());
}

#[test]
fn benchmark_files_saved_on_windows_read_the_same() {
    let jsp = "# tiny\n2 2\n0 5 1 3\n1 4 0 2\n";
    let plain = parse_jsp(&Source::new("t.jsp", jsp)).unwrap();
    let saved = parse_jsp(&Source::new("t.jsp", windows(jsp))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        instance_files(&saved).unwrap(),
        instance_files(&plain).unwrap()
    );
    let fjs = "2 2 1\n2 1 1 5 2 1 3 2 4\n1 1 2 7\n";
    let plain = parse_fjs(&Source::new("t.fjs", fjs)).unwrap();
    let saved = parse_fjs(&Source::new("t.fjs", windows(fjs))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        instance_files(&saved).unwrap(),
        instance_files(&plain).unwrap()
    );
}

fn first(errors: InputErrors) -> takt::io::InputError {
    errors.0.into_iter().next().expect("an error")
}

#[test]
fn invisible_characters_inside_values_are_named() {
    let instance = plain_instance();
    // A zero-width space after a machine id, in events.csv.
    let events = "kind,machine,start,end\nmachine_down,saw\u{200b},200,260\n";
    let e = first(parse_events(&instance, &Source::new("events.csv", events)).unwrap_err());
    assert_eq!(e.code, ErrorCode::UnknownMachine);
    assert!(e.hint.contains("U+200B (zero-width space)"), "{e}");
    assert!(e.hint.contains("did you mean 'saw'"), "{e}");
    assert!(
        e.message.contains("saw\\u{200b}"),
        "the message shows it: {e}"
    );
    // A no-break space as a thousands separator, in orders.csv.
    let mut files = INSTANCE.to_vec();
    files[6] = ("orders.csv", "id,product,quantity\nO1,P,1\u{a0}000\n");
    let e = first(read_instance_files("plant", &files).unwrap_err());
    assert_eq!((e.code, e.line), (ErrorCode::NotAnInteger, Some(2)));
    assert!(e.hint.contains("U+00A0 (no-break space)"), "{e}");
    // A byte-order mark in the middle of a file (two files pasted together), in a plan.
    let schedule =
        "order,step,machine,start,end\nO1,1,saw,0,25\n\u{feff}order,step,machine,start,end\n";
    let errors = parse_plan(
        &instance,
        &PlanSources {
            schedule: Some(Source::new("schedule.csv", schedule)),
            ..PlanSources::default()
        },
    )
    .unwrap_err();
    let e = errors
        .with_code(ErrorCode::UnknownOrder)
        .next()
        .expect("UNKNOWN_ORDER");
    assert_eq!(e.line, Some(3));
    assert!(e.hint.contains("U+FEFF (byte-order mark)"), "{e}");
    // A benchmark token with a zero-width space.
    let e = first(parse_jsp(&Source::new("t.jsp", "1 1\n0 5\u{200b}\n")).unwrap_err());
    assert_eq!((e.code, e.line), (ErrorCode::NotAnInteger, Some(2)));
    assert!(e.hint.contains("U+200B"), "{e}");
}

#[test]
fn utf16_and_binary_files_are_named_as_such() {
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("id\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let mut files: Vec<(&str, Vec<u8>)> = INSTANCE
        .iter()
        .map(|(n, t)| (*n, t.as_bytes().to_vec()))
        .collect();
    files[1].1 = utf16;
    let e = first(read_instance_files("plant", &files).unwrap_err());
    assert_eq!(e.code, ErrorCode::NotUtf8);
    assert!(e.hint.contains("UTF-16"), "{e}");
    // UTF-16 without its mark reads as text full of NUL characters.
    let bare: Vec<u8> = "kind\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let e = first(parse_events(&plain_instance(), &Source::new("events.csv", bare)).unwrap_err());
    assert_eq!(e.code, ErrorCode::InvisibleCharacter);
    let e = first(parse_jsp(&Source::new("t.jsp", b"1 1\n0 \xff5\n")).unwrap_err());
    assert_eq!((e.code, e.line), (ErrorCode::NotUtf8, Some(2)));
}

#[test]
fn no_row_is_dropped_whatever_its_values() {
    let instance = plain_instance();
    // Huge step numbers and minutes are errors at their row, not rows left out.
    let events = "kind,order,step,extra\noverrun,O1,99999999999,5\noverrun,O1,1,99999999999\n\
                  overrun,O1,1,999999999999999999999\n";
    let errors = parse_events(&instance, &Source::new("events.csv", events)).unwrap_err();
    let lines: Vec<Option<usize>> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![Some(2), Some(3), Some(4)], "{errors}");
    assert!(
        errors.iter().all(|e| e.code == ErrorCode::OutOfRange),
        "{errors}"
    );
    // A lane capacity beyond u32 is an error, not silently capped.
    let mut files = INSTANCE.to_vec();
    files[7] = (
        "lanes.csv",
        "id,from,to,transit,capacity\ntruck,works,depot,120,99999999999\n",
    );
    let e = first(read_instance_files("plant", &files).unwrap_err());
    assert_eq!(
        (e.code, e.column.as_deref()),
        (ErrorCode::OutOfRange, Some("capacity"))
    );
    // Every data row of a plan takes effect or is an error.
    let schedule = "order,step,machine,start,end\nO1,1,saw,0,25\nO1,9,saw,0,25\nO9,1,saw,0,25\n";
    let errors = parse_plan(
        &instance,
        &PlanSources {
            schedule: Some(Source::new("schedule.csv", schedule)),
            ..PlanSources::default()
        },
    )
    .unwrap_err();
    let lines: Vec<Option<usize>> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![Some(3), Some(4)], "{errors}");
}

//! The worked example in README.md is the folder `instances/example/`, file for file.

use std::collections::BTreeMap;
use std::path::Path;

/// `(file name, content)` of every CSV block introduced by "`instances/example/NAME`:".
fn documented_files(doc: &str) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line
            .strip_prefix("`instances/example/")
            .and_then(|rest| rest.strip_suffix("`:"))
        else {
            continue;
        };
        assert_eq!(lines.next(), Some("```csv"), "block of {name}");
        let mut content = String::new();
        for body in lines.by_ref().take_while(|l| *l != "```") {
            content.push_str(body);
            content.push('\n');
        }
        files.insert(name.to_string(), content);
    }
    files
}

#[test]
fn the_documented_example_is_the_example_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("README.md")).unwrap();
    let documented = documented_files(&doc);
    let mut on_disk = BTreeMap::new();
    for entry in std::fs::read_dir(root.join("instances/example")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        on_disk.insert(name, std::fs::read_to_string(&path).unwrap());
    }
    assert_eq!(documented, on_disk);
}

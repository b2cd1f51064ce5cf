//! Sync end to end through the real binary: three stores for three Centres
//! exchanging files by `kith export`/`kith import` and by `kith sync` on a
//! shared folder, in several orders, ending with the same `kith dump`.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A temporary home with one store per Centre and a shared folder.
struct Network {
    home: TempDir,
}

impl Network {
    fn new(centres: &[&str]) -> Network {
        let network = Network {
            home: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir(network.shared()).unwrap();
        for (index, centre) in centres.iter().enumerate() {
            network.ok(index, &["init", "--centre", centre]);
        }
        network
    }

    fn shared(&self) -> PathBuf {
        self.home.path().join("shared")
    }

    fn store(&self, index: usize) -> PathBuf {
        self.home.path().join(format!("store-{index}.db"))
    }

    fn kith(&self, index: usize, args: &[&str]) -> assert_cmd::assert::Assert {
        Command::cargo_bin("kith")
            .unwrap()
            .env("HOME", self.home.path())
            .env("XDG_DATA_HOME", self.home.path().join("data"))
            .arg("--db")
            .arg(self.store(index))
            .args(args)
            .assert()
    }

    fn ok(&self, index: usize, args: &[&str]) -> String {
        let output = self.kith(index, args).success().get_output().stdout.clone();
        String::from_utf8(output).unwrap()
    }

    fn fails(&self, index: usize, args: &[&str]) -> String {
        let output = self.kith(index, args).code(1).get_output().stderr.clone();
        String::from_utf8(output).unwrap()
    }

    fn dump(&self, index: usize) -> String {
        self.ok(index, &["dump"])
    }

    fn sync(&self, index: usize) -> String {
        let shared = self.shared();
        self.ok(index, &["sync", shared.to_str().unwrap(), "--yes"])
    }

    fn path(&self, name: &str) -> String {
        self.home.path().join(name).to_str().unwrap().to_string()
    }

    /// Paths for one file from each of `count` stores: `0.kith`, `1.kith`...
    fn files(&self, count: usize) -> Vec<String> {
        (0..count)
            .map(|index| self.path(&format!("{index}.kith")))
            .collect()
    }
}

/// Each Centre adds what it knows, with a link made at two of them.
fn populate(network: &Network) {
    network.ok(
        0,
        &[
            "add",
            "person",
            "Siân Lloyd",
            "--email",
            "sian@example.org",
            "--org",
            "Cardiff Council",
        ],
    );
    network.ok(
        1,
        &[
            "add",
            "person",
            "Morag Reid",
            "--nation",
            "scotland",
            "--topic",
            "education",
        ],
    );
    network.ok(
        2,
        &[
            "add",
            "person",
            "Ciarán Kelly",
            "--nation",
            "northern-ireland",
        ],
    );
    network.ok(2, &["add", "person", "Hidden Hana", "--private"]);
}

fn assert_all_equal(network: &Network, count: usize) {
    let first = network.dump(0);
    for index in 1..count {
        assert_eq!(
            network.dump(index),
            first,
            "store {index} differs from store 0"
        );
    }
}

#[test]
fn three_centres_converge_through_a_shared_folder_in_any_order() {
    for order in [[0, 1, 2], [2, 0, 1], [1, 2, 0]] {
        let network = Network::new(&[
            "EEF",
            "Wales Centre for Public Policy",
            "What Works Scotland",
        ]);
        populate(&network);
        for _round in 0..2 {
            for index in order {
                network.sync(index);
            }
        }
        // A later round, in the other direction, changes nothing anywhere.
        let before = network.dump(0);
        for index in order.iter().rev() {
            network.sync(*index);
        }
        assert_eq!(network.dump(0), before);
        // Store 2 holds its private person as well; the others must not.
        let shared_dump = network.dump(0);
        assert!(!shared_dump.contains("Hidden Hana"));
        assert!(shared_dump.contains("Siân Lloyd") && shared_dump.contains("Ciarán Kelly"));
        assert_all_equal(&network, 2);
    }
}

#[test]
fn edits_deletions_and_an_erasure_travel_by_export_and_import() {
    let network = Network::new(&["EEF", "WCPP", "WWS"]);
    populate(&network);
    let files = network.files(3);
    for (index, file) in files.iter().enumerate() {
        network.ok(index, &["export", file]);
    }
    for index in 0..3 {
        let others: Vec<&str> = files
            .iter()
            .filter(|file| !file.ends_with(&format!("{index}.kith")))
            .map(String::as_str)
            .collect();
        let mut args = vec!["import"];
        args.extend(others);
        network.ok(index, &args);
    }
    network.ok(1, &["edit", "Siân Lloyd", "--set", "role=Head of Research"]);
    network.ok(2, &["rm", "Morag Reid", "--yes"]);
    network.ok(0, &["erase", "Ciarán Kelly", "--yes"]);
    // Exchange in a different order, with a stale file imported again.
    for (index, file) in files.iter().enumerate() {
        network.ok(index, &["export", file]);
    }
    network.ok(2, &["import", &files[0], &files[1]]);
    network.ok(0, &["import", &files[2], &files[1], &files[0]]);
    network.ok(1, &["import", &files[2]]);
    network.ok(1, &["import", &files[0]]);
    for (index, file) in files.iter().enumerate() {
        network.ok(index, &["export", file]);
    }
    network.ok(0, &["import", &files[1], &files[2]]);
    network.ok(1, &["import", &files[0]]);
    let dump = network.dump(0);
    assert!(dump.contains("Head of Research"));
    assert!(
        !dump.contains("Ciarán Kelly"),
        "the erased person survived: {dump}"
    );
    assert_eq!(network.dump(1), dump);
}

/// Imports `file` into store `index`, giving the report's JSON.
fn import_json(network: &Network, index: usize, file: &str) -> serde_json::Value {
    serde_json::from_str(&network.ok(index, &["--json", "import", file])).unwrap()
}

#[test]
fn only_edits_made_without_seeing_the_other_side_are_conflicts() {
    let network = Network::new(&["EEF", "WCPP", "WWS"]);
    populate(&network);
    let files = network.files(3);
    network.ok(0, &["export", &files[0]]);
    import_json(&network, 1, &files[0]);
    // WCPP corrects a role it has received from EEF: an update at EEF.
    network.ok(1, &["edit", "Siân Lloyd", "--set", "role=Head of Research"]);
    network.ok(1, &["export", &files[1]]);
    let report = import_json(&network, 0, &files[1]);
    assert_eq!(
        report["total"]["conflicts"],
        serde_json::json!([]),
        "{report}"
    );
    assert_eq!(report["total"]["updated"], 1, "{report}");
    // Now EEF and WWS change the same field, neither seeing the other.
    network.ok(0, &["export", &files[0]]);
    import_json(&network, 2, &files[0]);
    network.ok(0, &["edit", "Siân Lloyd", "--set", "role=Director"]);
    network.ok(2, &["edit", "Siân Lloyd", "--set", "role=Chief Executive"]);
    network.ok(0, &["export", &files[0]]);
    network.ok(2, &["export", &files[2]]);
    let report = import_json(&network, 0, &files[2]);
    let conflicts = report["total"]["conflicts"].as_array().unwrap().clone();
    assert_eq!(conflicts.len(), 1, "{report}");
    assert_eq!(conflicts[0]["field"], "role");
    assert_eq!(conflicts[0]["ours"], "Director");
    assert_eq!(conflicts[0]["theirs"], "Chief Executive");
    assert_eq!(conflicts[0]["winner"], "theirs", "WWS edited last");
    let text = network.ok(2, &["import", &files[0]]);
    assert!(text.contains("1 conflict"), "{text}");
    assert!(text.contains("Director"), "{text}");
    for index in [0, 2] {
        let shown = network.ok(index, &["show", "Siân Lloyd"]);
        assert!(shown.contains("Chief Executive"), "{shown}");
    }
}

#[test]
fn export_writes_an_owner_only_file_and_import_reports_as_json() {
    let network = Network::new(&["EEF", "WCPP", "WWS"]);
    populate(&network);
    let file = network.path("eef.kith");
    network.ok(0, &["export", &file, "--for", "WCPP"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let report = import_json(&network, 1, &file);
    assert_eq!(report["total"]["new"], 3, "{report}");
    assert_eq!(report["files"][0]["centre"], "EEF");
    let again = import_json(&network, 1, &file);
    assert_eq!(again["total"]["unchanged"], 3, "{again}");
}

#[test]
fn a_dry_run_shows_what_would_change_and_changes_nothing() {
    let network = Network::new(&["EEF", "WCPP", "WWS"]);
    populate(&network);
    let file = network.path("eef.kith");
    network.ok(0, &["export", &file]);
    let before = network.dump(1);
    let preview = network.ok(1, &["import", &file, "--dry-run"]);
    assert!(
        preview.contains("Dry run") && preview.contains("3 new"),
        "{preview}"
    );
    assert_eq!(network.dump(1), before);
}

#[test]
fn export_filters_by_nation() {
    let network = Network::new(&["EEF", "WCPP", "WWS"]);
    populate(&network);
    let file = network.path("scotland.kith");
    network.ok(1, &["export", &file, "--nation", "Scotland"]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("Morag Reid"));
    assert!(
        text.contains("\"covers\":{\"nation\":\"scotland\"}"),
        "{text}"
    );
}

#[test]
fn a_damaged_file_is_refused_with_a_message_and_the_store_kept() {
    let network = Network::new(&["EEF", "WCPP", "WWS"]);
    populate(&network);
    let file = network.path("eef.kith");
    network.ok(0, &["export", &file]);
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.truncate(bytes.len() - 10);
    std::fs::write(&file, &bytes).unwrap();
    let before = network.dump(1);
    let message = network.fails(1, &["import", &file]);
    assert!(
        message.contains("eef.kith") && message.contains("cut short"),
        "{message}"
    );
    assert!(message.contains("nothing was changed"), "{message}");
    assert_eq!(network.dump(1), before);
}

#[test]
fn a_file_deleting_much_of_the_store_needs_yes() {
    let network = Network::new(&["EEF", "WCPP", "WWS"]);
    let names: Vec<String> = (0..12)
        .map(|number| format!("Person {number:02}"))
        .collect();
    for name in &names {
        network.ok(0, &["add", "person", name]);
    }
    let file = network.path("eef.kith");
    network.ok(0, &["export", &file]);
    network.ok(1, &["import", &file]);
    for name in &names {
        network.ok(0, &["rm", name, "--yes"]);
    }
    network.ok(0, &["export", &file]);
    let before = network.dump(1);
    let message = network.fails(1, &["import", &file]);
    assert!(message.contains("would delete 12"), "{message}");
    assert!(message.contains("--yes"), "{message}");
    assert_eq!(network.dump(1), before);
    network.ok(1, &["import", &file, "--yes"]);
    assert_eq!(network.dump(1), network.dump(0));
}

#[test]
fn sync_imports_a_file_again_only_once_its_sender_has_rewritten_it() {
    let network = Network::new(&["EEF", "WCPP", "WWS"]);
    populate(&network);
    network.sync(0);
    let first = network.sync(1);
    assert!(first.contains("1 new") || first.contains("new"), "{first}");
    let again = network.sync(1);
    assert!(
        again.contains("1 file unchanged since this store last imported it"),
        "{again}"
    );
    assert!(!again.contains("new,"), "nothing is imported: {again}");
    network.ok(0, &["edit", "Siân Lloyd", "--set", "role=Director"]);
    network.sync(0);
    let changed = network.sync(1);
    assert!(changed.contains("1 updated"), "{changed}");
    assert!(network.dump(1).contains("Director"));
    // A dry run neither imports nor remembers: the real sync after it
    // still finds the file new.
    network.ok(0, &["edit", "Siân Lloyd", "--set", "role=Chief Executive"]);
    network.sync(0);
    let shared = network.shared();
    network.ok(1, &["sync", shared.to_str().unwrap(), "--dry-run"]);
    assert!(network.sync(1).contains("1 updated"));
    assert_eq!(network.dump(1), network.dump(0));
}

#[test]
fn a_damaged_file_in_the_shared_folder_is_skipped_and_the_rest_synced() {
    let network = Network::new(&["EEF", "WCPP", "WWS"]);
    populate(&network);
    // Files written straight into the shared folder, neither store having
    // read the other's; store 0's is then cut short on the shared drive.
    let damaged = network.shared().join("eef.kith");
    let good = network.shared().join("wws.kith");
    network.ok(0, &["export", damaged.to_str().unwrap()]);
    network.ok(2, &["export", good.to_str().unwrap()]);
    let mut bytes = std::fs::read(&damaged).unwrap();
    bytes.truncate(bytes.len() - 10);
    std::fs::write(&damaged, &bytes).unwrap();
    let shared = network.shared();
    let assert = network.kith(1, &["sync", shared.to_str().unwrap(), "--yes"]);
    let output = assert.code(1).get_output().clone();
    let (stdout, stderr) = (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    );
    let name = damaged.file_name().unwrap().to_str().unwrap();
    assert!(
        stderr.contains(name) && stderr.contains("cut short"),
        "{stderr}"
    );
    assert!(stderr.contains("the others were imported"), "{stderr}");
    assert!(stdout.contains("Wrote"), "ours is still written: {stdout}");
    let dump = network.dump(1);
    assert!(dump.contains("Ciarán Kelly"), "the good file is imported");
    assert!(
        !dump.contains("Siân Lloyd"),
        "nothing of the damaged file is"
    );
}

#[test]
fn sync_needs_an_existing_folder() {
    let network = Network::new(&["EEF"]);
    let missing = network.path("nowhere");
    let output = network
        .kith(0, &["sync", &missing])
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(output)
        .unwrap()
        .contains("is not a folder"));
    assert!(!Path::new(&missing).exists());
}

#[test]
fn duplicates_entered_at_two_centres_are_found_and_merged_and_the_merge_travels() {
    let network = Network::new(&["EEF", "WCPP", "WWS"]);
    network.ok(
        0,
        &["add", "person", "Siân Lloyd", "--email", "sian@eef.example"],
    );
    network.ok(
        1,
        &[
            "add",
            "person",
            "Sian Lloyd",
            "--email",
            "sian@wcpp.example",
        ],
    );
    network.sync(0);
    network.sync(1);
    network.sync(0);
    let found = network.ok(0, &["duplicates"]);
    assert!(found.contains("same name"), "{found}");
    let pairs: serde_json::Value =
        serde_json::from_str(&network.ok(0, &["--json", "duplicates"])).unwrap();
    let keep = pairs[0]["keep"]["id"].as_str().unwrap().to_string();
    let fold = pairs[0]["fold"]["id"].as_str().unwrap().to_string();
    let refused = network.kith(0, &["merge", &fold, &keep]).code(2);
    assert!(String::from_utf8_lossy(&refused.get_output().stderr).contains("--yes"));
    network.ok(0, &["merge", &fold, &keep, "--yes"]);
    network.sync(0);
    network.sync(1);
    assert_eq!(network.ok(1, &["duplicates"]).trim(), "No duplicates found");
    assert_all_equal(&network, 2);
}

//! The real binary in a real terminal: `kith` runs inside tmux, keys are
//! sent with `send-keys`, and the screen is read back with `capture-pane`.
//! Skips, saying so, where tmux is not installed (CI installs it).

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A tmux server of the test's own, killed when the test ends however it
/// ends, so that no session outlives the test.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, arguments: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(arguments)
            .output()
            .expect("tmux runs")
    }

    fn screen(&self) -> String {
        let output = self.run(&["capture-pane", "-p", "-t", "kith"]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn send(&self, keys: &[&str]) {
        let mut arguments = vec!["send-keys", "-t", "kith"];
        arguments.extend_from_slice(keys);
        self.run(&arguments);
    }

    /// Waits until the screen shows `text`; fails with the screen if it
    /// does not within ten seconds.
    #[track_caller]
    fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |screen| screen.contains(text))
    }

    /// Waits until the screen satisfies `ready`, described as `what`.
    #[track_caller]
    fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if started.elapsed() > Duration::from_secs(10) {
                panic!("waited 10 s for {what:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|output| output.status.success())
}

fn make_demo_store(folder: &Path) -> String {
    let database = folder.join("demo.db");
    let status = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["demo", "--db"])
        .arg(&database)
        .env("HOME", folder)
        .output()
        .expect("kith demo runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    database.display().to_string()
}

#[test]
fn the_binary_searches_opens_a_record_and_quits_cleanly_in_tmux() {
    if !tmux_available() {
        eprintln!("note: tmux is not installed, so the terminal test is skipped");
        return;
    }
    let folder = tempfile::tempdir().expect("temporary folder");
    let database = make_demo_store(folder.path());
    let tmux = Tmux {
        socket: format!("kith-test-{}", std::process::id()),
    };
    let command = format!(
        "HOME='{}' NO_COLOR=1 EDITOR='sed -i s/Fellow/Professor/' '{}' --db '{}'; \
         echo \"kith exited with $?\"; sleep 30",
        folder.path().display(),
        env!("CARGO_BIN_EXE_kith"),
        database
    );
    let started = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "kith",
        "-x",
        "100",
        "-y",
        "30",
        &command,
    ]);
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );

    tmux.wait_for("Search:");
    // The counts appear once the index has loaded in the background; keys
    // sent before the screen has taken the terminal could be lost, which
    // made this test fail now and then.
    tmux.wait_for("people ·");
    tmux.send(&["sian lloyd"]);
    tmux.wait_for("Search: sian lloyd");
    // The detail pane may name her already (as a member of the network
    // selected first), so wait for her to head the results themselves.
    let screen = tmux.wait_until("Siân Lloyd at the top of the results", |screen| {
        screen
            .lines()
            .nth(3)
            .is_some_and(|line| line.starts_with("P Siân Lloyd"))
    });
    assert!(screen.contains("Search: sian lloyd"), "{screen}");

    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("Search › Siân Lloyd");
    assert!(screen.contains("Organisations ("), "{screen}");

    // The editor is sed, which edits the role and returns at once.
    tmux.send(&["E"]);
    let screen = tmux.wait_for("Saved 1 field of Siân Lloyd.");
    assert!(screen.contains("Research Professor"), "{screen}");

    // Separate sends: an Esc followed at once by a letter reads as Alt.
    tmux.send(&["Escape"]);
    tmux.wait_for("Search: sian lloyd");
    std::thread::sleep(Duration::from_millis(100));
    tmux.send(&["q"]);
    let screen = tmux.wait_for("kith exited with 0");
    assert!(
        !screen.contains("Search:"),
        "the screen was not cleared:\n{screen}"
    );
}

/// Runs the binary on the store at `database` with `arguments`, giving its
/// stdout; `home` keeps its logs in the test's folder.
fn kith(home: &Path, database: &Path, arguments: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg("--db")
        .arg(database)
        .args(arguments)
        .env("HOME", home)
        .env_remove("KITH_DB")
        .output()
        .expect("kith runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_binary_imports_a_file_through_its_preview_and_dismisses_a_pair_in_tmux() {
    if !tmux_available() {
        eprintln!("note: tmux is not installed, so the terminal test is skipped");
        return;
    }
    let folder = tempfile::tempdir().expect("temporary folder");
    let home = folder.path();
    let database = make_demo_store(home);
    let sender = home.join("eef.db");
    kith(home, &sender, &["init", "--centre", "EEF"]);
    kith(home, &sender, &["add", "person", "Zebedee Example"]);
    let file = home.join("from-eef.kith");
    kith(home, &sender, &["export", &file.display().to_string()]);
    let tmux = Tmux {
        socket: format!("kith-import-test-{}", std::process::id()),
    };
    // Started in the test's folder, where the import popup opens.
    let command = format!(
        "cd '{home}' && HOME='{home}' NO_COLOR=1 '{kith}' --db '{database}'; \
         echo \"kith exited with $?\"; sleep 30",
        home = home.display(),
        kith = env!("CARGO_BIN_EXE_kith"),
    );
    let started = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "kith",
        "-x",
        "100",
        "-y",
        "30",
        &command,
    ]);
    assert!(started.status.success());
    tmux.wait_for("people ·");
    tmux.send(&["Escape"]);
    std::thread::sleep(Duration::from_millis(100));
    tmux.send(&["I"]);
    tmux.wait_for("Import a sync file");
    tmux.wait_for("from-eef.kith");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("Import preview");
    assert!(screen.contains("1 new, 0 updated, 0 deleted"), "{screen}");
    tmux.send(&["Enter"]);
    tmux.wait_for("Imported from-eef.kith: 1 new");

    tmux.send(&["D"]);
    tmux.wait_for("pair 1 of 4");
    tmux.send(&["x"]);
    tmux.wait_for("will not be suggested again");
    tmux.wait_for("pair 1 of 3");
    tmux.send(&["Escape"]);
    tmux.wait_for("Search:");
    std::thread::sleep(Duration::from_millis(100));
    tmux.send(&["q"]);
    tmux.wait_for("kith exited with 0");

    let database = Path::new(&database);
    let found = kith(home, database, &["search", "zebedee"]);
    assert!(found.contains("Zebedee Example"), "{found}");
    let pairs = kith(home, database, &["duplicates"]);
    assert!(pairs.contains("Left out 1 pair"), "{pairs}");
}

//! Running the user's editor (`$VISUAL`, then `$EDITOR`, then `vi`) on a
//! temporary file and reading back what they saved.

use std::io::Write;
use std::process::Command;

/// Opens `text` in the editor and gives the text saved, or why not.
pub fn edit(text: &str) -> Result<String, String> {
    let command = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_string());
    // An editor is often given with arguments ("code --wait").
    let mut words = command.split_whitespace();
    let program = words
        .next()
        .ok_or("$EDITOR is empty; set it to your editor's command")?;
    let mut file = tempfile::Builder::new()
        .prefix("kith-edit-")
        .suffix(".txt")
        .tempfile()
        .map_err(|error| format!("cannot make a file to edit: {error}"))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|error| format!("cannot write the file to edit: {error}"))?;
    let status = Command::new(program)
        .args(words)
        .arg(file.path())
        .status()
        .map_err(|error| format!("cannot run {program}: {error}; set $EDITOR to your editor"))?;
    if !status.success() {
        return Err(format!(
            "{program} stopped with {status}; nothing was saved"
        ));
    }
    std::fs::read_to_string(file.path())
        .map_err(|error| format!("cannot read the edited file: {error}"))
}

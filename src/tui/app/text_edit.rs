//! Editing a record as text in the user's editor: the app asks for it, the
//! run loop lends the terminal to the editor, and the app saves what came
//! back through `ops`, as the edit form does.

use super::App;
use crate::tui::editing::TextEdit;
use crate::tui::views::chrome::Message;

/// A text edit waiting for the run loop to open the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEditRequest {
    /// The record and the values it started with.
    pub edit: TextEdit,
    /// The text to open in the editor.
    pub text: String,
}

impl App {
    pub(super) fn ask_for_text_edit(&mut self) {
        let Some(id) = self.focused_record() else {
            self.message = Some(Message::Note("Select a record first.".into()));
            return;
        };
        match self.store.live(&id) {
            Ok(record) => {
                let edit = TextEdit::of(&record);
                let text = edit.text(record.name());
                self.text_edit = Some(TextEditRequest { edit, text });
            }
            Err(error) => self.message = Some(Message::Problem(error.to_string())),
        }
    }

    /// The text edit the user asked for, if any, for the run loop to open.
    pub fn take_text_edit(&mut self) -> Option<TextEditRequest> {
        self.text_edit.take()
    }

    /// Saves what the editor gave back (`Err` if it could not run).
    pub fn finish_text_edit(&mut self, request: TextEditRequest, edited: Result<String, String>) {
        self.message = Some(match edited {
            Err(problem) => Message::Problem(problem),
            Ok(text) if text == request.text => Message::Note("Nothing changed.".into()),
            Ok(text) => match request.edit.save(&mut self.store, &text) {
                Ok(saved) => {
                    let affected = self.affected_by(&saved.id);
                    self.after_write(&affected);
                    Message::Done(saved.message)
                }
                Err(problem) => Message::Problem(format!("Not saved: {problem}")),
            },
        });
    }
}

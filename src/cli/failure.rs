//! How a command fails: a message for stderr and an exit status, 2 when
//! what was typed is wrong, 1 for everything else.

use crate::ops::OpsError;
use crate::store::StoreError;
use std::io::Write;

/// A command's failure, ready to report.
#[derive(Debug)]
pub struct Failure {
    message: String,
    usage: bool,
    quiet: bool,
}

impl Failure {
    /// A failure that is not the user's typing (exit 1).
    pub fn failed(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            usage: false,
            quiet: false,
        }
    }

    /// A mistake in what was typed (exit 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            usage: true,
            quiet: false,
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Prints the message to stderr and gives the exit status. Output cut
    /// short by a closed pipe (`kith dump | head`) is not worth a message.
    pub fn report(&self) -> i32 {
        if self.quiet {
            return 0;
        }
        let _ = writeln!(std::io::stderr(), "kith: {}", self.message);
        tracing::warn!(usage = self.usage, "command failed");
        if self.usage {
            2
        } else {
            1
        }
    }
}

impl From<OpsError> for Failure {
    fn from(error: OpsError) -> Failure {
        Failure {
            usage: error.is_usage(),
            message: error.to_string(),
            quiet: false,
        }
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Failure {
        Failure::failed(error.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Failure {
        let mut failure = Failure::failed(format!("could not write the output: {error}"));
        failure.quiet = error.kind() == std::io::ErrorKind::BrokenPipe;
        failure
    }
}

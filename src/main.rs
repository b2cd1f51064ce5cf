//! The `kith` binary: parse the command line, run it, exit with its status.

fn main() {
    std::process::exit(kith::cli::main());
}

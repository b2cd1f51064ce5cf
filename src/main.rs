//! The `kith` binary: parse the command line, run it, exit with its status.

/// mimalloc instead of the system's allocator. Reading a sync file makes
/// several small allocations a record (ids, stamps, field maps), about
/// four million for 100,000 people; with glibc's allocator that, and the
/// kernel zeroing the pages it asks for, was about a fifth of an import's
/// time (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(kith::cli::main());
}

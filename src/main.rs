//! The `recall` binary: everything lives in the library; this only sets up the C allocator
//! (`tune_allocator`) and hands over the process.

fn main() -> std::process::ExitCode {
    tune_allocator();
    recall::main()
}

/// Has glibc's malloc give every block of 128 KiB or more its own mapping, returned to the
/// system when it is freed. By default the threshold rises to the largest block freed so far
/// (up to 32 MB): once the first deck file's text and notes (2 and 3.5 MB for 10,000 cards) are
/// freed, every later file's are carved from the heaps of the threads that parse and save
/// them, which then keep the freed space. A sync of 100,000 cards after an edit peaked at
/// 37 MB resident instead of 30 (the blocks are few: mapping them costs nothing measurable).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn tune_allocator() {
    const THRESHOLD: libc::c_int = 128 * 1024;
    // SAFETY: `mallopt` only sets one of the allocator's parameters, from the main thread
    // before any other thread exists; a refusal (return 0) leaves the default, harmlessly.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

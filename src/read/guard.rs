//! Running a reader so that a panic inside it (a bug in a parsing library meeting a malformed
//! file) becomes an error for that file, quietly: the panic hook says nothing while a guarded
//! read is running on this thread, and stays as it was everywhere else, so real bugs still show.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many guarded reads are running on this thread.
    static GUARDED: Cell<usize> = const { Cell::new(0) };
}

static INSTALL: Once = Once::new();

/// Installs (once) a panic hook that is silent inside [`quietly`] and otherwise calls the hook
/// that was there before.
fn install_hook() {
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
}

/// Runs `f`; a panic inside it is returned as `Err` with the panic's message, and prints nothing.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    GUARDED.with(|g| g.set(g.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(g.get().saturating_sub(1)));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_an_error_with_its_message() {
        let r: Result<(), String> = quietly(|| panic!("bad record at {}", 7));
        assert_eq!(r, Err("bad record at 7".to_string()));
        assert_eq!(quietly(|| 5), Ok(5));
        assert_eq!(GUARDED.with(Cell::get), 0);
    }
}

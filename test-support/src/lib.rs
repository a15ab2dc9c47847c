//! What safe-log's tests and benchmarks share: a global allocator that
//! counts allocations while asked to, so "no allocation per event" is a
//! number, not a hope.
//!
//! ```
//! use safe_log_test_support::{Counting, allocations_during};
//!
//! #[global_allocator]
//! static GLOBAL: Counting = Counting;
//!
//! let n = allocations_during(|| { let _ = vec![1u8]; });
//! assert_eq!(n, 1);
//! ```

#![allow(
    unsafe_code,
    reason = "a counting global allocator must implement GlobalAlloc"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// A global allocator that delegates to the system allocator and counts
/// allocations (`alloc`, `alloc_zeroed`, `realloc`) while
/// [`allocations_during`] runs. Install it with `#[global_allocator]`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

impl Counting {
    fn count() {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
    }
}

// SAFETY: every method forwards its arguments unchanged to `System`, which
// upholds the `GlobalAlloc` contract; counting is an atomic add, which does
// not allocate, so the allocator never reenters itself.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Counting::count();
        // SAFETY: the caller's contract for `alloc` is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (every
        // allocation goes through this allocator).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Counting::count();
        // SAFETY: the caller's contract for `alloc_zeroed` is passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        Counting::count();
        // SAFETY: `ptr` and `layout` come from `System` as above; the
        // caller's contract for `realloc` is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// The number of allocations, on any thread, while `f` runs. Only counts
/// when [`Counting`] is the global allocator; calls must not overlap (tests
/// that count run in a test binary of their own).
pub fn allocations_during(f: impl FnOnce()) -> u64 {
    ALLOCATIONS.store(0, Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
    f();
    COUNTING.store(false, Ordering::SeqCst);
    ALLOCATIONS.load(Ordering::SeqCst)
}

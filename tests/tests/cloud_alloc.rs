//! An event through `safe_log::error!` and the Cloud Logging layer allocates
//! nothing once the buffers are warm. Allocation counts are deterministic,
//! so this is a test, not a benchmark.

#![allow(
    unsafe_code,
    reason = "a counting global allocator must implement GlobalAlloc"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::io;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use safe_log::SafeLog;
use safe_log::cloud::CloudLogging;
use tracing_subscriber::layer::SubscriberExt;

/// Counts allocations while `COUNTING` is set, and delegates everything to
/// the system allocator.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every method forwards its arguments unchanged to `System`, which
// upholds the `GlobalAlloc` contract; the counter is an atomic with no
// allocation of its own, so the allocator never reenters itself.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract for `alloc` is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (every
        // allocation goes through `alloc` above).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract for `alloc_zeroed` is passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: `ptr` and `layout` come from `System` as above; the
        // caller's contract for `realloc` is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[derive(SafeLog)]
enum WebSocketState {
    Connected,
}

#[derive(SafeLog)]
struct Diag<'a> {
    conn_id: u64,
    user: &'a str,
    state: WebSocketState,
    close_code: Option<u16>,
    peer: IpAddr,
    ratio: f64,
    big: u64,
    initial: char,
    #[safe_log(redact)]
    token: &'a str,
}

fn log_once(diag: &Diag<'_>, attempt: u32) {
    safe_log::error!(
        diag = diag,
        attempt,
        "websocket message processing failed after {} attempts",
        attempt
    );
    tracing::warn!(native = 5, text = "plain", "a native event");
}

#[test]
fn zero_allocations_per_event_after_warm_up() {
    let layer = CloudLogging::builder()
        .writer(io::sink())
        .project_id("p")
        .build();
    let lost = layer.lost_lines();
    let subscriber = tracing_subscriber::registry().with(layer);
    tracing::subscriber::with_default(subscriber, || {
        let span = tracing::info_span!("request", trace_id = "4bf92f35", method = "GET");
        let _entered = span.enter();
        let diag = Diag {
            conn_id: 7,
            user: "u-1",
            state: WebSocketState::Connected,
            close_code: Some(1011),
            peer: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 7)),
            ratio: 0.5,
            big: u64::MAX,
            initial: 'x',
            token: "s3cret",
        };
        for attempt in 0..100 {
            log_once(&diag, attempt);
        }
        COUNTING.store(true, Ordering::SeqCst);
        for attempt in 0..1000 {
            log_once(&diag, attempt);
        }
        COUNTING.store(false, Ordering::SeqCst);
    });
    assert_eq!(lost.get(), 0);
    assert_eq!(
        ALLOCATIONS.load(Ordering::SeqCst),
        0,
        "allocations in 2000 events"
    );
}

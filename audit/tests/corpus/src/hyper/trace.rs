// hyper's src/trace.rs: forwarding wrappers around tracing's macros.
#![allow(unused_macros)]

macro_rules! debug {
    ($($arg:tt)+) => {
        {
            tracing::debug!($($arg)+);
        }
    }
}

macro_rules! error {
    ($($arg:tt)*) => {
        {
            tracing::error!($($arg)+);
        }
    }
}

macro_rules! trace {
    ($($arg:tt)*) => {
        {
            tracing::trace!($($arg)+);
        }
    }
}

macro_rules! warn {
    ($($arg:tt)*) => {
        {
            tracing::warn!($($arg)+);
        }
    }
}

macro_rules! trace_span {
    ($($arg:tt)*) => {
        {
            let _span = tracing::trace_span!($($arg)+);
            _span.entered()
        }
    }
}

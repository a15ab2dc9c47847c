//! The `static` of each call site, the level gate, and the registry that
//! finds the tracing callsite of (call site x argument layout).
//!
//! # What is leaked, and how much
//!
//! Each (call site x argument layout) builds one [`EventCallsite`] on first
//! use and leaks it with its field names: tracing requires `'static`
//! callsites. Their number is bounded by the program's call sites times the
//! argument types each one sees (one, outside generic functions), never by
//! run-time values. An event's name is a literal the macro writes
//! (`"event file:line"`), not leaked.
//!
//! # The key
//!
//! A callsite is found by the address of its call site's `static` and an
//! exact key of its arguments' layout: the `TypeId` of their schemas, or,
//! for schemas that cannot tell their keys apart without the values (see
//! [`Layout::EXACT`](crate::Layout::EXACT)), the list of the arguments'
//! `describe` functions. Two layouts never share a key, so an event never
//! gets another type's field names.

use core::fmt;
use core::marker::PhantomData;
use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use tracing_core::Level;
use tracing_core::span::Id;

use super::args::{ArgList, ArgSchemas, describe_named};
use super::callsite::EventCallsite;
use super::log_event;
use crate::Keys;

/// Whether tracing and `log` can want an event at a level: what a call
/// site reads first, before anything of the event is evaluated (loads and
/// compares only), and hands on to [`Site::interest`].
#[derive(Clone, Copy, Debug)]
pub struct Gate {
    level: Level,
    tracing: bool,
    /// Whether the call makes a span: spans go to tracing only.
    span: bool,
}

impl Gate {
    /// The gate of an event at `level`: tracing's level filters, and (with
    /// the `log` feature) `log`'s.
    #[inline]
    #[must_use]
    pub fn event(level: Level) -> Self {
        Gate {
            level,
            tracing: tracing_level_enabled(level),
            span: false,
        }
    }

    /// The gate of a span at `level`.
    #[inline]
    #[must_use]
    pub fn span(level: Level) -> Self {
        Gate {
            level,
            tracing: tracing_level_enabled(level),
            span: true,
        }
    }

    /// Whether anything can want the event.
    #[inline]
    #[must_use]
    pub fn is_open(self) -> bool {
        self.tracing || self.log()
    }

    /// Whether `log` can want the event (read when asked: `level` is a
    /// constant at the call).
    #[inline]
    fn log(self) -> bool {
        !self.span && log_event::level_enabled(self.level)
    }
}

/// Whether tracing can want an event at `level`: the compile-time maximum
/// (`tracing`'s `max_level_*` features), then the current maximum of every
/// subscriber.
#[inline]
fn tracing_level_enabled(level: Level) -> bool {
    level <= tracing::level_filters::STATIC_MAX_LEVEL
        && level <= tracing::level_filters::LevelFilter::current()
}

/// What a call site knows without evaluating anything.
#[derive(Debug)]
pub struct SiteInfo {
    /// The event's name, `"event file:line"` as tracing names events.
    pub name: &'static str,
    /// The event's target (`target: "..."`, or the module path).
    pub target: &'static str,
    /// `file!()` of the call.
    pub file: &'static str,
    /// `line!()` of the call.
    pub line: u32,
    /// `module_path!()` of the call.
    pub module_path: &'static str,
    /// The event's level.
    pub level: Level,
    /// The name of each argument, in order; empty for a spread record.
    pub names: &'static [&'static str],
    /// Whether the event has a message.
    pub message: bool,
    /// Whether the call site makes a span rather than an event.
    pub span: bool,
}

/// The `static` of one `safe_log!` call site.
#[derive(Debug)]
pub struct Site {
    info: SiteInfo,
    /// The callsite of the first argument types seen here. A call site
    /// outside a generic function only ever sees one; one inside may see
    /// several, and finds the others in [`registry`].
    first: OnceLock<(LayoutKey, &'static EventCallsite)>,
}

/// Identifies the key layout of an event's arguments, exactly.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum LayoutKey {
    /// The `TypeId` of the arguments' schemas, known without their values.
    Schema(TypeId),
    /// The `describe` function of each argument's type, for schemas that are
    /// not exact (see [`Layout::EXACT`](crate::Layout::EXACT)).
    Describe(Box<[usize]>),
}

/// A [`LayoutKey`] to look up, borrowed.
#[derive(Clone, Copy, Debug)]
enum LayoutRef<'a> {
    Schema(TypeId),
    Describe(&'a [usize]),
}

impl LayoutRef<'_> {
    fn is(self, key: &LayoutKey) -> bool {
        match (self, key) {
            (LayoutRef::Schema(a), LayoutKey::Schema(b)) => a == *b,
            (LayoutRef::Describe(a), LayoutKey::Describe(b)) => a == &**b,
            _ => false,
        }
    }

    fn to_owned(self) -> LayoutKey {
        match self {
            LayoutRef::Schema(id) => LayoutKey::Schema(id),
            LayoutRef::Describe(ids) => LayoutKey::Describe(ids.into()),
        }
    }
}

impl Site {
    /// A call site.
    #[must_use]
    pub const fn new(info: SiteInfo) -> Self {
        Site {
            info,
            first: OnceLock::new(),
        }
    }

    /// Where an event with arguments of schemas `S` goes, if anywhere;
    /// nothing is evaluated. For a schema that is not exact, the callsite
    /// is found from the values, in [`Pending::emit`]. `gate` is the call
    /// site's [`Gate`], read before this.
    #[inline]
    pub fn interest<S: ArgSchemas>(
        &'static self,
        gate: Gate,
        schemas: PhantomData<S>,
    ) -> Option<Pending> {
        // The common case, inlined at the call: the layout is the call
        // site's first, every subscriber always wants it, and `log` cannot.
        if S::EXACT && gate.tracing && !gate.log() {
            if let Some((LayoutKey::Schema(id), cs)) = self.first.get() {
                if *id == TypeId::of::<S>() && cs.is_always() {
                    return Some(Pending(Route::Tracing(cs)));
                }
            }
        }
        self.interest_slow(gate.tracing, gate.log(), schemas)
    }

    /// [`Site::interest`], in full. `tracing` and `log_level` are the
    /// gate's, read at the call (handed over as two flags, so that the gate
    /// is never stored; a span's `log_level` is false).
    #[inline(never)]
    fn interest_slow<S: ArgSchemas>(
        &'static self,
        tracing: bool,
        log_level: bool,
        _: PhantomData<S>,
    ) -> Option<Pending> {
        let log = log_level && log_event::wants(&self.info);
        if !S::EXACT {
            return (tracing || log).then_some(Pending(Route::Full(Full {
                site: self,
                cs: None,
                tracing,
                log,
            })));
        }
        if !tracing && !log {
            return None;
        }
        // The common case, compared first: the call site's first callsite is
        // this layout's.
        let cs = match self.first.get() {
            Some((LayoutKey::Schema(id), cs)) if *id == TypeId::of::<S>() => cs,
            _ => self.callsite_slow(LayoutRef::Schema(TypeId::of::<S>()), |keys, starts| {
                S::describe(self.info.names, keys, starts);
            }),
        };
        let tracing = tracing && cs.is_enabled();
        (tracing || log).then_some(Pending(Route::Full(Full {
            site: self,
            cs: Some(cs),
            tracing,
            log,
        })))
    }

    #[inline]
    fn callsite(
        &'static self,
        key: LayoutRef<'_>,
        describe: impl FnOnce(&mut Keys, &mut Vec<usize>),
    ) -> &'static EventCallsite {
        if let Some((first, cs)) = self.first.get() {
            if key.is(first) {
                return cs;
            }
        }
        self.callsite_slow(key, describe)
    }

    #[cold]
    #[inline(never)]
    fn callsite_slow(
        &'static self,
        key: LayoutRef<'_>,
        describe: impl FnOnce(&mut Keys, &mut Vec<usize>),
    ) -> &'static EventCallsite {
        let cs = registry(self, key, describe);
        // Only the first wins; a later key is found in the registry. Two
        // threads racing here both found `cs` in the registry, which builds
        // each callsite once, so the loser loses nothing.
        let _ = self.first.set((key.to_owned(), cs));
        cs
    }
}

/// The callsites of every (call site x layout), built once each. Leaked:
/// see the [module documentation](self) for the bound.
fn registry(
    site: &'static Site,
    key: LayoutRef<'_>,
    describe: impl FnOnce(&mut Keys, &mut Vec<usize>),
) -> &'static EventCallsite {
    type Registry = HashMap<usize, Vec<(LayoutKey, &'static EventCallsite)>>;
    static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
    let registry = REGISTRY.get_or_init(Mutex::default);
    let mut map = registry.lock().unwrap_or_else(PoisonError::into_inner);
    // A call site sees few layouts: a list per site is searched in place.
    let layouts = map.entry(std::ptr::from_ref(site) as usize).or_default();
    if let Some((_, cs)) = layouts.iter().find(|(k, _)| key.is(k)) {
        return cs;
    }
    // Built under the lock, so a callsite is registered once: registration
    // asks every subscriber for its interest, and tracing requires it to
    // happen once per callsite.
    let mut keys = Keys::new("");
    let mut starts = Vec::new();
    describe(&mut keys, &mut starts);
    let (lists, http) = (keys.lists().to_vec(), keys.__http().to_vec());
    let cs = EventCallsite::build(&site.info, keys.into_keys(), starts);
    crate::value::marks::register_special(
        tracing_core::Callsite::metadata(cs),
        site.info.message,
        &lists,
        &http,
    );
    layouts.push((key.to_owned(), cs));
    cs
}

/// Where an enabled event goes, as [`Site::interest`] found it: tracing
/// (through its callsite, known from the types or, for an inexact schema,
/// from the values) and/or `log`.
#[derive(Clone, Copy, Debug)]
pub struct Pending(Route);

#[derive(Clone, Copy, Debug)]
enum Route {
    /// The common case, in two words: only tracing wants the event, through
    /// this callsite, whatever its values.
    Tracing(&'static EventCallsite),
    /// Any other.
    Full(Full),
}

#[derive(Clone, Copy, Debug)]
struct Full {
    site: &'static Site,
    /// The callsite, when the argument types alone tell it.
    cs: Option<&'static EventCallsite>,
    /// Whether tracing's subscriber wants the event (may, when `cs` is not
    /// known yet).
    tracing: bool,
    /// Whether `log`'s logger wants it.
    log: bool,
}

impl Pending {
    /// Evaluates nothing more than `args` and `message`, which the caller
    /// evaluates only now, and dispatches the event.
    #[inline]
    pub fn emit<A: ArgList>(self, args: &A, message: Option<fmt::Arguments<'_>>, parent: Parent) {
        match self.0 {
            Route::Tracing(cs) => cs.dispatch_typed(args, message, parent),
            Route::Full(full) => full.emit(args, message, parent),
        }
    }

    /// Makes the span, its fields the arguments; a disabled span when no
    /// subscriber wants it.
    #[inline]
    pub fn new_span<A: ArgList>(self, args: &A, parent: Parent) -> tracing::Span {
        match self.0 {
            Route::Tracing(cs) => cs.new_span_typed(args, parent),
            Route::Full(full) => full.new_span(args, parent),
        }
    }
}

impl Full {
    /// [`Pending::emit`], for every route but the common one. Inlined, so
    /// that an event only `log` wants makes one call (`log`'s); tracing's
    /// dispatch is then a call, not a second copy of the common route's.
    #[inline]
    fn emit<A: ArgList>(self, args: &A, message: Option<fmt::Arguments<'_>>, parent: Parent) {
        let cs = match self.cs {
            Some(cs) => cs,
            None => self.resolve(args),
        };
        if self.tracing && (self.cs.is_some() || cs.is_enabled()) {
            cs.dispatch_outlined(args, message, parent);
        }
        if self.log {
            log_event::emit(&self.site.info, cs, args, message);
        }
    }

    /// [`Pending::new_span`], for every route but the common one.
    #[inline(never)]
    fn new_span<A: ArgList>(self, args: &A, parent: Parent) -> tracing::Span {
        let cs = match self.cs {
            Some(cs) => cs,
            None => self.resolve(args),
        };
        if self.tracing && (self.cs.is_some() || cs.is_enabled()) {
            cs.new_span_typed(args, parent)
        } else {
            tracing::Span::none()
        }
    }

    /// The callsite of an inexact schema, found from the values' types.
    #[cold]
    fn resolve<A: ArgList>(self, args: &A) -> &'static EventCallsite {
        let site = self.site;
        // The layout ids of the arguments, on the stack for any event a
        // person writes.
        let mut stack = [0usize; 16];
        let mut heap = Vec::new();
        let mut len = 0;
        args.each(&mut |arg| {
            if let Some(slot) = stack.get_mut(len) {
                *slot = arg.layout_id();
            } else {
                if heap.is_empty() {
                    heap.extend_from_slice(&stack);
                }
                heap.push(arg.layout_id());
            }
            len += 1;
        });
        let ids = if heap.is_empty() {
            &stack[..len]
        } else {
            &heap[..]
        };
        site.callsite(LayoutRef::Describe(ids), |keys, starts| {
            let mut names = site.info.names.iter();
            args.each(&mut |arg| {
                starts.push(keys.len());
                describe_named(names.next().copied().unwrap_or(""), keys, |k| {
                    arg.describe(k);
                });
            });
        })
    }
}

/// The parent of an event or a span: the current span, or the one given
/// with `parent:` (tracing's syntax: a `&Span`, an `Id`, `None` for a
/// root).
#[derive(Clone, Debug)]
pub enum Parent {
    /// The current span, as tracing's dispatcher knows it.
    Current,
    /// `parent: ...`; `None` makes a root.
    Explicit(Option<Id>),
}

impl Parent {
    /// `parent: value`.
    #[inline]
    pub fn of(parent: impl Into<Option<Id>>) -> Self {
        Parent::Explicit(parent.into())
    }
}

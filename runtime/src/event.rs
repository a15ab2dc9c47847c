//! The tracing backend of `safe_log!`: one tracing callsite per (call site x
//! argument types), whose fields are the flattened keys, and events handed to
//! the dispatcher with those keys as first-class fields.

use core::fmt::{self, Write as _};
use core::marker::PhantomData;
use std::any::TypeId;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use tracing_core::callsite::{self, Callsite};
use tracing_core::field::{FieldSet, Value as TracingValue};
use tracing_core::metadata::Kind;
use tracing_core::subscriber::Interest;
use tracing_core::{Event, Level, Metadata, dispatcher};

use crate::text::Total;
use crate::{Keys, Layout, Record, SafeLog, Value, Visitor};

/// Whether an event at `level` can be enabled at all: the compile-time
/// maximum (`tracing`'s `max_level_*` features), then the current maximum of
/// every subscriber. Nothing of the event has been evaluated yet.
#[inline]
#[must_use]
pub fn level_enabled(level: Level) -> bool {
    level <= tracing::level_filters::STATIC_MAX_LEVEL
        && level <= tracing::level_filters::LevelFilter::current()
}

/// What a call site knows without evaluating anything.
#[derive(Debug)]
pub struct SiteInfo {
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

/// Identifies the key layout of an event's arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum LayoutKey {
    /// The `TypeId` of the arguments' schemas, known without their values.
    Schema(TypeId),
    /// The `describe` functions of the arguments' types, for schemas that
    /// are not exact (see [`Layout::EXACT`]).
    Describe(usize),
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

    /// The callsite for arguments with schemas `S`, if an event there may be
    /// enabled; nothing is evaluated. For a schema that is not exact, the
    /// callsite is found from the values, in [`Pending::emit`].
    #[inline]
    pub fn interest<S: ArgSchemas>(&'static self, _: PhantomData<S>) -> Option<Pending> {
        if !S::EXACT {
            return Some(Pending::Unresolved(self));
        }
        let cs = self.callsite(LayoutKey::Schema(TypeId::of::<S>()), |keys| {
            S::describe(self.info.names, keys);
        });
        cs.is_enabled().then_some(Pending::Resolved(cs))
    }

    fn callsite(
        &'static self,
        key: LayoutKey,
        describe: impl FnOnce(&mut Keys),
    ) -> &'static EventCallsite {
        if let Some((first, cs)) = self.first.get() {
            if *first == key {
                return cs;
            }
        }
        let cs = registry(self, key, describe);
        // Only the first wins; a later key is found in the registry.
        let _ = self.first.set((key, cs));
        cs
    }
}

/// The callsites of every (call site x layout), built once each. Leaked:
/// their number is bounded by the program's call sites and types.
fn registry(
    site: &'static Site,
    key: LayoutKey,
    describe: impl FnOnce(&mut Keys),
) -> &'static EventCallsite {
    static REGISTRY: OnceLock<Mutex<HashMap<(usize, LayoutKey), &'static EventCallsite>>> =
        OnceLock::new();
    let id = (std::ptr::from_ref(site) as usize, key);
    let registry = REGISTRY.get_or_init(Mutex::default);
    let mut map = registry.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(cs) = map.get(&id) {
        return cs;
    }
    // Built under the lock, so a callsite is registered once: registration
    // asks every subscriber for its interest, and tracing requires it to
    // happen once per callsite.
    let mut keys = Keys::new("");
    describe(&mut keys);
    let cs = EventCallsite::build(&site.info, keys.into_keys());
    map.insert(id, cs);
    cs
}

/// What [`Site::interest`] found: a callsite whose event may be enabled, or
/// a site that must see the values to know its callsite.
#[derive(Clone, Copy, Debug)]
pub enum Pending {
    /// The callsite is known.
    Resolved(&'static EventCallsite),
    /// The callsite depends on the values' types.
    Unresolved(&'static Site),
}

impl Pending {
    /// Evaluates nothing more than `args` and `message`, which the caller
    /// evaluates only now, and dispatches the event.
    #[inline]
    pub fn emit<A: ArgList>(self, args: &A, message: Option<fmt::Arguments<'_>>) {
        let cs = match self {
            Pending::Resolved(cs) => cs,
            Pending::Unresolved(site) => {
                let mut id = 0usize;
                args.each(&mut |arg| id = id.rotate_left(17) ^ arg.layout_id());
                let cs = site.callsite(LayoutKey::Describe(id), |keys| {
                    let mut names = site.info.names.iter();
                    args.each(&mut |arg| {
                        describe_named(names.next().copied().unwrap_or(""), keys, |k| {
                            arg.describe(k);
                        });
                    });
                });
                if !cs.is_enabled() {
                    return;
                }
                cs
            }
        };
        cs.dispatch(args, message);
    }
}

fn describe_named(name: &str, keys: &mut Keys, describe: impl FnOnce(&mut Keys)) {
    if name.is_empty() {
        describe(keys);
    } else {
        let mark = keys.enter(name);
        describe(keys);
        keys.leave(mark);
    }
}

/// One argument of an event, with its type erased: a record is visited by
/// its own monomorphized `visit`, with a concrete visitor, behind one
/// virtual call per argument.
pub trait ErasedArg {
    /// Visits the value's leaves into `slots`.
    fn visit_into<'a>(&'a self, at: usize, slots: &mut Slots<'_, 'a>);
    /// The number of the value's keys.
    fn leaves(&self) -> usize;
    /// The value's keys.
    fn describe(&self, keys: &mut Keys);
    /// Identifies the value's key layout.
    fn layout_id(&self) -> usize;
    /// Writes the value as text, for a message argument.
    ///
    /// # Errors
    ///
    /// When the formatter's writer fails.
    fn write_text(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl<T: SafeLog + ?Sized> ErasedArg for T {
    #[inline]
    fn visit_into<'a>(&'a self, at: usize, slots: &mut Slots<'_, 'a>) {
        self.visit(at, slots);
    }

    fn leaves(&self) -> usize {
        T::LEAVES
    }

    fn describe(&self, keys: &mut Keys) {
        T::describe(keys);
    }

    fn layout_id(&self) -> usize {
        crate::keys::layout_id::<T>()
    }

    fn write_text(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = Text {
            f,
            keys: T::__keys(),
            first: true,
            result: Ok(()),
        };
        self.visit(0, &mut text);
        text.result
    }
}

/// An event argument, checked for `SafeLog` at its value: the one place the
/// check happens, so a value that is not log-safe is one error, on it.
pub struct Arg<'a, S: ?Sized> {
    value: &'a dyn ErasedArg,
    schema: PhantomData<S>,
}

impl<S: ?Sized> fmt::Debug for Arg<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Arg(..)")
    }
}

/// `name = value`. The schema is a parameter bound by equality rather than a
/// projection in the signature, so a value that is not log-safe fails this
/// one bound and nothing else.
#[inline]
pub fn arg<T: SafeLog<Schema = S>, S: ?Sized>(value: &T) -> Arg<'_, S> {
    Arg {
        value,
        schema: PhantomData,
    }
}

/// `..value`: a record whose keys go at the top level of the event.
#[inline]
pub fn spread<T: Record<Schema = S>, S: ?Sized>(value: &T) -> Arg<'_, S> {
    Arg {
        value,
        schema: PhantomData,
    }
}

/// The schemas of an event's arguments, without their values.
#[inline]
#[must_use]
pub fn probe<A: ArgList>(_: &A) -> PhantomData<A::Schemas> {
    PhantomData
}

/// The schemas of the arguments an event closure builds, from its type
/// alone.
#[inline]
#[must_use]
pub fn schemas_of<S: ArgSchemas, F: FnOnce(Option<Pending>) -> PhantomData<S>>(
    _: &F,
) -> PhantomData<S> {
    PhantomData
}

/// The arguments of an event, as nested pairs `(Arg, (Arg, ()))`, so that
/// any number of them is one type.
pub trait ArgList {
    /// The schemas of the arguments, as nested pairs.
    type Schemas: ArgSchemas;
    /// Calls `f` with each argument, in order.
    fn each<'a>(&'a self, f: &mut dyn FnMut(&'a dyn ErasedArg));
}

impl ArgList for () {
    type Schemas = ();
    fn each<'a>(&'a self, _: &mut dyn FnMut(&'a dyn ErasedArg)) {}
}

impl<S: ?Sized + Layout + 'static, R: ArgList> ArgList for (Arg<'_, S>, R) {
    type Schemas = (PhantomData<S>, R::Schemas);

    #[inline]
    fn each<'a>(&'a self, f: &mut dyn FnMut(&'a dyn ErasedArg)) {
        f(self.0.value);
        self.1.each(f);
    }
}

/// The schemas of an event's arguments.
pub trait ArgSchemas: 'static {
    /// Whether every schema is exact.
    const EXACT: bool;
    /// Pushes the keys of the arguments, each under its name.
    fn describe(names: &[&str], keys: &mut Keys);
}

impl ArgSchemas for () {
    const EXACT: bool = true;
    fn describe(_: &[&str], _: &mut Keys) {}
}

impl<S: ?Sized + Layout + 'static, R: ArgSchemas> ArgSchemas for (PhantomData<S>, R) {
    const EXACT: bool = S::EXACT && R::EXACT;

    fn describe(names: &[&str], keys: &mut Keys) {
        let (name, rest) = names.split_first().map_or(("", names), |(n, r)| (n, r));
        describe_named(name, keys, S::describe);
        R::describe(rest, keys);
    }
}

/// Keys that sinks reserve for themselves: `message`, and the fields Google
/// Cloud Logging takes out of a JSON line. A spread record's key that would
/// take one of them is written with a leading `_` instead.
pub(crate) const RESERVED_KEYS: &[&str] = &[
    "message",
    "severity",
    "time",
    "timestamp",
    "timestampSeconds",
    "timestampNanos",
    "httpRequest",
];

/// Whether `key` would collide with a key sinks reserve: its first segment
/// is reserved, or it is a Cloud Logging special field.
#[must_use]
pub fn is_reserved(key: &str) -> bool {
    let first = key.split('.').next().unwrap_or(key);
    RESERVED_KEYS.contains(&first) || key.starts_with("logging.googleapis.com/")
}

/// Events with at most this many fields are built on the stack.
const INLINE: usize = 32;

/// Values of interest stored in [`EventCallsite::interest`].
const NEVER: u8 = 0;
const SOMETIMES: u8 = 1;
const ALWAYS: u8 = 2;

/// A tracing callsite for one (call site x argument layout).
pub struct EventCallsite {
    interest: AtomicU8,
    meta: OnceLock<Metadata<'static>>,
    /// Number of fields, `message` included.
    fields: usize,
    /// Whether field 0 is `message`.
    message: bool,
    /// For each leaf, its field index; `None` when it is the leaf's index
    /// plus the message offset (no key was merged).
    remap: Option<Box<[usize]>>,
}

impl fmt::Debug for EventCallsite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventCallsite")
            .field("metadata", &self.metadata())
            .finish_non_exhaustive()
    }
}

impl EventCallsite {
    /// Builds, leaks and registers the callsite of `info` with leaf keys
    /// `keys`.
    fn build(info: &SiteInfo, keys: Vec<Box<str>>) -> &'static Self {
        let mut names: Vec<&'static str> = Vec::with_capacity(keys.len() + 1);
        if info.message {
            names.push("message");
        }
        let offset = names.len();
        let mut remap = Vec::with_capacity(keys.len());
        let mut merged = false;
        for key in keys {
            // A spread record may bring a reserved key (named arguments are
            // checked at compile time).
            let key = if is_reserved(&key) {
                format!("_{key}").into_boxed_str()
            } else {
                key
            };
            // Variants of one enum share keys, and spread records may too:
            // one field per distinct key.
            if let Some(i) = names[offset..].iter().position(|n| **n == *key) {
                remap.push(i + offset);
                merged = true;
            } else {
                remap.push(names.len());
                names.push(Box::leak(key));
            }
        }
        let fields = names.len();
        let names: &'static [&'static str] = Box::leak(names.into_boxed_slice());
        let name: &'static str =
            Box::leak(format!("event {}:{}", info.file, info.line).into_boxed_str());

        let cs: &'static EventCallsite = Box::leak(Box::new(EventCallsite {
            interest: AtomicU8::new(NEVER),
            meta: OnceLock::new(),
            fields,
            message: info.message,
            remap: merged.then(|| remap.into_boxed_slice()),
        }));
        let _ = cs.meta.set(Metadata::new(
            name,
            info.target,
            info.level,
            Some(info.file),
            Some(info.line),
            Some(info.module_path),
            FieldSet::new(names, tracing_core::identify_callsite!(cs)),
            Kind::EVENT,
        ));
        // The metadata is in place before the callsite is published:
        // registration computes its interest at once.
        callsite::register(cs);
        cs
    }

    /// Whether the current subscriber wants this event.
    #[inline]
    fn is_enabled(&'static self) -> bool {
        match self.interest.load(Ordering::Relaxed) {
            NEVER => false,
            ALWAYS => true,
            _ => dispatcher::get_default(|d| d.enabled(self.metadata())),
        }
    }

    /// Fills the fields from `args` and `message`, and dispatches the event.
    #[inline]
    fn dispatch<A: ArgList>(&'static self, args: &A, message: Option<fmt::Arguments<'_>>) {
        with_scratch(|scratch| {
            if self.fields <= INLINE {
                let mut slots = [Slot::Empty; INLINE];
                let slots = &mut slots[..self.fields];
                self.fill(slots, args, scratch);
                finish(self.metadata(), slots, scratch, message);
            } else {
                let mut slots = vec![Slot::Empty; self.fields];
                self.fill(&mut slots, args, scratch);
                finish(self.metadata(), &mut slots, scratch, message);
            }
        });
    }

    /// Visits every argument into its slots, one argument after the other.
    #[inline]
    fn fill<'a, A: ArgList>(&self, slots: &mut [Slot<'a>], args: &'a A, scratch: &mut String) {
        let mut visitor = Slots {
            fields: slots,
            offset: usize::from(self.message),
            remap: self.remap.as_deref(),
            scratch,
        };
        let mut at = 0;
        args.each(&mut |arg| {
            arg.visit_into(at, &mut visitor);
            at += arg.leaves();
        });
    }
}

impl Callsite for EventCallsite {
    fn set_interest(&self, interest: Interest) {
        let value = if interest.is_never() {
            NEVER
        } else if interest.is_always() {
            ALWAYS
        } else {
            SOMETIMES
        };
        self.interest.store(value, Ordering::Relaxed);
    }

    fn metadata(&self) -> &Metadata<'_> {
        // Set in `build` before the callsite is registered or returned.
        self.meta.get().unwrap_or(&PLACEHOLDER_META)
    }
}

struct Placeholder;

impl Callsite for Placeholder {
    fn set_interest(&self, _: Interest) {}

    fn metadata(&self) -> &Metadata<'_> {
        &PLACEHOLDER_META
    }
}

static PLACEHOLDER: Placeholder = Placeholder;
static PLACEHOLDER_META: Metadata<'static> = Metadata::new(
    "safe_log placeholder",
    "safe_log",
    Level::TRACE,
    None,
    None,
    None,
    FieldSet::new(&[], tracing_core::identify_callsite!(&PLACEHOLDER)),
    Kind::EVENT,
);

/// One field of an event being built.
#[derive(Clone, Copy, Debug)]
pub enum Slot<'a> {
    /// No value: the field is absent.
    Empty,
    /// A boolean.
    Bool(bool),
    /// A signed integer.
    I64(i64),
    /// An unsigned integer.
    U64(u64),
    /// A float.
    F64(f64),
    /// A string borrowed from the arguments.
    Str(&'a str),
    /// A string written in the scratch buffer, by byte range.
    Scratch(usize, usize),
}

/// The visitor that fills an event's fields.
pub struct Slots<'s, 'a> {
    fields: &'s mut [Slot<'a>],
    offset: usize,
    remap: Option<&'s [usize]>,
    scratch: &'s mut String,
}

impl fmt::Debug for Slots<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Slots")
            .field("fields", &self.fields)
            .finish_non_exhaustive()
    }
}

impl<'a> Slots<'_, 'a> {
    #[inline]
    fn slot(&mut self, at: usize) -> Option<&mut Slot<'a>> {
        let field = match self.remap {
            None => at + self.offset,
            Some(remap) => *remap.get(at)?,
        };
        self.fields.get_mut(field)
    }

    fn scratch_slot(&mut self, at: usize, write: impl FnOnce(&mut String)) {
        let start = self.scratch.len();
        write(self.scratch);
        let end = self.scratch.len();
        if let Some(slot) = self.slot(at) {
            *slot = Slot::Scratch(start, end);
        }
    }
}

impl<'a> Visitor<'a> for Slots<'_, 'a> {
    #[inline]
    fn value(&mut self, at: usize, value: Value<'a>) {
        if let Some(slot) = self.slot(at) {
            *slot = match value {
                Value::Null => Slot::Empty,
                Value::Bool(x) => Slot::Bool(x),
                Value::I64(x) => Slot::I64(x),
                Value::U64(x) => Slot::U64(x),
                Value::F64(x) => Slot::F64(x),
                Value::Str(x) => Slot::Str(x),
            };
        }
    }

    fn value_tmp(&mut self, at: usize, value: Value<'_>) {
        match value {
            Value::Str(text) => self.scratch_slot(at, |s| s.push_str(text)),
            Value::Null => self.value(at, Value::Null),
            Value::Bool(x) => self.value(at, Value::Bool(x)),
            Value::I64(x) => self.value(at, Value::I64(x)),
            Value::U64(x) => self.value(at, Value::U64(x)),
            Value::F64(x) => self.value(at, Value::F64(x)),
        }
    }

    fn display(&mut self, at: usize, value: &dyn fmt::Display) {
        // Rendered here, so no subscriber ever sees a `Display` that fails.
        self.scratch_slot(at, |s| {
            let _ = write!(s, "{}", Total(value));
        });
    }
}

/// Turns the slots into values and dispatches the event.
fn finish<'x>(
    meta: &'static Metadata<'static>,
    slots: &mut [Slot<'x>],
    scratch: &'x str,
    message: Option<fmt::Arguments<'_>>,
) {
    for slot in slots.iter_mut() {
        if let Slot::Scratch(start, end) = *slot {
            *slot = scratch.get(start..end).map_or(Slot::Empty, Slot::Str);
        }
    }
    let message = message.as_ref();
    if slots.len() <= INLINE {
        let mut values: [Option<&dyn TracingValue>; INLINE] = [None; INLINE];
        fill_values(&mut values[..slots.len()], slots, message);
        dispatch_values(meta, &values[..slots.len()]);
    } else {
        let mut values: Vec<Option<&dyn TracingValue>> = vec![None; slots.len()];
        fill_values(&mut values, slots, message);
        dispatch_values(meta, &values);
    }
}

fn fill_values<'v>(
    values: &mut [Option<&'v dyn TracingValue>],
    slots: &'v [Slot<'_>],
    message: Option<&'v fmt::Arguments<'_>>,
) {
    for (value, slot) in values.iter_mut().zip(slots) {
        *value = match slot {
            Slot::Empty | Slot::Scratch(..) => None,
            Slot::Bool(x) => Some(x),
            Slot::I64(x) => Some(x),
            Slot::U64(x) => Some(x),
            Slot::F64(x) => Some(x),
            Slot::Str(x) => Some(x),
        };
    }
    if let (Some(message), Some(first)) = (message, values.first_mut()) {
        *first = Some(message);
    }
}

fn dispatch_values(meta: &'static Metadata<'static>, values: &[Option<&dyn TracingValue>]) {
    let fields = meta.fields();
    // The values are exactly the callsite's fields, in order.
    let values = fields.value_set_all(values);
    Event::dispatch(meta, &values);
}

/// Runs `f` with this thread's scratch buffer, emptied; a fresh buffer when
/// the thread's is in use (an event logged while formatting another).
fn with_scratch<R>(f: impl FnOnce(&mut String) -> R) -> R {
    thread_local! {
        static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
    }
    let mut f = Some(f);
    let result = SCRATCH
        .try_with(|cell| {
            let mut scratch = cell.try_borrow_mut().ok()?;
            let f = f.take()?;
            scratch.clear();
            let result = f(&mut scratch);
            // A large buffer from one event does not live on.
            if scratch.capacity() > 64 * 1024 {
                *scratch = String::new();
            }
            Some(result)
        })
        .ok()
        .flatten();
    match (result, f) {
        (Some(result), _) => result,
        (None, Some(f)) => f(&mut String::new()),
        // `f` is taken only on the path that returns `Some`.
        (None, None) => unreachable!("the scratch closure ran without a result"),
    }
}

/// A message argument: its value as text.
pub struct MessageArg<'a>(&'a dyn ErasedArg);

impl fmt::Debug for MessageArg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MessageArg(..)")
    }
}

/// A message format argument, checked for `SafeLog` at its value.
#[inline]
pub fn message_arg<T: SafeLog>(value: &T) -> MessageArg<'_> {
    MessageArg(value)
}

impl fmt::Display for MessageArg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_text(f)
    }
}

/// Writes a value as text: a primitive as itself (honouring width and
/// precision), a record as `key=value` pairs separated by spaces.
struct Text<'f, 'g> {
    f: &'f mut fmt::Formatter<'g>,
    keys: &'static [&'static str],
    first: bool,
    result: fmt::Result,
}

impl Text<'_, '_> {
    fn key(&mut self, at: usize) -> fmt::Result {
        let key = self.keys.get(at).copied().unwrap_or("");
        if !self.first {
            self.f.write_char(' ')?;
        }
        self.first = false;
        if !key.is_empty() {
            self.f.write_str(key)?;
            self.f.write_char('=')?;
        }
        Ok(())
    }
}

impl Visitor<'_> for Text<'_, '_> {
    fn value(&mut self, at: usize, value: Value<'_>) {
        self.value_tmp(at, value);
    }

    fn value_tmp(&mut self, at: usize, value: Value<'_>) {
        if self.result.is_err() {
            return;
        }
        self.result = self.key(at).and_then(|()| match value {
            Value::Null => self.f.pad("null"),
            Value::Bool(x) => fmt::Display::fmt(&x, self.f),
            Value::I64(x) => fmt::Display::fmt(&x, self.f),
            Value::U64(x) => fmt::Display::fmt(&x, self.f),
            Value::F64(x) => fmt::Display::fmt(&x, self.f),
            Value::Str(x) => self.f.pad(x),
        });
    }

    fn display(&mut self, at: usize, value: &dyn fmt::Display) {
        if self.result.is_err() {
            return;
        }
        self.result = self
            .key(at)
            .and_then(|()| write!(self.f, "{}", Total(value)));
    }
}

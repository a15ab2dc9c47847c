//! The tracing backend of `safe_log!`: one tracing callsite per (call site x
//! argument types), whose fields are the flattened keys, and events handed to
//! the dispatcher with those keys as first-class fields.

use core::fmt::{self, Write as _};
use core::marker::PhantomData;
use std::any::TypeId;
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
        let cs = self.callsite(LayoutKey::Schema(TypeId::of::<S>()), |keys, starts| {
            S::describe(self.info.names, keys, starts);
        });
        cs.is_enabled().then_some(Pending::Resolved(cs))
    }

    #[inline]
    fn callsite(
        &'static self,
        key: LayoutKey,
        describe: impl FnOnce(&mut Keys, &mut Vec<usize>),
    ) -> &'static EventCallsite {
        if let Some((first, cs)) = self.first.get() {
            if *first == key {
                return cs;
            }
        }
        self.callsite_slow(key, describe)
    }

    #[cold]
    #[inline(never)]
    fn callsite_slow(
        &'static self,
        key: LayoutKey,
        describe: impl FnOnce(&mut Keys, &mut Vec<usize>),
    ) -> &'static EventCallsite {
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
    describe: impl FnOnce(&mut Keys, &mut Vec<usize>),
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
    let mut starts = Vec::new();
    describe(&mut keys, &mut starts);
    let cs = EventCallsite::build(&site.info, keys.into_keys(), starts);
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
                let cs = site.callsite(LayoutKey::Describe(id), |keys, starts| {
                    let mut names = site.info.names.iter();
                    args.each(&mut |arg| {
                        starts.push(keys.len());
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
    /// Visits the value's leaves into the event's fields.
    fn visit_into<'a>(&'a self, at: usize, fill: &mut Fill<'_, 'a>);
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
    fn visit_into<'a>(&'a self, at: usize, fill: &mut Fill<'_, 'a>) {
        self.visit(at, fill);
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

/// The values of an event's arguments, in order.
pub trait ArgValues {
    /// Calls `f` with each argument, in order.
    fn each<'a>(&'a self, f: &mut dyn FnMut(&'a dyn ErasedArg));

    /// Visits each argument into the event's fields, the first leaf of
    /// argument `i` at `starts[i]`.
    fn fill_all<'x>(&'x self, starts: &[usize], fill: &mut Fill<'_, 'x>);
}

/// The arguments of an event, as nested pairs `(Arg, (Arg, ()))`, so that
/// any number of them is one type.
pub trait ArgList: ArgValues {
    /// The schemas of the arguments, as nested pairs.
    type Schemas: ArgSchemas;
}

impl ArgValues for () {
    fn each<'a>(&'a self, _: &mut dyn FnMut(&'a dyn ErasedArg)) {}

    fn fill_all<'x>(&'x self, _: &[usize], _: &mut Fill<'_, 'x>) {}
}

impl ArgList for () {
    type Schemas = ();
}

impl<S: ?Sized, R: ArgValues> ArgValues for (Arg<'_, S>, R) {
    #[inline]
    fn each<'a>(&'a self, f: &mut dyn FnMut(&'a dyn ErasedArg)) {
        f(self.0.value);
        self.1.each(f);
    }

    #[inline]
    fn fill_all<'x>(&'x self, starts: &[usize], fill: &mut Fill<'_, 'x>) {
        if let Some((&at, rest)) = starts.split_first() {
            self.0.value.visit_into(at, fill);
            self.1.fill_all(rest, fill);
        }
    }
}

impl<S: ?Sized + Layout + 'static, R: ArgList> ArgList for (Arg<'_, S>, R) {
    type Schemas = (PhantomData<S>, R::Schemas);
}

/// The schemas of an event's arguments.
pub trait ArgSchemas: 'static {
    /// Whether every schema is exact.
    const EXACT: bool;
    /// Pushes the keys of the arguments, each under its name, and the index
    /// of each argument's first key to `starts`.
    fn describe(names: &[&str], keys: &mut Keys, starts: &mut Vec<usize>);
}

impl ArgSchemas for () {
    const EXACT: bool = true;
    fn describe(_: &[&str], _: &mut Keys, _: &mut Vec<usize>) {}
}

impl<S: ?Sized + Layout + 'static, R: ArgSchemas> ArgSchemas for (PhantomData<S>, R) {
    const EXACT: bool = S::EXACT && R::EXACT;

    fn describe(names: &[&str], keys: &mut Keys, starts: &mut Vec<usize>) {
        let (name, rest) = names.split_first().map_or(("", names), |(n, r)| (n, r));
        starts.push(keys.len());
        describe_named(name, keys, S::describe);
        R::describe(rest, keys, starts);
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
    /// The field of each argument's first leaf: its leaves follow it, one
    /// field each.
    starts: Box<[usize]>,
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
    fn build(info: &SiteInfo, keys: Vec<Box<str>>, starts: Vec<usize>) -> &'static Self {
        let mut names: Vec<&'static str> = Vec::with_capacity(keys.len() + 1);
        if info.message {
            names.push("message");
        }
        let offset = names.len();
        // One field per leaf. The variants of an enum may share a key, and
        // so may two spread records: a name can then appear twice in the
        // field set, and at most one of its fields (an enum's) or each of
        // them (spreads) has a value.
        for key in keys {
            // A spread record may bring a reserved key (named arguments are
            // checked at compile time).
            let key = if is_reserved(&key) {
                format!("_{key}").into_boxed_str()
            } else {
                key
            };
            names.push(Box::leak(key));
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
            starts: starts.into_iter().map(|start| start + offset).collect(),
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
    fn dispatch(&'static self, args: &dyn ArgValues, message: Option<fmt::Arguments<'_>>) {
        // The values are built on the stack, in an array no larger than
        // needed by much: zeroing it is part of every event's cost.
        match self.fields {
            0..=8 => self.dispatch_in::<8>(args, message),
            9..=16 => self.dispatch_in::<16>(args, message),
            17..=32 => self.dispatch_in::<32>(args, message),
            n => {
                let mut computed = None;
                let mut values = vec![None; n];
                self.fill(&mut values, args, &mut computed);
                self.finish(&mut values, computed.as_ref(), message.as_ref());
                Computed::release(computed);
            }
        }
    }

    fn dispatch_in<const N: usize>(
        &'static self,
        args: &dyn ArgValues,
        message: Option<fmt::Arguments<'_>>,
    ) {
        let mut computed = None;
        let mut values: [Option<&dyn TracingValue>; N] = [None; N];
        let values = &mut values[..self.fields.min(N)];
        self.fill(values, args, &mut computed);
        self.finish(values, computed.as_ref(), message.as_ref());
        Computed::release(computed);
    }

    /// Visits every argument into its fields, one argument after the other.
    /// Leaves that point into the arguments go straight into `values`;
    /// computed ones (text, converted numbers) go to a per-thread pool, and
    /// [`EventCallsite::finish`] points at them.
    #[inline]
    fn fill<'x>(
        &self,
        values: &mut [Option<&'x dyn TracingValue>],
        args: &'x dyn ArgValues,
        computed: &mut Option<Computed>,
    ) {
        let mut fill = Fill { values, computed };
        args.fill_all(&self.starts, &mut fill);
    }

    /// Points the fields at the computed values and the message, and
    /// dispatches the event.
    #[inline]
    fn finish<'x>(
        &'static self,
        values: &mut [Option<&'x dyn TracingValue>],
        computed: Option<&'x Computed>,
        message: Option<&'x fmt::Arguments<'_>>,
    ) {
        if let Some(computed) = computed {
            computed.point(values);
        }
        if let (Some(message), true) = (message, self.message) {
            if let Some(first) = values.first_mut() {
                *first = Some(message);
            }
        }
        let meta = self.metadata();
        // The values are exactly the callsite's fields, in order.
        Event::dispatch(meta, &meta.fields().value_set_all(values));
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

/// The visitor that fills an event's fields.
pub struct Fill<'s, 'x> {
    /// The event's fields; leaf `at` is field `at`.
    values: &'s mut [Option<&'x dyn TracingValue>],
    computed: &'s mut Option<Computed>,
}

impl fmt::Debug for Fill<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fill")
            .field("fields", &self.values.len())
            .finish_non_exhaustive()
    }
}

impl Fill<'_, '_> {
    /// The field of leaf `at`, if it is one of the callsite's (a manual
    /// `SafeLog` impl may visit an index it did not describe).
    #[inline]
    fn field(&self, at: usize) -> Option<usize> {
        (at < self.values.len()).then_some(at)
    }

    fn computed(&mut self) -> &mut Computed {
        self.computed.get_or_insert_with(Computed::take)
    }
}

impl<'a> Visitor<'a> for Fill<'_, 'a> {
    #[inline]
    fn __leaf(&mut self, at: usize, direct: &'a dyn TracingValue, _: Value<'a>) {
        if let Some(slot) = self.values.get_mut(at) {
            *slot = Some(direct);
        }
    }

    #[inline]
    fn value(&mut self, at: usize, value: Value<'a>) {
        self.value_tmp(at, value);
    }

    fn value_tmp(&mut self, at: usize, value: Value<'_>) {
        let Some(field) = self.field(at) else { return };
        let num = match value {
            // tracing has no null: the field is absent.
            Value::Null => return,
            Value::Bool(x) => Num::Bool(x),
            Value::I64(x) => Num::I64(x),
            Value::U64(x) => Num::U64(x),
            Value::F64(x) => Num::F64(x),
            Value::Str(text) => {
                self.computed().text(field, |s| s.push_str(text));
                return;
            }
        };
        self.computed().nums.push((field, num));
    }

    fn display(&mut self, at: usize, value: &dyn fmt::Display) {
        if let Some(field) = self.field(at) {
            // Rendered here, so no subscriber ever sees a `Display` that fails.
            self.computed().text(field, |s| {
                let _ = write!(s, "{}", Total(value));
            });
        }
    }
}

/// A number computed during a visit.
#[derive(Clone, Copy, Debug)]
enum Num {
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
}

/// The values an event computes while it is built: numbers converted from
/// the arguments, and text (formatted addresses, `Display` fields, the
/// results of `with` functions). Taken from a per-thread pool and given back,
/// so that steady state allocates nothing.
#[derive(Debug, Default)]
pub struct Computed {
    nums: Vec<(usize, Num)>,
    /// Text buffers; the first `used` are this event's.
    texts: Vec<String>,
    used: usize,
    /// (field, text buffer) pairs.
    text_fields: Vec<(usize, usize)>,
}

thread_local! {
    static POOL: std::cell::Cell<Computed> = const {
        std::cell::Cell::new(Computed {
            nums: Vec::new(),
            texts: Vec::new(),
            used: 0,
            text_fields: Vec::new(),
        })
    };
}

impl Computed {
    /// This thread's pool; an empty one when an event is already being
    /// built on this thread (one logged while formatting another).
    fn take() -> Self {
        POOL.try_with(std::cell::Cell::take).unwrap_or_default()
    }

    /// Empties the pool and gives it back to the thread, keeping the
    /// buffers' capacity (not a large one from an outsized event).
    #[inline]
    fn release(this: Option<Self>) {
        if let Some(this) = this {
            this.give_back();
        }
    }

    #[cold]
    fn give_back(mut self) {
        self.reset();
        let _ = POOL.try_with(|pool| pool.set(self));
    }

    fn reset(&mut self) {
        self.nums.clear();
        self.text_fields.clear();
        self.texts.truncate(16);
        for text in &mut self.texts {
            if text.capacity() > 4096 {
                *text = String::new();
            }
            text.clear();
        }
        self.used = 0;
    }

    /// Writes the text of `field` in the next free buffer.
    fn text(&mut self, field: usize, write: impl FnOnce(&mut String)) {
        if self.used == self.texts.len() {
            self.texts.push(String::new());
        }
        let index = self.used;
        self.used += 1;
        if let Some(text) = self.texts.get_mut(index) {
            text.clear();
            write(text);
            self.text_fields.push((field, index));
        }
    }

    /// Points the fields at the computed values.
    fn point<'x>(&'x self, values: &mut [Option<&'x dyn TracingValue>]) {
        for (field, num) in &self.nums {
            if let Some(value) = values.get_mut(*field) {
                *value = Some(match num {
                    Num::Bool(x) => x,
                    Num::I64(x) => x,
                    Num::U64(x) => x,
                    Num::F64(x) => x,
                });
            }
        }
        for (field, text) in &self.text_fields {
            if let (Some(value), Some(text)) = (values.get_mut(*field), self.texts.get(*text)) {
                *value = Some(text);
            }
        }
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

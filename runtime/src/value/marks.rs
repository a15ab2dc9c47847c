//! The marks some keys carry beyond their names, per tracing callsite:
//! which fields hold lists and which are members of an `httpRequest`. The
//! emission side records them when it builds a callsite; a sink with arrays
//! or Cloud Logging's own objects reads them.

/// What a sink with arrays or Cloud Logging's own objects must know of a
/// callsite's fields: which hold lists (rendered as JSON array text, see
/// [`ListText`](crate::ListText)), and which are members of an
/// `httpRequest`. By the address of the callsite's metadata; written when a
/// callsite with such fields is built, read once per callsite by such a sink.
#[derive(Clone, Debug, Default)]
#[cfg_attr(not(feature = "cloud-logging"), allow(dead_code))]
pub(crate) struct SpecialFields {
    pub(crate) lists: Box<[usize]>,
    pub(crate) http: Box<[(usize, u8)]>,
}

static SPECIAL_FIELDS: std::sync::RwLock<Vec<(usize, SpecialFields)>> =
    std::sync::RwLock::new(Vec::new());

/// Records the special leaves of a callsite just built (leaf `i` is field
/// `i + offset`, after the message).
pub(crate) fn register_special(
    meta: &'static tracing_core::Metadata<'static>,
    message: bool,
    lists: &[usize],
    http: &[(usize, u8)],
) {
    if lists.is_empty() && http.is_empty() {
        return;
    }
    let offset = usize::from(message);
    let special = SpecialFields {
        lists: lists.iter().map(|leaf| leaf + offset).collect(),
        http: http
            .iter()
            .map(|(leaf, member)| (leaf + offset, *member))
            .collect(),
    };
    let meta = std::ptr::from_ref(meta) as usize;
    SPECIAL_FIELDS
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push((meta, special));
}

/// The special fields of the callsite of `meta`.
#[cfg_attr(not(feature = "cloud-logging"), allow(dead_code))]
pub(crate) fn special_fields(meta: &tracing_core::Metadata<'_>) -> Option<SpecialFields> {
    let address = std::ptr::from_ref(meta) as usize;
    SPECIAL_FIELDS
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .find(|(m, _)| *m == address)
        .map(|(_, fields)| fields.clone())
}

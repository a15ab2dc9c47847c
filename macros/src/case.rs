//! `rename_all` cases and the default `snake_case` of variant names.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

/// The names `rename_all` accepts, as serde spells them.
pub(crate) const RULES: &[(&str, RenameRule)] = &[
    ("lowercase", RenameRule::Lower),
    ("UPPERCASE", RenameRule::Upper),
    ("PascalCase", RenameRule::Pascal),
    ("camelCase", RenameRule::Camel),
    ("snake_case", RenameRule::Snake),
    ("SCREAMING_SNAKE_CASE", RenameRule::ScreamingSnake),
    ("kebab-case", RenameRule::Kebab),
    ("SCREAMING-KEBAB-CASE", RenameRule::ScreamingKebab),
];

impl RenameRule {
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        RULES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, rule)| *rule)
    }

    /// A field name, written in `snake_case`, in this case (serde's rules).
    pub(crate) fn apply_to_field(self, field: &str) -> String {
        match self {
            RenameRule::Lower | RenameRule::Snake => field.to_owned(),
            RenameRule::Upper | RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Pascal | RenameRule::Camel => {
                let mut out = String::with_capacity(field.len());
                let mut capitalize = self == RenameRule::Pascal;
                for c in field.chars() {
                    if c == '_' {
                        capitalize = true;
                    } else if capitalize {
                        out.push(c.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        out.push(c);
                    }
                }
                out
            }
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingKebab => field.replace('_', "-").to_ascii_uppercase(),
        }
    }

    /// A variant name, written in `PascalCase`, in this case. Words are split
    /// where the case changes, and a run of capitals is one word:
    /// `HTTPError` is `http_error` in `snake_case`.
    pub(crate) fn apply_to_variant(self, variant: &str) -> String {
        let words = words(variant);
        let join = |sep: &str, upper: bool| {
            words
                .iter()
                .map(|w| {
                    if upper {
                        w.to_ascii_uppercase()
                    } else {
                        w.to_ascii_lowercase()
                    }
                })
                .collect::<Vec<_>>()
                .join(sep)
        };
        match self {
            RenameRule::Lower => join("", false),
            RenameRule::Upper => join("", true),
            RenameRule::Pascal => variant.to_owned(),
            RenameRule::Camel => {
                let mut out = String::with_capacity(variant.len());
                for (i, word) in words.iter().enumerate() {
                    if i == 0 {
                        out.push_str(&word.to_ascii_lowercase());
                    } else {
                        let mut chars = word.chars();
                        if let Some(first) = chars.next() {
                            out.push(first.to_ascii_uppercase());
                            out.push_str(&chars.as_str().to_ascii_lowercase());
                        }
                    }
                }
                out
            }
            RenameRule::Snake => join("_", false),
            RenameRule::ScreamingSnake => join("_", true),
            RenameRule::Kebab => join("-", false),
            RenameRule::ScreamingKebab => join("-", true),
        }
    }
}

/// Splits an identifier into words: at `_`, before a capital that follows a
/// lowercase letter or a digit, and before the last capital of a run of
/// capitals that a lowercase letter follows (`HTTPError` → `HTTP`, `Error`).
fn words(ident: &str) -> Vec<&str> {
    let mut words = Vec::new();
    for part in ident.split('_').filter(|p| !p.is_empty()) {
        let chars: Vec<(usize, char)> = part.char_indices().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let (at, c) = chars[i];
            let prev = chars[i - 1].1;
            let next = chars.get(i + 1).map(|&(_, c)| c);
            let boundary = c.is_uppercase()
                && (prev.is_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_uppercase() && next.is_some_and(char::is_lowercase)));
            if boundary {
                words.push(&part[start..at]);
                start = at;
            }
        }
        words.push(&part[start..]);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants() {
        let snake = |v| RenameRule::Snake.apply_to_variant(v);
        assert_eq!(snake("ClosingHandshake"), "closing_handshake");
        assert_eq!(snake("Connected"), "connected");
        assert_eq!(snake("HTTPError"), "http_error");
        assert_eq!(snake("IoError2Fast"), "io_error2_fast");
        assert_eq!(snake("V2"), "v2");
        assert_eq!(snake("A"), "a");
        assert_eq!(snake("ABC"), "abc");
        assert_eq!(
            RenameRule::Camel.apply_to_variant("WebSocketState"),
            "webSocketState"
        );
        assert_eq!(RenameRule::Camel.apply_to_variant("HTTPError"), "httpError");
        assert_eq!(RenameRule::Lower.apply_to_variant("WebSocket"), "websocket");
        assert_eq!(RenameRule::Upper.apply_to_variant("WebSocket"), "WEBSOCKET");
        assert_eq!(
            RenameRule::Pascal.apply_to_variant("WebSocket"),
            "WebSocket"
        );
        assert_eq!(
            RenameRule::Kebab.apply_to_variant("WebSocket"),
            "web-socket"
        );
        assert_eq!(
            RenameRule::ScreamingSnake.apply_to_variant("WebSocket"),
            "WEB_SOCKET"
        );
        assert_eq!(
            RenameRule::ScreamingKebab.apply_to_variant("WebSocket"),
            "WEB-SOCKET"
        );
    }

    #[test]
    fn fields() {
        let f = "peer_addr_v4";
        assert_eq!(RenameRule::Lower.apply_to_field(f), "peer_addr_v4");
        assert_eq!(RenameRule::Snake.apply_to_field(f), "peer_addr_v4");
        assert_eq!(RenameRule::Upper.apply_to_field(f), "PEER_ADDR_V4");
        assert_eq!(RenameRule::Pascal.apply_to_field(f), "PeerAddrV4");
        assert_eq!(RenameRule::Camel.apply_to_field(f), "peerAddrV4");
        assert_eq!(RenameRule::ScreamingSnake.apply_to_field(f), "PEER_ADDR_V4");
        assert_eq!(RenameRule::Kebab.apply_to_field(f), "peer-addr-v4");
        assert_eq!(RenameRule::ScreamingKebab.apply_to_field(f), "PEER-ADDR-V4");
    }

    #[test]
    fn every_rule_has_a_name() {
        for (name, rule) in RULES {
            assert_eq!(RenameRule::from_name(name), Some(*rule));
        }
        assert_eq!(RenameRule::from_name("Snake_Case"), None);
    }
}

//! Hygiene: the expansion names everything by absolute path, so it compiles
//! where the prelude is shadowed or absent.

#![allow(
    dead_code,
    non_camel_case_types,
    reason = "shadows exist only to be in scope"
)]

/// Every name an expansion could reach for, shadowed.
mod shadowed {
    pub struct Option;
    pub struct Some;
    pub struct None;
    pub struct Result;
    pub struct Ok;
    pub struct Err;
    pub struct String;
    pub struct Vec;
    pub struct Box;
    pub struct usize;
    pub struct str;
    pub struct core;
    pub struct std;
    pub struct SafeLog;
    pub struct Keys;
    pub struct Visitor;
    pub struct Value;
}

mod with_shadows {
    #[allow(unused_imports, reason = "the shadows must be in scope, used or not")]
    use super::shadowed::*;

    pub fn millis(d: &::std::time::Duration) -> ::core::primitive::u64 {
        ::core::convert::TryFrom::try_from(d.as_millis()).unwrap_or(::core::primitive::u64::MAX)
    }

    #[derive(::safe_log::SafeLog)]
    pub struct Peer {
        pub port: ::core::primitive::u16,
    }

    #[derive(::safe_log::SafeLog)]
    pub enum State {
        Open,
        Closed { code: ::core::primitive::u16 },
        Other(Peer),
    }

    #[derive(::safe_log::SafeLog)]
    pub enum Plain {
        A,
        B,
    }

    #[derive(::safe_log::SafeLog)]
    pub struct Id(pub ::core::primitive::u64);

    #[derive(::safe_log::SafeLog)]
    pub struct Diag<'a, T> {
        pub id: Id,
        pub state: State,
        pub plain: Plain,
        pub value: T,
        pub maybe: ::core::option::Option<&'a ::core::primitive::str>,
        #[safe_log(flatten)]
        pub peer: Peer,
        #[safe_log(redact)]
        pub token: &'a ::core::primitive::str,
        #[safe_log(display)]
        pub shown: ::core::primitive::u8,
        #[safe_log(with = millis)]
        pub elapsed: ::std::time::Duration,
        #[safe_log(max_len = 2)]
        pub cut: &'a ::core::primitive::str,
        #[safe_log(skip)]
        pub skipped: ::core::primitive::u8,
    }

    #[derive(::safe_log::SafeLog)]
    pub enum Empty {}

    #[derive(::safe_log::SafeLog)]
    pub struct Unit;
}

#[no_implicit_prelude]
mod without_prelude {
    #[derive(::safe_log::SafeLog)]
    pub struct Record<'a, T> {
        pub id: ::core::primitive::u64,
        pub name: &'a ::core::primitive::str,
        pub value: ::core::option::Option<T>,
    }

    #[derive(::safe_log::SafeLog)]
    pub enum State {
        Open,
        Closed { code: ::core::primitive::u16 },
    }
}

mod macros_with_shadows {
    #[allow(unused_imports, reason = "the shadows must be in scope, used or not")]
    use super::shadowed::*;

    pub fn log(diag: &super::with_shadows::Diag<'_, ::core::primitive::f64>) {
        let attempt: ::core::primitive::u32 = 1;
        ::safe_log::error!(diag = diag, attempt, "failed {} {attempt}", attempt);
        ::safe_log::info!(target: "t", ..diag.peer, "spread");
        ::safe_log::warn!(diag.id);
    }
}

#[no_implicit_prelude]
mod macros_without_prelude {
    pub fn log(n: ::core::primitive::u8) {
        ::safe_log::info!(n, other = n, "n is {}", n);
    }
}

#[test]
fn expansions_work_with_shadowed_names() {
    let diag = with_shadows::Diag {
        id: with_shadows::Id(1),
        state: with_shadows::State::Closed { code: 1000 },
        plain: with_shadows::Plain::B,
        value: 2.5f64,
        maybe: None,
        peer: with_shadows::Peer { port: 80 },
        token: "t",
        shown: 7,
        elapsed: std::time::Duration::from_millis(12),
        cut: "abc",
        skipped: 0,
    };
    assert_eq!(
        serde_json::to_string(&safe_log::Fields(&diag)).unwrap(),
        r#"{"id":1,"state":"closed","state.code":1000,"plain":"b","value":2.5,"port":80,"token":"[redacted]","shown":"7","elapsed":12,"cut":"ab…"}"#
    );
    macros_with_shadows::log(&diag);
    macros_without_prelude::log(1);
    let record = without_prelude::Record {
        id: 1,
        name: "n",
        value: Some(without_prelude::State::Open),
    };
    assert_eq!(
        serde_json::to_string(&safe_log::Fields(&record)).unwrap(),
        r#"{"id":1,"name":"n","value":"open"}"#
    );
}

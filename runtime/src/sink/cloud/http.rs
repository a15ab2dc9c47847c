//! `HttpRequest`: a request as Cloud Logging shows it (method, URL, status,
//! latency, sizes), written as the line's top-level `httpRequest` with
//! Google's names and JSON forms; an ordinary record for every other sink.

use core::time::Duration;
use std::net::IpAddr;

use crate::{Keys, SafeLog, Value, Visitor};

/// A request and its response, for Cloud Logging's request line: logged
/// under any key (`safe_log::info!(http = &request)`), the Cloud Logging
/// layer writes it as the line's `httpRequest` (`requestMethod`,
/// `requestUrl`, `status`, `latency` as `"0.250s"`, `requestSize` and
/// `responseSize` as decimal strings, `userAgent`, `remoteIp`, `serverIp`,
/// `referer`, `protocol`; absent options absent). Every other sink sees an
/// ordinary record: `method`, `url`, `status`, `latency` (seconds),
/// `request_size`, `response_size`, `user_agent`, `remote_ip`, `server_ip`,
/// `referer`, `protocol`.
///
/// ```
/// use std::time::Duration;
///
/// let request = safe_log::cloud::HttpRequest {
///     method: "GET",
///     url: "/orders/7",
///     status: 200,
///     latency: Duration::from_millis(250),
///     response_size: Some(512),
///     ..Default::default()
/// };
/// safe_log::info!(http = &request, "served");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HttpRequest<'a> {
    /// `GET`, `POST`, ...
    pub method: &'a str,
    /// The URL, scheme and host included when known.
    pub url: &'a str,
    /// The response's status code.
    pub status: u16,
    /// From the request's arrival to the response's end.
    pub latency: Duration,
    /// The request's size in bytes, headers and body.
    pub request_size: Option<u64>,
    /// The response's size in bytes, headers and body.
    pub response_size: Option<u64>,
    /// The `User-Agent` header.
    pub user_agent: Option<&'a str>,
    /// The client's address.
    pub remote_ip: Option<IpAddr>,
    /// The server's address.
    pub server_ip: Option<IpAddr>,
    /// The `Referer` header.
    pub referer: Option<&'a str>,
    /// `HTTP/1.1`, `HTTP/2`, ...
    pub protocol: Option<&'a str>,
}

/// The members, in order: the key other sinks see, and Cloud Logging's name.
pub(crate) const MEMBERS: [(&str, &str); 11] = [
    ("method", "requestMethod"),
    ("url", "requestUrl"),
    ("status", "status"),
    ("latency", "latency"),
    ("request_size", "requestSize"),
    ("response_size", "responseSize"),
    ("user_agent", "userAgent"),
    ("remote_ip", "remoteIp"),
    ("server_ip", "serverIp"),
    ("referer", "referer"),
    ("protocol", "protocol"),
];

/// The member that is `latency`, and those that are int64 (strings in JSON).
pub(crate) const LATENCY: u8 = 3;
pub(crate) const SIZES: [u8; 2] = [4, 5];

#[diagnostic::do_not_recommend]
impl SafeLog for HttpRequest<'_> {
    type Schema = HttpRequest<'static>;
    const LEAVES: usize = MEMBERS.len();

    fn describe(keys: &mut Keys) {
        for (member, (name, _)) in (0u8..).zip(MEMBERS) {
            let mark = keys.enter(name);
            keys.__http_leaf(member);
            keys.leave(mark);
        }
    }

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.value(at, Value::Str(self.method));
        visitor.value(at + 1, Value::Str(self.url));
        visitor.value_tmp(at + 2, Value::U64(u64::from(self.status)));
        visitor.value_tmp(at + 3, Value::F64(self.latency.as_secs_f64()));
        if let Some(size) = self.request_size {
            visitor.value_tmp(at + 4, Value::U64(size));
        }
        if let Some(size) = self.response_size {
            visitor.value_tmp(at + 5, Value::U64(size));
        }
        if let Some(agent) = self.user_agent {
            visitor.value(at + 6, Value::Str(agent));
        }
        if let Some(ip) = &self.remote_ip {
            ip.visit(at + 7, visitor);
        }
        if let Some(ip) = &self.server_ip {
            ip.visit(at + 8, visitor);
        }
        if let Some(referer) = self.referer {
            visitor.value(at + 9, Value::Str(referer));
        }
        if let Some(protocol) = self.protocol {
            visitor.value(at + 10, Value::Str(protocol));
        }
    }

    fn __keys() -> &'static [&'static str] {
        &[
            "method",
            "url",
            "status",
            "latency",
            "request_size",
            "response_size",
            "user_agent",
            "remote_ip",
            "server_ip",
            "referer",
            "protocol",
        ]
    }
}

/// The `httpRequest` object of a line, as its members come.
#[derive(Debug, Default)]
pub(crate) struct HttpObject {
    pub(crate) members: Vec<u8>,
    /// The members written, one bit each: a second request's are left out.
    pub(crate) written: u16,
    /// The bytes the line kept for the object: a member past them is left
    /// out.
    pub(crate) room: usize,
}

/// The room a line keeps for an `httpRequest`, and the cap of its strings.
pub(crate) const HTTP_ROOM: usize = 8 * 1024;
pub(crate) const MAX_HTTP_STRING: usize = 2 * 1024;

impl HttpObject {
    pub(crate) fn clear(&mut self) {
        self.members.clear();
        self.written = 0;
    }

    /// Adds `member` as `write` writes its value in JSON, in Google's form.
    pub(crate) fn push(&mut self, member: u8, write: impl FnOnce(&mut Vec<u8>, usize)) {
        let bit = 1u16 << member;
        let Some((_, name)) = MEMBERS.get(usize::from(member)) else {
            return;
        };
        if self.written & bit != 0 {
            return;
        }
        let mark = self.members.len();
        if !self.members.is_empty() {
            self.members.push(b',');
        }
        self.members.push(b'"');
        self.members.extend_from_slice(name.as_bytes());
        self.members.extend_from_slice(b"\":");
        let start = self.members.len();
        write(&mut self.members, MAX_HTTP_STRING.min(self.room / 2));
        let ok = if member == LATENCY {
            latency(&mut self.members, start)
        } else if SIZES.contains(&member) {
            // int64: a decimal string.
            if self.members.get(start) != Some(&b'"') {
                self.members.insert(start, b'"');
                self.members.push(b'"');
            }
            true
        } else {
            true
        };
        if ok && self.members.len() + 2 <= self.room {
            self.written |= bit;
        } else {
            self.members.truncate(mark);
        }
    }
}

/// Rewrites the seconds written at `start` as a protobuf Duration string
/// (`"0.250s"`: 0, 3, 6 or 9 fraction digits); false when they are no
/// finite non-negative number.
fn latency(out: &mut Vec<u8>, start: usize) -> bool {
    let Some(seconds) = core::str::from_utf8(&out[start..])
        .ok()
        .and_then(|text| text.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0 && *s < 1e12)
    else {
        return false;
    };
    out.truncate(start);
    let duration = Duration::from_secs_f64(seconds);
    let (secs, nanos) = (duration.as_secs(), duration.subsec_nanos());
    out.push(b'"');
    out.extend_from_slice(itoa::Buffer::new().format(secs).as_bytes());
    let (digits, value) = if nanos == 0 {
        (0, 0)
    } else if nanos % 1_000_000 == 0 {
        (3, nanos / 1_000_000)
    } else if nanos % 1_000 == 0 {
        (6, nanos / 1_000)
    } else {
        (9, nanos)
    };
    if digits > 0 {
        out.push(b'.');
        let mut text = itoa::Buffer::new();
        let text = text.format(value);
        for _ in text.len()..digits {
            out.push(b'0');
        }
        out.extend_from_slice(text.as_bytes());
    }
    out.extend_from_slice(b"s\"");
    true
}

#[cfg(feature = "http")]
impl<'a> HttpRequest<'a> {
    /// A request line from `http`'s request and response (feature `http`):
    /// the method, the path and query (never the authority, which may hold
    /// credentials), the status, `User-Agent`, `Referer`, the protocol, and
    /// the sizes their `Content-Length` headers give.
    ///
    /// ```
    /// let request = http::Request::get("/orders?id=7").body(()).unwrap();
    /// let response = http::Response::builder().status(201).body(()).unwrap();
    /// let line = safe_log::cloud::HttpRequest::from_http(
    ///     &request,
    ///     &response,
    ///     std::time::Duration::from_millis(12),
    /// );
    /// assert_eq!((line.method, line.url, line.status), ("GET", "/orders?id=7", 201));
    /// ```
    #[must_use]
    pub fn from_http<B, C>(
        request: &'a http::Request<B>,
        response: &http::Response<C>,
        latency: Duration,
    ) -> Self {
        let header = |name: http::header::HeaderName| {
            request
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
        };
        let length = |headers: &http::HeaderMap| {
            headers
                .get(http::header::CONTENT_LENGTH)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.parse::<u64>().ok())
        };
        HttpRequest {
            method: request.method().as_str(),
            url: request
                .uri()
                .path_and_query()
                .map_or("/", http::uri::PathAndQuery::as_str),
            status: response.status().as_u16(),
            latency,
            request_size: length(request.headers()),
            response_size: length(response.headers()),
            user_agent: header(http::header::USER_AGENT),
            remote_ip: None,
            server_ip: None,
            referer: header(http::header::REFERER),
            protocol: Some(protocol(request.version())),
        }
    }
}

/// `HTTP/1.1`, as Cloud Logging writes a protocol.
#[cfg(feature = "http")]
fn protocol(version: http::Version) -> &'static str {
    match version {
        http::Version::HTTP_09 => "HTTP/0.9",
        http::Version::HTTP_10 => "HTTP/1.0",
        http::Version::HTTP_2 => "HTTP/2",
        http::Version::HTTP_3 => "HTTP/3",
        _ => "HTTP/1.1",
    }
}

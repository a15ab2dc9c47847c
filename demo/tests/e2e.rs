//! The demo's session, end to end over a real WebSocket, checked from the
//! outside: what the client saw and every line the server logged.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};

use safe_log_demo::{DEMO_TOKEN, SCRIPT, run_demo, run_session};
use serde_json::Value;

fn parse(line: &str) -> Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
}

fn is_cloud_logging(line: &Value) -> bool {
    let location = &line["logging.googleapis.com/sourceLocation"];
    ["DEBUG", "INFO", "WARNING", "ERROR"].contains(&line["severity"].as_str().unwrap_or(""))
        && line["message"].is_string()
        && line["time"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z') && t.contains('T'))
        && location["file"].is_string()
        && location["line"]
            .as_str()
            .is_some_and(|l| l.parse::<u32>().is_ok())
        && location["function"].is_string()
}

#[test]
fn the_error_path_logs_safely_and_the_connection_survives() {
    let outcome = run_demo().expect("the demo runs");
    let exchanges = &outcome.transcript.exchanges;
    assert_eq!(exchanges.len(), SCRIPT.len());

    // The message after the error is answered: the connection survived.
    let answers: Vec<Value> = exchanges.iter().map(|(_, a)| parse(a)).collect();
    assert_eq!(answers[0]["echo"], "hello");
    assert_eq!(answers[1]["ok"], false);
    assert!(
        answers[1]["error"]
            .as_str()
            .unwrap()
            .contains("not valid JSON")
    );
    assert_eq!(answers[2]["echo"], "still here");

    // No close frame with 1011: the server answered the client's 1000.
    let (code, _) = outcome
        .transcript
        .server_close
        .clone()
        .expect("a close frame");
    assert_ne!(code, 1011);
    assert_eq!(code, 1000);

    // Every log line is Cloud Logging JSON.
    assert!(outcome.lines.len() >= 5, "{:#?}", outcome.lines);
    let lines: Vec<Value> = outcome.lines.iter().map(|l| parse(l)).collect();
    for line in &lines {
        assert!(is_cloud_logging(line), "{line}");
    }
    assert_eq!(outcome.lost_lines, 0);

    // The error event: ERROR, the state as "connected", the handler's file.
    let errors: Vec<&Value> = lines.iter().filter(|l| l["severity"] == "ERROR").collect();
    assert_eq!(errors.len(), 1, "{lines:#?}");
    let error = errors[0];
    assert_eq!(error["message"], "websocket message processing failed");
    assert_eq!(error["diag"]["state"], "connected");
    assert_eq!(error["diag"]["user_id"], "u-1042");
    assert_eq!(error["diag"]["message_count"], 2);
    assert!(error["diag"]["close_code"].is_null());
    assert!(error["diag"]["elapsed"].is_f64());
    assert_eq!(error["diag"]["peer"]["route"]["path"], "/ws");
    assert!(
        error["diag"]["peer"]["addr"]
            .as_str()
            .unwrap()
            .starts_with("127.0.0.1:")
    );
    assert_eq!(error["diag"]["auth_token"], "[redacted]");
    assert_eq!(
        error["logging.googleapis.com/sourceLocation"]["file"],
        "demo/src/server.rs"
    );

    // The upgrade's request line: Cloud Logging's own `httpRequest`.
    let upgrade = lines
        .iter()
        .find(|l| l["message"] == "websocket upgrade")
        .expect("an upgrade line");
    assert_eq!(upgrade["httpRequest"]["requestMethod"], "GET");
    assert_eq!(upgrade["httpRequest"]["requestUrl"], "/ws");
    assert_eq!(upgrade["httpRequest"]["status"], 101);
    assert_eq!(upgrade["httpRequest"]["remoteIp"], "127.0.0.1");
    assert_eq!(upgrade["httpRequest"]["latency"], "0s");

    // The token's value appears nowhere in the output.
    assert!(outcome.lines.iter().all(|l| !l.contains(DEMO_TOKEN)));
}

/// Kills the server when the test ends, passed or failed.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_answers_a_client_and_logs_to_stdout() {
    let child = Command::new(env!("CARGO_BIN_EXE_safe-log-demo"))
        .args(["--serve", "127.0.0.1:0"])
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the demo binary starts");
    let mut server = Server(child);
    let mut stderr = BufReader::new(server.0.stderr.take().unwrap());
    let mut banner = String::new();
    stderr.read_line(&mut banner).unwrap();
    let addr: SocketAddr = banner
        .trim()
        .strip_prefix("listening on ws://")
        .and_then(|rest| rest.strip_suffix("/ws"))
        .unwrap_or_else(|| panic!("banner: {banner:?}"))
        .parse()
        .unwrap();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let transcript = runtime.block_on(run_session(addr)).expect("a session");
    assert_eq!(transcript.exchanges.len(), SCRIPT.len());
    assert_eq!(transcript.server_close.map(|(code, _)| code), Some(1000));

    let _ = server.0.kill();
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut server.0.stdout.take().unwrap(), &mut stdout).unwrap();
    let lines: Vec<Value> = stdout.lines().map(parse).collect();
    assert!(lines.iter().all(is_cloud_logging), "{stdout}");
    assert!(
        lines
            .iter()
            .any(|l| l["severity"] == "ERROR" && l["diag"]["state"] == "connected")
    );
    assert!(!stdout.contains(DEMO_TOKEN));
}

/// The keys of a JSON value, recursively, as dotted paths.
fn shape(value: &Value, prefix: &str, out: &mut Vec<String>) {
    if let Value::Object(map) = value {
        for (key, child) in map {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            shape(child, &path, out);
            out.push(path);
        }
    }
}

#[test]
fn the_readme_shows_the_error_line_the_demo_writes() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("the README");
    let shown = readme
        .lines()
        .find(|l| l.starts_with(r#"{"severity":"ERROR""#) && l.contains("safe_log_demo::server"))
        .expect("the README shows the demo's ERROR line");
    let outcome = run_demo().expect("the demo runs");
    let live = outcome
        .lines
        .iter()
        .find(|l| l.starts_with(r#"{"severity":"ERROR""#))
        .expect("the demo writes an ERROR line");
    let (mut shown_keys, mut live_keys) = (Vec::new(), Vec::new());
    shape(&parse(shown), "", &mut shown_keys);
    shape(&parse(live), "", &mut live_keys);
    shown_keys.sort();
    live_keys.sort();
    assert_eq!(shown_keys, live_keys);
    assert_eq!(parse(shown)["diag"]["state"], parse(live)["diag"]["state"]);
}

//! `cargo run -p safe-log-demo`: the scripted session, its log, a summary.
//! `cargo run -p safe-log-demo -- --serve 127.0.0.1:8080`: keep serving.

use std::net::SocketAddr;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: safe-log-demo [--serve ADDR]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => scripted(),
        [flag, addr] if flag == "--serve" => match addr.parse::<SocketAddr>() {
            Ok(addr) => match safe_log_demo::serve_forever(addr) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("safe-log-demo: {error}");
                    ExitCode::FAILURE
                }
            },
            Err(_) => usage(),
        },
        _ => usage(),
    }
}

fn scripted() -> ExitCode {
    let outcome = match safe_log_demo::run_demo() {
        Ok(outcome) => outcome,
        Err(error) => {
            eprintln!("safe-log-demo: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "A WebSocket service on ws://{}{} logged, as Cloud Logging JSON on stdout:",
        outcome.addr,
        safe_log_demo::server::WS_PATH
    );
    println!();
    for line in &outcome.lines {
        println!("{line}");
    }
    println!();
    println!("The client sent:");
    for (sent, answer) in &outcome.transcript.exchanges {
        println!("  {sent}");
        println!("    -> {answer}");
    }
    println!();
    let checks = safe_log_demo::checks(&outcome);
    for check in &checks {
        println!(
            "  [{}] {}",
            if check.ok { "ok" } else { "FAILED" },
            check.what
        );
    }
    if checks.iter().all(|c| c.ok) {
        println!();
        println!(
            "The error path logged a record whose state is an enum, and nothing broke: \
             the enum derives SafeLog, so it is a string in every sink. \
             Without the derive, the service would not have compiled (see the README)."
        );
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

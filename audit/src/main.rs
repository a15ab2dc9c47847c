//! `cargo safe-log`: see the crate's documentation, or `cargo safe-log --help`.

fn main() {
    let code = cargo_safe_log::cli::run(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}

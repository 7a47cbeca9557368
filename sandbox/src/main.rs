//! The `sandbox` binary: parses flags, binds, prints the listening line and serves until
//! interrupted.

use std::io::Write;
use std::process::ExitCode;

use sandbox::{parse_args, serve, Command, USAGE};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("sandbox: {message}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind((options.host.as_str(), options.port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "sandbox: cannot listen on {}:{}: {error}",
                options.host, options.port
            );
            return ExitCode::FAILURE;
        }
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(error) => {
            eprintln!("sandbox: cannot read the bound address: {error}");
            return ExitCode::FAILURE;
        }
    };
    // Test harnesses wait for exactly this line, so it goes out in one flushed write.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "sandbox listening on http://{address}");
    let _ = stdout.flush();
    drop(stdout);
    tokio::select! {
        _ = serve(listener, options) => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    ExitCode::SUCCESS
}

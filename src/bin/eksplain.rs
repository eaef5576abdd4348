//! The `eksplain` command line: see `eksplain --help`.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let clock = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    };
    let mut env = eksplain::cli::Env {
        stdin: &mut std::io::stdin(),
        out: &mut std::io::stdout(),
        err: &mut std::io::stderr(),
        clock: &clock,
        read_file: &|p| std::fs::read(p),
    };
    std::process::exit(eksplain::cli::run(&args, &mut env));
}

//! The command line: arbitrary arguments (NUL-separated) against a fake file
//! system whose every file holds the rest of the input. Usage errors must be
//! reported, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (args, file) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], data[i + 1..].to_vec()),
        None => (data, b"apiVersion: v1\nkind: Config\n".to_vec()),
    };
    let args: Vec<String> = args
        .split(|&b| b == 0)
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .take(16)
        .collect();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut stdin: &[u8] = &file;
    let file_bytes = file.clone();
    let read_file = move |_: &str| Ok(file_bytes.clone());
    let mut env = eksplain::cli::Env {
        stdin: &mut stdin,
        out: &mut out,
        err: &mut err,
        clock: &|| 1_767_225_600,
        read_file: &read_file,
    };
    let code = eksplain::cli::run(&args, &mut env);
    assert!(matches!(code, 0..=3), "exit code {code}");
});

fn main() -> std::process::ExitCode {
    echotrace_cli::main()
}

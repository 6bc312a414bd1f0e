"""The application: what a person or a script runs (finding inputs, naming and writing outputs,
stopping cleanly), on top of the reading chain and the writers. See docs/architecture.md."""

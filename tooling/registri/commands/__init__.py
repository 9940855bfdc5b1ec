"""One module per `registri` command: `configure(parser)` adds options, `run(args)` returns the exit code."""

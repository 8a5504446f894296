// retort CLI: the entry point of the `retort` command.
//
// retort::cli::main parses argv, runs one command and returns the process
// exit code (cli/exit_codes.hpp); it never throws. Human text goes to stdout,
// errors to stderr as "retort: error: WHAT" plus a line saying what to do.
//
// Example (the retort executable, cli/retort_main.cpp):
//   int main(int argc, char** argv) { return retort::cli::main(argc, argv); }
//
// A program with compiled-in models will call an overload taking its
// MetaData instead of reading models.toml (see SPEC, "The model runtime");
// cli/app.hpp's run() already takes the models as an optional argument.
#pragma once

namespace retort::cli {

int main(int argc, char** argv);

}  // namespace retort::cli

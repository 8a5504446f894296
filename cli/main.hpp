// retort CLI: the entry point of the `retort` command.
//
// retort::cli::main parses argv, runs one command and returns the process
// exit code (docs/commands.md, "Exit codes"); it never throws. Human text goes to stdout,
// errors to stderr as "retort: error: WHAT" plus a line saying what to do.
//
// Example (the retort executable, cli/retort_main.cpp):
//   int main(int argc, char** argv) { return retort::cli::main(argc, argv); }
//
// A program with compiled-in models passes its MetaData: the same CLI, but
// autogenerate, check and diff's `models` compare against those models (as
// Alembic's env.py imports target_metadata). retort.toml still gives the URL
// and the script location; models.toml is neither needed nor read.
//
// Example (a program that is its own migration CLI):
//   int main(int argc, char** argv) { return retort::cli::main(argc, argv, metadata); }
#pragma once

namespace retort {
struct MetaData;
}

namespace retort::cli {

int main(int argc, char** argv);
int main(int argc, char** argv, const MetaData& models);

}  // namespace retort::cli

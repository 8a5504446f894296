// retort CLI: the command tree and its dispatch.
//
// run() builds the CLI11 tree (global -c/--config and --url, one subcommand
// per command), parses argv, runs the chosen command and returns its exit
// code. Usage errors print "retort: error: ..." and return 2; --help prints
// to stdout and returns 0.
#pragma once

#include "cli/internal/output.hpp"

namespace retort {
struct MetaData;
}

namespace retort::cli {

// `models`: models compiled into the program, or null to read models.toml.
int run(int argc, char** argv, Output& out, const MetaData* models = nullptr);

}  // namespace retort::cli

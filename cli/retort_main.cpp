// The retort executable: the CLI with no compiled-in models (models come from
// models.toml). A program with its own models calls retort::cli::main itself.
#include "cli/main.hpp"

int main(int argc, char** argv) { return retort::cli::main(argc, argv); }

#include "cli/main.hpp"

#include "cli/internal/app.hpp"

namespace retort::cli {

int main(int argc, char** argv) {
  Output out = Output::standard();
  return run(argc, argv, out);
}

int main(int argc, char** argv, const MetaData& models) {
  Output out = Output::standard();
  return run(argc, argv, out, &models);
}

}  // namespace retort::cli

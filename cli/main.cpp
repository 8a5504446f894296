#include "cli/main.hpp"

#include "cli/app.hpp"

namespace retort::cli {

int main(int argc, char** argv) {
  Output out = Output::standard();
  return run(argc, argv, out);
}

}  // namespace retort::cli

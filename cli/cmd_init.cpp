// retort init [DIR]: a new project with an example models.toml.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/internal/common.hpp"
#include "migrations/config.hpp"

namespace retort::cli {
namespace {

struct InitArgs {
  std::string dir = ".";
};

int run_init(Context& context, const InitArgs& options) {
  std::filesystem::path dir(options.dir);
  Status written = migrations::init_project(dir);
  if (!written) return fail(context, written.error());

  Output& out = context.out;
  auto shown = [&](const std::string& name) {
    return display_path(std::filesystem::absolute(dir / name));
  };
  out.line(fmt::format("Creating {} ... done", out.bold(shown("migrations/versions"))));
  out.line(fmt::format("Writing {} ... done", out.bold(shown("retort.toml"))));
  out.line(fmt::format("Writing {} ... done", out.bold(shown("models.toml"))));
  out.line();
  out.line("retort.toml points at a SQLite database (app.db); change its url, or use --url or");
  out.line("RETORT_URL, for another database. models.toml declares two example tables, team");
  out.line("and hero. Next:");
  out.line(
      fmt::format("  {}", out.cyan("retort revision --autogenerate -m \"create team and hero\"")));
  out.line(fmt::format("  {}", out.cyan("retort upgrade head")));
  return 0;
}

}  // namespace

Command add_init_command(CLI::App& app) {
  auto options = std::make_shared<InitArgs>();
  CLI::App* sub = app.add_subcommand(
      "init",
      "Start a project: write retort.toml, an example models.toml and migrations/versions/");
  sub->add_option("DIR", options->dir, "The folder to create the project in (created if missing)")
      ->capture_default_str()
      ->type_name("");
  sub->footer(
      "Refuses, and writes nothing, when DIR already holds retort.toml or models.toml.\n"
      "\nExample:\n  retort init myproject");
  return {sub, [options](Context& context) { return run_init(context, *options); }};
}

}  // namespace retort::cli

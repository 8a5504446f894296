// retort codegen cpp MODELS.toml [-o FILE] [--namespace NS]: C++ model
// declarations (structs, retort::table<...>, metadata) from a models file.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <memory>

#include "cli/internal/common.hpp"
#include "cli/internal/exit_codes.hpp"
#include "core/model/codegen_cpp.hpp"
#include "core/models_toml.hpp"

namespace retort::cli {
namespace {

struct CodegenArgs {
  std::string language = "cpp";
  std::string models;
  std::string output;  // empty: stdout
  std::string namespace_name;
};

int run_codegen(Context& context, const CodegenArgs& options) {
  if (Status s = check_cpp_namespace(options.namespace_name); !s) return fail(context, s.error());
  Result<MetaData> schema = read_models_file(options.models);
  if (!schema) return fail(context, schema.error());

  CppOptions cpp;
  cpp.namespace_name = options.namespace_name;
  cpp.source = std::filesystem::path(options.models).filename().string();
  const std::string header = models_to_cpp(*schema, cpp);
  for (const std::string& note : cpp_limitations(*schema)) {
    context.out.warning(fmt::format("not declared in C++: {}", note));
  }
  if (options.output.empty()) {
    context.out.write(header);
    return kExitOk;
  }
  std::ofstream file(options.output, std::ios::binary | std::ios::trunc);
  file << header;
  file.close();
  if (!file) {
    return fail(context, Error::bad_input(fmt::format("cannot write {}", options.output),
                                          "check that the folder exists and is writable")
                             .at(options.output));
  }
  context.out.line(fmt::format("Writing {} ... done", display_path(options.output)));
  return kExitOk;
}

}  // namespace

Command add_codegen_command(CLI::App& app) {
  auto options = std::make_shared<CodegenArgs>();
  CLI::App* sub = app.add_subcommand(
      "codegen",
      "Write C++ model declarations (structs, retort::table, metadata) from models.toml");
  sub->add_option("language", options->language, "The language to write: cpp")
      ->required()
      ->check(CLI::IsMember({"cpp"}))
      ->option_text("LANG");
  sub->add_option("models", options->models, "The models file to read (e.g. models.toml)")
      ->required()
      ->option_text("MODELS.toml");
  sub->add_option("-o,--output", options->output, "Write the header to FILE instead of stdout")
      ->option_text("FILE");
  sub->add_option("--namespace", options->namespace_name,
                  "Put the declarations in this C++ namespace (e.g. app::db)")
      ->option_text("NS");
  sub->footer(
      "The header compiles on its own (it includes core/model/model.hpp) and its `metadata`\n"
      "equals the models file, so a program can use it with retort::Session and as its own\n"
      "migration CLI (retort::cli::main(argc, argv, metadata)). What a model declaration\n"
      "cannot say (e.g. a composite foreign key) is listed as a warning and a comment.\n"
      "\nExamples:\n"
      "  retort codegen cpp models.toml -o models.hpp --namespace app\n"
      "  retort inspect --format cpp > models.hpp   # the same from a live database");
  return {sub, [options](Context& context) { return run_codegen(context, *options); }};
}

}  // namespace retort::cli

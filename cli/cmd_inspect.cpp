// retort inspect [--format toml|json|sql|cpp] [--table T]...: the live schema.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>

#include "cli/internal/common.hpp"
#include "core/comparator.hpp"
#include "core/internal/ops_toml.hpp"
#include "core/model/codegen_cpp.hpp"
#include "core/models_toml.hpp"
#include "migrations/internal/compile.hpp"

namespace retort::cli {
namespace {

struct InspectArgs {
  std::string format = "toml";
  std::vector<std::string> tables;
  std::string namespace_name;  // --format cpp
  bool strict = false;
};

// The schema as JSON: the models.toml document converted, so both formats
// share one vocabulary.
Result<nlohmann::json> schema_json(const MetaData& schema) {
  try {
    toml::table document = toml::parse(write_models(schema));
    return toml_to_json(document);
  } catch (const toml::parse_error& e) {
    return Error::internal(
        fmt::format("inspect wrote TOML it cannot read back: {}", e.description()));
  }
}

// CREATE statements for the schema, parents before children.
Result<std::string> schema_sql(const MetaData& schema, const Dialect& dialect) {
  std::vector<Op> ops = compare(MetaData{}, schema);
  MetaData before;
  Result<std::vector<Statement>> statements = migrations::compile_ops(dialect, ops, before);
  if (!statements) return std::move(statements).error();
  return migrations::to_script(*statements);
}

// Inspect reads only the database: the revision files and the models are
// not loaded (a large history would cost more than the catalog queries), and
// it runs without a project when given a URL.
int run_inspect(Context& context, const InspectArgs& options) {
  Result<migrations::Project> project = open_database(context, /*with_history=*/false);
  if (!project) return fail(context, project.error());
  if (without_config(context) && project->config().url.empty()) {
    return fail(context, no_database_url());
  }
  project->set_strict(options.strict);
  Result<MetaData> schema = project->inspect(options.tables);
  warn_unmodelled(context.out, *project);
  if (!schema) return fail(context, schema.error());

  Output& out = context.out;
  if (options.format == "json") {
    Result<nlohmann::json> json = schema_json(*schema);
    if (!json) return fail(context, json.error());
    out.line(json_text(*json));
  } else if (options.format == "sql") {
    Result<const Dialect*> dialect = project->dialect();
    if (!dialect) return fail(context, dialect.error());
    Result<std::string> sql = schema_sql(*schema, **dialect);
    if (!sql) return fail(context, sql.error());
    out.write(*sql);
  } else if (options.format == "cpp") {
    if (Status s = check_cpp_namespace(options.namespace_name); !s) return fail(context, s.error());
    for (const std::string& note : cpp_limitations(*schema)) {
      out.warning(fmt::format("not declared in C++: {}", note));
    }
    out.write(models_to_cpp(*schema, CppOptions{options.namespace_name, "the live database"}));
  } else {
    out.write(write_models(*schema));
  }
  return 0;
}

}  // namespace

Command add_inspect_command(CLI::App& app) {
  auto options = std::make_shared<InspectArgs>();
  CLI::App* sub = app.add_subcommand(
      "inspect", "Print the live database schema (without retort's version table)");
  sub->add_option(
         "--format", options->format,
         "toml (default; a models.toml that round-trips), json (the same document as JSON), "
         "sql (CREATE statements) or cpp (C++ model declarations, as `retort codegen cpp` writes)")
      ->capture_default_str()
      ->check(CLI::IsMember({"toml", "json", "sql", "cpp"}))
      ->option_text("FORMAT");
  sub->add_option("--table", options->tables,
                  "Only this table (schema.table on PostgreSQL); repeat for several")
      ->option_text("T")
      ->allow_extra_args(false);
  sub->add_option("--namespace", options->namespace_name,
                  "With --format cpp: put the declarations in this C++ namespace")
      ->option_text("NS");
  add_strict_flag(*sub, options->strict);
  sub->footer(
      "What the database holds beyond what retort represents (rules, policies, virtual tables,\n"
      "inheritance, ...) is named on stderr, one warning each; --strict makes that exit 2.\n"
      "\nExamples:\n"
      "  retort inspect > models.toml     # start managing an existing database\n"
      "  retort inspect --format cpp --namespace app > models.hpp\n"
      "  retort inspect --table hero --format sql");
  return {sub, [options](Context& context) { return run_inspect(context, *options); }};
}

}  // namespace retort::cli

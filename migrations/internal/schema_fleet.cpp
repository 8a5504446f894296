#include "migrations/internal/schema_fleet.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "dialects/registry.hpp"
#include "migrations/internal/inspect_scope.hpp"
#include "migrations/internal/migration_lock.hpp"
#include "migrations/internal/models_source.hpp"

namespace retort::migrations {
namespace {

constexpr const char* kNoSchemaHint =
    "in a schema-per-tenant fleet each tenant's objects live in its own schema, reached through "
    "search_path: leave `schema` out (a schema-qualified object would be one object shared by "
    "every tenant), or run this project on a fleet of databases (urls, urls_command)";

// The first schema `op` names, its tables' foreign keys included; "" for none.
std::string schema_named(const Op& op) {
  const InspectOptions scope = inspect_options(std::vector<Op>{op}, {});
  if (!scope.schemas.empty()) return scope.schemas.front();
  if (const auto* create = std::get_if<CreateTable>(&op)) {
    for (const ForeignKey& fk : create->table.foreign_keys) {
      if (!fk.ref_schema.empty()) return fk.ref_schema;
    }
  }
  if (const auto* add = std::get_if<AddForeignKey>(&op);
      add && !add->foreign_key.ref_schema.empty()) {
    return add->foreign_key.ref_schema;
  }
  return {};
}

Status check_revisions(const RevisionGraph& graph) {
  for (const Revision* rev : graph.revisions()) {
    for (const auto* ops : {&rev->upgrade, &rev->downgrade}) {
      for (std::size_t i = 0; i < ops->size(); ++i) {
        const std::string schema = schema_named((*ops)[i]);
        if (schema.empty()) continue;
        Error e = Error::bad_input(
            fmt::format("revision {} names schema \"{}\" in {} op {} ({}), which a "
                        "schema-per-tenant fleet refuses",
                        rev->id, schema, ops == &rev->upgrade ? "upgrade" : "downgrade", i + 1,
                        describe((*ops)[i])),
            kNoSchemaHint);
        if (!rev->path.empty()) e.at(rev->path.string(), rev->op_line(ops == &rev->upgrade, i));
        return e;
      }
    }
  }
  return {};
}

// The models as declared (not normalised: `public` is a schema too here).
Result<std::optional<MetaData>> declared_models(const Config& config, const MetaData* models,
                                                const std::string& url) {
  if (models != nullptr) return std::optional<MetaData>(*models);
  if (config.models.empty() || !std::filesystem::exists(config.models)) {
    return std::optional<MetaData>();
  }
  Result<const Dialect*> dialect = dialect_for_url(url);
  if (!dialect) return std::move(dialect).error();
  Result<MetaData> read = load_models(config.models, **dialect);
  if (!read) return std::move(read).error();
  return std::optional<MetaData>(std::move(*read));
}

Status check_models(const MetaData& models, const std::string& source) {
  auto refuse = [&](std::string what, int line) {
    Error e = Error::bad_input(
        fmt::format("{} names a schema, which a schema-per-tenant fleet refuses", what),
        kNoSchemaHint);
    e.at(source, line);
    return e;
  };
  for (const Table& t : models.tables) {
    if (!t.schema.empty()) return refuse(fmt::format("model table {}", t.qualified_name()), t.line);
    for (const ForeignKey& fk : t.foreign_keys) {
      if (!fk.ref_schema.empty()) {
        return refuse(fmt::format("a foreign key of model table {} (to {}.{})", t.name,
                                  fk.ref_schema, fk.ref_table),
                      fk.line);
      }
    }
  }
  for (const Enum& e : models.enums) {
    if (!e.schema.empty()) return refuse(fmt::format("enum {}.{}", e.schema, e.name), e.line);
  }
  for (const View& v : models.views) {
    if (!v.schema.empty()) return refuse(v.describe(), v.line);
  }
  Status objects;
  auto check = [&](const auto& list) {
    for (const auto& x : list) {
      if (objects && !x.schema.empty()) objects = refuse(x.describe(), x.line);
    }
  };
  check(models.sequences);
  check(models.domains);
  check(models.composite_types);
  check(models.functions);
  check(models.triggers);
  if (!objects) return objects;
  // Schemas and extensions are the database's, not a tenant's.
  if (!models.schemas.empty()) {
    return refuse(models.schemas.front().describe(), models.schemas.front().line);
  }
  if (!models.extensions.empty()) {
    return Error::bad_input(
               fmt::format("{} is declared, and a schema-per-tenant fleet refuses it",
                           models.extensions.front().describe()),
               "an extension is database-wide: create it once, before the fleet's members, by "
               "hand, and leave it out of the models")
        .at(source, models.extensions.front().line);
  }
  return {};
}

}  // namespace

Status check_schema_fleet(const Config& config, const RevisionGraph& graph, const MetaData* models,
                          const std::string& url, const std::string& shared_schema) {
  if (Status s = check_revisions(graph); !s) return s;
  Result<std::optional<MetaData>> declared = declared_models(config, models, url);
  if (!declared) return std::move(declared).error();
  const std::string source = models != nullptr ? "the compiled models" : config.models.string();
  if (*declared) {
    if (Status s = check_models(**declared, source); !s) return s;
  }
  if (!shared_schema.empty()) return {};
  std::vector<std::string> enums;
  for (const Enum& e : shared_enums(graph)) enums.push_back(e.name);
  if (*declared) {
    for (const Enum& e : (*declared)->enums) {
      if (std::find(enums.begin(), enums.end(), e.name) == enums.end()) enums.push_back(e.name);
    }
  }
  if (enums.empty()) return {};
  Error e = Error::bad_input(
      fmt::format("the project has enums ({}), and the schema-per-tenant fleet names no "
                  "shared_schema to create them in",
                  fmt::join(enums, ", ")),
      "an enum is a database-wide type that every tenant uses: add shared_schema = \"shared\" "
      "(any schema that is not a tenant's) to the fleet; retort creates the enums there once, "
      "before the members run, and puts it on each tenant's search_path");
  if (!config.file.empty()) e.at(config.file.string());
  return e;
}

std::vector<Enum> shared_enums(const RevisionGraph& graph) {
  std::vector<Enum> out;
  auto find = [&](const std::string& name) -> Enum* {
    for (Enum& e : out) {
      if (e.name == name) return &e;
    }
    out.push_back(Enum{.schema = {}, .name = name, .values = {}, .line = 0});
    return &out.back();
  };
  // Each value goes after the value before it in the list that names it.
  auto merge = [](Enum& into, const std::vector<std::string>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      std::vector<std::string>& have = into.values;
      if (std::find(have.begin(), have.end(), values[i]) != have.end()) continue;
      auto at = have.begin();
      if (i > 0) {
        auto prev = std::find(have.begin(), have.end(), values[i - 1]);
        at = prev == have.end() ? have.end() : prev + 1;
      }
      have.insert(at, values[i]);
    }
  };
  for (const Revision* rev : graph.revisions()) {
    for (const Op& op : rev->upgrade) {
      if (const auto* create = std::get_if<CreateEnum>(&op)) {
        merge(*find(create->enum_.name), create->enum_.values);
      } else if (const auto* alter = std::get_if<AlterEnum>(&op)) {
        merge(*find(alter->name), alter->values);
      }
    }
  }
  return out;
}

Result<std::string> run_shared_step(const std::string& url, const std::string& shared_schema,
                                    const std::vector<Enum>& enums,
                                    std::chrono::milliseconds lock_wait) {
  if (enums.empty()) return std::string();
  Result<std::vector<std::string>> statements = shared_enum_sql(url, shared_schema, enums);
  if (!statements) return std::move(statements).error();
  Result<const Dialect*> dialect = dialect_for_url(url);
  if (!dialect) return std::move(dialect).error();
  Result<std::unique_ptr<Connection>> conn = (*dialect)->connect(url);
  if (!conn) return std::move(conn).error();
  Result<std::unique_ptr<Lock>> lock = take_migration_lock(
      **dialect, **conn, "retort shared objects in " + shared_schema, lock_wait, nullptr);
  if (!lock) return std::move(lock).error();
  for (const std::string& sql : *statements) {
    if (Status s = (*conn)->execute(sql); !s) {
      Error e = std::move(s).error();
      if (e.statement.empty()) e.with_statement(sql);
      e.message = fmt::format("the shared step (enums in schema \"{}\") failed: {}", shared_schema,
                              e.message);
      if (e.hint.empty()) e.hint = "no member was started; fix the cause and run the command again";
      return e;
    }
  }
  std::vector<std::string> names;
  for (const Enum& e : enums) names.push_back(e.name);
  return fmt::format("Shared schema {}: enum{} {} created or brought up to date", shared_schema,
                     names.size() == 1 ? "" : "s", fmt::join(names, ", "));
}

}  // namespace retort::migrations

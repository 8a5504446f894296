#include "tests/migrations/schema_pair_run.hpp"

#include <fstream>
#include <optional>
#include <sstream>

#include "core/internal/ops_toml.hpp"
#include "migrations/project.hpp"
#include "tests/migrations/catalog_snapshot.hpp"
#include "tests/support/test_database.hpp"

namespace retort::testing {
namespace {

namespace fs = std::filesystem;
using migrations::Project;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class PairRun {
 public:
  PairRun(TestDatabase& db, const SchemaPair& pair) : db_(db), pair_(pair) {}

  std::string run() {
    if (db_.url().empty()) return "no test database";
    if (auto e = reset(); !e.empty()) return "emptying the database: " + e;
    fs::create_directories(db_.dir() / "migrations" / "versions");
    write("retort.toml", "[retort]\n");

    write("models.toml", pair_.models_a);
    if (auto e = revise("a"); !e.empty()) return "autogenerate A: " + e;
    if (auto e = upgrade(); !e.empty()) return "upgrade to A: " + e;
    Result<std::vector<std::string>> snapshot_a = snapshot();
    if (!snapshot_a) return "reading A's catalogs: " + snapshot_a.error().describe();
    Result<Connection*> conn = project().connection();
    if (!conn) return "connecting: " + conn.error().describe();
    for (const std::string& sql : pair_.inserts_a) {
      if (Status s = (*conn)->execute(sql); !s)
        return "filling A: " + sql + ": " + s.error().describe();
    }

    write("models.toml", pair_.models_b);
    if (auto e = revise("b"); !e.empty()) return "autogenerate B: " + e;
    if (auto e = upgrade(); !e.empty()) return "upgrade to B: " + e;
    if (auto e = check(); !e.empty()) return "check after upgrade to B: " + e;

    std::ostringstream out;
    if (Status s = project().downgrade("-1", false, out); !s)
      return "downgrade to A: " + s.error().describe() + "\n" + out.str();
    Result<std::vector<std::string>> snapshot_back = snapshot();
    if (!snapshot_back)
      return "reading catalogs after downgrade: " + snapshot_back.error().describe();
    if (*snapshot_back != *snapshot_a) {
      return "catalogs after downgrade differ from A's (- A, + now):\n" +
             snapshot_difference(*snapshot_a, *snapshot_back);
    }
    write("models.toml", pair_.models_a);
    // `check` wants the head applied; a diff of the database with A does not.
    Result<migrations::SchemaDiff> diff = project().diff("db", "models");
    if (!diff) return "diff against A after downgrade: " + diff.error().describe();
    if (!diff->ops.empty())
      return "diff against A after downgrade:\n" + ops_to_json(diff->ops).dump(2);
    return {};
  }

  const std::string& last_revision() const { return last_revision_; }

 private:
  // Empties the database and the project folder left by the previous pair
  // (a new database per pair costs PostgreSQL far more than this).
  std::string reset() {
    fs::remove_all(db_.dir() / "migrations");
    if (db_.dialect() == "sqlite") {
      fs::remove(db_.dir() / "test.db");
      return {};
    }
    write("retort.toml", "[retort]\n");
    fs::create_directories(db_.dir() / "migrations" / "versions");
    Result<Connection*> conn = project().connection();
    if (!conn) return conn.error().describe();
    Status s = (*conn)->execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    project_.reset();
    return s ? "" : s.error().describe();
  }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(db_.dir() / name) << text;
  }

  // The project, opened afresh after each revision is written.
  Project& project() {
    if (!project_) {
      Result<migrations::Config> config =
          migrations::load_config(db_.dir() / "retort.toml", db_.url());
      if (!config) throw std::runtime_error(config.error().describe());
      Result<Project> p = Project::open(*config);
      if (!p) throw std::runtime_error(p.error().describe());
      project_.emplace(std::move(p).value());
    }
    return *project_;
  }

  std::string revise(const std::string& id) {
    project_.reset();
    migrations::RevisionOptions options;
    options.message = id;
    options.autogenerate = true;
    options.rev_id = id;
    // The pairs drop and add on purpose; a drop and add that look like a
    // rename are settled both ways, one after the other, so that the
    // property covers renames too.
    options.confirm_rename = [this](const RenameCandidate&) { return ++renames_asked_ % 2 == 0; };
    Result<migrations::Revision> rev = project().make_revision(options);
    if (!rev) return rev.error().describe();
    last_revision_ = read_text(rev->path);
    project_.reset();
    return {};
  }

  std::string upgrade() {
    std::ostringstream out;
    Status s = project().upgrade("head", false, out);
    return s ? "" : s.error().describe() + "\n" + out.str();
  }

  std::string check() {
    Result<std::vector<Op>> ops = project().check();
    if (!ops) return ops.error().describe();
    return ops->empty() ? "" : "differences:\n" + ops_to_json(*ops).dump(2);
  }

  Result<std::vector<std::string>> snapshot() {
    Result<Connection*> conn = project().connection();
    if (!conn) return std::move(conn).error();
    return catalog_snapshot(**conn, db_.dialect(), "retort_version");
  }

  TestDatabase& db_;
  const SchemaPair& pair_;
  std::optional<Project> project_;
  int renames_asked_ = 0;
  std::string last_revision_;
};

}  // namespace

PairResult run_schema_pair(TestDatabase& db, const SchemaPair& pair) {
  PairRun run(db, pair);
  PairResult result;
  try {
    result.failure = run.run();
  } catch (const std::exception& e) {
    result.failure = std::string("opening the project: ") + e.what();
  }
  result.last_revision = run.last_revision();
  return result;
}

std::string describe_pair(const SchemaPair& pair, const std::string& dialect) {
  std::string out = "seed " + std::to_string(pair.seed) + " on " + dialect +
                    " (rerun: RETORT_TEST_SEED=" + std::to_string(pair.seed) +
                    " RETORT_TEST_PAIRS=1)\nchanges A -> B:\n";
  for (const std::string& c : pair.changes) out += "  " + c + "\n";
  return out + "--- models A\n" + pair.models_a + "--- models B\n" + pair.models_b;
}

}  // namespace retort::testing

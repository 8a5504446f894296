// `retort --fleet NAME` on a schema-per-tenant fleet (docs/fleets.md,
// "Schema per tenant"): one PostgreSQL database whose tenant schemas are
// listed by schemas_query. Every tenant at head with each revision applied
// once (read from its own version and history tables with plain SQL), three
// broken tenants reported under both failure policies and --canary, reruns
// that skip finished tenants, exit codes, enums created once in the shared
// schema, the refusals (a schema-qualified model or revision, enums without
// a shared schema, a failing or empty schemas_query) with the database
// untouched, and `upgrade --sql` with a script per tenant. 10 tenants; 50
// with RETORT_TEST_FULL=1.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/fleet_support.hpp"
#include "tests/cli/process.hpp"

namespace retort::testing {
namespace {

using nlohmann::json;

// Tenant schemas sort by name: the schemas_query orders by it.
std::string tenant(int i) { return fmt::format("tenant_{:03}", i); }

constexpr const char* kQuery =
    "select nspname from pg_namespace where nspname like 'tenant\\\\_%' order by 1";

// A revision that creates enum mood and gives hero a column of it.
constexpr const char* kEnumRev =
    "revision = \"f1ee70000004\"\n"
    "down_revision = \"f1ee70000003\"\n"
    "message = \"hero mood\"\n\n"
    "[[upgrade]]\n"
    "op = \"create_enum\"\n"
    "name = \"mood\"\n"
    "values = [\"happy\", \"sad\"]\n\n"
    "[[upgrade]]\n"
    "op = \"add_column\"\n"
    "table = \"hero\"\n"
    "column = { name = \"mood\", type = \"enum\", enum = \"mood\", values = [\"happy\", \"sad\"], "
    "nullable = true }\n\n"
    "[[downgrade]]\n"
    "op = \"drop_column\"\n"
    "table = \"hero\"\n"
    "column = \"mood\"\n\n"
    "[[downgrade]]\n"
    "op = \"drop_enum\"\n"
    "name = \"mood\"\n"
    "values = [\"happy\", \"sad\"]\n";

// The models the three revisions build.
constexpr const char* kModels =
    "[[table]]\nname = \"hero\"\ncolumns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "  { name = \"nickname\", type = \"varchar(50)\", nullable = true },\n]\n\n"
    "[[table]]\nname = \"team\"\ncolumns = [ { name = \"id\", type = \"integer\", primary_key = "
    "true } ]\n";

// A revision that adds value "angry" to mood.
constexpr const char* kAlterEnumRev =
    "revision = \"f1ee70000005\"\n"
    "down_revision = \"f1ee70000004\"\n"
    "message = \"angry\"\n\n"
    "[[upgrade]]\n"
    "op = \"alter_enum\"\n"
    "name = \"mood\"\n"
    "values = [\"happy\", \"sad\", \"angry\"]\n"
    "existing = [\"happy\", \"sad\"]\n";

// One database (member 0 of a FleetProject) with `tenants` empty tenant
// schemas, and [fleet.schemas] over them.
class SchemaFleet {
 public:
  explicit SchemaFleet(int tenants, const std::string& extra_config = "",
                       const std::string& query = kQuery)
      : f_("postgresql", 1) {
    for (int i = 1; i <= tenants; ++i) db().execute("CREATE SCHEMA " + tenant(i));
    f_.append_config(fmt::format("\n[fleet.schemas]\nurl = \"{}\"\nschemas_query = \"{}\"\n{}",
                                 url(), query, extra_config));
  }

  CliProject& db() { return f_.member(0); }
  // The database's URL with kSecret as the password (the test server trusts
  // local connections, so it is sent and ignored): no output may show it.
  std::string url() {
    std::string u = db().url();
    const auto scheme = u.find("://");
    const auto at = u.find('@');
    if (scheme == std::string::npos || at == std::string::npos || u.find(':', scheme + 3) < at) {
      ADD_FAILURE() << "expected a URL with a user and no password: " << u;
      return u;
    }
    return u.insert(at, ":" + std::string(kSecret));
  }
  std::string redacted_url() {
    std::string u = url();
    const auto secret = u.find(kSecret);
    return secret == std::string::npos ? u : u.replace(secret, std::string(kSecret).size(), "***");
  }
  FleetProject& fleet() { return f_; }
  ProcessResult retort(const std::vector<std::string>& args) const { return f_.retort(args); }

  // The rows of `sql`, read with plain SQL.
  std::vector<std::vector<std::string>> query(const std::string& sql) { return db().query(sql); }

  // The tenant's version rows and upgrade history, from its own tables.
  std::vector<std::string> versions(const std::string& schema) {
    std::vector<std::string> out;
    for (const auto& row : query(fmt::format(
             "SELECT version_num FROM {}.retort_version ORDER BY version_num", schema))) {
      out.push_back(row[0]);
    }
    return out;
  }
  void expect_at_head_once(const std::string& schema, const char* head = kFleetRev3) {
    EXPECT_EQ(versions(schema), std::vector<std::string>{head}) << schema;
    std::vector<std::string> applied;
    for (const auto& row : query(fmt::format(
             "SELECT revision, direction, result FROM {}.retort_history ORDER BY seq", schema))) {
      EXPECT_EQ(row[1], "upgrade") << schema;
      EXPECT_EQ(row[2], "applied") << schema;
      applied.push_back(row[0]);
    }
    std::vector<std::string> expected = {kFleetRev1, kFleetRev2, kFleetRev3};
    if (std::string(head) != kFleetRev3) expected.push_back(head);
    EXPECT_EQ(applied, expected) << schema;
  }
  // How many tables the tenant schemas (and public) hold: 0 when untouched.
  std::string tables_anywhere() {
    return query(
        "SELECT count(*) FROM pg_tables WHERE schemaname LIKE 'tenant%' OR schemaname = "
        "'public' OR schemaname = 'shared'")[0][0];
  }
  std::string types_named(const std::string& name) {
    return query(fmt::format("SELECT count(*) FROM pg_type WHERE typname = '{}'", name))[0][0];
  }

 private:
  FleetProject f_;
};

json parse_report(const ProcessResult& r) { return parse_fleet_report(r); }

void expect_no_secret(const ProcessResult& r) {
  EXPECT_EQ(r.out.find(kSecret), std::string::npos) << r.describe();
  EXPECT_EQ(r.err.find(kSecret), std::string::npos) << r.describe();
}

// The member of a JSON report named `name` (a schema).
json member_of(const json& report, const std::string& name) {
  return fleet_member(report, "member", name);
}

TEST(SchemaFleetTest, UpgradesEveryTenantOnceWithFourJobsAndARerunSkipsThem) {
  const int n = fleet_size();
  SchemaFleet s(n);

  ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "head", "--jobs", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  expect_no_secret(r);
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find(fmt::format("Fleet schemas: {} members, {} upgraded.", n, n)),
            std::string::npos)
      << r.out;
  for (int i = 1; i <= n; ++i) {
    s.expect_at_head_once(tenant(i));
    // Members are named by their schema.
    EXPECT_NE(r.out.find(fmt::format("{}: upgraded (<base> -> {})", tenant(i), kFleetRev3)),
              std::string::npos)
        << r.out;
    EXPECT_EQ(s.query(fmt::format("SELECT count(*) FROM pg_tables WHERE schemaname = '{}'",
                                  tenant(i)))[0][0],
              "4");  // hero, team, retort_version, retort_history
  }
  // Nothing went to public.
  EXPECT_EQ(s.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0][0], "0");

  ProcessResult again = s.retort({"--fleet", "schemas", "upgrade", "head", "--jobs", "4"});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_NE(again.out.find(fmt::format("Fleet schemas: {} members, {} already at target.", n, n)),
            std::string::npos)
      << again.out;
  for (int i = 1; i <= n; ++i) s.expect_at_head_once(tenant(i));

  // check reads each tenant's own schema, not public's look-alike table.
  s.db().execute("CREATE TABLE public.hero (other text)");
  s.fleet().project().write_models(kModels);
  ProcessResult check = s.retort({"--fleet", "schemas", "check", "--jobs", "4"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  EXPECT_NE(check.out.find(fmt::format("Fleet schemas: {} members, {} no differences.", n, n)),
            std::string::npos)
      << check.out;

  ProcessResult current =
      s.retort({"--fleet", "schemas", "current", "--jobs", "4", "--format", "json"});
  ASSERT_EQ(current.exit_code, 0) << current.describe();
  const json report = parse_report(current);
  EXPECT_EQ(report["summary"]["at_heads"], n);
  const json first = member_of(report, tenant(1));
  EXPECT_EQ(first["schema"], tenant(1));
  EXPECT_EQ(first["url"], s.redacted_url());
  EXPECT_EQ(first["after"], json::array({kFleetRev3}));

  // Each tenant steps back from its own revision.
  ProcessResult downgrade = s.retort({"--fleet", "schemas", "downgrade", "-1", "--jobs", "4"});
  ASSERT_EQ(downgrade.exit_code, 0) << downgrade.describe();
  for (int i = 1; i <= n; ++i) {
    EXPECT_EQ(s.versions(tenant(i)), std::vector<std::string>{kFleetRev2});
  }
}

// Tenants 3 and 6 are broken (a table in the way of revision 3; a version
// row no revision file has), and the query lists a schema that does not
// exist, last.
struct Broken {
  std::string conflict = tenant(3);
  std::string unknown = tenant(6);
  std::string ghost = "tenant_zz_missing";
};

constexpr const char* kBrokenQuery =
    "select nspname::text from pg_namespace where nspname like 'tenant\\\\_%' union all select "
    "'tenant_zz_missing' order by 1";

void break_tenants(SchemaFleet& s, const Broken& b) {
  s.db().execute(
      fmt::format("CREATE TABLE {}.team (id integer PRIMARY KEY, name text)", b.conflict));
  s.db().execute(fmt::format(
      "CREATE TABLE {0}.retort_version (version_num varchar(32) NOT NULL PRIMARY KEY); INSERT "
      "INTO {0}.retort_version VALUES ('0123456789ab')",
      b.unknown));
}

void expect_broken_reported(const json& report, const Broken& b) {
  const json conflict = member_of(report, b.conflict);
  EXPECT_EQ(conflict["result"], "failed");
  EXPECT_EQ(conflict["error"]["kind"], "database");
  EXPECT_EQ(conflict["error"]["exit_code"], 3);
  EXPECT_NE(conflict["error"]["message"].get<std::string>().find("team"), std::string::npos)
      << conflict.dump(2);
  EXPECT_EQ(conflict["after"], json::array({kFleetRev2}));

  const json unknown = member_of(report, b.unknown);
  EXPECT_EQ(unknown["result"], "failed");
  EXPECT_EQ(unknown["error"]["exit_code"], 2);
  EXPECT_NE(unknown["error"]["message"].get<std::string>().find("0123456789ab"), std::string::npos)
      << unknown.dump(2);

  const json ghost = member_of(report, b.ghost);
  EXPECT_EQ(ghost["result"], "failed");
  EXPECT_EQ(ghost["error"]["exit_code"], 2);
  EXPECT_NE(ghost["error"]["message"].get<std::string>().find(
                "schema \"tenant_zz_missing\" does not exist"),
            std::string::npos)
      << ghost.dump(2);
}

TEST(SchemaFleetTest, ContinueRunsEveryTenantAndReportsTheBrokenOnes) {
  Broken b;
  SchemaFleet s(fleet_size(), "", kBrokenQuery);
  break_tenants(s, b);
  const int n = fleet_size();
  ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "--jobs", "4", "--on-error",
                              "continue", "--format", "json"});
  EXPECT_EQ(r.exit_code, 3) << r.describe();  // the worst: a database failure
  expect_no_secret(r);
  EXPECT_NE(
      r.err.find(fmt::format("retort: error: 3 of {} members of fleet schemas failed", n + 1)),
      std::string::npos)
      << r.err;
  const json report = parse_report(r);
  EXPECT_EQ(report["summary"]["failed"], 3);
  EXPECT_EQ(report["summary"]["upgraded"], n - 2);
  expect_broken_reported(report, b);
  for (int i = 1; i <= n; ++i) {
    if (tenant(i) == b.conflict || tenant(i) == b.unknown) continue;
    s.expect_at_head_once(tenant(i));
  }
  // The failed revision rolled back; the unknown row is left as it was; no
  // schema was created for the missing tenant.
  EXPECT_EQ(s.versions(b.conflict), std::vector<std::string>{kFleetRev2});
  EXPECT_EQ(s.versions(b.unknown), std::vector<std::string>{"0123456789ab"});
  EXPECT_EQ(s.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'tenant_zz_missing'")[0][0],
            "0");

  // A rerun skips the finished tenants and reports the broken ones again.
  ProcessResult again =
      s.retort({"--fleet", "schemas", "upgrade", "--jobs", "4", "--on-error", "continue"});
  EXPECT_EQ(again.exit_code, 3) << again.describe();
  expect_no_secret(again);
  EXPECT_NE(again.out.find(fmt::format("Fleet schemas: {} members, {} already at target, 3 failed.",
                                       n + 1, n - 2)),
            std::string::npos)
      << again.out;

  // Once the broken tenants are fixed (the query no longer lists the ghost),
  // a rerun finishes them and exits 0.
  s.db().execute(fmt::format("DROP TABLE {}.team", b.conflict));
  s.db().execute(fmt::format("DELETE FROM {}.retort_version", b.unknown));
  s.fleet().append_config(
      fmt::format("\n[fleet.fixed]\nurl = \"{}\"\nschemas_query = \"{}\"\n", s.url(), kQuery));
  ProcessResult fixed = s.retort({"--fleet", "fixed", "upgrade", "--jobs", "4"});
  EXPECT_EQ(fixed.exit_code, 0) << fixed.describe();
  EXPECT_NE(fixed.out.find(fmt::format("Fleet fixed: {} members, 2 upgraded, {} already at target.",
                                       n, n - 2)),
            std::string::npos)
      << fixed.out;
  for (int i = 1; i <= n; ++i) {
    if (tenant(i) == b.conflict) continue;  // its history holds the two failed runs too
    s.expect_at_head_once(tenant(i));
  }
  EXPECT_EQ(s.versions(b.conflict), std::vector<std::string>{kFleetRev3});
  EXPECT_EQ(s.query(fmt::format("SELECT result FROM {}.retort_history WHERE revision = '{}' ORDER "
                                "BY seq",
                                b.conflict, kFleetRev3)),
            (std::vector<std::vector<std::string>>{{"failed"}, {"failed"}, {"applied"}}));
}

TEST(SchemaFleetTest, StopStartsNoTenantAfterTheFirstFailure) {
  Broken b;
  SchemaFleet s(fleet_size(), "", kBrokenQuery);
  break_tenants(s, b);
  // One at a time, in the query's order: tenants 1 and 2, then 3 fails.
  ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "--format", "json"});
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  const json report = parse_report(r);
  EXPECT_EQ(report["summary"]["upgraded"], 2);
  EXPECT_EQ(report["summary"]["failed"], 1);
  EXPECT_EQ(report["summary"]["not_started"], fleet_size() - 2);
  EXPECT_EQ(member_of(report, b.conflict)["result"], "failed");
  EXPECT_EQ(member_of(report, tenant(4))["result"], "not_started");
  s.expect_at_head_once(tenant(1));
  s.expect_at_head_once(tenant(2));
  EXPECT_EQ(s.query(fmt::format("SELECT count(*) FROM pg_tables WHERE schemaname = '{}'",
                                tenant(4)))[0][0],
            "0");
}

TEST(SchemaFleetTest, CanaryFailureStopsTheRestWhateverTheErrorPolicy) {
  Broken b;
  SchemaFleet s(fleet_size(), "", kBrokenQuery);
  break_tenants(s, b);
  ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "--canary", "3", "--jobs", "2",
                              "--on-error", "continue", "--format", "json"});
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  const json report = parse_report(r);
  EXPECT_EQ(report["summary"]["upgraded"], 2);
  EXPECT_EQ(report["summary"]["failed"], 1);
  EXPECT_EQ(report["summary"]["not_started"], fleet_size() - 2);
  EXPECT_EQ(member_of(report, b.conflict)["canary"], true);
  EXPECT_EQ(member_of(report, tenant(4))["canary"], false);

  // Healthy canaries: the rest follow, and the two broken tenants fail (the
  // worst exit code among them is the unknown row's and the ghost's, 2).
  s.db().execute(fmt::format("DROP TABLE {}.team", b.conflict));
  ProcessResult next = s.retort(
      {"--fleet", "schemas", "upgrade", "--canary", "3", "--jobs", "2", "--on-error", "continue"});
  EXPECT_EQ(next.exit_code, 2) << next.describe();
  EXPECT_NE(
      next.out.find(fmt::format("Fleet schemas: {} members, {} upgraded, 2 already at target, "
                                "2 failed.",
                                fleet_size() + 1, fleet_size() - 3)),
      std::string::npos)
      << next.out;
}

TEST(SchemaFleetTest, EnumsAreCreatedOnceInTheSharedSchemaBeforeTheTenants) {
  const int n = fleet_size();
  SchemaFleet s(n, "shared_schema = \"shared\"\n");
  s.fleet().project().write("migrations/versions/f1ee70000004_hero_mood.toml", kEnumRev);

  ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "head", "--jobs", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  expect_no_secret(r);
  EXPECT_NE(r.out.find("Shared schema shared: enum mood created or brought up to date"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(s.types_named("mood"), "1");
  EXPECT_EQ(s.query("SELECT n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                    "WHERE t.typname = 'mood'")[0][0],
            "shared");
  for (int i = 1; i <= n; ++i) {
    s.expect_at_head_once(tenant(i), "f1ee70000004");
    EXPECT_EQ(s.query(fmt::format("SELECT udt_schema || '.' || udt_name FROM "
                                  "information_schema.columns WHERE table_schema = '{}' AND "
                                  "table_name = 'hero' AND column_name = 'mood'",
                                  tenant(i)))[0][0],
              "shared.mood");
  }
  s.db().execute(
      fmt::format("INSERT INTO {}.hero (id, name, mood) VALUES (1, 'a', 'sad')", tenant(1)));

  // A rerun finds everything in place; the shared step changes nothing.
  ProcessResult again = s.retort({"--fleet", "schemas", "upgrade", "head", "--jobs", "4"});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_EQ(s.types_named("mood"), "1");

  // A revision that adds a value: the shared type gains it before the
  // tenants run, once, and a tenant can store it.
  s.fleet().project().write("migrations/versions/f1ee70000005_angry.toml", kAlterEnumRev);
  ProcessResult added = s.retort({"--fleet", "schemas", "upgrade", "head", "--jobs", "4"});
  ASSERT_EQ(added.exit_code, 0) << added.describe();
  EXPECT_EQ(s.query("SELECT enum_range(NULL::shared.mood)::text")[0][0], "{happy,sad,angry}");
  for (int i = 1; i <= n; ++i) {
    EXPECT_EQ(s.versions(tenant(i)), std::vector<std::string>{"f1ee70000005"});
  }
  s.db().execute(
      fmt::format("INSERT INTO {}.hero (id, name, mood) VALUES (2, 'b', 'angry')", tenant(2)));

  // Downgrading the tenants drops their columns, never the shared type.
  ProcessResult down = s.retort({"--fleet", "schemas", "downgrade", "-2", "--jobs", "4"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(s.types_named("mood"), "1");
  EXPECT_EQ(s.query("SELECT enum_range(NULL::shared.mood)::text")[0][0], "{happy,sad,angry}");
  for (int i = 1; i <= n; ++i) {
    EXPECT_EQ(s.versions(tenant(i)), std::vector<std::string>{kFleetRev3});
  }
}

// Refusals: exit 2, what and what to do, and the database untouched.
void expect_refused(SchemaFleet& s, const ProcessResult& r, const std::string& message) {
  expect_no_secret(r);
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find(message), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find("retort: hint: "), std::string::npos) << r.describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(s.tables_anywhere(), "0");
}

TEST(SchemaFleetTest, EnumsWithoutASharedSchemaAreRefused) {
  SchemaFleet s(2);
  s.fleet().project().write("migrations/versions/f1ee70000004_hero_mood.toml", kEnumRev);
  ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "head"});
  expect_refused(s, r,
                 "the project has enums (mood), and the schema-per-tenant fleet names no "
                 "shared_schema to create them in");
  EXPECT_NE(r.err.find("add shared_schema = \"shared\""), std::string::npos) << r.err;
  EXPECT_EQ(s.types_named("mood"), "0");
}

TEST(SchemaFleetTest, AModelNamingASchemaIsRefused) {
  SchemaFleet s(2);
  s.fleet().project().write_models(
      "[[table]]\nname = \"hero\"\nschema = \"app\"\ncolumns = [\n"
      "  { name = \"id\", type = \"integer\", primary_key = true },\n]\n");
  ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "head"});
  expect_refused(s, r,
                 "models.toml:1: model table app.hero names a schema, which a "
                 "schema-per-tenant fleet refuses");
  EXPECT_NE(r.err.find("leave `schema` out"), std::string::npos) << r.err;
}

// A view lives in each tenant's schema like its tables, reads the tenant's
// own tables through search_path, and checks clean against the models.
TEST(SchemaFleetTest, ViewsAreEachTenantsOwn) {
  SchemaFleet s(3);
  s.fleet().project().write("migrations/versions/f1ee70000004_named.toml",
                            "revision = \"f1ee70000004\"\n"
                            "down_revision = \"f1ee70000003\"\n"
                            "message = \"named\"\n\n"
                            "[[upgrade]]\n"
                            "op = \"create_view\"\n"
                            "name = \"named\"\n"
                            "query = \"SELECT id, name FROM hero WHERE nickname IS NOT NULL\"\n");
  ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "head", "--jobs", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(s.query(fmt::format("SELECT count(*) FROM pg_views WHERE schemaname = '{}' AND "
                                  "viewname = 'named'",
                                  tenant(i)))[0][0],
              "1");
  }
  EXPECT_EQ(s.query("SELECT count(*) FROM pg_views WHERE schemaname = 'public'")[0][0], "0");
  s.fleet().project().write_models(
      std::string(kModels) +
      "\n[[view]]\nname = \"named\"\nquery = \"select id, name from hero where nickname is not "
      "null\"\n");
  ProcessResult check = s.retort({"--fleet", "schemas", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  // A view that names a schema is refused like a table that does.
  s.fleet().project().write_models(std::string(kModels) +
                                   "\n[[view]]\nname = \"named\"\nschema = \"app\"\nquery = "
                                   "\"SELECT 1 AS one\"\n");
  ProcessResult refused = s.retort({"--fleet", "schemas", "check"});
  EXPECT_EQ(refused.exit_code, 2) << refused.describe();
  EXPECT_NE(refused.err.find("view app.named names a schema"), std::string::npos)
      << refused.describe();
}

TEST(SchemaFleetTest, ARevisionNamingASchemaIsRefused) {
  SchemaFleet s(2);
  s.fleet().project().write("migrations/versions/f1ee70000004_audit.toml",
                            "revision = \"f1ee70000004\"\n"
                            "down_revision = \"f1ee70000003\"\n"
                            "message = \"audit\"\n\n"
                            "[[upgrade]]\n"
                            "op = \"create_table\"\n"
                            "schema = \"audit\"\n"
                            "table = \"event\"\n"
                            "columns = [ { name = \"id\", type = \"integer\", primary_key = true "
                            "} ]\n");
  ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "head"});
  expect_refused(s, r, "revision f1ee70000004 names schema \"audit\" in upgrade op 1 (");
}

TEST(SchemaFleetTest, AFailingOrEmptySchemasQueryIsRefused) {
  {
    SchemaFleet s(2, "", "select nspname from pg_namespaces");
    ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "head"});
    expect_refused(s, r, "retort.toml:8: schemas_query of [fleet.schemas] failed: ");
    EXPECT_NE(r.err.find("pg_namespaces"), std::string::npos) << r.err;
  }
  {
    SchemaFleet s(2, "", "select nspname from pg_namespace where nspname like 'nobody%'");
    ProcessResult r = s.retort({"--fleet", "schemas", "current"});
    expect_refused(s, r, "retort.toml:8: schemas_query of [fleet.schemas] returned no schema");
  }
  {
    SchemaFleet s(2, "", "select null::text union all select 'tenant_001'");
    ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "head"});
    expect_refused(s, r,
                   "retort.toml:8: schemas_query of [fleet.schemas] returned a row whose first "
                   "column is NULL");
  }
  {
    SchemaFleet s(2, "shared_schema = \"tenant_002\"\n");
    ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "head"});
    expect_refused(s, r,
                   "retort.toml:8: schemas_query of [fleet.schemas] lists the shared schema "
                   "\"tenant_002\" as a tenant");
  }
}

TEST(SchemaFleetTest, AFailingSharedStepStartsNoTenant) {
  SchemaFleet s(2, "shared_schema = \"shared\"\n");
  s.fleet().project().write("migrations/versions/f1ee70000004_hero_mood.toml", kEnumRev);
  // A table named mood in the shared schema: its row type takes the name,
  // and it is no enum to add values to.
  s.db().execute("CREATE SCHEMA shared; CREATE TABLE shared.mood (id integer)");
  ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "head", "--jobs", "2"});
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  expect_no_secret(r);
  EXPECT_NE(r.err.find("the shared step (enums in schema \"shared\") failed: "), std::string::npos)
      << r.describe();
  EXPECT_NE(r.err.find("retort: hint: "), std::string::npos) << r.describe();
  EXPECT_EQ(r.out, "");
  for (int i = 1; i <= 2; ++i) {
    EXPECT_EQ(s.query(fmt::format("SELECT count(*) FROM pg_tables WHERE schemaname = '{}'",
                                  tenant(i)))[0][0],
              "0");
  }
}

TEST(SchemaFleetTest, SqlRefusesARangeAndScriptFilesThatWouldCollide) {
  {
    SchemaFleet s(2);
    ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "base:head", "--sql"});
    expect_refused(s, r, "upgrade --sql on a fleet takes a TARGET, not the range base:head");
  }
  {
    SchemaFleet s(1);
    s.db().execute("CREATE SCHEMA \"tenant_001 x\"; CREATE SCHEMA \"tenant_001_x\"");
    const std::filesystem::path dir = s.fleet().project().dir() / "scripts";
    ProcessResult r =
        s.retort({"--fleet", "schemas", "upgrade", "head", "--sql", "--output-dir", dir.string()});
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_NE(r.err.find("two scripts of the fleet would both be written to " +
                         (dir / "tenant_001_x.sql").string()),
              std::string::npos)
        << r.describe();
    EXPECT_EQ(s.tables_anywhere(), "0");
  }
  {
    SchemaFleet s(1);
    // A directory below a file cannot be made.
    const std::filesystem::path dir = s.fleet().project().dir() / "retort.toml" / "scripts";
    ProcessResult r =
        s.retort({"--fleet", "schemas", "upgrade", "head", "--sql", "--output-dir", dir.string()});
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_NE(r.err.find("cannot create --output-dir " + dir.string()), std::string::npos)
        << r.describe();
    EXPECT_EQ(s.tables_anywhere(), "0");
  }
}

TEST(SchemaFleetTest, SqlWritesAScriptPerTenantFromItsOwnRevision) {
  SchemaFleet s(3, "shared_schema = \"shared\"\n");
  s.fleet().project().write("migrations/versions/f1ee70000004_hero_mood.toml", kEnumRev);
  // Tenant 2 is at revision 2 already.
  ProcessResult part = s.retort({"--fleet", "schemas", "upgrade", "f1ee70000002"});
  ASSERT_EQ(part.exit_code, 0) << part.describe();
  // The online run made the shared enums; the scripts make them again.
  s.db().execute("DROP SCHEMA shared CASCADE");
  s.db().execute(fmt::format("DELETE FROM {}.retort_version", tenant(1)));
  s.db().execute(fmt::format("DROP TABLE {0}.hero, {0}.retort_history", tenant(1)));
  s.db().execute(fmt::format("DELETE FROM {}.retort_version", tenant(3)));
  s.db().execute(fmt::format("DROP TABLE {0}.hero, {0}.retort_history", tenant(3)));

  ProcessResult r = s.retort({"--fleet", "schemas", "upgrade", "head", "--sql"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  expect_no_secret(r);
  // stdout is the scripts: the shared objects first, then each tenant's.
  const auto shared = r.out.find("-- retort: fleet schemas, shared objects: run first");
  const auto first = r.out.find(fmt::format("-- retort: fleet schemas, member {}", tenant(1)));
  const auto second = r.out.find(fmt::format("-- retort: fleet schemas, member {}", tenant(2)));
  ASSERT_NE(shared, std::string::npos) << r.out;
  ASSERT_NE(first, std::string::npos) << r.out;
  ASSERT_NE(second, std::string::npos) << r.out;
  EXPECT_LT(shared, first);
  EXPECT_NE(r.out.find("CREATE TYPE \"shared\".\"mood\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(fmt::format("SET search_path TO \"{}\", \"shared\";", tenant(1)), first),
            std::string::npos)
      << r.out;
  // Tenant 2's script starts from its own revision.
  const std::string second_script =
      r.out.substr(second, r.out.find("-- retort:", second + 1) - second);
  EXPECT_NE(second_script.find("f1ee70000002 -> head"), std::string::npos) << second_script;
  EXPECT_EQ(second_script.find("CREATE TABLE \"hero\""), std::string::npos) << second_script;
  // The report is on stderr; nothing was run.
  EXPECT_NE(r.err.find("Fleet schemas: 3 members, 3 scripted."), std::string::npos) << r.err;
  EXPECT_EQ(s.types_named("mood"), "0");
  EXPECT_EQ(s.versions(tenant(2)), std::vector<std::string>{kFleetRev2});

  // One file per tenant; the shared script and a tenant's, run by psql,
  // bring the tenant to head.
  const std::filesystem::path dir = s.fleet().project().dir() / "scripts";
  ProcessResult files =
      s.retort({"--fleet", "schemas", "upgrade", "head", "--sql", "--output-dir", dir.string()});
  ASSERT_EQ(files.exit_code, 0) << files.describe();
  for (int i = 1; i <= 3; ++i) {
    EXPECT_TRUE(std::filesystem::exists(dir / (tenant(i) + ".sql"))) << files.describe();
  }
  ASSERT_TRUE(std::filesystem::exists(dir / "shared-objects.sql")) << files.describe();
  const std::string script = s.fleet().project().read("scripts/shared-objects.sql") +
                             s.fleet().project().read("scripts/" + tenant(1) + ".sql");
  ProcessResult psql = s.db().run_in_shell(script);
  ASSERT_EQ(psql.exit_code, 0) << psql.describe();
  EXPECT_EQ(s.versions(tenant(1)), std::vector<std::string>{"f1ee70000004"});
  EXPECT_EQ(s.types_named("mood"), "1");
}

TEST(SchemaFleetTest, SqlOnAFleetOfDatabasesWritesAFilePerMember) {
  FleetProject f("sqlite", 2);
  f.add_fleet("all", f.member_urls());
  const std::filesystem::path dir = f.project().dir() / "out";
  ProcessResult r =
      f.retort({"--fleet", "all", "upgrade", "head", "--sql", "--output-dir", dir.string()});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("Fleet all: 2 members, 2 scripted."), std::string::npos) << r.out;
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  ASSERT_EQ(names.size(), 2u) << r.describe();
  EXPECT_TRUE(names[0].starts_with("001-")) << names[0];
  EXPECT_TRUE(names[1].starts_with("002-")) << names[1];
  EXPECT_EQ(f.member(0).versions(), std::vector<std::string>{});
}

}  // namespace
}  // namespace retort::testing

// PostgreSQL views beyond what both dialects share: a reporting application
// written by hand in SQL (views over views across two schemas, a
// materialized view with indexes and WITH NO DATA, comments) inspected and
// built again in an empty database, the two compared by pg_dump; refresh as
// an op; a read-only role that compares without creating anything; views
// that read each other in a circle; and views left alone by `exclude`.
#include <gtest/gtest.h>

#include <string>

#include "tests/cli/catalog_rows.hpp"
#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr const char* kShopSql = R"sql(
CREATE TABLE customer (
  id integer PRIMARY KEY,
  name varchar(100) NOT NULL,
  country text NOT NULL
);
CREATE TABLE payment (
  id bigint PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customer (id),
  amount numeric(10, 2) NOT NULL,
  paid_at timestamp NOT NULL
);
CREATE SCHEMA reporting;
CREATE VIEW customer_total AS
  SELECT c.id, c.name, c.country, sum(p.amount) AS total, count(*) AS payments
  FROM customer c JOIN payment p ON p.customer_id = c.id
  GROUP BY c.id, c.name, c.country;
COMMENT ON VIEW customer_total IS 'What each customer paid';
CREATE VIEW big_spender AS
  SELECT id, name, total FROM customer_total WHERE total > 100::numeric;
CREATE VIEW reporting.country_total AS
  SELECT country, sum(total) AS total, count(*) AS customers
  FROM public.customer_total GROUP BY country ORDER BY country;
CREATE MATERIALIZED VIEW monthly AS
  SELECT date_trunc('month', paid_at) AS month, sum(amount) AS amount
  FROM payment GROUP BY 1
  WITH NO DATA;
CREATE UNIQUE INDEX monthly_month ON monthly (month);
CREATE INDEX monthly_amount ON monthly (amount DESC);
COMMENT ON MATERIALIZED VIEW monthly IS 'Refreshed nightly';
CREATE MATERIALIZED VIEW reporting.top_customer AS
  SELECT name, total FROM public.big_spender ORDER BY total DESC LIMIT 3;
)sql";

TEST(ViewsPostgresqlTest, HandWrittenViewsInspectedAndRebuiltMatchByPgDump) {
  CliProject original("postgresql");
  original.execute(kShopSql);
  ProcessResult inspect = original.retort({"inspect", "--format", "toml"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  EXPECT_NE(inspect.out.find("[[view]]"), std::string::npos) << inspect.out;
  EXPECT_EQ(inspect.err.find("not managed"), std::string::npos) << inspect.err;

  CliProject copy("postgresql");
  copy.execute("CREATE SCHEMA reporting");
  expect_adopted(original, copy, inspect.out);
  EXPECT_EQ(differences(pg_dump_schema(original), pg_dump_schema(copy)), "");
  // Both databases hold the same objects, read from the catalog.
  const char* kObjects =
      "SELECT n.nspname, c.relname, c.relkind, c.relispopulated FROM pg_class c "
      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'reporting') "
      "AND c.relname NOT LIKE 'retort%' ORDER BY 1, 2";
  EXPECT_EQ(differences(original.query(kObjects), copy.query(kObjects)), "");
}

// A table the views of the tests below read.
constexpr const char* kHero = R"t(
[[table]]
name = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(50)" },
]
)t";

TEST(ViewsPostgresqlTest, MaterializedViewRefreshIsAnOpAndIsNotADifference) {
  CliProject p("postgresql");
  p.write_models(R"t(
[[table]]
name = "payment"
columns = [
  { name = "id", type = "bigint", primary_key = true },
  { name = "amount", type = "numeric(10,2)" },
]

[[view]]
name = "payment_sum"
materialized = true
with_data = false
comment = "Refreshed by hand"
query = "SELECT count(*) AS payments, sum(amount) AS amount FROM payment"
indexes = [ { name = "payment_sum_payments", columns = ["payments"], unique = true } ]
)t");
  ASSERT_FALSE(p.migrate("sums").empty());
  EXPECT_EQ(p.query("SELECT ispopulated FROM pg_matviews WHERE matviewname = 'payment_sum'"),
            (CatalogRows{{"f"}}));
  EXPECT_EQ(p.query("SELECT indexname FROM pg_indexes WHERE tablename = 'payment_sum'"),
            (CatalogRows{{"payment_sum_payments"}}));
  p.execute("INSERT INTO payment VALUES (1, 10.50), (2, 4.50)");
  ProcessResult rev = p.retort({"revision", "-m", "refresh"});
  ASSERT_EQ(rev.exit_code, 0) << rev.describe();
  const auto file = p.revision_file("refresh");
  std::string text = p.read(file);
  text += "\n[[upgrade]]\nop = \"refresh_view\"\nname = \"payment_sum\"\n";
  p.write(std::filesystem::relative(file, p.dir()), text);
  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(p.query("SELECT payments, amount FROM payment_sum"), (CatalogRows{{"2", "15.00"}}));
  // Populated now, it still matches its with_data = false declaration.
  ProcessResult check = p.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
}

TEST(ViewsPostgresqlTest, ReadOnlyRoleComparesWithoutCreatingAnything) {
  CliProject p("postgresql");
  p.write_models(std::string(kHero) + R"t(
[[view]]
name = "named"
query = "SELECT id, name FROM hero WHERE name::text = 'x'::text"
)t");
  ASSERT_FALSE(p.migrate("view").empty());
  const std::string role = "retort_ro_" + std::to_string(::getpid());
  p.execute("CREATE ROLE " + role + " LOGIN");
  p.execute("ALTER ROLE " + role + " SET default_transaction_read_only = on");
  p.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
  std::string url = p.url();
  url.replace(url.find("postgres@"), 9, role + "@");
  const CatalogRows before = pg_dump_schema(p);
  // A spelling only the server can settle (it stores the query with the
  // casts it adds): with no way to ask it, the view shows as changed, and a
  // note says why.
  const std::string cast = "name::text = 'x'::text";
  p.write_models(
      p.read("models.toml").replace(p.read("models.toml").find(cast), cast.size(), "name = 'x'"));
  ProcessResult check = p.retort({"check"}, {{"RETORT_URL", url}});
  EXPECT_EQ(check.exit_code, 1) << check.describe();
  EXPECT_NE(check.err.find("read-only"), std::string::npos) << check.describe();
  ProcessResult diff = p.retort({"diff"}, {{"RETORT_URL", url}});
  EXPECT_EQ(diff.exit_code, 1) << diff.describe();
  EXPECT_EQ(differences(before, pg_dump_schema(p)), "");
  // The owner's connection may ask the server: no difference.
  ProcessResult owner = p.retort({"check"});
  EXPECT_EQ(owner.exit_code, 0) << owner.describe();
  EXPECT_EQ(differences(before, pg_dump_schema(p)), "");
  p.execute("DROP OWNED BY " + role);
  p.execute("DROP ROLE " + role);
}

// History holds the view as written; the server stores it with casts. The
// drift check settles that with the server and finds no drift.
TEST(ViewsPostgresqlTest, DriftCheckSettlesAViewTheServerRewrote) {
  CliProject p("postgresql");
  const std::string models = std::string(kHero) + R"t(
[[view]]
name = "named_x"
query = "SELECT id FROM hero WHERE name = 'x' AND id IN (1, 2)"
)t";
  p.write_models(models);
  ASSERT_FALSE(p.migrate("view").empty());
  EXPECT_NE(
      p.query("SELECT definition FROM pg_views WHERE viewname = 'named_x'")[0][0].find("::text"),
      std::string::npos);
  p.write_models(models + R"t(
[[table]]
name = "team"
columns = [ { name = "id", type = "integer", primary_key = true } ]
)t");
  ProcessResult rev = p.retort({"revision", "--autogenerate", "-m", "team"});
  ASSERT_EQ(rev.exit_code, 0) << rev.describe();
  EXPECT_EQ(p.read(p.revision_file("team")).find("view"), std::string::npos);
  ProcessResult up = p.retort({"upgrade", "head", "--check-drift"});
  EXPECT_EQ(up.exit_code, 0) << up.describe();
}

TEST(ViewsPostgresqlTest, ViewsThatReadEachOtherInACircleAreRefused) {
  CliProject p("postgresql");
  p.write_models(R"t(
[[table]]
name = "hero"
columns = [ { name = "id", type = "integer", primary_key = true } ]

[[view]]
name = "a"
query = "SELECT id FROM b"

[[view]]
name = "b"
query = "SELECT id FROM a"
)t");
  ProcessResult rev = p.retort({"revision", "--autogenerate", "-m", "circle"});
  EXPECT_EQ(rev.exit_code, 2) << rev.describe();
  EXPECT_NE(rev.err.find("view a -> view b -> view a"), std::string::npos) << rev.describe();
  EXPECT_NE(rev.err.find("models.toml:"), std::string::npos) << rev.describe();
  EXPECT_TRUE(p.revision_files().empty());
}

TEST(ViewsPostgresqlTest, ExcludedViewsAreLeftAlone) {
  CliProject p("postgresql");
  p.write("retort.toml", p.read("retort.toml") + "exclude = [\"view:legacy_*\"]\n");
  p.write_models(R"t(
[[table]]
name = "hero"
columns = [ { name = "id", type = "integer", primary_key = true } ]
)t");
  ASSERT_FALSE(p.migrate("hero").empty());
  p.execute("CREATE VIEW legacy_heroes AS SELECT id FROM hero");
  p.execute("CREATE VIEW stray AS SELECT id FROM hero");
  ProcessResult rev = p.retort({"revision", "--autogenerate", "-m", "sweep"});
  ASSERT_EQ(rev.exit_code, 0) << rev.describe();
  const std::string text = p.read(p.revision_file("sweep"));
  EXPECT_NE(text.find("name = \"stray\""), std::string::npos) << text;
  EXPECT_EQ(text.find("legacy_heroes"), std::string::npos) << text;
  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(p.query("SELECT viewname FROM pg_views WHERE schemaname = 'public'"),
            (CatalogRows{{"legacy_heroes"}}));
  // Downgrade brings the dropped view back as it was.
  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.query("SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY 1"),
            (CatalogRows{{"legacy_heroes"}, {"stray"}}));
}

}  // namespace
}  // namespace retort::testing

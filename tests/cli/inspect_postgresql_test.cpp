// `inspect` of a PostgreSQL database built by hand with plain SQL, the way
// an existing production database looks: several schemas, enums (one outside
// public), composite foreign keys (one across schemas), partial, descending
// and expression indexes, comments, identity and serial columns, defaults in
// the spellings people write. Its TOML, applied to an empty database through
// autogenerate + upgrade, reflects back equal.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

const std::vector<std::string> kHandBuilt = {
    "CREATE SCHEMA billing",
    "CREATE SCHEMA audit",
    "CREATE TYPE mood AS ENUM ('happy', 'sad')",
    "CREATE TYPE billing.invoice_status AS ENUM ('draft', 'sent', 'paid')",
    "CREATE TABLE customer ("
    "  id serial PRIMARY KEY,"
    "  email character varying(200) NOT NULL UNIQUE,"
    "  region char(2) NOT NULL DEFAULT 'eu'::bpchar,"
    "  mood mood DEFAULT 'happy'::mood,"
    "  created_at timestamp without time zone NOT NULL DEFAULT now(),"
    "  updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP,"
    "  score numeric(8,2) DEFAULT 0.0,"
    "  ratio double precision NOT NULL DEFAULT 1.5,"
    "  active boolean NOT NULL DEFAULT 'true',"
    "  nickname varchar(40) DEFAULT 'x'::character varying,"
    "  born date)",
    "COMMENT ON TABLE customer IS 'People who pay'",
    "COMMENT ON COLUMN customer.email IS 'Where invoices go'",
    "CREATE INDEX ix_customer_lower_email ON customer (lower(email))",
    "CREATE INDEX ix_customer_created_desc ON customer (created_at DESC, id)",
    "CREATE UNIQUE INDEX uq_customer_nickname_active ON customer (nickname) WHERE active",
    "CREATE TABLE billing.account ("
    "  region char(2) NOT NULL,"
    "  number integer NOT NULL,"
    "  customer_id integer NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
    "  opened date NOT NULL DEFAULT CURRENT_DATE,"
    "  PRIMARY KEY (region, number))",
    "CREATE TABLE billing.invoice ("
    "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  account_region char(2) NOT NULL,"
    "  account_number integer NOT NULL,"
    "  status billing.invoice_status NOT NULL DEFAULT 'draft',"
    "  amount numeric(12,2) NOT NULL DEFAULT '0'::numeric,"
    "  issued_at timestamptz,"
    "  data jsonb,"
    "  ref uuid,"
    "  CONSTRAINT fk_invoice_account FOREIGN KEY (account_region, account_number)"
    "    REFERENCES billing.account (region, number) ON UPDATE CASCADE,"
    "  CONSTRAINT ck_invoice_amount CHECK (amount >= 0))",
    "CREATE INDEX ix_invoice_unpaid ON billing.invoice (issued_at DESC) WHERE status <> 'paid'",
    "COMMENT ON COLUMN billing.invoice.status IS 'Where the invoice is'",
    "CREATE TABLE audit.event ("
    "  id bigserial PRIMARY KEY,"
    "  account_region char(2),"
    "  account_number integer,"
    "  kind smallint NOT NULL DEFAULT (-1),"
    "  note text DEFAULT ''::text,"
    "  at time,"
    "  weight real DEFAULT '2.5',"
    "  payload bytea,"
    "  CONSTRAINT fk_event_account FOREIGN KEY (account_region, account_number)"
    "    REFERENCES billing.account (region, number) ON DELETE SET NULL"
    "    DEFERRABLE INITIALLY DEFERRED)",
    "COMMENT ON TABLE audit.event IS 'What happened'",
    "CREATE INDEX ix_event_kind_expr ON audit.event ((kind + 1), account_number)",
};

TEST(InspectPostgresqlTest, HandBuiltDatabaseRoundTripsThroughToml) {
  CliProject source("postgresql");
  ASSERT_FALSE(source.url().empty());
  for (const std::string& sql : kHandBuilt) source.execute(sql);
  const MetaData built = source.schema(/*all_schemas=*/true);
  ASSERT_EQ(built.tables.size(), 4u) << schema_text(built);

  // No models name billing or audit: inspect reads every user schema anyway.
  ProcessResult inspect = source.retort({"inspect", "--format", "toml"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  for (const char* expected :
       {"name = \"customer\"", "name = \"account\"", "name = \"invoice\"", "name = \"event\"",
        "schema = \"billing\"", "schema = \"audit\"", "invoice_status", "\"mood\""}) {
    EXPECT_NE(inspect.out.find(expected), std::string::npos) << expected << "\n" << inspect.out;
  }

  CliProject copy("postgresql");
  copy.write_models(inspect.out);
  ASSERT_FALSE(copy.migrate("from inspect").empty()) << inspect.out;
  const MetaData copied = copy.schema(/*all_schemas=*/true);
  EXPECT_TRUE(copied == built) << "hand-built:\n"
                               << schema_text(built) << "\ncopy:\n"
                               << schema_text(copied);
  ProcessResult check = copy.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  ProcessResult again = copy.retort({"inspect"});
  EXPECT_EQ(again.out, inspect.out);
}

// inspect shows every user schema, but autogenerate, check and diff read
// only the default schema and those the models name, as Alembic does: a
// schema the models do not mention is not theirs to drop.
TEST(InspectPostgresqlTest, OnlyInspectReadsSchemasTheModelsDoNotName) {
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  p.execute("CREATE SCHEMA reporting");
  p.execute("CREATE TABLE reporting.daily (day date PRIMARY KEY, total integer NOT NULL)");
  p.write_models("");

  ProcessResult inspect = p.retort({"inspect"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  EXPECT_NE(inspect.out.find("name = \"daily\""), std::string::npos) << inspect.out;
  EXPECT_NE(inspect.out.find("schema = \"reporting\""), std::string::npos) << inspect.out;

  ProcessResult diff = p.retort({"diff"});
  EXPECT_EQ(diff.exit_code, 0) << diff.describe();
  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "nothing"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  EXPECT_EQ(p.read(p.revision_file("_nothing.toml")).find("drop_table"), std::string::npos);
  ASSERT_EQ(p.retort({"upgrade", "head"}).exit_code, 0);
  ProcessResult check = p.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
}

}  // namespace
}  // namespace retort::testing

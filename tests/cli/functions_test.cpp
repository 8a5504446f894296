// Functions, procedures, aggregates and triggers on PostgreSQL: a store
// application of 22 tables written by hand in SQL as a real one is (SQL and
// plpgsql
// functions called by checks, defaults, generated columns and views, trigger
// functions keeping last_updated current, an audit trigger with a transition
// table, a disabled trigger, a constraint trigger, a trigger on a
// partitioned table and an INSTEAD OF trigger on a view, an overloaded
// function, a set-returning function, a SECURITY DEFINER function with its
// own search_path, a procedure, an aggregate over a state function)
// inspected and built again in an empty database, the two compared by
// pg_dump and by pg_proc and pg_trigger read directly; declared functions
// in the spellings people write against the server's rendering; changes
// (CREATE OR REPLACE, drop and create), dependency order, downgrade, offline
// --sql (bad declarations and SQLite's refusal: objects_test.cpp).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/cli/catalog_rows.hpp"
#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr const char* kStoreSql = R"sql(
CREATE SCHEMA store;
CREATE DOMAIN store.price AS numeric(10, 2) CHECK (VALUE >= 0);
CREATE FUNCTION store.slugify(title text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT trim(both '-' from lower(regexp_replace(title, '[^a-zA-Z0-9]+', '-', 'g'))) $$;
COMMENT ON FUNCTION store.slugify(text) IS 'A title as it goes in a URL';
CREATE FUNCTION store.is_valid_email(address text) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$SELECT address ~ '^[^@]+@[^@]+$'$$;
CREATE FUNCTION store.next_code(prefix text DEFAULT 'P', width integer DEFAULT 6) RETURNS text
  LANGUAGE plpgsql AS $body$
DECLARE
  digits text := '';
BEGIN
  FOR i IN 1..width LOOP
    digits := digits || floor(random() * 10)::int::text;
  END LOOP;
  RETURN prefix || '-' || digits;
END
$body$;
CREATE FUNCTION store.touch_last_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.last_updated := now();
  RETURN NEW;
END
$$;
CREATE TABLE store.customer (
  id bigint PRIMARY KEY,
  email text NOT NULL CHECK (store.is_valid_email(email)),
  code text NOT NULL DEFAULT store.next_code('C'),
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE store.product (
  id bigint PRIMARY KEY,
  title text NOT NULL,
  slug text GENERATED ALWAYS AS (store.slugify(title)) STORED,
  price store.price NOT NULL,
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE store.orders (
  id bigint NOT NULL,
  ordered_on date NOT NULL,
  customer_id bigint NOT NULL REFERENCES store.customer (id),
  PRIMARY KEY (id, ordered_on)
) PARTITION BY RANGE (ordered_on);
CREATE TABLE store.orders_2026 PARTITION OF store.orders
  FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE store.order_line (
  order_id bigint NOT NULL,
  product_id bigint NOT NULL REFERENCES store.product (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  price numeric(10, 2) NOT NULL
);
CREATE FUNCTION store.order_total(p_order bigint) RETURNS numeric
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(sum(quantity * price), 0) FROM store.order_line WHERE order_id = p_order $$;
CREATE FUNCTION store.format_price(amount numeric) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(amount, 'FM999990.00') $$;
CREATE FUNCTION store.format_price(amount numeric, currency text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(amount, 'FM999990.00') || ' ' || currency $$;
CREATE FUNCTION store.top_products(n integer DEFAULT 10)
  RETURNS TABLE(product_id bigint, sold bigint)
  LANGUAGE sql STABLE ROWS 10
  AS $$ SELECT product_id, sum(quantity)::bigint FROM store.order_line
        GROUP BY product_id ORDER BY 2 DESC LIMIT n $$;
CREATE FUNCTION store.customer_count() RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = store, pg_temp
  AS 'SELECT count(*) FROM customer';
CREATE PROCEDURE store.forget_customer(who bigint, INOUT removed integer DEFAULT 0)
  LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM store.customer WHERE id = who;
  GET DIAGNOSTICS removed = ROW_COUNT;
END
$$;
CREATE FUNCTION store.sum_sq_state(numeric, numeric) RETURNS numeric
  LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1 + $2 * $2';
CREATE AGGREGATE store.sum_sq(numeric) (
  SFUNC = store.sum_sq_state, STYPE = numeric, INITCOND = '0', PARALLEL = SAFE);
COMMENT ON AGGREGATE store.sum_sq(numeric) IS 'Sum of squares';
CREATE VIEW store.product_list AS
  SELECT id, title, store.format_price(price, 'EUR') AS price FROM store.product;
CREATE VIEW store.order_summary AS
  SELECT o.id, o.ordered_on, store.order_total(o.id) AS total FROM store.orders o;
CREATE TRIGGER customer_last_updated BEFORE UPDATE ON store.customer
  FOR EACH ROW EXECUTE FUNCTION store.touch_last_updated();
CREATE TRIGGER product_last_updated BEFORE UPDATE OF title, price ON store.product
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.price <> NEW.price)
  EXECUTE FUNCTION store.touch_last_updated();
-- The rest of the shop: places, staff, suppliers, stock, carts, payments,
-- returns, reviews and tags, each table keeping last_updated by trigger.
CREATE TABLE store.country (
  id integer PRIMARY KEY,
  name text NOT NULL UNIQUE,
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE store.city (
  id integer PRIMARY KEY,
  country_id integer NOT NULL REFERENCES store.country (id),
  name text NOT NULL,
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE store.address (
  id bigint PRIMARY KEY,
  city_id integer NOT NULL REFERENCES store.city (id),
  line1 text NOT NULL,
  line2 text,
  postal_code varchar(12),
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX address_city_idx ON store.address (city_id);
CREATE TABLE store.shop (
  id integer PRIMARY KEY,
  address_id bigint NOT NULL REFERENCES store.address (id),
  opened_on date NOT NULL,
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE store.staff (
  id integer PRIMARY KEY,
  shop_id integer NOT NULL REFERENCES store.shop (id),
  email text NOT NULL UNIQUE CHECK (store.is_valid_email(email)),
  active boolean NOT NULL DEFAULT true,
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE store.supplier (
  id integer PRIMARY KEY,
  name text NOT NULL,
  address_id bigint REFERENCES store.address (id),
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE store.category (
  id integer PRIMARY KEY,
  parent_id integer REFERENCES store.category (id),
  name text NOT NULL,
  slug text GENERATED ALWAYS AS (store.slugify(name)) STORED,
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE store.product_category (
  product_id bigint NOT NULL REFERENCES store.product (id) ON DELETE CASCADE,
  category_id integer NOT NULL REFERENCES store.category (id),
  PRIMARY KEY (product_id, category_id)
);
CREATE TABLE store.stock (
  shop_id integer NOT NULL REFERENCES store.shop (id),
  product_id bigint NOT NULL REFERENCES store.product (id),
  supplier_id integer REFERENCES store.supplier (id),
  on_hand integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (shop_id, product_id)
);
CREATE TABLE store.cart (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES store.customer (id),
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE store.cart_item (
  cart_id bigint NOT NULL REFERENCES store.cart (id) ON DELETE CASCADE,
  product_id bigint NOT NULL REFERENCES store.product (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (cart_id, product_id)
);
CREATE TABLE store.payment (
  id bigint PRIMARY KEY,
  order_id bigint NOT NULL,
  amount store.price NOT NULL,
  paid_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX payment_order_idx ON store.payment (order_id);
CREATE TABLE store.refund (
  id bigint PRIMARY KEY,
  payment_id bigint NOT NULL REFERENCES store.payment (id),
  amount store.price NOT NULL,
  reason text,
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE store.review (
  id bigint PRIMARY KEY,
  product_id bigint NOT NULL REFERENCES store.product (id),
  customer_id bigint NOT NULL REFERENCES store.customer (id),
  stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  body text,
  last_updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE store.tag (
  id integer PRIMARY KEY,
  name text NOT NULL UNIQUE
);
CREATE TABLE store.product_tag (
  product_id bigint NOT NULL REFERENCES store.product (id) ON DELETE CASCADE,
  tag_id integer NOT NULL REFERENCES store.tag (id) ON DELETE CASCADE,
  PRIMARY KEY (product_id, tag_id)
);
CREATE TRIGGER country_last_updated BEFORE UPDATE ON store.country
  FOR EACH ROW EXECUTE FUNCTION store.touch_last_updated();
CREATE TRIGGER city_last_updated BEFORE UPDATE ON store.city
  FOR EACH ROW EXECUTE FUNCTION store.touch_last_updated();
CREATE TRIGGER address_last_updated BEFORE UPDATE ON store.address
  FOR EACH ROW EXECUTE FUNCTION store.touch_last_updated();
CREATE TRIGGER shop_last_updated BEFORE UPDATE ON store.shop
  FOR EACH ROW EXECUTE FUNCTION store.touch_last_updated();
CREATE TRIGGER staff_last_updated BEFORE UPDATE ON store.staff
  FOR EACH ROW EXECUTE FUNCTION store.touch_last_updated();
CREATE TRIGGER supplier_last_updated BEFORE UPDATE ON store.supplier
  FOR EACH ROW EXECUTE FUNCTION store.touch_last_updated();
CREATE TRIGGER category_last_updated BEFORE UPDATE ON store.category
  FOR EACH ROW EXECUTE FUNCTION store.touch_last_updated();
CREATE TRIGGER stock_last_updated BEFORE UPDATE ON store.stock
  FOR EACH ROW EXECUTE FUNCTION store.touch_last_updated();
CREATE TRIGGER cart_last_updated BEFORE UPDATE ON store.cart
  FOR EACH ROW EXECUTE FUNCTION store.touch_last_updated();
CREATE TRIGGER payment_last_updated BEFORE UPDATE ON store.payment
  FOR EACH ROW EXECUTE FUNCTION store.touch_last_updated();
CREATE TRIGGER refund_last_updated BEFORE UPDATE ON store.refund
  FOR EACH ROW EXECUTE FUNCTION store.touch_last_updated();
CREATE TRIGGER review_last_updated BEFORE UPDATE ON store.review
  FOR EACH ROW EXECUTE FUNCTION store.touch_last_updated();
CREATE VIEW store.shop_stock AS
  SELECT s.id AS shop_id, c.name AS city, st.product_id, st.on_hand
  FROM store.shop s JOIN store.address a ON a.id = s.address_id
  JOIN store.city c ON c.id = a.city_id JOIN store.stock st ON st.shop_id = s.id;
CREATE VIEW store.low_stock AS
  SELECT shop_id, city, product_id FROM store.shop_stock WHERE on_hand < 5;
CREATE TABLE store.audit_log (
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  table_name text NOT NULL,
  rows_changed bigint NOT NULL
);
CREATE FUNCTION store.audit_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO store.audit_log (table_name, rows_changed) SELECT TG_TABLE_NAME, count(*) FROM new_rows;
  RETURN NULL;
END
$$;
CREATE TRIGGER order_line_audit AFTER INSERT ON store.order_line
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION store.audit_rows();
CREATE TRIGGER customer_audit AFTER INSERT ON store.customer
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION store.audit_rows();
ALTER TABLE store.customer DISABLE TRIGGER customer_audit;
COMMENT ON TRIGGER customer_audit ON store.customer IS 'Off until the audit is reviewed';
CREATE FUNCTION store.check_line() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.quantity > 1000 THEN
    RAISE EXCEPTION 'order % has too many of product %', NEW.order_id, NEW.product_id;
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER order_line_check AFTER INSERT OR UPDATE ON store.order_line
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION store.check_line();
CREATE FUNCTION store.note_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO store.audit_log (table_name, rows_changed) VALUES (TG_TABLE_NAME, 1);
  RETURN NULL;
END
$$;
CREATE TRIGGER orders_noted AFTER INSERT ON store.orders
  FOR EACH ROW EXECUTE FUNCTION store.note_order();
CREATE FUNCTION store.add_listed_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO store.product (id, title, price) VALUES (NEW.id, NEW.title, 0);
  RETURN NEW;
END
$$;
CREATE TRIGGER product_list_insert INSTEAD OF INSERT ON store.product_list
  FOR EACH ROW EXECUTE FUNCTION store.add_listed_product();
)sql";

// Every trigger as the catalog has it (partitions' clones too).
constexpr const char* kTriggerCatalog = R"sql(
SELECT n.nspname, c.relname, tg.tgname, pg_get_triggerdef(tg.oid), tg.tgenabled::text,
       coalesce(obj_description(tg.oid, 'pg_trigger'), '')
FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT tg.tgisinternal AND n.nspname IN ('public', 'store')
ORDER BY 1, 2, 3
)sql";

// Every function, procedure and aggregate as the catalog has it (not
// through retort's inspector).
constexpr const char* kFunctionCatalog = R"sql(
SELECT n.nspname, p.proname, p.prokind::text, pg_get_function_identity_arguments(p.oid),
       CASE WHEN p.prokind = 'a' THEN
         a.aggtransfn::regproc::text || ' ' || format_type(a.aggtranstype, NULL) || ' ' ||
         coalesce(a.agginitval, '') || ' ' || p.proparallel::text
       ELSE pg_get_functiondef(p.oid) END,
       coalesce(obj_description(p.oid, 'pg_proc'), '')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
WHERE n.nspname IN ('public', 'store')
ORDER BY 1, 2, 4
)sql";

TEST(FunctionsPostgresqlTest, HandWrittenFunctionsInspectedAndRebuiltMatchByPgDumpAndCatalog) {
  CliProject original("postgresql");
  original.execute(kStoreSql);
  ProcessResult inspect = original.retort({"inspect", "--format", "toml"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  EXPECT_NE(inspect.out.find("[[function]]"), std::string::npos) << inspect.out;
  EXPECT_NE(inspect.out.find("CREATE AGGREGATE store.sum_sq(numeric)"), std::string::npos)
      << inspect.out;
  EXPECT_NE(inspect.out.find("CREATE PROCEDURE store.forget_customer"), std::string::npos)
      << inspect.out;
  EXPECT_NE(inspect.out.find("[[trigger]]"), std::string::npos) << inspect.out;
  EXPECT_NE(inspect.out.find("state = \"disabled\""), std::string::npos) << inspect.out;
  // Functions and triggers are managed now: none is reported as left alone.
  EXPECT_EQ(inspect.err.find("not managed"), std::string::npos) << inspect.err;

  CliProject copy("postgresql");
  expect_adopted(original, copy, inspect.out);
  EXPECT_EQ(differences(pg_dump_schema(original), pg_dump_schema(copy)), "");
  EXPECT_EQ(differences(original.query(kFunctionCatalog), copy.query(kFunctionCatalog)), "");
  EXPECT_EQ(differences(original.query(kTriggerCatalog), copy.query(kTriggerCatalog)), "");
  // What calls them works in the copy, triggers included.
  copy.execute(
      "INSERT INTO store.customer (id, email) VALUES (1, 'a@b.c');"
      "INSERT INTO store.product (id, title, price) VALUES (7, 'Blue Mug!', 4.5);"
      "INSERT INTO store.orders VALUES (1, '2026-03-01', 1);"
      "INSERT INTO store.order_line VALUES (1, 7, 2, 4.5)");
  EXPECT_EQ(copy.query("SELECT p.slug, l.price FROM store.product_list l JOIN store.product p "
                       "USING (id)"),
            (CatalogRows{{"blue-mug", "4.50 EUR"}}));
  EXPECT_EQ(copy.query("SELECT (SELECT total FROM store.order_summary), store.sum_sq(quantity) "
                       "FROM store.order_line"),
            (CatalogRows{{"9.00", "4"}}));
  EXPECT_EQ(copy.query("SELECT code LIKE 'C-______' FROM store.customer"), (CatalogRows{{"t"}}));
  copy.execute("UPDATE store.customer SET last_updated = '2000-01-01', email = 'b@c.d'");
  EXPECT_EQ(copy.query("SELECT last_updated > '2020-01-01' FROM store.customer"),
            (CatalogRows{{"t"}}));
  EXPECT_EQ(copy.query("SELECT table_name, sum(rows_changed) FROM store.audit_log "
                       "GROUP BY 1 ORDER BY 1"),
            (CatalogRows{{"order_line", "1"}, {"orders_2026", "1"}}));
  copy.execute("INSERT INTO store.product_list (id, title) VALUES (8, 'Red Cup')");
  EXPECT_EQ(copy.query("SELECT slug FROM store.product WHERE id = 8"), (CatalogRows{{"red-cup"}}));
}

TEST(FunctionsPostgresqlTest, InspectAsSqlBuildsTheSameFunctions) {
  CliProject original("postgresql");
  original.execute(kStoreSql);
  ProcessResult sql = original.retort({"inspect", "--format", "sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  EXPECT_NE(sql.out.find("CREATE FUNCTION store.slugify(title text)"), std::string::npos)
      << sql.out;
  expect_script_rebuilds(original, sql.out);
}

// Each function declared in a spelling the server renders differently:
// after the upgrade, nothing differs.
constexpr const char* kSpellings = R"t(
[[function]]
sql = """
create function add_one(x int, step int4 = 1) returns int
language SQL strict immutable
as $$ select x + step $$;
"""

[[function]]
sql = """CREATE OR REPLACE FUNCTION greet(who varchar(20) DEFAULT 'world', OUT greeting text)
LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT SECURITY INVOKER COST 100
AS $body$
BEGIN
  greeting := 'hello ' || who;
END
$body$"""
comment = "Says hello"

[[function]]
sql = "CREATE FUNCTION public.stamp() RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS 'SELECT now()'"

[[function]]
sql = "CREATE FUNCTION tags(VARIADIC t text[]) RETURNS SETOF text LANGUAGE sql IMMUTABLE ROWS 1000 AS 'SELECT unnest(t)'"

[[function]]
sql = "CREATE FUNCTION square(x float8) RETURNS double precision RETURN x * x"

[[function]]
sql = "CREATE PROCEDURE bump(INOUT n bigint) LANGUAGE plpgsql AS $$BEGIN n := n + 1; END$$"

[[function]]
sql = "CREATE FUNCTION sq_state(numeric, numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT $1 + $2 * $2'"

[[function]]
sql = "CREATE AGGREGATE sum_sq(numeric) (sfunc = sq_state, stype = numeric, initcond = 0)"
)t";

TEST(FunctionsPostgresqlTest, SpellingsTheServerRendersDifferentlyGiveNoOps) {
  CliProject p("postgresql");
  p.write_models(kSpellings);
  ASSERT_FALSE(p.migrate("functions").empty());
  expect_no_differences(p);
  EXPECT_EQ(p.query("SELECT add_one(1), greet(), square(3), (SELECT sum_sq(x) FROM "
                    "(VALUES (1), (2)) v(x))"),
            (CatalogRows{{"2", "hello world", "9", "5"}}));
  EXPECT_EQ(p.query("SELECT obj_description('greet'::regproc, 'pg_proc')"),
            (CatalogRows{{"Says hello"}}));
  // The statement ran without OR REPLACE: a create never replaces silently.
  const std::string text = p.read(p.revision_file("functions"));
  EXPECT_EQ(text.find("OR REPLACE"), std::string::npos) << text;
  EXPECT_NE(text.find("arguments = \"integer, integer\""), std::string::npos) << text;
}

TEST(FunctionsPostgresqlTest, OneCharacterOfABodyIsAReplaceThatDowngrades) {
  CliProject p("postgresql");
  p.write_models(kSpellings);
  ASSERT_FALSE(p.migrate("functions").empty());
  const CatalogRows before = p.query(kFunctionCatalog);
  std::string changed = kSpellings;
  const auto at = changed.find("'hello '");
  ASSERT_NE(at, std::string::npos);
  changed.replace(at, 8, "'hullo '");
  p.write_models(changed);
  ASSERT_FALSE(p.migrate("hullo").empty());
  const std::string text = p.read(p.revision_file("hullo"));
  EXPECT_NE(text.find("op = \"alter_function\""), std::string::npos) << text;
  EXPECT_EQ(text.find("drop_function"), std::string::npos) << text;
  EXPECT_EQ(p.query("SELECT greet()"), (CatalogRows{{"hullo world"}}));
  expect_no_differences(p);
  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(differences(before, p.query(kFunctionCatalog)), "");
}

TEST(FunctionsPostgresqlTest, ANewResultTypeIsADropAndACreate) {
  CliProject p("postgresql");
  p.write_models(kSpellings);
  ASSERT_FALSE(p.migrate("functions").empty());
  const CatalogRows before = p.query(kFunctionCatalog);
  std::string changed = kSpellings;
  const std::string from = "returns int\n";
  const auto at = changed.find(from);
  ASSERT_NE(at, std::string::npos);
  changed.replace(at, from.size(), "returns bigint\n");
  p.write_models(changed);
  ASSERT_FALSE(p.migrate("bigint").empty());
  const std::string text = p.read(p.revision_file("bigint"));
  const auto drop = text.find("op = \"drop_function\"");
  const auto create = text.find("op = \"create_function\"");
  ASSERT_NE(drop, std::string::npos) << text;
  ASSERT_NE(create, std::string::npos) << text;
  EXPECT_LT(drop, create) << text;
  EXPECT_EQ(p.query("SELECT pg_typeof(add_one(1))::text"), (CatalogRows{{"bigint"}}));
  expect_no_differences(p);
  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(differences(before, p.query(kFunctionCatalog)), "");
}

// PostgreSQL refuses to drop a function a view calls: the view goes first
// and comes back after the function's new version.
TEST(FunctionsPostgresqlTest, AReplacedFunctionTakesTheViewsThatCallItAlong) {
  CliProject p("postgresql");
  const std::string view =
      "\n[[view]]\nname = \"plus_one\"\nquery = \"SELECT add_one(41) AS answer\"\n";
  p.write_models(std::string(kSpellings) + view);
  ASSERT_FALSE(p.migrate("functions").empty());
  std::string changed = std::string(kSpellings) + view;
  const std::string from = "returns int\n";
  changed.replace(changed.find(from), from.size(), "returns bigint\n");
  p.write_models(changed);
  ASSERT_FALSE(p.migrate("bigint").empty());
  const std::string text = p.read(p.revision_file("bigint"));
  EXPECT_LT(text.find("op = \"drop_view\""), text.find("op = \"drop_function\"")) << text;
  EXPECT_LT(text.find("op = \"create_function\""), text.find("op = \"create_view\"")) << text;
  EXPECT_EQ(p.query("SELECT answer, pg_typeof(answer)::text FROM plus_one"),
            (CatalogRows{{"42", "bigint"}}));
  expect_no_differences(p);
  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.query("SELECT pg_typeof(answer)::text FROM plus_one"), (CatalogRows{{"integer"}}));
}

// A column's type changes under a trigger that names it (UPDATE OF, WHEN)
// and a view that passes it to a function: PostgreSQL refuses ALTER COLUMN
// ... TYPE under either, so both go before and come back after, in one
// revision, with the rows kept.
constexpr const char* kTicket = R"t(
[[table]]
name = "ticket"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "status", type = "varchar(10)" },
  { name = "closed_at", type = "timestamptz", nullable = true },
]

[[function]]
sql = "CREATE FUNCTION shout(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(s) || '!' $$"

[[function]]
sql = """
CREATE FUNCTION close_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.closed_at := now();
  RETURN NEW;
END
$$"""

[[trigger]]
sql = "CREATE TRIGGER ticket_closed BEFORE UPDATE OF status ON ticket FOR EACH ROW WHEN (NEW.status = 'closed') EXECUTE FUNCTION close_ticket()"

[[view]]
name = "loud_ticket"
query = "SELECT id, shout(status) AS label FROM ticket"
)t";

TEST(FunctionsPostgresqlTest, AColumnTypeChangeUnderATriggerAndAViewKeepsBothAndTheRows) {
  CliProject p("postgresql");
  p.write_models(kTicket);
  ASSERT_FALSE(p.migrate("tickets").empty());
  p.execute("INSERT INTO ticket (id, status) VALUES (1, 'open'), (2, 'waiting')");
  std::string changed = kTicket;
  const std::string from = R"x("varchar(10)")x";
  changed.replace(changed.find(from), from.size(), R"x("text")x");
  p.write_models(changed);
  ASSERT_FALSE(p.migrate("wider").empty());
  const std::string text = p.read(p.revision_file("wider"));
  const auto alter = text.find("op = \"alter_column\"");
  ASSERT_NE(alter, std::string::npos) << text;
  EXPECT_LT(text.find("op = \"drop_trigger\""), alter) << text;
  EXPECT_LT(text.find("op = \"drop_view\""), alter) << text;
  EXPECT_GT(text.find("op = \"create_trigger\""), alter) << text;
  EXPECT_GT(text.find("op = \"create_view\""), alter) << text;
  const char* kColumn =
      "SELECT data_type FROM information_schema.columns WHERE table_name = 'ticket' AND "
      "column_name = 'status'";
  EXPECT_EQ(p.query(kColumn), (CatalogRows{{"text"}}));
  EXPECT_EQ(p.query("SELECT label FROM loud_ticket ORDER BY id"),
            (CatalogRows{{"OPEN!"}, {"WAITING!"}}));
  p.execute("UPDATE ticket SET status = 'closed' WHERE id = 1");
  EXPECT_EQ(p.query("SELECT id, closed_at IS NOT NULL FROM ticket ORDER BY id"),
            (CatalogRows{{"1", "t"}, {"2", "f"}}));
  expect_no_differences(p);

  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.query(kColumn), (CatalogRows{{"character varying"}}));
  EXPECT_EQ(p.query("SELECT label FROM loud_ticket ORDER BY id"),
            (CatalogRows{{"CLOSED!"}, {"WAITING!"}}));
  p.execute("UPDATE ticket SET status = 'closed' WHERE id = 2");
  EXPECT_EQ(p.query("SELECT count(*) FROM ticket WHERE closed_at IS NOT NULL"),
            (CatalogRows{{"2"}}));
  EXPECT_EQ(p.query("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"),
            (CatalogRows{{"ticket_closed"}}));
}

// Defaults, checks and indexes that call a function whose result type
// changes: PostgreSQL refuses to drop the function under them, so they go
// before it and come back after its new version, as they were (the default
// and the index) or as the models now say (the check, changed with it).
constexpr const char* kCallingTable = R"t(
[[function]]
sql = "CREATE FUNCTION code_of(n integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'C-' || n $$"

[[function]]
sql = "CREATE FUNCTION is_code(c text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT c LIKE 'C-%' $$"

[[table]]
name = "account"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "code", type = "text", default_sql = "code_of(0)" },
]
checks = [ { name = "account_code_ok", sql = "is_code(code)" } ]
indexes = [ { name = "ix_account_code", columns = [{ expression = "code_of(id)" }] } ]
)t";

constexpr const char* kCallingTableChanged = R"t(
[[function]]
sql = "CREATE FUNCTION code_of(n integer) RETURNS varchar LANGUAGE sql IMMUTABLE AS $$ SELECT 'C-' || n $$"

[[function]]
sql = "CREATE FUNCTION is_code(c text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT (c LIKE 'C-%')::integer $$"

[[table]]
name = "account"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "code", type = "text", default_sql = "code_of(0)" },
]
checks = [ { name = "account_code_ok", sql = "is_code(code) = 1" } ]
indexes = [ { name = "ix_account_code", columns = [{ expression = "code_of(id)" }] } ]
)t";

TEST(FunctionsPostgresqlTest, DefaultsChecksAndIndexesThatCallAReplacedFunctionComeBack) {
  CliProject p("postgresql");
  p.write_models(kCallingTable);
  ASSERT_FALSE(p.migrate("callers").empty());
  p.execute("INSERT INTO account (id) VALUES (1)");
  const CatalogRows functions = p.query(kFunctionCatalog);
  const CatalogRows dump = pg_dump_schema(p);
  p.write_models(kCallingTableChanged);
  ASSERT_FALSE(p.migrate("results").empty());
  const std::string text = p.read(p.revision_file("results"));
  const auto drop = text.find("op = \"drop_function\"");
  ASSERT_NE(drop, std::string::npos) << text;
  EXPECT_LT(text.find("op = \"drop_index\""), drop) << text;
  EXPECT_LT(text.find("op = \"drop_check\""), drop) << text;
  EXPECT_LT(text.find("op = \"alter_column\""), drop) << text;
  EXPECT_EQ(p.query("SELECT pg_typeof(code_of(1))::text, pg_typeof(is_code('C-1'))::text"),
            (CatalogRows{{"character varying", "integer"}}));
  p.execute("INSERT INTO account (id) VALUES (2)");
  EXPECT_EQ(p.query("SELECT id, code FROM account ORDER BY id"),
            (CatalogRows{{"1", "C-0"}, {"2", "C-0"}}));
  EXPECT_EQ(p.query("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_account_code'"),
            (CatalogRows{{"1"}}));
  EXPECT_NE(p.run_in_shell("INSERT INTO account (id, code) VALUES (3, 'X');").exit_code, 0);
  expect_no_differences(p);

  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe() << text;
  EXPECT_EQ(differences(functions, p.query(kFunctionCatalog)), "");
  EXPECT_EQ(differences(dump, pg_dump_schema(p)), "");
  EXPECT_EQ(p.query("SELECT count(*) FROM account"), (CatalogRows{{"2"}}));
}

// A function that reads a view is created after the views, both when it is
// new and when a new result type replaces it: the default, check and index
// that call it come after it, in the same revision.
std::string view_reading_models(int step) {
  std::string out = R"t(
[[view]]
name = "code_prefix"
query = "SELECT 'C-'::text AS prefix"

[[table]]
name = "account"
)t";
  if (step == 0) {
    return out + R"t(columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "code", type = "text", nullable = true },
]
)t";
  }
  out += fmt::format(
      R"t(columns = [
  {{ name = "id", type = "integer", primary_key = true }},
  {{ name = "code", type = "text", nullable = true, default_sql = "code_of(0)" }},
]
checks = [ {{ name = "account_code_ok", sql = "code_of(id) IS NOT NULL" }} ]
indexes = [ {{ name = "ix_account_code", columns = [{{ expression = "code_of(id)" }}] }} ]

[[function]]
sql = "CREATE FUNCTION code_of(n integer) RETURNS {} LANGUAGE sql IMMUTABLE AS $$ SELECT prefix || n FROM code_prefix $$"
)t",
      step == 1 ? "text" : "varchar");
  return out;
}

TEST(FunctionsPostgresqlTest, CallersOfAFunctionThatReadsAViewComeAfterIt) {
  CliProject p("postgresql");
  p.write_models(view_reading_models(0));
  ASSERT_FALSE(p.migrate("plain").empty());
  p.execute("INSERT INTO account (id, code) VALUES (1, 'kept')");
  p.write_models(view_reading_models(1));
  ASSERT_FALSE(p.migrate("callers").empty());
  const CatalogRows dump = pg_dump_schema(p);
  p.write_models(view_reading_models(2));
  ASSERT_FALSE(p.migrate("varchar").empty());
  const std::string text = p.read(p.revision_file("varchar"));
  const auto create = text.find("op = \"create_function\"");
  ASSERT_NE(create, std::string::npos) << text;
  EXPECT_GT(text.find("op = \"create_index\""), create) << text;
  EXPECT_GT(text.find("op = \"add_check\""), create) << text;
  EXPECT_GT(text.rfind("op = \"alter_column\""), create) << text;
  EXPECT_EQ(p.query("SELECT pg_typeof(code_of(1))::text"), (CatalogRows{{"character varying"}}));
  p.execute("INSERT INTO account (id) VALUES (2)");
  EXPECT_EQ(p.query("SELECT id, code FROM account ORDER BY id"),
            (CatalogRows{{"1", "kept"}, {"2", "C-0"}}));
  EXPECT_EQ(p.query("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_account_code'"),
            (CatalogRows{{"1"}}));
  expect_no_differences(p);
  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe() << text;
  EXPECT_EQ(differences(dump, pg_dump_schema(p)), "");
  EXPECT_EQ(p.query("SELECT count(*) FROM account"), (CatalogRows{{"2"}}));
}

// Two generated columns call a function whose result type changes: they
// are dropped and added again around it, with the indexes (one INCLUDEs a
// column), the checks (one shared) and the view that use them, computed
// anew; every row is kept. The columns come back at the end of their table
// (PostgreSQL cannot put them back in the middle), so the catalogs are
// compared without the column order.
std::string slug_models(const char* result) {
  return fmt::format(R"t(
[[function]]
sql = "CREATE FUNCTION slugify(t text) RETURNS {} LANGUAGE sql IMMUTABLE AS $$ SELECT lower(replace(t, ' ', '-')) $$"

[[table]]
name = "doc"
columns = [
  {{ name = "id", type = "integer", primary_key = true }},
  {{ name = "title", type = "text" }},
  {{ name = "slug", type = "text", nullable = true, generated = "slugify(title)" }},
  {{ name = "code", type = "text", nullable = true, generated = "slugify(body || ' x')" }},
  {{ name = "body", type = "text", nullable = true }},
]
indexes = [ {{ name = "ix_doc_slug", columns = ["slug"] }},
            {{ name = "ix_doc_title", columns = ["title"], include = ["code"] }} ]
checks = [ {{ name = "ck_doc_slug", sql = "slug <> ''" }},
           {{ name = "ck_doc_pair", sql = "slug <> code" }} ]

[[view]]
name = "doc_slugs"
query = "SELECT id, slug FROM doc"
)t",
                     result);
}

// The schema's catalog rows that do not depend on column order.
CatalogRows slug_catalog(const CliProject& p) {
  return p.query(
      "SELECT 'column', attname || ' ' || format_type(atttypid, atttypmod) || ' ' || "
      "coalesce(pg_get_expr(d.adbin, d.adrelid), '') FROM pg_attribute a LEFT JOIN pg_attrdef d "
      "ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = 'doc'::regclass AND "
      "a.attnum > 0 AND NOT a.attisdropped UNION ALL SELECT 'index', indexdef FROM pg_indexes "
      "WHERE tablename = 'doc' UNION ALL SELECT 'check', conname || ' ' || "
      "pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'doc'::regclass UNION ALL "
      "SELECT 'view', pg_get_viewdef('doc_slugs'::regclass) ORDER BY 1, 2");
}

TEST(FunctionsPostgresqlTest, GeneratedColumnsThatCallAReplacedFunctionAreAddedAgain) {
  CliProject p("postgresql");
  p.write_models(slug_models("text"));
  ASSERT_FALSE(p.migrate("docs").empty());
  p.execute("INSERT INTO doc (id, title, body) VALUES (1, 'Hello World', 'a'), (2, 'Two', 'b')");
  const CatalogRows before = slug_catalog(p);
  p.write_models(slug_models("varchar"));
  const std::string varchar = p.migrate("varchar");
  ASSERT_FALSE(varchar.empty());
  const std::string text = p.read(p.revision_file("varchar"));
  // The columns lose nothing (their values are computed again): no
  // drop-column finding, no rename question.
  ProcessResult lint = p.retort({"lint", "--offline", varchar});
  EXPECT_EQ(lint.exit_code, 0) << lint.describe();
  EXPECT_EQ(lint.out.find("[drop-column]"), std::string::npos) << lint.describe();
  EXPECT_LT(text.find("op = \"drop_column\""), text.find("op = \"drop_function\"")) << text;
  EXPECT_GT(text.find("op = \"add_column\""), text.find("op = \"create_function\"")) << text;
  EXPECT_EQ(p.query("SELECT id, title, slug, code, body, pg_typeof(slugify(title))::text FROM "
                    "doc ORDER BY id"),
            (CatalogRows{{"1", "Hello World", "hello-world", "a-x", "a", "character varying"},
                         {"2", "Two", "two", "b-x", "b", "character varying"}}));
  EXPECT_EQ(p.query("SELECT slug FROM doc_slugs ORDER BY id"),
            (CatalogRows{{"hello-world"}, {"two"}}));
  EXPECT_EQ(differences(before, slug_catalog(p)), "");
  EXPECT_EQ(p.query("SELECT attname FROM pg_attribute WHERE attrelid = 'doc'::regclass AND "
                    "attnum > 0 AND NOT attisdropped ORDER BY attnum"),
            (CatalogRows{{"id"}, {"title"}, {"body"}, {"slug"}, {"code"}}));
  expect_no_differences(p);

  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe() << text;
  EXPECT_EQ(differences(before, slug_catalog(p)), "");
  EXPECT_EQ(p.query("SELECT pg_typeof(slugify('x'))::text"), (CatalogRows{{"text"}}));
  EXPECT_EQ(p.query("SELECT count(*) FROM doc WHERE slug IS NOT NULL AND code IS NOT NULL"),
            (CatalogRows{{"2"}}));
}

// Triggers declared in spellings pg_get_triggerdef prints differently.
constexpr const char* kTriggers = R"t(
[[table]]
name = "task"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "status", type = "text" },
  { name = "done_at", type = "timestamptz", nullable = true },
  { name = "changes", type = "integer", default = 0 },
]

[[function]]
sql = """
CREATE FUNCTION mark_done() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.done_at := now();
  RETURN NEW;
END
$$"""

[[function]]
sql = """
CREATE FUNCTION count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.changes := NEW.changes + TG_ARGV[0]::int;
  RETURN NEW;
END
$$"""

[[trigger]]
sql = "create trigger task_done before update of status on public.task for each row when (NEW.status = 'done' and OLD.status <> 'done') execute procedure mark_done()"

[[trigger]]
sql = "CREATE TRIGGER task_changes BEFORE UPDATE ON task FOR EACH ROW EXECUTE FUNCTION count_change(1)"
state = "disabled"
comment = "Counts changes"
)t";

TEST(FunctionsPostgresqlTest, TriggersInSpellingsTheServerRendersDifferentlyGiveNoOps) {
  CliProject p("postgresql");
  p.write_models(kTriggers);
  ASSERT_FALSE(p.migrate("triggers").empty());
  const std::string text = p.read(p.revision_file("triggers"));
  // After the table and the functions.
  EXPECT_LT(text.find("op = \"create_table\""), text.find("op = \"create_trigger\"")) << text;
  EXPECT_LT(text.find("CREATE FUNCTION count_change"), text.find("op = \"create_trigger\""))
      << text;
  expect_no_differences(p);
  EXPECT_EQ(p.query("SELECT tgname, tgenabled::text, coalesce(obj_description(oid, "
                    "'pg_trigger'), '') FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"),
            (CatalogRows{{"task_changes", "D", "Counts changes"}, {"task_done", "O", ""}}));
  p.execute("INSERT INTO task (id, status) VALUES (1, 'open'); UPDATE task SET status = 'done'");
  EXPECT_EQ(p.query("SELECT done_at IS NOT NULL, changes FROM task"), (CatalogRows{{"t", "0"}}));
}

TEST(FunctionsPostgresqlTest, ChangedTriggersAreReplacedAndSwitchedAndDowngrade) {
  CliProject p("postgresql");
  p.write_models(kTriggers);
  ASSERT_FALSE(p.migrate("triggers").empty());
  const CatalogRows before = p.query(kTriggerCatalog);
  std::string changed = kTriggers;
  auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = changed.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    changed.replace(at, from.size(), to);
  };
  replace("OLD.status <> 'done'", "OLD.status IS DISTINCT FROM 'done'");
  replace("count_change(1)", "count_change(2)");
  p.write_models(changed);
  ASSERT_FALSE(p.migrate("replace").empty());
  const std::string text = p.read(p.revision_file("replace"));
  EXPECT_EQ(text.find("drop_trigger"), std::string::npos) << text;
  EXPECT_NE(text.find("op = \"alter_trigger\""), std::string::npos) << text;
  expect_no_differences(p);
  // CREATE OR REPLACE enables a trigger; a disabled one stays disabled.
  EXPECT_EQ(p.query("SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'task_changes'"),
            (CatalogRows{{"D"}}));
  replace("state = \"disabled\"\n", "");
  p.write_models(changed);
  ASSERT_FALSE(p.migrate("switch").empty());
  expect_no_differences(p);
  p.execute("INSERT INTO task (id, status) VALUES (1, 'open'); UPDATE task SET status = 'x'");
  EXPECT_EQ(p.query("SELECT changes FROM task"), (CatalogRows{{"2"}}));
  EXPECT_NE(p.query("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'task_done'")
                .at(0)
                .at(0)
                .find("IS DISTINCT FROM 'done'"),
            std::string::npos);
  ProcessResult down = p.retort({"downgrade", "-2"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(differences(before, p.query(kTriggerCatalog)), "");
  // Without the models' triggers, they go first, before their functions.
  std::filesystem::remove(p.revision_file("switch"));
  std::filesystem::remove(p.revision_file("replace"));
  p.write_models(kSpellings);
  ProcessResult rev = p.retort({"revision", "--autogenerate", "-m", "none"});
  ASSERT_EQ(rev.exit_code, 0) << rev.describe();
  const std::string none = p.read(p.revision_file("none"));
  EXPECT_LT(none.find("op = \"drop_trigger\""), none.find("op = \"drop_table\"")) << none;
  EXPECT_LT(none.find("op = \"drop_trigger\""), none.find("op = \"drop_function\"")) << none;
}

// Overloads are distinct: dropping one leaves the other.
TEST(FunctionsPostgresqlTest, OverloadsAreDistinctObjects) {
  CliProject p("postgresql");
  const std::string one =
      "[[function]]\nsql = \"CREATE FUNCTION label(x integer) RETURNS text LANGUAGE sql AS "
      "'SELECT x::text'\"\n";
  const std::string two =
      "\n[[function]]\nsql = \"CREATE FUNCTION label(x integer, unit text) RETURNS text "
      "LANGUAGE sql AS 'SELECT x || unit'\"\n";
  p.write_models(one + two);
  ASSERT_FALSE(p.migrate("both").empty());
  expect_no_differences(p);
  p.write_models(one);
  ASSERT_FALSE(p.migrate("one").empty());
  const std::string text = p.read(p.revision_file("one"));
  EXPECT_NE(text.find("op = \"drop_function\""), std::string::npos) << text;
  EXPECT_NE(text.find("arguments = \"integer, text\""), std::string::npos) << text;
  EXPECT_EQ(p.query("SELECT pg_get_function_identity_arguments(oid) FROM pg_proc "
                    "WHERE proname = 'label'"),
            (CatalogRows{{"x integer"}}));
  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.query("SELECT count(*) FROM pg_proc WHERE proname = 'label'"), (CatalogRows{{"2"}}));
}

// A check, a default and a view call functions; a SQL function reads a
// table the same revision creates.
constexpr const char* kCallers = R"t(
[[function]]
sql = "CREATE FUNCTION is_positive(x numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT x > 0'"

[[function]]
sql = "CREATE FUNCTION new_code() RETURNS text LANGUAGE plpgsql AS $$BEGIN RETURN md5(random()::text); END$$"

[[function]]
sql = "CREATE FUNCTION item_count() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM item'"

[[table]]
name = "item"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "code", type = "text", default_sql = "new_code()" },
  { name = "price", type = "numeric" },
]
checks = [ { name = "item_price_positive", sql = "is_positive(price)" } ]

[[view]]
name = "item_stats"
query = "SELECT item_count() AS items"
)t";

TEST(FunctionsPostgresqlTest, FunctionsComeBeforeWhatCallsThemAndAfterWhatTheyRead) {
  CliProject p("postgresql");
  p.write_models(kCallers);
  ASSERT_FALSE(p.migrate("callers").empty());
  const std::string text = p.read(p.revision_file("callers"));
  const auto positive = text.find("CREATE FUNCTION is_positive");
  const auto code = text.find("CREATE FUNCTION new_code");
  const auto table = text.find("op = \"create_table\"");
  const auto count = text.find("CREATE FUNCTION item_count");
  const auto view = text.find("op = \"create_view\"");
  for (auto x : {positive, code, table, count, view}) ASSERT_NE(x, std::string::npos) << text;
  EXPECT_LT(positive, table) << text;
  EXPECT_LT(code, table) << text;
  EXPECT_LT(table, count) << text;
  EXPECT_LT(count, view) << text;
  expect_no_differences(p);
  p.execute("INSERT INTO item (id, price) VALUES (1, 2)");
  EXPECT_EQ(p.query("SELECT items FROM item_stats"), (CatalogRows{{"1"}}));
  // Everything goes on the way down, callers first.
  ProcessResult down = p.retort({"downgrade", "base"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.query("SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace"),
            (CatalogRows{{"0"}}));
}

// A schema only implied (no [[schema]], no table there) is created by the
// first object that lives in it, as by a table.
TEST(FunctionsPostgresqlTest, AnObjectAloneInAnImpliedSchemaCreatesIt) {
  CliProject p("postgresql");
  p.write_models(R"t(
[[function]]
sql = "CREATE FUNCTION util.one() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1'"

[[domain]]
name = "amount"
schema = "money"
type = "numeric"
)t");
  ASSERT_FALSE(p.migrate("alone").empty());
  EXPECT_EQ(p.query("SELECT nspname FROM pg_namespace WHERE nspname IN ('util', 'money') "
                    "ORDER BY 1"),
            (CatalogRows{{"money"}, {"util"}}));
  EXPECT_EQ(p.query("SELECT util.one()"), (CatalogRows{{"1"}}));
  expect_no_differences(p);
}

TEST(FunctionsPostgresqlTest, OfflineSqlRunsTheStatementsAsDeclared) {
  CliProject p("postgresql");
  p.write("sql/greet.sql",
          "CREATE FUNCTION greet(who text) RETURNS text LANGUAGE sql AS $$ SELECT 'hi ' || who "
          "$$;\n");
  p.write_models("[[function]]\nsql_file = \"sql/greet.sql\"\ncomment = \"Hi\"\n");
  ProcessResult rev = p.retort({"revision", "--autogenerate", "-m", "greet"});
  ASSERT_EQ(rev.exit_code, 0) << rev.describe();
  ProcessResult sql = p.retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  EXPECT_NE(sql.out.find("CREATE FUNCTION greet(who text) RETURNS text LANGUAGE sql AS $$ "
                         "SELECT 'hi ' || who $$"),
            std::string::npos)
      << sql.out;
  EXPECT_NE(sql.out.find("COMMENT ON FUNCTION \"greet\"(text) IS 'Hi'"), std::string::npos)
      << sql.out;
  EXPECT_EQ(p.query("SELECT count(*) FROM pg_proc WHERE proname = 'greet'"), (CatalogRows{{"0"}}));
  ProcessResult run = p.run_in_shell(sql.out);
  EXPECT_EQ(run.exit_code, 0) << run.describe() << sql.out;
  EXPECT_EQ(p.query("SELECT greet('you')"), (CatalogRows{{"hi you"}}));
}

TEST(FunctionsPostgresqlTest, ExcludedFunctionsAreNeitherReportedNorDropped) {
  CliProject p("postgresql");
  p.execute("CREATE FUNCTION legacy_total() RETURNS int LANGUAGE sql AS 'SELECT 1'");
  p.write("retort.toml", p.read("retort.toml") + "exclude = [\"function:legacy_*\"]\n");
  p.write_models(
      "[[function]]\nsql = \"CREATE FUNCTION fresh() RETURNS int LANGUAGE sql AS 'SELECT 2'\"\n");
  ASSERT_FALSE(p.migrate("fresh").empty());
  const std::string text = p.read(p.revision_file("fresh"));
  EXPECT_EQ(text.find("legacy"), std::string::npos) << text;
  EXPECT_EQ(p.query("SELECT count(*) FROM pg_proc WHERE proname IN ('legacy_total', 'fresh')"),
            (CatalogRows{{"2"}}));
}

}  // namespace
}  // namespace retort::testing

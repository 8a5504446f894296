// A models.toml that uses every portable type, default spelling, constraint
// kind, enum, schema and comment: the fixture for round-trip tests.
#pragma once

namespace retort::testing {

inline constexpr const char* kKitchenSinkModels = R"toml(
[naming_convention]
ck = "ck_%(table)s_%(constraint_name)s"

[[table]]
name = "team"
comment = "Teams of heroes"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(100)", unique = true },
  { name = "headquarters", type = "text", nullable = true, comment = "city" },
]

[[table]]
name = "hero"
comment = "People with powers"
columns = [
  { name = "id", type = "bigint", primary_key = true },
  { name = "name", type = "varchar(100)", index = true },
  { name = "secret_name", type = "text" },
  { name = "age", type = "integer", nullable = true },
  { name = "power_level", type = "smallint", nullable = true, default = 1 },
  { name = "active", type = "boolean", default = true },
  { name = "score", type = "float", default = 1.5 },
  { name = "ratio", type = "real", nullable = true },
  { name = "salary", type = "numeric(10,2)", nullable = true, default_sql = "0" },
  { name = "code", type = "char(3)", default = "it's" },
  { name = "born", type = "date", nullable = true },
  { name = "wakes", type = "time", nullable = true },
  { name = "created_at", type = "timestamp", default_sql = "CURRENT_TIMESTAMP" },
  { name = "seen_at", type = "timestamptz", nullable = true },
  { name = "token", type = "uuid", nullable = true },
  { name = "profile", type = "json", nullable = true },
  { name = "avatar", type = "blob", nullable = true },
  { name = "status", type = "enum", enum = "hero_status", values = ["active", "retired"] },
  { name = "team_id", type = "integer", nullable = true, foreign_key = "team.id", on_delete = "set null" },
]
indexes = [
  { name = "ix_hero_team_age", columns = ["team_id", "age DESC"] },
  { name = "ix_hero_lower_name", columns = [{ expression = "lower(name)" }], unique = true, where = "age > 0" },
]
unique  = [ { name = "uq_hero_secret", columns = ["secret_name", "name"] } ]
checks  = [ { name = "ck_hero_age", sql = "age >= 0" } ]
exclusions = [ { name = "ex_hero_team_born", elements = [ { column = "team_id", op = "=" }, { expression = "daterange(born, born, '[]')", op = "&&" } ], where = "active" } ]

[[table]]
name = "mission"
schema = "ops"
primary_key = ["hero_id", "code"]
columns = [
  { name = "hero_id", type = "bigint" },
  { name = "code", type = "varchar" },
  { name = "kind", type = "enum", enum = "mission_kind", values = ["rescue", "patrol"] },
  { name = "team_id", type = "integer", nullable = true },
]
foreign_keys = [
  { name = "fk_mission_hero", columns = ["hero_id"], references = "hero", ref_columns = ["id"], on_delete = "cascade", on_update = "restrict" },
  { columns = ["team_id"], references = "team", ref_columns = ["id"], deferrable = true, initially_deferred = true },
]

[[table]]
name = "counter"
columns = [
  { name = "id", type = "integer", primary_key = true, autoincrement = false },
  { name = "value", type = "bigint", default = -3 },
]

[[enum]]
name = "unused_mood"
schema = "ops"
values = ["calm", "angry"]

[[schema]]
name = "ops"
comment = "Operations"

[[schema]]
name = "archive"

[[extension]]
name = "citext"
version = "1.5"

[[sequence]]
name = "ticket_no"
schema = "ops"
type = "integer"
start = 100
increment = 5
owned_by = "mission.code"
comment = "Ticket numbers"

[[domain]]
name = "positive"
type = "integer"
default = 1
not_null = true
checks = [ { name = "positive_check", expression = "VALUE > 0" } ]
comment = "More than zero"

[[composite_type]]
name = "address"
schema = "ops"
attributes = [ { name = "street", type = "text" }, { name = "zip", type = "char(5)", collation = "C" } ]

[[function]]
sql = "CREATE FUNCTION ops.hero_count() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM hero'"
comment = "How many heroes"

[[trigger]]
sql = "CREATE TRIGGER hero_touch BEFORE UPDATE ON hero FOR EACH ROW EXECUTE FUNCTION touch()"
comment = "Keeps it current"

[[view]]
name = "hero_names"
query = "SELECT name FROM hero"

[[view]]
name = "hero_count"
schema = "ops"
materialized = true
with_data = false
comment = "how many"
query = """
SELECT count(*) AS n
FROM hero"""
indexes = [ { name = "ix_hero_count_n", columns = ["n"], unique = true } ]

[[table]]
name = "ledger"
partition_by = "RANGE (id)"
columns = [ { name = "id", type = "integer", primary_key = true } ]

[[table]]
name = "ledger_old"
partition_of = "ledger"
default = true

[[table]]
name = "ledger_2024"
primary_key_name = "ledger_2024_pkey"
columns = [ { name = "id", type = "integer", primary_key = true } ]
)toml";

}  // namespace retort::testing

// retort/postgresql: a trigger's CREATE TRIGGER statement in the form two
// are compared by.
//
// The declared statement and the one pg_get_triggerdef prints are read with
// PostgreSQL's grammar (libpg_query) and compared as parse trees, so that
// `EXECUTE PROCEDURE` and `EXECUTE FUNCTION`, `NEW` and `new`, argument `1`
// and `'1'`, `public.` before the function, the parentheses and the casts
// of constants the server writes into a WHEN clause make no difference.
// Timing, events (UPDATE OF columns), FOR EACH ROW or STATEMENT, the WHEN
// clause, transition tables, the function and its arguments, and a
// constraint trigger's deferral are compared. The trigger's name and table
// are its key, not part of the form (a renamed table keeps its triggers).
#pragma once

#include <string>
#include <string_view>

namespace retort::postgresql {

struct TriggerStatement {
  std::string schema;  // the table's; "" for public
  std::string table;
  std::string name;
  std::string function;  // "name" or "schema.name" (public as "")
  bool constraint = false;
  std::string canonical;  // JSON text
  // The grammar's complaint when it refuses the statement or it is not one
  // CREATE TRIGGER; the rest is then empty.
  std::string error;
};

TriggerStatement read_trigger_statement(std::string_view sql);

}  // namespace retort::postgresql

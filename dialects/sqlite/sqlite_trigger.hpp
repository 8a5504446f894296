// retort/sqlite: triggers as SQLite keeps them.
//
// SQLite stores a trigger's CREATE TRIGGER text as it was written, from the
// trigger's name to its END, behind "CREATE TRIGGER " (TEMP, IF NOT EXISTS
// and a `main.` qualifier are not kept). A trigger is compared by the tokens
// of that part: comments dropped, keywords and names in one case,
// whitespace between tokens one space; strings and numbers as written. So a
// one-character change in its body is a difference.
//
// Example:
//   canonical_trigger("create trigger if not exists T after insert on film "
//                     "begin select 1; end;")
//     == canonical_trigger("CREATE TRIGGER t AFTER INSERT ON Film BEGIN SELECT 1; END")
#pragma once

#include <string>
#include <string_view>

#include "core/schema.hpp"

namespace retort::sqlite {

// The comparison form of a CREATE TRIGGER statement.
std::string canonical_trigger(std::string_view sql);

// kBadInput for what a SQLite trigger cannot be: TEMP (gone with the
// connection), an incomplete statement (no END), a `state` or a `comment`
// (SQLite has neither), or in a schema other than `main`.
Status trigger_refused(const Trigger& trigger);

// The trigger's comparison form, its schema cleared (one per SQLite file)
// and a `main.` before its name dropped from the statement (as SQLite
// stores it). Its name and table stay as the statement gives them (core's
// read_trigger_head: unquoted names in lower case), on the declared side
// and the inspected one alike; SQLite's names fold case, so whoever looks
// a trigger's table up compares in one case.
void normalize_trigger(Trigger& trigger);

}  // namespace retort::sqlite

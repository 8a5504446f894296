#include "dialects/sqlite/sqlite_trigger.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <vector>

#include "dialects/sqlite/sql_tokenizer.hpp"
#include "dialects/sqlite/sqlite_view.hpp"

namespace retort::sqlite {
namespace {

// The offset of the trigger's own name (past `main.`), and whether the
// statement says TEMP; nullopt when it is not CREATE ... TRIGGER.
struct Head {
  std::size_t qualifier_at = 0;  // of `main.` before the name; == name_at when none
  std::size_t name_at = 0;
  bool temp = false;
};

std::optional<Head> read_head(std::string_view sql) {
  const std::vector<Token> tokens = without_comments(tokenize(sql));
  std::size_t i = 0;
  auto keyword = [&](std::string_view k) { return take_keyword(tokens, i, k); };
  Head head;
  if (!keyword("create")) return std::nullopt;
  head.temp = keyword("temp") || keyword("temporary");
  if (!keyword("trigger")) return std::nullopt;
  if (keyword("if") && (!keyword("not") || !keyword("exists"))) return std::nullopt;
  if (i >= tokens.size()) return std::nullopt;
  head.qualifier_at = tokens[i].begin;
  if (i + 2 < tokens.size() && tokens[i + 1].is_punct('.')) i += 2;
  if (!tokens[i].is_name()) return std::nullopt;
  head.name_at = tokens[i].begin;
  return head;
}

}  // namespace

std::string canonical_trigger(std::string_view sql) {
  const std::optional<Head> head = read_head(sql);
  return canonical_view_query(head ? sql.substr(head->name_at) : sql);
}

Status trigger_refused(const Trigger& trigger) {
  const std::optional<Head> head = read_head(trigger.sql);
  if (head && head->temp) {
    return Error::bad_input(
        fmt::format("{} is TEMP: it would go with the connection that made it", trigger.describe()),
        "declare it without TEMP");
  }
  if (!trigger.schema.empty() && trigger.schema != "main") {
    return Error::bad_input(fmt::format("{}: SQLite keeps a project's triggers in `main`, not `{}`",
                                        trigger.describe(), trigger.schema),
                            "leave the schema out of the trigger's name and table");
  }
  std::string statement = trigger.sql;
  if (!sqlite3_complete((statement + ";").c_str())) {
    return Error::bad_input(
        fmt::format("{}: the statement does not end (a CREATE TRIGGER ends with "
                    "BEGIN ... END)",
                    trigger.describe()),
        "end the trigger's body with `END`");
  }
  if (!trigger.state.empty()) {
    return Error::bad_input(
        fmt::format("{} has state \"{}\": SQLite cannot switch a trigger off", trigger.describe(),
                    trigger.state),
        "leave `state` out for SQLite; drop the trigger instead of disabling it");
  }
  if (!trigger.comment.empty()) {
    return Error::bad_input(
        fmt::format("{} has a comment: SQLite keeps none on a trigger", trigger.describe()),
        "remove the trigger's `comment` for SQLite (a SQL comment inside the "
        "statement is kept with it)");
  }
  return {};
}

void normalize_trigger(Trigger& trigger) {
  // SQLite drops the name's `main.` when it stores the statement: so does
  // retort, so that the revision's statement and the stored one agree.
  if (const std::optional<Head> head = read_head(trigger.sql);
      head && head->qualifier_at != head->name_at) {
    trigger.sql = trigger.sql.substr(0, head->qualifier_at) + trigger.sql.substr(head->name_at);
  }
  trigger.schema.clear();
  trigger.canonical = canonical_trigger(trigger.sql);
}

}  // namespace retort::sqlite

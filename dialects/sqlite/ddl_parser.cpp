#include "dialects/sqlite/ddl_parser.hpp"

#include <algorithm>

#include "dialects/sqlite/sql_tokenizer.hpp"

namespace retort::sqlite {
namespace {

using Tokens = std::vector<Token>;

// The source text spanned by tokens [first, last], trimmed.
std::string span(std::string_view sql, const Tokens& t, std::size_t first, std::size_t last) {
  if (first > last || last >= t.size()) return {};
  return std::string(sql.substr(t[first].begin, t[last].end - t[first].begin));
}

// Index of the ')' matching the '(' at `open`, or t.size().
std::size_t matching(const Tokens& t, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < t.size(); ++i) {
    if (t[i].is_punct('(')) ++depth;
    if (t[i].is_punct(')') && --depth == 0) return i;
  }
  return t.size();
}

// Splits (open, close) at depth-0 commas into item ranges [begin, end).
std::vector<std::pair<std::size_t, std::size_t>> split_items(const Tokens& t, std::size_t open,
                                                             std::size_t close) {
  std::vector<std::pair<std::size_t, std::size_t>> items;
  int depth = 0;
  std::size_t start = open + 1;
  for (std::size_t i = open + 1; i < close; ++i) {
    if (t[i].is_punct('(')) ++depth;
    if (t[i].is_punct(')')) --depth;
    if (depth == 0 && t[i].is_punct(',')) {
      items.emplace_back(start, i);
      start = i + 1;
    }
  }
  if (start < close) items.emplace_back(start, close);
  return items;
}

// Names inside a parenthesised list at `open`: ("a", b COLLATE x DESC) -> a, b.
std::vector<std::string> name_list(const Tokens& t, std::size_t open, std::size_t& after) {
  std::vector<std::string> names;
  std::size_t close = matching(t, open);
  for (auto [b, e] : split_items(t, open, close)) {
    if (b < e && t[b].is_name()) names.push_back(t[b].value);
  }
  after = close + 1;
  return names;
}

bool starts_constraint(const Token& t) {
  return t.is_keyword("CONSTRAINT") || t.is_keyword("PRIMARY") || t.is_keyword("UNIQUE") ||
         t.is_keyword("CHECK") || t.is_keyword("FOREIGN") || t.is_keyword("NOT") ||
         t.is_keyword("NULL") || t.is_keyword("DEFAULT") || t.is_keyword("COLLATE") ||
         t.is_keyword("REFERENCES") || t.is_keyword("GENERATED") || t.is_keyword("AS");
}

std::string action_words(const Tokens& t, std::size_t& i, std::size_t end) {
  std::string words;
  while (i < end && t[i].kind == TokenKind::kWord &&
         (t[i].is_keyword("SET") || t[i].is_keyword("NULL") || t[i].is_keyword("DEFAULT") ||
          t[i].is_keyword("CASCADE") || t[i].is_keyword("RESTRICT") || t[i].is_keyword("NO") ||
          t[i].is_keyword("ACTION"))) {
    if (!words.empty()) words += ' ';
    words += to_lower(t[i].text);
    ++i;
    if (words == "set null" || words == "set default" || words == "cascade" ||
        words == "restrict" || words == "no action")
      break;
  }
  return words;
}

// REFERENCES tbl [(cols)] [ON DELETE|UPDATE action | MATCH x]* [[NOT] DEFERRABLE [INITIALLY ...]]
void parse_references(const Tokens& t, std::size_t& i, std::size_t end, ParsedConstraint& c) {
  ++i;  // REFERENCES
  if (i < end && t[i].is_name()) c.ref_table = t[i++].value;
  if (i < end && t[i].is_punct('.') && i + 1 < end) {  // schema.table
    c.ref_table = t[i + 1].value;
    i += 2;
  }
  if (i < end && t[i].is_punct('(')) c.ref_columns = name_list(t, i, i);
  while (i < end) {
    if (t[i].is_keyword("ON") && i + 1 < end) {
      bool on_delete = t[i + 1].is_keyword("DELETE");
      i += 2;
      (on_delete ? c.on_delete : c.on_update) = action_words(t, i, end);
    } else if (t[i].is_keyword("MATCH")) {
      i += 2;
    } else if (t[i].is_keyword("NOT") && i + 1 < end && t[i + 1].is_keyword("DEFERRABLE")) {
      i += 2;
    } else if (t[i].is_keyword("DEFERRABLE")) {
      c.deferrable = true;
      ++i;
    } else if (t[i].is_keyword("INITIALLY") && i + 1 < end) {
      c.initially_deferred = t[i + 1].is_keyword("DEFERRED");
      i += 2;
    } else {
      break;
    }
  }
}

// Parses constraints in [i, end); column-level when `column` is non-empty.
void parse_constraints(std::string_view sql, const Tokens& t, std::size_t i, std::size_t end,
                       const std::string& column, std::vector<ParsedConstraint>& out) {
  std::string pending_name;
  while (i < end) {
    const Token& tok = t[i];
    if (tok.is_keyword("CONSTRAINT") && i + 1 < end) {
      pending_name = t[i + 1].value;
      i += 2;
      continue;
    }
    ParsedConstraint c;
    c.name = pending_name;
    bool made = true;
    if (tok.is_keyword("PRIMARY") || tok.is_keyword("UNIQUE")) {
      c.kind = tok.is_keyword("PRIMARY") ? ConstraintKind::kPrimaryKey : ConstraintKind::kUnique;
      i += tok.is_keyword("PRIMARY") ? 2 : 1;
      if (i < end && t[i].is_punct('(')) {
        c.columns = name_list(t, i, i);
      } else {
        c.columns = {column};
      }
    } else if (tok.is_keyword("CHECK") && i + 1 < end && t[i + 1].is_punct('(')) {
      c.kind = ConstraintKind::kCheck;
      std::size_t close = matching(t, i + 1);
      c.check_sql = span(sql, t, i + 2, close - 1);
      i = close + 1;
    } else if (tok.is_keyword("FOREIGN") && i + 2 < end && t[i + 2].is_punct('(')) {
      c.kind = ConstraintKind::kForeignKey;
      c.columns = name_list(t, i + 2, i);
      if (i < end && t[i].is_keyword("REFERENCES")) parse_references(t, i, end, c);
    } else if (tok.is_keyword("REFERENCES")) {
      c.kind = ConstraintKind::kForeignKey;
      c.columns = {column};
      parse_references(t, i, end, c);
    } else {
      made = false;
      if ((tok.is_keyword("DEFAULT") || tok.is_keyword("AS")) && i + 1 < end &&
          t[i + 1].is_punct('(')) {
        i = matching(t, i + 1) + 1;
      } else if (tok.is_punct('(')) {
        i = matching(t, i) + 1;
      } else {
        ++i;
      }
    }
    if (made) {
      out.push_back(std::move(c));
      pending_name.clear();
    }
  }
}

// COLLATE, GENERATED ALWAYS AS (...) [STORED|VIRTUAL] and AUTOINCREMENT in a
// column's constraints [i, end); parenthesised groups (CHECK, DEFAULT) are
// skipped, so a COLLATE inside an expression is not the column's.
void parse_column_properties(std::string_view sql, const Tokens& t, std::size_t i, std::size_t end,
                             ParsedColumn& col) {
  while (i < end) {
    const Token& tok = t[i];
    if (tok.is_keyword("COLLATE") && i + 1 < end) {
      col.collation = t[i + 1].value;
      i += 2;
    } else if (tok.is_keyword("AS") && i + 1 < end && t[i + 1].is_punct('(')) {
      const std::size_t close = matching(t, i + 1);
      col.generated = span(sql, t, i + 2, close - 1);
      i = close + 1;
      col.generated_stored = i < end && t[i].is_keyword("STORED");
    } else if (tok.is_keyword("AUTOINCREMENT")) {
      col.autoincrement = true;
      ++i;
    } else if (tok.is_punct('(')) {
      i = matching(t, i) + 1;
    } else {
      ++i;
    }
  }
}

// The index of the first '(' at depth 0, or t.size().
std::size_t first_paren(const Tokens& t) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].is_punct('(')) return i;
  }
  return t.size();
}

// The last name before `limit` that is not a keyword of the statement head.
std::string object_name(const Tokens& t, std::size_t limit) {
  std::string name;
  for (std::size_t i = 0; i < limit; ++i) {
    if (t[i].kind == TokenKind::kQuotedName) name = t[i].value;
    if (t[i].kind == TokenKind::kWord && !t[i].is_keyword("CREATE") && !t[i].is_keyword("TABLE") &&
        !t[i].is_keyword("TEMP") && !t[i].is_keyword("TEMPORARY") && !t[i].is_keyword("IF") &&
        !t[i].is_keyword("NOT") && !t[i].is_keyword("EXISTS") && !t[i].is_keyword("UNIQUE") &&
        !t[i].is_keyword("INDEX") && !t[i].is_keyword("ON"))
      name = t[i].value;
  }
  return name;
}

}  // namespace

std::string make_marker(std::string_view key, std::string_view text) {
  std::string out = "/* retort:";
  out += key;
  if (!text.empty()) {
    out += ' ';
    for (char c : text) {
      if (c == '\\') {
        out += "\\\\";
      } else if (c == '/' && !out.empty() && out.back() == '*') {
        out += "\\/";
      } else {
        out += c;
      }
    }
  }
  out += " */";
  return out;
}

bool read_marker(std::string_view comment, std::string_view key, std::string& text) {
  std::string head = "/* retort:" + std::string(key);
  if (comment.substr(0, head.size()) != head || comment.size() < head.size() + 3 ||
      comment.substr(comment.size() - 3) != " */")
    return false;
  std::string_view body = comment.substr(head.size(), comment.size() - 3 - head.size());
  if (!body.empty() && body[0] != ' ') return false;  // a longer key
  if (!body.empty()) body.remove_prefix(1);
  text.clear();
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\' && i + 1 < body.size()) ++i;
    text += body[i];
  }
  return true;
}

ParsedTable parse_create_table(std::string_view sql) {
  ParsedTable table;
  Tokens all = tokenize(sql);
  for (const Token& tok : all) {
    if (tok.kind == TokenKind::kComment && tok.text.rfind("/* retort:", 0) == 0)
      table.markers.push_back(tok.text);
  }
  // Comments are attributed to the column definition they sit in.
  Tokens t;
  t.reserve(all.size());
  std::vector<std::pair<std::size_t, std::string>> comments;
  for (Token& tok : all) {
    if (tok.kind == TokenKind::kComment) {
      comments.emplace_back(t.size(), tok.text);
    } else {
      t.push_back(std::move(tok));
    }
  }
  std::size_t open = first_paren(t);
  if (open >= t.size()) return table;
  table.name = object_name(t, open);
  std::size_t close = matching(t, open);
  for (auto [b, e] : split_items(t, open, std::min(close, t.size()))) {
    if (b >= e) continue;
    if (starts_constraint(t[b])) {
      parse_constraints(sql, t, b, e, "", table.constraints);
      continue;
    }
    ParsedColumn col;
    col.name = t[b].value;
    std::size_t i = b + 1;
    std::size_t type_begin = i;
    while (i < e && !starts_constraint(t[i])) {
      if (t[i].is_punct('(')) {
        i = matching(t, i) + 1;
      } else {
        ++i;
      }
    }
    if (i > type_begin) col.declared_type = span(sql, t, type_begin, i - 1);
    parse_constraints(sql, t, i, e, col.name, col.constraints);
    parse_column_properties(sql, t, i, e, col);
    // A comment belongs to this column when it sits after its first token and
    // before the comma that ends it (e points at the comma or ')').
    for (const auto& [pos, text] : comments) {
      if (pos > b && pos <= e && text.rfind("/* retort:", 0) == 0) col.markers.push_back(text);
    }
    table.columns.push_back(std::move(col));
  }
  return table;
}

ParsedIndex parse_create_index(std::string_view sql) {
  ParsedIndex index;
  Tokens t = without_comments(tokenize(sql));
  std::size_t open = first_paren(t);
  if (open >= t.size()) return index;
  for (std::size_t i = 0; i < open; ++i) {
    if (t[i].is_keyword("UNIQUE")) index.unique = true;
    if (t[i].is_keyword("ON") && i + 1 < open) {
      index.table = t[i + 1].value;
      index.name = object_name(t, i);
    }
  }
  std::size_t close = matching(t, open);
  for (auto [b, e] : split_items(t, open, std::min(close, t.size()))) {
    if (b >= e) continue;
    IndexKey key;
    std::size_t last = e - 1;
    if (t[last].is_keyword("DESC") || t[last].is_keyword("ASC")) {
      if (t[last].is_keyword("DESC")) key.order = SortOrder::kDesc;
      if (last == b) continue;
      --last;
    }
    // expr COLLATE name
    if (last > b + 1 && t[last - 1].is_keyword("COLLATE")) {
      key.collation = t[last].value;
      last -= 2;
    }
    if (last == b && t[b].is_name()) {
      key.column = t[b].value;
    } else {
      key.expression = span(sql, t, b, last);
    }
    index.keys.push_back(std::move(key));
  }
  for (std::size_t i = close + 1; i < t.size(); ++i) {
    if (t[i].is_keyword("WHERE") && i + 1 < t.size()) {
      std::size_t last = t.size() - 1;
      if (t[last].is_punct(';') && last > i + 1) --last;
      index.where = span(sql, t, i + 1, last);
      break;
    }
  }
  return index;
}

}  // namespace retort::sqlite

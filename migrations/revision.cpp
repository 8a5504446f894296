#include "migrations/revision.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <fstream>
#include <random>
#include <sstream>

#include "core/internal/ops_toml.hpp"
#include "core/internal/user_file.hpp"
#include "core/lint.hpp"
#include "migrations/internal/branch_label.hpp"
#include "migrations/internal/lock_settings_toml.hpp"

namespace retort::migrations {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTopKeys[] = {
    "revision",          "down_revision", "branch_labels", "depends_on",   "replaces",
    "message",           "created",       "transactional", "lock_timeout", "lock_retries",
    "statement_timeout", "lint_ignore",   "upgrade",       "downgrade"};

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

Error bad(const std::string& file, int line, std::string message, std::string hint = {}) {
  Error e = Error::bad_input(std::move(message), std::move(hint));
  e.at(file, line);
  return e;
}

Result<std::vector<std::string>> string_list(const toml::node& node, std::string_view key,
                                             const std::string& file) {
  std::vector<std::string> out;
  const toml::array* arr = node.as_array();
  if (arr == nullptr) {
    return bad(file, line_of(node), fmt::format("\"{}\" must be an array of strings", key));
  }
  for (const toml::node& item : *arr) {
    const auto* s = item.as_string();
    if (s == nullptr) {
      return bad(file, line_of(item), fmt::format("\"{}\" must be an array of strings", key));
    }
    out.push_back(s->get());
  }
  return out;
}

Result<std::vector<Op>> read_ops(const toml::node& node, std::string_view key,
                                 const std::string& file, std::vector<int>& lines) {
  std::vector<Op> ops;
  const toml::array* arr = node.as_array();
  if (arr == nullptr || !arr->is_array_of_tables()) {
    if (arr != nullptr && arr->empty()) return ops;
    return bad(file, line_of(node), fmt::format("\"{}\" must be an array of tables", key),
               fmt::format("write each op as a [[{}]] table", key));
  }
  for (const toml::node& item : *arr) {
    Result<Op> op = op_from_toml(*item.as_table(), file);
    if (!op) {
      Error e = std::move(op).error();
      if (e.file.empty()) e.at(file, line_of(item));
      if (e.line == 0) e.line = line_of(item);
      return e;
    }
    ops.push_back(std::move(*op));
    lines.push_back(line_of(item));
  }
  return ops;
}

constexpr auto kFormat =
    toml::toml_formatter::default_flags & ~toml::format_flags::allow_literal_strings;

std::string string_array(const std::vector<std::string>& items) {
  toml::array arr;
  for (const auto& s : items) arr.push_back(s);
  toml::table one;
  one.insert("v", arr);
  std::ostringstream out;
  out << toml::toml_formatter(one, kFormat);
  return out.str().substr(4);  // drop "v = "
}

std::string toml_string(std::string_view s) {
  toml::table one;
  one.insert("v", std::string(s));
  std::ostringstream out;
  out << toml::toml_formatter(one, kFormat);
  return out.str().substr(4);
}

void write_ops(std::ostringstream& out, std::string_view section, const std::vector<Op>& ops) {
  // Same key order and layout as models.toml: op, where it applies, then the
  // column/table keys in their reading order.
  for (const Op& op : ops) {
    out << "\n[[" << section << "]]\n" << format_toml_entry(op_to_toml(op));
  }
}

// Whether `s` reads back as a TOML date-time, so it may be written unquoted.
bool is_toml_date_time(const std::string& s) {
  try {
    toml::table doc = toml::parse("v = " + s);
    return doc.size() == 1 && doc["v"].is_date_time();
  } catch (const toml::parse_error&) {
    return false;
  }
}

// `created` must be a TOML date-time (2026-11-22T10:15:00Z), not a string.
Result<std::string> read_created(const toml::node& node, const std::string& file) {
  const auto* dt = node.as_date_time();
  if (dt == nullptr) {
    return bad(file, line_of(node), "\"created\" must be a TOML date-time",
               "write created = 2026-11-22T10:15:00Z (no quotes), or remove the line");
  }
  std::ostringstream out;
  out << dt->get();
  return out.str();
}

// lint_ignore = [{ code = "drop-column", reason = "..." }, ...]
Result<std::vector<LintIgnore>> read_lint_ignore(const toml::node& node, const std::string& file) {
  const std::string_view hint =
      "write lint_ignore = [{ code = \"drop-column\", reason = \"why it is safe here\" }] "
      "(codes: docs/lint.md)";
  const toml::array* arr = node.as_array();
  if (arr == nullptr) {
    return bad(file, line_of(node), "\"lint_ignore\" must be an array of tables",
               std::string(hint));
  }
  std::vector<LintIgnore> out;
  for (const toml::node& item : *arr) {
    const toml::table* t = item.as_table();
    if (t == nullptr) {
      return bad(file, line_of(item), "each lint_ignore entry must be { code, reason }",
                 std::string(hint));
    }
    for (auto&& [key, value] : *t) {
      if (key.str() != "code" && key.str() != "reason") {
        return bad(file, line_of(value),
                   fmt::format("unknown key \"{}\" in lint_ignore", key.str()), std::string(hint));
      }
    }
    const auto* code = t->get_as<std::string>("code");
    const auto* reason = t->get_as<std::string>("reason");
    if (code == nullptr || reason == nullptr || reason->get().empty()) {
      return bad(file, line_of(item), "a lint_ignore entry needs a `code` and a non-empty `reason`",
                 std::string(hint));
    }
    if (!is_lint_code(code->get())) {
      return bad(file, line_of(item), fmt::format("unknown lint code \"{}\"", code->get()),
                 fmt::format("known codes: {}", fmt::join(lint_codes(), ", ")));
    }
    out.push_back({code->get(), reason->get()});
  }
  return out;
}

}  // namespace

std::string Revision::down_revision() const {
  return down_revisions.empty() ? std::string() : down_revisions.front();
}

Result<Revision> read_revision(std::string_view toml_text, const std::string& source_name) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    return bad(source_name, static_cast<int>(e.source().begin.line),
               fmt::format("malformed TOML: {}", e.description()),
               "fix the syntax of the revision file");
  }
  Revision rev;
  for (auto&& [key, node] : doc) {
    if (std::find(std::begin(kTopKeys), std::end(kTopKeys), key.str()) == std::end(kTopKeys)) {
      return bad(
          source_name, static_cast<int>(key.source().begin.line),
          fmt::format("unknown key \"{}\" in revision file", key.str()),
          "known keys: revision, down_revision, branch_labels, depends_on, replaces, message, "
          "created, transactional, lock_timeout, lock_retries, statement_timeout, "
          "lint_ignore, [[upgrade]], [[downgrade]]");
    }
  }

  const toml::node* id = doc.get("revision");
  if (id == nullptr || !id->is_string()) {
    return bad(source_name, id ? line_of(*id) : 1, "missing or non-string \"revision\"",
               "write revision = \"<12 hex chars>\"");
  }
  rev.id = id->as_string()->get();
  rev.line = line_of(*id);
  if (Status s = validate_revision_id(rev.id); !s) {
    Error e = std::move(s).error();
    return e.at(source_name, rev.line);
  }

  const toml::node* down = doc.get("down_revision");
  if (down == nullptr) {
    return bad(source_name, 1, "missing \"down_revision\"",
               "write down_revision = \"\" for a first revision, or the parent's id");
  }
  if (const auto* s = down->as_string()) {
    if (!s->get().empty()) rev.down_revisions.push_back(s->get());
  } else if (down->is_array()) {
    Result<std::vector<std::string>> list = string_list(*down, "down_revision", source_name);
    if (!list) return std::move(list).error();
    rev.down_revisions = std::move(*list);
  } else {
    return bad(source_name, line_of(*down),
               "\"down_revision\" must be a string or an array of strings");
  }
  for (const auto& d : rev.down_revisions) {
    if (d.empty()) return bad(source_name, line_of(*down), "empty id in \"down_revision\"");
  }

  if (const toml::node* n = doc.get("branch_labels")) {
    Result<std::vector<std::string>> list = string_list(*n, "branch_labels", source_name);
    if (!list) return std::move(list).error();
    for (const std::string& label : *list) {
      if (Status s = validate_branch_label(label); !s) {
        Error e = std::move(s).error();
        return e.at(source_name, line_of(*n));
      }
    }
    rev.branch_labels = std::move(*list);
  }
  if (const toml::node* n = doc.get("depends_on")) {
    Result<std::vector<std::string>> list = string_list(*n, "depends_on", source_name);
    if (!list) return std::move(list).error();
    rev.depends_on = std::move(*list);
  }
  if (const toml::node* n = doc.get("replaces")) {
    Result<std::vector<std::string>> list = string_list(*n, "replaces", source_name);
    if (!list) return std::move(list).error();
    rev.replaces = std::move(*list);
  }
  if (const toml::node* n = doc.get("message")) {
    if (!n->is_string()) return bad(source_name, line_of(*n), "\"message\" must be a string");
    rev.message = n->as_string()->get();
  }
  if (const toml::node* n = doc.get("created")) {
    Result<std::string> created = read_created(*n, source_name);
    if (!created) return std::move(created).error();
    rev.created = std::move(*created);
  }
  if (const toml::node* n = doc.get("transactional")) {
    if (!n->is_boolean())
      return bad(source_name, line_of(*n), "\"transactional\" must be true or false");
    rev.transactional = n->as_boolean()->get();
  }
  for (std::string_view key : {"lock_timeout", "lock_retries", "statement_timeout"}) {
    if (const toml::node* n = doc.get(key)) {
      if (Status s = read_lock_setting(key, *n, source_name, rev.lock); !s) return s.error();
    }
  }
  if (const toml::node* n = doc.get("lint_ignore")) {
    Result<std::vector<LintIgnore>> ignores = read_lint_ignore(*n, source_name);
    if (!ignores) return std::move(ignores).error();
    rev.lint_ignore = std::move(*ignores);
  }
  if (const toml::node* n = doc.get("upgrade")) {
    Result<std::vector<Op>> ops = read_ops(*n, "upgrade", source_name, rev.upgrade_lines);
    if (!ops) return std::move(ops).error();
    rev.upgrade = std::move(*ops);
  }
  if (const toml::node* n = doc.get("downgrade")) {
    Result<std::vector<Op>> ops = read_ops(*n, "downgrade", source_name, rev.downgrade_lines);
    if (!ops) return std::move(ops).error();
    rev.downgrade = std::move(*ops);
  }
  return rev;
}

int Revision::op_line(bool upgrade_op, std::size_t index) const {
  const std::vector<int>& lines = upgrade_op ? upgrade_lines : downgrade_lines;
  return index < lines.size() && lines[index] > 0 ? lines[index] : line;
}

Result<Revision> read_revision_file(const fs::path& path) {
  Result<std::string> text =
      read_user_file(path, "revision file",
                     "every *.toml entry in the versions folder must be a readable revision "
                     "file; fix it or move it out of the folder");
  if (!text) return std::move(text).error();
  Result<Revision> rev = read_revision(*text, path.string());
  if (rev) rev->path = path;
  return rev;
}

Error revision_error(const Revision& revision, std::string message, std::string hint) {
  Error e = Error::bad_input(std::move(message), std::move(hint));
  e.at(revision.path.string(), revision.line);
  return e;
}

std::string write_revision(const Revision& revision) {
  std::ostringstream out;
  out << "revision = " << toml_string(revision.id) << "\n";
  if (revision.down_revisions.size() > 1) {
    out << "down_revision = " << string_array(revision.down_revisions) << "\n";
  } else {
    out << "down_revision = " << toml_string(revision.down_revision()) << "\n";
  }
  out << "branch_labels = " << string_array(revision.branch_labels) << "\n";
  out << "depends_on = " << string_array(revision.depends_on) << "\n";
  if (!revision.replaces.empty()) {
    out << "replaces = " << string_array(revision.replaces) << "\n";
  }
  out << "message = " << toml_string(revision.message) << "\n";
  if (is_toml_date_time(revision.created)) {
    out << "created = " << revision.created << "\n";
  } else if (!revision.created.empty()) {
    out << "created = " << toml_string(revision.created) << "\n";
  }
  if (!revision.transactional) out << "transactional = false\n";
  if (revision.lock.lock_timeout) {
    out << "lock_timeout = " << toml_string(format_duration(*revision.lock.lock_timeout)) << "\n";
  }
  if (revision.lock.lock_retries) out << "lock_retries = " << *revision.lock.lock_retries << "\n";
  if (revision.lock.statement_timeout) {
    out << "statement_timeout = " << toml_string(format_duration(*revision.lock.statement_timeout))
        << "\n";
  }
  if (!revision.lint_ignore.empty()) {
    out << "lint_ignore = [\n";
    for (const LintIgnore& i : revision.lint_ignore) {
      out << "  { code = " << toml_string(i.code) << ", reason = " << toml_string(i.reason)
          << " },\n";
    }
    out << "]\n";
  }
  write_ops(out, "upgrade", revision.upgrade);
  write_ops(out, "downgrade", revision.downgrade);
  return out.str();
}

std::string revision_file_name(const Revision& revision) {
  std::string slug;
  for (char c : revision.message) {
    if (slug.size() >= 40) break;
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 128) {
      slug += static_cast<char>(std::tolower(u));
    } else if (!slug.empty() && slug.back() != '_') {
      slug += '_';
    }
  }
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  return slug.empty() ? revision.id + ".toml" : revision.id + "_" + slug + ".toml";
}

Result<fs::path> write_revision_file(const Revision& revision, const fs::path& versions_dir) {
  const fs::path path = versions_dir / revision_file_name(revision);
  std::error_code ec;
  if (!fs::is_directory(versions_dir, ec)) {
    return bad(versions_dir.string(), 0,
               fmt::format("versions directory {} does not exist", versions_dir.string()),
               "run `retort init`, or fix script_location in retort.toml");
  }
  // Anything at the path counts, a dangling or looping symbolic link too.
  const fs::file_type there = fs::symlink_status(path, ec).type();
  if (there != fs::file_type::not_found) {
    return bad(path.string(), 0, fmt::format("{} already exists", path.string()),
               "pick another --rev-id or message");
  }
  std::ofstream out(path, std::ios::binary);
  out << write_revision(revision);
  out.close();
  if (!out) return bad(path.string(), 0, fmt::format("cannot write {}", path.string()));
  return path;
}

std::string new_revision_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<int> digit(0, 15);
  std::string id;
  for (int i = 0; i < 12; ++i) id += "0123456789abcdef"[digit(rng)];
  return id;
}

Status validate_revision_id(std::string_view id) {
  if (id.empty() || id.size() > 32) {
    return Error::bad_input(fmt::format("revision id \"{}\" must be 1 to 32 characters", id),
                            "use letters, digits and '_'");
  }
  for (char c : id) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) && u < 128) && c != '_') {
      return Error::bad_input(fmt::format("revision id \"{}\" has the character '{}'", id, c),
                              "use letters, digits and '_'");
    }
  }
  if (id == "head" || id == "heads" || id == "base") {
    return Error::bad_input(fmt::format("revision id \"{}\" is a reserved word", id),
                            "pick another id");
  }
  return {};
}

std::string now_rfc3339() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<Revision> new_revision(const NewRevision& request) {
  Revision rev;
  if (request.rev_id.empty()) {
    rev.id = new_revision_id();
  } else {
    if (Status s = validate_revision_id(request.rev_id); !s) return std::move(s).error();
    rev.id = request.rev_id;
  }
  rev.down_revisions = request.down_revisions;
  rev.branch_labels = request.branch_labels;
  rev.depends_on = request.depends_on;
  rev.message = request.message;
  rev.transactional = request.transactional;
  rev.created = now_rfc3339();
  rev.upgrade = request.ops;
  Result<std::vector<Op>> downgrade = inverse_all(request.ops);
  if (!downgrade) {
    Error e = std::move(downgrade).error();
    e.code = ErrorCode::kBadInput;
    if (e.hint.empty()) e.hint = "write the downgrade ops of the new revision by hand";
    return e;
  }
  rev.downgrade = std::move(*downgrade);
  return rev;
}

}  // namespace retort::migrations

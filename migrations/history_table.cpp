#include "migrations/history_table.hpp"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

namespace retort::migrations {
namespace {

constexpr std::string_view kColumns =
    "seq, revision, direction, result, ops_done, ops_total, message, error, checksum, "
    "started_at, finished_at, duration_ms, retort_version, user_name, host_name";

std::string os_user() {
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') return user;
  if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr) {
    return pw->pw_name;
  }
  return {};
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return {};
  return buf;
}

std::string utc_text(std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
  const std::time_t secs = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03}Z", buf, ms);
}

}  // namespace

std::string utc_now_text(std::chrono::milliseconds ago) {
  return utc_text(std::chrono::system_clock::now() - ago);
}

void set_step_times(HistoryRow& row, std::chrono::milliseconds elapsed) {
  const auto now = std::chrono::system_clock::now();
  row.finished_at = utc_text(now);
  row.started_at = utc_text(now - elapsed);
  row.duration_ms = elapsed.count();
}

HistoryRow new_history_row(std::string revision, std::string direction, std::string result) {
  // Read once per process: getpwuid() opens /etc/passwd, which per revision
  // cost a 200-revision chain several percent.
  static const std::string user = os_user();
  static const std::string host = host_name();
  HistoryRow row;
  row.revision = std::move(revision);
  row.direction = std::move(direction);
  row.result = std::move(result);
  row.started_at = utc_now_text();
  row.retort_version = RETORT_VERSION;
  row.user_name = user;
  row.host_name = host;
  return row;
}

HistoryTable::HistoryTable(const Dialect& dialect, std::string table_name)
    : dialect_(dialect), name_(std::move(table_name)) {}

std::string HistoryTable::create_sql() const {
  return fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (seq INTEGER NOT NULL PRIMARY KEY, revision VARCHAR(255) NOT "
      "NULL, direction VARCHAR(16) NOT NULL, result VARCHAR(32) NOT NULL, ops_done INTEGER NOT "
      "NULL, ops_total INTEGER NOT NULL, message TEXT, error TEXT, checksum VARCHAR(128), "
      "started_at VARCHAR(40) NOT NULL, finished_at VARCHAR(40), duration_ms BIGINT, "
      "retort_version VARCHAR(32) NOT NULL, user_name VARCHAR(255), host_name VARCHAR(255))",
      dialect_.quote_identifier(name_));
}

std::string HistoryTable::insert_sql(const HistoryRow& row, bool finished) const {
  auto text = [&](const std::string& value) {
    return value.empty() ? std::string("NULL") : dialect_.quote_literal(value);
  };
  auto time = [&](const std::string& value) {
    return value.empty() ? dialect_.utc_now_sql() : dialect_.quote_literal(value);
  };
  const std::string table = dialect_.quote_identifier(name_);
  const std::string duration =
      row.duration_ms ? std::to_string(*row.duration_ms) : std::string("NULL");
  return fmt::format(
      "INSERT INTO {} ({}) SELECT COALESCE(MAX(seq), 0) + 1, {}, {}, {}, {}, {}, {}, {}, {}, {}, "
      "{}, {}, {}, {}, {} FROM {}",
      table, kColumns, dialect_.quote_literal(row.revision), dialect_.quote_literal(row.direction),
      dialect_.quote_literal(row.result), row.ops_done, row.ops_total, text(row.message),
      text(row.error), text(row.checksum), time(row.started_at),
      finished ? time(row.finished_at) : std::string("NULL"), duration,
      dialect_.quote_literal(row.retort_version), text(row.user_name), text(row.host_name), table);
}

std::string HistoryTable::progress_sql(std::int64_t seq, int ops_done) const {
  return fmt::format("UPDATE {} SET ops_done = {} WHERE seq = {}", dialect_.quote_identifier(name_),
                     ops_done, seq);
}

std::string HistoryTable::finish_sql(const HistoryRow& row) const {
  return fmt::format(
      "UPDATE {} SET result = {}, ops_done = {}, error = {}, checksum = {}, finished_at = {}, "
      "duration_ms = {} WHERE seq = {}",
      dialect_.quote_identifier(name_), dialect_.quote_literal(row.result), row.ops_done,
      row.error.empty() ? std::string("NULL") : dialect_.quote_literal(row.error),
      row.checksum.empty() ? std::string("NULL") : dialect_.quote_literal(row.checksum),
      row.finished_at.empty() ? dialect_.utc_now_sql() : dialect_.quote_literal(row.finished_at),
      row.duration_ms ? std::to_string(*row.duration_ms) : std::string("NULL"), row.seq);
}

Status HistoryTable::ensure(Connection& conn) const { return conn.execute(create_sql()); }

Result<std::int64_t> HistoryTable::last_seq(Connection& conn) const {
  Result<Rows> rows =
      conn.query(fmt::format("SELECT MAX(seq) FROM {}", dialect_.quote_identifier(name_)));
  if (!rows) return std::move(rows).error();
  if (rows->rows.empty() || rows->rows[0].empty() || !rows->rows[0][0]) {
    return Error::internal("the history row just written is missing");
  }
  return static_cast<std::int64_t>(std::stoll(*rows->rows[0][0]));
}

bool took_effect(const HistoryRow& row) {
  return row.result == history_result::kApplied || row.result == history_result::kResolvedApplied;
}

std::string describe_partial(const HistoryRow& row) {
  const std::string what =
      row.error.empty()
          ? fmt::format("op {} did not finish (the run was stopped)", row.ops_done + 1)
          : fmt::format("the run stopped with: {}", row.error);
  const std::string done = row.ops_done == 0 ? fmt::format("no op of {} done", row.ops_total)
                           : row.ops_done == 1
                               ? fmt::format("op 1 of {} done", row.ops_total)
                               : fmt::format("ops 1..{} of {} done", row.ops_done, row.ops_total);
  return fmt::format("revision {} is partly applied ({} started {}): {}; {}", row.revision,
                     row.direction, row.started_at, done, what);
}

std::string resume_command(const HistoryRow& row) {
  return row.direction == "downgrade" ? fmt::format("retort downgrade {}-1", row.revision)
                                      : fmt::format("retort upgrade {}", row.revision);
}

Result<std::vector<HistoryRow>> HistoryTable::read(Connection& conn) const {
  Result<bool> present = dialect_.table_exists(conn, name_);
  if (!present) return std::move(present).error();
  if (!*present) return std::vector<HistoryRow>{};
  return select(conn, "");
}

Result<std::vector<HistoryRow>> HistoryTable::partial(Connection& conn) const {
  return select(
      conn, fmt::format(" WHERE result = {}", dialect_.quote_literal(history_result::kPartial)));
}

Result<std::vector<HistoryRow>> HistoryTable::select(Connection& conn,
                                                     std::string_view where) const {
  Result<Rows> rows = conn.query(fmt::format("SELECT {} FROM {}{} ORDER BY seq", kColumns,
                                             dialect_.quote_identifier(name_), where));
  if (!rows) return std::move(rows).error();
  std::vector<HistoryRow> out;
  for (const Row& r : rows->rows) {
    auto text = [&](std::size_t i) { return r.at(i) ? *r.at(i) : std::string(); };
    auto number = [&](std::size_t i) { return r.at(i) ? std::stoll(*r.at(i)) : 0LL; };
    HistoryRow row;
    row.seq = number(0);
    row.revision = text(1);
    row.direction = text(2);
    row.result = text(3);
    row.ops_done = static_cast<int>(number(4));
    row.ops_total = static_cast<int>(number(5));
    row.message = text(6);
    row.error = text(7);
    row.checksum = text(8);
    row.started_at = text(9);
    row.finished_at = text(10);
    if (r.at(11)) row.duration_ms = number(11);
    row.retort_version = text(12);
    row.user_name = text(13);
    row.host_name = text(14);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace retort::migrations

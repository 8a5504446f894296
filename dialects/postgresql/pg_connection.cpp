// The one file that talks to libpqxx: every driver exception is caught here
// and becomes an Error with the server's message, SQLSTATE and statement.
#include "dialects/postgresql/pg_connection.hpp"

#include <fmt/format.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <unordered_map>
#include <utility>

#include "dialects/internal/url_secrets.hpp"
#include "dialects/postgresql/pg_driver.hpp"
#include "dialects/postgresql/pg_prepared.hpp"

namespace retort::postgresql {
namespace {

// Statements are cached by SQL text and prepared under generated names.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class PgConnection final : public Connection {
 public:
  PgConnection(std::unique_ptr<pqxx::connection> conn, const Dialect& dialect)
      : conn_(std::move(conn)), dialect_(dialect) {
    // Notices (e.g. "schema already exists, skipping") are not errors; keep
    // them off stderr.
    quiet_ = std::make_unique<pqxx::quiet_errorhandler>(*conn_);
  }
  ~PgConnection() override {
    statements_.clear();
    quiet_.reset();
    try {
      conn_->disconnect();
    } catch (...) {  // NOLINT(bugprone-empty-catch): closing is best effort
    }
  }

  const Dialect& dialect() const override { return dialect_; }

  Status execute(std::string_view sql) override {
    Result<Rows> r = run(sql, nullptr);
    if (!r) return std::move(r).error();
    return {};
  }

  // Inside a transaction: one simple query, "SAVEPOINT; s1; s2; ...;
  // RELEASE", so N statements cost one round trip instead of N. The server
  // stops at the first error without saying which statement it was; the
  // savepoint lets the batch be undone and replayed one statement at a time
  // to find it. Not after a lock or statement timeout: the replay would wait
  // as long again (and a lock timeout is the caller's to retry), so which
  // statement it was stays unknown (*failed = statements.size()). Outside a
  // transaction a multi-statement query would become one implicit
  // transaction, so the statements go one by one there.
  Status execute_batch(std::span<const std::string> statements, std::size_t* failed) override {
    if (!in_transaction_ || statements.size() < 2) {
      return Connection::execute_batch(statements, failed);
    }
    std::string batch = "SAVEPOINT retort_batch;\n";
    for (const std::string& sql : statements) {
      batch += sql;
      batch += "\n;\n";  // the newline ends a trailing "--" comment first
    }
    batch += "RELEASE SAVEPOINT retort_batch";
    Status whole = execute(batch);
    if (whole) return whole;
    if (whole.error().sqlstate == "55P03" || whole.error().sqlstate == "57014") {
      *failed = statements.size();
      return whole;
    }
    if (Status undo = execute("ROLLBACK TO SAVEPOINT retort_batch"); undo) {
      if (Status s = Connection::execute_batch(statements, failed); !s) return s;
      return execute("RELEASE SAVEPOINT retort_batch");
    }
    // Not even the SAVEPOINT ran: the server parses the whole string before
    // running any of it, so one statement does not parse.
    *failed = 0;
    if (std::optional<std::pair<std::size_t, Error>> bad = unparsable(statements)) {
      *failed = bad->first;
      return std::move(bad->second);
    }
    return whole;
  }

  Result<Rows> query(std::string_view sql, const std::vector<Cell>& params) override {
    return run(sql, &params);
  }

  Status begin() override {
    Status s = execute("BEGIN");
    if (s) in_transaction_ = true;
    return s;
  }
  Status commit() override {
    Status s = execute("COMMIT");
    in_transaction_ = false;
    return s;
  }
  Status rollback() override {
    Status s = execute("ROLLBACK");
    in_transaction_ = false;
    return s;
  }
  bool in_transaction() const override { return in_transaction_; }
  std::size_t round_trips() const override { return round_trips_; }

  Result<PreparedStatement*> prepare(std::string_view sql) override {
    if (auto it = statements_.find(sql); it != statements_.end()) {
      it->second->reset();
      return static_cast<PreparedStatement*>(it->second.get());
    }
    ++round_trips_;
    Result<std::unique_ptr<PgPrepared>> made = PgPrepared::create(
        *conn_, fmt::format("retort_{}", statements_prepared_ + 1), sql, &round_trips_);
    if (!made) return std::move(made).error();
    ++statements_prepared_;
    PreparedStatement* st = made->get();
    statements_.emplace(std::string(sql), std::move(*made));
    return st;
  }
  std::size_t statements_prepared() const override { return statements_prepared_; }

 private:
  Result<Rows> run(std::string_view sql, const std::vector<Cell>* params) {
    ++round_trips_;
    const std::string text(sql);
    try {
      pqxx::nontransaction tx(*conn_);
      pqxx::result result;
      if (params == nullptr || params->empty()) {
        // Simple protocol: several ';'-separated statements are allowed.
        result = tx.exec(text);
      } else {
        std::vector<const char*> values;
        values.reserve(params->size());
        for (const Cell& p : *params) values.push_back(p ? p->c_str() : nullptr);
        result = tx.exec_params(text, pqxx::prepare::make_dynamic_params(values));
      }
      Rows rows;
      const auto width = result.columns();
      for (pqxx::row::size_type c = 0; c < width; ++c) {
        rows.columns.emplace_back(result.column_name(c));
      }
      rows.rows.reserve(result.size());
      for (const auto& r : result) {
        Row row;
        row.reserve(width);
        for (const auto& f : r) {
          if (f.is_null()) {
            row.emplace_back(std::nullopt);
          } else {
            row.emplace_back(std::string(f.c_str(), f.size()));
          }
        }
        rows.rows.push_back(std::move(row));
      }
      return rows;
    } catch (const pqxx::sql_error& e) {
      return server_error(e.what(), e.sqlstate(), text);
    } catch (const pqxx::broken_connection& e) {
      return server_error(e.what(), "08006", text)
          .with_hint("the connection to the PostgreSQL server was lost");
    } catch (const std::exception& e) {
      return server_error(e.what(), "", text);
    }
  }

  // The first statement the server cannot parse, with its error. Asks it to
  // parse each alone (an unnamed prepared statement: nothing runs). In the
  // aborted transaction the parser still runs first, then refuses a valid
  // statement with 25P02; any other error is the statement's own.
  std::optional<std::pair<std::size_t, Error>> unparsable(std::span<const std::string> statements) {
    for (std::size_t i = 0; i < statements.size(); ++i) {
      ++round_trips_;
      try {
        conn_->prepare("", statements[i]);
        conn_->prepare_now("");
        conn_->unprepare("");
      } catch (const pqxx::sql_error& e) {
        conn_->unprepare("");
        if (e.sqlstate() != "25P02") {
          return std::make_pair(i, server_error(e.what(), e.sqlstate(), statements[i]));
        }
      } catch (const std::exception&) {
        return std::nullopt;  // the connection is gone: nothing can be named
      }
    }
    return std::nullopt;
  }

  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::quiet_errorhandler> quiet_;
  std::unordered_map<std::string, std::unique_ptr<PgPrepared>, TextHash, std::equal_to<>>
      statements_;
  const Dialect& dialect_;
  std::size_t statements_prepared_ = 0;
  bool in_transaction_ = false;
  std::size_t round_trips_ = 0;
};

// `url` (a libpq URI or key=value string) with fallback_application_name
// =retort, so pg_stat_activity and lock messages name retort's sessions; an
// application_name the URL sets wins over it. libpq keeps the last value of
// a repeated keyword: ours goes first in a key=value string, and into a
// URI only when it names no fallback of its own.
std::string conninfo_for(std::string_view url) {
  constexpr std::string_view kFallback = "fallback_application_name=retort";
  if (!url.starts_with("postgresql://") && !url.starts_with("postgres://")) {
    return fmt::format("{} {}", kFallback, url);
  }
  const std::size_t q = url.find('?');
  if (q == std::string_view::npos) return fmt::format("{}?{}", url, kFallback);
  std::string_view query = url.substr(q + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    if (param.substr(0, param.find('=')) == "fallback_application_name") return std::string(url);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  const bool open_end = url.back() == '?' || url.back() == '&';
  return fmt::format("{}{}{}", url, open_end ? "" : "&", kFallback);
}

}  // namespace

Result<std::unique_ptr<Connection>> connect_with_libpq(std::string_view url,
                                                       const Dialect& dialect) {
  const std::string where = url_redacted(url);
  try {
    auto conn = std::make_unique<pqxx::connection>(conninfo_for(url));
    return std::unique_ptr<Connection>(std::make_unique<PgConnection>(std::move(conn), dialect));
  } catch (const std::exception& e) {
    Error err = server_error(scrub_password(e.what(), url), "08001", "");
    err.message = fmt::format("cannot connect to {}: {}", where, err.message);
    err.hint =
        "check that the server is running and the URL (user, password, host, port, "
        "database) is right";
    return err;
  }
}

}  // namespace retort::postgresql

// The driver's entry (pg_driver.hpp): refuses a retort of another build.
extern "C" __attribute__((visibility("default"))) void retort_postgresql_driver_v1(
    std::string_view version, std::string_view url, const retort::Dialect& dialect,
    retort::Result<std::unique_ptr<retort::Connection>>& out) {
  if (version != RETORT_BUILD_VERSION) {
    out = retort::Error::database(
        fmt::format("the PostgreSQL driver library is from retort {}, this retort is {}",
                    RETORT_BUILD_VERSION, version),
        "install the driver of the same retort (libretort_postgresql.so), or set "
        "RETORT_POSTGRESQL_DRIVER to its path");
    return;
  }
  out = retort::postgresql::connect_with_libpq(url, dialect);
}

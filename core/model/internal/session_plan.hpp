// retort: what the Session's .cpp files share (private to core/model):
// the SQL prepared once per model (ModelPlan), the INSERT shapes, and the
// row helpers. session.cpp reads and inserts; session_write.cpp updates,
// patches and upserts.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/connection.hpp"
#include "core/dialect.hpp"
#include "core/model/model.hpp"

namespace retort::detail {

inline constexpr std::size_t kNoColumn = std::numeric_limits<std::size_t>::max();

struct ModelPlan {
  std::string table;        // quoted, qualified
  std::string select_list;  // "a", "b", ...
  std::vector<std::size_t> primary_key;
  // Columns the database fills when the object leaves them empty: an
  // autoincrement primary key, a column with a server default.
  std::vector<std::size_t> omittable;
  std::vector<char> zero_is_empty;         // per omittable: a non-optional integer key, 0 = unset
  std::vector<std::size_t> factories;      // columns with a default_factory
  std::vector<const FieldAccess*> access;  // per column, packed for the row loops
  std::vector<std::size_t> writable;       // what update(obj) writes: not key, not version
  std::size_t version = kNoColumn;         // the version_column, if any
  std::string get_sql, delete_sql;
  std::unordered_map<std::string, std::string> insert_sql;  // by shape: mask '/' rows
  std::unordered_map<std::string, std::string> update_sql;  // by shape: columns, returning
  std::unordered_map<std::string, std::string> upsert_sql;  // by omission mask
};

// Resets a statement when leaving scope, also by an exception, so no
// statement stays active (an active SQLite statement blocks COMMIT).
class ResetOnExit {
 public:
  explicit ResetOnExit(PreparedStatement& st) : st_(st) {}
  ~ResetOnExit() { st_.reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  PreparedStatement& st_;
};

// The objects to insert: `count` of them, `stride` bytes apart from `first`.
struct ObjectSpan {
  void* first;
  std::size_t stride;
  std::size_t count;
  void* at(std::size_t i) const { return static_cast<char*>(first) + i * stride; }
};

// The shape of one INSERT: which columns are sent, which the database fills
// and are read back, for a batch of `rows` objects with the same omission
// mask. Rebuilt only when the mask or the row count changes.
struct InsertShape {
  std::string key;  // mask '/' rows: the statement cache key
  std::size_t rows = 0;
  std::vector<char> sent;                       // per column
  std::vector<const FieldAccess*> sent_access;  // the sent columns' accessors, in order
  std::vector<std::size_t> returned;            // columns read back with RETURNING
  std::size_t last_id_column = kNoColumn;       // read back as the last insert id instead

  void build(const ModelData& model, const ModelPlan& plan, const Dialect& d,
             const std::string& mask, std::size_t row_count);
  // INSERT INTO t [AS alias] (sent...) VALUES (...), ... (or DEFAULT VALUES)
  std::string values_sql(const ModelData& model, const ModelPlan& plan, const Dialect& d,
                         std::string_view alias) const;
  // values_sql() [RETURNING returned...]
  std::string sql(const ModelData& model, const ModelPlan& plan, const Dialect& d) const;
};

// Fills the empty members that have a default_factory (always optionals:
// build_model refuses a factory on a plain member). Throws DeclarationError
// when a factory's value does not fit its member.
void apply_default_factories(const ModelData& model, const ModelPlan& plan,
                             const ObjectSpan& objects);

// Per omittable column of `plan`: '1' when `object` leaves it to the database.
void omission_mask(const ModelData& model, const ModelPlan& plan, const void* object,
                   std::string& mask);

// " WHERE k1 = <param first_param> AND k2 = ..." on the primary key.
std::string where_key(const ModelData& model, const ModelPlan& p, const Dialect& d,
                      int first_param);

// Reads the current row into `object`; the first failure is returned with
// its table and column.
Status read_row(const ModelData& model, const ModelPlan& plan, void* object,
                const PreparedStatement& st);

// Throws DatabaseError (kBadInput) when the model has no primary key or
// `object` leaves a key column empty (it was never added); `action` names
// the call ("update").
void require_key(const ModelData& model, const ModelPlan& p, const void* object,
                 std::string_view action);

// "id = 3" (", "-joined for a composite key), for messages.
std::string key_text(const ModelData& model, const ModelPlan& p, const void* object);

// Throws DatabaseError for one() of a query on `table` that gave `rows`
// rows (0, or more than one), with what to use instead.
[[noreturn]] void throw_not_one(const std::string& table, std::size_t rows);

}  // namespace retort::detail

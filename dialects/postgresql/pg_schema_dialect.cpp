#include "dialects/postgresql/pg_schema_dialect.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>
#include <utility>

#include "core/function_head.hpp"
#include "dialects/postgresql/pg_sql.hpp"

namespace retort::postgresql {
namespace {

class SchemaDialect final : public Dialect {
 public:
  SchemaDialect(const Dialect& base, std::string schema, std::string shared)
      : base_(base), schema_(std::move(schema)), shared_(std::move(shared)) {}

  std::string_view name() const override { return base_.name(); }

  Result<std::unique_ptr<Connection>> connect(std::string_view url) const override {
    Result<std::unique_ptr<Connection>> conn = base_.connect(url);
    if (!conn) return conn;
    if (Status s = (*conn)->execute(set_search_path()); !s) return std::move(s).error();
    Result<Rows> current = (*conn)->query("SELECT pg_catalog.current_schema()");
    if (!current) return std::move(current).error();
    const Cell& name = current->rows.empty() || current->rows.front().empty()
                           ? Cell{}
                           : current->rows.front().front();
    if (!name || *name != schema_) {
      return Error::bad_input(
          fmt::format("schema \"{}\" does not exist in the database (or this role may not use it)",
                      schema_),
          "the fleet's schemas_query listed it: create the schema or grant USAGE on it, or fix "
          "the query; retort does not create tenant schemas");
    }
    return conn;
  }

  // The tenant's schema read as the default one (its tables and views), the
  // shared schema's enums
  // as the tenant's; public's objects (read by PostgreSQL's inspector
  // whatever it is asked) are left out. The filter applies to the names as
  // the tenant sees them.
  Result<MetaData> inspect(Connection& conn, const InspectOptions& options) const override {
    InspectOptions inner = options;
    inner.schemas = {schema_};
    if (!shared_.empty()) inner.schemas.push_back(shared_);
    inner.all_schemas = false;
    inner.filter = ObjectFilter{};
    Result<MetaData> raw = base_.inspect(conn, inner);
    if (!raw) return raw;
    MetaData md;
    for (Table& t : raw->tables) {
      if (t.schema != schema_) continue;
      t.schema.clear();
      t.partition_of_schema = local(t.partition_of_schema);
      for (ForeignKey& fk : t.foreign_keys) fk.ref_schema = local(fk.ref_schema);
      if (options.filter.manages(t)) md.tables.push_back(std::move(t));
    }
    for (View& v : raw->views) {
      if (v.schema != schema_) continue;
      v.schema.clear();
      const std::string prefix = schema_ + ".";
      for (std::string& d : v.depends_on) {
        if (d.starts_with(prefix)) d = d.substr(prefix.size());
      }
      if (options.filter.manages(v.kind(), v.schema, v.name)) md.views.push_back(std::move(v));
    }
    // The tenant's own sequences, domains and composite types; extensions
    // and schemas are the database's, not a tenant's.
    auto tenant_objects = [&](auto& from, auto& to) {
      for (auto& x : from) {
        if (x.schema != schema_) continue;
        x.schema.clear();
        if (options.filter.manages(x.kind(), x.schema, x.name)) to.push_back(std::move(x));
      }
    };
    tenant_objects(raw->sequences, md.sequences);
    tenant_objects(raw->domains, md.domains);
    tenant_objects(raw->composite_types, md.composite_types);
    // A tenant's function is created unqualified, where the search path
    // points; its canonical form does not hold its schema.
    for (Function& f : raw->functions) {
      if (f.schema != schema_) continue;
      f.schema.clear();
      f.sql = unqualified_sql(f.sql);
      if (options.filter.manages(f.kind(), f.schema, f.name)) md.functions.push_back(std::move(f));
    }
    // A trigger's statement names its table's schema: a tenant's triggers
    // are not managed in a schema-per-tenant fleet, only named.
    for (const Trigger& t : raw->triggers) {
      if (t.schema != schema_ || !options.filter.manages(t)) continue;
      md.unmodelled.push_back(Unmodelled{.kind = "trigger",
                                         .schema = "",
                                         .name = t.name,
                                         .table = t.table,
                                         .what = "not managed in a schema-per-tenant fleet"});
    }
    std::set<std::string> enum_names;
    for (const std::string& from : {schema_, shared_}) {
      for (const Enum& e : raw->enums) {
        if (from.empty() || e.schema != from || !enum_names.insert(e.name).second) continue;
        md.enums.push_back(e);
        md.enums.back().schema.clear();
      }
    }
    for (Unmodelled& u : raw->unmodelled) {
      const bool tenant = u.schema == schema_;
      if (!tenant && !(u.schema.empty() && u.kind == "extension")) continue;
      if (tenant) u.schema.clear();
      if (options.filter.manages(u.kind, u.schema, u.name)) md.unmodelled.push_back(std::move(u));
    }
    md.finish();
    return md;
  }

  Result<bool> table_exists(Connection& conn, std::string_view name) const override {
    return base_.table_exists(conn, name);
  }
  MetaData normalize(const MetaData& declared) const override { return base_.normalize(declared); }
  Status check_native_type(const Type& type) const override {
    return base_.check_native_type(type);
  }
  Status check_table(const Table& table) const override { return base_.check_table(table); }
  Status check_view(const View& view) const override { return base_.check_view(view); }
  Status check_object(const std::string& what) const override { return base_.check_object(what); }
  Status check_function(const Function& f) const override { return base_.check_function(f); }
  Status check_trigger(const Trigger& t) const override { return base_.check_trigger(t); }
  std::vector<std::string> settle_views(Connection& conn, const MetaData& live,
                                        MetaData& declared) const override {
    return base_.settle_views(conn, live, declared);
  }
  Result<std::vector<std::string>> unknown_types(
      Connection& conn, const std::vector<std::string>& names) const override {
    return base_.unknown_types(conn, names);
  }

  // Enums are the shared step's (shared_enum_statements), run once for the
  // fleet before its members.
  Result<std::vector<Statement>> compile(const Op& op, const MetaData& before) const override {
    if (std::holds_alternative<CreateEnum>(op) || std::holds_alternative<AlterEnum>(op) ||
        std::holds_alternative<DropEnum>(op)) {
      return std::vector<Statement>{};
    }
    return base_.compile(op, before);
  }
  Status refuse_in_place(const Op& op, const MetaData& before) const override {
    return base_.refuse_in_place(op, before);
  }
  std::size_t max_identifier_bytes() const override { return base_.max_identifier_bytes(); }
  std::string normalize_schema_name(std::string_view schema) const override {
    return base_.normalize_schema_name(schema);
  }
  std::string quote_identifier(std::string_view ident) const override {
    return base_.quote_identifier(ident);
  }
  std::string quote_literal(std::string_view text) const override {
    return base_.quote_literal(text);
  }
  std::string begin_sql() const override { return base_.begin_sql(); }
  std::string commit_sql() const override { return base_.commit_sql(); }
  std::string utc_now_sql() const override { return base_.utc_now_sql(); }
  std::string script_prologue() const override {
    return base_.script_prologue() + set_search_path() + ";\n";
  }

  // The version table's name, qualified by the tenant's schema.
  Result<std::unique_ptr<Lock>> try_lock(Connection& conn, std::string_view key) const override {
    return base_.try_lock(conn, qualified_key(key));
  }
  std::string lock_holder(Connection& conn, std::string_view key) const override {
    return base_.lock_holder(conn, qualified_key(key));
  }
  std::vector<std::string> timeout_sql(const LockPolicy& policy,
                                       bool transaction_local) const override {
    return base_.timeout_sql(policy, transaction_local);
  }
  std::vector<std::string> reset_timeout_sql() const override { return base_.reset_timeout_sql(); }
  bool is_lock_timeout(const Error& e) const override { return base_.is_lock_timeout(e); }
  std::string lock_blockers(Connection& conn,
                            const std::vector<std::string>& tables) const override {
    return base_.lock_blockers(conn, tables);  // unqualified names: the tenant's, by search_path
  }
  Status verify(Connection& conn) const override { return base_.verify(conn); }
  std::string placeholder(int index) const override { return base_.placeholder(index); }
  std::vector<std::string> session_setup() const override {
    std::vector<std::string> setup = base_.session_setup();
    setup.push_back(set_search_path());
    return setup;
  }
  int insert_batch_rows() const override { return base_.insert_batch_rows(); }
  int max_parameters() const override { return base_.max_parameters(); }
  bool autoincrement_from_last_insert_id() const override {
    return base_.autoincrement_from_last_insert_id();
  }
  std::string_view case_insensitive_like() const override { return base_.case_insensitive_like(); }

 private:
  std::string set_search_path() const {
    std::string path = quote_ident(schema_);
    if (!shared_.empty()) path += ", " + quote_ident(shared_);
    return "SET search_path TO " + path;
  }
  std::string qualified_key(std::string_view key) const { return qualified_name(schema_, key); }
  // A schema name as the tenant sees it: its own is the default (""); the
  // inspector's "" is public.
  std::string local(const std::string& schema) const {
    if (schema == schema_) return {};
    if (schema.empty()) return "public";
    return schema;
  }

  const Dialect& base_;
  std::string schema_;
  std::string shared_;
};

}  // namespace

std::unique_ptr<Dialect> make_schema_dialect(const Dialect& base, std::string schema,
                                             std::string shared_schema) {
  return std::make_unique<SchemaDialect>(base, std::move(schema), std::move(shared_schema));
}

std::vector<std::string> shared_enum_statements(std::string_view shared_schema,
                                                const std::vector<Enum>& enums) {
  std::vector<std::string> out;
  if (enums.empty()) return out;
  out.push_back("CREATE SCHEMA IF NOT EXISTS " + quote_ident(shared_schema));
  for (const Enum& e : enums) {
    const std::string type = qualified_name(shared_schema, e.name);
    std::vector<std::string> values;
    for (const std::string& v : e.values) values.push_back(quote_literal(v));
    out.push_back(fmt::format(
        "DO $retort$ BEGIN CREATE TYPE {} AS ENUM ({}); EXCEPTION WHEN duplicate_object THEN "
        "NULL; END $retort$",
        type, fmt::join(values, ", ")));
    for (std::size_t i = 0; i < e.values.size(); ++i) {
      out.push_back(fmt::format("ALTER TYPE {} ADD VALUE IF NOT EXISTS {}{}", type, values[i],
                                i == 0 ? std::string() : " AFTER " + values[i - 1]));
    }
  }
  return out;
}

}  // namespace retort::postgresql

#include "migrations/internal/compile.hpp"

#include <fmt/format.h>

#include <cctype>

#include "core/names.hpp"

namespace retort::migrations {

bool skipped_on(const Op& op, const Dialect& dialect) {
  const auto* exec = std::get_if<Execute>(&op);
  return exec != nullptr && !exec->dialect.empty() && exec->dialect != dialect.name();
}

const Op& stored_op(const Op& op, const Dialect& dialect, std::optional<Op>& storage) {
  storage = stored_names(op, dialect.max_identifier_bytes());
  return storage ? *storage : op;
}

std::vector<const Type*> column_types(const Op& op) {
  std::vector<const Type*> types;
  if (const auto* o = std::get_if<CreateTable>(&op)) {
    for (const Column& c : o->table.columns) types.push_back(&c.type);
  } else if (const auto* a = std::get_if<AddColumn>(&op)) {
    types.push_back(&a->column.type);
  } else if (const auto* alter = std::get_if<AlterColumn>(&op); alter && alter->type) {
    types.push_back(&*alter->type);
  }
  return types;
}

Status check_native_types(const Op& op, const Dialect& dialect) {
  for (const Type* type : column_types(op)) {
    if (type->kind != TypeKind::kNative) continue;
    if (Status s = dialect.check_native_type(*type); !s) return s;
  }
  return {};
}

Result<std::vector<Statement>> compile_ops(const Dialect& dialect, const std::vector<Op>& ops,
                                           MetaData& before) {
  std::vector<Statement> out;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    std::optional<Op> cut;
    const Op& op = stored_op(ops[i], dialect, cut);
    if (skipped_on(op, dialect)) continue;
    if (Status s = check_native_types(op, dialect); !s) {
      Error e = std::move(s).error();
      e.message = fmt::format("op {} ({}): {}", i + 1, describe(op), e.message);
      return e;
    }
    Result<std::vector<Statement>> statements = dialect.compile(op, before);
    if (!statements) return std::move(statements).error();
    for (Statement& s : *statements) out.push_back(std::move(s));
    if (Status s = apply(before, op); !s) {
      Error e = std::move(s).error();
      e.message = fmt::format("op {} ({}): {}", i + 1, describe(op), e.message);
      return e;
    }
  }
  return out;
}

std::string to_script(const std::vector<Statement>& statements) {
  std::string out;
  for (const Statement& s : statements) {
    std::string sql = s.sql;
    while (!sql.empty() &&
           (std::isspace(static_cast<unsigned char>(sql.back())) || sql.back() == ';')) {
      sql.pop_back();
    }
    if (sql.empty()) continue;
    out += sql;
    out += ";\n";
  }
  return out;
}

}  // namespace retort::migrations

// retort: the naming convention for indexes and constraints.
//
// Nothing is anonymous: every index and constraint that models.toml leaves
// unnamed gets a name from these templates, Alembic-style. Tokens:
// %(table)s, %(columns)s (column names joined by '_'), %(column_0)s,
// %(referred_table)s, %(constraint_name)s (checks: the name given).
//
// A built name may be longer than a database allows (PostgreSQL keeps 63
// bytes). The dialect that has a limit shortens such names with
// shorten_name() when it normalises the models, as SQLAlchemy does for
// conventional names: the same long name always gives the same short one, on
// every run and in offline SQL.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

struct NamingConvention {
  std::string index = "ix_%(table)s_%(columns)s";
  std::string unique = "uq_%(table)s_%(columns)s";
  std::string foreign_key = "fk_%(table)s_%(columns)s_%(referred_table)s";
  std::string check = "ck_%(table)s_%(constraint_name)s";
  std::string primary_key = "pk_%(table)s";

  std::string index_name(const std::string& table, const std::vector<std::string>& columns) const;
  std::string unique_name(const std::string& table, const std::vector<std::string>& columns) const;
  std::string foreign_key_name(const std::string& table, const std::vector<std::string>& columns,
                               const std::string& referred_table) const;
  std::string check_name(const std::string& table, const std::string& constraint_name) const;
  std::string primary_key_name(const std::string& table) const;
};

// `name` cut to at most `max_bytes` bytes without splitting a UTF-8
// character: what PostgreSQL itself makes of a long identifier. 0: no limit.
std::string cut_name(std::string_view name, std::size_t max_bytes);

// `name` when it fits in `max_bytes` (0: no limit); otherwise its cut
// beginning, '_' and 8 hex digits of a hash of the whole name (FNV-1a, 32
// bits), `max_bytes` long at most. REQUIRES: max_bytes == 0 or >= 16.
// Example: shorten_name(<70-byte name>, 63) -> <first 54 bytes>_1f3a9c07
std::string shorten_name(std::string_view name, std::size_t max_bytes);

}  // namespace retort

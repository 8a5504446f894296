// retort: the naming convention for indexes and constraints.
//
// Nothing is anonymous: every index and constraint that models.toml leaves
// unnamed gets a name from these templates, Alembic-style. Tokens:
// %(table)s, %(columns)s (column names joined by '_'), %(column_0)s,
// %(referred_table)s, %(constraint_name)s (checks: the name given).
#pragma once

#include <string>
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

}  // namespace retort

// retort internals: schemas, extensions, sequences, domains and composite
// types in TOML, as models.toml's sections and the ops on them write them.
//
//   [[schema]]          name, comment
//   [[extension]]       name, schema, version
//   [[sequence]]        name, schema, type, start, increment, min, max, cache,
//                       cycle, owned_by ("table.column"), comment
//   [[domain]]          name, schema, type, native, default | default_sql,
//                       not_null, collation, checks = [{ name, expression }],
//                       comment
//   [[composite_type]]  name, schema, attributes = [{ name, type, native,
//                       collation }], comment
//   [[function]]        sql | sql_file (models.toml only), comment; written
//                       with name, schema and arguments, which a reader
//                       checks against the statement (function_toml.cpp)
//   [[trigger]]         sql | sql_file, state, comment; written with name,
//                       schema and table
//
// Keys at their default are left out when writing; reading checks every key
// and names the file and line of what is wrong (docs/objects.md).
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/schema.hpp"

namespace retort::detail {

// `ignored` keys (e.g. "op", "existing") are allowed and skipped.
template <class T>
Result<T> parse_object(const toml::table& entry, const std::string& source,
                       std::initializer_list<std::string_view> ignored = {});
template <>
Result<Schema> parse_object(const toml::table&, const std::string&,
                            std::initializer_list<std::string_view>);
template <>
Result<Extension> parse_object(const toml::table&, const std::string&,
                               std::initializer_list<std::string_view>);
template <>
Result<Sequence> parse_object(const toml::table&, const std::string&,
                              std::initializer_list<std::string_view>);
template <>
Result<Domain> parse_object(const toml::table&, const std::string&,
                            std::initializer_list<std::string_view>);
template <>
Result<CompositeType> parse_object(const toml::table&, const std::string&,
                                   std::initializer_list<std::string_view>);

template <>
Result<Function> parse_object(const toml::table&, const std::string&,
                              std::initializer_list<std::string_view>);
// A function entry; `sql_file` is read relative to `base_dir`, and only
// where it is given (models.toml: a revision file carries its statement).
Result<Function> parse_function(const toml::table& entry, const std::string& source,
                                const std::optional<std::filesystem::path>& base_dir,
                                std::initializer_list<std::string_view> ignored = {});

template <>
Result<Trigger> parse_object(const toml::table&, const std::string&,
                             std::initializer_list<std::string_view>);
Result<Trigger> parse_trigger(const toml::table& entry, const std::string& source,
                              const std::optional<std::filesystem::path>& base_dir,
                              std::initializer_list<std::string_view> ignored = {});

toml::table object_toml(const Schema& schema);
toml::table object_toml(const Extension& extension);
toml::table object_toml(const Sequence& sequence);
toml::table object_toml(const Domain& domain);
toml::table object_toml(const CompositeType& type);
toml::table object_toml(const Function& function);
toml::table object_toml(const Trigger& trigger);

// The models.toml section name of each kind: "schema", "extension",
// "sequence", "domain", "composite_type", "function" (procedures and
// aggregates too: the statement says which).
template <class T>
constexpr std::string_view section_name();
template <>
constexpr std::string_view section_name<Schema>() {
  return "schema";
}
template <>
constexpr std::string_view section_name<Extension>() {
  return "extension";
}
template <>
constexpr std::string_view section_name<Sequence>() {
  return "sequence";
}
template <>
constexpr std::string_view section_name<Domain>() {
  return "domain";
}
template <>
constexpr std::string_view section_name<CompositeType>() {
  return "composite_type";
}
template <>
constexpr std::string_view section_name<Function>() {
  return "function";
}
template <>
constexpr std::string_view section_name<Trigger>() {
  return "trigger";
}

}  // namespace retort::detail

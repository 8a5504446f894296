// What the JSON suites share: the errors a ValidationError names, and the
// JSON Schema validator the differential tests compare from_json with
// (python3-jsonschema, Draft 2020-12, with format checks, run once per
// schema over a list of records).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/model/errors.hpp"

namespace retort::test {

// The fields a ValidationError from `f` names, with their messages.
template <class F>
std::vector<FieldError> errors_of(F f) {
  try {
    f();
  } catch (const ValidationError& e) {
    return e.errors();
  }
  ADD_FAILURE() << "no ValidationError";
  return {};
}

// "1"/"0" per record: whether python3-jsonschema finds it valid.
inline std::string validator_verdicts(const nlohmann::json& schema, const nlohmann::json& records) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("retort-schema-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "schema.json") << schema.dump();
  std::ofstream(dir / "records.json") << records.dump();
  const std::string command =
      "python3 -c 'import json, sys, jsonschema\n"
      "schema = json.load(open(sys.argv[1]))\n"
      "jsonschema.Draft202012Validator.check_schema(schema)\n"
      "v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())\n"
      "print(\"\".join(\"1\" if v.is_valid(r) else \"0\" for r in json.load(open(sys.argv[2]))))'"
      " " +
      (dir / "schema.json").string() + " " + (dir / "records.json").string() + " > " +
      (dir / "out.txt").string();
  const int status = std::system(command.c_str());
  std::string verdicts;
  std::ifstream(dir / "out.txt") >> verdicts;
  std::filesystem::remove_all(dir);
  EXPECT_EQ(status, 0) << command;
  return verdicts;
}

}  // namespace retort::test

#!/usr/bin/env bash
# Compile time of model declarations: generates translation units with
# 0 models (the headers alone), 1 model of 20 columns, 20 models of 20
# columns each (mixed member types and options), and 5 models declared and
# then used: CRUD, queries, a join and relationships through the Session on
# each. Compiles each RUNS times with the project's flags and prints the
# median wall-clock seconds. Growth from 1 to 20 models should be about
# linear; see bench/README.md.
#
# Usage: bench/compile_time/run.sh [RUNS]   (CXX overrides the compiler)
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-3}
cxx=${CXX:-g++}
work=$(mktemp -d /tmp/retort-compile-time.XXXXXX)
trap 'rm -rf "$work"' EXIT

# generate MODELS FILE [use]: one translation unit with MODELS models;
# with "use", a function per model that calls the Session on it.
generate() {
  local models=$1 out=$2 use=${3:-}
  {
    echo '#include <cstdint>'
    echo '#include <optional>'
    echo '#include <string>'
    echo '#include "core/model/runtime.hpp"'
    echo 'enum class Level { kLow, kHigh };'
    echo 'template <> struct retort::enum_mapping<Level> {'
    echo '  static constexpr std::string_view name = "level";'
    echo '  static constexpr std::pair<Level, std::string_view> values[] = {'
    echo '      {Level::kLow, "low"}, {Level::kHigh, "high"}};'
    echo '};'
    for ((m = 0; m < models; ++m)); do
      echo "struct M$m {"
      echo "  std::optional<std::int64_t> id;"
      echo "  std::string name;"
      echo "  std::optional<std::string> note;"
      echo "  std::int32_t count = 0;"
      echo "  double ratio = 0;"
      echo "  bool active = false;"
      echo "  std::optional<std::int64_t> parent_id;"
      echo "  std::optional<retort::Uuid> token;"
      echo "  std::optional<retort::Timestamp> created_at;"
      echo "  retort::Date day;"
      echo "  Level level = Level::kLow;"
      echo "  std::int16_t small = 0;"
      echo "  std::optional<double> score;"
      echo "  retort::Blob data;"
      echo "  std::string code;"
      echo "  std::optional<bool> flag;"
      echo "  std::uint32_t counter = 0;"
      echo "  retort::LocalTimestamp local;"
      echo "  std::optional<Level> maybe_level;"
      echo "  std::string email;"
      echo "};"
      local fk=""
      if ((m > 0)); then fk=".foreign_key(t$((m - 1)), &M$((m - 1))::id).on_delete(\"cascade\")"; fi
      echo "inline const auto t$m = retort::table<M$m>(\"t$m\","
      echo "  retort::column(\"id\", &M$m::id).primary_key().skip_json_schema(),"
      echo "  retort::column(\"name\", &M$m::name).index().min_length(1).max_length(100),"
      echo "  retort::column(\"note\", &M$m::note).comment(\"free text\"),"
      echo "  retort::column(\"count\", &M$m::count).ge(0).le(1000).default_value(0),"
      echo "  retort::column(\"ratio\", &M$m::ratio).gt(0.0).lt(1.0),"
      echo "  retort::column(\"active\", &M$m::active).default_value(true),"
      echo "  retort::column(\"parent_id\", &M$m::parent_id)$fk,"
      echo "  retort::column(\"token\", &M$m::token).unique().nullable(false).default_factory(retort::Uuid::v4),"
      echo "  retort::column(\"created_at\", &M$m::created_at).default_sql(\"CURRENT_TIMESTAMP\"),"
      echo "  retort::column(\"day\", &M$m::day),"
      echo "  retort::column(\"level\", &M$m::level).default_value(Level::kHigh),"
      echo "  retort::column(\"small\", &M$m::small).validator([](std::int16_t v) { return v != 13; }, \"unlucky\"),"
      echo "  retort::column(\"score\", &M$m::score).ge(0.0),"
      echo "  retort::column(\"data\", &M$m::data),"
      echo "  retort::column(\"code\", &M$m::code).pattern(\"[A-Z]{3}\").max_length(3),"
      echo "  retort::column(\"flag\", &M$m::flag),"
      echo "  retort::column(\"counter\", &M$m::counter),"
      echo "  retort::column(\"local\", &M$m::local),"
      echo "  retort::column(\"maybe_level\", &M$m::maybe_level),"
      echo "  retort::column(\"email\", &M$m::email).unique().validator([](const std::string& s) { return s.find('@') != std::string::npos; }, \"must contain @\"),"
      echo "  retort::table_index({\"name\", \"count\"}));"
    done
    echo -n "inline const retort::MetaData metadata{"
    for ((m = 0; m < models; ++m)); do
      ((m > 0)) && echo -n ", "
      echo -n "t$m"
    done
    echo "};"
    if [[ $use == use ]]; then
      echo '#include "core/model/session.hpp"'
      echo 'using retort::c;'
      for ((m = 1; m < models; ++m)); do
        echo "template <> struct retort::relationship<M$m, M$((m - 1))> : retort::by<&M$m::parent_id> {};"
      done
      for ((m = 0; m < models; ++m)); do
        echo "void use$m(retort::Session& s) {"
        echo "  M$m row;"
        echo "  row.name = \"a\", row.code = \"ABC\", row.email = \"a@b\";"
        echo "  s.add(row);"
        echo "  std::vector<M$m> rows{row, row};"
        echo "  s.add_all(rows);"
        echo "  (void)s.get<M$m>(*row.id);"
        echo "  (void)s.select<M$m>().where(c(&M$m::count) >= 1 && c(&M$m::name).contains(\"x\"))"
        echo "      .order_by(&M$m::name).limit(10).all();"
        echo "  row.count = 2;"
        echo "  s.update(row);"
        echo "  s.update(row, {&M$m::count, &M$m::name});"
        echo "  s.upsert(row);"
        echo "  (void)s.patch<M$m>(*row.id, std::string_view(R\"({\"count\": 3})\"));"
        if ((m > 0)); then
          echo "  M$((m - 1)) parent;"
          echo "  parent.name = \"p\", parent.code = \"ABC\", parent.email = \"p@b\";"
          echo "  (void)s.related<M$m>(parent);"
          echo "  (void)s.related<M$m>(std::vector<M$((m - 1))>{parent});"
          echo "  (void)s.parent<M$((m - 1))>(row);"
          echo "  (void)s.select<M$m, M$((m - 1))>().join<M$((m - 1))>()"
          echo "      .where(c(&M$((m - 1))::name) == \"p\").all();"
          echo "  (void)s.select(&M$m::name, &M$((m - 1))::name).left_join<M$((m - 1))>().all();"
        fi
        echo "  (void)s.select(&M$m::level, retort::count()).group_by(&M$m::level).all();"
        echo "  s.remove(row);"
        echo "}"
      done
    fi
    echo "int main() { return static_cast<int>(metadata.tables.size()); }"
  } >"$out"
}

# median_seconds FILE: compiles FILE RUNS times, prints the median.
median_seconds() {
  local file=$1 times=()
  for ((r = 0; r < runs; ++r)); do
    local start end
    start=$(date +%s.%N)
    "$cxx" -std=c++20 -O2 -Wall -Wextra -Wpedantic -I"$repo" -c "$file" -o "$work/out.o"
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f", t[int((NR + 1) / 2)] }'
}

generate 0 "$work/models_0.cpp"
generate 1 "$work/models_1.cpp"
generate 20 "$work/models_20.cpp"
generate 5 "$work/models_5.cpp"
generate 5 "$work/models_5_used.cpp" use

h=$(median_seconds "$work/models_0.cpp")
one=$(median_seconds "$work/models_1.cpp")
twenty=$(median_seconds "$work/models_20.cpp")
five=$(median_seconds "$work/models_5.cpp")
five_used=$(median_seconds "$work/models_5_used.cpp")
per_model=$(echo "($twenty - $one) / 19" | bc -l)
echo "compiler: $("$cxx" --version | head -1); median of $runs runs, -O2"
printf 'headers only (0 models):        %6.2f s\n' "$h"
printf '1 model x 20 columns:           %6.2f s\n' "$one"
printf '20 models x 20 columns:         %6.2f s\n' "$twenty"
printf 'each further model (20 cols):   %6.2f s\n' "$per_model"
printf '5 models x 20 columns:          %6.2f s\n' "$five"
printf '5 models, CRUD + relationships: %6.2f s\n' "$five_used"

#!/usr/bin/env bash
# A guided tour of retort on SQLite, in a temporary folder: declare models,
# autogenerate a revision, upgrade, change the models, autogenerate again,
# upgrade, inspect, downgrade one step, and look at where things stand.
# docs/tutorial.md explains each step in more detail.
#
# Exits non-zero as soon as a retort command fails unexpectedly.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# Only the retort executable is needed here (tools/build.sh builds the tests too).
# The build log stays in build/ (replaced by each run), not in /tmp.
mkdir -p "$root/build"
build_log=$root/build/demo-build.log
echo "Building retort into build/ (log: $build_log) ..."
if ! {
  "$root/tools/install_deps.sh" &&
    cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
    cmake --build "$root/build" --target retort_command -j "$(nproc)"
} >"$build_log" 2>&1; then
  tail -n 40 "$build_log" >&2
  echo "demo: the build failed; see $build_log" >&2
  exit 1
fi
export PATH="$root/build:$PATH"

work=$(mktemp -d /tmp/retort-demo.XXXXXX)
cd "$work"

if [[ -t 1 ]]; then bold=$'\033[1m' dim=$'\033[2m' off=$'\033[0m'; else bold="" dim="" off=""; fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$off"; }
say() { printf '%s%s%s\n' "$dim" "$*" "$off"; }
# show CMD...: print the command as one would type it (quoting arguments with spaces).
show() {
  local out="\$" a
  for a in "$@"; do
    if [[ $a == *[[:space:]]* ]]; then out+=" \"$a\""; else out+=" $a"; fi
  done
  printf '\n%s\n' "$out"
}
# run CMD...: show the command, run it; any failure stops the demo.
run() {
  show "$@"
  "$@" || { echo "demo: \`$*\` failed (exit $?)" >&2; exit 1; }
}
# expect CODE CMD...: like run, but the command must exit with CODE.
expect() {
  local want=$1 got=0
  shift
  show "$@"
  "$@" || got=$?
  if [[ $got != "$want" ]]; then
    echo "demo: \`$*\` exited $got, expected $want" >&2
    exit 1
  fi
  say "(exit $got, as expected)"
}

step "1. Start a project"
say "retort init writes retort.toml (where the migrations live and which database to use:"
say "a SQLite file app.db here), an example models.toml and an empty migrations/versions/."
run retort init
run cat models.toml

step "2. Autogenerate the first revision"
say "retort compares the models with the database (empty so far) and writes the"
say "difference as a revision file: [[upgrade]] ops to apply it, [[downgrade]] ops to undo it."
say "Review it as you would review code; it is yours to edit and commit."
run retort revision --autogenerate -m "create team and hero"
first=$(ls migrations/versions/*_create_team_and_hero.toml)
run cat "$first"

step "3. Apply it"
say "Each revision runs in one transaction together with the version-table update."
run retort upgrade head
run retort current
say "Running it again does nothing:"
run retort upgrade head

step "4. Change the models"
say "hero gets a 'nickname' column with an index on it, and a new 'mission' table"
say "references hero with a foreign key. This is the whole new models.toml:"
cat > models.toml <<'TOML'
# Declared metadata: edit it, then `retort revision --autogenerate -m "..."`.

[[table]]
name = "team"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(100)", unique = true },
  { name = "headquarters", type = "text", nullable = true },
]

[[table]]
name = "hero"
comment = "People with powers"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(100)", index = true },
  { name = "secret_name", type = "text" },
  { name = "nickname", type = "varchar(50)", nullable = true, index = true },
  { name = "age", type = "integer", nullable = true },
  { name = "power_level", type = "integer", nullable = true, default = 1 },
  { name = "created_at", type = "timestamp", default_sql = "CURRENT_TIMESTAMP" },
  { name = "team_id", type = "integer", nullable = true, foreign_key = "team.id", on_delete = "set null" },
]
indexes = [ { name = "ix_hero_team_age", columns = ["team_id", "age"] } ]
unique  = [ { name = "uq_hero_secret", columns = ["secret_name", "name"] } ]
checks  = [ { name = "ck_hero_age", sql = "age >= 0" } ]

[[table]]
name = "mission"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "title", type = "varchar(200)" },
  { name = "hero_id", type = "integer", foreign_key = "hero.id", on_delete = "cascade" },
]
TOML
run cat models.toml
say "retort diff shows what now differs between the database and the models."
say "It exits 1 when there are differences (0 when there are none):"
expect 1 retort diff

step "5. Autogenerate the second revision and apply it"
run retort revision --autogenerate -m "add nickname and mission"
second=$(ls migrations/versions/*_add_nickname_and_mission.toml)
run cat "$second"
run retort upgrade head
say "retort check is the CI gate: exit 0 when the models and the database agree."
run retort check

step "6. What the database holds now"
say "retort inspect reflects the live schema back as models.toml (retort's own"
say "version table is never shown); --format sql and --format json also exist."
run retort inspect

step "7. Step back one revision, and look at the history"
say "downgrade -1 runs the newest revision's [[downgrade]] ops, in one transaction."
run retort downgrade -1
run retort current
run retort history --indicate-current
say "The models still declare nickname and mission, so the database is now behind them:"
expect 1 retort diff

step "Done"
say "The demo project is in $work. Try, from there:"
say "  retort upgrade head          # forward again"
say "  retort upgrade head --sql    # the SQL script, without touching the database"
say "  retort show head             # one revision and its ops"
say "Next: docs/tutorial.md, docs/models.md, docs/revisions.md, docs/commands.md."

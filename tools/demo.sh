#!/usr/bin/env bash
# A guided tour of retort on SQLite, in a temporary folder: declare models,
# autogenerate a revision, upgrade, change the models, autogenerate again,
# upgrade, inspect, downgrade one step, and look at where things stand.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/build.sh" >/dev/null
retort="$root/build/retort"

work=$(mktemp -d /tmp/retort-demo.XXXXXX)
cd "$work"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

step "1. Start a project: retort.toml, an example models.toml (team + hero), migrations/versions/"
run "$retort" init
run cat models.toml

step "2. Autogenerate the first revision from the models (the database is empty)"
run "$retort" revision --autogenerate -m "create team and hero"
run cat migrations/versions/*_create_team_and_hero.toml

step "3. Apply it"
run "$retort" upgrade head
run "$retort" current

step "4. Change the models: hero gets a 'nickname' column and an index on it; a new 'mission' table references hero"
cat >> models.toml <<'TOML'

[[table]]
name = "mission"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "title", type = "varchar(200)" },
  { name = "hero_id", type = "integer", foreign_key = "hero.id", on_delete = "cascade" },
]
TOML
# add a column with an index to hero, right after its secret_name column
sed -i 's/^  { name = "secret_name", type = "text" },$/&\n  { name = "nickname", type = "varchar(50)", nullable = true, index = true },/' models.toml
run "$retort" diff || true

step "5. Autogenerate the second revision and apply it"
run "$retort" revision --autogenerate -m "add nickname and mission"
run "$retort" upgrade head
run "$retort" check

step "6. What the database holds now"
run "$retort" inspect

step "7. Step back one revision, and look at the history"
run "$retort" downgrade -1
run "$retort" current
run "$retort" history --indicate-current

step "Done. The demo project is in $work"

#!/usr/bin/env python3
"""tools/check_layers.py: the real tree passes; fixture/ fails with exactly the
problems planted in it (upward includes, one dialect including another, a
dialect named above dialects/), and nothing it holds that is allowed."""

import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CHECKER = os.path.join(ROOT, "tools", "check_layers.py")
FIXTURE = os.path.join(HERE, "fixture")

sys.path.insert(0, os.path.dirname(CHECKER))
import check_layers  # noqa: E402


def run(root):
    return subprocess.run([sys.executable, CHECKER, root], capture_output=True, text=True)


class TreeTest(unittest.TestCase):
    def test_the_tree_points_down_only(self):
        result = run(ROOT)
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.returncode, 0, result.stderr)


class FixtureTest(unittest.TestCase):
    def test_every_planted_problem_and_nothing_else(self):
        result = run(FIXTURE)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(result.stdout.splitlines(), [
            'core/schema.hpp:6: includes "migrations/runner.hpp": migrations/ is above core/',
            'core/model/session.cpp:2: includes "../../dialects/registry.hpp": '
            'dialects/ is above core/',
            'dialects/sqlite/sqlite_ddl.cpp:2: includes "cli/output.hpp": '
            'cli/ is above dialects/',
            'dialects/sqlite/sqlite_ddl.cpp:3: includes "dialects/postgresql/pg_sql.hpp": '
            'dialects/sqlite/ does not know dialects/postgresql/',
            'migrations/runner.cpp:2: includes "cli/app.hpp": cli/ is above migrations/',
            'migrations/runner.cpp:5: includes "dialects/sqlite/sqlite_dialect.hpp": '
            "one dialect's code, above dialects/ (use dialects/registry.hpp)",
            'migrations/runner.cpp:7: names a dialect above dialects/: "sqlite"',
            'migrations/runner.cpp:8: names a dialect above dialects/: "postgres://"',
            "cli/cmd_current.cpp:6: names a dialect above dialects/: postgresql::",
            "cli/cmd_current.cpp:6: names a dialect above dialects/: open_postgresql",
            "cli/cmd_current.cpp:7: names a dialect above dialects/: sqlite_dialect",
        ])

    def test_an_allow_list_entry_lets_one_problem_through(self):
        saved = check_layers.ALLOWED
        check_layers.ALLOWED = [("migrations/runner.cpp", '"sqlite"')]
        try:
            problems = check_layers.check_file(FIXTURE, "migrations/runner.cpp")
        finally:
            check_layers.ALLOWED = saved
        self.assertEqual(len(problems), 3)
        self.assertFalse(any('"sqlite"' in p for p in problems))

    def test_bad_usage(self):
        self.assertEqual(run(os.path.join(FIXTURE, "core")).returncode, 2)


if __name__ == "__main__":
    unittest.main()

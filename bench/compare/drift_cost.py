"""What `upgrade --check-drift` costs, against the inspect it needs.

On a database N tables big (a chain of N create_table revisions, applied up
to head-1), three commands alternate, each timed on the same database:
  upgrade         `upgrade head` (applies the last revision)
  check-drift     `upgrade head --check-drift`
  inspect         `inspect` (reads the whole live schema)
After each upgrade an untimed `downgrade -1` puts the database back. The
drift check's cost is check-drift - upgrade; the claim is that it is about
one inspect. Medians and spreads ((max - min) / median) are printed.

Example:
    /usr/bin/python3 bench/compare/drift_cost.py --retort build/retort --tables 200 \\
        --repeat 9 --pg-dir /tmp/pg
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile

import generate as g
from paired import Databases, timed, spread


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--retort", required=True)
    p.add_argument("--tables", type=int, default=200)
    p.add_argument("--repeat", type=int, default=9)
    p.add_argument("--pg-dir", help="socket directory of a throwaway PostgreSQL (omit: SQLite only)")
    args = p.parse_args()
    retort = os.path.abspath(args.retort)
    work = tempfile.mkdtemp(prefix="retort-drift.")
    try:
        dbs = Databases(work, args.pg_dir)
        revisions, schema = g.tables_chain(args.tables)
        root = os.path.join(work, "chain")
        g.write_project(root, schema, revisions)
        print(f"{args.tables} tables, {args.repeat} runs each, alternating; spread = (max - min) "
              "/ median\n")
        print("| dialect | upgrade (1 revision) | with --check-drift | drift check alone | "
              "inspect |")
        print("| --- | --- | --- | --- | --- |")
        for dialect in ["sqlite"] + (["postgresql"] if args.pg_dir else []):
            url, drop = dbs.fresh(dialect)
            base = [retort, "-c", os.path.join(root, "retort.toml"), "--url", url]
            try:
                subprocess.run(base + ["upgrade", "head"], cwd=root, check=True,
                               stdout=subprocess.DEVNULL)
                subprocess.run(base + ["downgrade", "-1"], cwd=root, check=True,
                               stdout=subprocess.DEVNULL)
                runs = {"upgrade": [], "drift": [], "inspect": []}
                for i in range(args.repeat + 1):
                    for name, words in (("upgrade", ["upgrade", "head"]),
                                        ("drift", ["upgrade", "head", "--check-drift"]),
                                        ("inspect", ["inspect"])):
                        t = timed(base + words, root)
                        if name != "inspect":
                            subprocess.run(base + ["downgrade", "-1"], cwd=root, check=True,
                                           stdout=subprocess.DEVNULL)
                        if i > 0:  # the first round warms caches
                            runs[name].append(t)
            finally:
                drop()
            med = {k: statistics.median(v) for k, v in runs.items()}
            print(f"| {dialect} | {med['upgrade'] * 1000:.1f} ms ({spread(runs['upgrade']):.0%}) "
                  f"| {med['drift'] * 1000:.1f} ms ({spread(runs['drift']):.0%}) "
                  f"| {(med['drift'] - med['upgrade']) * 1000:.1f} ms "
                  f"| {med['inspect'] * 1000:.1f} ms ({spread(runs['inspect']):.0%}) |",
                  flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Two retort binaries on the same workloads, alternating: did a change make
retort slower?

A refactoring is judged by the medians of the code before it (A) and after
it (B), timed in one run on one machine, so that the machine's noise falls on
both alike. The spread of each side (max - min over its runs, as a share of
its median) says how much of a difference the run can tell apart.

Workloads (whole commands, each run on a database of its own made before the
clock starts):
  cold     `current` on an empty database, 10-revision project
  autogen  `revision --autogenerate` of N tables against an empty database
  chain    `upgrade head` of a chain of N create_table revisions

Example:
    /usr/bin/python3 bench/compare/paired.py --a before/retort --b build/retort \\
        --repeat 7 --pg-dir /tmp/pg
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import generate as g


def log(*args):
    print(*args, file=sys.stderr, flush=True)


class Databases:
    """Fresh databases: empty SQLite files, or CREATE DATABASE on the server
    whose socket directory is `pg_dir`."""

    def __init__(self, work, pg_dir):
        self.work, self.pg_dir, self.count = work, pg_dir, 0

    def psql(self, sql):
        subprocess.run(["psql", "-X", "-q", "-h", self.pg_dir, "-U", "postgres", "-d", "postgres",
                        "-c", sql], check=True, stdout=subprocess.DEVNULL)

    def fresh(self, dialect):
        """(url, cleanup) of a new, empty database."""
        self.count += 1
        if dialect == "sqlite":
            path = os.path.join(self.work, f"run_{self.count}.db")
            open(path, "w").close()

            def drop():
                for suffix in ("", "-journal", "-wal", "-shm", "-retort.lock"):
                    if os.path.exists(path + suffix):
                        os.remove(path + suffix)
            return "sqlite:///" + path, drop
        name = f"paired_{self.count}"
        self.psql(f'CREATE DATABASE "{name}"')
        return (f"postgresql://postgres@/{name}?host={self.pg_dir}",
                lambda: self.psql(f'DROP DATABASE "{name}"'))


def timed(argv, cwd):
    t0 = time.perf_counter()
    p = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       env=dict(os.environ, NO_COLOR="1"))
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {p.returncode}:\n{p.stderr.decode()[-2000:]}")
    return elapsed


def project(work, name, schema, revisions=()):
    root = os.path.join(work, name)
    if os.path.exists(root):
        shutil.rmtree(root)
    g.write_project(root, schema, revisions)
    return root


def workloads(args, work, dbs):
    """(label, run) pairs; run(binary) times one command and cleans up."""
    out = []
    dialects = ["sqlite"] + (["postgresql"] if args.pg_dir else [])
    cold_revs, cold_schema = g.tables_chain(10)
    cold = project(work, "cold", cold_schema, cold_revs)
    auto = project(work, "autogen", g.Schema(args.tables))
    versions = os.path.join(auto, "migrations", "versions")
    chain_revs, chain_schema = g.tables_chain(args.chain)
    chain = project(work, "chain", chain_schema, chain_revs)

    def command(proj, dialect, *words, after=None):
        def run(binary):
            url, drop = dbs.fresh(dialect)
            try:
                return timed([binary, "-c", os.path.join(proj, "retort.toml"), "--url", url,
                              *words], proj)
            finally:
                drop()
                if after:
                    after()
        return run

    def remove_new_revisions(before=frozenset(os.listdir(versions))):
        for f in set(os.listdir(versions)) - before:
            os.remove(os.path.join(versions, f))

    for d in dialects:
        out.append((f"cold start: current, empty {d} database", command(cold, d, "current")))
    for d in dialects:
        out.append((f"autogenerate {args.tables} tables, empty {d} database",
                    command(auto, d, "revision", "--autogenerate", "-m", "bench",
                            after=remove_new_revisions)))
    for d in dialects:
        out.append((f"upgrade head, {args.chain}-revision chain, {d}",
                    command(chain, d, "upgrade", "head")))
    return out


def spread(times):
    return (max(times) - min(times)) / statistics.median(times)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--a", required=True, help="the retort binary before the change")
    p.add_argument("--b", required=True, help="the retort binary after the change")
    p.add_argument("--pg-dir", help="socket directory of a throwaway PostgreSQL (omit: SQLite only)")
    p.add_argument("--repeat", type=int, default=7, help="runs of each binary per workload")
    p.add_argument("--tables", type=int, default=500)
    p.add_argument("--chain", type=int, default=200)
    p.add_argument("--only", help="substring: run only workloads whose label has it")
    args = p.parse_args()
    a, b = os.path.abspath(args.a), os.path.abspath(args.b)
    work = tempfile.mkdtemp(prefix="retort-paired.")
    try:
        dbs = Databases(work, args.pg_dir)
        print(f"A = {a}\nB = {b}\n{args.repeat} runs each, alternating A, B after one warm-up "
              "each; spread = (max - min) / median\n")
        print("| workload | A median | A spread | B median | B spread | B/A |")
        print("| --- | --- | --- | --- | --- | --- |")
        for label, run in workloads(args, work, dbs):
            if args.only and args.only not in label:
                continue
            log(label)
            run(a), run(b)  # warm-up: page cache, server catalogs
            ta, tb = [], []
            for _ in range(args.repeat):
                ta.append(run(a))
                tb.append(run(b))
            ma, mb = statistics.median(ta), statistics.median(tb)
            print(f"| {label} | {ma * 1000:.1f} ms | {spread(ta):.0%} | {mb * 1000:.1f} ms | "
                  f"{spread(tb):.0%} | {mb / ma:.3f} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Workload 5 baselines: insert then select ROWS rows of a hero table with the
Python stack — the DB-API driver (sqlite3 / psycopg2), SQLAlchemy Core and
SQLModel — on SQLite and PostgreSQL. Each insert runs in one transaction into
an empty table; each select reads every row into objects (tuples for the raw
driver and Core, model instances for SQLModel). Prints one JSON object per
line: {"dialect", "impl", "op", "seconds": [...]}.

Example: /usr/bin/python3 runtime_baseline.py --rows 100000 --repeat 3 \
             --sqlite /tmp/rt.db --postgres postgresql://postgres@/rt?host=/tmp/pg
"""
import argparse
import json
import os
import sqlite3
import time
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, select

CREATE = (
    "CREATE TABLE hero (id {pk}, name VARCHAR(100) NOT NULL, secret_name TEXT NOT NULL, "
    "age INTEGER, team_id INTEGER)"
)


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    secret_name: str
    age: Optional[int] = None
    team_id: Optional[int] = None


def rows(n):
    return [(f"hero {i}", f"secret {i}", i % 90, None) for i in range(n)]


def reset(engine):
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS hero")
        pk = "SERIAL PRIMARY KEY" if engine.dialect.name == "postgresql" else "INTEGER PRIMARY KEY"
        conn.exec_driver_sql(CREATE.format(pk=pk))


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def raw_sqlite(path, data):
    def insert():
        db = sqlite3.connect(path)
        with db:
            db.executemany(
                "INSERT INTO hero (name, secret_name, age, team_id) VALUES (?, ?, ?, ?)", data)
        db.close()

    def select_all():
        db = sqlite3.connect(path)
        assert len(db.execute("SELECT id, name, secret_name, age, team_id FROM hero").fetchall()) == len(data)
        db.close()

    return insert, select_all


def raw_postgres(url, data):
    import psycopg2
    import psycopg2.extras

    def insert():
        db = psycopg2.connect(url)
        with db, db.cursor() as cur:
            psycopg2.extras.execute_values(
                cur, "INSERT INTO hero (name, secret_name, age, team_id) VALUES %s", data,
                page_size=1000)
        db.close()

    def select_all():
        db = psycopg2.connect(url)
        with db.cursor() as cur:
            cur.execute("SELECT id, name, secret_name, age, team_id FROM hero")
            assert len(cur.fetchall()) == len(data)
        db.close()

    return insert, select_all


def core(engine, data):
    table = Hero.__table__
    dicts = [dict(name=a, secret_name=b, age=c, team_id=d) for a, b, c, d in data]

    def insert():
        with engine.begin() as conn:
            conn.execute(table.insert(), dicts)

    def select_all():
        with engine.connect() as conn:
            assert len(conn.execute(sa.select(table)).fetchall()) == len(data)

    return insert, select_all


def sqlmodel(engine, data):
    def insert():
        with Session(engine) as s:
            s.add_all([Hero(name=a, secret_name=b, age=c, team_id=d) for a, b, c, d in data])
            s.commit()

    def select_all():
        with Session(engine) as s:
            assert len(s.exec(select(Hero)).all()) == len(data)

    return insert, select_all


def run(dialect, url, raw, n, repeat):
    engine = sa.create_engine(url)
    data = rows(n)
    impls = {"raw": raw(data), "sqlalchemy_core": core(engine, data), "sqlmodel": sqlmodel(engine, data)}
    for impl, (insert, select_all) in impls.items():
        times = {"insert": [], "select": []}
        for _ in range(repeat):
            reset(engine)
            times["insert"].append(timed(insert))
            times["select"].append(timed(select_all))
        for op, seconds in times.items():
            print(json.dumps({"dialect": dialect, "impl": impl, "op": op, "seconds": seconds}),
                  flush=True)
    engine.dispose()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=100000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--sqlite", help="SQLite file to use (recreated)")
    p.add_argument("--postgres", help="PostgreSQL URL of a scratch database")
    a = p.parse_args()
    if a.sqlite:
        if os.path.exists(a.sqlite):
            os.remove(a.sqlite)
        run("sqlite", "sqlite:///" + os.path.abspath(a.sqlite),
            lambda d: raw_sqlite(a.sqlite, d), a.rows, a.repeat)
    if a.postgres:
        run("postgresql", a.postgres, lambda d: raw_postgres(a.postgres, d), a.rows, a.repeat)


if __name__ == "__main__":
    main()

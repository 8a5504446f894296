"""The baseline for `retort inspect`: SQLAlchemy's MetaData.reflect() of every
table of a database, in a fresh process (as `retort inspect` is one).

Example: /usr/bin/python3 reflect.py postgresql://postgres@/db?host=/tmp/pg
"""
import sys

import sqlalchemy as sa

engine = sa.create_engine(sys.argv[1])
metadata = sa.MetaData()
metadata.reflect(bind=engine)
print(len(metadata.tables))

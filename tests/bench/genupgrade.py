#!/usr/bin/python3
"""genupgrade.py: writes a linear N-revision project for the `upgrade head`
benchmark (tests/bench/bench_upgrade.sh).
    /usr/bin/python3 tests/bench/genupgrade.py N OUTDIR
12-hex ids, one revision per file in the 1.8.1 template style, each
running one small realistic statement with op.execute(), in a cycle of
eight on one table: CREATE TABLE t_NNNNN (4 columns), INSERT, ALTER TABLE
ADD COLUMN, INSERT, CREATE INDEX, INSERT, UPDATE, INSERT (the downgrades
undo them).
sqlalchemy.url = sqlite:///bench.db (relative to the project).
Deterministic: the same N writes the same project.
"""

import os
import random
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "compat"))
import projlib  # noqa: E402


def statements(i, table):
    """(message, upgrade SQL, downgrade SQL) of revision i; table is the
    table the current group of eight revisions works on."""
    k = i % 8
    if k == 0:
        return ("create table %s" % table,
                "CREATE TABLE %s (id INTEGER NOT NULL PRIMARY KEY, "
                "name VARCHAR(80) NOT NULL, amount NUMERIC(12, 2), "
                "created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)" % table,
                "DROP TABLE %s" % table)
    if k == 2:
        return ("add column note to %s" % table,
                "ALTER TABLE %s ADD COLUMN note VARCHAR(200)" % table,
                "ALTER TABLE %s DROP COLUMN note" % table)
    if k == 4:
        return ("index %s.name" % table,
                "CREATE INDEX ix_%s_name ON %s (name)" % (table, table),
                "DROP INDEX ix_%s_name" % table)
    if k == 6:
        return ("reprice %s" % table,
                "UPDATE %s SET amount = amount * 1.1 WHERE id < 3" % table,
                "UPDATE %s SET amount = amount / 1.1 WHERE id < 3" % table)
    row = k // 2 + 1
    return ("seed %s row %d" % (table, row),
            "INSERT INTO %s (id, name, amount) VALUES "
            "(%d, 'row %d of %s', %d.50)" % (table, row, row, table, row * 7),
            "DELETE FROM %s WHERE id = %d" % (table, row))


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: genupgrade.py N OUTDIR\n")
        sys.exit(2)
    n, out = int(sys.argv[1]), sys.argv[2]
    r = random.Random(n)
    revs = []
    prev = None
    for i in range(n):
        rid = "%012x" % r.getrandbits(48)
        msg, up, down = statements(i, "t_%05d" % (i // 8))
        revs.append(dict(
            id=rid, down=prev, message=msg,
            date="2024-%02d-%02d 10:%02d:%02d.%06d" % (
                1 + i // 500 % 12, 1 + i // 20 % 28, i % 60, i * 7 % 60,
                r.randint(0, 999999)),
            upgrade=['op.execute("%s")' % up],
            downgrade=['op.execute("%s")' % down]))
        prev = rid
    projlib.write_project(out, revs, ini=projlib.ini_text(
        url="sqlite:///bench.db"))
    print("genupgrade: %d revisions in %s" % (n, out))


if __name__ == "__main__":
    main()

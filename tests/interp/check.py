"""tests/interp/check.py RETORT: autogenerate-style .py revisions
(fixtures/interp/project) run by the built binary against real Alembic
1.8.1 (issue 4 item 1).

  offline  `upgrade head --sql` and `downgrade head:base --sql`: stdout and
           exit status byte-identical to `/usr/bin/python3 -m alembic`
           (stderr too when both succeed) for postgresql://, mysql://,
           mariadb:// and sqlite:// URLs
  online   `upgrade head` on SQLite, PostgreSQL and MariaDB
           (RETORT_TEST_PG_URL, RETORT_TEST_MYSQL_URL: required, see
           tests/db/start.sh) by retort on one fresh database and by
           Alembic on another: both succeed and leave the same schema
           (sqlite_master; PostgreSQL catalogs; SHOW CREATE TABLE) and
           the same version rows; then `downgrade base` by each leaves
           only the version table
  refused  an unsupported construct in the head revision fails the run
           at file:line:col before anything ran (online and --sql)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ALEMBIC = ["/usr/bin/python3", "-m", "alembic"]
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
FIXTURE = os.path.join(SRC, "fixtures", "interp", "project")
sys.path.insert(0, os.path.join(SRC, "compat"))
import dbkit  # noqa: E402
# .yaml/.yml op-scripts (with .py and .sql revisions), run by retort,
# against the same project written as .py files, run by Alembic
YAML = os.path.join(SRC, "fixtures", "yaml")
YAML_PY = os.path.join(YAML, "alembic_equivalent")
# (name, what retort runs, what Alembic runs)
PAIRS = [("py", FIXTURE, FIXTURE), ("yaml", YAML, YAML_PY)]
OFFLINE_URLS = ["postgresql://", "mysql://", "mariadb://", "sqlite://"]
OFFLINE_CMDS = [["upgrade", "head", "--sql"],
                ["downgrade", "head:base", "--sql"]]

failures = []


# The reference these compare against is Alembic 1.8.1 on SQLAlchemy 1.4
# (docs/alembic-versions.md): retort follows it when told so.
os.environ["RETORT_ALEMBIC_VERSION"] = "1.8"


def fail(what, detail=""):
    failures.append(what)
    print("FAIL: %s\n%s" % (what, detail), flush=True)


def run(argv, cwd):
    e = dict(os.environ)
    for k in ("RETORT_DATABASE_URL", "RETORT_FAULT", "ALEMBIC_CONFIG"):
        e.pop(k, None)
    return subprocess.run(argv, cwd=cwd, env=e, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)


def project(tmp, name, url, src=FIXTURE):
    """A copy of the fixture src whose ini names url ('%' escaped)."""
    d = os.path.join(tmp, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(src, d, ignore=shutil.ignore_patterns(
        "alembic_equivalent"))
    ini = os.path.join(d, "alembic.ini")
    with open(ini) as f:
        lines = f.read().splitlines()
    lines = ["sqlalchemy.url = " + url.replace("%", "%%")
             if l.startswith("sqlalchemy.url") else l for l in lines]
    with open(ini, "w") as f:
        f.write("\n".join(lines) + "\n")
    return d


# ---- offline ---------------------------------------------------------

def check_offline(retort, tmp, pair):
    name, rsrc, asrc = pair
    for url in OFFLINE_URLS:
        rd = project(tmp, "offline-r", url, rsrc)
        ad = project(tmp, "offline-a", url, asrc)
        for cmd in OFFLINE_CMDS:
            a = run(ALEMBIC + cmd, ad)
            r = run([retort] + cmd, rd)
            what = "offline %s %s: %s" % (name, url, " ".join(cmd))
            # Alembic's FAILED goes to stdout with status 255
            if (a.stdout, a.returncode) != (r.stdout, r.returncode):
                fail(what, "alembic (%d):\n%s\nretort (%d):\n%s%s" %
                     (a.returncode, a.stdout, r.returncode, r.stdout,
                      r.stderr))
            elif a.returncode == 0 and a.stderr != r.stderr:
                fail(what + " (stderr)", "alembic:\n%s\nretort:\n%s" %
                     (a.stderr, r.stderr))
            else:
                print("ok: " + what, flush=True)


# ---- databases -------------------------------------------------------

class SQLite(dbkit.SQLite):
    def __init__(self, tmp, tag):
        dbkit.SQLite.__init__(self, os.path.join(tmp,
                                                 "interp-%s.sqlite" % tag))

    def schema(self):
        return self.master()


class Postgres(dbkit.PgSchema):
    def __init__(self, base, tag):
        dbkit.PgSchema.__init__(self, base, "rt_interp_%d_%s" %
                                (os.getpid(), tag), driver="psycopg2")

    def schema(self):
        s = {"s": self.schema_name}
        out = []
        out += self.query(
            "SELECT table_name, column_name, ordinal_position, data_type, "
            "udt_name, character_maximum_length, numeric_precision, "
            "numeric_scale, is_nullable, column_default FROM "
            "information_schema.columns WHERE table_schema = %(s)s "
            "ORDER BY table_name, ordinal_position", s)
        out += self.query(
            "SELECT c.relname, k.conname, k.contype, "
            "pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN "
            "pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON "
            "n.oid = c.relnamespace WHERE n.nspname = %(s)s "
            "ORDER BY 1, 2", s)
        out += self.query(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = %(s)s ORDER BY 1, 2", s)
        out += self.query(
            "SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_enum e "
            "JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n "
            "ON n.oid = t.typnamespace WHERE n.nspname = %(s)s "
            "ORDER BY 1, 3", s)
        out += self.query(
            "SELECT c.relname, d.objsubid, d.description FROM "
            "pg_description d JOIN pg_class c ON c.oid = d.objoid JOIN "
            "pg_namespace n ON n.oid = c.relnamespace WHERE "
            "n.nspname = %(s)s ORDER BY 1, 2", s)
        # the schema name differs between the two databases
        return [tuple(str(x).replace(self.schema_name, "<s>") for x in r)
                for r in out]


class MySQL(dbkit.MariaDB):
    def __init__(self, base, tag):
        # mariadb:// (SQLAlchemy's dialect name "mariadb"): what the
        # revisions' dialect ifs test for MariaDB
        dbkit.MariaDB.__init__(self, base, "retort_interp_%d_%s" %
                               (os.getpid(), tag), scheme="mariadb+pymysql")

    def schema(self):
        return self.create_tables(self.tables())


def databases(tmp, tag):
    urls = dbkit.servers(fail)
    if not urls:
        return [SQLite(tmp, tag)]
    return [SQLite(tmp, tag), Postgres(urls[0], tag), MySQL(urls[1], tag)]


# ---- online ----------------------------------------------------------

def rows(db):
    return sorted(r[0] for r in db.query("SELECT version_num FROM "
                                         "alembic_version"))


def step(tool, argv, d, what):
    p = run(argv, d)
    if p.returncode != 0:
        fail("%s: %s failed (%d)" % (what, tool, p.returncode),
             p.stdout + p.stderr)
        return False
    return True


def check_online(retort, tmp, pair):
    name, rsrc, asrc = pair
    for r_db, a_db in zip(databases(tmp, "r"), databases(tmp, "a")):
        what = "online %s %s" % (name, r_db.name)
        r_db.setup()
        a_db.setup()
        try:
            rd = project(tmp, "on-r", r_db.url, rsrc)
            ad = project(tmp, "on-a", a_db.url, asrc)
            ok = (step("retort", [retort, "upgrade", "head"], rd,
                       what + " upgrade head") &
                  step("alembic", ALEMBIC + ["upgrade", "head"], ad,
                       what + " upgrade head"))
            if not ok:
                continue
            rs, als = r_db.schema(), a_db.schema()
            if rs != als:
                diff = [("retort", x) for x in rs if x not in als] + \
                       [("alembic", x) for x in als if x not in rs]
                fail(what + ": schemas differ after upgrade head",
                     "\n".join("%s only: %r" % x for x in diff))
            elif rows(r_db) != rows(a_db):
                fail(what + ": version rows differ",
                     "%r %r" % (rows(r_db), rows(a_db)))
            else:
                print("ok: %s upgrade head" % what, flush=True)
            ok = (step("retort", [retort, "downgrade", "base"], rd,
                       what + " downgrade base") &
                  step("alembic", ALEMBIC + ["downgrade", "base"], ad,
                       what + " downgrade base"))
            if ok and r_db.schema() != a_db.schema():
                fail(what + ": schemas differ after downgrade base",
                     "%r\n%r" % (r_db.schema(), a_db.schema()))
            elif ok:
                print("ok: %s downgrade base" % what, flush=True)
        finally:
            r_db.teardown()
            a_db.teardown()


# ---- unsupported ----------------------------------------------------

BAD_REV = '''"""bad

Revision ID: 5e6f7a8b9c0d
Revises: 4d5e6f7a8b9c
"""
from alembic import op
import sqlalchemy as sa

revision = '5e6f7a8b9c0d'
down_revision = '4d5e6f7a8b9c'


def upgrade():
    op.add_column('users', sa.Column('n', sa.Integer(), sa.Computed('1')))


def downgrade():
    pass
'''


def check_unsupported(retort, tmp):
    """An unsupported construct in the last revision: the run fails when
    it loads the revisions, naming file:line:col, and nothing ran (not
    even the earlier revisions, not even the version table)."""
    db = SQLite(tmp, "bad")
    db.setup()
    d = project(tmp, "bad", db.url)
    path = os.path.join(d, "versions", "5e6f7a8b9c0d_bad.py")
    with open(path, "w") as f:
        f.write(BAD_REV)
    for cmd in (["upgrade", "head"], ["upgrade", "head", "--sql"]):
        p = run([retort] + cmd, d)
        want = ("retort: error: %s:14:57: unsupported in a revision "
                "body: sa.Computed()\n" % path)
        what = "unsupported: " + " ".join(cmd)
        if p.returncode != 1 or not p.stderr.endswith(want):
            fail(what, "exit %d\n%s%s" % (p.returncode, p.stdout,
                                          p.stderr))
        elif "--sql" in cmd and p.stdout:
            fail(what + ": printed SQL", p.stdout)
        elif os.path.exists(db.path) and db.schema():
            # not even the version table: bodies load before rule 7.5's
            # CREATE TABLE, as Alembic imports revisions before it
            fail(what + ": something ran", repr(db.schema()))
        else:
            print("ok: " + what, flush=True)


def main():
    retort = os.path.realpath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="retort-interp-")
    try:
        for pair in PAIRS:
            check_offline(retort, tmp, pair)
        check_unsupported(retort, tmp)
        for pair in PAIRS:
            check_online(retort, tmp, pair)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)
    print("interp: all checks passed")


if __name__ == "__main__":
    main()

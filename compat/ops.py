#!/usr/bin/python3
"""ops.py: the op-script compat suite (compat/OPS.md, issue 4 "How it is
checked").  For each project of fixtures/opcorpus/ and each random project
of compat/opgen.py (seeds COMPAT_OPS_SEEDS), retort against real Alembic
1.8.1 (`/usr/bin/python3 -m alembic`, run in forked children of a process
that imported it once):
  offline  `upgrade head --sql` and `downgrade head:base --sql` for
           postgresql://, mysql://, mariadb:// and sqlite:// URLs, and for
           sqlite:// each single step too (`upgrade DOWN:REV --sql`,
           `downgrade REV:DOWN --sql`): stdout and exit status byte for
           byte;
  online   on SQLite, PostgreSQL and MariaDB, two fresh databases: retort
           `upgrade head` on one, Alembic on the other, then both
           `downgrade base`; the schemas (sqlite_master, pg_dump
           --schema-only, SHOW CREATE TABLE), the rows of every table and
           the exit status/stdout must agree after each command;
  mixed    on one database per kind, retort upgrades to the middle
           revision, Alembic to head, Alembic downgrades to the middle,
           retort to base (and the reverse order on a fresh database);
           after each step schema, rows and alembic_version equal those of
           a pure-Alembic run of the same steps.
    ops.py [--jobs N] [--seeds "1 2 3"] [--projects blog,shop,saas]
           [--parts offline,online,mixed] [--keep] RETORT
RETORT `alembic` runs Alembic on both sides (checks the corpus and this
harness).  Needs RETORT_TEST_PG_URL and RETORT_TEST_MYSQL_URL (their absence
is a failure).  Last line: `compat-ops: N passed, M failed`; exit 1 if M.
"""

import argparse
import difflib
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
CORPUS = os.path.join(TOP, "fixtures", "opcorpus")
sys.path.insert(0, HERE)
import compare  # noqa: E402
import dbkit  # noqa: E402
import opgen  # noqa: E402

PYTHON = "/usr/bin/python3"
TIMEOUT = 180
OFFLINE_URLS = ["postgresql://", "mysql://", "mariadb://", "sqlite://"]
KINDS = ["sqlite", "postgresql", "mariadb"]
DIFF_LINES = 40


# ---------------------------------------------------------------------
# Running the tools.  Alembic: a fork of this process (which imported
# alembic, SQLAlchemy and the drivers once) per command, exactly what
# `python3 -m alembic ARGS` does in a fresh interpreter.

def preload():
    import alembic.command  # noqa: F401
    import alembic.config  # noqa: F401
    import alembic.util.messaging as m
    import psycopg2  # noqa: F401
    import pymysql  # noqa: F401
    import sqlalchemy  # noqa: F401
    import sqlalchemy.dialects.mysql  # noqa: F401
    import sqlalchemy.dialects.postgresql  # noqa: F401
    import sqlalchemy.dialects.sqlite  # noqa: F401
    m.TERMWIDTH = None      # stdout is a file in the child


def tool_env():
    env = dict(os.environ)
    for k in ("COLUMNS", "LINES", "ALEMBIC_CONFIG", "RETORT_DATABASE_URL",
              "RETORT_FAULT"):
        env.pop(k, None)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_alembic(cwd, argv):
    def main():
        import alembic.config
        sys.dont_write_bytecode = True
        sys.argv = ["alembic"] + argv
        alembic.config.main(argv=argv, prog="alembic")
    return compare.run_in_child(main, cwd, tool_env())


def run_tool(tool, cwd, argv):
    """(status, stdout, stderr) of `TOOL ARGV` in cwd; tool "alembic" is
    Alembic itself."""
    if tool == "alembic":
        return run_alembic(cwd, argv)
    return compare.run_retort(tool, cwd, argv, tool_env(), TIMEOUT)


# ---------------------------------------------------------------------
# Projects: a copy per use, whose ini names the URL.

def set_url(proj, url):
    ini = os.path.join(proj, "alembic.ini")
    with open(ini, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        if line.startswith("sqlalchemy.url"):
            lines[i] = "sqlalchemy.url = " + url.replace("%", "%%")
    with open(ini, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def copy_project(src, dst, url):
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(
        "__pycache__", "*.db"))
    set_url(dst, url)
    return dst


REV_RE = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
DOWN_RE = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(None|['\"]([^'\"]+)"
                     r"['\"])", re.M)


def chain(proj):
    """The revision ids of a linear project, base first."""
    vdir = os.path.join(proj, "migrations", "versions")
    down = {}
    for name in os.listdir(vdir):
        if not name.endswith(".py"):
            continue
        with open(os.path.join(vdir, name), encoding="utf-8") as f:
            text = f.read()
        rev = REV_RE.search(text).group(1)
        d = DOWN_RE.search(text)
        down[d.group(2) if d.group(2) else None] = rev
    out, cur = [], None
    while cur in down:
        cur = down[cur]
        out.append(cur)
    return out


# ---------------------------------------------------------------------
# Databases.  Each has setup() (fresh and empty), teardown() and
# snapshot(): a text of the schema, every table's rows and the
# alembic_version rows, equal for equal databases.

class SQLite(dbkit.SQLite):
    def __init__(self, tag, tmp):
        dbkit.SQLite.__init__(self, os.path.join(tmp, tag + ".db"))

    def snapshot(self):
        if not os.path.exists(self.path):
            return "(no database file)\n"
        master = sorted(self.master(),
                        key=lambda r: tuple(str(x) for x in r))
        out = ["%s %s ON %s:\n  %s" % (typ, name, tbl, sqlite_table_sql(sql))
               for typ, name, tbl, sql in master]
        out += all_rows(self, [name for typ, name, _, _ in master
                               if typ == "table"])
        return "\n".join(out) + "\n"


CONSTRAINT_START = ("CONSTRAINT ", "PRIMARY KEY", "FOREIGN KEY", "UNIQUE",
                    "CHECK")


def split_top(body):
    """body split at the commas outside parentheses and quotes."""
    items, depth, quote, cur = [], 0, None, []
    for ch in body:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"`[":
            quote = "]" if ch == "[" else ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    items.append("".join(cur))
    return items


def sqlite_table_sql(sql):
    """A CREATE TABLE text with its table constraints sorted (columns keep
    their order, every byte is kept): Alembic's batch "move and copy"
    writes the constraints of the new table in set order, which differs
    from run to run (OPS.md, "Normalisations")."""
    if not sql or not sql.startswith("CREATE TABLE"):
        return sql
    start, end = sql.find("("), sql.rfind(")")
    if start < 0 or end < start:
        return sql
    items = split_top(sql[start + 1:end])
    last = items[-1]
    tail = last[len(last.rstrip()):]
    items[-1] = last.rstrip()
    cols = [i for i in items if not i.strip().startswith(CONSTRAINT_START)]
    cons = [i for i in items if i.strip().startswith(CONSTRAINT_START)]
    body = ",".join(cols + sorted(cons, key=lambda i: i.strip()))
    return sql[:start + 1] + body + tail + sql[end:]


TIMESTAMP_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$")


def norm_value(v):
    """Values a server default computes when the row is written (times)
    are replaced by their type's name."""
    import datetime
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return "<%s>" % type(v).__name__
    if isinstance(v, str) and TIMESTAMP_RE.match(v):
        return "<timestamp text>"
    return v


def rows_text(table, rows):
    return "rows %s: %s" % (table, sorted(
        repr(tuple(norm_value(v) for v in r)) for r in rows))


def all_rows(db, tables):
    """rows_text() of each of tables."""
    rows = db.table_rows(tables)
    return [rows_text(t, rows[t]) for t in tables]


class Postgres(dbkit.PgDatabase):
    def __init__(self, tag, base):
        dbkit.PgDatabase.__init__(self, base, tag)

    def snapshot(self):
        p = subprocess.run(["pg_dump", "--schema-only", "--no-owner",
                            "--no-privileges", "-d", self.url],
                           capture_output=True, text=True, timeout=TIMEOUT)
        if p.returncode != 0:
            return "pg_dump failed: %s" % p.stderr
        out = [pg_normalise(p.stdout)] + all_rows(self, self.tables())
        return "\n".join(out) + "\n"


def pg_normalise(text):
    """pg_dump output without comments, SET lines, set_config calls,
    owner statements and blank-line runs."""
    out = []
    for line in text.split("\n"):
        if line.startswith("--") or line.startswith("SET ") or \
                line.startswith("\\restrict ") or \
                line.startswith("\\unrestrict ") or \
                "pg_catalog.set_config" in line or " OWNER TO " in line:
            continue
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return "\n".join(out).strip()


class MariaDB(dbkit.MariaDB):
    def __init__(self, tag, base):
        dbkit.MariaDB.__init__(self, base, tag)

    def snapshot(self):
        tables = self.tables()
        out = [sql for _, sql in self.create_tables(tables)]
        out += all_rows(self, tables)
        return "\n".join(out) + "\n"


def make_db(kind, tag, tmp):
    if kind == "sqlite":
        return SQLite(tag, tmp)
    if kind == "postgresql":
        return Postgres(tag, os.environ["RETORT_TEST_PG_URL"])
    return MariaDB(tag, os.environ["RETORT_TEST_MYSQL_URL"])


# ---------------------------------------------------------------------
# Results.  A job returns a list of (name, None | failure text).

def diff(a, b, la, lb):
    if isinstance(a, bytes):
        a = a.decode("utf-8", "replace")
        b = b.decode("utf-8", "replace")
    d = list(difflib.unified_diff(a.splitlines(), b.splitlines(), la, lb,
                                  n=2, lineterm=""))
    if len(d) > DIFF_LINES:
        d = d[:DIFF_LINES] + ["... (%d more diff lines)" %
                              (len(d) - DIFF_LINES)]
    return "\n".join(d)


SQLITE_REFUSAL = b"This operation cannot proceed in --sql mode; batch mode"


def check_reference(a, argv, url=None):
    """A failure text when Alembic itself failed: the project is not a
    valid one, except Alembic's refusal of a batch "move and copy" with
    --sql on SQLite (it would have to reflect the table)."""
    if a[0] == 0:
        return None
    if url == "sqlite://" and SQLITE_REFUSAL in a[1]:
        return None
    return "invalid project: alembic %s failed (%s):\n%s%s" % (
        " ".join(argv), a[0], a[1].decode("utf-8", "replace")[-800:],
        a[2].decode("utf-8", "replace")[-1500:])


def compare_runs(a, r):
    """None if the Alembic run a and the retort run r have the same exit
    status and stdout, else a failure text."""
    if a[0] == r[0] and a[1] == r[1]:
        return None
    text = "exit status: alembic %s, retort %s\n" % (a[0], r[0])
    if a[1] != r[1]:
        text += diff(a[1], r[1], "alembic stdout", "retort stdout") + "\n"
    if r[0] != 0 and r[2]:
        text += "retort stderr: " + r[2].decode("utf-8", "replace")[-600:]
    return text


def ranges(revs):
    """(upgrade arg, downgrade arg) of each single step."""
    out = []
    prev = "base"
    for r in revs:
        out.append(("%s:%s" % (prev, r), "%s:%s" % (r, prev)))
        prev = r
    return out


def job_offline(job):
    tool, label, src, tmp = job
    res = []
    revs = chain(src)
    for url in OFFLINE_URLS:
        d = copy_project(src, os.path.join(tmp, "off-%s-%s" % (
            label, url.split(":")[0])), url)
        cmds = [["upgrade", "head", "--sql"],
                ["downgrade", "head:base", "--sql"]]
        # Alembic refuses --sql for a SQLite batch "move and copy": each
        # step on its own, so that the others are still compared
        for up, down in ranges(revs) if url == "sqlite://" else []:
            cmds.append(["upgrade", up, "--sql"])
            cmds.append(["downgrade", down, "--sql"])
        for argv in cmds:
            name = "offline %s %s: %s" % (label, url, " ".join(argv))
            a = run_alembic(d, argv)
            r = run_tool(tool, d, argv)
            res.append((name, check_reference(a, argv, url) or
                        compare_runs(a, r)))
        shutil.rmtree(d, ignore_errors=True)
    return res


def job_online(job):
    """Retort on database A, Alembic on B: upgrade head, downgrade base."""
    tool, label, src, tmp, kind, tag = job
    res = []
    dbs = [make_db(kind, tag + "_r", tmp), make_db(kind, tag + "_a", tmp)]
    try:
        projs = []
        for db, side in zip(dbs, "ra"):
            db.setup()
            projs.append(copy_project(src, os.path.join(
                tmp, "on-%s-%s-%s" % (label, kind, side)), db.url))
        for argv in (["upgrade", "head"], ["downgrade", "base"]):
            name = "online %s %s: %s" % (label, kind, " ".join(argv))
            r = run_tool(tool, projs[0], argv)
            a = run_alembic(projs[1], argv)
            bad = check_reference(a, argv) or compare_runs(a, r)
            if bad is None:
                sa, sr = dbs[1].snapshot(), dbs[0].snapshot()
                if sa != sr:
                    bad = "schemas differ:\n" + diff(
                        sa, sr, "alembic database", "retort database")
            res.append((name, bad))
            if bad:
                break
    finally:
        for db in dbs:
            db.teardown()
    return res


def job_mixed(job):
    """Both orders of the mixed team against a pure-Alembic reference."""
    tool, label, src, tmp, kind, tag = job
    revs = chain(src)
    mid = revs[(len(revs) - 1) // 2]
    steps = [["upgrade", mid], ["upgrade", "head"], ["downgrade", mid],
             ["downgrade", "base"]]
    orders = [("retort-first", [tool, "alembic", "alembic", tool]),
              ("alembic-first", ["alembic", tool, tool, "alembic"])]
    res = []
    ref_db = make_db(kind, tag + "_ref", tmp)
    try:
        ref_db.setup()
        p = copy_project(src, os.path.join(
            tmp, "mx-%s-%s-ref" % (label, kind)), ref_db.url)
        ref = []
        for argv in steps:
            a = run_alembic(p, argv)
            bad = check_reference(a, argv)
            if bad:
                return [("mixed %s %s" % (label, kind), bad)]
            ref.append((a, ref_db.snapshot()))
    finally:
        ref_db.teardown()
    for oname, who in orders:
        db = make_db(kind, tag + "_mx", tmp)
        name = "mixed %s %s %s" % (label, kind, oname)
        bad = None
        try:
            db.setup()
            p = copy_project(src, os.path.join(
                tmp, "mx-%s-%s-team" % (label, kind)), db.url)
            for i, argv in enumerate(steps):
                t = who[i]
                got = run_tool(t, p, argv)
                what = "step %d (%s %s)" % (i + 1, "retort" if t == tool
                                            else "alembic", " ".join(argv))
                bad = compare_runs(ref[i][0], got)
                if bad is None:
                    snap = db.snapshot()
                    if snap != ref[i][1]:
                        bad = "database differs:\n" + diff(
                            ref[i][1], snap, "pure alembic", "team")
                if bad:
                    bad = what + ": " + bad
                    break
        finally:
            db.teardown()
        res.append((name, bad))
    return res


def run_job(job):
    kind, args = job
    try:
        return {"offline": job_offline, "online": job_online,
                "mixed": job_mixed}[kind](args)
    except Exception:
        return [("%s %s" % (kind, args[1]), "harness error:\n" +
                 traceback.format_exc())]


# ---------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int,
                    default=int(os.environ.get("COMPAT_JOBS", "2")))
    ap.add_argument("--seeds", default=os.environ.get(
        "COMPAT_OPS_SEEDS", "1 2 3 4 5 6 7 8"))
    ap.add_argument("--projects", default="blog,shop,saas")
    ap.add_argument("--parts", default=os.environ.get(
        "COMPAT_OPS_PARTS", "offline,online,mixed"))
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("retort")
    args = ap.parse_args()
    tool = args.retort
    if tool != "alembic":
        tool = os.path.abspath(tool)
    preload()

    results = []
    parts = [p for p in args.parts.split(",") if p]
    if ("online" in parts or "mixed" in parts) and not (
            os.environ.get("RETORT_TEST_PG_URL") and
            os.environ.get("RETORT_TEST_MYSQL_URL")):
        results.append(("databases", "RETORT_TEST_PG_URL and "
                        "RETORT_TEST_MYSQL_URL must be set (tests/db/"
                        "start.sh, then . /tmp/retort-db/env)"))
        kinds = ["sqlite"]
    else:
        kinds = KINDS

    tmp = tempfile.mkdtemp(prefix="retort-ops.")
    if args.keep:
        print("compat-ops: work directory %s" % tmp)
    projects = []
    for name in [p for p in args.projects.split(",") if p]:
        projects.append((name, os.path.join(CORPUS, name)))
    for s in args.seeds.split():
        d = os.path.join(tmp, "gen%s" % s)
        opgen.write_project(int(s), d)
        projects.append(("gen%s" % s, d))

    jobs = []
    n = 0
    for label, src in projects:
        if "offline" in parts:
            jobs.append(("offline", (tool, label, src, tmp)))
        for kind in kinds:
            n += 1
            tag = "retort_opc_%d_%d" % (os.getpid(), n)
            if "online" in parts:
                jobs.append(("online", (tool, label, src, tmp, kind, tag)))
            if "mixed" in parts:
                jobs.append(("mixed", (tool, label, src, tmp, kind, tag)))
    ctx = multiprocessing.get_context("fork")
    try:
        with ctx.Pool(args.jobs) as pool:
            for res in pool.imap_unordered(run_job, jobs):
                results.extend(res)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    failed = [(n, t) for n, t in results if t]
    for name, text in sorted(failed):
        print("FAIL %s\n%s\n" % (name, text.rstrip()))
    print("compat-ops: %d passed, %d failed" % (len(results) - len(failed),
                                                len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""tests/runner/check.py RETORT: the runner through the built binary, on
SQLite, PostgreSQL and MariaDB (RETORT_TEST_PG_URL, RETORT_TEST_MYSQL_URL:
both required, see tests/db/start.sh), against real Alembic 1.8.1.

  offline      `--sql` stdout and stderr byte-identical to
               `/usr/bin/python3 -m alembic` for postgresql, mysql, mariadb
               and sqlite URLs (spec section 8)
  concurrency  8 processes run `retort upgrade head` at once: all exit 0,
               every revision's statements ran exactly once (issue 3 item 6)
  mixed team   steps alternate between retort and Alembic on ONE database;
               after each step the version rows, the `current` output of
               both tools and the migration log table agree

Each database case works in its own namespace (a SQLite file, a PostgreSQL
schema chosen with the `options` URL parameter, a MariaDB database
retort_run_<pid>) that is dropped afterwards.
"""
import os
import shutil
import subprocess
import sys
import tempfile

ALEMBIC = ["/usr/bin/python3", "-m", "alembic"]
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
FIXTURE = os.path.join(SRC, "fixtures", "runner", "basic")
sys.path.insert(0, os.path.join(SRC, "compat"))
import dbkit  # noqa: E402
ALL_REVS = ["a1", "a2", "b1", "c1", "m1"]

failures = []


# The reference these compare against is Alembic 1.8.1 on SQLAlchemy 1.4
# (docs/alembic-versions.md): retort follows it when told so.
os.environ["RETORT_ALEMBIC_VERSION"] = "1.8"


def fail(what, detail=""):
    failures.append(what)
    print("FAIL: %s\n%s" % (what, detail), flush=True)


def run(argv, cwd, env=None):
    e = dict(os.environ)
    e.pop("RETORT_DATABASE_URL", None)
    e.pop("RETORT_FAULT", None)
    e.pop("ALEMBIC_CONFIG", None)
    e.update(env or {})
    return subprocess.run(argv, cwd=cwd, env=e, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)


def project(tmp, url):
    """A copy of the fixture whose ini names url ('%' escaped)."""
    d = os.path.join(tmp, "proj")
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(FIXTURE, d)
    ini = os.path.join(d, "alembic.ini")
    with open(ini) as f:
        text = f.read()
    out = []
    for line in text.splitlines():
        if line.startswith("sqlalchemy.url"):
            line = "sqlalchemy.url = " + url.replace("%", "%%")
        out.append(line)
    with open(ini, "w") as f:
        f.write("\n".join(out) + "\n")
    return d


# ---- databases -------------------------------------------------------

def databases(tmp):
    pid = os.getpid()
    sq = dbkit.SQLite(os.path.join(tmp, "db.sqlite"))
    urls = dbkit.servers(fail)
    if not urls:
        return [sq]
    return [sq, dbkit.PgSchema(urls[0], "rt_run_%d" % pid, driver="psycopg2"),
            dbkit.MariaDB(urls[1], "retort_run_%d" % pid, name="mysql")]


def rows(db):
    return db.version_rows()


def runlog(db):
    try:
        return sorted(x[0] for x in db.query("SELECT rev FROM runlog"))
    except db.error:
        return []


# ---- offline ---------------------------------------------------------

OFFLINE_CMDS = [
    ["upgrade", "head", "--sql"],
    ["upgrade", "a2:heads", "--sql"],
    ["downgrade", "m1:base", "--sql"],
    ["downgrade", "m1:a2", "--sql"],
    ["stamp", "a2:b1", "a2:c1", "--sql"],
    ["ensure_version", "--sql"],
    ["upgrade", "nosuch", "--sql"],
]
OFFLINE_URLS = ["postgresql://u:secret@h/db", "mysql+pymysql://u@h/db",
                "mariadb://u@h/db", "sqlite:///x.db"]


def check_offline(retort, tmp):
    for url in OFFLINE_URLS:
        d = project(tmp, url)
        for cmd in OFFLINE_CMDS:
            a = run(ALEMBIC + cmd, d)
            r = run([retort] + cmd, d)
            what = "offline %s: %s" % (url, " ".join(cmd))
            # Alembic's FAILED goes to stdout with status 255
            if (a.stdout, a.returncode) != (r.stdout, r.returncode):
                fail(what, "alembic (%d):\n%s\nretort (%d):\n%s%s" %
                     (a.returncode, a.stdout, r.returncode, r.stdout,
                      r.stderr))
            elif a.returncode == 0 and a.stderr != r.stderr:
                fail(what + " (stderr)", "alembic:\n%s\nretort:\n%s" %
                     (a.stderr, r.stderr))


# ---- concurrency -----------------------------------------------------

def check_concurrency(retort, tmp, db):
    db.setup()
    d = project(tmp, db.url)
    procs = [subprocess.Popen([retort, "upgrade", "head"], cwd=d,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              stdin=subprocess.DEVNULL)
             for _ in range(8)]
    outs = [p.communicate() + (p.returncode,) for p in procs]
    what = "concurrency on %s" % db.name
    bad = [o for o in outs if o[2] != 0]
    if bad:
        fail(what, "%d of 8 failed; first: %r" % (len(bad), bad[0]))
    if runlog(db) != ALL_REVS:
        fail(what, "runlog %r, want each revision once" % runlog(db))
    if rows(db) != ["m1"]:
        fail(what, "version rows %r" % rows(db))
    steps = sum(o[1].count("Running upgrade") for o in outs)
    if steps != len(ALL_REVS):
        fail(what, "%d steps logged in all, want %d" % (steps,
                                                          len(ALL_REVS)))
    db.teardown()


# ---- mixed team ------------------------------------------------------

TEAM = [
    ("retort", ["upgrade", "a1"]),
    ("alembic", ["upgrade", "b1"]),
    ("retort", ["upgrade", "c1"]),
    ("alembic", ["upgrade", "heads"]),
    ("retort", ["downgrade", "b1"]),
    ("alembic", ["downgrade", "a2"]),
    ("retort", ["upgrade", "heads"]),
    ("alembic", ["downgrade", "a2"]),
    ("retort", ["upgrade", "b1"]),
    ("alembic", ["upgrade", "heads"]),
    ("retort", ["stamp", "--purge", "m1"]),
    ("alembic", ["downgrade", "base"]),
    ("retort", ["upgrade", "heads"]),
    ("alembic", ["downgrade", "c1"]),
    ("retort", ["stamp", "m1"]),
    ("alembic", ["stamp", "--purge", "b1", "c1"]),
    ("retort", ["upgrade", "heads"]),
    ("alembic", ["downgrade", "a1"]),
    ("retort", ["downgrade", "base"]),
]


def current(tool, retort, d):
    argv = ([retort] if tool == "retort" else ALEMBIC) + ["current"]
    p = run(argv, d)
    return p.returncode, sorted(p.stdout.splitlines())


def applied(db, revs):
    """The revisions whose effects the version rows claim."""
    parents = {"a1": [], "a2": ["a1"], "b1": ["a2"], "c1": ["a2"],
               "m1": ["b1", "c1"]}
    out, todo = set(), list(revs or [])
    while todo:
        r = todo.pop()
        if r not in out:
            out.add(r)
            todo.extend(parents[r])
    return sorted(out)


def check_team(retort, tmp, db):
    db.setup()
    d = project(tmp, db.url)
    for i, (tool, cmd) in enumerate(TEAM):
        argv = ([retort] if tool == "retort" else ALEMBIC) + cmd
        p = run(argv, d)
        what = "mixed team on %s, step %d: %s %s" % (db.name, i + 1, tool,
                                                      " ".join(cmd))
        if p.returncode != 0:
            fail(what, p.stdout + p.stderr)
            break
        cr, ca = current("retort", retort, d), current("alembic", retort, d)
        if cr != ca:
            fail(what + ": current differs", "retort %r\nalembic %r" %
                 (cr, ca))
        # stamp changes only the table; every other step keeps the
        # log of applied revisions equal to what the rows claim
        if cmd[0] != "stamp" and runlog(db) != applied(db, rows(db)):
            fail(what + ": rows and schema disagree",
                 "rows %r, runlog %r" % (rows(db), runlog(db)))
    db.teardown()


def main():
    retort = os.path.realpath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="retort-runner-")
    try:
        check_offline(retort, tmp)
        for db in databases(tmp):
            check_concurrency(retort, tmp, db)
            check_team(retort, tmp, db)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)
    print("runner: all checks passed")


if __name__ == "__main__":
    main()

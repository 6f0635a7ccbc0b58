#!/usr/bin/python3
"""walk.py: the online part of the compat suite, the mixed team.  For each
project and each database (a SQLite file, a PostgreSQL schema, a MariaDB
database retort_compat_*), a seeded random walk of `upgrade` /
`downgrade` / `stamp` commands; each step is run by retort or by real
Alembic 1.8.1 at random on ONE database (the "team" database), and by
Alembic alone on a second, reference database of the same kind.
    walk.py [--jobs N] [--alembic fork|subprocess] [--steps N]
            [--dbs sqlite,postgresql,mariadb] [--seed S] [--label NAME]
            [--stops NAME,...] RETORT PROJECT_DIR...
The --stops projects get the stops walk instead (stops_commands()).
After every step it checks (compat/README.md, "Online walk"):
  * the step's exit status and stdout (FAILED: messages) equal the
    reference's;
  * the sorted rows of alembic_version and the set of tables of the team
    database equal the reference's;
  * `current` by retort and by Alembic on the team database agree
    (status, sorted lines);
  * when the step failed, the other tool fails the same way on the team
    database and leaves it as it was.
Needs RETORT_TEST_PG_URL and RETORT_TEST_MYSQL_URL for the servers
(tests/db/start.sh).  Each step is one test; a walk stops at its first
failing step (the databases may differ from then on) and prints the
commands that led there.  Last line: `<label>: N passed, M failed`.
"""

import argparse
import difflib
import multiprocessing
import os
import random
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare  # noqa: E402
import dbkit  # noqa: E402


# ---------------------------------------------------------------------
# Databases: one namespace per (job, role), created empty by setup().

class SQLite(dbkit.SQLite):
    def __init__(self, tag, tmp):
        dbkit.SQLite.__init__(self, os.path.join(tmp, "%s.db" % tag))

    def align_tables(self, tables):
        """Create or drop t_* tables so that the set equals tables."""
        have = set(self.tables())
        c = self.connect()
        try:
            for t in sorted(have - set(tables)):
                c.execute('DROP TABLE "%s"' % t)
            for t in sorted(set(tables) - have):
                c.execute('CREATE TABLE "%s" (id INTEGER, '
                          'note VARCHAR(40))' % t)
            c.commit()
        finally:
            c.close()


def snapshot(db):
    """(sorted alembic_version rows or None, sorted table names)."""
    return db.version_rows(), db.tables()


def make_db(kind, tag, tmp, rng):
    if kind == "sqlite":
        return SQLite(tag, tmp)
    if kind == "postgresql":
        return dbkit.PgSchema(os.environ["RETORT_TEST_PG_URL"], tag)
    scheme = rng.choice(["mysql+pymysql", "mariadb+pymysql"])
    return dbkit.MariaDB(os.environ["RETORT_TEST_MYSQL_URL"], tag, scheme)


# ---------------------------------------------------------------------
# The revision graph (from compare.inspect) and the step generator.

class Graph:
    def __init__(self, info):
        self.revs = info["revs"]
        self.ids = [r["id"] for r in self.revs]
        self.heads = info["heads"]
        self.parents = {r["id"]: r["down"] + [d for d in r["deps"]
                                              if d not in r["down"]]
                        for r in self.revs}
        self.labels = sorted({lb for r in self.revs for lb in r["labels"]})
        self.eff_labels = sorted({lb for r in self.revs
                                  for lb in r["eff_labels"]})
        self._anc = {}

    def anc(self, rev):
        """Anc(rev) with dependencies, rev excluded (rule 4.6)."""
        if rev not in self._anc:
            out, todo = set(), list(self.parents.get(rev, ()))
            while todo:
                r = todo.pop()
                if r not in out:
                    out.add(r)
                    todo.extend(self.parents.get(r, ()))
            self._anc[rev] = out
        return self._anc[rev]

    def minimal(self, rows):
        """The rows that are no ancestor of another row."""
        s = set(rows)
        return sorted(r for r in s if not any(r in self.anc(o) for o in s
                                              if o != r))


def pick(rng, weighted):
    """weighted: [(weight, value or callable)]; entries with value None
    are skipped."""
    items = [(w, v) for w, v in weighted if v is not None]
    x = rng.random() * sum(w for w, _ in items)
    for w, v in items:
        x -= w
        if x < 0:
            break
    return v() if callable(v) else v


def step_command(g, rows, rng):
    """A random upgrade/downgrade/stamp argument list for the rows."""
    ids = g.ids
    below = sorted(set().union(*[g.anc(r) for r in rows])) if rows else []
    above = sorted(i for i in ids if rows and any(r in g.anc(i)
                                                  for r in rows))
    one = len(rows) <= 1       # -N picks the first row: A.6
    lb = rng.choice(g.labels) if g.labels else None
    rid = rng.choice(ids)
    kind = pick(rng, [(45, "upgrade"), (35, "downgrade"), (20, "stamp")])
    if kind == "upgrade":
        t = pick(rng, [
            (20, "heads"), (10, "head"), (10, rid),
            (30, rng.choice(above) if above else None),
            (8, "+1"), (4, "+2"), (2, "-1"),
            (8, "%s@head" % lb if lb else None),
            (4, "%s@+1" % lb if lb else None),
            (3, "%s+1" % (rng.choice(below) if below else rid))])
        return ["upgrade", t]
    if kind == "downgrade":
        t = pick(rng, [
            (12, "base"), (12, "-1" if one else None),
            (4, "-2" if one else None), (8, rid),
            (32, rng.choice(below) if below else None),
            (5, "%s@base" % lb if lb else None),
            (4, "%s@-1" % lb if lb and one else None),
            (2, "heads")])
        return ["downgrade", t]
    t = pick(rng, [
        (30, [rid]), (10, ["head"]), (15, ["heads"]), (10, ["base"]),
        (10, [rid, rng.choice(ids)]), (10, ["--purge", rid]),
        (5, ["--purge", "heads"]),
        (10, ["%s@head" % lb] if lb else None)])
    return ["stamp"] + t


def stops_commands(g):
    """The stops walk (issue 17): `stamp heads`, then `downgrade T` for
    every revision T in history order (top-down) and `downgrade base`,
    then `upgrade T` bottom-up, `stamp heads` and `upgrade heads`: every
    version table on the way down and up is compared, each from the rows
    the previous command left.  Three times: every step by retort, then
    alternately by Alembic and retort, then the other way round (so each
    tool also goes on from the rows the other left).  Returns [(tool,
    argv)]."""
    one = [["stamp", "heads"]] + [["downgrade", t] for t in g.ids] + \
        [["downgrade", "base"]] + [["upgrade", t] for t in reversed(g.ids)] \
        + [["stamp", "heads"], ["upgrade", "heads"]]
    return [("retort", c) for c in one] + \
        [(("alembic", "retort")[k % 2], c) for k, c in enumerate(one)] + \
        [(("retort", "alembic")[k % 2], c) for k, c in enumerate(one)]


# ---------------------------------------------------------------------

RUNNING = re.compile(r"Running (upgrade) .* -> ([^ ,]+)|"
                     r"Running (downgrade) ([^ ,]+) -> ")


def sqlite_ddl_rollback(kind, tool, tc, rc, err, team, ref):
    """The table names by which a failed retort step on SQLite differs
    from the Alembic reference when that is the documented difference:
    both failed with status 1, the rows agree, and the only differing
    table is t_<rev> of the step that failed (the last `Running` line);
    else None."""
    if kind != "sqlite" or tool != "retort" or tc != 1 or rc != 1 \
            or team[0] != ref[0] or team[1] == ref[1]:
        return None
    steps = RUNNING.findall(err.decode("utf-8", "replace"))
    if not steps:
        return None
    last = steps[-1]
    rev = last[1] if last[0] else last[3]
    diff = set(team[1]) ^ set(ref[1])
    return sorted(diff) if diff == {"t_" + rev} else None


def unversioned(snap):
    """A snapshot without the (empty) version table Alembic creates
    before it finds that a command fails."""
    rows, tables = snap
    return rows or [], [t for t in tables if t != "alembic_version"]


class Walk:
    def __init__(self, binary, proj, info, kind, steps, seed, tmp, k,
                 stops=False):
        """stops: the stops walk (stops_commands()) instead of steps
        random commands."""
        self.binary, self.proj, self.steps = binary, proj, steps
        self.name = "%s/%s" % (os.path.basename(proj), kind)
        self.rng = random.Random("walk/%s/%s/%s" % (
            seed, os.path.basename(proj), kind))
        self.g = Graph(info)
        self.script = stops_commands(self.g) if stops else None
        tag = "retort_compat_%d_%d" % (os.getpid(), k)
        self.team = make_db(kind, tag + "_t", tmp, self.rng)
        self.ref = make_db(kind, tag + "_r", tmp, self.rng)
        ini = "compat_walk_%s_%d_%%s.ini" % (kind, os.getpid())
        self.team_ini = compare.ini_copy(proj, ini % "t", self.team.url)
        self.ref_ini = compare.ini_copy(proj, ini % "r", self.ref.url)
        self.env = compare.base_env()
        self.env.pop("RETORT_DATABASE_URL", None)
        self.log = []
        self.stats = {}

    def count(self, key):
        self.stats[key] = self.stats.get(key, 0) + 1

    def run(self, tool, ini, argv):
        full = ["-c", ini] + argv
        if tool == "retort":
            code, out, err = compare.run_retort(self.binary, self.proj, full,
                                                self.env)
        else:
            code, out, err = compare.run_alembic(self.proj, full, self.env)
        return code, compare.normalise(out, argv, self.g.eff_labels), err

    def current(self, tool):
        code, out, err = self.run(tool, self.team_ini, ["current"])
        return code, sorted(out.splitlines())

    def pair(self, tool, argv):
        """Run argv by tool on the team database and by Alembic on the
        reference; compare status, stdout, rows and tables.  Returns
        (status, stderr, team snapshot before, after, problems)."""
        before = snapshot(self.team)
        tc, to, te = self.run(tool, self.team_ini, argv)
        rc, ro, _ = self.run("alembic", self.ref_ini, argv)
        team, ref = snapshot(self.team), snapshot(self.ref)
        probs = []
        if tc != rc:
            probs.append("exit status: %s %s, alembic on the reference %s"
                         % (tool, tc, rc))
        if to != ro:
            probs.append("stdout differs:\n" + "".join(difflib.unified_diff(
                ro.splitlines(True), to.splitlines(True),
                "alembic (reference)", tool)))
        if team[0] != ref[0] and tool == "retort" and argv[0] == "downgrade" \
                and ref[0] and team[0] == self.g.minimal(ref[0]) \
                and ref[0] != self.g.minimal(ref[0]):
            # spec rule 7.8: Alembic 1.8.1 leaves contradictory rows
            # when unmerging ancestor-related parents, retort does what
            # 1.13.1+ does; bring the reference in line
            self.count("rule 7.8 re-stamps")
            self.log.append("   (rule 7.8: reference rows %s, retort %s; "
                            "reference re-stamped)" % (ref[0], team[0]))
            self.run("alembic", self.ref_ini,
                     ["stamp", "--purge"] + (team[0] or ["base"]))
            ref = snapshot(self.ref)
        lost = sqlite_ddl_rollback(self.team.kind, tool, tc, rc, te, team,
                                   ref)
        if lost:
            # docs/running.md: on SQLite retort rolls a failed revision's
            # DDL back, pysqlite has committed it (spec rule 11.4); a
            # crash in the version-table update after the body shows it
            self.count("sqlite DDL rollbacks")
            self.log.append("   (SQLite: retort rolled back the failed "
                            "revision's DDL on %s; reference aligned)"
                            % lost)
            self.ref.align_tables(team[1])
            ref = snapshot(self.ref)
        if team[0] != ref[0]:
            probs.append("alembic_version rows: team %s, reference %s"
                         % (team[0], ref[0]))
        if team[1] != ref[1]:
            probs.append("tables: only in team %s, only in reference %s" % (
                sorted(set(team[1]) - set(ref[1])),
                sorted(set(ref[1]) - set(team[1]))))
        if tc not in (0, 1, 255):
            probs.append("%s exit status %s" % (tool, tc))
        if tc == 255 and unversioned(team) != unversioned(before):
            probs.append("FAILED step changed the database: before %s, "
                         "after %s" % (before, team))
        if probs and tc != 0:
            probs.append("%s's stderr:\n%s" % (
                tool, te.decode("utf-8", "replace")[-800:]))
        return tc, te, probs

    def check_step(self, tool, argv):
        """Run one step; return a list of problems."""
        tc, te, probs = self.pair(tool, argv)
        self.count("%s steps" % tool)
        self.count("exit %s" % tc)
        if tc != 0 and not probs:
            # the other tool repeats the failed step on the team database
            # (and Alembic on the reference): it must fail the same way;
            # after FAILED both are left where they were
            other = "alembic" if tool == "retort" else "retort"
            self.log.append("   (failed with %s; %s repeats it)" % (tc,
                                                                     other))
            self.count("repeats")
            oc, oe, probs = self.pair(other, argv)
            # a crash or database error (1) on SQLite or MariaDB may
            # leave earlier steps committed (spec rule 11.4), and the
            # repeat then starts elsewhere: only the reference decides
            if oc != tc and (tc == 255 or self.team.kind == "postgresql"):
                probs.append("%s failed with %s, %s's repeat gives %s; "
                             "%s's stderr:\n%s" % (
                                 tool, tc, other, oc, tool,
                                 te.decode("utf-8", "replace")[-800:]))
        cr, ca = self.current("retort"), self.current("alembic")
        if cr != ca:
            probs.append("current differs: retort %r, alembic %r" % (cr, ca))
        return probs

    def go(self):
        """Run the walk; yields (description, problems) per step."""
        self.team.setup()
        self.ref.setup()
        try:
            count = len(self.script) if self.script else self.steps
            for n in range(1, count + 1):
                if self.script:
                    tool, argv = self.script[n - 1]
                else:
                    rows = snapshot(self.team)[0] or []
                    argv = step_command(self.g, rows, self.rng)
                    tool = self.rng.choice(["retort", "alembic"])
                desc = "step %d: %s %s" % (n, tool, compare.quote(argv))
                self.log.append(desc)
                probs = self.check_step(tool, argv)
                yield desc, probs
                if probs:
                    return
        finally:
            if os.environ.get("COMPAT_KEEP") != "1":
                self.team.teardown()
                self.ref.teardown()
                for ini in (self.team_ini, self.ref_ini):
                    os.unlink(os.path.join(self.proj, ini))


def _worker_init(mode):
    compare._worker_init(mode)
    for m in ("psycopg2", "pymysql", "sqlite3"):
        try:
            __import__(m)
        except ImportError:
            pass


def run_walk(job):
    binary, proj, info, kind, steps, seed, k, stops = job
    out = []
    w = None
    tmp = tempfile.mkdtemp(prefix="retort-walk-")
    try:
        w = Walk(binary, proj, info, kind, steps, seed, tmp, k, stops)
        for desc, probs in w.go():
            out.append((desc, probs))
            if probs:
                out[-1] = (desc, probs + ["the walk so far (%s):\n%s" % (
                    w.team.where, "\n".join(w.log))])
    except Exception as e:  # a harness or database error: one failure
        import traceback
        out.append(("walk setup/run", ["%s\n%s" % (
            e, traceback.format_exc()[-1500:])]))
    finally:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)
    return "%s/%s" % (os.path.basename(proj), kind), out, \
        w.stats if w else {}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--alembic", choices=["fork", "subprocess"],
                    default=os.environ.get("COMPAT_ALEMBIC", "fork"))
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--dbs", default="sqlite,postgresql,mariadb")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--label", default="compat-walk")
    ap.add_argument("--stops", default="",
                    help="comma-separated project directory names that "
                    "get the stops walk instead of a random one")
    ap.add_argument("retort")
    ap.add_argument("projects", nargs="*")
    args = ap.parse_args()
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(compare.PYTHON, [compare.PYTHON] + sys.argv)
    binary = os.path.abspath(args.retort) if os.sep in args.retort \
        else args.retort
    kinds = [d for d in args.dbs.split(",") if d]
    passed = failed = 0
    missing = [v for k, v in (("postgresql", "RETORT_TEST_PG_URL"),
                              ("mariadb", "RETORT_TEST_MYSQL_URL"))
               if k in kinds and not os.environ.get(v)]
    if missing:
        print("FAIL walk: %s not set (tests/db/start.sh, then "
              ". /tmp/retort-db/env)" % " and ".join(missing))
        print("%s: 0 passed, 1 failed" % args.label)
        return 1
    ctx = multiprocessing.get_context("fork")
    projects = [os.path.abspath(p) for p in args.projects]
    with ctx.Pool(args.jobs, _worker_init, (args.alembic,)) as pool:
        infos = pool.map(compare.inspect, projects)
        jobs = []
        for proj, info in zip(projects, infos):
            if not info or not info["revs"]:
                print("FAIL %s: Alembic cannot read the project"
                      % os.path.basename(proj))
                failed += 1
                continue
            for kind in kinds:
                jobs.append((binary, proj, info, kind, args.steps,
                             args.seed, len(jobs),
                             os.path.basename(proj) in
                             args.stops.split(",")))
        stats = {}
        for name, results, st in pool.imap_unordered(run_walk, jobs):
            for key, v in st.items():
                stats[key] = stats.get(key, 0) + v
            for desc, probs in results:
                if probs:
                    failed += 1
                    print("FAIL %s, %s" % (name, desc))
                    for p in probs:
                        print("  " + p.rstrip("\n").replace("\n", "\n  "))
                else:
                    passed += 1
            sys.stdout.flush()
    print("(walk steps: %s)" % ", ".join(
        "%s %d" % (key, stats[key]) for key in sorted(stats)))
    print("%s: %d passed, %d failed" % (args.label, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

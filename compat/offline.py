#!/usr/bin/python3
"""offline.py: the `--sql` part of the compat suite.  For each project and
each dialect URL it runs `upgrade` / `downgrade` / `stamp` /
`ensure_version` with `--sql` through retort and real Alembic 1.8.1
(compat/alembic_sorted.py) and compares stdout byte for byte (after the
Appendix A.3 and rule 7.8 normalisations below) and the exit status, and
stderr when both succeed (the log lines, spec section 8).
    offline.py [--jobs N] [--alembic fork|subprocess] [--seed S]
               [--label NAME] [--dialects D,...] [--full]
               [--full-projects NAME,...] [--pairs-projects NAME,...]
               [--modern DIR] [--list] RETORT PROJECT_DIR...
Alembic reads a copy of the project's ini whose sqlalchemy.url is the
dialect URL (`compat_sql_<n>.ini`, written next to alembic.ini); retort
gets either `--url URL` with the original alembic.ini or `-c` the copy
(chosen per command).  The --pairs-projects also get `downgrade X:Y` and
`upgrade Y:X` for every pair of their revisions (and base); with --modern
DIR (a modern Alembic unpacked by tests/alembic-modern.sh) each downgrade
pair is also compared, for one dialect, with that Alembic, whose
version-table statements retort's are (rule 7.8), without the 7.8
normalisation.  Last line: `<label>: N
passed, M failed`.
"""

import argparse
import difflib
import multiprocessing
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare  # noqa: E402

# The dialect URLs (issue 3: postgresql, mysql, mariadb and sqlite); each
# project gets one form of each, chosen at random: DBAPI suffixes, a
# percent-encoded password, query parameters, sqlite memory and file.
DIALECTS = {
    "postgresql": ["postgresql://scott:tiger@localhost/test",
                   "postgresql+psycopg2://u:s%40cret@h:5432/db"],
    "mysql": ["mysql://scott@localhost/test", "mysql+pymysql://u@h/db"],
    "mariadb": ["mariadb://scott:tiger@db.example:3307/test",
                "mariadb+pymysql://u:p%25w@h/db?charset=utf8mb4"],
    "sqlite": ["sqlite://", "sqlite:///relative.db"],
}


# ---------------------------------------------------------------------
# Commands for one project.

def ancestor(byid, rng, rid, steps):
    """Walk down from rid up to steps times along random versioned
    parents; returns the revision reached (rid itself when it is a
    base)."""
    cur = rid
    for _ in range(steps):
        d = byid[cur]["down"]
        if not d:
            break
        cur = rng.choice(d)
    return cur


def commands(info, rng):
    """The `--sql` argument lists for a project (each gets `--sql`)."""
    cmds = [["upgrade", "head"], ["upgrade", "heads"],
            ["downgrade", "head:base"], ["stamp", "head"],
            ["stamp", "heads"], ["ensure_version"],
            ["downgrade", "base"], ["upgrade", "zzzzzzzz"],
            ["stamp", "--purge", "heads"], ["upgrade", "heads", "--tag", "t"]]
    revs = info["revs"] if info else []
    if not revs:
        return cmds
    ids = [r["id"] for r in revs]
    byid = {r["id"]: r for r in revs}
    labels = sorted({lb for r in revs for lb in r["labels"]})
    for _ in range(2):
        b = rng.choice(ids)
        a = ancestor(byid, rng, b, rng.randint(1, 6))
        cmds += [["upgrade", b], ["upgrade", "%s:%s" % (a, b)],
                 ["downgrade", "%s:%s" % (b, a)],
                 ["stamp", "%s:%s" % (a, b)]]
    b = rng.choice(ids)
    a = ancestor(byid, rng, b, rng.randint(1, 4))
    h = rng.choice(info["heads"])
    cmds += [["upgrade", "%s:%s" % (b, a)],          # wrong way round
             ["upgrade", "%s:heads" % a], ["upgrade", "%s:+2" % a],
             ["downgrade", "%s:base" % h], ["downgrade", "%s:-1" % b],
             ["stamp", b], ["stamp", "%s:base" % b],
             ["stamp", "%s:%s" % (a, b), "%s:%s" % (a, h)],
             ["stamp", "%s:%s" % (a, b), "%s:%s" % (b, h)],   # two starts
             ["stamp", rng.choice(ids), rng.choice(ids)]]
    for lb in rng.sample(labels, min(len(labels), 3)):
        cmds += [["upgrade", "%s@head" % lb],
                 ["downgrade", "%s@head:base" % lb],
                 ["stamp", "%s@head" % lb]]
    return cmds


# ---------------------------------------------------------------------
# Normalisation: Appendix A.3.  In a merge step (rule 7.6 U2: DELETEs and
# an UPDATE to R) Alembic's choice of the updated row is set order unless
# every row is a parent of R; in an unmerge step (7.7 D2: INSERTs and an
# UPDATE from R) the choice is set order unless R is the only row.  Only
# in those unspecified cases the names are sorted: the deleted (inserted)
# names plus the updated one, the last after sorting being the updated.
# The row set is tracked from the script itself.

STEP = re.compile(r"^-- Running (upgrade|downgrade|stamp_revision) "
                  r"(.*) -> (.*)$")
INS = re.compile(r"^(INSERT INTO \S+ \(version_num\) VALUES \(')([^']*)"
                 r"(')(.*)$")
UPD = re.compile(r"^(UPDATE \S+ SET version_num=')([^']*)(' WHERE \S+ = ')"
                 r"([^']*)(';)$")
DEL = re.compile(r"^(DELETE FROM \S+ WHERE \S+ = ')([^']*)(';)$")


def start_rows(argv, heads, labels):
    """The assumed starting rows of a `--sql` command (rule 5.12); a
    START that is not a plain id stays unresolved (its name is kept,
    which can only make more steps count as unspecified)."""
    for a in argv[1:]:
        if ":" in a and not a.startswith("-"):
            s = a.split(":")[0]
            if s in ("head", "heads") and len(heads) == 1:
                return set(heads)
            lb, at, x = s.partition("@")
            if at and x in ("head", "heads"):
                hs = [h for h in heads if lb in labels.get(h, ())]
                if len(hs) == 1:
                    return set(hs)
            return {s} if s and s != "base" else set()
    return set()


def normalise_sql(out, argv, parents, heads, labels, modern=False):
    """modern: out is retort's or a 1.13.1+ Alembic's: no rule 7.8
    rewrite, and an unmerge from R alone is set order too (1.13.1+
    builds T from a set); SQLAlchemy 2's `RETURNING version_num` on
    SQLite INSERTs (spec Appendix C) is dropped."""
    if modern:
        out = re.sub(rb"(?m)^(INSERT INTO \S+ \(version_num\) VALUES "
                     rb"\('[^']*'\)) RETURNING version_num;$", rb"\1;", out)
    text = out.decode("utf-8", "replace")
    lines = text.split("\n")
    rows = start_rows(argv, heads, labels)
    after78 = False
    i = 0
    while i < len(lines):
        m = STEP.match(lines[i])
        i += 1
        if not m:
            continue
        kind = m.group(1)
        rev = m.group(3) if kind == "upgrade" else m.group(2)
        j = i
        while j < len(lines) and not STEP.match(lines[j]):
            j += 1
        vs = [(k, INS.match(lines[k]), UPD.match(lines[k]),
               DEL.match(lines[k])) for k in range(i, j)]
        vs = [v for v in vs if v[1] or v[2] or v[3]]
        ins = [v for v in vs if v[1]]
        upd = [v for v in vs if v[2]]
        dels = [v for v in vs if v[3]]
        p = set(parents.get(rev, ()))
        this78 = False
        if after78:
            for v in vs:
                lines[v[0]] = None
        elif kind == "upgrade" and dels and len(upd) == 1 \
                and not rows <= p:
            names = sorted([d[3].group(2) for d in dels] +
                           [upd[0][2].group(4)])
            for d, name in zip(dels, names[:-1]):
                g = d[3]
                lines[d[0]] = g.group(1) + name + g.group(3)
            g = upd[0][2]
            lines[upd[0][0]] = (g.group(1) + g.group(2) + g.group(3) +
                                names[-1] + g.group(5))
        elif kind == "downgrade" and rows == {rev} and not modern and \
                quirk78(rev, parents):
            # rule 7.8: Alembic 1.8.1 restores every parent, retort (as
            # 1.13.1+) only those that are no ancestor of another one
            keep = sorted(quirk78(rev, parents))
            first = vs[0][0] if vs else i
            for v in vs:
                lines[v[0]] = None
            upd_line = "UPDATE %s SET version_num='%s' WHERE %s = '%s';" % (
                "alembic_version", keep[-1], "alembic_version.version_num",
                rev)
            lines[first] = "\n\n".join(
                ["INSERT INTO alembic_version (version_num) VALUES ('%s')"
                 "%s;" % (k, " RETURNING alembic_version.version_num"
                          if "RETURNING" in text else "")
                 for k in keep[:-1]] + [upd_line])
            after78 = this78 = True
        elif kind == "downgrade" and ins and len(upd) == 1 \
                and (rows - {rev} or modern):
            names = sorted([x[1].group(2) for x in ins] +
                           [upd[0][2].group(2)])
            for x, name in zip(ins, names[:-1]):
                g = x[1]
                lines[x[0]] = g.group(1) + name + g.group(3) + g.group(4)
            g = upd[0][2]
            lines[upd[0][0]] = (g.group(1) + names[-1] + g.group(3) +
                                g.group(4) + g.group(5))
        for k in range(i, j) if not this78 else ():
            for rx, how in ((INS, "i"), (UPD, "u"), (DEL, "d")):
                g = rx.match(lines[k] or "")
                if not g:
                    continue
                if how == "i":
                    rows.add(g.group(2))
                elif how == "u":
                    rows.discard(g.group(4))
                    rows.add(g.group(2))
                else:
                    rows.discard(g.group(2))
        i = j
    if after78:
        # after a 7.8 step the row sets differ: the version-table lines
        # of the later steps and the final DROP are not compared
        lines = [ln for ln in lines if ln is None or
                 not re.match(r"^DROP TABLE \S*alembic_version\S*;$", ln)]
    text = "\n".join(ln for ln in lines if ln is not None)
    text = re.sub(r"\n\n\n+", "\n\n", text)
    return compare.normalise(text.encode("utf-8"), argv, [])


def ancestors(rev, parents):
    """Anc(rev) with dependencies (rule 4.6), rev excluded."""
    out, todo = set(), list(parents.get(rev, ()))
    while todo:
        r = todo.pop()
        if r not in out:
            out.add(r)
            todo.extend(parents.get(r, ()))
    return out


def quirk78(rev, parents):
    """The parents Alembic 1.13.1+ restores when downgrading rev from
    the rows {rev} (rule 7.8), when that differs from 1.8.1 (some
    parent is an ancestor of another); else None."""
    p = list(parents.get(rev, ()))
    if len(p) < 2:
        return None
    keep = [x for x in p if not any(x in ancestors(y, parents) for y in p
                                    if y != x)]
    return keep if len(keep) < len(p) else None


# ---------------------------------------------------------------------

def run_modern(modern, cwd, ini, argv):
    """(status, stdout) of the modern Alembic in modern (a directory
    holding usr/lib/python3/dist-packages) with the sorted load order."""
    env = compare.base_env()
    env.pop("RETORT_DATABASE_URL", None)
    env.pop("ALEMBIC_RETORT_OPTIONS", None)    # 1.11+ has -q already
    env["PYTHONPATH"] = os.path.join(modern, "usr/lib/python3/dist-packages")
    p = subprocess.run([compare.PYTHON,
                        os.path.join(HERE, "alembic_sorted.py"),
                        "-c", ini] + argv, cwd=cwd, env=env,
                       stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=compare.TIMEOUT)
    return p.returncode, p.stdout


def modern_ok(modern):
    """Whether modern holds an Alembic other than 1.8.1 (else Python
    would silently import the system's)."""
    site = os.path.join(os.path.abspath(modern),
                        "usr/lib/python3/dist-packages")
    env = dict(compare.base_env(), PYTHONPATH=site)
    p = subprocess.run([compare.PYTHON, "-c", "import alembic; print("
                        "alembic.__version__, alembic.__file__)"], env=env,
                       stdin=subprocess.DEVNULL, capture_output=True,
                       text=True)
    ver, _, path = p.stdout.strip().partition(" ")
    return p.returncode == 0 and ver != "1.8.1" and path.startswith(site)


def check_modern(modern, job, r_code, r_out):
    """retort's --sql output against the modern Alembic's (rule 7.8: the
    version-table statements are 1.13.1+'s), modulo set order (A.3)."""
    binary, cwd, ini, url, argv, via_url, parents, heads, labels = job[:9]
    m_code, m_out = run_modern(modern, cwd, ini, argv)
    nm = normalise_sql(m_out, argv, parents, heads, labels, True)
    nr = normalise_sql(r_out, argv, parents, heads, labels, True)
    problems = []
    if m_code != r_code:
        problems.append("exit status: modern alembic %s, retort %s"
                        % (m_code, r_code))
    if nm != nr:
        problems.append("stdout differs from the modern Alembic:\n" +
                        "".join(difflib.unified_diff(
                            nm.splitlines(True), nr.splitlines(True),
                            "alembic (modern)", "retort", n=2)))
    return problems


def run_job(job):
    binary, cwd, ini, url, argv, via_url, parents, heads, labels, name, \
        modern = job
    env = compare.base_env()
    env.pop("RETORT_DATABASE_URL", None)
    a_code, a_out, a_err = compare.run_alembic(cwd, ["-c", ini] + argv, env)
    rargv = (["--url", url] if via_url else ["-c", ini]) + argv
    r_code, r_out, r_err = compare.run_retort(binary, cwd, rargv, env)
    # retort's own warning about a password on its command line (--url
    # is retort's option: Alembic has no counterpart to compare)
    r_err = b"".join(l for l in r_err.splitlines(True)
                     if not l.startswith(b"retort: warning: the --url "
                                         b"value carries a password"))
    na = normalise_sql(a_out, argv, parents, heads, labels)
    nr = normalise_sql(r_out, argv, parents, heads, labels)
    problems = check_modern(modern, job, r_code, r_out) if modern else []
    if a_code != r_code:
        problems.append("exit status: alembic %s, retort %s" % (a_code,
                                                               r_code))
    if na != nr:
        problems.append("stdout differs:\n" + "".join(difflib.unified_diff(
            na.splitlines(True), nr.splitlines(True), "alembic", "retort",
            n=2)))
    if a_code == 0 and r_code == 0 and a_err != r_err:
        ea = a_err.decode("utf-8", "replace")
        er = r_err.decode("utf-8", "replace")
        problems.append("stderr differs:\n" + "".join(difflib.unified_diff(
            ea.splitlines(True), er.splitlines(True), "alembic", "retort",
            n=2)))
    if a_code not in (0, 1, 2, 255) and not problems:
        problems.append("alembic exit status %s: %s" % (
            a_code, a_err.decode("utf-8", "replace")[-400:]))
    how = "--url %s" % url if via_url else "-c %s (%s)" % (ini, url)
    return name, how, argv, problems


# Commands run for every dialect; each other command runs for PER_CMD
# dialects chosen at random (every dialect when `full`).
CORE = (["upgrade", "head"], ["upgrade", "heads"],
        ["downgrade", "head:base"], ["stamp", "heads"])
PER_CMD = 2


def pair_commands(info):
    """downgrade X:Y and upgrade Y:X for every pair of revisions X != Y
    (Y also base), whether or not the range is valid."""
    ids = sorted(r["id"] for r in (info or {}).get("revs", []))
    return [[cmd, "%s:%s" % ((x, y) if cmd == "downgrade" else (y, x))]
            for cmd in ("downgrade", "upgrade")
            for x in ids for y in ids + ["base"] if x != y]


def jobs_for(binary, proj, info, rng, urls, full, pairs, modern):
    """pairs: add pair_commands(); modern: the modern Alembic to compare
    those with (or None)."""
    name = os.path.basename(proj)
    parents, labels = {}, {}
    for r in (info or {}).get("revs", []):
        labels[r["id"]] = r["eff_labels"]
        parents[r["id"]] = r["down"] + [d for d in r["deps"]
                                        if d not in r["down"]]
    inis = [(compare.ini_copy(proj, "compat_sql_%d.ini" % n, u), u)
            for n, u in enumerate(urls)]
    out = []
    extra = pair_commands(info) if pairs else []
    for c in commands(info, rng) + extra:
        which = inis if full or c in CORE else rng.sample(
            inis, min(PER_CMD, len(inis)))
        # the modern Alembic (slow to start) once per downgrade pair:
        # rule 7.8 only changes downgrades
        vs = modern if c in extra and c[0] == "downgrade" else None
        c = c[:1] + ["--sql"] + c[1:]
        for k, (ini, url) in enumerate(which):
            out.append((binary, proj, ini, url, c, rng.random() < 0.5,
                        parents, (info or {}).get("heads", []), labels,
                        name, None if k else vs))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--alembic", choices=["fork", "subprocess"],
                    default=os.environ.get("COMPAT_ALEMBIC", "fork"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--label", default="compat-sql")
    ap.add_argument("--dialects", default="postgresql,mysql,mariadb,sqlite")
    ap.add_argument("--full", action="store_true",
                    help="every command for every dialect")
    ap.add_argument("--full-projects", default="",
                    help="comma-separated project directory names that "
                    "get every command for every dialect")
    ap.add_argument("--pairs-projects", default="",
                    help="comma-separated project directory names that "
                    "get downgrade X:Y / upgrade Y:X for every pair")
    ap.add_argument("--modern", default=None,
                    help="a modern Alembic (tests/alembic-modern.sh) "
                    "to compare the pair commands with as well")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("retort")
    ap.add_argument("projects", nargs="*")
    args = ap.parse_args()
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(compare.PYTHON, [compare.PYTHON] + sys.argv)
    binary = os.path.abspath(args.retort) if os.sep in args.retort \
        else args.retort
    ctx = multiprocessing.get_context("fork")
    projects = [os.path.abspath(p) for p in args.projects]
    passed = failed = 0
    if args.modern and not modern_ok(args.modern):
        print("FAIL modern: no modern Alembic in %s (tests/alembic-modern.sh)"
              % args.modern)
        print("%s: 0 passed, 1 failed" % args.label)
        return 1
    with ctx.Pool(args.jobs, compare._worker_init, (args.alembic,)) as pool:
        infos = pool.map(compare.inspect, projects)
        jobs = []
        for k, (proj, info) in enumerate(zip(projects, infos)):
            rng = random.Random("sql/%s/%s" % (args.seed,
                                               os.path.basename(proj)))
            urls = [rng.choice(DIALECTS[d])
                    for d in args.dialects.split(",")]
            base = os.path.basename(proj)
            jobs += jobs_for(binary, proj, info, rng, urls,
                             args.full or base in
                             args.full_projects.split(","),
                             base in args.pairs_projects.split(","),
                             args.modern and os.path.abspath(args.modern))
        if args.list:
            for j in jobs:
                print("%s: %s" % (j[9], compare.quote(j[4])))
            return 0
        for name, how, argv, problems in pool.imap(run_job, jobs,
                                                   chunksize=4):
            if problems:
                failed += 1
                print("FAIL %s: retort %s %s" % (name, how,
                                                 compare.quote(argv)))
                for p in problems:
                    print("  " + p.rstrip("\n").replace("\n", "\n  "))
            else:
                passed += 1
            sys.stdout.flush()
    print("%s: %d passed, %d failed" % (args.label, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

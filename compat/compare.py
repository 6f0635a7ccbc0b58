#!/usr/bin/python3
"""compare.py: the side-by-side engine of the compat suite.  Runs retort and
real Alembic 1.8.1 (sorted load order, compat/alembic_sorted.py) with the
same arguments in the same CWD and compares stdout byte for byte (after
the normalisations of compat/README.md) and the exit status; for argparse
usage errors (exit 2) also stderr.
    compare.py [--jobs N] [--alembic fork|subprocess] [--usage DIR]
               RETORT PROJECT_DIR...
Prints each failure (project, command, unified diff) and a last line
`<label>: N passed, M failed` (--label, default compat); exits 1 when
M > 0.
"""

import argparse
import difflib
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

PYTHON = "/usr/bin/python3"
TIMEOUT = 120


def base_env():
    env = dict(os.environ)
    for k in ("COLUMNS", "LINES", "ALEMBIC_CONFIG"):
        env.pop(k, None)
    env["PYTHONHASHSEED"] = "0"
    env["ALEMBIC_PROG"] = "retort"
    env["ALEMBIC_RETORT_OPTIONS"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


# ---------------------------------------------------------------------
# Alembic side: a forking server (each worker imports alembic once and
# forks a fresh child per command) or plain subprocesses.

def _worker_init(mode):
    global ALEMBIC_MODE
    ALEMBIC_MODE = mode
    if mode == "fork":
        import alembic_sorted
        alembic_sorted.install()
        import alembic.command  # noqa: F401  (preload)
        import alembic.config  # noqa: F401
        import alembic.script  # noqa: F401
        import alembic.util.messaging as m
        m.TERMWIDTH = None      # stdin is never a terminal here (rule 9.1)
        import sqlalchemy  # noqa: F401


def _in_child(fn, cwd, env, outpath, errpath):
    """Run fn() in a forked child with cwd/env/stdio set; return its exit
    status.  fn's SystemExit and exceptions map to statuses as the
    Python interpreter does."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.chdir(cwd)
            os.environ.clear()
            os.environ.update(env)
            fd = os.open(os.devnull, os.O_RDONLY)
            os.dup2(fd, 0)
            fo = os.open(outpath, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            fe = os.open(errpath, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fo, 1)
            os.dup2(fe, 2)
            try:
                fn()
                code = 0
            except SystemExit as e:
                if e.code is None:
                    code = 0
                elif isinstance(e.code, int):
                    code = e.code
                else:
                    sys.stderr.write("%s\n" % e.code)
                    code = 1
            except BaseException:
                traceback.print_exc()
                code = 1
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code & 0xff)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def ini_copy(proj, name, url):
    """Write proj/name: proj's alembic.ini with sqlalchemy.url = url
    ('%' doubled for ConfigParser).  Returns name."""
    with open(os.path.join(proj, "alembic.ini"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    out = []
    for ln in lines:
        if re.match(r"sqlalchemy\.url\s*[=:]", ln):
            ln = "sqlalchemy.url = " + url.replace("%", "%%")
        out.append(ln)
    with open(os.path.join(proj, name), "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    return name


def run_alembic(cwd, argv, env):
    if ALEMBIC_MODE == "subprocess":
        p = subprocess.run([PYTHON, os.path.join(HERE, "alembic_sorted.py")]
                           + argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=TIMEOUT)
        return p.returncode, p.stdout, p.stderr
    import alembic_sorted
    return run_in_child(lambda: alembic_sorted.main(argv), cwd, env)


def run_in_child(fn, cwd, env):
    """(status, stdout, stderr) of fn() run by _in_child()."""
    with tempfile.TemporaryDirectory() as td:
        o, e = os.path.join(td, "out"), os.path.join(td, "err")
        code = _in_child(fn, cwd, env, o, e)
        with open(o, "rb") as f:
            out = f.read()
        with open(e, "rb") as f:
            err = f.read()
    return code, out, err


def run_retort(binary, cwd, argv, env, timeout=TIMEOUT):
    """(status, stdout, stderr) of `binary ARGV` in cwd; the status is a
    text when it timed out or could not run."""
    try:
        p = subprocess.run([binary] + argv, cwd=cwd, env=env,
                           stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""
    except OSError as e:
        return "cannot run: %s" % e, b"", b""


# ---------------------------------------------------------------------
# Project inspection (in a forked child, through Alembic's own objects).

def _inspect(cwd, outpath):
    import alembic_sorted
    alembic_sorted.install()
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    os.chdir(cwd)
    sd = ScriptDirectory.from_config(Config("alembic.ini"))
    rm = sd.revision_map
    revs = []
    for sc in sd.walk_revisions():
        revs.append(dict(id=sc.revision, down=list(sc._versioned_down_revisions),
                         deps=list(sc._resolved_dependencies),
                         children=sorted(sc.nextrev),
                         labels=sorted(sc._orig_branch_labels),
                         eff_labels=sorted(sc.branch_labels)))
    info = dict(revs=revs, heads=list(rm.heads), bases=list(rm.bases),
                real_heads=list(rm._real_heads))
    with open(outpath, "w") as f:
        json.dump(info, f)


def inspect(cwd):
    with tempfile.TemporaryDirectory() as td:
        o = os.path.join(td, "info")
        code = _in_child(lambda: _inspect(cwd, o), cwd, base_env(),
                         os.path.join(td, "out"), os.path.join(td, "err"))
        if code != 0:
            return None
        with open(o) as f:
            return json.load(f)


# ---------------------------------------------------------------------
# Commands for one project.

def shared_prefix(ids):
    """A prefix of >= 4 characters shared by two ids, or None."""
    s = sorted(i for i in ids if len(i) > 4)
    best = None
    for a, b in zip(s, s[1:]):
        k = 0
        while k < min(len(a), len(b)) and a[k] == b[k]:
            k += 1
        if k >= 4 and (best is None or k > len(best)):
            best = a[:k]
    return best


def unique_prefix(rid, ids, labels):
    names = list(ids) + list(labels)
    for k in range(4, len(rid)):
        p = rid[:k]
        if sum(1 for n in names if n.startswith(p) and len(n) > 3) == 1:
            return p
    return None


def commands(info, rng):
    """The argument lists to compare for a project (task list of the
    compat brief: heads/branches/history/show with ranges and names)."""
    cmds = [["heads"], ["heads", "-v"], ["heads", "--resolve-dependencies"],
            ["heads", "-v", "--resolve-dependencies"],
            ["branches"], ["branches", "-v"], ["history"], ["history", "-v"],
            ["history", "-r", "base:heads"], ["history", "-r=-1:"],
            ["history", "-r=-2:"], ["history", "-r=-3:heads"],
            ["history", "--rev-range=-2:"], ["history", "-r", ":heads"],
            ["history", "-r", ":base"],
            ["history", "-r", "nocolon"], ["history", "-r", "a:b:c"],
            ["history", "-r", "zzzzzzzz:"], ["history", "-r", ":zzzzzzzz"],
            ["history", "-r", "base:+1"], ["history", "-r", " : "],
            ["show", "head"], ["show", "heads"], ["show", "base"],
            ["show", "-1"], ["show", "-2"], ["show", "zzzzzzzz"],
            ["show", "+1"],
            ["-c", "alembic.ini", "heads"]]
    revs = info["revs"]
    if not revs:
        return cmds
    ids = [r["id"] for r in revs]
    byid = {r["id"]: r for r in revs}
    labels = sorted({lb for r in revs for lb in r["labels"]})
    pick = set()
    pick.add(info["heads"][0])
    pick.add(info["bases"][0])
    for r in revs:
        if len(r["down"]) > 1 or len(r["children"]) > 1:
            pick.add(r["id"])
            break
    pick.update(rng.sample(ids, min(len(ids), 3)))
    pick = sorted(pick)

    def ancestor(rid, steps):
        cur = rid
        for _ in range(steps):
            d = byid[cur]["down"]
            if not d:
                break
            cur = rng.choice(d)
        return cur

    for rid in pick:
        low = ancestor(rid, rng.randint(1, 4))
        cmds += [["show", rid], ["history", "-r", rid + ":"],
                 ["history", "-r", ":" + rid],
                 ["history", "-r", "%s:%s" % (low, rid)],
                 ["history", "-r", "%s:%s" % (rid, low)],
                 ["history", "-r", rid + ":+1"],
                 ["history", "-r", rid + ":+2"],
                 ["history", "-r", rid + ":-1"],
                 ["history", "-v", "-r", rid + ":"],
                 ["show", rid + "@head"]]
        p = unique_prefix(rid, ids, labels)
        if p:
            cmds += [["show", p], ["history", "-r", p + ":"]]
        if len(rid) > 3:
            cmds.append(["show", rid[:3]])
    amb = shared_prefix(ids + labels)
    if amb:
        cmds += [["show", amb], ["history", "-r", amb + ":"],
                 ["history", "-r", ":" + amb]]
    for lb in rng.sample(labels, min(len(labels), 3)):
        decl = next(r["id"] for r in revs if lb in r["labels"])
        cmds += [["show", lb], ["show", lb + "@head"], ["show", lb + "@heads"],
                 ["show", lb + "@base"], ["show", lb + "@-1"],
                 ["show", "%s@%s" % (lb, decl)],
                 ["show", "%s@%s" % (lb, rng.choice(ids))],
                 ["history", "-r", ":%s@head" % lb],
                 ["history", "-r", "%s@base:%s@head" % (lb, lb)],
                 ["history", "-r", "%s:" % lb],
                 ["history", "-r", "%s@%s:" % (lb, decl)],
                 ["history", "-r", "%s:%s@+1" % (decl, lb)],
                 ["show", lb[:4]] if len(lb) > 4 else ["show", "nosuch@head"]]
    return cmds


USAGE = [[], ["nosuchcmd"], ["heads", "--bad"], ["--bad", "heads"],
         ["history", "-r"], ["history", "-r", "-2:"], ["show"],
         ["show", "a", "b"], ["branches", "extra"], ["-c"], ["-n"],
         ["-h"], ["--help"], ["heads", "-h"], ["branches", "-h"],
         ["history", "-h"], ["show", "-h"], ["history", "--help"],
         ["-x", "a=b", "heads"], ["-x", "a=b", "-x", "c", "history"],
         ["--raiseerr", "show", "zzzzzzzz"], ["--raiseerr", "heads"],
         ["-n", "nosuch", "heads"], ["-c", "nosuch.ini", "heads"],
         ["--config", "nosuch.ini", "history"], ["-c", "alembic.ini"],
         ["show", "--", "-1"], ["history", "-r", "--", "x"],
         ["heads", "-vv"], ["history", "-vr", "base:"],
         ["-q", "heads"], ["--quiet", "history"], ["-q", "show", "zzzzzzzz"],
         ["-q"], ["-q", "-h"], ["--url", "sqlite:///x.db", "heads"],
         ["--url"]]


# ---------------------------------------------------------------------
# Normalisation (compat/README.md): orders Alembic leaves unspecified.

GROUP = re.compile(r"\(([^()]*)\)")


def normalise(out, argv, labels):
    text = out.decode("utf-8", "replace")
    lines = text.split("\n")
    lab = set(labels)

    def sort_group(m):
        items = m.group(1).split(", ")
        if len(items) > 1 and all(i in lab for i in items):
            return "(%s)" % ", ".join(sorted(items))
        return m.group(0)

    res = []
    for ln in lines:
        if ln.startswith("Branches into: "):
            ln = "Branches into: " + ", ".join(
                sorted(ln[len("Branches into: "):].split(", ")))
        elif ln.startswith("Branch names: "):
            ln = "Branch names: " + ", ".join(
                sorted(ln[len("Branch names: "):].split(", ")))
        elif not ln.startswith("    ") or re.match(r"^ +-> ", ln):
            ln = GROUP.sub(sort_group, ln)
        ln = re.sub(r"^(FAILED: Requested revision )\S+( overlaps with other "
                    r"requested revisions ).*$", r"\1X\2Y", ln)
        res.append(ln)
    if "branches" in argv:
        res = sort_child_runs(res)
    return "\n".join(res)


def sort_child_runs(lines):
    """In `branches` output, sort each run of child entries (a line
    `<blanks>-> ...` plus its continuation lines) (Appendix A.4)."""
    out, run, i = [], [], 0
    child = re.compile(r"^ +-> ")
    while i < len(lines):
        if child.match(lines[i]):
            ent = [lines[i]]
            i += 1
            while i < len(lines) and lines[i] and not child.match(lines[i]) \
                    and not lines[i].startswith(("Rev: ", "    ")):
                ent.append(lines[i])
                i += 1
            run.append(ent)
            continue
        if run:
            for ent in sorted(run):
                out += ent
            run = []
        out.append(lines[i])
        i += 1
    for ent in sorted(run):
        out += ent
    return out


# ---------------------------------------------------------------------

def run_job(job):
    binary, cwd, argv, labels, name, usage = job
    env = base_env()
    a_code, a_out, a_err = run_alembic(cwd, argv, env)
    r_code, r_out, r_err = run_retort(binary, cwd, argv, env)
    na = normalise(a_out, argv, labels)
    nr = normalise(r_out, argv, labels)
    problems = []
    if a_code != r_code:
        problems.append("exit status: alembic %s, retort %s" % (a_code, r_code))
    if na != nr:
        problems.append("stdout differs:\n" + "".join(difflib.unified_diff(
            na.splitlines(True), nr.splitlines(True), "alembic", "retort")))
    if a_code == 2:
        ea = a_err.decode("utf-8", "replace")
        er = r_err.decode("utf-8", "replace")
        if ea != er:
            problems.append("stderr (argparse usage error) differs:\n" +
                            "".join(difflib.unified_diff(
                                ea.splitlines(True), er.splitlines(True),
                                "alembic", "retort")))
    return name, argv, problems, a_code


def quote(argv):
    import shlex
    return " ".join(shlex.quote(a) for a in argv) or "(no arguments)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--alembic", choices=["fork", "subprocess"],
                    default=os.environ.get("COMPAT_ALEMBIC", "fork"))
    ap.add_argument("--usage", help="project dir for the bad-usage cases")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--label", default="compat",
                    help="name on the last line (compat/run.sh: "
                    "compat-readonly)")
    ap.add_argument("--list", action="store_true",
                    help="print the commands, run nothing")
    ap.add_argument("retort")
    ap.add_argument("projects", nargs="*")
    args = ap.parse_args()
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(PYTHON, [PYTHON] + sys.argv)
    import random
    binary = os.path.abspath(args.retort) if os.sep in args.retort \
        else args.retort
    ctx = multiprocessing.get_context("fork")
    jobs = []
    with ctx.Pool(args.jobs, _worker_init, (args.alembic,)) as pool:
        projects = [os.path.abspath(p) for p in args.projects]
        infos = pool.map(inspect, projects)
        for proj, info in zip(projects, infos):
            name = os.path.basename(proj)
            rng = random.Random("%s/%s" % (args.seed, name))
            if info is None:
                cmds = commands(dict(revs=[]), rng)
                labels = []
            else:
                cmds = commands(info, rng)
                labels = sorted({lb for r in info["revs"]
                                 for lb in r["eff_labels"]})
            for c in cmds:
                jobs.append((binary, proj, c, labels, name, False))
        if args.usage:
            u = os.path.abspath(args.usage)
            for c in USAGE:
                jobs.append((binary, u, c, [], "usage:" + os.path.basename(u),
                             True))
        if args.list:
            for j in jobs:
                print("%s: %s" % (j[4], quote(j[2])))
            return 0
        passed = failed = 0
        stderr_checked = 0
        for name, argv, problems, a_code in pool.imap(run_job, jobs,
                                                      chunksize=4):
            if a_code == 2:
                stderr_checked += 1
            if problems:
                failed += 1
                print("FAIL %s: retort %s" % (name, quote(argv)))
                for p in problems:
                    print("  " + p.rstrip("\n").replace("\n", "\n  "))
            else:
                passed += 1
            sys.stdout.flush()
    print("(stderr compared for %d argparse usage errors)" % stderr_checked)
    print("%s: %d passed, %d failed" % (args.label, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

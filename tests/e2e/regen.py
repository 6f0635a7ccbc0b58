#!/usr/bin/python3
"""regen.py: (re)generates expected.stdout, expected.stderr, exit and labels
of every tests/e2e/NNNN-name/ case from real Alembic 1.8.1 (sorted load
order, prog "retort" and retort's extra global options, through
compat/alembic_sorted.py).  Cases holding a file named `manual` are left
alone (their expectations are hand-written: retort's own texts such as
--version).
    /usr/bin/python3 tests/e2e/regen.py [NAME-SUBSTRING...]
"""

import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2elib  # noqa: E402

WRAPPER = os.path.join(e2elib.TOP, "compat", "alembic_sorted.py")


def effective_labels(cwd, env):
    """Effective branch labels of the project, through Alembic itself."""
    code = ("import sys; sys.path.insert(0, %r); import alembic_sorted;"
            "alembic_sorted.install();"
            "from alembic.config import Config;"
            "from alembic.script import ScriptDirectory;"
            "sd = ScriptDirectory.from_config(Config('alembic.ini'));"
            "print(' '.join(sorted({l for s in sd.walk_revisions()"
            " for l in s.branch_labels})))" % os.path.dirname(WRAPPER))
    p = subprocess.run(["/usr/bin/python3", "-c", code], cwd=cwd, env=env,
                       capture_output=True, stdin=subprocess.DEVNULL)
    return p.stdout.decode().split() if p.returncode == 0 else []


def regen(case):
    argv = e2elib.case_argv(case)
    env = e2elib.case_env(case)
    env["ALEMBIC_PROG"] = "retort"
    tmp, proj, cwd = e2elib.setup(case)
    try:
        p = subprocess.run(["/usr/bin/python3", WRAPPER] + argv, cwd=cwd,
                           env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=120)
        lbl = effective_labels(proj, env)
    finally:
        shutil.rmtree(tmp)
    lpath = os.path.join(case, "labels")
    if lbl:
        with open(lpath, "w") as f:
            f.write("\n".join(lbl) + "\n")
    elif os.path.exists(lpath):
        os.remove(lpath)
    out = e2elib.norm(e2elib.to_placeholders(p.stdout, proj), argv, case)
    with open(os.path.join(case, "expected.stdout"), "wb") as f:
        f.write(out)
    with open(os.path.join(case, "exit"), "w") as f:
        f.write("%d\n" % p.returncode)
    # stderr policy (README.md): compared when argparse wrote it (exit 2)
    # or when Alembic wrote nothing there; else not compared.
    epath = os.path.join(case, "expected.stderr")
    if p.returncode == 2 or not p.stderr:
        with open(epath, "wb") as f:
            f.write(e2elib.to_placeholders(p.stderr, proj))
    elif os.path.exists(epath):
        os.remove(epath)
    return p.returncode


def main():
    for case in e2elib.cases(sys.argv[1:]):
        if os.path.exists(os.path.join(case, "manual")):
            print("%-45s manual" % os.path.basename(case))
            continue
        code = regen(case)
        print("%-45s exit %d" % (os.path.basename(case), code))


if __name__ == "__main__":
    main()

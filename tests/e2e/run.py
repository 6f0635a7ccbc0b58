#!/usr/bin/python3
"""run.py: runs every tests/e2e/NNNN-name/ case against a retort binary on
a temp copy of its project and compares stdout, exit status and (where the
case has expected.stderr) stderr.  Prints each failure with a unified diff
and a last line `e2e: N passed, M failed`; exits 1 when M > 0.
    /usr/bin/python3 tests/e2e/run.py RETORT [NAME-SUBSTRING...]
"""

import difflib
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2elib  # noqa: E402


def diff(what, exp, got):
    return "%s differs:\n%s" % (what, "".join(difflib.unified_diff(
        exp.decode("utf-8", "replace").splitlines(True),
        got.decode("utf-8", "replace").splitlines(True),
        "expected", "retort")))


def run_case(binary, case):
    argv = e2elib.case_argv(case)
    env = e2elib.case_env(case)
    tmp, proj, cwd = e2elib.setup(case)
    try:
        p = subprocess.run([binary] + argv, cwd=cwd, env=env,
                           stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=60)
        code, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        code, out, err = "timeout", b"", b""
    finally:
        shutil.rmtree(tmp)
    ver = e2elib.version().encode()
    problems = []
    exp_code = e2elib.read(os.path.join(case, "exit"), b"0").decode().strip()
    if str(code) != exp_code:
        problems.append("exit status: expected %s, got %s" % (exp_code, code))
    exp = e2elib.read(os.path.join(case, "expected.stdout"), b"")
    exp = exp.replace(b"@VERSION@", ver)
    got = e2elib.norm(e2elib.to_placeholders(out, proj), argv, case)
    if got != exp:
        problems.append(diff("stdout", exp, got))
    exp_err = e2elib.read(os.path.join(case, "expected.stderr"))
    if exp_err is not None:
        exp_err = exp_err.replace(b"@VERSION@", ver)
        got_err = e2elib.to_placeholders(err, proj)
        if got_err != exp_err:
            problems.append(diff("stderr", exp_err, got_err))
    return problems


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: run.py RETORT [NAME-SUBSTRING...]\n")
        return 2
    binary = os.path.abspath(sys.argv[1])
    passed = failed = 0
    for case in e2elib.cases(sys.argv[2:]):
        problems = run_case(binary, case)
        if problems:
            failed += 1
            print("FAIL %s: retort %s" % (
                os.path.basename(case),
                " ".join(e2elib.case_argv(case)) or "(no arguments)"))
            for p in problems:
                print("  " + p.rstrip("\n").replace("\n", "\n  "))
        else:
            passed += 1
    print("e2e: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

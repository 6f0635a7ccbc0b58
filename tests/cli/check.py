"""tests/cli/check.py RETORT: retort's command-line surface against the
reference, Alembic 1.8.1's own argparse parser (alembic.config.CommandLine)
with prog "retort" and the options retort adds (-q/--quiet, as Alembic
1.11+, and --url), case by case from cases.txt.

Help, version and usage errors must match in stdout, stderr and exit status.
A vector the reference accepts must reach the command: retort must not fail
with a usage error.  Every case runs at the default width (COLUMNS=80); the
help cases again at COLUMNS=52.
"""
import contextlib
import io
import os
import shlex
import subprocess
import sys
import tempfile

from alembic.config import CommandLine

PARSED = 100


# The reference these compare against is Alembic 1.8.1 on SQLAlchemy 1.4
# (docs/alembic-versions.md): retort follows it when told so.
os.environ["RETORT_ALEMBIC_VERSION"] = "1.8"


def reference(argv, version):
    """What argparse prints and the exit status, or PARSED."""
    cl = CommandLine(prog="retort")
    p = cl.parser
    p.add_argument("-q", "--quiet", action="store_true",
                   help="Do not log to std output.")
    p.add_argument("--url", type=str,
                   help="Database URL; overrides RETORT_DATABASE_URL and "
                   "sqlalchemy.url (retort)")
    for action in p._actions:
        if action.option_strings == ["--version"]:
            action.version = "%(prog)s " + version
    out, err = io.StringIO(), io.StringIO()
    status = PARSED
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            options = p.parse_args(argv)
            if not hasattr(options, "cmd"):
                p.error("too few arguments")
        except SystemExit as e:
            status = e.code or 0
    return out.getvalue(), err.getvalue(), status


def cases(path):
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            yield "" if line == "<empty>" else line


def main():
    retort = os.path.realpath(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    version = subprocess.run([retort, "--version"], capture_output=True,
                             text=True).stdout.split()[1]
    runs = [(80, c) for c in cases(os.path.join(here, "cases.txt"))]
    runs += [(52, c) for w, c in runs
             if {"-h", "--help"} & set(shlex.split(c))]
    env = dict(os.environ)
    env.pop("ALEMBIC_CONFIG", None)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as work:
        for width, line in runs:
            argv = shlex.split(line)
            os.environ["COLUMNS"] = env["COLUMNS"] = str(width)
            ref = reference(argv, version)
            got = subprocess.run([retort] + argv, capture_output=True,
                                 text=True, cwd=work, env=env,
                                 stdin=subprocess.DEVNULL)
            if ref[2] == PARSED:
                ok = got.returncode != 2 and "usage:" not in got.stderr
            else:
                ok = (got.stdout, got.stderr, got.returncode) == ref
            if ok:
                passed += 1
                continue
            failed += 1
            print("FAIL: COLUMNS=%d retort %s" % (width, line))
            print("  reference: exit %s\n%s%s" % (ref[2], ref[0], ref[1]))
            print("  retort: exit %s\n%s%s" % (got.returncode, got.stdout,
                                                got.stderr))
    print("cli: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""same.py RETORT ARGS...: in the current project, exits 0 when retort's
stdout and exit status equal real Alembic's (compat/alembic_sorted.py),
after the compat suite's normalisation of unspecified orders."""

import os
import re
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "compat"))
import compare  # noqa: E402


def labels():
    """Declared labels, from the headers genbench.py writes."""
    out = set()
    for dirpath, _, files in os.walk("."):
        for f in files:
            if f.endswith(".py"):
                with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                    for m in re.finditer(r"^branch_labels = \('(\w+)',\)",
                                         fh.read(), re.M):
                        out.add(m.group(1))
    return sorted(out)


def main():
    retort, argv = sys.argv[1], sys.argv[2:]
    env = compare.base_env()
    a = subprocess.run(["/usr/bin/python3",
                        os.path.join(TOP, "compat", "alembic_sorted.py")]
                       + argv, env=env, capture_output=True,
                       stdin=subprocess.DEVNULL)
    r = subprocess.run([retort] + argv, env=env, capture_output=True,
                       stdin=subprocess.DEVNULL)
    lb = labels()
    same = (a.returncode == r.returncode and
            compare.normalise(a.stdout, argv, lb) ==
            compare.normalise(r.stdout, argv, lb))
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()

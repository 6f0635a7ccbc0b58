"""e2elib.py: shared by tests/e2e/run.py and tests/e2e/regen.py: reading a
case directory, preparing its project in a temp dir, the environment, and
the placeholder/normalisation rules of tests/e2e/README.md."""

import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "compat"))
import compare  # noqa: E402  (normalise(), shared with the compat suite)


def read(path, default=None):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return default


def cases(selected=()):
    out = []
    for name in sorted(os.listdir(HERE)):
        d = os.path.join(HERE, name)
        if re.match(r"^\d{4}-", name) and os.path.isdir(d):
            if not selected or any(s in name for s in selected):
                out.append(d)
    return out


def case_argv(case):
    """cmd: one argument per line (an empty file: no arguments)."""
    text = read(os.path.join(case, "cmd"), b"").decode("utf-8")
    args = text.split("\n") if text else []
    if args and args[-1] == "":
        args.pop()
    return args


def case_env(case):
    env = compare.base_env()
    env.pop("ALEMBIC_PROG", None)
    text = read(os.path.join(case, "env"), b"").decode("utf-8")
    for line in text.splitlines():
        if line.strip():
            k, _, v = line.partition("=")
            env[k] = v
    return env


def setup(case):
    """Copy the case's project (fixtures/<name>, or an empty directory for
    `none`) into a fresh temp dir, overlay files/, and return
    (tmpdir, project dir, cwd)."""
    name = read(os.path.join(case, "project"), b"none").decode().strip()
    tmp = os.path.realpath(tempfile.mkdtemp(prefix="retort-e2e."))
    proj = os.path.join(tmp, "proj")
    if name == "none":
        os.mkdir(proj)
    else:
        shutil.copytree(os.path.join(TOP, "fixtures", name), proj)
    files = os.path.join(case, "files")
    if os.path.isdir(files):
        shutil.copytree(files, proj, dirs_exist_ok=True)
    sub = read(os.path.join(case, "cwd"), b"").decode().strip()
    cwd = os.path.join(proj, sub) if sub else proj
    return tmp, proj, cwd


def version():
    """retort's version: project(retort VERSION x.y.z) in CMakeLists.txt."""
    text = read(os.path.join(TOP, "CMakeLists.txt"), b"").decode()
    m = re.search(r"project\(\s*retort\s+VERSION\s+([0-9.]+)", text)
    return m.group(1) if m else "unknown"


def to_placeholders(data, proj):
    """Actual output -> expected-file form: the project path becomes
    @PROJECT@."""
    return data.replace(proj.encode(), b"@PROJECT@")


def labels(case):
    text = read(os.path.join(case, "labels"), b"").decode()
    return text.split()


def norm(data, argv, case):
    """The compat normalisation (unspecified orders, compat/README.md)."""
    return compare.normalise(data, argv, labels(case)).encode("utf-8")

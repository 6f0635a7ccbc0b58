#!/usr/bin/python3
"""files.py: retort against hostile files and environments, through the
binary (ctest: e2e_files): a revision file over the size limit (sparse,
docs/revision-files.md), header cache files that another user owns, that
others may write or that another key signed, and a HOME that does not
exist (docs/configuration.md, "The header cache").  Prints each failure
and a last line `e2e_files: N passed, M failed`; exits 1 when M > 0.
    /usr/bin/python3 tests/e2e/files.py RETORT
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
GIB = 1 << 30

results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


def run(binary, cwd, env, *argv):
    p = subprocess.run([binary] + list(argv), cwd=cwd, env=env,
                       stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def project(tmp):
    proj = os.path.join(tmp, "proj")
    shutil.copytree(os.path.join(TOP, "fixtures", "demo"), proj)
    return proj


def base_env(**kw):
    env = {k: v for k, v in os.environ.items()
           if k not in ("COLUMNS", "LINES", "ALEMBIC_CONFIG", "HOME",
                        "XDG_CACHE_HOME", "RETORT_CACHE")}
    env.update(kw)
    return env


def mode(path):
    try:
        return os.lstat(path).st_mode & 0o7777
    except FileNotFoundError:
        return None


def test_too_large(binary, tmp):
    proj = project(tmp)
    env = base_env(RETORT_CACHE="off")
    path = os.path.join(proj, "migrations", "versions", "ffff_big.py")
    with open(path, "wb") as f:
        f.write(b"revision = 'ffff'\ndown_revision = None\n#")
        f.truncate(GIB + 1)
    code, out, err = run(binary, proj, env, "heads")
    want = ("retort: error: %s: the file is larger than 1073741824 bytes "
            "(1 GiB), the limit for a revision file (expected a smaller "
            "file, see docs/revision-files.md)\n" % path)
    check("over the limit: exit 1", code == 1, "exit %s" % code)
    check("over the limit: message", err == want, err)
    check("over the limit: no stdout", out == "", out)
    os.unlink(path)
    code, out, err = run(binary, proj, env, "heads")
    check("under the limit again", code == 0 and err == "", err)


def test_no_home(binary, tmp):
    proj = project(tmp)
    home = os.path.join(tmp, "nonexistent")
    env = base_env(HOME=home)
    for _ in range(2):
        code, out, err = run(binary, proj, env, "heads")
        check("HOME missing: heads works", code == 0 and err == "", err)
    check("HOME missing: not created", not os.path.exists(home))
    os.makedirs(home, exist_ok=True)
    code, out, err = run(binary, proj, env, "heads")
    check("HOME without .cache: not created",
          not os.path.exists(os.path.join(home, ".cache")))


def cache_files(cache):
    return sorted(n for n in os.listdir(cache) if n != "key")


def test_cache(binary, tmp):
    proj = project(tmp)
    xdg = os.path.join(tmp, "xdg")
    os.mkdir(xdg)
    env = base_env(XDG_CACHE_HOME=xdg)
    code, plain, err = run(binary, proj, env, "history")
    cache = os.path.join(xdg, "retort")
    check("cache: created", code == 0 and os.path.isdir(cache), err)
    check("cache: directory 0700", mode(cache) == 0o700,
          oct(mode(cache)))
    check("cache: key 0600", mode(os.path.join(cache, "key")) == 0o600)
    names = cache_files(cache)
    check("cache: one file", len(names) == 1, names)
    file = os.path.join(cache, names[0])
    check("cache: file 0600", mode(file) == 0o600)
    warning = "retort: warning: ignoring header cache file %s: " % file

    # another user's file: ignored with a warning, then replaced
    if os.geteuid() == 0:
        os.chown(file, 65534, 65534)
        code, out, err = run(binary, proj, env, "history")
        check("foreign owner: output", code == 0 and out == plain, out)
        check("foreign owner: warning", err == warning +
              "owned by uid 65534, not by the user retort runs as "
              "(uid 0)\n", err)
        check("foreign owner: replaced", os.stat(file).st_uid == 0)
    else:
        print("(foreign owner: skipped, not root)")
    os.chmod(file, 0o666)
    code, out, err = run(binary, proj, env, "history")
    check("writable by others: output", code == 0 and out == plain, out)
    check("writable by others: warning", err == warning +
          "writable by group or others (mode 0666)\n", err)
    check("writable by others: replaced", mode(file) == 0o600)
    code, out, err = run(binary, proj, env, "history")
    check("trusted again: no warning", err == "" and out == plain, err)

    # a file signed with another key: ignored silently and rebuilt
    xdg2 = os.path.join(tmp, "xdg2")
    os.mkdir(xdg2)
    run(binary, proj, base_env(XDG_CACHE_HOME=xdg2), "history")
    other = os.path.join(xdg2, "retort", names[0])
    with open(other, "rb") as f:
        forged = f.read()
    os.unlink(file)
    shutil.copyfile(other, file)
    os.chmod(file, 0o600)
    code, out, err = run(binary, proj, env, "history")
    check("other key: output", code == 0 and out == plain and err == "",
          err)
    with open(file, "rb") as f:
        check("other key: rebuilt", f.read() != forged)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: files.py RETORT\n")
        return 2
    binary = os.path.abspath(sys.argv[1])
    for test in (test_too_large, test_no_home, test_cache):
        tmp = os.path.realpath(tempfile.mkdtemp(prefix="retort-files."))
        try:
            test(binary, tmp)
        finally:
            shutil.rmtree(tmp)
    failed = [r for r in results if not r[1]]
    for name, _, detail in failed:
        print("FAIL %s: %s" % (name, str(detail).rstrip("\n")))
    print("e2e_files: %d passed, %d failed" %
          (len(results) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

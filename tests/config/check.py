"""tests/config/check.py CFGDUMP [SEED] [N]: retort's alembic.ini reader
against Python's configparser, on random files.

N files (default 3000) are generated from SEED (default 1): alembic.ini
lookalikes mixing every trait ConfigParser has an opinion on (indented
keys and continuation lines, blank and comment lines inside values, '='
and ':' delimiters, duplicate and empty sections and keys, '[DEFAULT]',
section headers with trailing text or ']' inside, Unicode whitespace and
case folding, lines over 200 bytes, \\r\\n and \\r line ends, a byte
order mark, unparseable lines).  Each file is read by
configparser.ConfigParser({'here': ...}) as Alembic 1.8.1 reads
alembic.ini, and by CFGDUMP (tests/config/cfgdump.c, retort's
config.c); both print every section with its options() and raw values,
or the error class and line.  Any difference fails the test.
"""
import configparser
import os
import random
import subprocess
import sys
import tempfile


def esc(v):
    return v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def py_ini(path):
    """What ConfigParser makes of path, in cfgdump's format."""
    here = os.path.abspath(os.path.dirname(path))
    cp = configparser.ConfigParser({"here": here})
    try:
        with open(path, encoding="utf-8") as f:
            cp.read_file(f, path)
    except configparser.DuplicateSectionError as e:
        return ["ERROR dupsect %d" % e.lineno]
    except configparser.DuplicateOptionError as e:
        return ["ERROR dupopt %d" % e.lineno]
    except configparser.MissingSectionHeaderError as e:
        return ["ERROR nohead %d" % e.lineno]
    except configparser.ParsingError as e:
        return ["ERROR parse %d" % e.errors[0][0]]
    out = []
    for s in ["DEFAULT"] + cp.sections():
        out.append("[%s]" % esc(s))
        keys = cp.defaults() if s == "DEFAULT" else cp.options(s)
        for k in keys:
            out.append("%s=%s" % (esc(k), esc(cp.get(s, k, raw=True))))
    return out


SPACE = [" ", "  ", "\t", "", "", "\u00a0", "\u3000", "\x1f", "\x0b",
         "\x85", "\u2028"]
INDENT = ["", "", "", "", "", " ", "  ", "\t", "    ", "\u00a0"]


def ini_line(rnd, i, st):
    r = rnd.random()
    ind = rnd.choice(INDENT)
    if r < 0.12:
        if st["sects"] and rnd.random() < 0.1:
            name = rnd.choice(st["sects"])          # duplicate
        else:
            name = rnd.choice(["sect%d" % i, "sect%d" % i, "DEFAULT",
                               "a]b%d" % i, " s%d " % i, "S" * 60 + str(i),
                               "\u00dc%d" % i])
        st["sects"].append(name)
        st["keys"] = []
        tail = rnd.choice(["", "", "", " trailing", "]x", " ; c"])
        return ind + "[" + name + "]" + tail
    if r < 0.52:
        if st["keys"] and rnd.random() < 0.05:
            key = rnd.choice(st["keys"])            # duplicate
        else:
            key = rnd.choice(["key%d" % i, "Key%d" % i, "a b%d" % i,
                              "\u00c4%d" % i, "\u03a3\u03a3%d" % i,
                              "k" * 70 + str(i), "here"])
        st["keys"].append(key)
        value = rnd.choice(["v", "a ; b", "a # b", "%(here)s/x", "",
                            "[notsect]", "a=b:c", " spaced ", "x" * 250,
                            "\u03a3\u0391\u03a3"])
        return (ind + key + rnd.choice(SPACE) + rnd.choice("=:") +
                rnd.choice(SPACE) + value + rnd.choice(["", "", " ",
                                                        "\u00a0"]))
    if r < 0.68:
        return (rnd.choice(["  ", "\t", "    ", "      ", "\u3000"]) +
                rnd.choice(["cont", "more text", "k = v", "[s]", "# x"]))
    if r < 0.80:
        return rnd.choice(["", "", " ", "\t", "\u00a0"])
    if r < 0.95:
        return ind + rnd.choice(["#", ";"]) + " comment"
    return ind + rnd.choice(["= noname", "bare line", "[unclosed", "[]"])


def ini_file(rnd):
    st = {"sects": [], "keys": []}
    lines = []
    if rnd.random() < 0.97:
        name = rnd.choice(["alembic", "alembic", "DEFAULT"])
        st["sects"].append(name)
        lines.append("[%s]" % name)
    lines += [ini_line(rnd, i, st) for i in range(rnd.randint(1, 16))]
    eol = rnd.choice(["\n", "\n", "\r\n", "\r"])
    text = eol.join(lines) + rnd.choice([eol, ""])
    if rnd.random() < 0.02:
        text = "\ufeff" + text
    return text


def run(dump, kind, paths):
    got = subprocess.run([dump, kind] + paths, capture_output=True,
                         check=True).stdout.decode("utf-8")
    files, cur = {}, None
    for line in got.split("\n")[:-1]:
        if line.startswith("== "):
            cur = files.setdefault(line[3:], [])
        else:
            cur.append(line)
    return files


def main():
    dump = os.path.realpath(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory() as work:
        os.chdir(work)
        paths = []
        for i in range(n):
            path = "f%05d.ini" % i
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(ini_file(rnd))
            paths.append(path)
        got = run(dump, "ini", paths)
        want = {p: py_ini(p) for p in paths}
        bad = [p for p in paths if got.get(p) != want[p]]
        errors = sum(1 for p in paths if want[p][0].startswith("ERROR"))
        for p in bad[:5]:
            with open(p, encoding="utf-8", newline="") as f:
                print("--- %s %r" % (p, f.read()))
            print("python: %s\nretort: %s" % (want[p], got.get(p)))
    print("config_diff: ini: %d files (%d rejected by Python), %d differ"
          % (n, errors, len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

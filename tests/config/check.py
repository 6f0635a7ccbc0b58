"""tests/config/check.py CFGDUMP [SEED] [N]: retort's config readers
against Python's, on random files: alembic.ini against configparser,
pyproject.toml against tomllib.

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
or the error class and line.

Then N TOML documents: valid ones built from every construct (bare,
quoted and dotted keys, the four kinds of strings with escapes and
line-ending backslashes, integers in four bases, floats, inf and nan,
dates and times, booleans, arrays over several lines with comments and
trailing commas, inline tables, tables and arrays of tables, \\r\\n), of
which about half are then damaged by a character or two inserted or
deleted, which reaches tomllib's errors.  tomllib.loads() and CFGDUMP
(retort's toml.c) must agree on the value, or on the error: its message
(which retort may follow with ": expected ..."), line and column.

Any difference fails the test.
"""
import configparser
import datetime
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import tomllib

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


def toml_str(s):
    out = []
    for ch in s:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append("\\x%02x" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_val(v):
    if isinstance(v, str):
        return toml_str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v) if -2**63 <= v < 2**63 else "bigint"
    if isinstance(v, float):
        return "f:" + struct.pack("<d", v).hex()
    if isinstance(v, datetime.datetime):
        return "dt:" + v.isoformat()
    if isinstance(v, datetime.date):
        return "d:" + v.isoformat()
    if isinstance(v, datetime.time):
        return "t:" + v.isoformat()
    if isinstance(v, list):
        return "[" + ",".join(toml_val(x) for x in v) + "]"
    return "{" + ",".join(toml_str(k) + "=" + toml_val(x)
                          for k, x in v.items()) + "}"


def py_toml(path):
    """What tomllib makes of path, in cfgdump's format."""
    with open(path, "rb") as f:
        src = f.read().decode()
    try:
        return [toml_val(tomllib.loads(src))]
    except tomllib.TOMLDecodeError as e:
        msg, _, where = str(e).rpartition(" (at ")
        if where == "end of document)":
            text = src.replace("\r\n", "\n")
            line = text.count("\n") + 1
            col = len(text) - (text.rfind("\n") + 1) + 1
        else:
            line, col = [int(x) for x in re.findall(r"\d+", where)]
        return ["ERROR %d %d %s" % (line, col, msg)]


def toml_same(want, got):
    """Equal; retort's message may add ': expected ...' to tomllib's."""
    if want == got:
        return True
    return (got is not None and len(got) == 1 and
            want[0].startswith("ERROR") and
            got[0].startswith(want[0] + ": expected "))


TOML_KEYS = ["a", "b", "c", "key-1", "k_2", "1", "x.y", '"q k"', "'lit'",
             '"\\u00e9"', '""', "tool.alembic", "a.b", "a.b.c", "A",
             '"nul\\u0000"']
TOML_SCALARS = [
    '"s"', r'"esc \t \n \\ \" \u00e9 \U0001F600 \b\f\r"', r"'lit \ x'",
    '"""\nml\nline"""', '"""a\\\n   b"""', '"""a\\  \n\n  b"""',
    "'" * 3 + "\nraw\\n" + "'" * 3, '""""q""""', "'" * 4 + "x" + "'" * 5,
    '"%(here)s/x"', "1", "-17", "+0", "1_000", "0xDEAD_beef", "0o755",
    "0b1010", "9223372036854775807", "-9223372036854775808", "3.14",
    "-0.0", "1e10", "6.02E+2_3", "1_0.0_1", "inf", "-inf", "nan", "+nan",
    "true", "false", "1979-05-27", "1979-05-27T07:32:00Z",
    "1979-05-27 07:32:00.999999999-07:30", "1979-05-27t07:32:00+00:00",
    "07:32:00", "00:00:00.5", "2024-02-29T00:00:00",
    '"\u00fcnic\u00f6de"', '"tab\there"']
# rarely: a bare key that is not one, a day that does not exist
TOML_BAD = ["\u00e9", "2023-02-29", "0000-01-01"]


def toml_key(rnd):
    """A key, most of the time a new one."""
    key = rnd.choice(TOML_KEYS if rnd.random() > 0.01 else TOML_BAD)
    if rnd.random() < 0.7:
        key += "_%d" % rnd.randint(0, 999) if key[-1] not in "\"'" else ""
    return key


def toml_value(rnd, depth):
    r = rnd.random()
    if depth > 2 or r < 0.6:
        return rnd.choice(TOML_SCALARS if rnd.random() > 0.01 else TOML_BAD)
    if r < 0.85:
        sep = rnd.choice([", ", ",", ",\n  ", " ,\n# c\n  "])
        items = [toml_value(rnd, depth + 1)
                 for _ in range(rnd.randint(0, 4))]
        tail = rnd.choice(["", ",", ",\n"]) if items else ""
        return "[" + rnd.choice(["", "\n  "]) + sep.join(items) + tail + "]"
    pairs = ["%s = %s" % (toml_key(rnd), toml_value(rnd, depth + 1))
             for _ in range(rnd.randint(0, 3))]
    return "{" + rnd.choice(["", " "]) + ", ".join(pairs) + "}"


def toml_file(rnd):
    lines = []
    for _ in range(rnd.randint(1, 12)):
        r = rnd.random()
        if r < 0.15:
            lines.append("[%s]" % toml_key(rnd))
        elif r < 0.25:
            lines.append("[[%s]]" % rnd.choice(
                TOML_KEYS + ["tool.alembic.post_write_hooks"]))
        elif r < 0.85:
            lines.append("%s = %s%s" % (toml_key(rnd),
                                        toml_value(rnd, 0),
                                        rnd.choice(["", "", "  # c"])))
        elif r < 0.92:
            lines.append(rnd.choice(["# comment", "", "   ", "\t# x"]))
        else:
            lines.append(rnd.choice(["", "  "]) + "%s=%s" % (
                toml_key(rnd), toml_value(rnd, 0)))
    text = "\n".join(lines) + rnd.choice(["\n", ""])
    if rnd.random() < 0.5:
        for _ in range(rnd.randint(1, 2)):
            i = rnd.randint(0, len(text))
            if rnd.random() < 0.5 and i < len(text):
                text = text[:i] + text[i + 1:]
            else:
                text = text[:i] + rnd.choice(
                    list("[]{}=,.\"'\\#\n\t x0_-+:eEtT") +
                    ["\r", "\x00", "\x01", "\x7f", "\u00e9"]) + text[i:]
    if rnd.random() < 0.1:
        text = text.replace("\n", "\r\n")
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
    failed = False
    with tempfile.TemporaryDirectory() as work:
        os.chdir(work)
        for kind, make, want_of, same in (
                ("ini", ini_file, py_ini, lambda w, g: w == g),
                ("toml", toml_file, py_toml, toml_same)):
            paths = []
            for i in range(n):
                path = "f%05d.%s" % (i, kind)
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(make(rnd))
                paths.append(path)
            got = run(dump, kind, paths)
            want = {p: want_of(p) for p in paths}
            bad = [p for p in paths if not same(want[p], got.get(p))]
            errors = sum(1 for p in paths if want[p][0].startswith("ERROR"))
            for p in bad[:5]:
                with open(p, encoding="utf-8", newline="") as f:
                    print("--- %s %r" % (p, f.read()))
                print("python: %s\nretort: %s" % (want[p], got.get(p)))
            print("config_diff: %s: %d files (%d rejected by Python), "
                  "%d differ" % (kind, n, errors, len(bad)))
            failed = failed or bool(bad)
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())

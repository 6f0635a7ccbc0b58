"""projlib.py: renders complete Alembic 1.8.1 projects (alembic.ini with
logging sections, the stock generic env.py, script.py.mako, version files in
the autogenerate template styles) from a plain description.  Shared by
compat/gen.py, compat/mkfixtures.py and tests/bench/genbench.py.
"""

import os

ALEMBIC_TEMPLATES = "/usr/lib/python3/dist-packages/alembic/templates/generic"

# The 1.11.2+ script.py.mako (typed header variables), for projects that
# use the typed style; the 1.8.1 one is read from the installed package.
TYPED_MAKO = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
'''

LOGGING = """
# Logging configuration
[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
"""


def read_stock(name):
    with open(os.path.join(ALEMBIC_TEMPLATES, name), encoding="utf-8") as f:
        return f.read()


def ini_text(script_location="migrations", url="sqlite:///app.db",
             version_locations=None, separator=None, extra_main="",
             extra_sections=""):
    """alembic.ini in the shape `alembic init` writes (comments trimmed),
    with the logging sections the stock env.py needs (spec rule 1.9)."""
    out = ["# A generic, single database configuration.", "",
           "[alembic]", "# path to migration scripts",
           "script_location = %s" % script_location, "",
           "# template used to generate migration file names",
           "# file_template = %%(rev)s_%%(slug)s", "",
           "prepend_sys_path = .", ""]
    if version_locations is not None:
        out.append("version_locations = %s" % version_locations)
    if separator is not None:
        out.append("version_path_separator = %s" % separator)
    if version_locations is not None or separator is not None:
        out.append("")
    if extra_main:
        out.append(extra_main.rstrip("\n"))
        out.append("")
    out.append("sqlalchemy.url = %s" % url)
    out.append("")
    if extra_sections:
        out.append(extra_sections.rstrip("\n"))
        out.append("")
    out.append("")
    out.append("[post_write_hooks]")
    out.append("# see https://alembic.sqlalchemy.org/en/latest/autogenerate.html")
    return "\n".join(out) + "\n" + LOGGING


def pyrepr(v):
    """Python's repr() of None / str / tuple / list, as the template does."""
    return repr(v)


def render_revision(rev):
    """Text of one version file.  rev is a dict:
    id, down (None | str | tuple | list), labels, deps (same shapes),
    message, date, upgrade / downgrade (body lines, 4-space indented
    inside the function; [] means `pass`), style ('classic' | 'typed'),
    optional 'raw_header' (dict name -> literal source text, overrides
    the repr of that variable), 'docstring' (full literal source of the
    docstring statement, overrides the template's), 'pre_doc' (lines
    before the docstring), 'imports' (extra import lines)."""
    style = rev.get("style", "classic")
    down = rev.get("down")
    revises = ""
    if down is not None:
        revises = down if isinstance(down, str) else ", ".join(down)
    if "docstring" in rev:
        doc = rev["docstring"]
    else:
        doc = '"""%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: %s\n\n"""' \
            % (rev.get("message", "empty message"), rev["id"], revises,
               rev.get("date", "2024-01-01 00:00:00.000000"))
    lines = list(rev.get("pre_doc", []))
    if doc:
        lines.append(doc)
    if style == "typed":
        lines += ["from typing import Sequence, Union", "",
                  "from alembic import op", "import sqlalchemy as sa"]
    else:
        lines += ["from alembic import op", "import sqlalchemy as sa"]
    lines += rev.get("imports", [])
    lines += ["", "", "# revision identifiers, used by Alembic."]
    raw = rev.get("raw_header", {})
    ann = {
        "revision": ": str",
        "down_revision": ": Union[str, None]",
        "branch_labels": ": Union[str, Sequence[str], None]",
        "depends_on": ": Union[str, Sequence[str], None]",
    }
    if isinstance(down, (tuple, list)) and style == "typed":
        ann["down_revision"] = ": Union[str, Sequence[str], None]"
    vals = {"revision": rev["id"], "down_revision": down,
            "branch_labels": rev.get("labels"),
            "depends_on": rev.get("deps")}
    for name in ("revision", "down_revision", "branch_labels", "depends_on"):
        text = raw.get(name, pyrepr(vals[name]))
        a = ann[name] if style == "typed" else ""
        lines.append("%s%s = %s" % (name, a, text))
    lines += ["", ""]
    for fn in ("upgrade", "downgrade"):
        lines.append("def %s() -> None:" % fn)
        body = rev.get(fn) or ["pass"]
        lines += ["    " + b if b else "" for b in body]
        lines += ["", ""]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def slug(message, length=40):
    """Alembic's file-name slug of a message (rule 10.4, simplified: the
    words of the first line joined by '_', truncated at a word)."""
    import re
    words = re.findall(r"\w+", message.split("\n")[0].lower())
    s = "_".join(words)
    if len(s) > length:
        s = s[:length].rsplit("_", 1)[0] if "_" in s[:length] else s[:length]
    return s


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_project(root, revs, ini=None, script_location="migrations",
                  typed_mako=False, extra_files=None):
    """Write a whole project under root.  revs: list of revision dicts,
    each with optional 'dir' (version directory relative to root; default
    <script_location>/versions) and 'file' (file name; default
    <id>_<slug>.py).  extra_files: {relative path: text}."""
    if ini is None:
        ini = ini_text(script_location=script_location)
    write(os.path.join(root, "alembic.ini"), ini)
    sl = os.path.join(root, script_location)
    write(os.path.join(sl, "env.py"), read_stock("env.py"))
    write(os.path.join(sl, "README"), read_stock("README"))
    write(os.path.join(sl, "script.py.mako"),
          TYPED_MAKO if typed_mako else read_stock("script.py.mako"))
    os.makedirs(os.path.join(sl, "versions"), exist_ok=True)
    for rev in revs:
        d = rev.get("dir", os.path.join(script_location, "versions"))
        name = rev.get("file") or "%s_%s.py" % (
            rev["id"], slug(rev.get("message", "")))
        write(os.path.join(root, d, name), render_revision(rev))
    for rel, text in (extra_files or {}).items():
        write(os.path.join(root, rel), text)

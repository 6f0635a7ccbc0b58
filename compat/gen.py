#!/usr/bin/python3
"""gen.py: seeded random Alembic project generator for the compat suite.
    /usr/bin/python3 compat/gen.py SEED OUTDIR
writes a complete project (alembic.ini, env.py, script.py.mako, version
files) whose history is linear, branchy, merged, multi-rooted, with
depends_on (ids and labels), branch labels (at most one declared per
revision, never clashing: spec Appendix A), typed and classic headers,
string quoting variants (rule 3.2), docstring variants (rule 3.8), 1-200
revisions and sometimes several version_locations (rule 1.13).  The same
SEED always writes the same project.
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import projlib  # noqa: E402

WORDS = ("add create drop alter users orders invoice table column index "
         "email status audit log tag post comment role account billing "
         "payment refund ship address phone note cache session token "
         "rename constraint unique fk pk view trigger seed data fix").split()
LABELS = ("feature bugfix release hotfix billing audit reports search "
          "legacy mobile web api admin shop pay auth sync").split()
UNICODE = ["café au lait", "naïve façade", "Größe ändern", "日本語 table"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.rb = random.Random("bodies/%d" % seed)
        self.seed = seed
        self.ids = set()
        self.labels = set()

    # -- names -------------------------------------------------------
    def new_id(self, style, i, prev_ids):
        r = self.r
        while True:
            if prev_ids and r.random() < 0.08:
                # share a 4..6 character prefix with an earlier id, so
                # prefix lookups can be ambiguous (rule 5.1)
                base = r.choice(prev_ids)
                if len(base) >= 7:
                    k = r.randint(4, 6)
                    rid = base[:k] + "".join(r.choice("0123456789abcdef")
                                             for _ in range(len(base) - k))
                else:
                    rid = base + "%x" % r.randint(0, 15)
            elif style == "hex":
                rid = "%012x" % r.getrandbits(48)
            elif style == "word":
                rid = "%s_%04d" % (r.choice(WORDS), i)
            elif style == "short":
                rid = "%s%d" % (r.choice("abcdefgh"), i)
            else:
                rid = r.choice(["%012x" % r.getrandbits(48),
                                "%s%03d" % (r.choice(WORDS), i),
                                "%08x" % r.getrandbits(32)])
            if rid not in self.ids and rid not in self.labels:
                self.ids.add(rid)
                return rid

    def new_label(self):
        r = self.r
        for _ in range(100):
            lbl = r.choice(LABELS)
            if r.random() < 0.5:
                lbl += "_%d" % r.randint(1, 99)
            if lbl not in self.labels and lbl not in self.ids and not any(
                    i.startswith(lbl) or lbl.startswith(i) for i in self.ids):
                self.labels.add(lbl)
                return lbl
        return None

    def message(self):
        r = self.r
        x = r.random()
        if x < 0.04:
            return r.choice(UNICODE)
        if x < 0.08:
            return "it's a \"quoted\" 100% fix"
        return " ".join(r.choice(WORDS) for _ in range(r.randint(1, 7)))

    # -- header literals (rule 3.2) ----------------------------------
    def lit(self, s):
        r = self.r
        x = r.random()
        if x < 0.70:
            return repr(s)
        if x < 0.88:
            return '"%s"' % s
        if x < 0.92 and len(s) > 2:
            k = r.randint(1, len(s) - 1)
            return "%r %r" % (s[:k], s[k:])      # implicit concatenation
        if x < 0.96:
            return "'''%s'''" % s
        return "r'%s'" % s

    def seq(self, items, none_forms=("None",)):
        """Literal for None / one name / several names."""
        r = self.r
        if not items:
            return r.choice(none_forms)
        if len(items) == 1:
            x = r.random()
            if x < 0.75:
                return self.lit(items[0])
            if x < 0.88:
                return "(%s,)" % self.lit(items[0])
            return "[%s]" % self.lit(items[0])
        inner = ", ".join(self.lit(i) for i in items)
        return "(%s)" % inner if r.random() < 0.6 else "[%s]" % inner

    # -- docstrings (rule 3.8) ---------------------------------------
    def docstring(self, rid, down, msg, date):
        r = self.r
        revises = ", ".join(down)
        std = '"""%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: %s\n\n"""' \
            % (msg, rid, revises, date)
        x = r.random()
        if x < 0.80:
            return [], std
        if x < 0.84:
            return [], None                                # no docstring
        if x < 0.88:
            return [], '"""\n\n  %s\nsecond line of para one\n\nPara two\n"""' \
                % msg
        if x < 0.91:
            return ["# -*- coding: utf-8 -*-", "# generated"], std
        if x < 0.94:
            return [], "'''%s'''" % msg
        if x < 0.96:
            return [], '"""   \n"""'
        if x < 0.98:
            return [], '"%s " "concat"' % msg.replace('"', "")
        return [], 'r"""%s\n\nraw docstring"""' % msg.replace('"', "")

    # -- the graph ----------------------------------------------------
    def size(self):
        r = self.r
        x = r.random()
        if x < 0.10:
            return r.randint(1, 5)
        if x < 0.60:
            return r.randint(6, 30)
        if x < 0.85:
            return r.randint(31, 80)
        return r.randint(81, 200)

    def build(self):
        r = self.r
        n = self.size()
        shape = r.choice(["linear", "branchy", "merges", "roots", "mixed"])
        p = dict(linear=(0.0, 0.0, 0.02, 0.05, 0.05),
                 branchy=(0.02, 0.05, 0.25, 0.10, 0.12),
                 merges=(0.02, 0.25, 0.20, 0.08, 0.10),
                 roots=(0.15, 0.10, 0.15, 0.15, 0.12),
                 mixed=(0.04, 0.12, 0.15, 0.12, 0.10))[shape]
        p_root, p_merge, p_branch, p_dep, p_label = p
        idstyle = r.choice(["hex", "hex", "word", "mixed", "short"])
        revs = []
        children = {}
        for i in range(n):
            prev = [x["id"] for x in revs]
            rid = self.new_id(idstyle, i, prev)
            heads = [x for x in prev if not children.get(x)]
            x = r.random()
            if not prev or x < p_root:
                down = []
            elif x < p_root + p_merge and len(heads) >= 2:
                k = 3 if len(heads) >= 3 and r.random() < 0.15 else 2
                down = r.sample(heads, k)
            elif x < p_root + p_merge + p_branch:
                down = [r.choice(prev)]
            else:
                # continue a head, preferring recent ones
                down = [heads[-1] if r.random() < 0.6 else r.choice(heads)]
            for d in down:
                children.setdefault(d, []).append(rid)
            deps = []
            if prev and r.random() < p_dep:
                cands = [x for x in revs if x["id"] not in down]
                # one name only: the order of several normalised
                # dependencies is unspecified (spec Appendix A.2)
                for c in r.sample(cands, min(len(cands), 1)):
                    if c["labels"] and r.random() < 0.5:
                        deps.append(c["labels"][0])
                    else:
                        deps.append(c["id"])
            labels = []
            if r.random() < p_label:
                lbl = self.new_label()
                if lbl:
                    labels = [lbl]
            revs.append(dict(id=rid, down=down, deps=deps, labels=labels,
                             i=i))
        return revs, shape

    # -- bodies: op.execute() with literal SQL that changes the schema --
    def bodies(self, rid):
        """(upgrade lines, downgrade lines) of revision rid.  upgrade
        creates table t_<rid> (plain CREATE TABLE, or IF NOT EXISTS so
        that walks survive stamps), sometimes adds a column or an index,
        sometimes inserts a row; downgrade drops the table (plain or IF
        EXISTS; rarely `pass`).  Only the first statement of a body can
        fail when the schema is out of step with the version table (after
        a stamp), so a failed revision leaves no partial effects where
        pysqlite and retort differ (spec rule 11.4).  The literals take
        the forms offline mode must reproduce (rule 8.6).  Own random
        stream, so a seed's graph is the one older gen.py wrote."""
        b = self.rb
        t = "t_%s" % rid
        strict = b.random() < 0.2
        up = self.stmt("CREATE TABLE %s%s (id INTEGER, note VARCHAR(40))"
                       % ("" if strict else "IF NOT EXISTS ", t))
        x = b.random()
        if x < 0.2:
            up += self.stmt("ALTER TABLE %s ADD COLUMN extra INTEGER" % t)
        elif x < 0.35:
            up += self.stmt("CREATE INDEX ix_%s ON %s (id)" % (rid, t))
        if b.random() < 0.4:
            note = b.choice(["it''s", "100%", "plain", "caf\u00e9",
                             'say "hi"', "back\\slash"])
            up += self.stmt("INSERT INTO %s (id, note) VALUES (%d, '%s')"
                            % (t, b.randint(1, 99), note))
        x = b.random()
        if x < 0.05:
            return up, []
        return up, self.stmt("DROP TABLE %s%s" % (
            "" if x < 0.20 else "IF EXISTS ", t))

    def stmt(self, sql):
        """Source lines (relative to the function body) of one
        op.execute() running the SQL text sql, in a random literal form:
        "...", sa.text("..."), a trailing `;`, r\"\"\"...\"\"\", a
        triple-quoted block with a comment line and a TAB, implicit
        concatenation, \\uXXXX escapes."""
        b = self.rb

        def dq(s):
            s = s.replace("\\", "\\\\").replace('"', '\\"')
            if b.random() < 0.5:
                s = "".join(c if ord(c) < 128 else "\\u%04x" % ord(c)
                            for c in s)
            return '"%s"' % s
        x = b.random()
        if x < 0.40:
            return ["op.execute(%s)" % dq(sql)]
        if x < 0.60:
            return ["op.execute(sa.text(%s))" % dq(sql)]
        if x < 0.67:
            return ["op.execute(%s)" % dq(sql + ";")]
        if x < 0.75 and '"' not in sql:
            return ['op.execute(r"""%s""")' % sql]
        if x < 0.90 and '"' not in sql:
            head, sep, rest = sql.partition(" (")
            lit = sql.replace("\\", "\\\\")
            lines = ["op.execute(", '    """', "    -- generated"]
            if sep:
                h = head.replace("\\", "\\\\")
                lines += ["    %s (" % h,
                          "\t" + rest.replace("\\", "\\\\")]
            else:
                lines.append("    " + lit)
            return lines + ['    """', ")"]
        if " " in sql:
            a, c = sql.split(" ", 1)
            return ["op.execute(", "    %s" % dq(a + " "), "    %s" % dq(c),
                    ")"]
        return ["op.execute(%s)" % dq(sql)]

    # -- files --------------------------------------------------------
    def project(self, outdir):
        r = self.r
        graph, shape = self.build()
        sl = r.choice(["migrations", "migrations", "alembic", "db/migrate"])
        ndirs = 1
        if r.random() < 0.3:
            ndirs = r.randint(2, 3)
        dirs = ["%s/versions" % sl]
        ini_kw = dict(script_location=sl,
                      url="sqlite:///gen%d.db" % self.seed)
        if ndirs > 1:
            dirs = ["%s/versions" % sl] + ["extra%d/versions" % k
                                           for k in range(1, ndirs)]
            r.shuffle(dirs)
            here = r.random() < 0.5
            locs = ["%%(here)s/%s" % d if here else d for d in dirs]
            sep = r.choice(["space", "os", ":", ";", None, None])
            joiner = {"space": " ", "os": ":", ":": ":", ";": ";",
                      None: r.choice([" ", ", ", ","])}[sep]
            ini_kw["version_locations"] = joiner.join(locs)
            ini_kw["separator"] = sep
        elif r.random() < 0.1:
            # version_locations set to the default directory explicitly
            ini_kw["version_locations"] = "%%(here)s/%s/versions" % sl
        name_style = r.choice(["slug", "slug", "slug", "date", "bare"])
        style_mode = r.choice(["classic", "typed", "mixed"])
        revs = []
        for g in graph:
            msg = self.message()
            date = "2024-%02d-%02d %02d:%02d:%02d.%06d" % (
                1 + g["i"] // 300 % 12, 1 + g["i"] // 12 % 28, g["i"] % 24,
                g["i"] * 7 % 60, g["i"] * 13 % 60, r.randint(0, 999999))
            style = style_mode if style_mode != "mixed" else r.choice(
                ["classic", "typed"])
            pre, doc = self.docstring(g["id"], g["down"], msg, date)
            raw = {
                "revision": self.lit(g["id"]),
                "down_revision": self.seq(
                    g["down"], ("None", "None", "None", "''", "()", "[]")),
                "branch_labels": self.seq(g["labels"], ("None",)),
                "depends_on": self.seq(g["deps"], ("None",)),
            }
            sl_ = projlib.slug(msg)
            if name_style == "slug":
                fname = "%s_%s.py" % (g["id"], sl_)
            elif name_style == "date":
                fname = "2024_%02d_%02d_%04d-%s_%s.py" % (
                    1 + g["i"] // 300 % 12, 1 + g["i"] // 12 % 28, g["i"],
                    g["id"], sl_)
            else:
                fname = "%s.py" % g["id"]
            rev = dict(id=g["id"], down=tuple(g["down"]) or None,
                       message=msg, date=date, style=style, raw_header=raw,
                       pre_doc=pre, docstring=doc or "", file=fname,
                       dir=r.choice(dirs))
            r.random()      # the old 30% body choice: keeps the stream
            rev["upgrade"], rev["downgrade"] = self.bodies(g["id"])
            revs.append(rev)
        extra = {}
        if r.random() < 0.2:
            extra["%s/versions/__init__.py" % sl] = ""
        if r.random() < 0.2:
            extra["%s/versions/notes.txt" % sl] = "not a revision\n"
        if r.random() < 0.1:
            extra["%s/versions/.#lock.py" % sl] = "garbage that is not read\n"
        projlib.write_project(
            outdir, revs, ini=projlib.ini_text(**ini_kw), script_location=sl,
            typed_mako=(style_mode == "typed"), extra_files=extra)
        return dict(seed=self.seed, n=len(revs), shape=shape,
                    dirs=len(dirs))


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: gen.py SEED OUTDIR\n")
        sys.exit(2)
    info = Gen(int(sys.argv[1])).project(sys.argv[2])
    print("seed %(seed)d: %(n)d revisions, %(shape)s, %(dirs)d dir(s)" % info)


if __name__ == "__main__":
    main()

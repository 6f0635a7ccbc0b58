#!/usr/bin/python3
"""opgen.py: seeded random Alembic projects whose revisions are valid op
chains, written as `alembic revision --autogenerate` writes them (compat/
OPS.md).  A chain creates tables with random columns, types and
constraints, adds, drops, alters and renames columns, creates and drops
indexes and foreign keys, renames tables, runs batch blocks that SQLite can
do, and inserts rows with bulk_insert; every downgrade() undoes its
upgrade().  Valid means real Alembic 1.8.1 runs `upgrade head` and
`downgrade base` on SQLite, PostgreSQL 15 and MariaDB (online), which
`compat/ops.py alembic` checks.
    opgen.py SEED DIR     writes the project of SEED in DIR
The same seed always gives the same bytes.
"""

import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
TEMPLATE = os.path.join(TOP, "fixtures", "opcorpus", "blog")

WORDS = ["account", "asset", "batch", "city", "device", "entry", "event",
         "file", "grant", "host", "invoice", "job", "label", "member",
         "note", "offer", "page", "queue", "report", "session", "ticket",
         "vendor", "widget", "zone"]
COLWORDS = ["amount", "code", "title", "ratio", "level", "size", "kind",
            "score", "label", "region", "weight", "due", "flag", "payload",
            "summary", "rank", "origin", "state", "stamp", "hint"]
TRICKY = ["order", "group", "user", "CamelCase", "desc", "from"]
ONDELETE = [None, "CASCADE", "RESTRICT", "SET NULL"]
ENUMS = [["low", "medium", "high"], ["new", "open", "closed"],
         ["red", "green", "blue", "other"]]


class Col:
    def __init__(self, name, kind, args=None, nullable=True, default=None):
        self.name = name
        self.kind = kind        # key of TYPES
        self.args = args or {}
        self.nullable = nullable
        self.default = default  # python source of server_default or None
        self.locked = False     # PK, FK, index, unique or check member

    def type_src(self):
        return TYPES[self.kind][0](self.args)

    def col_src(self, autoincrement=None):
        s = "sa.Column(%r, %s" % (self.name, self.type_src())
        if autoincrement is not None:
            s += ", autoincrement=%s" % autoincrement
        if self.default is not None:
            s += ", server_default=%s" % self.default
        return s + ", nullable=%s)" % self.nullable


def enum_src(a):
    s = "sa.Enum(%s, name=%r" % (", ".join(repr(v) for v in a["values"]),
                                 a["name"])
    if not a["native"]:
        s += ", native_enum=False"
    return s + ")"


# kind: (type source, existing-type source (as autogenerate reflects
# it), sample value, default source, orderable/indexable)
TYPES = {
    "int": (lambda a: "sa.Integer()", lambda a: "sa.INTEGER()",
            lambda r, a: r.randint(0, 1000), "'0'", True),
    "bigint": (lambda a: "sa.BigInteger()", lambda a: "sa.BIGINT()",
               lambda r, a: r.randint(0, 10 ** 12), "'0'", True),
    "small": (lambda a: "sa.SmallInteger()", lambda a: "sa.SMALLINT()",
              lambda r, a: r.randint(0, 100), "'1'", True),
    "str": (lambda a: "sa.String(length=%d)" % a["len"],
            lambda a: "sa.VARCHAR(length=%d)" % a["len"],
            lambda r, a: r.choice(["alpha", "it's", "x y", "100%", ""]),
            "'n/a'", True),
    "text": (lambda a: "sa.Text()", lambda a: "sa.TEXT()",
             lambda r, a: r.choice(["some text", "line 'q'"]), None, False),
    "bool": (lambda a: "sa.Boolean()", lambda a: "sa.BOOLEAN()",
             lambda r, a: r.choice([True, False]), "sa.text('false')",
             True),
    "num": (lambda a: "sa.Numeric(precision=%d, scale=%d)" % (
        a["p"], a["s"]),
        lambda a: "sa.NUMERIC(precision=%d, scale=%d)" % (a["p"], a["s"]),
        lambda r, a: r.choice([0, 1, 12, 3.5]), "'0'", True),
    "float": (lambda a: "sa.Float()", lambda a: "sa.FLOAT()",
              lambda r, a: r.choice([0.5, 2.0, 10]), None, True),
    "dt": (lambda a: "sa.DateTime(timezone=%s)" % a["tz"],
           lambda a: "sa.DateTime(timezone=%s)" % a["tz"],
           None, "sa.text('CURRENT_TIMESTAMP')", True),
    "date": (lambda a: "sa.Date()", lambda a: "sa.DATE()", None, None,
             True),
    "json": (lambda a: "sa.JSON()", lambda a: "sa.JSON()", None, None,
             False),
    "enum": (enum_src, enum_src, lambda r, a: r.choice(a["values"]),
             None, True),
}


class Table:
    def __init__(self, name):
        self.name = name
        self.cols = []
        self.pk = []
        self.rows = 0           # rows inserted so far
        self.next_id = 1
        self.referenced = 0     # FKs pointing here
        self.fk_cols = []       # (col, table) of this table's FKs

    def col(self, name):
        for c in self.cols:
            if c.name == name:
                return c
        return None


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.tables = {}
        self.names = set()
        self.enum_n = 0
        self.native_enums = []

    # ---- names -----------------------------------------------------
    def fresh(self, base):
        base = base[:50].lower()
        n = base
        i = 2
        while n in self.names:
            n = "%s_%d" % (base, i)
            i += 1
        self.names.add(n)
        return n

    def col_name(self, t):
        r = self.r
        if r.random() < 0.12:
            base = r.choice(TRICKY)
        else:
            base = r.choice(COLWORDS)
        n, i = base, 2
        while t.col(n) or n in ("id",):
            n = "%s_%d" % (base, i)
            i += 1
        return n

    def rand_col(self, t, kind=None, simple=False):
        r = self.r
        kinds = ["int", "bigint", "small", "str", "str", "text", "bool",
                 "num", "float", "dt", "date", "json", "enum"]
        if simple:
            kinds = ["int", "str", "bool", "num", "small"]
        kind = kind or r.choice(kinds)
        args = {}
        if kind == "str":
            args["len"] = r.choice([10, 20, 50, 100, 255])
        elif kind == "num":
            args["p"] = r.choice([8, 10, 12])
            args["s"] = r.choice([0, 2, 4])
        elif kind == "dt":
            args["tz"] = r.choice([True, False])
        elif kind == "enum":
            self.enum_n += 1
            args["values"] = r.choice(ENUMS)
            args["name"] = self.fresh("enum_%d" % self.enum_n)
            args["native"] = r.random() < 0.5
        c = Col(self.col_name(t), kind, args)
        default = TYPES[kind][3]
        if default and r.random() < 0.4:
            c.default = default
        if kind in ("dt", "date", "json", "text", "float"):
            c.nullable = True
        else:
            c.nullable = c.default is not None and r.random() < 0.5 or \
                r.random() < 0.6
            if not c.nullable and c.default is None and t.rows:
                c.nullable = True
        return c

    # ---- operations: each returns (upgrade lines, downgrade lines) ----
    def op_create_table(self):
        r = self.r
        t = Table(self.fresh("t_" + r.choice(WORDS)))
        up, down = [], []
        composite = r.random() < 0.15 and self.tables
        id_col = Col("id", r.choice(["int", "int", "bigint"]),
                     nullable=False)
        id_col.locked = True
        t.cols.append(id_col)
        t.pk = ["id"]
        for _ in range(r.randint(1, 5)):
            c = self.rand_col(t)
            t.cols.append(c)
        # a foreign key to an existing table's id
        fks = []
        single = sorted(n for n in self.tables
                        if self.tables[n].pk == ["id"])
        if single and r.random() < 0.6:
            ref = self.tables[r.choice(single)]
            refid = ref.col("id")
            c = Col(self.col_name(t) + "_id", refid.kind)
            ondel = r.choice(ONDELETE)
            c.nullable = True
            if ondel != "SET NULL" and r.random() < 0.5:
                c.nullable = False
            c.locked = True
            if composite:
                c.nullable = False
                ondel = r.choice([None, "CASCADE"])
                t.pk = ["id", c.name]
            t.cols.append(c)
            fks.append((c, ref, ondel))
            ref.referenced += 1
            t.fk_cols.append((c.name, ref.name))
        lines = ["op.create_table(%r," % t.name]
        for c in t.cols:
            auto = None
            if c.name == "id" and len(t.pk) > 1:
                auto = False
            lines.append(c.col_src(auto) + ",")
        for c, ref, ondel in fks:
            s = "sa.ForeignKeyConstraint([%r], [%r], name=op.f(%r)" % (
                c.name, "%s.id" % ref.name,
                self.fresh("fk_%s_%s_%s" % (t.name, c.name, ref.name)))
            if ondel:
                s += ", ondelete=%r" % ondel
            lines.append(s + "),")
        checks = [c for c in t.cols if c.kind in ("int", "small") and
                  not c.locked and c.name not in TRICKY]
        if checks and r.random() < 0.4:
            c = r.choice(checks)
            c.locked = True
            lines.append("sa.CheckConstraint(%r, name=op.f(%r))," % (
                "%s >= 0" % c.name, self.fresh("ck_%s_%s_nonneg" % (t.name, c.name))))
        lines.append("sa.PrimaryKeyConstraint(%s, name=op.f(%r))%s" % (
            ", ".join(repr(p) for p in t.pk), "pk_" + t.name, ""))
        uniq = [c for c in t.cols if c.kind in ("str", "int") and
                not c.locked]
        if uniq and r.random() < 0.4:
            c = r.choice(uniq)
            c.locked = True
            lines[-1] += ","
            lines.append("sa.UniqueConstraint(%r, name=op.f(%r))" % (
                c.name, self.fresh("uq_%s_%s" % (t.name, c.name))))
        lines.append(")")
        up.extend(lines)
        down.append("op.drop_table(%r)" % t.name)
        enums = [c for c in t.cols if c.kind == "enum" and
                 c.args["native"]]
        if enums:
            down.append('if op.get_context().dialect.name == '
                        '"postgresql":')
            for c in enums:
                down.append('    op.execute("DROP TYPE %s")' %
                            c.args["name"])
        self.tables[t.name] = t
        return up, down

    def free_cols(self, t, pred=lambda c: True):
        return [c for c in t.cols if not c.locked and pred(c)]

    def op_add_column(self, t):
        c = self.rand_col(t)
        if not c.nullable and c.default is None:
            c.nullable = True
        t.cols.append(c)
        up = ["op.add_column(%r, %s)" % (t.name, c.col_src())]
        down = ["op.drop_column(%r, %r)" % (t.name, c.name)]
        if c.kind == "enum" and c.args["native"]:
            # add_column does not create the type: the author did
            c.args["native"] = False
            up = ["op.add_column(%r, %s)" % (t.name, c.col_src())]
        return up, down

    def op_drop_column(self, t):
        cands = self.free_cols(t, lambda c: c.nullable and not (
            c.kind == "enum" and c.args["native"]))
        if not cands:
            return None
        c = self.r.choice(cands)
        t.cols.remove(c)
        return (["op.drop_column(%r, %r)" % (t.name, c.name)],
                ["op.add_column(%r, %s)" % (t.name, c.col_src())])

    def op_index(self, t):
        r = self.r
        cands = self.free_cols(t, lambda c: TYPES[c.kind][4])
        if not cands:
            return None
        cols = r.sample(cands, min(len(cands), r.choice([1, 1, 2])))
        unique = t.rows == 0 and r.random() < 0.3
        for c in cols:
            c.locked = True
        name = self.fresh("ix_%s_%s" % (t.name, "_".join(
            c.name.lower() for c in cols)))
        kw = ""
        if r.random() < 0.2:
            kw = ", postgresql_where=sa.text(%r)" % (
                "%s IS NOT NULL" % cols[0].name if cols[0].name not in
                TRICKY else '"%s" IS NOT NULL' % cols[0].name)
        up = ["op.create_index(op.f(%r), %r, [%s], unique=%s%s)" % (
            name, t.name, ", ".join(repr(c.name) for c in cols), unique,
            kw)]
        down = ["op.drop_index(op.f(%r), table_name=%r)" % (name, t.name)]
        return up, down

    def op_batch_add(self, t):
        """A batch block SQLite does without a copy: add_column, and
        create_index."""
        c = self.rand_col(t, simple=True)
        c.nullable = True
        c.default = None
        t.cols.append(c)
        ix = self.fresh("ix_%s_%s" % (t.name, c.name.lower()))
        c.locked = True
        up = ["with op.batch_alter_table(%r, schema=None) as batch_op:" %
              t.name,
              "    batch_op.add_column(%s)" % c.col_src(),
              "    batch_op.create_index(batch_op.f(%r), [%r], "
              "unique=False)" % (ix, c.name), ""]
        down = ["with op.batch_alter_table(%r, schema=None) as batch_op:" %
                t.name,
                "    batch_op.drop_index(batch_op.f(%r))" % ix,
                "    batch_op.drop_column(%r)" % c.name, ""]
        return up, down

    def existing(self, c):
        s = "existing_type=%s" % TYPES[c.kind][1](c.args)
        return s

    def op_batch_alter(self, t):
        """alter_column in a batch block (SQLite: move and copy)."""
        r = self.r
        cands = self.free_cols(t, lambda c: c.kind in (
            "int", "str", "small", "text") and c.name not in TRICKY)
        if not cands:
            return None
        c = r.choice(cands)
        ind = "               "
        up = ["with op.batch_alter_table(%r, schema=None) as batch_op:" %
              t.name, "    batch_op.alter_column(%r," % c.name]
        down = ["with op.batch_alter_table(%r, schema=None) as batch_op:" %
                t.name, "    batch_op.alter_column(%r," % c.name]
        old = Col(c.name, c.kind, dict(c.args), c.nullable, c.default)
        change = r.choice(["type", "null"]) if c.kind != "text" else "null"
        if change == "type" and c.kind in ("int", "small"):
            c.kind = "bigint"
        elif change == "type" and c.kind == "str":
            c.args = {"len": c.args["len"] + r.choice([10, 100])}
        else:
            change = "null"
        tail = []
        if c.default is not None:
            tail.append(ind + "existing_server_default=%s" % c.default)
        if change == "type":
            up += [ind + self.existing(old) + ",",
                   ind + "type_=%s," % c.type_src(),
                   ind + "existing_nullable=%s" % c.nullable +
                   ("," if tail else "")]
            down += [ind + self.existing(c) + ",",
                     ind + "type_=%s," % old.type_src(),
                     ind + "existing_nullable=%s" % c.nullable +
                     ("," if tail else "")]
        else:
            if not c.nullable:
                c.nullable = True
            elif t.rows == 0 and c.default is None:
                c.nullable = False
            else:
                return None
            up += [ind + self.existing(c) + ",",
                   ind + "nullable=%s" % c.nullable + ("," if tail else "")]
            down += [ind + self.existing(c) + ",",
                     ind + "nullable=%s" % old.nullable +
                     ("," if tail else "")]
        up += tail
        down += tail
        up[-1] += ")"
        down[-1] += ")"
        return up + [""], down + [""]

    def op_rename_column(self, t):
        cands = self.free_cols(t, lambda c: c.kind not in ("enum", "json"))
        if not cands:
            return None
        c = self.r.choice(cands)
        old = c.name
        new = self.col_name(t)
        ex = ["               %s," % self.existing(c),
              "               existing_nullable=%s" % c.nullable]
        if c.default is not None:
            ex[-1] += ","
            ex.append("               existing_server_default=%s" %
                      c.default)
        ex[-1] += ")"
        c.name = new
        return (["op.alter_column(%r, %r, new_column_name=%r," % (
            t.name, old, new)] + ex,
            ["op.alter_column(%r, %r, new_column_name=%r," % (
                t.name, new, old)] + ex)

    def op_rename_table(self, t):
        if t.referenced or t.fk_cols:
            return None
        old = t.name
        new = self.fresh(old + "_v2")
        del self.tables[old]
        t.name = new
        self.tables[new] = t
        return (["op.rename_table(%r, %r)" % (old, new)],
                ["op.rename_table(%r, %r)" % (new, old)])

    def op_add_fk(self, t):
        """A new column and its foreign key, in a batch block."""
        r = self.r
        others = sorted(n for n in self.tables if n != t.name and
                        self.tables[n].pk == ["id"])
        if not others:
            return None
        ref = self.tables[r.choice(others)]
        c = Col(self.col_name(t) + "_ref", ref.col("id").kind)
        c.locked = True
        t.cols.append(c)
        name = self.fresh("fk_%s_%s" % (t.name, c.name))
        ondel = r.choice([None, "CASCADE", "SET NULL"])
        kw = ", ondelete=%r" % ondel if ondel else ""
        ref.referenced += 1
        t.fk_cols.append((c.name, ref.name))
        up = ["with op.batch_alter_table(%r, schema=None) as batch_op:" %
              t.name,
              "    batch_op.add_column(%s)" % c.col_src(),
              "    batch_op.create_foreign_key(%r, %r, [%r], ['id']%s)" % (
                  name, ref.name, c.name, kw), ""]
        down = ["with op.batch_alter_table(%r, schema=None) as batch_op:" %
                t.name,
                "    batch_op.drop_constraint(%r, type_='foreignkey')" %
                name,
                "    batch_op.drop_column(%r)" % c.name, ""]
        return up, down

    def op_bulk_insert(self, t):
        """Rows with explicit ids; columns under a unique index, check or
        other index get values derived from the id (so always unique and
        >= 0), foreign keys stay NULL."""
        r = self.r
        if [p for p in t.pk if p != "id"]:
            return None
        fkcols = {n for n, _ in t.fk_cols}
        cols = []
        for c in t.cols:
            if c.name == "id":
                cols.append((c, "id"))
            elif c.name in fkcols:
                if not c.nullable:
                    return None
            elif c.locked:
                if c.kind in ("int", "bigint", "small", "num", "str",
                              "float"):
                    cols.append((c, "derived"))
                elif not c.nullable:
                    return None
            elif TYPES[c.kind][2] is not None:
                cols.append((c, "random"))
            elif not c.nullable and c.default is None:
                return None
        n = r.randint(1, 3)
        ids = list(range(t.next_id, t.next_id + n))
        t.next_id += n
        t.rows += n
        up = ["op.bulk_insert(sa.table(%r," % t.name]
        for c, _ in cols:
            typ = "sa.String()" if c.kind == "enum" else c.type_src()
            up.append("        sa.column(%r, %s)," % (c.name, typ))
        up.append("    ),")
        up.append("    [")
        for i in ids:
            vals = []
            for c, how in cols:
                if how == "id":
                    v = i
                elif how == "derived":
                    v = "v%d" % i if c.kind == "str" else i
                elif c.nullable and r.random() < 0.2:
                    v = None
                else:
                    v = TYPES[c.kind][2](r, c.args)
                vals.append("%r: %r" % (c.name, v))
            up.append("        {%s}," % ", ".join(vals))
        up.append("    ]")
        up.append(")")
        down = ['op.execute("DELETE FROM %s WHERE id IN (%s)")' % (
            t.name, ", ".join(str(i) for i in ids))]
        return up, down

    # ---- one revision -----------------------------------------------
    def revision(self, first):
        r = self.r
        ups, downs = [], []
        n = 1 if first else r.randint(1, 3)
        tries = 0
        while len(ups) < n and tries < 30:
            tries += 1
            if first or not self.tables or r.random() < 0.2:
                res = self.op_create_table()
            else:
                t = self.tables[r.choice(sorted(self.tables))]
                kind = r.choice(["add_column", "add_column", "drop_column",
                                 "index", "index", "batch_add",
                                 "batch_alter", "batch_alter",
                                 "rename_column", "rename_table", "add_fk",
                                 "bulk_insert", "bulk_insert"])
                res = getattr(self, "op_" + kind)(t)
            if res:
                ups.append(res[0])
                downs.append(res[1])
        return ups, downs


def body(blocks):
    out = []
    for b in blocks:
        for line in b:
            out.append(("    " + line) if line else "")
    while out and out[-1] == "":
        out.pop()
    return out


def rev_text(rev, down, msg, date, ups, downs):
    head = ['"""%s' % msg, "", "Revision ID: %s" % rev,
            "Revises: %s" % (down or ""), "Create Date: %s" % date, "",
            '"""', "from alembic import op", "import sqlalchemy as sa"]
    head += ["", "", "# revision identifiers, used by Alembic.",
             "revision = %r" % rev,
             "down_revision = %s" % (repr(down) if down else "None"),
             "branch_labels = None", "depends_on = None", "", ""]
    mark = "    # ### commands auto generated by Alembic - please adjust! ###"
    end = "    # ### end Alembic commands ###"
    lines = head + ["def upgrade() -> None:", mark] + body(ups) + [end, "",
                                                                    ""]
    lines += ["def downgrade() -> None:", mark] + body(
        list(reversed(downs))) + [end, ""]
    return "\n".join(lines)


def write_project(seed, d):
    """The project of seed in directory d (created; replaced if there)."""
    g = Gen(seed)
    r = g.r
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "migrations", "versions"))
    for f in ("alembic.ini", os.path.join("migrations", "env.py"),
              os.path.join("migrations", "script.py.mako")):
        shutil.copy(os.path.join(TEMPLATE, f), os.path.join(d, f))
    down = None
    nrev = r.randint(5, 10)
    for i in range(nrev):
        rev = "%012x" % r.getrandbits(48)
        ups, downs = g.revision(i == 0)
        msg = "step %d of seed %d" % (i + 1, seed)
        date = "2024-%02d-%02d %02d:%02d:%02d.%06d" % (
            1 + i % 12, 1 + i, r.randint(0, 23), r.randint(0, 59),
            r.randint(0, 59), r.randint(0, 999999))
        text = rev_text(rev, down, msg, date, ups, downs)
        path = os.path.join(d, "migrations", "versions",
                            "%s_step_%d.py" % (rev, i + 1))
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        down = rev
    return d


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: opgen.py SEED DIR\n")
        return 2
    write_project(int(sys.argv[1]), sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())

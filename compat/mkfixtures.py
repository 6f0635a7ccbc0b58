#!/usr/bin/python3
"""mkfixtures.py: writes the hand-designed example projects of fixtures/
(demo, dag_b, dag_c, dag_d, dag_e, branchy, autogen, syntax_error) from the
descriptions below.
The checked-in files are this script's output; edit here and re-run:
    /usr/bin/python3 compat/mkfixtures.py [FIXTURES_DIR]
"""

import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import projlib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def date(i, base="2024-01-01"):
    return "%s %02d:%02d:%02d.%06d" % (base, 9 + i // 60, i % 60, (i * 7) % 60,
                                       (i * 104729) % 1000000)


def plain_dag(spec, style="classic", url="sqlite:///app.db"):
    """spec: list of (id, down, labels, deps, message)."""
    revs = []
    for i, (rid, down, labels, deps, msg) in enumerate(spec):
        revs.append(dict(id=rid, down=down, labels=labels, deps=deps,
                         message=msg, date=date(i), style=style))
    return revs


# Spec rule 6.12: two branches, cross-branch dependency, merge, label.
DAG_B = [
    ("r1base", None, None, None, "initial"),
    ("r2main", "r1base", None, None, "second"),
    ("f1feat", "r2main", ("feat",), None, "feature one"),
    ("f2feat", "f1feat", None, None, "feature two"),
    ("m1main", "r2main", None, None, "main one"),
    ("m2main", "m1main", None, "f1feat", "main two needs feature one"),
    ("mg0001", ("f2feat", "m2main"), None, None, "merge feature and main"),
    ("top001", "mg0001", None, None, "top"),
]

# Spec rule 6.13: two roots, dependencies across roots, two labels, an
# effective head.
DAG_C = [
    ("aaaa0001", None, ("alpha",), None, "alpha root"),
    ("aaaa0002", "aaaa0001", None, None, "alpha two"),
    ("bbbb0001", None, ("beta",), "aaaa0001", "beta root needs alpha root"),
    ("bbbb0002", "bbbb0001", None, None, "beta two"),
    ("aaaa0003", "aaaa0002", None, "bbbb0002", "alpha three needs beta two"),
]

# Spec rule 6.14: a label on one of three branches, two successive merges.
DAG_D = [
    ("a0a0", None, None, None, "root"),
    ("a1a1", "a0a0", None, None, "trunk"),
    ("b1b1", "a1a1", ("bugfix",), None, "bugfix one"),
    ("b2b2", "b1b1", None, None, "bugfix two"),
    ("c1c1", "a1a1", None, None, "feature one"),
    ("c2c2", "c1c1", None, None, "feature two"),
    ("m1m1", ("b2b2", "c2c2"), None, None, "merge bugfix and feature"),
    ("d1d1", "a1a1", None, None, "third line"),
    ("m2m2", ("m1m1", "d1d1"), None, None, "merge all"),
]

# Issue 17 (spec rules 4.4, 7.7, 7.8): a merge whose depends_on is an
# ancestor of both merged parents.  Upgrading through the merge crashes
# (KeyError) in every Alembic; downgrading through it restores the
# dependency as a row in 1.8.1, not in 1.13.1+ (retort).
DAG_E = [
    ("7eb32f55f6dc", None, None, None, "root"),
    ("1c96b4274a3c", "7eb32f55f6dc", None, None, "trunk"),
    ("c0bda9456561", "1c96b4274a3c", None, None, "branch one"),
    ("e90f3c731247", "1c96b4274a3c", None, None, "branch two"),
    ("3e70dd1e6ba6", ("c0bda9456561", "e90f3c731247"), None,
     "7eb32f55f6dc", "merge needing the root"),
    ("de51a0c2b7e9", "3e70dd1e6ba6", None, None, "after the merge"),
]


def demo():
    """The SQLite demo of the README: op.execute with literal SQL only."""
    R = [
        ("1975ea83b712", None, "create account table",
         ['op.execute(',
          '    "CREATE TABLE account ("',
          '    "id INTEGER PRIMARY KEY, "',
          '    "name VARCHAR(50) NOT NULL, "',
          '    "created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"',
          ')'],
         ['op.execute("DROP TABLE account")']),
        ("ae1027a6acf6", "1975ea83b712", "add email column to account",
         ['op.execute("ALTER TABLE account ADD COLUMN email VARCHAR(100)")'],
         ['op.execute("ALTER TABLE account DROP COLUMN email")']),
        ("27c6a30d7c24", "ae1027a6acf6", "index account email",
         ['op.execute("CREATE UNIQUE INDEX ix_account_email '
          'ON account (email)")'],
         ['op.execute("DROP INDEX ix_account_email")']),
        ("3b9e2f0c5d71", "27c6a30d7c24", "insert the admin account",
         ['op.execute(',
          '    "INSERT INTO account (name, email) "',
          '    "VALUES (\'admin\', \'admin@example.com\')"',
          ')'],
         ['op.execute("DELETE FROM account WHERE name = \'admin\'")']),
    ]
    revs = []
    for i, (rid, down, msg, up, dn) in enumerate(R):
        revs.append(dict(id=rid, down=down, message=msg,
                         date=date(i * 13, "2024-05-02"), style="typed",
                         upgrade=up, downgrade=dn))
    return revs


def syntax_error():
    """A body with a syntax error (a missing ':', no lexical error) that
    Python finds when Alembic imports the file: every command that loads
    the revisions fails with exit 1 in both tools."""
    R = [
        ("5e7a1b2c3d4e", None, "create things",
         ['op.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")']),
        ("6f8b2c3d4e5f", "5e7a1b2c3d4e", "index things",
         ['if op.get_context().as_sql',
          '    op.execute("CREATE INDEX ix_things ON things (id)")']),
        ("7a9c3d4e5f60", "6f8b2c3d4e5f", "drop things",
         ['op.execute("DROP TABLE things")']),
    ]
    revs = []
    for i, (rid, down, msg, up) in enumerate(R):
        revs.append(dict(id=rid, down=down, message=msg,
                         date=date(i * 5, "2024-06-01"), style="typed",
                         upgrade=up))
    return revs


def branchy():
    """Three version locations, branch labels, depends_on by label,
    typed headers (1.11.2+ template), a merge and a shared id prefix."""
    core = "migrations/versions"
    bill = "billing/versions"
    audit = "audit/versions"
    R = [
        (core, "c91e0b7d3a10", None, ("core",), None, "create users table"),
        (core, "ae1f3b2c9d01", "c91e0b7d3a10", None, None,
         "add email to users"),
        (bill, "5b1d2c3e4f50", None, ("billing",), "core",
         "create invoices table"),
        (bill, "ae1f77e0c4b2", "5b1d2c3e4f50", None, None,
         "add invoice lines"),
        (core, "0d2e4f6a8b1c", "ae1f3b2c9d01", None, ("billing",),
         "add orders table referencing invoices"),
        (audit, "f00dbabe1234", "ae1f3b2c9d01", ("audit",), None,
         "create audit log"),
        (audit, "f00d1e55cafe", "f00dbabe1234", None, ["core", "billing"],
         "audit trigger on users and invoices"),
        (core, "9a8b7c6d5e4f", ("0d2e4f6a8b1c", "f00d1e55cafe"), None, None,
         "merge orders and audit"),
        (core, "77aa88bb99cc", "9a8b7c6d5e4f", None, None,
         "add status to orders"),
    ]
    revs = []
    for i, (d, rid, down, labels, deps, msg) in enumerate(R):
        revs.append(dict(dir=d, id=rid, down=down, labels=labels, deps=deps,
                         message=msg, date=date(i * 11, "2024-02-10"),
                         style="typed"))
    ini = projlib.ini_text(
        url="sqlite:///branchy.db",
        version_locations="%(here)s/migrations/versions:"
        "%(here)s/billing/versions:%(here)s/audit/versions",
        separator="os")
    return revs, ini


AG_HEAD = "# ### commands auto generated by Alembic - please adjust! ###"
AG_END = "# ### end Alembic commands ###"


def autogen():
    """Revision files exactly as `alembic revision --autogenerate` writes
    them (1.8.1 template)."""
    R = [
        ("4c437e9a520d", None, "create user and role tables",
         [AG_HEAD,
          "op.create_table('role',",
          "sa.Column('id', sa.Integer(), nullable=False),",
          "sa.Column('name', sa.String(length=64), nullable=False),",
          "sa.Column('description', sa.Text(), nullable=True),",
          "sa.PrimaryKeyConstraint('id'),",
          "sa.UniqueConstraint('name')",
          ")",
          "op.create_table('user',",
          "sa.Column('id', sa.Integer(), nullable=False),",
          "sa.Column('username', sa.String(length=80), nullable=False),",
          "sa.Column('email', sa.String(length=120), nullable=False),",
          "sa.Column('role_id', sa.Integer(), nullable=True),",
          "sa.Column('created_at', sa.DateTime(), "
          "server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),",
          "sa.ForeignKeyConstraint(['role_id'], ['role.id'], ),",
          "sa.PrimaryKeyConstraint('id')",
          ")",
          "op.create_index(op.f('ix_user_email'), 'user', ['email'], "
          "unique=True)",
          "op.create_index(op.f('ix_user_username'), 'user', ['username'], "
          "unique=True)",
          AG_END],
         [AG_HEAD,
          "op.drop_index(op.f('ix_user_username'), table_name='user')",
          "op.drop_index(op.f('ix_user_email'), table_name='user')",
          "op.drop_table('user')",
          "op.drop_table('role')",
          AG_END]),
        ("8e2b1f4a6c3d", "4c437e9a520d", "add post table",
         [AG_HEAD,
          "op.create_table('post',",
          "sa.Column('id', sa.Integer(), nullable=False),",
          "sa.Column('title', sa.String(length=200), nullable=False),",
          "sa.Column('body', sa.Text(), nullable=True),",
          "sa.Column('author_id', sa.Integer(), nullable=False),",
          "sa.Column('published', sa.Boolean(), nullable=False),",
          "sa.ForeignKeyConstraint(['author_id'], ['user.id'], "
          "ondelete='CASCADE'),",
          "sa.PrimaryKeyConstraint('id')",
          ")",
          "op.create_index('ix_post_author_published', 'post', "
          "['author_id', 'published'], unique=False)",
          AG_END],
         [AG_HEAD,
          "op.drop_index('ix_post_author_published', table_name='post')",
          "op.drop_table('post')",
          AG_END]),
        ("b5d0c2e7f914", "8e2b1f4a6c3d", "add last_login to user",
         [AG_HEAD,
          "with op.batch_alter_table('user', schema=None) as batch_op:",
          "    batch_op.add_column(sa.Column('last_login', sa.DateTime(), "
          "nullable=True))",
          "    batch_op.alter_column('email',",
          "           existing_type=sa.VARCHAR(length=120),",
          "           type_=sa.String(length=254),",
          "           existing_nullable=False)",
          "",
          AG_END],
         [AG_HEAD,
          "with op.batch_alter_table('user', schema=None) as batch_op:",
          "    batch_op.alter_column('email',",
          "           existing_type=sa.String(length=254),",
          "           type_=sa.VARCHAR(length=120),",
          "           existing_nullable=False)",
          "    batch_op.drop_column('last_login')",
          "",
          AG_END]),
        ("d3f1a9b8c7e6", "b5d0c2e7f914", "add tag and post_tag tables",
         [AG_HEAD,
          "op.create_table('tag',",
          "sa.Column('id', sa.Integer(), nullable=False),",
          "sa.Column('name', sa.String(length=50), nullable=False),",
          "sa.PrimaryKeyConstraint('id'),",
          "sa.UniqueConstraint('name', name='uq_tag_name')",
          ")",
          "op.create_table('post_tag',",
          "sa.Column('post_id', sa.Integer(), nullable=False),",
          "sa.Column('tag_id', sa.Integer(), nullable=False),",
          "sa.ForeignKeyConstraint(['post_id'], ['post.id'], ),",
          "sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], ),",
          "sa.PrimaryKeyConstraint('post_id', 'tag_id')",
          ")",
          AG_END],
         [AG_HEAD,
          "op.drop_table('post_tag')",
          "op.drop_table('tag')",
          AG_END]),
        ("e4a2b6c8d0f1", "b5d0c2e7f914", "add comment table",
         [AG_HEAD,
          "op.create_table('comment',",
          "sa.Column('id', sa.Integer(), nullable=False),",
          "sa.Column('post_id', sa.Integer(), nullable=False),",
          "sa.Column('body', sa.Text(), nullable=False),",
          "sa.Column('score', sa.Numeric(precision=10, scale=2), "
          "nullable=True),",
          "sa.CheckConstraint('score >= 0', name='ck_comment_score'),",
          "sa.ForeignKeyConstraint(['post_id'], ['post.id'], ),",
          "sa.PrimaryKeyConstraint('id')",
          ")",
          "op.create_index(op.f('ix_comment_post_id'), 'comment', "
          "['post_id'], unique=False)",
          AG_END],
         [AG_HEAD,
          "op.drop_index(op.f('ix_comment_post_id'), table_name='comment')",
          "op.drop_table('comment')",
          AG_END]),
        ("f7c3d5e1a2b4", ("d3f1a9b8c7e6", "e4a2b6c8d0f1"), "merge heads",
         [], []),
        ("0a1b2c3d4e5f", "f7c3d5e1a2b4", "drop role description",
         [AG_HEAD,
          "with op.batch_alter_table('role', schema=None) as batch_op:",
          "    batch_op.drop_column('description')",
          "",
          AG_END],
         [AG_HEAD,
          "with op.batch_alter_table('role', schema=None) as batch_op:",
          "    batch_op.add_column(sa.Column('description', sa.TEXT(), "
          "nullable=True))",
          "",
          AG_END]),
    ]
    revs = []
    for i, (rid, down, msg, up, dn) in enumerate(R):
        revs.append(dict(id=rid, down=down, message=msg,
                         date=date(i * 17, "2023-11-20"),
                         upgrade=up, downgrade=dn))
    return revs


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        HERE, "..", "fixtures")
    todo = {
        "demo": dict(revs=demo(), typed_mako=True,
                     ini=projlib.ini_text(url="sqlite:///demo.db"),
                     extra_files={".gitignore": "demo.db\n"}),
        "dag_b": dict(revs=plain_dag(DAG_B)),
        "dag_c": dict(revs=plain_dag(DAG_C)),
        "dag_d": dict(revs=plain_dag(DAG_D)),
        "dag_e": dict(revs=plain_dag(DAG_E)),
        "autogen": dict(revs=autogen(),
                        ini=projlib.ini_text(url="sqlite:///autogen.db")),
        "syntax_error": dict(revs=syntax_error(), typed_mako=True),
    }
    brevs, bini = branchy()
    todo["branchy"] = dict(revs=brevs, ini=bini, typed_mako=True)
    for name, kw in todo.items():
        root = os.path.join(out, name)
        # remove only what this script writes (others may add files,
        # e.g. fixtures/demo/run.sh)
        for sub in ("migrations", "billing", "audit"):
            if os.path.isdir(os.path.join(root, sub)):
                shutil.rmtree(os.path.join(root, sub))
        projlib.write_project(root, **kw)
    print("wrote", ", ".join(sorted(todo)), "under", os.path.abspath(out))


if __name__ == "__main__":
    main()

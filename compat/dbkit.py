"""dbkit.py: the scratch databases of the side-by-side checks, one
namespace each: a SQLite file, a PostgreSQL schema (chosen with the URL's
`options=-csearch_path=`), a whole PostgreSQL database, or a MariaDB
database, on the servers of RETORT_TEST_PG_URL / RETORT_TEST_MYSQL_URL
(tests/db/start.sh).

Every class has `kind`, `name` (for messages; the kind unless given),
`url` (the SQLAlchemy URL retort and Alembic are given), `where` (the
namespace in words), `setup()` (fresh and empty), `teardown()`,
`connect()` (a DB-API connection), `query(sql, params=None)` (rows as
tuples; raises the driver's error, whose base class is `error`),
`tables()` (sorted names), `per_table(fmt, tables)`, `table_rows(tables)`
and `version_rows()`.  What a check compares (its snapshot and its
normalisations) stays in the check, built on these.

It lives in compat/, with compare.py, because most of its users are the
compat suite (walk.py, ops.py); tests/interp/check.py and
tests/runner/check.py put the repository's compat/ folder on sys.path.
"""

import os
import urllib.parse

NO_SERVERS = ("RETORT_TEST_PG_URL and RETORT_TEST_MYSQL_URL must be set "
              "(source /tmp/retort-db/env after tests/db/start.sh)")


def servers(fail):
    """(RETORT_TEST_PG_URL, RETORT_TEST_MYSQL_URL); None, after
    fail(NO_SERVERS), when either is unset."""
    pg = os.environ.get("RETORT_TEST_PG_URL")
    my = os.environ.get("RETORT_TEST_MYSQL_URL")
    if not pg or not my:
        fail(NO_SERVERS)
        return None
    return pg, my


def libpq_url(url):
    """url without a SQLAlchemy "+driver" in its scheme, for psycopg2."""
    u = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((u.scheme.split("+")[0],) + tuple(u[1:]))


class _Db:
    def __init__(self, kind, name, where, url):
        self.kind = kind
        self.name = name or kind
        self.where = where
        self.url = url

    def query(self, sql, params=None):
        c = self.connect()
        try:
            cur = c.cursor()
            if params is None:
                cur.execute(sql)
            else:
                cur.execute(sql, params)
            return [tuple(r) for r in cur.fetchall()]
        finally:
            c.close()

    def per_table(self, fmt, tables):
        """{table: the rows (as the driver returns them) of fmt % (the
        quoted table)} for each of tables, on one connection."""
        c = self.connect()
        try:
            cur = c.cursor()
            out = {}
            for t in tables:
                cur.execute(fmt % self.quote(t))
                out[t] = cur.fetchall()
            return out
        finally:
            c.close()

    def table_rows(self, tables):
        """{table: its rows} for each of tables."""
        return self.per_table("SELECT * FROM %s", tables)

    def setup(self):
        self.teardown()
        self._admin(self._create)

    def teardown(self):
        self._admin(self._drop)

    def _info_tables(self, ns):
        """Tables and views of schema (MariaDB: database) ns, sorted."""
        return sorted(r[0] for r in self.query(
            "SELECT table_name FROM information_schema.tables WHERE "
            "table_schema = %s", (ns,)))

    def version_rows(self):
        """The sorted version_num values; None when they cannot be read
        (no alembic_version table)."""
        try:
            rows = self.query("SELECT version_num FROM alembic_version")
        except self.error:
            return None
        return sorted(r[0] for r in rows)


class SQLite(_Db):
    """The file path (setup() and teardown() remove it)."""

    def __init__(self, path, name=None):
        _Db.__init__(self, "sqlite", name, path, "sqlite:///" + path)
        self.path = path

    @property
    def error(self):
        import sqlite3
        return sqlite3.Error

    def setup(self):
        self.teardown()

    def teardown(self):
        if os.path.exists(self.path):
            os.unlink(self.path)

    def connect(self):
        import sqlite3
        return sqlite3.connect(self.path)

    @staticmethod
    def quote(name):
        return '"%s"' % name

    def master(self):
        """The rows (type, name, tbl_name, sql) of sqlite_master."""
        return self.query("SELECT type, name, tbl_name, sql FROM "
                          "sqlite_master ORDER BY type, name")

    def tables(self):
        return sorted(r[0] for r in self.query(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))


class _Postgres(_Db):
    @property
    def error(self):
        import psycopg2
        return psycopg2.Error

    @staticmethod
    def quote(name):
        return '"%s"' % name

    def _admin(self, sql):
        import psycopg2
        c = psycopg2.connect(libpq_url(self.base))
        c.autocommit = True
        try:
            c.cursor().execute(sql)
        finally:
            c.close()

    def connect(self):
        import psycopg2
        return psycopg2.connect(libpq_url(self.base), **self._connect_args)


class PgSchema(_Postgres):
    """Schema schema_name of the database of base; url's scheme is base's,
    plus "+driver" when given (e.g. "psycopg2")."""

    def __init__(self, base, schema_name, driver=None, name=None):
        u = urllib.parse.urlsplit(base)
        q = urllib.parse.parse_qsl(u.query)
        q.append(("options", "-csearch_path=" + schema_name))
        scheme = u.scheme + "+" + driver if driver else u.scheme
        _Db.__init__(self, "postgresql", name, "schema " + schema_name,
                     urllib.parse.urlunsplit(
                         (scheme, u.netloc, u.path, urllib.parse.urlencode(
                             q, quote_via=urllib.parse.quote), "")))
        self.base = base
        self.schema_name = schema_name
        self._connect_args = {"options": "-csearch_path=" + schema_name}
        self._create = "CREATE SCHEMA %s" % schema_name
        self._drop = "DROP SCHEMA IF EXISTS %s CASCADE" % schema_name

    def tables(self):
        """Tables and views."""
        return self._info_tables(self.schema_name)


class PgDatabase(_Postgres):
    """Database `db` on the server of base (its tables in "public")."""

    def __init__(self, base, db, name=None):
        u = urllib.parse.urlsplit(base)
        _Db.__init__(self, "postgresql", name, "database " + db,
                     urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + db,
                                              u.query, "")))
        self.base = base
        self.db = db
        self._connect_args = {"dbname": db}
        self._create = 'CREATE DATABASE "%s"' % db
        self._drop = 'DROP DATABASE IF EXISTS "%s"' % db

    def teardown(self):
        """Drop the database; retried while a server process (autovacuum)
        is still connected to it (WITH (FORCE) would need the right to
        signal that process)."""
        import psycopg2
        import time
        for i in range(40):
            try:
                self._admin(self._drop)
                return
            except psycopg2.errors.ObjectInUse:
                if i == 39:
                    raise
                time.sleep(0.25)

    def tables(self):
        """Tables (not views) of schema public."""
        return [r[0] for r in self.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "ORDER BY tablename")]


class MariaDB(_Db):
    """Database `db` on the server of base; url's scheme is scheme."""

    def __init__(self, base, db, scheme="mysql+pymysql", name=None):
        u = urllib.parse.urlsplit(base)
        _Db.__init__(self, "mariadb", name, "database " + db,
                     urllib.parse.urlunsplit((scheme, u.netloc, "/" + db,
                                              u.query, "")))
        self.db = db
        self.user = urllib.parse.unquote(u.username or "")
        self.pw = urllib.parse.unquote(u.password or "")
        self.host = u.hostname
        self.port = u.port or 3306
        self._create = "CREATE DATABASE `%s`" % db
        self._drop = "DROP DATABASE IF EXISTS `%s`" % db

    @property
    def error(self):
        import pymysql
        return pymysql.Error

    @staticmethod
    def quote(name):
        return "`%s`" % name

    def _conn(self, db):
        import pymysql
        return pymysql.connect(host=self.host, port=self.port,
                               user=self.user, password=self.pw,
                               database=db, autocommit=True)

    def connect(self):
        return self._conn(self.db)

    def _admin(self, sql):
        c = self._conn(None)
        try:
            c.cursor().execute(sql)
        finally:
            c.close()

    def tables(self):
        """Tables and views."""
        return self._info_tables(self.db)

    def create_tables(self, tables):
        """[(table, SHOW CREATE TABLE's text)] for each of tables."""
        r = self.per_table("SHOW CREATE TABLE %s", tables)
        return [(t, r[t][0][1]) for t in tables]

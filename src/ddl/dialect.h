/*
 * dialect.h: the SQL dialects retort renders for (spec rules 7.4, 8.1,
 * 8.2): Alembic's impl name and what its impl does differently
 * (transactional DDL, batch mode), identifier quoting as SQLAlchemy
 * 1.4.46's IdentifierPreparer does it, and string literals.
 */
#ifndef DIALECT_H
#define DIALECT_H

#include "base/buf.h"

struct render_dialect;

/* Where SQLAlchemy's has_table() looks (the version table probe). */
enum dialect_has_table {
	DIALECT_HAS_TABLE_PRAGMA,	/* SQLite: PRAGMA table_info */
	DIALECT_HAS_TABLE_PG_CLASS,	/* PostgreSQL: pg_class */
	DIALECT_HAS_TABLE_INFO_SCHEMA,	/* MySQL: information_schema */
};

/*
 * A dialect: a const description, never allocated.  What differs
 * between databases above drivers/ is a field here, named after what it
 * selects (curl's backend capability bits), never a test of name.
 */
struct dialect {
	const char *name;	/* SQLAlchemy's name: "postgresql" */
	const char *impl;	/* Alembic's impl class: "PostgresqlImpl" */
	bool transactional_ddl;	/* Alembic's default (rule 8.2, 11.2) */
	char quote;		/* identifier quote: '"' or '`' */
	/* SQLAlchemy's literal_binds doubles '\' in string literals when it
	 * has not asked the server (always so offline). */
	bool backslash_escapes;
	/* The version-table INSERT ends with RETURNING when the table has
	 * a primary key (SQLAlchemy's implicit_returning, rule 7.10). */
	bool insert_returning;
	/* ... and under SQLAlchemy 2.0 (alembic_sa2()), unqualified:
	 * "RETURNING version_num" (SQLite). */
	bool insert_returning_sa2;
	const char *const *reserved;	/* sorted byte-wise, lower case */
	const size_t *nreserved;
	/* The server is MariaDB (SQLAlchemy's dialect._is_mariadb): set
	 * for mariadb:// and, online, for mysql:// URLs that reach a
	 * MariaDB server (dialect_mysql_on_mariadb). */
	bool is_mariadb;
	/* A connection that reports a MariaDB server turns the dialect into
	 * this one (mysql://: dialect_mysql_on_mariadb; NULL: it stays). */
	const struct dialect *on_mariadb;
	/* Its DDL and type compilers (render_int.h). */
	const struct render_dialect *compiler;
	/* Online, SQLAlchemy's _backslash_escapes once it has asked a
	 * server with default settings: MySQL's sql_mode lacks
	 * NO_BACKSLASH_ESCAPES; PostgreSQL's standard_conforming_strings
	 * is on. */
	bool server_backslash_escapes;
	/* Alembic's impl.requires_recreate_in_batch() can say yes
	 * (SQLiteImpl; DefaultImpl never does): a recreate="auto" batch
	 * block may move and copy, so online it is rendered when its step
	 * runs, from the table reflected then (ddl/render_batch.h). */
	bool requires_recreate_in_batch;
	/* impl.cast_for_batch_migrate() CASTs to JSON too when a column's
	 * type affinity changes in move and copy (all but SQLiteImpl). */
	bool batch_cast_json;
	/* impl.prep_table_for_batch() drops the named constraints the copy
	 * keeps from the old table first (PostgresqlImpl). */
	bool prep_table_for_batch;
	enum dialect_has_table has_table;
};

extern const struct dialect dialect_postgresql;
extern const struct dialect dialect_mysql;
extern const struct dialect dialect_mariadb;
/*
 * A mysql:// URL connected to a MariaDB server: SQLAlchemy keeps the
 * name "mysql" (dialect ifs, mysql_* keywords, "Context impl
 * MySQLImpl") but, once it has seen the server version, quotes with
 * MariaDB's reserved words and Alembic drops CHECK constraints with
 * DROP CONSTRAINT (alembic/ddl/mysql.py).
 */
extern const struct dialect dialect_mysql_on_mariadb;
extern const struct dialect dialect_sqlite;

/* reserved.c: SQLAlchemy 1.4.46's reserved words (for dialect.c). */
extern const char *const reserved_postgresql[];
extern const size_t reserved_postgresql_n;
extern const char *const reserved_sqlite[];
extern const size_t reserved_sqlite_n;
extern const char *const reserved_mysql[];
extern const size_t reserved_mysql_n;
extern const char *const reserved_mariadb[];
extern const size_t reserved_mariadb_n;

/* The dialect named name ("postgresql", "mysql", "mariadb", "sqlite"),
 * or NULL. */
const struct dialect *dialect_by_name(const char *name);

/*
 * The dialect of a SQLAlchemy URL scheme ("postgresql+psycopg2",
 * "mariadb", "sqlite+pysqlite", ...): the part before '+' picks it; the
 * DBAPI part is not checked here (drivers/driver.c's driver_dialect()
 * knows which exist).  Errors: RT_ENOTIMPL "database dialect 'mssql' is
 * not supported by retort" for SQLAlchemy's other dialects (mssql,
 * oracle, firebird, sybase); RT_ECONFIG "Can't load plugin:
 * sqlalchemy.dialects:NAME" (SQLAlchemy's text, '+' shown as '.') for
 * anything else, including `postgres`, which SQLAlchemy 1.4 rejects.
 */
int dialect_for_scheme(const struct dialect **out, const char *scheme,
		       struct rt_err *err);

/* Whether the lower-case word is reserved in d (bisection). */
bool dialect_is_reserved(const struct dialect *d, const char *word);

/*
 * Whether SQLAlchemy quotes name (spec rule 7.4): its lower-cased form
 * is reserved, it starts with a digit or '$', it has a character outside
 * [A-Za-z0-9_$], or it is not all lower case.  Like Python's
 * re.match("^[A-Z0-9_$]+$"), a single trailing '\n' passes the character
 * test.  An empty name is quoted.
 */
bool dialect_needs_quote(const struct dialect *d, const char *name);

/* Append name to out, quoted when dialect_needs_quote() says so, with the
 * quote character doubled inside. */
void dialect_ident(struct rt_buf *out, const struct dialect *d,
		   const char *name);

/*
 * Append s as a string literal the way SQLAlchemy's literal_binds
 * renders a String: in single quotes with ' doubled; '\' doubled too
 * when d is PostgreSQL or MySQL/MariaDB and escapes says the server
 * treats backslashes as escapes.  SQLAlchemy assumes so whenever it has
 * not asked the server, hence always offline: pass true there.  Online
 * it is PostgreSQL's standard_conforming_strings = off, or MySQL without
 * NO_BACKSLASH_ESCAPES in sql_mode.  '%' is not doubled (paramstyle
 * "named", as the default env.py asks offline).
 */
void dialect_literal(struct rt_buf *out, const struct dialect *d,
		     const char *s, bool escapes);

#endif

/*
 * dialect.c: the dialect table, scheme lookup, and SQLAlchemy 1.4.46's
 * identifier quoting (sql/compiler.py IdentifierPreparer) and literals.
 */
#include "dialect.h"

#include "render_int.h"

const struct dialect dialect_postgresql = {
	.name = "postgresql",
	.impl = "PostgresqlImpl",
	.transactional_ddl = true,
	.quote = '"',
	.backslash_escapes = true,
	.insert_returning = true,
	.reserved = reserved_postgresql,
	.nreserved = &reserved_postgresql_n,
	.compiler = &render_pg,
	.server_backslash_escapes = false,
	.requires_recreate_in_batch = false,
	.batch_cast_json = true,
	.prep_table_for_batch = true,
	.has_table = DIALECT_HAS_TABLE_PG_CLASS,
};

/* MySQL and MariaDB differ in names, reserved words and the server. */
#define MYSQL_FAMILY(nm, impl_, words, maria, on_maria) {		\
	.name = nm,							\
	.impl = impl_,							\
	.transactional_ddl = false,					\
	.quote = '`',							\
	.backslash_escapes = true,					\
	.insert_returning = false,					\
	.reserved = reserved_##words,					\
	.nreserved = &reserved_##words##_n,				\
	.is_mariadb = maria,						\
	.on_mariadb = on_maria,						\
	.compiler = &render_mysql,					\
	.server_backslash_escapes = true,				\
	.requires_recreate_in_batch = false,				\
	.batch_cast_json = true,					\
	.prep_table_for_batch = false,					\
	.has_table = DIALECT_HAS_TABLE_INFO_SCHEMA,			\
}

const struct dialect dialect_mysql =
	MYSQL_FAMILY("mysql", "MySQLImpl", mysql, false,
		     &dialect_mysql_on_mariadb);

/* SQLAlchemy's MariaDBIdentifierPreparer has its own word list. */
const struct dialect dialect_mariadb =
	MYSQL_FAMILY("mariadb", "MariaDBImpl", mariadb, true, NULL);

const struct dialect dialect_mysql_on_mariadb =
	MYSQL_FAMILY("mysql", "MySQLImpl", mariadb, true, NULL);

const struct dialect dialect_sqlite = {
	.name = "sqlite",
	.impl = "SQLiteImpl",
	.transactional_ddl = false,
	.quote = '"',
	.backslash_escapes = false,
	.insert_returning = false,
	.insert_returning_sa2 = true,
	.reserved = reserved_sqlite,
	.nreserved = &reserved_sqlite_n,
	.compiler = &render_sqlite,
	.server_backslash_escapes = false,
	.requires_recreate_in_batch = true,
	.batch_cast_json = false,
	.prep_table_for_batch = false,
	.has_table = DIALECT_HAS_TABLE_PRAGMA,
};

static const struct dialect *const dialects[] = {
	&dialect_postgresql, &dialect_mysql, &dialect_mariadb,
	&dialect_sqlite,
};

/* SQLAlchemy 1.4 dialects that retort does not render for. */
static const char *const unsupported[] = {
	"firebird", "mssql", "oracle", "sybase",
};

const struct dialect *dialect_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(dialects); i++)
		if (!strcmp(dialects[i]->name, name))
			return dialects[i];
	return NULL;
}

int dialect_for_scheme(const struct dialect **out, const char *scheme,
		       struct rt_err *err)
{
	size_t n = strcspn(scheme, "+"), i;
	char *name = rt_xstrndup(scheme, n), *p;
	int rc = 0;

	*out = dialect_by_name(name);
	if (*out)
		goto done;
	for (i = 0; i < RT_ARRAY_SIZE(unsupported); i++)
		if (!strcmp(unsupported[i], name)) {
			rc = rt_errf(err, RT_ENOTIMPL, NULL,
				     "database dialect '%s' is not supported "
				     "by retort", name);
			goto done;
		}
	/* SQLAlchemy's registry.load(): the scheme with '+' -> '.'. */
	free(name);
	name = rt_xstrdup(scheme);
	for (p = name; *p; p++)
		if (*p == '+')
			*p = '.';
	rc = rt_errf(err, RT_ECONFIG, NULL,
		     "Can't load plugin: sqlalchemy.dialects:%s", name);
done:
	free(name);
	return rc;
}

bool dialect_is_reserved(const struct dialect *d, const char *word)
{
	size_t lo = 0, hi = *d->nreserved;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(word, d->reserved[mid]);

		if (!c)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

static bool legal_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '$';
}

/*
 * LEGAL_CHARACTERS.match(name) of compiler.py: "^[A-Z0-9_$]+$" with
 * re.I, where '$' also matches before a final '\n'.
 */
static bool legal_chars(const char *name)
{
	size_t n = strlen(name), i;

	if (n && name[n - 1] == '\n')
		n--;
	if (!n)
		return false;
	for (i = 0; i < n; i++)
		if (!legal_char((unsigned char)name[i]))
			return false;
	return true;
}

bool dialect_needs_quote(const struct dialect *d, const char *name)
{
	char *lc;
	bool reserved, lower = true;
	size_t i;

	if (!*name || (name[0] >= '0' && name[0] <= '9') || name[0] == '$')
		return true;
	if (!legal_chars(name))
		return true;
	/* Only ASCII is left (and maybe '\n'), so lower() is tolower(). */
	lc = rt_xstrdup(name);
	for (i = 0; lc[i]; i++)
		if (lc[i] >= 'A' && lc[i] <= 'Z') {
			lc[i] = (char)(lc[i] - 'A' + 'a');
			lower = false;
		}
	reserved = dialect_is_reserved(d, lc);
	free(lc);
	return reserved || !lower;
}

void dialect_ident(struct rt_buf *out, const struct dialect *d,
		   const char *name)
{
	const char *p;

	if (!dialect_needs_quote(d, name)) {
		rt_buf_adds(out, name);
		return;
	}
	rt_buf_addch(out, d->quote);
	for (p = name; *p; p++) {
		if (*p == d->quote)
			rt_buf_addch(out, d->quote);
		rt_buf_addch(out, *p);
	}
	rt_buf_addch(out, d->quote);
}

void dialect_literal(struct rt_buf *out, const struct dialect *d,
		     const char *s, bool escapes)
{
	bool backslash = escapes && d->backslash_escapes;

	rt_buf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '\'' || (*s == '\\' && backslash))
			rt_buf_addch(out, *s);
		rt_buf_addch(out, *s);
	}
	rt_buf_addch(out, '\'');
}

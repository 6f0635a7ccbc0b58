/*
 * verstable.c: version-table SQL texts (spec §7.A, §7.C), built from
 * the settings of rule 7.3 with the dialect's quoting (rule 7.4).
 */
#include "verstable.h"

#include "ddl/dialect.h"
#include "revision/revplan.h"

static const char *vt_name(const struct verstable *vt)
{
	return vt->name ? vt->name : VERSTABLE_DEFAULT_NAME;
}

void verstable_ref(struct rt_buf *out, const struct dialect *d,
		   const struct verstable *vt)
{
	if (vt->schema) {
		dialect_ident(out, d, vt->schema);
		rt_buf_addch(out, '.');
	}
	dialect_ident(out, d, vt_name(vt));
}

void verstable_create(struct rt_buf *out, const struct dialect *d,
		      const struct verstable *vt, bool offline)
{
	const char *indent = offline ? "    " : "\t";
	char *pkc;

	rt_buf_adds(out, "CREATE TABLE ");
	verstable_ref(out, d, vt);
	rt_buf_addf(out, " (\n%sversion_num VARCHAR(32) NOT NULL", indent);
	if (vt->pk) {
		/* SQLAlchemy joins the column and constraint with ", \n". */
		pkc = rt_xmalloc(strlen(vt_name(vt)) + 5);
		snprintf(pkc, strlen(vt_name(vt)) + 5, "%s_pkc", vt_name(vt));
		rt_buf_addf(out, ", \n%sCONSTRAINT ", indent);
		dialect_ident(out, d, pkc);
		rt_buf_adds(out, " PRIMARY KEY (version_num)");
		free(pkc);
	}
	rt_buf_adds(out, "\n)");
}

void verstable_drop(struct rt_buf *out, const struct dialect *d,
		    const struct verstable *vt)
{
	rt_buf_adds(out, "DROP TABLE ");
	verstable_ref(out, d, vt);
}

void verstable_select(struct rt_buf *out, const struct dialect *d,
		      const struct verstable *vt)
{
	rt_buf_adds(out, "SELECT ");
	verstable_ref(out, d, vt);
	rt_buf_adds(out, ".version_num FROM ");
	verstable_ref(out, d, vt);
}

void verstable_purge(struct rt_buf *out, const struct dialect *d,
		     const struct verstable *vt)
{
	rt_buf_adds(out, "DELETE FROM ");
	verstable_ref(out, d, vt);
}

/* Rule 7.10: Alembic embeds ids unescaped; a quote would break out. */
static int check_id(const char *id, struct rt_err *err)
{
	if (strchr(id, '\''))
		return rt_errf(err, RT_ECOMMAND, NULL,
			       "revision id '%s' contains a single quote, "
			       "which cannot be written to the version table",
			       id);
	return 0;
}

/* " WHERE T.version_num = 'id'" */
static void where_id(struct rt_buf *out, const struct dialect *d,
		     const struct verstable *vt, const char *id)
{
	rt_buf_adds(out, " WHERE ");
	verstable_ref(out, d, vt);
	rt_buf_addf(out, ".version_num = '%s'", id);
}

int verstable_insert(struct rt_buf *out, const struct dialect *d,
		     const struct verstable *vt, const char *id,
		     struct rt_err *err)
{
	int rc = check_id(id, err);

	if (rc)
		return rc;
	rt_buf_adds(out, "INSERT INTO ");
	verstable_ref(out, d, vt);
	rt_buf_addf(out, " (version_num) VALUES ('%s')", id);
	/* SQLAlchemy fetches the new primary key back (rule 7.3); 2.0
	 * does on SQLite too, with the column alone (SQLite allows no
	 * qualified names there). */
	if (d->insert_returning && vt->pk) {
		rt_buf_adds(out, " RETURNING ");
		verstable_ref(out, d, vt);
		rt_buf_adds(out, ".version_num");
	} else if (d->insert_returning_sa2 && vt->pk &&
		   alembic_sa2(vt->alembic)) {
		rt_buf_adds(out, " RETURNING version_num");
	}
	return 0;
}

int verstable_update(struct rt_buf *out, const struct dialect *d,
		     const struct verstable *vt, const char *from,
		     const char *to, struct rt_err *err)
{
	int rc = check_id(from, err);

	if (!rc)
		rc = check_id(to, err);
	if (rc)
		return rc;
	rt_buf_adds(out, "UPDATE ");
	verstable_ref(out, d, vt);
	rt_buf_addf(out, " SET version_num='%s'", to);
	where_id(out, d, vt, from);
	return 0;
}

int verstable_delete(struct rt_buf *out, const struct dialect *d,
		     const struct verstable *vt, const char *id,
		     struct rt_err *err)
{
	int rc = check_id(id, err);

	if (rc)
		return rc;
	rt_buf_adds(out, "DELETE FROM ");
	verstable_ref(out, d, vt);
	where_id(out, d, vt, id);
	return 0;
}

int verstable_rowop(struct rt_buf *out, const struct dialect *d,
		    const struct verstable *vt, const struct rowop *op,
		    struct rt_err *err)
{
	switch (op->kind) {
	case ROWOP_INSERT:
		return verstable_insert(out, d, vt, op->id, err);
	case ROWOP_DELETE:
		return verstable_delete(out, d, vt, op->id, err);
	case ROWOP_UPDATE:
		return verstable_update(out, d, vt, op->id, op->to, err);
	}
	return rt_errf(err, RT_ERROR, NULL, "unknown row operation %d",
		       (int)op->kind);
}

static int check_name(const char *what, const char *name,
		      struct rt_err *err)
{
	if (name && strpbrk(name, "'\\"))
		return rt_errf(err, RT_ENOTIMPL, NULL,
			       "%s '%s' with a quote or backslash is not "
			       "supported", what, name);
	return 0;
}

/* SQLite's PRAGMA quotes unconditionally (quote_identifier()). */
static void sqlite_quoted(struct rt_buf *out, const char *name)
{
	const char *p;

	rt_buf_addch(out, '"');
	for (p = name; *p; p++) {
		if (*p == '"')
			rt_buf_addch(out, '"');
		rt_buf_addch(out, *p);
	}
	rt_buf_addch(out, '"');
}

static size_t sqlite_probe(struct rt_buf out[2], const struct verstable *vt)
{
	static const char *const dbs[] = { "main", "temp" };
	size_t i, n = vt->schema ? 1 : 2;

	for (i = 0; i < n; i++) {
		rt_buf_adds(&out[i], "PRAGMA ");
		if (vt->schema)
			sqlite_quoted(&out[i], vt->schema);
		else
			rt_buf_adds(&out[i], dbs[i]);
		rt_buf_adds(&out[i], ".table_info(");
		sqlite_quoted(&out[i], vt_name(vt));
		rt_buf_addch(&out[i], ')');
	}
	return n;
}

static void pg_probe(struct rt_buf *out, const struct verstable *vt)
{
	rt_buf_adds(out, "select relname from pg_class c join "
		    "pg_namespace n on n.oid=c.relnamespace where ");
	if (vt->schema)
		rt_buf_addf(out, "n.nspname='%s'", vt->schema);
	else
		rt_buf_adds(out, "pg_catalog.pg_table_is_visible(c.oid)");
	rt_buf_addf(out, " and relname='%s'", vt_name(vt));
}

/* SQLAlchemy selects COUNT(*) (always one row) after reading
 * DATABASE(); selecting the name keeps "exists = any row". */
static void mysql_probe(struct rt_buf *out, const struct verstable *vt)
{
	rt_buf_adds(out, "SELECT table_name FROM information_schema.tables "
		    "WHERE table_schema = ");
	if (vt->schema)
		rt_buf_addf(out, "'%s'", vt->schema);
	else
		rt_buf_adds(out, "DATABASE()");
	rt_buf_addf(out, " AND table_name = '%s'", vt_name(vt));
}

int verstable_exists_queries(struct rt_buf out[2], size_t *nout,
			     const struct dialect *d,
			     const struct verstable *vt, struct rt_err *err)
{
	int rc = check_name("version_table", vt_name(vt), err);

	if (!rc)
		rc = check_name("version_table_schema", vt->schema, err);
	if (rc)
		return rc;
	*nout = 1;
	switch (d->has_table) {
	case DIALECT_HAS_TABLE_PRAGMA:
		*nout = sqlite_probe(out, vt);
		break;
	case DIALECT_HAS_TABLE_PG_CLASS:
		pg_probe(out, vt);
		break;
	case DIALECT_HAS_TABLE_INFO_SCHEMA:
		mysql_probe(out, vt);
		break;
	}
	return 0;
}

/*
 * batch_reflect.c: a SQLite table read back from the database into the
 * op IR, as SQLAlchemy 1.4's SQLite dialect reflects it (PRAGMAs plus its
 * regular expressions over the CREATE TABLE text) for batch mode.
 */
#include "batch_reflect.h"

#include "batch_re.h"
#include "ddl/dialect.h"

/* The rows of one query: values copied into the arena. */
struct rows {
	struct rt_arena *a;
	const char ***v;
	size_t n, alloc, ncols;
};

static int collect(const struct rt_row *row, void *payload)
{
	struct rows *r = payload;
	const char **vals;
	size_t i;

	if (r->n == r->alloc) {
		const char ***nv;

		r->alloc = r->alloc ? 2 * r->alloc : 8;
		nv = arena_alloc(r->a, r->alloc * sizeof(*nv));
		if (r->n)
			memcpy(nv, r->v, r->n * sizeof(*nv));
		r->v = nv;
	}
	vals = arena_alloc(r->a, (row->ncols + 1) * sizeof(*vals));
	for (i = 0; i < row->ncols; i++)
		vals[i] = row->values[i] ? arena_strdup(r->a, row->values[i]) :
			  NULL;
	r->v[r->n++] = vals;
	r->ncols = row->ncols;
	return 0;
}

struct refl {
	struct rt_conn *c;
	struct rt_arena *a;
	const char *table, *schema;
	const struct rt_loc *loc;
	struct rt_err *err;
	struct re_text text;		/* the CREATE TABLE text */
};

static int query(struct refl *r, struct rows *out, const char *sql)
{
	memset(out, 0, sizeof(*out));
	out->a = r->a;
	return conn_query(r->c, sql, collect, out, r->err);
}

/* _get_table_pragma(): main then temp unless a schema is given. */
static int pragma(struct refl *r, struct rows *out, const char *name,
		  const char *arg)
{
	static const char *const dbs[] = { "main", "temp" };
	struct rt_buf b = RT_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < (r->schema ? 1 : 2); i++) {
		rt_buf_reset(&b);
		rt_buf_adds(&b, "PRAGMA ");
		dialect_ident(&b, &dialect_sqlite, r->schema ? r->schema :
			      dbs[i]);
		rt_buf_addf(&b, ".%s(", name);
		dialect_literal(&b, &dialect_sqlite, arg, false);
		rt_buf_addch(&b, ')');
		if ((rc = query(r, out, b.buf)) < 0 || out->n)
			break;
	}
	rt_buf_release(&b);
	return rc;
}

static int table_sql(struct refl *r)
{
	struct rt_buf b = RT_BUF_INIT;
	struct rows rows;
	const char *s = r->schema;
	int rc;

	rt_buf_adds(&b, "SELECT sql FROM ");
	if (s) {
		dialect_ident(&b, &dialect_sqlite, s);
		rt_buf_adds(&b, ".sqlite_master");
	} else {
		rt_buf_adds(&b, "(SELECT * FROM sqlite_master UNION ALL "
			    "SELECT * FROM sqlite_temp_master)");
	}
	rt_buf_adds(&b, " WHERE name = ");
	dialect_literal(&b, &dialect_sqlite, r->table, false);
	rt_buf_adds(&b, " AND type = 'table'");
	rc = query(r, &rows, b.buf);
	rt_buf_release(&b);
	r->text.sql = rc == 0 && rows.n && rows.v[0][0] ? rows.v[0][0] : "";
	return rc;
}

/* ---- types: _resolve_type_affinity() ---- */

struct tname {
	const char *name;
	enum ops_type_kind kind;
};

static const struct tname tnames[] = {
	{ "BIGINT", OPS_T_BIGINT }, { "BLOB", OPS_T_BLOB },
	{ "BOOL", OPS_T_BOOLEAN }, { "BOOLEAN", OPS_T_BOOLEAN },
	{ "DATE", OPS_T_DATE }, { "DATETIME", OPS_T_UPPER_DATETIME },
	{ "DATETIME_CHAR", OPS_T_UPPER_DATETIME },
	{ "DATE_CHAR", OPS_T_DATE }, { "DOUBLE", OPS_T_FLOAT },
	{ "FLOAT", OPS_T_FLOAT }, { "INT", OPS_T_INTEGER },
	{ "INTEGER", OPS_T_INTEGER }, { "JSON", OPS_T_JSON },
	{ "NUMERIC", OPS_T_NUMERIC }, { "REAL", OPS_T_REAL },
	{ "SMALLINT", OPS_T_SMALLINT }, { "TEXT", OPS_T_TEXT },
	{ "TIME", OPS_T_TIME }, { "TIMESTAMP", OPS_T_TIMESTAMP },
	{ "TIME_CHAR", OPS_T_TIME }, { "VARCHAR", OPS_T_STRING },
	{ "CHAR", OPS_T_CHAR },
};

/* ischema_names entries the IR has no type for */
static const char *const unsupported_names[] = {
	"DECIMAL", "NCHAR", "NVARCHAR",
};

static bool is_word(int ch)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       (unsigned char)ch >= 0x80;
}

static int reflect_type(struct ops_type **out, struct refl *r,
			const char *decl, const char *colname)
{
	char *up = arena_strdup(r->a, decl), *p, *name;
	const char *args = NULL;
	long nums[3] = { 0, 0, 0 };
	size_t n = 0, i;
	struct ops_type *t;
	enum ops_type_kind kind = OPS_T_NUMERIC;
	bool known = false;

	for (p = up; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	/* re.match(r"([\w ]+)(\(.*?\))?", type_) */
	for (p = up; is_word(*p) || *p == ' '; p++)
		;
	name = arena_strndup(r->a, up, (size_t)(p - up));
	if (*p == '(' && strchr(p, ')'))
		args = p;
	for (i = 0; i < RT_ARRAY_SIZE(unsupported_names); i++)
		if (!strcmp(name, unsupported_names[i]))
			return rt_errf(r->err, RT_ENOTIMPL, r->loc,
				       "batch_alter_table(): reflected column "
				       "type '%s' of '%s.%s' is not supported "
				       "by retort", decl, r->table, colname);
	for (i = 0; i < RT_ARRAY_SIZE(tnames); i++)
		if (!strcmp(name, tnames[i].name)) {
			kind = tnames[i].kind;
			known = true;
		}
	if (!known) {
		if (strstr(name, "INT"))
			kind = OPS_T_INTEGER;
		else if (strstr(name, "CHAR") || strstr(name, "CLOB") ||
			 strstr(name, "TEXT"))
			kind = OPS_T_TEXT;
		else if (strstr(name, "BLOB") || !*name)
			kind = OPS_T_NULL;
		else if (strstr(name, "REAL") || strstr(name, "FLOA") ||
			 strstr(name, "DOUB"))
			kind = OPS_T_REAL;
	}
	/* re.findall(r"(\d+)", args) */
	for (p = (char *)args; p && *p && *p != ')'; ) {
		if (*p >= '0' && *p <= '9') {
			long v = strtol(p, &p, 10);

			if (n < RT_ARRAY_SIZE(nums))
				nums[n] = v;
			n++;
		} else {
			p++;
		}
	}
	{
		struct ops_type_spec spec = { OPS_M_SQLITE, name, kind,
					      { NULL } };

		t = ops_type_new(r->a, kind == OPS_T_NULL ? NULL : &spec,
				 *r->loc);
	}
	t->pyname = kind == OPS_T_NULL ? "NullType" : t->pyname;
	/* the type's positional arguments, where the class takes them */
	switch (kind) {
	case OPS_T_STRING:
	case OPS_T_CHAR:
	case OPS_T_TEXT:
		t->length = n ? (int)nums[0] : 0;
		break;
	case OPS_T_NUMERIC:
		t->precision = n ? (int)nums[0] : -1;
		t->scale = n > 1 ? (int)nums[1] : -1;
		break;
	case OPS_T_BOOLEAN:
		t->create_constraint = n && nums[0];
		break;
	default:
		break;
	}
	*out = t;
	return 0;
}

/* Alembic's SQLiteImpl.autogen_column_reflect(): an unparenthesized
 * SQL expression default gets parentheses. */
static const char *reflect_default(struct rt_arena *a, const char *d)
{
	size_t n = strlen(d);

	if (!n)
		return d;
	if (n == 1 && ((*d >= '0' && *d <= '9') || *d == '.'))
		return d;
	if (n > 2 && d[0] == '\'' && d[n - 1] == '\'' && !strchr(d, '\n'))
		return d;
	if (n > 2 && d[0] == '(' && d[n - 1] == ')' && !strchr(d, '\n'))
		return d;
	return arena_printf(a, "(%s)", d);
}

static int reflect_columns(struct ops_table *t, struct refl *r,
			   const char ***pk)
{
	struct rows rows;
	size_t i, npk = 0;
	int rc;

	if ((rc = pragma(r, &rows, "table_xinfo", r->table)) < 0)
		return rc;
	if (!rows.n)
		return rt_errf(r->err, RT_ERROR, r->loc,
			       "NoSuchTableError: %s", r->table);
	*pk = arena_alloc(r->a, (rows.n + 1) * sizeof(**pk));
	for (i = 0; i < rows.n; i++) {
		const char *const *v = rows.v[i];
		struct ops_column *c;
		struct ops_type *ty = NULL;
		long hidden = rows.ncols > 6 && v[6] ? strtol(v[6], NULL, 10) :
			      0;

		if (hidden == 1)
			continue;
		if (hidden)
			return rt_errf(r->err, RT_ENOTIMPL, r->loc,
				       "batch_alter_table(): generated column "
				       "'%s.%s' is not supported by retort",
				       r->table, v[1]);
		if ((rc = reflect_type(&ty, r, v[2] ? v[2] : "", v[1])) < 0)
			return rc;
		c = ops_column_new(r->a, v[1], ty, *r->loc);
		c->nullable = v[3] && strcmp(v[3], "0") ? OPS_FALSE :
			      OPS_TRUE;
		if (v[4])
			c->server_default = ops_default_new(
				r->a, true, reflect_default(r->a, v[4]),
				*r->loc);
		ops_table_add_column(r->a, t, c);
		if (v[5] && strcmp(v[5], "0")) {
			long pos = strtol(v[5], NULL, 10);

			/* ordered by position in the key */
			if (pos >= 1 && (size_t)pos <= rows.n)
				(*pk)[pos - 1] = c->name;
			npk++;
		}
	}
	return (int)npk;
}

static int reflect_pk(struct ops_table *t, struct refl *r,
		      const char **pk, size_t npk)
{
	struct ops_constraint *c;
	size_t i, n = 0;
	int rc;

	if (!npk)
		return 0;
	c = ops_constraint_new(r->a, OPS_C_PRIMARY, *r->loc);
	c->cols = arena_alloc(r->a, npk * sizeof(*c->cols));
	for (i = 0; n < npk && i < t->ncols; i++)
		if (pk[i])
			c->cols[n++] = pk[i];
	c->ncols = n;
	/* CONSTRAINT (\w+) PRIMARY KEY */
	if ((rc = re_pk_name(&c->name, &r->text)) < 0)
		return rc;
	for (i = 0; i < n; i++)
		ops_table_column(t, c->cols[i])->primary_key = true;
	ops_table_add_constraint(r->a, t, c);
	return 0;
}

/* The primary key columns of another table (a FOREIGN KEY without
 * referred columns), in key order. */
static int referred_pk(struct refl *r, const char *table, const char ***out,
		       size_t *n)
{
	struct rows rows;
	const char **v;
	size_t i;
	int rc;

	*n = 0;
	if ((rc = pragma(r, &rows, "table_xinfo", table)) < 0)
		return rc;
	v = arena_alloc(r->a, (rows.n + 1) * sizeof(*v));
	for (i = 0; i < rows.n; i++) {
		long pos = rows.v[i][5] ? strtol(rows.v[i][5], NULL, 10) : 0;

		if (pos >= 1 && (size_t)pos <= rows.n) {
			v[pos - 1] = rows.v[i][1];
			(*n)++;
		}
	}
	*out = v;
	return 0;
}

/* One PRAGMA foreign_key_list constraint. */
struct pfk {
	const char *id;
	struct ops_fk *fk;
	bool taken;
};

static bool fk_sig_eq(const struct ops_fk *f, const struct re_fk *p)
{
	size_t i;

	if (f->ncols != p->ncols || f->nrefs != p->nref_cols ||
	    strcmp(f->ref_table, p->ref_table))
		return false;
	for (i = 0; i < f->ncols; i++)
		if (strcmp(f->cols[i], p->cols[i]))
			return false;
	for (i = 0; i < f->nrefs; i++)
		if (strcmp(f->ref_cols[i], p->ref_cols[i]))
			return false;
	return true;
}

static void add_fk(struct ops_table *t, struct refl *r, struct ops_fk *fk)
{
	struct ops_constraint *c = ops_constraint_new(r->a, OPS_C_FOREIGN,
						      *r->loc);

	c->name = fk->name;
	c->fk = fk;
	c->cols = fk->cols;
	c->ncols = fk->ncols;
	ops_table_add_constraint(r->a, t, c);
}

/* get_foreign_keys(): the PRAGMA's constraints; names and options from
 * the text where a FOREIGN KEY clause has the same signature. */
static int reflect_fks(struct ops_table *t, struct refl *r)
{
	struct rows rows;
	struct pfk *v;
	struct re_fk *parsed;
	size_t n = 0, i, j, np;
	int rc;

	if ((rc = pragma(r, &rows, "foreign_key_list", r->table)) < 0)
		return rc;
	v = arena_alloc(r->a, (rows.n + 1) * sizeof(*v));
	for (i = 0; i < rows.n; i++) {
		const char *const *row = rows.v[i];
		struct ops_fk *fk;

		for (j = 0; j < n && strcmp(v[j].id, row[0]); j++)
			;
		if (j == n) {
			fk = ops_fk_new(r->a, *r->loc);
			fk->ref_table = row[2];
			fk->ref_schema = r->schema;
			fk->cols = arena_alloc(r->a, (rows.n + 1) *
					       sizeof(*fk->cols));
			fk->ref_cols = arena_alloc(r->a, (rows.n + 1) *
						   sizeof(*fk->ref_cols));
			if (!row[4] && (rc = referred_pk(r, row[2],
							 &fk->ref_cols,
							 &fk->nrefs)) < 0)
				return rc;
			v[n].id = row[0];
			v[n++].fk = fk;
		}
		fk = v[j].fk;
		fk->cols[fk->ncols++] = row[3];
		if (row[4])
			fk->ref_cols[fk->nrefs++] = row[4];
	}
	if ((rc = re_fks(&parsed, &np, &r->text)) < 0)
		return rc;
	for (i = 0; i < np; i++)
		for (j = 0; j < n; j++) {
			struct ops_fk *fk = v[j].fk;

			if (v[j].taken || !fk_sig_eq(fk, &parsed[i]))
				continue;
			v[j].taken = true;
			fk->name = parsed[i].name;
			fk->ondelete = parsed[i].ondelete;
			fk->onupdate = parsed[i].onupdate;
			fk->deferrable = parsed[i].deferrable;
			fk->initially = parsed[i].initially;
			add_fk(t, r, fk);
			break;
		}
	for (j = 0; j < n; j++)
		if (!v[j].taken)
			add_fk(t, r, v[j].fk);
	return 0;
}

static int reflect_indexes(struct ops_table *t, struct refl *r,
			   bool autos, struct ops_index ***out, size_t *nout)
{
	struct rows list, info;
	struct ops_index **v;
	size_t i, j, n = 0;
	int rc;

	if ((rc = pragma(r, &list, "index_list", r->table)) < 0)
		return rc;
	v = arena_alloc(r->a, (list.n + 1) * sizeof(*v));
	for (i = 0; i < list.n; i++) {
		const char *const *row = list.v[i];
		bool is_auto = !strncmp(row[1], "sqlite_autoindex", 16);
		struct ops_index *ix;

		if (is_auto != autos)
			continue;
		if (list.ncols > 4 && row[4] && strcmp(row[4], "0"))
			return rt_errf(r->err, RT_ENOTIMPL, r->loc,
				       "batch_alter_table(): partial index "
				       "'%s' is not supported by retort",
				       row[1]);
		ix = ops_index_new(r->a, row[1], *r->loc);
		ix->unique = row[2] && strcmp(row[2], "0");
		ix->table = t->name;
		ix->schema = t->schema;
		if ((rc = pragma(r, &info, "index_info", row[1])) < 0)
			return rc;
		for (j = 0; j < info.n; j++)
			if (info.v[j][2])
				ops_index_add_col(r->a, ix, info.v[j][2],
						  false);
		/* an expression index: SQLAlchemy warns and skips it */
		if (ix->ncols < info.n)
			continue;
		v[n++] = ix;
	}
	/* sorted by name */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(v[j - 1]->name, v[j]->name) > 0;
		     j--) {
			struct ops_index *tmp = v[j];

			v[j] = v[j - 1];
			v[j - 1] = tmp;
		}
	*out = v;
	*nout = n;
	return 0;
}

static bool same_cols(const struct ops_index *ix, const char *const *cols,
		      size_t n)
{
	size_t i;

	if (ix->ncols != n)
		return false;
	for (i = 0; i < n; i++)
		if (strcmp(ix->cols[i].name, cols[i]))
			return false;
	return true;
}

/* get_unique_constraints(): UNIQUE clauses of the text that match an
 * sqlite_autoindex_* index, each used once. */
static int reflect_uniques(struct ops_table *t, struct refl *r)
{
	struct ops_index **autos;
	struct re_unique *u;
	size_t nautos, nu, i, j;
	int rc;

	if ((rc = reflect_indexes(t, r, true, &autos, &nautos)) < 0)
		return rc;
	if ((rc = re_uniques(&u, &nu, &r->text)) < 0)
		return rc;
	for (i = 0; i < nu; i++)
		for (j = 0; j < nautos; j++) {
			struct ops_constraint *c;

			if (!autos[j] || !same_cols(autos[j], u[i].cols,
						    u[i].ncols))
				continue;
			autos[j] = NULL;
			c = ops_constraint_new(r->a, OPS_C_UNIQUE, *r->loc);
			c->name = u[i].name;
			c->cols = u[i].cols;
			c->ncols = u[i].ncols;
			ops_table_add_constraint(r->a, t, c);
			break;
		}
	return 0;
}

static int reflect_checks(struct ops_table *t, struct refl *r)
{
	struct re_check *ck;
	size_t n, i;
	int rc;

	if ((rc = re_checks(&ck, &n, &r->text)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		struct ops_constraint *c = ops_constraint_new(r->a,
							      OPS_C_CHECK,
							      *r->loc);

		c->name = ck[i].name;
		c->sqltext = ck[i].sqltext;
		c->sqltext_is_text = true;
		ops_table_add_constraint(r->a, t, c);
	}
	return 0;
}

int batch_reflect(struct ops_table **out, struct rt_conn *c,
		  struct rt_arena *a, const char *table, const char *schema,
		  const struct rt_loc *loc, struct rt_err *err)
{
	struct refl r = { c, a, table, schema, loc, err, { "", a, loc, err } };
	struct ops_table *t = ops_table_new(a, table, *loc);
	const char **pk = NULL;
	int npk, rc;

	t->schema = schema;
	if ((npk = reflect_columns(t, &r, &pk)) < 0)
		return npk;
	if ((rc = table_sql(&r)) < 0)
		return rc;
	if ((rc = reflect_pk(t, &r, pk, (size_t)npk)) < 0 ||
	    (rc = reflect_fks(t, &r)) < 0 ||
	    (rc = reflect_uniques(t, &r)) < 0 ||
	    (rc = reflect_checks(t, &r)) < 0 ||
	    (rc = reflect_indexes(t, &r, false, &t->indexes,
				  &t->nindexes)) < 0)
		return rc;
	*out = t;
	return 0;
}

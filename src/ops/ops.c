/*
 * ops.c: the op IR's constructors, the table of types retort knows, and
 * validation (what SQLAlchemy resolves or rejects while it builds its
 * schema objects, before anything is compiled).
 */
#include "ops.h"

#define P0 { NULL }
static const struct ops_type_spec type_specs[] = {
	{ OPS_M_SA, "ARRAY", OPS_T_ARRAY, { "item_type", "as_tuple",
					      "dimensions", NULL } },
	{ OPS_M_SA, "BIGINT", OPS_T_BIGINT, P0 },
	{ OPS_M_SA, "BLOB", OPS_T_BLOB, { "length", NULL } },
	{ OPS_M_SA, "BOOLEAN", OPS_T_BOOLEAN, { "create_constraint", "name",
						NULL } },
	{ OPS_M_SA, "BigInteger", OPS_T_BIGINT, P0 },
	{ OPS_M_SA, "Boolean", OPS_T_BOOLEAN, { "create_constraint", "name",
						NULL } },
	{ OPS_M_SA, "DATE", OPS_T_DATE, P0 },
	{ OPS_M_SA, "DOUBLE", OPS_T_UPPER_DOUBLE, { "precision", "asdecimal",
						    NULL } },
	{ OPS_M_SA, "DOUBLE_PRECISION", OPS_T_DOUBLE_PRECISION, {
	  "precision", "asdecimal", NULL } },
	{ OPS_M_SA, "Double", OPS_T_DOUBLE, { "precision", "asdecimal",
					      NULL } },
	{ OPS_M_SA, "DATETIME", OPS_T_UPPER_DATETIME, { "timezone", NULL } },
	{ OPS_M_SA, "Date", OPS_T_DATE, P0 },
	{ OPS_M_SA, "DateTime", OPS_T_DATETIME, { "timezone", NULL } },
	{ OPS_M_SA, "Enum", OPS_T_ENUM, { "*values", NULL } },
	{ OPS_M_SA, "FLOAT", OPS_T_FLOAT, { "precision", "asdecimal",
					    NULL } },
	{ OPS_M_SA, "Float", OPS_T_FLOAT, { "precision", "asdecimal",
					    NULL } },
	{ OPS_M_SA, "INTEGER", OPS_T_INTEGER, P0 },
	{ OPS_M_SA, "Integer", OPS_T_INTEGER, P0 },
	{ OPS_M_SA, "Interval", OPS_T_INTERVAL, { "native",
						  "second_precision",
						  "day_precision", NULL } },
	{ OPS_M_SA, "JSON", OPS_T_JSON, { "none_as_null", NULL } },
	{ OPS_M_SA, "LargeBinary", OPS_T_LARGE_BINARY, { "length", NULL } },
	{ OPS_M_SA, "NUMERIC", OPS_T_NUMERIC, { "precision", "scale",
						"asdecimal", NULL } },
	{ OPS_M_SA, "Numeric", OPS_T_NUMERIC, { "precision", "scale",
						"decimal_return_scale",
						"asdecimal", NULL } },
	{ OPS_M_SA, "REAL", OPS_T_REAL, { "precision", "asdecimal", NULL } },
	{ OPS_M_SA, "SMALLINT", OPS_T_SMALLINT, P0 },
	{ OPS_M_SA, "SmallInteger", OPS_T_SMALLINT, P0 },
	{ OPS_M_SA, "CHAR", OPS_T_CHAR, { "length", "collation", NULL } },
	{ OPS_M_SA, "String", OPS_T_STRING, { "length", "collation", NULL } },
	{ OPS_M_SA, "TEXT", OPS_T_TEXT, { "length", "collation", NULL } },
	{ OPS_M_SA, "TIME", OPS_T_TIME, { "timezone", NULL } },
	{ OPS_M_SA, "TIMESTAMP", OPS_T_TIMESTAMP, { "timezone", NULL } },
	{ OPS_M_SA, "Text", OPS_T_TEXT, { "length", "collation", NULL } },
	{ OPS_M_SA, "Time", OPS_T_TIME, { "timezone", NULL } },
	{ OPS_M_SA, "Unicode", OPS_T_STRING, { "length", NULL } },
	{ OPS_M_SA, "UnicodeText", OPS_T_TEXT, { "length", NULL } },
	{ OPS_M_SA, "UUID", OPS_T_UUID, { "as_uuid", NULL } },
	{ OPS_M_SA, "Uuid", OPS_T_UUID_GENERIC, { "as_uuid", "native_uuid",
						  NULL } },
	{ OPS_M_SA, "VARCHAR", OPS_T_STRING, { "length", "collation",
					       NULL } },
	{ OPS_M_POSTGRESQL, "ARRAY", OPS_T_ARRAY, { "item_type", "as_tuple",
						    "dimensions", NULL } },
	{ OPS_M_POSTGRESQL, "BYTEA", OPS_T_BYTEA, { "length", NULL } },
	{ OPS_M_POSTGRESQL, "CIDR", OPS_T_CIDR, P0 },
	{ OPS_M_POSTGRESQL, "CITEXT", OPS_T_CITEXT, { "length", NULL } },
	{ OPS_M_POSTGRESQL, "DOUBLE_PRECISION", OPS_T_DOUBLE_PRECISION, {
	  "precision", "asdecimal", NULL } },
	{ OPS_M_POSTGRESQL, "ENUM", OPS_T_ENUM, { "*values", NULL } },
	{ OPS_M_POSTGRESQL, "INET", OPS_T_INET, P0 },
	{ OPS_M_POSTGRESQL, "INTERVAL", OPS_T_INTERVAL, { "precision",
							  "fields", NULL } },
	{ OPS_M_POSTGRESQL, "JSON", OPS_T_JSON, { "none_as_null",
						  "astext_type", NULL } },
	{ OPS_M_POSTGRESQL, "JSONB", OPS_T_JSONB, { "none_as_null",
						    "astext_type", NULL } },
	{ OPS_M_POSTGRESQL, "TIMESTAMP", OPS_T_TIMESTAMP, { "timezone",
							    "precision",
							    NULL } },
	{ OPS_M_POSTGRESQL, "TIME", OPS_T_TIME, { "timezone", "precision",
						  NULL } },
	{ OPS_M_POSTGRESQL, "TSVECTOR", OPS_T_TSVECTOR, P0 },
	{ OPS_M_POSTGRESQL, "UUID", OPS_T_UUID, { "as_uuid", NULL } },
	{ OPS_M_MYSQL, "DATETIME", OPS_T_UPPER_DATETIME, { "timezone", "fsp",
							   NULL } },
	{ OPS_M_MYSQL, "ENUM", OPS_T_ENUM, { "*values", NULL } },
	{ OPS_M_MYSQL, "INTEGER", OPS_T_INTEGER, { "display_width", NULL } },
	{ OPS_M_MYSQL, "LONGTEXT", OPS_T_LONGTEXT, P0 },
	{ OPS_M_MYSQL, "TIME", OPS_T_TIME, { "timezone", "fsp", NULL } },
	{ OPS_M_MYSQL, "TIMESTAMP", OPS_T_TIMESTAMP, { "timezone", "fsp",
						       NULL } },
	{ OPS_M_MYSQL, "TINYINT", OPS_T_TINYINT, { "display_width", NULL } },
	{ OPS_M_MYSQL, "VARCHAR", OPS_T_STRING, { "length", NULL } },
	{ OPS_M_MYSQL, "CHAR", OPS_T_CHAR, { "length", NULL } },
	{ OPS_M_SQLITE, "DATETIME", OPS_T_UPPER_DATETIME, P0 },
	{ OPS_M_SQLITE, "JSON", OPS_T_JSON, P0 },
};

const struct ops_type_spec *ops_type_lookup(enum ops_module module,
					    const char *pyname)
{
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(type_specs); i++)
		if (type_specs[i].module == module &&
		    !strcmp(type_specs[i].pyname, pyname))
			return &type_specs[i];
	/* Dialect modules re-export SQLAlchemy's upper-case types. */
	if (module != OPS_M_SA && pyname[0] >= 'A' && pyname[0] <= 'Z' &&
	    pyname[1] >= 'A' && pyname[1] <= 'Z')
		return ops_type_lookup(OPS_M_SA, pyname);
	return NULL;
}

bool ops_type_sa2_only(const struct ops_type_spec *s)
{
	switch (s->kind) {
	case OPS_T_UUID_GENERIC:
	case OPS_T_DOUBLE:
	case OPS_T_UPPER_DOUBLE:
	case OPS_T_CITEXT:
		return true;
	case OPS_T_UUID:
	case OPS_T_DOUBLE_PRECISION:
		/* postgresql.UUID, postgresql.DOUBLE_PRECISION are 1.4's */
		return s->module == OPS_M_SA;
	default:
		return false;
	}
}

struct ops_type *ops_type_new(struct rt_arena *a,
			      const struct ops_type_spec *spec,
			      struct rt_loc loc)
{
	struct ops_type *t = arena_alloc(a, sizeof(*t));

	t->kind = spec ? spec->kind : OPS_T_NULL;
	t->module = spec ? spec->module : OPS_M_SA;
	t->pyname = spec ? spec->pyname : "NullType";
	t->precision = -1;
	t->scale = -1;
	t->native_enum = true;
	t->create_type = true;
	t->native_uuid = true;
	t->loc = loc;
	return t;
}

enum want { W_INT, W_BOOL, W_STR, W_IGNORE_BOOL, W_IGNORE };

struct kwspec {
	const char *kw;
	enum want want;
	size_t off;		/* offsetof in struct ops_type */
};

static const struct kwspec kwspecs[] = {
	{ "as_uuid", W_BOOL, offsetof(struct ops_type, as_uuid) },
	{ "asdecimal", W_IGNORE_BOOL, 0 },
	{ "charset", W_STR, offsetof(struct ops_type, charset) },
	{ "collation", W_STR, offsetof(struct ops_type, collation) },
	{ "create_constraint", W_BOOL,
	  offsetof(struct ops_type, create_constraint) },
	{ "create_type", W_BOOL, offsetof(struct ops_type, create_type) },
	{ "decimal_return_scale", W_IGNORE, 0 },
	{ "dimensions", W_INT, offsetof(struct ops_type, dimensions) },
	{ "display_width", W_INT, offsetof(struct ops_type, display_width) },
	{ "fields", W_STR, offsetof(struct ops_type, fields) },
	{ "fsp", W_INT, offsetof(struct ops_type, fsp) },
	{ "length", W_INT, offsetof(struct ops_type, length) },
	{ "name", W_STR, offsetof(struct ops_type, name) },
	{ "native_enum", W_BOOL, offsetof(struct ops_type, native_enum) },
	{ "native_uuid", W_BOOL, offsetof(struct ops_type, native_uuid) },
	{ "none_as_null", W_IGNORE_BOOL, 0 },
	{ "precision", W_INT, offsetof(struct ops_type, precision) },
	{ "scale", W_INT, offsetof(struct ops_type, scale) },
	{ "schema", W_STR, offsetof(struct ops_type, schema) },
	{ "timezone", W_BOOL, offsetof(struct ops_type, timezone) },
	{ "unsigned", W_BOOL, offsetof(struct ops_type, unsigned_) },
	{ "zerofill", W_BOOL, offsetof(struct ops_type, zerofill) },
};

static const char *const want_text[] = {
	"an integer", "True or False", "a string", "True or False", "",
};

/* Whether kw is a keyword that spec accepts (positional names count). */
static bool kw_allowed(const struct ops_type *t, const char *kw)
{
	const struct ops_type_spec *s = ops_type_lookup(t->module, t->pyname);
	size_t i;

	if (!s)
		return false;
	for (i = 0; i < RT_ARRAY_SIZE(s->params) && s->params[i]; i++)
		if (!strcmp(s->params[i], kw))
			return true;
	switch (t->kind) {
	case OPS_T_ENUM:
		return !strcmp(kw, "name") || !strcmp(kw, "schema") ||
		       !strcmp(kw, "native_enum") ||
		       !strcmp(kw, "create_constraint") ||
		       !strcmp(kw, "length") ||
		       (t->module == OPS_M_POSTGRESQL &&
			!strcmp(kw, "create_type"));
	case OPS_T_STRING:
	case OPS_T_CHAR:
	case OPS_T_TEXT:
	case OPS_T_LONGTEXT:
		return !strcmp(kw, "collation") ||
		       (t->module == OPS_M_MYSQL && !strcmp(kw, "charset"));

	case OPS_T_INTEGER:
	case OPS_T_TINYINT:
		return t->module == OPS_M_MYSQL &&
		       (!strcmp(kw, "unsigned") || !strcmp(kw, "zerofill"));
	case OPS_T_NUMERIC:
	case OPS_T_FLOAT:
	case OPS_T_DOUBLE:
	case OPS_T_UPPER_DOUBLE:
	case OPS_T_DOUBLE_PRECISION:
		return !strcmp(kw, "asdecimal") ||
		       !strcmp(kw, "decimal_return_scale");
	default:
		return false;
	}
}

static bool value_fits(const struct ops_value *v, enum want w)
{
	switch (w) {
	case W_INT:
		return v->kind == OPS_V_INT || v->kind == OPS_V_NONE;
	case W_BOOL:
	case W_IGNORE_BOOL:
		return v->kind == OPS_V_BOOL;
	case W_STR:
		return v->kind == OPS_V_STR || v->kind == OPS_V_NONE;
	default:
		return true;
	}
}

int ops_type_set(struct ops_type *t, const char *kw,
		 const struct ops_value *v, struct rt_err *err)
{
	const struct kwspec *k = NULL;
	char *base = (char *)t;
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(kwspecs); i++)
		if (!strcmp(kwspecs[i].kw, kw))
			k = &kwspecs[i];
	if (!k || !kw_allowed(t, kw))
		return rt_errf(err, RT_ENOTIMPL, &v->loc,
			       "%s() keyword '%s' is not supported",
			       t->pyname, kw);
	if (!value_fits(v, k->want))
		return rt_errf(err, RT_ESYNTAX, &v->loc,
			       "%s() argument '%s' must be %s", t->pyname, kw,
			       want_text[k->want]);
	switch (k->want) {
	case W_INT:
		/* None: SQLAlchemy's "not given" (-1 for precision/scale) */
		*(int *)(base + k->off) = v->kind == OPS_V_NONE ?
			(!strcmp(kw, "precision") || !strcmp(kw, "scale") ?
			 -1 : 0) : (int)v->i;
		break;
	case W_BOOL:
		*(bool *)(base + k->off) = v->b;
		break;
	case W_STR:
		*(const char **)(base + k->off) =
			v->kind == OPS_V_NONE ? NULL : v->text;
		break;
	default:
		break;
	}
	return 0;
}

/* Grow an arena array by one slot: arrays are full when n is 0 or a
 * power of two, and then double (old copies stay in the arena). */
static void *grow(struct rt_arena *a, void *v, size_t n, size_t sz)
{
	void *nv;

	if (n & (n - 1))
		return v;
	nv = arena_alloc(a, (n ? 2 * n : 1) * sz);
	if (n)
		memcpy(nv, v, n * sz);
	return nv;
}

#define PUSH(a, arr, n, item) \
	do { \
		(arr) = grow((a), (arr), (n), sizeof(*(arr))); \
		(arr)[(n)++] = (item); \
	} while (0)

void ops_type_add_value(struct rt_arena *a, struct ops_type *t,
			const char *value)
{
	PUSH(a, t->values, t->nvalues, value);
}

struct ops_op *ops_op_new(struct rt_arena *a, enum ops_kind kind,
			  struct rt_loc loc)
{
	struct ops_op *op = arena_alloc(a, sizeof(*op));

	op->kind = kind;
	op->loc = loc;
	return op;
}

struct ops_table *ops_table_new(struct rt_arena *a, const char *name,
				struct rt_loc loc)
{
	struct ops_table *t = arena_alloc(a, sizeof(*t));

	t->name = name;
	t->loc = loc;
	return t;
}

struct ops_column *ops_column_new(struct rt_arena *a, const char *name,
				  struct ops_type *type, struct rt_loc loc)
{
	struct ops_column *c = arena_alloc(a, sizeof(*c));

	c->name = name;
	c->type = type ? type : ops_type_new(a, NULL, loc);
	c->loc = loc;
	return c;
}

struct ops_constraint *ops_constraint_new(struct rt_arena *a,
					  enum ops_cons_kind kind,
					  struct rt_loc loc)
{
	struct ops_constraint *c = arena_alloc(a, sizeof(*c));

	c->kind = kind;
	c->loc = loc;
	return c;
}

struct ops_fk *ops_fk_new(struct rt_arena *a, struct rt_loc loc)
{
	struct ops_fk *fk = arena_alloc(a, sizeof(*fk));

	fk->loc = loc;
	return fk;
}

struct ops_index *ops_index_new(struct rt_arena *a, const char *name,
				struct rt_loc loc)
{
	struct ops_index *ix = arena_alloc(a, sizeof(*ix));

	ix->name = name;
	ix->loc = loc;
	return ix;
}

struct ops_default *ops_default_new(struct rt_arena *a, bool is_text,
				    const char *sql, struct rt_loc loc)
{
	struct ops_default *d = arena_alloc(a, sizeof(*d));

	d->is_text = is_text;
	d->sql = sql;
	d->loc = loc;
	return d;
}

void ops_list_add(struct rt_arena *a, struct ops_list *l, struct ops_op *op)
{
	if (l->n == l->alloc) {
		struct ops_op **nv;

		l->alloc = l->alloc ? 2 * l->alloc : 8;
		nv = arena_alloc(a, l->alloc * sizeof(*nv));
		if (l->n)
			memcpy(nv, l->v, l->n * sizeof(*nv));
		l->v = nv;
	}
	l->v[l->n++] = op;
}

void ops_table_add_column(struct rt_arena *a, struct ops_table *t,
			  struct ops_column *c)
{
	PUSH(a, t->cols, t->ncols, c);
}

void ops_table_add_constraint(struct rt_arena *a, struct ops_table *t,
			      struct ops_constraint *c)
{
	PUSH(a, t->cons, t->ncons, c);
}

void ops_table_add_index(struct rt_arena *a, struct ops_table *t,
			 struct ops_index *ix)
{
	PUSH(a, t->indexes, t->nindexes, ix);
}

void ops_table_add_opt(struct rt_arena *a, struct ops_table *t,
		       const char *dialect, const char *key,
		       const char *value, struct rt_loc loc)
{
	struct ops_table_opt o = {
		.dialect = dialect, .key = key, .value = value, .loc = loc,
	};

	PUSH(a, t->opts, t->nopts, o);
}

void ops_column_add_fk(struct rt_arena *a, struct ops_column *c,
		       struct ops_fk *fk)
{
	PUSH(a, c->fks, c->nfks, fk);
}

void ops_column_add_check(struct rt_arena *a, struct ops_column *c,
			  struct ops_constraint *k)
{
	PUSH(a, c->checks, c->nchecks, k);
}

void ops_index_add_col(struct rt_arena *a, struct ops_index *ix,
		       const char *name, bool is_expr)
{
	struct ops_index_col col = { .name = name, .is_expr = is_expr };

	PUSH(a, ix->cols, ix->ncols, col);
}

const char **ops_strv(struct rt_arena *a, const char *const *v, size_t n)
{
	const char **out = arena_alloc(a, (n ? n : 1) * sizeof(*out));

	if (n)
		memcpy(out, v, n * sizeof(*out));
	return out;
}

struct ops_column *ops_table_column(const struct ops_table *t,
				    const char *name)
{
	size_t i;

	/* Tables hold a handful of columns: a scan is what SQLAlchemy's
	 * ColumnCollection costs too, and building a map would cost more. */
	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i]->name, name))
			return t->cols[i];
	return NULL;
}

int ops_row_new(struct ops_row **out, struct rt_arena *a,
		const struct ops_table *t, const char *const *keys,
		struct ops_value *const *vals, size_t n, struct rt_loc loc,
		struct rt_err *err)
{
	struct ops_row *r = arena_alloc(a, sizeof(*r));
	size_t i, j;

	r->vals = arena_alloc(a, (t->ncols ? t->ncols : 1) *
			      sizeof(*r->vals));
	r->loc = loc;
	for (i = 0; i < n; i++) {
		for (j = 0; j < t->ncols; j++)
			if (!strcmp(t->cols[j]->name, keys[i]))
				break;
		if (j == t->ncols)
			return rt_errf(err, RT_ERROR, &vals[i]->loc,
				       "bulk_insert: table '%s' has no "
				       "column '%s'", t->name, keys[i]);
		r->vals[j] = vals[i];
	}
	*out = r;
	return 0;
}

static const char *const cons_names[] = {
	"PrimaryKeyConstraint", "ForeignKeyConstraint", "UniqueConstraint",
	"CheckConstraint",
};

static int need_column(const struct ops_table *t, const char *col,
		       const char *what, const struct rt_loc *loc,
		       struct rt_err *err)
{
	if (ops_table_column(t, col))
		return 0;
	return rt_errf(err, RT_ESYNTAX, loc,
		       "%s() names column '%s' that table '%s' does not have",
		       what, col, t->name);
}

/* Split each "[schema.]table.column" of fk->refspecs (SQLAlchemy's
 * ForeignKey._column_tokens: the last two dotted parts are table and
 * column, the rest is the schema). */
static int resolve_fk(struct ops_fk *fk, struct rt_arena *a,
		      struct rt_err *err)
{
	size_t i;

	if (fk->ref_table || !fk->refspecs)
		return 0;
	fk->ref_cols = arena_alloc(a, (fk->ncols ? fk->ncols : 1) *
				   sizeof(*fk->ref_cols));
	for (i = 0; i < fk->ncols; i++) {
		const char *s = fk->refspecs[i];
		const char *col = strrchr(s, '.'), *tab;
		const char *schema = NULL, *table;

		if (!col || col == s || !col[1])
			goto bad;
		for (tab = col - 1; tab > s && tab[-1] != '.'; tab--)
			;
		table = arena_strndup(a, tab, (size_t)(col - tab));
		if (tab > s) {
			if (tab - 1 == s)
				goto bad;
			schema = arena_strndup(a, s, (size_t)(tab - 1 - s));
		}
		if (!*table)
			goto bad;
		if (i && (strcmp(table, fk->ref_table) ||
			  (schema == NULL) != (fk->ref_schema == NULL) ||
			  (schema && strcmp(schema, fk->ref_schema))))
			return rt_errf(err, RT_ESYNTAX, &fk->loc,
				       "ForeignKeyConstraint() references "
				       "more than one table");
		fk->ref_table = table;
		fk->ref_schema = schema;
		fk->ref_cols[i] = col + 1;
		continue;
bad:
		return rt_errf(err, RT_ESYNTAX, &fk->loc,
			       "ForeignKey() target '%s' must be "
			       "'table.column' or 'schema.table.column'", s);
	}
	fk->ref_table = fk->ref_table ? fk->ref_table : "";
	return 0;
}

static int validate_fk_counts(const struct ops_fk *fk, struct rt_err *err)
{
	if (fk->nrefs != fk->ncols)
		return rt_errf(err, RT_ESYNTAX, &fk->loc,
			       "ForeignKeyConstraint number of constrained "
			       "columns must match the number of referenced "
			       "columns.");
	return 0;
}

static int validate_constraint(struct ops_table *t, struct ops_constraint *c,
			       struct rt_arena *a, struct rt_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < c->ncols; i++)
		if ((rc = need_column(t, c->cols[i], cons_names[c->kind],
				      &c->loc, err)) < 0)
			return rc;
	if (c->kind != OPS_C_FOREIGN)
		return 0;
	if ((rc = validate_fk_counts(c->fk, err)) < 0)
		return rc;
	return resolve_fk(c->fk, a, err);
}

static int validate_table(struct ops_table *t, struct rt_arena *a,
			  struct rt_err *err)
{
	size_t i, j;
	int rc;

	for (i = 0; i < t->ncols; i++) {
		struct ops_column *c = t->cols[i];

		for (j = 0; j < i; j++)
			if (!strcmp(t->cols[j]->name, c->name))
				return rt_errf(err, RT_ESYNTAX, &c->loc,
					       "table '%s' has column '%s' "
					       "twice", t->name, c->name);
		for (j = 0; j < c->nfks; j++) {
			c->fks[j]->cols = ops_strv(a, &c->name, 1);
			c->fks[j]->ncols = c->fks[j]->nrefs = 1;
			if ((rc = resolve_fk(c->fks[j], a, err)) < 0)
				return rc;
		}
	}
	for (i = 0; i < t->ncons; i++) {
		struct ops_constraint *c = t->cons[i];

		if ((rc = validate_constraint(t, c, a, err)) < 0)
			return rc;
		/* PrimaryKeyConstraint._set_parent: its columns become
		 * primary keys, NOT NULL unless nullable= was given. */
		if (c->kind == OPS_C_PRIMARY)
			for (j = 0; j < c->ncols; j++)
				ops_table_column(t, c->cols[j])->primary_key =
					true;
	}
	for (i = 0; i < t->nindexes; i++)
		for (j = 0; j < t->indexes[i]->ncols; j++)
			if (!t->indexes[i]->cols[j].is_expr &&
			    (rc = need_column(t, t->indexes[i]->cols[j].name,
					      "Index", &t->indexes[i]->loc,
					      err)) < 0)
				return rc;
	return 0;
}

static bool valid_drop_type(const char *t)
{
	return !t || !strcmp(t, "foreignkey") || !strcmp(t, "primary") ||
	       !strcmp(t, "unique") || !strcmp(t, "check");
}

int ops_op_validate(struct ops_op *op, struct rt_arena *a,
		    struct rt_err *err)
{
	switch (op->kind) {
	case OPS_CREATE_TABLE:
		return validate_table(op->u.create, a, err);
	case OPS_ADD_COLUMN: {
		struct ops_column *c = op->u.column;
		size_t i;
		int rc;

		for (i = 0; i < c->nfks; i++) {
			c->fks[i]->cols = ops_strv(a, &c->name, 1);
			c->fks[i]->ncols = c->fks[i]->nrefs = 1;
			if ((rc = resolve_fk(c->fks[i], a, err)) < 0)
				return rc;
		}
		return 0;
	}
	case OPS_ADD_CONSTRAINT:
		if (op->u.cons->kind == OPS_C_FOREIGN)
			return validate_fk_counts(op->u.cons->fk, err);
		return 0;
	case OPS_DROP_CONSTRAINT:
		if (!valid_drop_type(op->u.drop.type_))
			return rt_errf(err, RT_ESYNTAX, &op->loc,
				       "drop_constraint() type_ must be one of "
				       "'foreignkey', 'primary', 'unique', "
				       "'check'");
		return 0;

	case OPS_BULK_INSERT:
		if (!op->u.create->ncols)
			return rt_errf(err, RT_ESYNTAX, &op->loc,
				       "bulk_insert() table '%s' has no "
				       "columns", op->u.create->name);
		return 0;
	default:
		return 0;
	}
}

size_t ops_table_pk(const struct ops_table *t, const char ***out,
		    const struct ops_constraint **pkc, struct rt_arena *a)
{
	const char **v;
	size_t i, n = 0;

	*pkc = NULL;
	for (i = 0; i < t->ncons; i++)
		if (t->cons[i]->kind == OPS_C_PRIMARY)
			*pkc = t->cons[i];
	if (*pkc) {
		*out = ops_strv(a, (*pkc)->cols, (*pkc)->ncols);
		return (*pkc)->ncols;
	}
	v = arena_alloc(a, (t->ncols ? t->ncols : 1) * sizeof(*v));
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i]->primary_key)
			v[n++] = t->cols[i]->name;
	*out = v;
	return n;
}

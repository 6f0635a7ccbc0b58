/*
 * render_pg.c: what SQLAlchemy 1.4's PGDDLCompiler/PGTypeCompiler and
 * Alembic's PostgresqlImpl do differently: SERIAL columns, native ENUM
 * types created before CREATE TABLE, index options, ALTER ... TYPE.
 */
#include "render_int.h"

/* TIMESTAMP/TIME: "(p)" and WITH/WITHOUT TIME ZONE */
static void zoned(struct rt_buf *b, const char *name,
		  const struct ops_type *t)
{
	rt_buf_adds(b, name);
	if (t->precision >= 0 && t->kind != OPS_T_DATETIME)
		rt_buf_addf(b, "(%d)", t->precision);
	rt_buf_adds(b, t->timezone ? " WITH TIME ZONE" :
		    " WITHOUT TIME ZONE");
}

/* preparer.format_type() of a native ENUM */
static int enum_name(struct rt_buf *b, struct render_ctx *c,
		     const struct ops_type *t)
{
	if (!t->name)
		return rt_errf(c->err, RT_ERROR, &t->loc,
			       "PostgreSQL ENUM type requires a name.");
	if (t->schema) {
		render_ident(b, c, t->schema);
		rt_buf_addch(b, '.');
	}
	render_ident(b, c, t->name);
	return 0;
}

static int pg_type(struct rt_buf *b, struct render_ctx *c,
		   const struct ops_type *t);

/* ARRAY: the item's type with "[]" per dimension before any COLLATE */
static int array_type(struct rt_buf *b, struct render_ctx *c,
		      const struct ops_type *t)
{
	struct rt_buf in = RT_BUF_INIT;
	const char *coll;
	int rc, i, dims = t->dimensions ? t->dimensions : 1;

	if (!t->item)
		return rt_errf(c->err, RT_ESYNTAX, &t->loc,
			       "ARRAY() requires an item type");
	if ((rc = pg_type(&in, c, t->item)) == 0) {
		coll = strstr(in.buf, " COLLATE");
		rt_buf_add(b, in.buf, coll ? (size_t)(coll - in.buf) : in.len);
		for (i = 0; i < dims; i++)
			rt_buf_adds(b, "[]");
		if (coll)
			rt_buf_adds(b, coll);
	}
	rt_buf_release(&in);
	return rc;
}

static int pg_type(struct rt_buf *b, struct render_ctx *c,
		   const struct ops_type *t)
{
	static const char *const plain[] = {
		[OPS_T_LARGE_BINARY] = "BYTEA", [OPS_T_BYTEA] = "BYTEA",
		[OPS_T_UUID] = "UUID", [OPS_T_JSONB] = "JSONB",
		[OPS_T_INET] = "INET", [OPS_T_CIDR] = "CIDR",
		[OPS_T_TSVECTOR] = "TSVECTOR", [OPS_T_CITEXT] = "CITEXT",
		[OPS_T_DOUBLE] = "DOUBLE PRECISION",
	};

	if (t->kind == OPS_T_INTERVAL) {
		/* visit_INTERVAL() */
		rt_buf_adds(b, "INTERVAL");
		if (t->fields)
			rt_buf_addf(b, " %s", t->fields);
		if (t->precision >= 0)
			rt_buf_addf(b, " (%d)", t->precision);
		return 0;
	}
	if ((size_t)t->kind < RT_ARRAY_SIZE(plain) && plain[t->kind]) {

		rt_buf_adds(b, plain[t->kind]);
		return 0;
	}
	switch (t->kind) {
	case OPS_T_UUID_GENERIC:
		if (!t->native_uuid)
			break;
		rt_buf_adds(b, "UUID");
		return 0;
	case OPS_T_DATETIME:
	case OPS_T_TIMESTAMP:
		zoned(b, "TIMESTAMP", t);
		return 0;
	case OPS_T_TIME:
		zoned(b, "TIME", t);
		return 0;
	case OPS_T_FLOAT:
		rt_buf_adds(b, "FLOAT");
		if (t->precision >= 0)
			rt_buf_addf(b, "(%d)", t->precision);
		return 0;
	case OPS_T_ENUM:
		if (!t->native_enum)
			break;
		return enum_name(b, c, t);
	case OPS_T_ARRAY:
		return array_type(b, c, t);
	default:
		break;
	}
	return render_generic_type(b, c, t);
}

/* visit_identity_column() with get_identity_options() */
static void identity(struct rt_buf *b, const struct ops_identity *id)
{
	struct rt_buf o = RT_BUF_INIT;

	rt_buf_addf(b, " GENERATED %s AS IDENTITY",
		    id->always ? "ALWAYS" : "BY DEFAULT");
	if (id->has_increment)
		rt_buf_addf(&o, " INCREMENT BY %lld", id->increment);
	if (id->has_start)
		rt_buf_addf(&o, " START WITH %lld", id->start);
	if (id->has_minvalue)
		rt_buf_addf(&o, " MINVALUE %lld", id->minvalue);
	if (id->has_maxvalue)
		rt_buf_addf(&o, " MAXVALUE %lld", id->maxvalue);
	if (id->nominvalue)
		rt_buf_adds(&o, " NO MINVALUE");
	if (id->nomaxvalue)
		rt_buf_adds(&o, " NO MAXVALUE");
	if (id->has_cache)
		rt_buf_addf(&o, " CACHE %lld", id->cache);
	if (id->order != OPS_UNSET)
		rt_buf_adds(&o, id->order == OPS_TRUE ? " ORDER" : " NO ORDER");
	if (id->cycle != OPS_UNSET)
		rt_buf_adds(&o, id->cycle == OPS_TRUE ? " CYCLE" : " NO CYCLE");
	if (o.len)
		rt_buf_addf(b, " (%s)", o.buf + 1);
	rt_buf_release(&o);
}

static int pg_colspec(struct rt_buf *b, struct render_ctx *c,
		      const struct render_col *rc)
{
	const struct ops_column *col = rc->col;
	int r;

	render_ident(b, c, col->name);
	if (rc->pk && rc->autoinc && !col->identity) {
		if (col->type->kind == OPS_T_BIGINT)
			rt_buf_adds(b, " BIGSERIAL");
		else if (col->type->kind == OPS_T_SMALLINT)
			rt_buf_adds(b, " SMALLSERIAL");
		else
			rt_buf_adds(b, " SERIAL");
	} else {
		rt_buf_addch(b, ' ');
		if ((r = pg_type(b, c, col->type)) < 0)
			return r;
		if (col->server_default) {
			rt_buf_adds(b, " DEFAULT ");
			render_default(b, c, col->server_default);
		}
	}
	if (col->identity)
		identity(b, col->identity);
	if (!rc->nullable && !col->identity)
		rt_buf_adds(b, " NOT NULL");
	else if (rc->nullable && col->identity)
		rt_buf_adds(b, " NULL");
	return 0;
}

static void pg_post_create(struct rt_buf *b, struct render_ctx *c,
			   const struct ops_table *t)
{
	(void)b;
	(void)c;
	(void)t;
}

/* ENUM._on_table_create: CREATE TYPE once per (schema, name) per run
 * (_check_for_name_in_memos on Alembic's impl.memo). */
static int pg_before_create(struct render_ctx *c, const struct ops_table *t)
{
	struct rt_buf b = RT_BUF_INIT;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < t->ncols && rc == 0; i++) {
		const struct ops_type *e = t->cols[i]->type;
		char *key;

		if (e->kind == OPS_T_ARRAY && e->item)	/* ARRAY(Enum) */
			e = e->item;

		if (e->kind != OPS_T_ENUM || !e->native_enum ||
		    !e->create_type)
			continue;
		if ((rc = enum_name(&b, c, e)) < 0)
			break;
		rt_buf_reset(&b);
		key = arena_printf(c->a, "%s.%s", e->schema ? e->schema : "",
				   e->name);
		if (strmap_put(&c->s->pg_enums, key, key))
			continue;
		rt_buf_adds(&b, "CREATE TYPE ");
		enum_name(&b, c, e);
		rt_buf_adds(&b, " AS ENUM (");
		for (j = 0; j < e->nvalues; j++) {
			if (j)
				rt_buf_adds(&b, ", ");
			render_string(&b, c, e->values[j]);
		}
		rt_buf_addch(&b, ')');
		render_emit(c, &b);
	}
	rt_buf_release(&b);
	return rc;
}

/* validate_sql_phrase(using, IDX_USING) failed */
static int using_error(struct render_ctx *c, const struct ops_index *ix)
{
	struct rt_buf r = RT_BUF_INIT;
	int rc;

	pyc_repr(&r, ix->pg_using, strlen(ix->pg_using));
	rc = rt_errf(c->err, RT_ERROR, &ix->loc, "Unexpected SQL phrase: %s "
		     "(matching against '^(?:btree|hash|gist|gin|[\\\\w_]+)$')",
		     r.buf);
	rt_buf_release(&r);
	return rc;
}

static int pg_create_index(struct rt_buf *b, struct render_ctx *c,
			   const struct ops_index *ix)


{
	const char *p;

	rt_buf_adds(b, "CREATE ");
	if (ix->unique)
		rt_buf_adds(b, "UNIQUE ");
	rt_buf_adds(b, "INDEX ");
	if (ix->pg_concurrently)
		rt_buf_adds(b, "CONCURRENTLY ");
	render_ident(b, c, ix->name);
	rt_buf_adds(b, " ON ");
	render_table(b, c, ix->schema, ix->table);
	rt_buf_addch(b, ' ');
	if (ix->pg_using) {
		/* validate_sql_phrase(using, IDX_USING), then lower() */
		for (p = ix->pg_using; *p; p++)
			if (!(*p == '_' || (*p >= 'a' && *p <= 'z') ||
			      (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9')))
				return using_error(c, ix);
		rt_buf_adds(b, "USING ");
		for (p = ix->pg_using; *p; p++)
			rt_buf_addch(b, *p >= 'A' && *p <= 'Z' ?
				     *p - 'A' + 'a' : *p);
		rt_buf_addch(b, ' ');
	}
	render_index_cols(b, c, ix);
	if (ix->npg_include) {
		size_t i;

		rt_buf_adds(b, " INCLUDE (");
		for (i = 0; i < ix->npg_include; i++) {
			if (i)
				rt_buf_adds(b, ", ");
			render_ident(b, c, ix->pg_include[i]);
		}
		rt_buf_addch(b, ')');
	}
	if (ix->pg_where) {
		rt_buf_adds(b, " WHERE ");
		render_text(b, c, ix->pg_where);
	}
	return 0;
}

static int pg_drop_index(struct rt_buf *b, struct render_ctx *c,
			 const struct ops_index *ix)
{
	rt_buf_adds(b, "\nDROP INDEX ");
	if (ix->pg_concurrently)
		rt_buf_adds(b, "CONCURRENTLY ");
	render_table(b, c, ix->schema, ix->name);
	return 0;
}

/* PostgresqlImpl.alter_column: TYPE [USING] first, then the base;
 * postgresql_using without type_ is its CommandError (other dialects
 * ignore the keyword). */
static int pg_alter_column(struct render_ctx *c, const struct ops_op *op)
{
	const struct ops_alter *al = &op->u.alter;
	struct rt_buf b = RT_BUF_INIT;
	int rc;

	if (al->pg_using && !al->type)
		return rt_errf(c->err, RT_ECOMMAND, &op->loc,
			       "postgresql_using must be used with the "
			       "type_ parameter");

	if (al->type) {
		render_alter_table(&b, c, op->schema, op->table);
		rt_buf_adds(&b, " ALTER COLUMN ");
		render_ident(&b, c, al->column);
		rt_buf_adds(&b, " TYPE ");
		if ((rc = pg_type(&b, c, al->type)) < 0) {
			rt_buf_release(&b);
			return rc;
		}
		/* "%s %s %s %s": a trailing blank without USING */
		rt_buf_addch(&b, ' ');
		if (al->pg_using)
			rt_buf_addf(&b, "USING %s", al->pg_using);
		render_emit(c, &b);
	}
	rt_buf_release(&b);
	return render_alter_base(c, op, false);
}

static int pg_drop_constraint(struct rt_buf *b, struct render_ctx *c,
			      const struct ops_op *op)
{
	rt_buf_adds(b, "ALTER TABLE ");
	render_table(b, c, op->schema, op->table);
	rt_buf_adds(b, " DROP CONSTRAINT ");
	render_ident(b, c, op->u.drop.name);
	return 0;
}

const struct render_dialect render_pg = {
	.native_boolean = true,
	.native_enum = true,
	.supports_comments = true,
	.inline_comments = false,
	.type = pg_type,
	.colspec = pg_colspec,
	.post_create = pg_post_create,
	.before_create = pg_before_create,
	.create_index = pg_create_index,
	.drop_index = pg_drop_index,
	.alter_column = pg_alter_column,
	.drop_constraint = pg_drop_constraint,
	.table_comment = render_generic_table_comment,
	.rename_keeps_schema = false,
	.cross_schema_fk = true,
	.alter_constraints = true,
	.bool_literal_int = false,
	.index_opclass = true,
	.fk_match = true,
	.date_literal_processor = false,
	.funcs = RENDER_FUNCS_GENERIC,
};

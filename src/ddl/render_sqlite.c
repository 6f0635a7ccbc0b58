/*
 * render_sqlite.c: SQLite as SQLAlchemy 1.4's SQLiteDDLCompiler and
 * Alembic's SQLiteImpl render it: no SERIAL/AUTO_INCREMENT, CHECKs for
 * Boolean/Enum, schema-qualified index names, no ALTER of constraints.
 */
#include "render_int.h"

#include <ctype.h>

static int sqlite_type(struct rt_buf *b, struct render_ctx *c,
		       const struct ops_type *t)
{
	return render_generic_type(b, c, t);
}

/* Python's re \W on one byte: not [A-Za-z0-9_]; bytes of non-ASCII
 * characters count as word characters (most are letters). */
static bool non_word(unsigned char ch)
{
	return ch < 0x80 && !isalnum(ch) && ch != '_';
}

/*
 * " DEFAULT <d>".  SQLAlchemy 1.4 parenthesizes a ColumnElement (sa.func,
 * sa.true()), which neither a str nor sa.text() is.  SQLAlchemy 2.0
 * (Alembic >= 1.13) looks at the rendered text instead: parenthesized
 * when it does not start with a quote or '(' (after blanks) and holds a
 * non-word character (get_column_specification(): not re.match(r"^\s*
 * [\'\"\(]", default) and re.match(r".*\W.*", default); a newline is
 * \W, so "holds one anywhere").
 */
static void sqlite_default(struct rt_buf *b, struct render_ctx *c,
			   const struct ops_default *d)
{
	struct rt_buf t = RT_BUF_INIT;
	const char *p;
	bool paren = false;

	render_default(&t, c, d);
	if (!alembic_sa2(c->s->alembic)) {
		paren = d->expr != OPS_D_SQL;
	} else {
		for (p = t.buf; isspace((unsigned char)*p); p++)
			;
		if (*p != '\'' && *p != '"' && *p != '(')
			for (p = t.buf; *p && !paren; p++)
				paren = non_word((unsigned char)*p);
	}
	rt_buf_adds(b, paren ? " DEFAULT (" : " DEFAULT ");
	rt_buf_adds(b, t.buf);
	if (paren)
		rt_buf_addch(b, ')');
	rt_buf_release(&t);
}

static int sqlite_colspec(struct rt_buf *b, struct render_ctx *c,
			  const struct render_col *rc)
{
	const struct ops_column *col = rc->col;
	int r;

	if (rc->pk && col->autoincrement == OPS_TRUE && rc->npk != 1)
		return rt_errf(c->err, RT_ERROR, &col->loc,
			       "SQLite does not support autoincrement for "
			       "composite primary keys");
	render_ident(b, c, col->name);
	rt_buf_addch(b, ' ');
	if ((r = sqlite_type(b, c, col->type)) < 0)
		return r;
	if (col->server_default)
		sqlite_default(b, c, col->server_default);
	if (!rc->nullable)

		rt_buf_adds(b, " NOT NULL");
	return 0;
}

static void sqlite_post_create(struct rt_buf *b, struct render_ctx *c,
			       const struct ops_table *t)
{
	(void)b;
	(void)c;
	(void)t;
}

static int sqlite_before_create(struct render_ctx *c,
				const struct ops_table *t)
{
	(void)c;
	(void)t;
	return 0;
}

/* include_schema=True, include_table_schema=False */
static int sqlite_create_index(struct rt_buf *b, struct render_ctx *c,
			       const struct ops_index *ix)
{
	rt_buf_adds(b, "CREATE ");
	if (ix->unique)
		rt_buf_adds(b, "UNIQUE ");
	rt_buf_adds(b, "INDEX ");
	render_table(b, c, ix->schema, ix->name);
	rt_buf_adds(b, " ON ");
	render_ident(b, c, ix->table);
	rt_buf_addch(b, ' ');
	render_index_cols(b, c, ix);
	return 0;
}

static int sqlite_drop_index(struct rt_buf *b, struct render_ctx *c,
			     const struct ops_index *ix)
{
	rt_buf_adds(b, "\nDROP INDEX ");
	render_table(b, c, ix->schema, ix->name);
	return 0;
}

static int sqlite_alter_column(struct render_ctx *c, const struct ops_op *op)
{
	return render_alter_base(c, op, true);
}

/* Never reached: render.c raises first (alter_constraints false). */
static int sqlite_drop_constraint(struct rt_buf *b, struct render_ctx *c,
				  const struct ops_op *op)
{
	(void)b;
	return rt_errf(c->err, RT_ERROR, &op->loc, "drop_constraint");
}

const struct render_dialect render_sqlite = {
	.native_boolean = false,
	.native_enum = false,
	.supports_comments = false,
	.inline_comments = false,
	.type = sqlite_type,
	.colspec = sqlite_colspec,
	.post_create = sqlite_post_create,
	.before_create = sqlite_before_create,
	.create_index = sqlite_create_index,
	.drop_index = sqlite_drop_index,
	.alter_column = sqlite_alter_column,
	.drop_constraint = sqlite_drop_constraint,
	.table_comment = render_generic_table_comment,
	.rename_keeps_schema = false,
	.cross_schema_fk = false,
	.alter_constraints = false,
	.bool_literal_int = true,
	.index_opclass = false,
	.fk_match = true,
	.date_literal_processor = true,
	.funcs = RENDER_FUNCS_SQLITE,
};

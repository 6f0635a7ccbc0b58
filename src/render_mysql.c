/*
 * render_mysql.c: MySQL and MariaDB as SQLAlchemy 1.4's MySQLDDLCompiler
 * and MySQLTypeCompiler and Alembic's MySQLImpl render them: inline
 * ENUM and COMMENT, AUTO_INCREMENT, CHANGE/MODIFY, index prefix lengths.
 */
#include "render_int.h"

static bool is_mariadb(const struct render_ctx *c)
{
	return !strcmp(c->d->name, "mariadb");
}

/* _extend_string(): only the collation is modelled */
static void extend_string(struct rt_buf *b, const struct ops_type *t)
{
	if (t->collation)
		rt_buf_addf(b, " COLLATE %s", t->collation);
}

/* _extend_numeric(): UNSIGNED/ZEROFILL of the mysql.* types */
static void extend_numeric(struct rt_buf *b, const struct ops_type *t)
{
	if (t->module != OPS_M_MYSQL)
		return;
	if (t->unsigned_)
		rt_buf_adds(b, " UNSIGNED");
	if (t->zerofill)
		rt_buf_adds(b, " ZEROFILL");
}

static void with_width(struct rt_buf *b, const char *name, int width)
{
	rt_buf_adds(b, name);
	if (width)
		rt_buf_addf(b, "(%d)", width);
}

static int varchar(struct rt_buf *b, struct render_ctx *c,
		   const struct ops_type *t, int length)
{
	if (!length)
		return rt_errf(c->err, RT_ERROR, &t->loc,
			       "VARCHAR requires a length on dialect %s",
			       c->d->name);
	rt_buf_addf(b, "VARCHAR(%d)", length);
	extend_string(b, t);
	return 0;
}

/* _visit_enumerated_values(): quotes doubled, backslashes kept */
static void enum_values(struct rt_buf *b, struct render_ctx *c,
			const struct ops_type *t)
{
	size_t i;

	rt_buf_adds(b, "ENUM(");
	for (i = 0; i < t->nvalues; i++) {
		if (i)
			rt_buf_addch(b, ',');
		dialect_literal(b, c->d, t->values[i], false);
	}
	rt_buf_addch(b, ')');
	extend_string(b, t);
}

static int mysql_type(struct rt_buf *b, struct render_ctx *c,
		      const struct ops_type *t)
{
	switch (t->kind) {
	case OPS_T_INTEGER:
		with_width(b, "INTEGER", t->display_width);
		extend_numeric(b, t);
		return 0;
	case OPS_T_TINYINT:
		with_width(b, "TINYINT", t->display_width);
		extend_numeric(b, t);
		return 0;
	case OPS_T_STRING:
		return varchar(b, c, t, t->length);
	case OPS_T_TEXT:
		with_width(b, "TEXT", t->length);
		extend_string(b, t);
		return 0;
	case OPS_T_LONGTEXT:
		rt_buf_adds(b, "LONGTEXT");
		extend_string(b, t);
		return 0;
	case OPS_T_ENUM:
		if (!t->native_enum)
			return varchar(b, c, t, render_enum_length(t));
		enum_values(b, c, t);
		return 0;
	case OPS_T_BOOLEAN:
		rt_buf_adds(b, "BOOL");
		return 0;
	case OPS_T_DATETIME:
	case OPS_T_UPPER_DATETIME:
	case OPS_T_INTERVAL:
		with_width(b, "DATETIME", t->fsp);
		return 0;
	case OPS_T_TIMESTAMP:
		with_width(b, "TIMESTAMP", t->fsp);
		return 0;
	case OPS_T_TIME:
		with_width(b, "TIME", t->fsp);
		return 0;
	case OPS_T_FLOAT:
		rt_buf_adds(b, "FLOAT");
		if (t->precision >= 0)
			rt_buf_addf(b, "(%d)", t->precision);
		extend_numeric(b, t);
		return 0;
	case OPS_T_LARGE_BINARY:
	case OPS_T_BLOB:
		with_width(b, "BLOB", t->length);
		return 0;
	default:
		return render_generic_type(b, c, t);
	}
}

static int mysql_colspec(struct rt_buf *b, struct render_ctx *c,
			 const struct render_col *rc)
{
	const struct ops_column *col = rc->col;
	int r;

	render_ident(b, c, col->name);
	rt_buf_addch(b, ' ');
	if ((r = mysql_type(b, c, col->type)) < 0)
		return r;
	if (!rc->nullable)
		rt_buf_adds(b, " NOT NULL");
	else if (col->type->kind == OPS_T_TIMESTAMP)
		rt_buf_adds(b, " NULL");
	if (col->comment) {
		rt_buf_adds(b, " COMMENT ");
		render_string(b, c, col->comment);
	}
	if (rc->autoinc && !col->server_default) {
		rt_buf_adds(b, " AUTO_INCREMENT");
	} else if (col->server_default) {
		rt_buf_adds(b, " DEFAULT ");
		render_default(b, c, col->server_default);
	}
	return 0;
}

static void mysql_post_create(struct rt_buf *b, struct render_ctx *c,
			      const struct ops_table *t)
{
	if (t->comment) {
		rt_buf_adds(b, "COMMENT=");
		render_string(b, c, t->comment);
	}
}

static int mysql_before_create(struct render_ctx *c,
			       const struct ops_table *t)
{
	(void)c;
	(void)t;
	return 0;
}

static int mysql_create_index(struct rt_buf *b, struct render_ctx *c,
			      const struct ops_index *ix)
{
	bool maria = is_mariadb(c);
	size_t i;

	rt_buf_adds(b, "CREATE ");
	if (ix->unique)
		rt_buf_adds(b, "UNIQUE ");
	rt_buf_adds(b, "INDEX ");
	render_ident(b, c, ix->name);
	rt_buf_adds(b, " ON ");
	render_table(b, c, ix->schema, ix->table);
	rt_buf_adds(b, " (");
	for (i = 0; i < ix->ncols; i++) {
		/* <dialect name>_length: mysql_length on "mysql" only */
		int len = maria ? ix->cols[i].mariadb_length :
				  ix->cols[i].mysql_length;

		if (i)
			rt_buf_adds(b, ", ");
		if (ix->cols[i].is_expr)
			render_text(b, c, ix->cols[i].name);
		else
			render_ident(b, c, ix->cols[i].name);
		if (len)
			rt_buf_addf(b, "(%d)", len);
	}
	rt_buf_addch(b, ')');
	return 0;
}

static int mysql_drop_index(struct rt_buf *b, struct render_ctx *c,
			    const struct ops_index *ix)
{
	rt_buf_adds(b, "\nDROP INDEX ");
	render_ident(b, c, ix->name);
	rt_buf_adds(b, " ON ");
	render_table(b, c, ix->schema, ix->table);
	return 0;
}

/* _mysql_colspec() of CHANGE/MODIFY */
static int alter_colspec(struct rt_buf *b, struct render_ctx *c,
			 const struct ops_op *op, const struct ops_type *type)
{
	const struct ops_alter *al = &op->u.alter;
	const struct ops_default *def = al->server_default_set ?
		al->server_default : al->existing_server_default;
	const char *comment = al->comment_set ? al->comment :
		al->existing_comment;
	enum ops_tri nullable = al->nullable != OPS_UNSET ? al->nullable :
		al->existing_nullable;
	enum ops_tri autoinc = al->autoincrement != OPS_UNSET ?
		al->autoincrement : al->existing_autoincrement;
	int rc;

	rt_buf_addch(b, ' ');
	if ((rc = mysql_type(b, c, type)) < 0)
		return rc;
	rt_buf_adds(b, nullable == OPS_FALSE ? " NOT NULL" : " NULL");
	if (autoinc == OPS_TRUE)
		rt_buf_adds(b, " AUTO_INCREMENT");
	if (def) {
		rt_buf_adds(b, " DEFAULT ");
		render_default(b, c, def);
	}
	if (comment && *comment) {
		rt_buf_adds(b, " COMMENT ");
		render_string(b, c, comment);
	}
	return 0;
}

static bool datetime_affinity(const struct ops_type *t)
{
	return t && (t->kind == OPS_T_DATETIME ||
		     t->kind == OPS_T_UPPER_DATETIME ||
		     t->kind == OPS_T_TIMESTAMP);
}

/* MySQLImpl.alter_column: CHANGE when renaming or for a DateTime
 * column (its server_default defaults to False, which "is not None"),
 * MODIFY for nullable/type/autoincrement/comment, else ALTER COLUMN
 * SET/DROP DEFAULT. */
static int mysql_alter_column(struct render_ctx *c, const struct ops_op *op)
{
	const struct ops_alter *al = &op->u.alter;
	const struct ops_type *type = al->type ? al->type : al->existing_type;
	bool change = al->new_name || (datetime_affinity(type) &&
		       !(al->server_default_set && !al->server_default));
	bool modify = al->nullable != OPS_UNSET || al->type ||
		      al->autoincrement != OPS_UNSET || al->comment_set;
	struct rt_buf b = RT_BUF_INIT;
	int rc = 0;

	if ((change || modify) && !type)
		return rt_errf(c->err, RT_ECOMMAND, &op->loc,
			       "All MySQL CHANGE/MODIFY COLUMN operations "
			       "require the existing type.");
	render_alter_table(&b, c, op->schema, op->table);
	if (change || modify) {
		rt_buf_adds(&b, change ? " CHANGE " : " MODIFY ");
		render_ident(&b, c, al->column);
		if (change) {
			rt_buf_addch(&b, ' ');
			render_ident(&b, c, al->new_name ? al->new_name :
				     al->column);
		}
		rc = alter_colspec(&b, c, op, type);
	} else if (al->server_default_set) {
		rt_buf_adds(&b, " ALTER COLUMN ");
		render_ident(&b, c, al->column);
		if (al->server_default) {
			rt_buf_adds(&b, " SET DEFAULT ");
			render_default(&b, c, al->server_default);
		} else {
			rt_buf_adds(&b, " DROP DEFAULT");
		}
	} else {
		rt_buf_release(&b);
		return 0;
	}
	if (rc == 0)
		render_emit(c, &b);
	rt_buf_release(&b);
	return rc;
}

static int mysql_drop_constraint(struct rt_buf *b, struct render_ctx *c,
				 const struct ops_op *op)
{
	const char *type = op->u.drop.type_;
	const char *qual;

	if (!type)
		return rt_errf(c->err, RT_ERROR, &op->loc,
			       "No generic 'DROP CONSTRAINT' in MySQL - "
			       "please specify constraint type");
	if (!strcmp(type, "foreignkey"))
		qual = "FOREIGN KEY ";
	else if (!strcmp(type, "primary"))
		qual = "PRIMARY KEY ";
	else if (!strcmp(type, "unique"))
		qual = "INDEX ";
	else
		qual = is_mariadb(c) ? "CONSTRAINT " : "CHECK ";
	rt_buf_adds(b, "ALTER TABLE ");
	render_table(b, c, op->schema, op->table);
	rt_buf_adds(b, " DROP ");
	rt_buf_adds(b, qual);
	if (strcmp(type, "primary"))
		render_ident(b, c, op->u.drop.name);
	return 0;
}

static void mysql_table_comment(struct rt_buf *b, struct render_ctx *c,
				const char *schema, const char *table,
				const char *comment)
{
	rt_buf_adds(b, "ALTER TABLE ");
	render_table(b, c, schema, table);
	rt_buf_adds(b, " COMMENT ");
	render_string(b, c, comment ? comment : "");
}

const struct render_dialect render_mysql = {
	.native_boolean = false,
	.native_enum = true,
	.supports_comments = true,
	.inline_comments = true,
	.type = mysql_type,
	.colspec = mysql_colspec,
	.post_create = mysql_post_create,
	.before_create = mysql_before_create,
	.create_index = mysql_create_index,
	.drop_index = mysql_drop_index,
	.alter_column = mysql_alter_column,
	.drop_constraint = mysql_drop_constraint,
	.table_comment = mysql_table_comment,
	.rename_keeps_schema = true,
	.cross_schema_fk = true,
	.alter_constraints = true,
	.bool_literal_int = false,
};

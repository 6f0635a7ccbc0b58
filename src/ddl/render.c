/*
 * render.c: the op IR rendered as SQLAlchemy 1.4.46's DDLCompiler and
 * Alembic 1.8.1's ddl/base.py + impl.py render it; what differs per
 * dialect is behind struct render_dialect (render_int.h).
 */
#include "render_int.h"

#include <strings.h>

#include "render_batch.h"
#include "sql/sqlbind.h"

void render_session_init(struct render_session *s, struct rt_arena *a,
			 const struct dialect *d, bool backslash_escapes)
{
	s->dialect = d;
	s->backslash_escapes = backslash_escapes;
	s->arena = a;
	s->alembic = 0;
	strmap_init_arena(&s->pg_enums, a);
}

void render_session_release(struct render_session *s)
{
	strmap_release(&s->pg_enums);
}

/* ---- helpers shared with the dialect files ---- */

void render_emit(struct render_ctx *c, struct rt_buf *b)
{
	struct render_list *l = c->out;
	struct rev_stmt *st;

	if (l->n == l->alloc) {
		struct rev_stmt *nv;

		l->alloc = l->alloc ? 2 * l->alloc : 8;
		nv = arena_alloc(c->a, l->alloc * sizeof(*nv));
		if (l->n)
			memcpy(nv, l->v, l->n * sizeof(*nv));
		l->v = nv;
	}
	st = &l->v[l->n++];
	st->sql = arena_strndup(c->a, b->buf, b->len);
	st->loc = c->op->loc;
	st->is_text = false;
	st->autocommit = false;
	rt_buf_reset(b);
}

void render_ident(struct rt_buf *b, struct render_ctx *c, const char *name)
{
	dialect_ident(b, c->d, name);
}

void render_table(struct rt_buf *b, struct render_ctx *c,
		  const char *schema, const char *name)
{
	if (schema) {
		render_ident(b, c, schema);
		rt_buf_addch(b, '.');
	}
	render_ident(b, c, name);
}

void render_alembic_table(struct rt_buf *b, struct render_ctx *c,
			  const char *schema, const char *name)
{
	const char *p, *dot;

	/* Alembic's quote_dotted(): each part of a dotted schema alone. */
	for (p = schema; p; p = dot ? dot + 1 : NULL) {
		char *part;

		dot = strchr(p, '.');
		part = dot ? arena_strndup(c->a, p, (size_t)(dot - p)) :
			     (char *)p;
		render_ident(b, c, part);
		rt_buf_addch(b, '.');
	}
	render_ident(b, c, name);
}

void render_alter_table(struct rt_buf *b, struct render_ctx *c,
			const char *schema, const char *name)
{
	rt_buf_adds(b, "ALTER TABLE ");
	render_alembic_table(b, c, schema, name);
}

void render_string(struct rt_buf *b, struct render_ctx *c, const char *s)
{
	dialect_literal(b, c->d, s, c->s->backslash_escapes);
}

void render_text(struct rt_buf *b, struct render_ctx *c, const char *sql)
{
	char *out;

	sqlbind_render_offline(&out, c->a, sql);
	rt_buf_adds(b, out);
}

/* The functions SQLAlchemy's compiler names itself (FUNCTIONS and the
 * dialects' visit_<name>_func), by lower-case name; NULL: name(). */
struct func_sql {
	const char *name;
	const char *sql[RENDER_FUNCS_N];	/* by enum render_funcs */
};

static const struct func_sql func_sqls[] = {
	{ "current_date", { "CURRENT_DATE", NULL, NULL } },
	{ "current_time", { "CURRENT_TIME", NULL, NULL } },
	{ "current_timestamp", { "CURRENT_TIMESTAMP", NULL, NULL } },
	{ "current_user", { "CURRENT_USER", NULL, NULL } },
	{ "localtime", { "LOCALTIME", NULL, NULL } },
	{ "localtimestamp", { "LOCALTIMESTAMP", NULL,
	  "DATETIME(CURRENT_TIMESTAMP, \"localtime\")" } },
	{ "now", { "now()", NULL, "CURRENT_TIMESTAMP" } },
	{ "random", { "random()", "rand()", NULL } },
	{ "session_user", { "SESSION_USER", NULL, NULL } },
	{ "sysdate", { "sysdate", "SYSDATE()", NULL } },
	{ "user", { "USER", NULL, NULL } },
};

/* sa.func.<name>() without arguments: registered names are found
 * case-insensitively, others render as written. */
static void render_func(struct rt_buf *b, struct render_ctx *c,
			const char *name)
{
	const char *sql = NULL;
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(func_sqls) && !sql; i++) {
		const struct func_sql *f = &func_sqls[i];

		if (strcasecmp(f->name, name))
			continue;
		sql = f->sql[c->rd->funcs] ? f->sql[c->rd->funcs] :
		      f->sql[RENDER_FUNCS_GENERIC];
	}
	if (sql)
		rt_buf_adds(b, sql);
	else
		rt_buf_addf(b, "%s()", name);
}

void render_default(struct rt_buf *b, struct render_ctx *c,
		    const struct ops_default *d)
{
	if (d->expr == OPS_D_FUNC) {
		render_func(b, c, d->sql);
		return;
	}
	if (d->expr == OPS_D_TRUE || d->expr == OPS_D_FALSE) {
		bool on = d->expr == OPS_D_TRUE;

		if (c->rd->bool_literal_int)
			rt_buf_adds(b, on ? "1" : "0");
		else
			rt_buf_adds(b, on ? "true" : "false");
		return;
	}
	if (d->is_text)
		render_text(b, c, d->sql);
	else
		render_string(b, c, d->sql);
}

int render_enum_length(const struct ops_type *t)
{
	size_t i;
	int max = 0;

	if (t->length)
		return t->length;
	for (i = 0; i < t->nvalues; i++) {
		const unsigned char *p = (const unsigned char *)t->values[i];
		int n = 0;

		/* Python's len(): code points, not bytes */
		for (; *p; p++)
			n += (*p & 0xC0) != 0x80;
		if (n > max)
			max = n;
	}
	return max;
}

static const char *const module_names[] = {

	"sqlalchemy", "postgresql", "mysql", "sqlite",
};

int render_type_unsupported(struct render_ctx *c, const struct ops_type *t)
{
	return rt_errf(c->err, RT_ERROR, &t->loc,
		       "type %s.%s cannot be rendered on dialect %s",
		       module_names[t->module], t->pyname, c->d->name);
}

/* GenericTypeCompiler._render_string_type(): SQLAlchemy writes the
 * collation in double quotes itself, not through the preparer. */
static void string_type(struct rt_buf *b, const char *name, int length,
			const char *collation)
{
	rt_buf_adds(b, name);
	if (length)
		rt_buf_addf(b, "(%d)", length);
	if (collation)
		rt_buf_addf(b, " COLLATE \"%s\"", collation);
}

static void numeric_type(struct rt_buf *b, const struct ops_type *t)
{
	if (t->precision < 0)
		rt_buf_adds(b, "NUMERIC");
	else if (t->scale < 0)
		rt_buf_addf(b, "NUMERIC(%d)", t->precision);
	else
		rt_buf_addf(b, "NUMERIC(%d, %d)", t->precision, t->scale);
}

int render_generic_type(struct rt_buf *b, struct render_ctx *c,
			const struct ops_type *t)
{
	switch (t->kind) {
	case OPS_T_INTEGER:
		rt_buf_adds(b, "INTEGER");
		return 0;
	case OPS_T_BIGINT:
		rt_buf_adds(b, "BIGINT");
		return 0;
	case OPS_T_SMALLINT:
		rt_buf_adds(b, "SMALLINT");
		return 0;
	case OPS_T_STRING:
		string_type(b, "VARCHAR", t->length, t->collation);
		return 0;
	case OPS_T_CHAR:
		string_type(b, "CHAR", t->length, t->collation);
		return 0;
	case OPS_T_TEXT:
		string_type(b, "TEXT", t->length, t->collation);
		return 0;
	case OPS_T_ENUM:
		/* the non-native form: VARCHAR of the longest value */
		string_type(b, "VARCHAR", render_enum_length(t), NULL);
		return 0;
	case OPS_T_BOOLEAN:
		rt_buf_adds(b, "BOOLEAN");
		return 0;
	case OPS_T_DATETIME:
	case OPS_T_UPPER_DATETIME:
	case OPS_T_INTERVAL:	/* non-native: its impl, DateTime */
		rt_buf_adds(b, "DATETIME");
		return 0;
	case OPS_T_DATE:
		rt_buf_adds(b, "DATE");
		return 0;
	case OPS_T_TIME:
		rt_buf_adds(b, "TIME");
		return 0;
	case OPS_T_TIMESTAMP:
		rt_buf_adds(b, "TIMESTAMP");
		return 0;
	case OPS_T_NUMERIC:
		numeric_type(b, t);
		return 0;
	case OPS_T_FLOAT:
		rt_buf_adds(b, "FLOAT");
		return 0;
	case OPS_T_REAL:
		rt_buf_adds(b, "REAL");
		return 0;
	case OPS_T_LARGE_BINARY:
	case OPS_T_BLOB:
		rt_buf_adds(b, "BLOB");
		return 0;
	case OPS_T_JSON:
		rt_buf_adds(b, "JSON");
		return 0;
	case OPS_T_NULL:
		return rt_errf(c->err, RT_ERROR, &t->loc,
			       "Can't generate DDL for NullType(); did you "
			       "forget to specify a type on this Column?");
	/* SQLAlchemy 2.0's (ops_type_sa2_only()); 2.0 makes the dialect
	 * classes postgresql.UUID, postgresql.DOUBLE_PRECISION its generic
	 * upper-case ones, which render everywhere */
	case OPS_T_UUID:
		if (t->module != OPS_M_SA && !alembic_sa2(c->s->alembic))
			return render_type_unsupported(c, t);
		rt_buf_adds(b, "UUID");
		return 0;
	case OPS_T_UUID_GENERIC:
		/* non-native: CHAR(32) of the hex digits */
		rt_buf_adds(b, "CHAR(32)");
		return 0;
	case OPS_T_DOUBLE:
	case OPS_T_UPPER_DOUBLE:
		rt_buf_adds(b, "DOUBLE");
		return 0;
	case OPS_T_DOUBLE_PRECISION:
		if (t->module != OPS_M_SA && !alembic_sa2(c->s->alembic))
			return render_type_unsupported(c, t);
		rt_buf_adds(b, "DOUBLE PRECISION");
		return 0;
	default:
		return render_type_unsupported(c, t);
	}
}

int render_type(struct rt_buf *out, struct render_session *s,
		const struct ops_type *t, struct rt_err *err)
{
	struct render_ctx c = { s, s->dialect, s->dialect->compiler,
				NULL, s->arena, NULL, err };

	return c.rd->type(out, &c, t);
}

void render_index_cols(struct rt_buf *b, struct render_ctx *c,
		       const struct ops_index *ix)
{
	size_t i;

	rt_buf_addch(b, '(');
	for (i = 0; i < ix->ncols; i++) {
		if (i)
			rt_buf_adds(b, ", ");
		if (ix->cols[i].is_expr)
			render_text(b, c, ix->cols[i].name);
		else
			render_ident(b, c, ix->cols[i].name);
		/* postgresql_ops= names an operator class there only */
		if (ix->cols[i].pg_ops && c->rd->index_opclass)
			rt_buf_addf(b, " %s", ix->cols[i].pg_ops);
	}
	rt_buf_addch(b, ')');
}

void render_column_comment(struct rt_buf *b, struct render_ctx *c,
			   const char *schema, const char *table,
			   const char *column, const char *comment)
{
	rt_buf_adds(b, "COMMENT ON COLUMN ");
	render_alembic_table(b, c, schema, table);
	rt_buf_addch(b, '.');
	render_ident(b, c, column);
	rt_buf_adds(b, " IS ");
	if (comment)
		render_string(b, c, comment);
	else
		rt_buf_adds(b, "NULL");
}

/* SetTableComment / DropTableComment of the generic compiler */
void render_generic_table_comment(struct rt_buf *b, struct render_ctx *c,
				  const char *schema, const char *table,
				  const char *comment)
{
	rt_buf_adds(b, "COMMENT ON TABLE ");
	render_table(b, c, schema, table);
	rt_buf_adds(b, " IS ");
	if (comment)
		render_string(b, c, comment);
	else
		rt_buf_adds(b, "NULL");
}

/* ---- constraints ---- */

static void name_prefix(struct rt_buf *b, struct render_ctx *c,
			const char *name)
{
	if (!name)
		return;
	rt_buf_adds(b, "CONSTRAINT ");
	render_ident(b, c, name);
	rt_buf_addch(b, ' ');
}

static void ident_list(struct rt_buf *b, struct render_ctx *c,
		       const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			rt_buf_adds(b, ", ");
		render_ident(b, c, v[i]);
	}
}

/* define_constraint_deferrability() */
static void deferrability(struct rt_buf *b, enum ops_tri deferrable,
			  const char *initially)
{
	if (deferrable == OPS_TRUE)
		rt_buf_adds(b, " DEFERRABLE");
	else if (deferrable == OPS_FALSE)
		rt_buf_adds(b, " NOT DEFERRABLE");
	if (initially)
		rt_buf_addf(b, " INITIALLY %s", initially);
}

static const char *const fk_actions[] = {
	"RESTRICT", "CASCADE", "SET NULL", "NO ACTION", "SET DEFAULT", NULL,
};
static const char *const fk_initially[] = { "DEFERRED", "IMMEDIATE", NULL };

/* validate_sql_phrase(): FK_ON_DELETE/FK_ON_UPDATE/FK_INITIALLY match
 * one of the words, ignoring case (the message shows the pattern). */
static int check_phrase(struct render_ctx *c, const char *phrase,
			const char *const *words, const struct rt_loc *loc)
{
	struct rt_buf pat = RT_BUF_INIT, rep = RT_BUF_INIT;
	size_t i;
	int rc;

	if (!phrase)
		return 0;
	for (i = 0; words[i]; i++)
		if (!strcasecmp(phrase, words[i]))
			return 0;
	rt_buf_adds(&pat, "^(?:");
	for (i = 0; words[i]; i++)
		rt_buf_addf(&pat, "%s%s", i ? "|" : "", words[i]);
	rt_buf_adds(&pat, ")$");
	pyc_repr(&rep, phrase, strlen(phrase));
	rc = rt_errf(c->err, RT_ERROR, loc, "Unexpected SQL phrase: %s "
		     "(matching against '%s')", rep.buf, pat.buf);
	rt_buf_release(&pat);
	rt_buf_release(&rep);
	return rc;
}

/* visit_foreign_key_constraint(); returns 1 when the dialect leaves it
 * out (SQLite, another schema). */
static int render_fk(struct rt_buf *b, struct render_ctx *c,
		     const struct ops_fk *fk, const char *local_schema)
{
	int rc;

	if (!c->rd->cross_schema_fk &&
	    ((local_schema == NULL) != (fk->ref_schema == NULL) ||
	     (local_schema && strcmp(local_schema, fk->ref_schema))))
		return 1;
	if ((rc = check_phrase(c, fk->ondelete, fk_actions, &fk->loc)) < 0 ||
	    (rc = check_phrase(c, fk->onupdate, fk_actions, &fk->loc)) < 0 ||
	    (rc = check_phrase(c, fk->initially, fk_initially,
			       &fk->loc)) < 0)
		return rc;
	if (fk->match && !c->rd->fk_match)
		return rt_errf(c->err, RT_ERROR, &fk->loc,
			       "MySQL ignores the 'MATCH' keyword while at "
			       "the same time causes ON UPDATE/ON DELETE "
			       "clauses to be ignored.");
	name_prefix(b, c, fk->name);
	rt_buf_adds(b, "FOREIGN KEY(");
	ident_list(b, c, fk->cols, fk->ncols);
	rt_buf_adds(b, ") REFERENCES ");
	render_table(b, c, fk->ref_schema, fk->ref_table);
	rt_buf_adds(b, " (");
	ident_list(b, c, fk->ref_cols, fk->ncols);
	rt_buf_addch(b, ')');
	if (fk->match)
		rt_buf_addf(b, " MATCH %s", fk->match);
	if (fk->ondelete)
		rt_buf_addf(b, " ON DELETE %s", fk->ondelete);
	if (fk->onupdate)
		rt_buf_addf(b, " ON UPDATE %s", fk->onupdate);
	deferrability(b, fk->deferrable, fk->initially);
	return 0;
}

/* A constraint as in CREATE TABLE / ADD; 1 when left out. */
static int render_constraint(struct rt_buf *b, struct render_ctx *c,
			     const struct ops_constraint *k,
			     const char *schema)
{
	switch (k->kind) {
	case OPS_C_FOREIGN:
		return render_fk(b, c, k->fk, schema);
	case OPS_C_PRIMARY:
		name_prefix(b, c, k->name);
		rt_buf_adds(b, "PRIMARY KEY (");
		break;
	case OPS_C_UNIQUE:
		name_prefix(b, c, k->name);
		rt_buf_adds(b, "UNIQUE (");
		break;
	case OPS_C_CHECK:
		name_prefix(b, c, k->name);
		rt_buf_adds(b, "CHECK (");
		render_text(b, c, k->sqltext);
		rt_buf_addch(b, ')');
		deferrability(b, k->deferrable, k->initially);
		return 0;
	}
	ident_list(b, c, k->cols, k->ncols);
	rt_buf_addch(b, ')');
	deferrability(b, k->deferrable, k->initially);
	return 0;
}

/* ---- create_table ---- */

static bool autoinc_affinity(const struct ops_type *t)
{
	switch (t->kind) {
	case OPS_T_INTEGER:
	case OPS_T_BIGINT:
	case OPS_T_SMALLINT:
	case OPS_T_TINYINT:
	case OPS_T_NUMERIC:
	case OPS_T_FLOAT:
	case OPS_T_REAL:
	case OPS_T_DOUBLE:
	case OPS_T_UPPER_DOUBLE:
	case OPS_T_DOUBLE_PRECISION:
		return true;
	default:
		return false;
	}
}

static bool column_has_fk(const struct ops_table *t,
			  const struct ops_column *col)
{
	size_t i, j;

	if (col->nfks)
		return true;
	for (i = 0; i < t->ncons; i++)
		if (t->cons[i]->kind == OPS_C_FOREIGN)
			for (j = 0; j < t->cons[i]->fk->ncols; j++)
				if (!strcmp(t->cons[i]->fk->cols[j],
					    col->name))
					return true;
	return false;
}

/* PrimaryKeyConstraint._autoincrement_column's _validate_autoinc() */
static int validate_autoinc(struct render_ctx *c, const struct ops_table *t,
			    const struct ops_column *col, bool autoinc_true,
			    bool *ok)
{
	*ok = false;
	if (!autoinc_affinity(col->type)) {
		struct rt_buf ty = RT_BUF_INIT;
		struct rt_err scratch = RT_ERR_INIT;
		struct render_ctx gc = *c;
		int rc;

		if (!autoinc_true)
			return 0;
		/* str(type): the generic compiler's text */
		gc.err = &scratch;
		if (render_generic_type(&ty, &gc, col->type) < 0) {
			rt_buf_reset(&ty);
			rt_buf_adds(&ty, col->type->pyname);
		}
		rc = rt_errf(c->err, RT_ERROR, &col->loc, "Column type %s on "
			     "column '%s.%s' is not compatible with "
			     "autoincrement=True", ty.buf, t->name,
			     col->name);
		rt_buf_release(&ty);
		return rc;
	}

	if (col->server_default && !autoinc_true)
		return 0;
	if (column_has_fk(t, col) && col->autoincrement != OPS_TRUE &&
	    !col->ignore_fk)
		return 0;
	*ok = true;
	return 0;
}

/* The table's _autoincrement_column (NULL: none). */
static int autoinc_column(const struct ops_column **out, struct render_ctx *c,
			  const struct ops_table *t, const char **pk,
			  size_t npk)
{
	const struct ops_column *col;
	size_t i;
	bool ok;
	int rc;

	*out = NULL;
	if (npk == 1) {
		col = ops_table_column(t, pk[0]);
		if (col->autoincrement == OPS_FALSE)
			return 0;
		rc = validate_autoinc(c, t, col,
				      col->autoincrement == OPS_TRUE, &ok);
		if (rc < 0)
			return rc;
		*out = ok ? col : NULL;
		return 0;
	}
	for (i = 0; i < npk; i++) {
		col = ops_table_column(t, pk[i]);
		if (col->autoincrement != OPS_TRUE)
			continue;
		if ((rc = validate_autoinc(c, t, col, true, &ok)) < 0)
			return rc;
		if (*out)
			return rt_errf(c->err, RT_ERROR, &col->loc,
				       "Only one Column may be marked "
				       "autoincrement=True, found both %s and "
				       "%s.", (*out)->name, col->name);
		*out = col;
	}
	return 0;
}

static bool col_nullable(const struct ops_column *col)
{
	if (col->nullable != OPS_UNSET)
		return col->nullable == OPS_TRUE;
	/* Identity._set_parent() makes the column NOT NULL */
	return !col->primary_key && !col->identity;
}

/* visit_create_column(): the specification, then the Column's own
 * CheckConstraint arguments. */
static int column_spec(struct rt_buf *b, struct render_ctx *c,
		       const struct render_col *rc)
{
	size_t i;
	int r;

	if ((r = c->rd->colspec(b, c, rc)) < 0)
		return r;
	for (i = 0; i < rc->col->nchecks; i++) {
		rt_buf_addch(b, ' ');
		if ((r = render_constraint(b, c, rc->col->checks[i],
					   rc->schema)) < 0)
			return r;
	}
	return 0;
}

/* visit_create_table(): a CompileError in a column names the column */
static void in_column(struct render_ctx *c, const char *table,
		      const char *column)
{
	struct rt_buf m = RT_BUF_INIT;
	size_t n;

	if (c->err->code != RT_ERROR)
		return;
	rt_buf_addf(&m, "(in table '%s', column '%s'): %s", table, column,
		    c->err->msg);
	n = m.len < sizeof(c->err->msg) ? m.len : sizeof(c->err->msg) - 1;
	memcpy(c->err->msg, m.buf, n);
	c->err->msg[n] = '\0';
	rt_buf_release(&m);
}


/* The CHECK constraint a Boolean/Enum column's type adds (SchemaType
 * create_constraint), when the dialect wants it. */
static bool type_check(struct render_ctx *c, const struct ops_column *col)
{
	const struct ops_type *t = col->type;

	if (!t->create_constraint)
		return false;
	if (t->kind == OPS_T_BOOLEAN)
		return !c->rd->native_boolean;
	if (t->kind == OPS_T_ENUM)
		return !t->native_enum || !c->rd->native_enum;
	return false;
}

static void render_type_check(struct rt_buf *b, struct render_ctx *c,
			      const struct ops_column *col)
{
	const struct ops_type *t = col->type;
	size_t i;

	name_prefix(b, c, t->name);
	rt_buf_adds(b, "CHECK (");
	render_ident(b, c, col->name);
	if (t->kind == OPS_T_BOOLEAN) {
		rt_buf_adds(b, " IN (0, 1))");
		return;
	}
	rt_buf_adds(b, " IN (");
	for (i = 0; i < t->nvalues; i++) {
		if (i)
			rt_buf_adds(b, ", ");
		render_string(b, c, t->values[i]);
	}
	rt_buf_adds(b, "))");
}

static void sep(struct rt_buf *b, bool *first)
{
	rt_buf_adds(b, *first ? "\n\t" : ", \n\t");
	*first = false;
}

/* The constraints after the columns (create_table_constraints()):
 * the primary key, then by creation order: those written in
 * create_table(), then per column its unique=True, type CHECK and
 * ForeignKey() ones. */
static int table_constraints(struct rt_buf *b, struct render_ctx *c,
			     const struct ops_table *t, const char **pk,
			     size_t npk, const struct ops_constraint *pkc,
			     const struct ops_column *autoinc, bool *first)
{
	size_t i, j, mark;
	int rc;

	if (npk) {
		sep(b, first);
		name_prefix(b, c, pkc ? pkc->name : NULL);
		rt_buf_adds(b, "PRIMARY KEY (");
		/* columns_autoinc_first for an implicit key */
		if (!pkc && autoinc)
			render_ident(b, c, autoinc->name);
		for (i = j = 0; i < npk; i++) {
			if (!pkc && autoinc && !strcmp(pk[i], autoinc->name))
				continue;
			if (j++ || (!pkc && autoinc))
				rt_buf_adds(b, ", ");
			render_ident(b, c, pk[i]);
		}
		rt_buf_addch(b, ')');
		if (pkc)
			deferrability(b, pkc->deferrable, pkc->initially);
	}
	for (i = 0; i < t->ncons; i++) {
		if (t->cons[i]->kind == OPS_C_PRIMARY)
			continue;
		mark = b->len;
		sep(b, first);
		rc = render_constraint(b, c, t->cons[i], t->schema);
		if (rc < 0)
			return rc;
		if (rc == 1)
			rt_buf_setlen(b, mark);
	}
	for (i = 0; i < t->ncols; i++) {
		const struct ops_column *col = t->cols[i];

		if (col->unique && !col->index) {
			sep(b, first);
			rt_buf_adds(b, "UNIQUE (");
			render_ident(b, c, col->name);
			rt_buf_addch(b, ')');
		}
		if (type_check(c, col)) {
			sep(b, first);
			render_type_check(b, c, col);
		}
		for (j = 0; j < col->nfks; j++) {
			mark = b->len;
			sep(b, first);
			rc = render_fk(b, c, col->fks[j], t->schema);
			if (rc < 0)
				return rc;
			if (rc == 1)
				rt_buf_setlen(b, mark);
		}
	}
	return 0;
}

static int create_index_stmt(struct render_ctx *c, const struct ops_index *ix)
{
	struct rt_buf b = RT_BUF_INIT;
	int rc;

	if (!ix->name) {
		rt_buf_release(&b);
		return rt_errf(c->err, RT_ERROR, &ix->loc, "CREATE INDEX "
			       "requires that the index have a name");
	}
	if ((rc = c->rd->create_index(&b, c, ix)) == 0)
		render_emit(c, &b);
	rt_buf_release(&b);
	return rc;
}

/* Column(index=True): an Index named by the default naming convention
 * "ix_%(column_0_label)s". */
static int column_indexes(struct render_ctx *c, const struct ops_table *t)
{
	size_t i;
	int rc;

	for (i = 0; i < t->ncols; i++) {
		struct ops_index *ix;

		if (!t->cols[i]->index)
			continue;
		ix = ops_index_new(c->a, arena_printf(c->a, "ix_%s_%s",
						      t->name,
						      t->cols[i]->name),
				   t->cols[i]->loc);
		ix->table = t->name;
		ix->schema = t->schema;
		ix->unique = t->cols[i]->unique;
		ops_index_add_col(c->a, ix, t->cols[i]->name, false);
		if ((rc = create_index_stmt(c, ix)) < 0)
			return rc;
	}
	return 0;
}

/* SA's SetColumnComment: format_column(use_table=True,
 * use_schema=True), the schema quoted whole */
static void set_column_comment(struct rt_buf *b, struct render_ctx *c,
			       const char *schema, const char *table,
			       const char *column, const char *comment)
{
	rt_buf_adds(b, "COMMENT ON COLUMN ");
	render_table(b, c, schema, table);
	rt_buf_addch(b, '.');
	render_ident(b, c, column);
	rt_buf_adds(b, " IS ");
	render_string(b, c, comment);
}

static int table_comments(struct render_ctx *c, const struct ops_table *t)

{
	struct rt_buf b = RT_BUF_INIT;
	size_t i;

	if (!c->rd->supports_comments || c->rd->inline_comments)
		return 0;
	if (t->comment && *t->comment) {
		c->rd->table_comment(&b, c, t->schema, t->name, t->comment);
		render_emit(c, &b);
	}
	for (i = 0; i < t->ncols; i++) {
		const char *cm = t->cols[i]->comment;

		if (!cm || !*cm)
			continue;
		set_column_comment(&b, c, t->schema, t->name, t->cols[i]->name,
				      cm);
		render_emit(c, &b);
	}
	rt_buf_release(&b);
	return 0;
}

static int create_table(struct render_ctx *c, const struct ops_table *t)
{
	struct rt_buf b = RT_BUF_INIT;
	const struct ops_constraint *pkc;
	const struct ops_column *autoinc;
	const char **pk;
	size_t npk = ops_table_pk(t, &pk, &pkc, c->a), i;
	bool first = true;
	int rc;

	if ((rc = autoinc_column(&autoinc, c, t, pk, npk)) < 0 ||
	    (rc = c->rd->before_create(c, t)) < 0)
		goto out;
	rt_buf_adds(&b, "\nCREATE TABLE ");
	render_table(&b, c, t->schema, t->name);
	rt_buf_adds(&b, " (");
	for (i = 0; i < t->ncols; i++) {
		struct render_col rc_ = { t->cols[i], t->name, t->schema,
					  t->cols[i] == autoinc,
					  t->cols[i]->primary_key, npk,
					  col_nullable(t->cols[i]) };

		sep(&b, &first);
		if ((rc = column_spec(&b, c, &rc_)) < 0) {
			in_column(c, t->name, t->cols[i]->name);
			goto out;
		}
	}
	if ((rc = table_constraints(&b, c, t, pk, npk, pkc, autoinc,
				    &first)) < 0)
		goto out;
	rt_buf_adds(&b, "\n)");
	c->rd->post_create(&b, c, t);
	rt_buf_adds(&b, "\n\n");
	render_emit(c, &b);
	for (i = 0; i < t->nindexes; i++) {
		if (!t->indexes[i]->table)
			t->indexes[i]->table = t->name;
		t->indexes[i]->schema = t->schema;
		if ((rc = create_index_stmt(c, t->indexes[i])) < 0)
			goto out;
	}
	if ((rc = column_indexes(c, t)) < 0)
		goto out;
	rc = table_comments(c, t);
out:
	rt_buf_release(&b);
	return rc;
}

/* ---- the other operations ---- */

static int drop_table(struct render_ctx *c, const struct ops_op *op)
{
	struct rt_buf b = RT_BUF_INIT;

	rt_buf_adds(&b, "\nDROP TABLE ");
	render_table(&b, c, op->schema, op->table);
	render_emit(c, &b);
	rt_buf_release(&b);
	return 0;
}

static const char sqlite_constraints[] =
	"No support for ALTER of constraints in SQLite dialect. Please "
	"refer to the batch mode feature which allows for SQLite "
	"migrations using a copy-and-move strategy.";

static int add_constraint_stmt(struct render_ctx *c,
			       const struct ops_constraint *k,
			       const char *schema, const char *table)
{
	struct rt_buf b = RT_BUF_INIT;
	int rc;

	if (!c->rd->alter_constraints)
		return rt_errf(c->err, RT_ERROR, &k->loc, "%s",
			       sqlite_constraints);
	rt_buf_adds(&b, "ALTER TABLE ");
	render_table(&b, c, schema, table);
	rt_buf_adds(&b, " ADD ");
	rc = render_constraint(&b, c, k, schema);
	if (rc == 0)
		render_emit(c, &b);
	rt_buf_release(&b);
	return rc < 0 ? rc : 0;
}

/* Alembic's add_column: ADD COLUMN, then the constraints the column
 * brought (ForeignKey(), unique=True, a type CHECK), its index=True
 * index, and its comment. */
static int add_column(struct render_ctx *c, const struct ops_op *op)
{
	const struct ops_column *col = op->u.column;
	struct render_col rcol = { col, op->table, op->schema, false,
				   col->primary_key, col->primary_key,
				   col_nullable(col) };
	struct rt_buf b = RT_BUF_INIT;
	struct ops_table *t;
	size_t i;
	int rc;

	render_alter_table(&b, c, op->schema, op->table);
	rt_buf_adds(&b, " ADD COLUMN ");
	if ((rc = column_spec(&b, c, &rcol)) < 0)
		goto out;
	render_emit(c, &b);
	for (i = 0; i < col->nfks; i++) {
		struct ops_constraint k = { .kind = OPS_C_FOREIGN,
					    .fk = col->fks[i],
					    .loc = col->fks[i]->loc };

		if ((rc = add_constraint_stmt(c, &k, op->schema,
					      op->table)) < 0)
			goto out;
	}
	if (col->unique && !col->index) {
		struct ops_constraint k = { .kind = OPS_C_UNIQUE,
					    .cols = ops_strv(c->a, &col->name,
							     1),
					    .ncols = 1, .loc = col->loc };

		if ((rc = add_constraint_stmt(c, &k, op->schema,
					      op->table)) < 0)
			goto out;
	}
	if (type_check(c, col)) {
		/* SQLite skips (with a warning) a type-bound CHECK */
		if (c->rd->alter_constraints) {
			rt_buf_adds(&b, "ALTER TABLE ");
			render_table(&b, c, op->schema, op->table);
			rt_buf_adds(&b, " ADD ");
			render_type_check(&b, c, col);
			render_emit(c, &b);
		}
	}
	t = ops_table_new(c->a, op->table, op->loc);
	t->schema = op->schema;
	ops_table_add_column(c->a, t, (struct ops_column *)col);
	if ((rc = column_indexes(c, t)) < 0)
		goto out;
	if (col->comment && *col->comment && c->rd->supports_comments &&
	    !c->rd->inline_comments) {
		set_column_comment(&b, c, op->schema, op->table, col->name,
				      col->comment);
		render_emit(c, &b);
	}
out:
	rt_buf_release(&b);
	return rc;
}

static int drop_column(struct render_ctx *c, const struct ops_op *op)
{
	struct rt_buf b = RT_BUF_INIT;

	render_alter_table(&b, c, op->schema, op->table);
	rt_buf_adds(&b, " DROP COLUMN ");
	render_ident(&b, c, op->u.column_name);
	render_emit(c, &b);
	rt_buf_release(&b);
	return 0;
}

static int rename_table(struct render_ctx *c, const struct ops_op *op)
{
	struct rt_buf b = RT_BUF_INIT;

	render_alter_table(&b, c, op->schema, op->table);
	rt_buf_adds(&b, " RENAME TO ");
	render_alembic_table(&b, c, c->rd->rename_keeps_schema ?
			     op->schema : NULL, op->u.new_name);
	render_emit(c, &b);
	rt_buf_release(&b);
	return 0;
}

static int drop_index(struct render_ctx *c, const struct ops_op *op)
{
	struct rt_buf b = RT_BUF_INIT;
	int rc;

	if ((rc = c->rd->drop_index(&b, c, op->u.index)) == 0)
		render_emit(c, &b);
	rt_buf_release(&b);
	return rc;
}

static int drop_constraint(struct render_ctx *c, const struct ops_op *op)
{
	struct rt_buf b = RT_BUF_INIT;
	int rc;

	if (!c->rd->alter_constraints)
		return rt_errf(c->err, RT_ERROR, &op->loc, "%s",
			       sqlite_constraints);
	if ((rc = c->rd->drop_constraint(&b, c, op)) == 0)
		render_emit(c, &b);
	rt_buf_release(&b);
	return rc;
}

static int table_comment(struct render_ctx *c, const struct ops_op *op,
			 const char *comment)
{
	struct rt_buf b = RT_BUF_INIT;

	c->rd->table_comment(&b, c, op->schema, op->table, comment);
	render_emit(c, &b);
	rt_buf_release(&b);
	return 0;
}

/* "ALTER TABLE t ALTER COLUMN c " */
static void alter_col_prefix(struct rt_buf *b, struct render_ctx *c,
			     const struct ops_op *op)
{
	render_alter_table(b, c, op->schema, op->table);
	rt_buf_adds(b, " ALTER COLUMN ");
	render_ident(b, c, op->u.alter.column);
	rt_buf_addch(b, ' ');
}

int render_alter_base(struct render_ctx *c, const struct ops_op *op,
		      bool with_type)
{
	const struct ops_alter *al = &op->u.alter;
	struct rt_buf b = RT_BUF_INIT;
	int rc = 0;

	if (al->nullable != OPS_UNSET) {
		alter_col_prefix(&b, c, op);
		rt_buf_adds(&b, al->nullable == OPS_TRUE ? "DROP NOT NULL" :
			    "SET NOT NULL");
		render_emit(c, &b);
	}
	if (al->server_default_set) {
		alter_col_prefix(&b, c, op);
		if (al->server_default) {
			rt_buf_adds(&b, "SET DEFAULT ");
			render_default(&b, c, al->server_default);
		} else {
			rt_buf_adds(&b, "DROP DEFAULT");
		}
		render_emit(c, &b);
	}
	if (with_type && al->type) {
		alter_col_prefix(&b, c, op);
		rt_buf_adds(&b, "TYPE ");
		if ((rc = c->rd->type(&b, c, al->type)) < 0)
			goto out;
		render_emit(c, &b);
	}
	if (al->comment_set) {
		if (!c->rd->supports_comments) {
			rc = rt_errf(c->err, RT_ERROR, &op->loc,
				     "dialect %s cannot render "
				     "alter_column(comment=...): ColumnComment "
				     "construct has no default compilation "
				     "handler", c->d->name);
			goto out;
		}
		render_column_comment(&b, c, op->schema, op->table,
				      al->column, al->comment);
		render_emit(c, &b);
	}
	if (al->new_name) {
		render_alter_table(&b, c, op->schema, op->table);
		rt_buf_adds(&b, " RENAME ");
		render_ident(&b, c, al->column);
		rt_buf_adds(&b, " TO ");
		render_ident(&b, c, al->new_name);
		render_emit(c, &b);
	}
out:
	rt_buf_release(&b);
	return rc;
}

/* ---- bulk_insert ---- */


/* Python's repr() of a simple value, for SQLAlchemy's message. */
static void py_repr(struct rt_buf *b, const struct ops_value *v)
{
	switch (v->kind) {
	case OPS_V_BOOL:
		rt_buf_adds(b, v->b ? "True" : "False");
		break;
	case OPS_V_INT:
		rt_buf_addf(b, "%lld", v->i);
		break;
	case OPS_V_FLOAT:
		rt_buf_adds(b, v->text);
		break;
	default:
		pyc_repr(b, v->text, strlen(v->text));
		break;
	}
}

/* str(type): what the default (generic) compiler prints */
static void type_str(struct rt_buf *b, struct render_ctx *c,
		     const struct ops_type *t)
{
	struct rt_err scratch = RT_ERR_INIT;
	struct render_ctx gc = *c;

	gc.err = &scratch;
	if (t->kind == OPS_T_NULL) {
		rt_buf_adds(b, "NULL");
	} else if (t->kind == OPS_T_TINYINT || t->kind == OPS_T_LONGTEXT ||
		   render_generic_type(b, &gc, t) < 0) {
		rt_buf_reset(b);
		rt_buf_adds(b, t->kind == OPS_T_ARRAY ? "ARRAY" : t->pyname);
	}
}

/* A literal SQLAlchemy cannot render: the type has no literal
 * processor (no_renderer) or its processor raised. */
static int literal_error(struct render_ctx *c, const struct ops_type *t,
			 const struct ops_value *v, bool no_renderer)
{
	struct rt_buf r = RT_BUF_INIT, ty = RT_BUF_INIT;
	int rc;

	py_repr(&r, v);
	type_str(&ty, c, t);
	if (no_renderer)
		rc = rt_errf(c->err, RT_ERROR, &v->loc, "No literal value "
			     "renderer is available for literal value \"%s\" "
			     "with datatype %s", r.buf, ty.buf);
	else
		rc = rt_errf(c->err, RT_ERROR, &v->loc, "Could not render "
			     "literal value \"%s\" with datatype %s; see "
			     "parent stack trace for more detail.", r.buf,
			     ty.buf);
	rt_buf_release(&r);
	rt_buf_release(&ty);
	return rc;
}

static int int_literal(struct rt_buf *b, struct render_ctx *c,
		       const struct ops_type *t, const struct ops_value *v)
{
	long long i;

	switch (v->kind) {
	case OPS_V_INT:
		i = v->i;
		break;
	case OPS_V_BOOL:
		i = v->b;
		break;
	case OPS_V_FLOAT:	/* int() truncates */
		i = (long long)strtod(v->text, NULL);
		break;
	default:
		if (pyc_int(v->text, &i) != PYC_INT_OK)
			return literal_error(c, t, v, false);
		break;
	}
	rt_buf_addf(b, "%lld", i);
	return 0;
}

/* Numeric's literal processor is str(value) */
static void numeric_literal(struct rt_buf *b, const struct ops_value *v)
{
	if (v->kind == OPS_V_INT)
		rt_buf_addf(b, "%lld", v->i);
	else if (v->kind == OPS_V_BOOL)
		rt_buf_adds(b, v->b ? "True" : "False");
	else
		rt_buf_adds(b, v->text);
}

/* Boolean's processor: _strict_as_bool() takes None, True, False and
 * what equals them (1, 0, 1.0, 0.0) */
static int bool_literal(struct rt_buf *b, struct render_ctx *c,
			const struct ops_type *t, const struct ops_value *v)
{
	double f;
	bool on;

	switch (v->kind) {
	case OPS_V_BOOL:
		on = v->b;
		break;
	case OPS_V_INT:
		if (v->i != 0 && v->i != 1)
			return literal_error(c, t, v, false);
		on = v->i;
		break;
	case OPS_V_FLOAT:
		f = strtod(v->text, NULL);
		if (f != 0.0 && f != 1.0)
			return literal_error(c, t, v, false);
		on = f == 1.0;
		break;
	default:
		return literal_error(c, t, v, false);
	}
	if (c->rd->bool_literal_int)
		rt_buf_adds(b, on ? "1" : "0");
	else
		rt_buf_adds(b, on ? "true" : "false");
	return 0;
}

/* render_literal_value() of v for a column of type t */
static int literal(struct rt_buf *b, struct render_ctx *c,
		   const struct ops_type *t, const struct ops_value *v)
{
	if (!v || v->kind == OPS_V_NONE) {
		rt_buf_adds(b, "NULL");
		return 0;
	}
	switch (t->kind) {
	case OPS_T_STRING:
	case OPS_T_CHAR:
	case OPS_T_TEXT:
	case OPS_T_ENUM:
	case OPS_T_LONGTEXT:
	case OPS_T_UUID:
		if (v->kind != OPS_V_STR)
			return literal_error(c, t, v, false);
		render_string(b, c, v->text);
		return 0;
	case OPS_T_INTEGER:
	case OPS_T_BIGINT:
	case OPS_T_SMALLINT:
	case OPS_T_TINYINT:
		return int_literal(b, c, t, v);
	case OPS_T_NUMERIC:
	case OPS_T_FLOAT:
	case OPS_T_REAL:
	case OPS_T_DOUBLE:
	case OPS_T_UPPER_DOUBLE:
	case OPS_T_DOUBLE_PRECISION:
		numeric_literal(b, v);
		return 0;
	case OPS_T_BOOLEAN:
		return bool_literal(b, c, t, v);
	case OPS_T_LARGE_BINARY:
	case OPS_T_BLOB:
	case OPS_T_BYTEA:
		return literal_error(c, t, v, false);
	case OPS_T_DATETIME:
	case OPS_T_UPPER_DATETIME:
	case OPS_T_TIMESTAMP:
	case OPS_T_DATE:
	case OPS_T_TIME:
	case OPS_T_INTERVAL:
		return literal_error(c, t, v,
				     !c->rd->date_literal_processor);
	default:
		return literal_error(c, t, v, true);
	}
}

static int bulk_insert(struct render_ctx *c, const struct ops_op *op)
{
	const struct ops_table *t = op->u.create;
	struct rt_buf b = RT_BUF_INIT;
	size_t r, i;
	int rc = 0;

	for (r = 0; r < op->nrows && rc == 0; r++) {
		const struct ops_row *row = op->rows[r];
		bool first = true;

		rt_buf_adds(&b, "INSERT INTO ");
		render_table(&b, c, t->schema, t->name);
		rt_buf_adds(&b, " (");
		for (i = 0; i < t->ncols; i++) {
			if (!row->vals[i])
				continue;
			if (!first)
				rt_buf_adds(&b, ", ");
			first = false;
			render_ident(&b, c, t->cols[i]->name);
		}
		rt_buf_adds(&b, ") VALUES (");
		first = true;
		for (i = 0; i < t->ncols && rc == 0; i++) {
			if (!row->vals[i])
				continue;
			if (!first)
				rt_buf_adds(&b, ", ");
			first = false;
			rc = literal(&b, c, t->cols[i]->type, row->vals[i]);
		}
		rt_buf_addch(&b, ')');
		if (rc == 0)
			render_emit(c, &b);
	}
	rt_buf_release(&b);
	return rc;
}

/* A bindparams() value as literal_binds renders it: the bind's type is
 * the one SQLAlchemy infers from the Python value. */
static void bind_literal(struct rt_buf *b, struct render_ctx *c,
			 const struct ops_value *v)
{
	switch (v->kind) {
	case OPS_V_NONE:
		rt_buf_adds(b, "NULL");
		break;
	case OPS_V_BOOL:
		if (c->rd->bool_literal_int)
			rt_buf_adds(b, v->b ? "1" : "0");
		else
			rt_buf_adds(b, v->b ? "true" : "false");
		break;
	case OPS_V_INT:
		rt_buf_addf(b, "%lld", v->i);
		break;
	case OPS_V_FLOAT:
	case OPS_V_TEXT:
		rt_buf_adds(b, v->text);
		break;
	case OPS_V_STR:
		render_string(b, c, v->text);
		break;
	}
}

/* sa.text() with bindparams(): each bound parameter becomes its value,
 * the rest of the text is unescaped ("\:" -> ":").  Returns false
 * (b unusable) when a parameter is left unbound: the text then keeps
 * the usual rules (sqlbind.h), as SQLAlchemy requires every value. */
static bool bind_values(struct rt_buf *b, struct render_ctx *c,
			const struct ops_op *op)
{
	const char *p = op->u.exec.sql, *name;
	int n;

	while ((n = sqlbind_check_online(p, &name)) > 0) {
		const struct ops_bind *bd = NULL;
		size_t i;

		for (i = 0; i < op->u.exec.nbinds && !bd; i++)
			if (strlen(op->u.exec.binds[i].name) == (size_t)n &&
			    !memcmp(op->u.exec.binds[i].name, name,
				    (size_t)n))
				bd = &op->u.exec.binds[i];
		rt_buf_adds(b, sqlbind_unescape(c->a, arena_strndup(
			c->a, p, (size_t)(name - 1 - p))));
		if (!bd)
			return false;
		bind_literal(b, c, bd->value);
		p = name + n;
	}
	rt_buf_adds(b, sqlbind_unescape(c->a, p));
	return true;
}

static int execute(struct render_ctx *c, const struct ops_op *op)
{
	struct rt_buf b = RT_BUF_INIT;
	bool is_text = op->u.exec.is_text;

	if (is_text && op->u.exec.nbinds && bind_values(&b, c, op)) {
		is_text = false;
	} else {
		rt_buf_reset(&b);
		rt_buf_adds(&b, op->u.exec.sql);
	}

	render_emit(c, &b);
	c->out->v[c->out->n - 1].is_text = is_text;
	rt_buf_release(&b);
	return 0;
}


int render_op(struct render_list *out, struct render_session *s,
	      struct ops_op *op, struct rt_err *err)
{
	struct render_ctx c = { s, s->dialect, s->dialect->compiler,
				out, s->arena, op, err };
	int rc;

	if ((rc = ops_op_validate(op, s->arena, err)) < 0)
		return rc;
	switch (op->kind) {
	case OPS_CREATE_TABLE:
		return create_table(&c, op->u.create);
	case OPS_DROP_TABLE:
		return drop_table(&c, op);
	case OPS_ADD_COLUMN:
		return add_column(&c, op);
	case OPS_DROP_COLUMN:
		return drop_column(&c, op);
	case OPS_ALTER_COLUMN:
		return c.rd->alter_column(&c, op);
	case OPS_RENAME_TABLE:
		return rename_table(&c, op);
	case OPS_CREATE_INDEX:
		return create_index_stmt(&c, op->u.index);
	case OPS_DROP_INDEX:
		return drop_index(&c, op);
	case OPS_ADD_CONSTRAINT:
		return add_constraint_stmt(&c, op->u.cons, op->schema,
					   op->table);
	case OPS_DROP_CONSTRAINT:
		return drop_constraint(&c, op);
	case OPS_EXECUTE:
		return execute(&c, op);
	case OPS_BULK_INSERT:
		return bulk_insert(&c, op);
	case OPS_CREATE_TABLE_COMMENT:
		return table_comment(&c, op, op->u.tcomment.comment);
	case OPS_DROP_TABLE_COMMENT:
		return table_comment(&c, op, NULL);
	case OPS_BATCH:
		/* offline: no live table (render_batch.h) */
		return batch_render(out, s, op, NULL, NULL, err);
	}
	return rt_errf(err, RT_ENOTIMPL, &op->loc, "unknown operation");
}

int render_ops(struct render_list *out, struct render_session *s,
	       const struct ops_list *l, struct rt_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < l->n; i++)
		if ((rc = render_op(out, s, l->v[i], err)) < 0)
			return rc;
	return 0;
}

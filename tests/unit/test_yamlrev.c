/*
 * test_yamlrev.c: .yaml op-scripts: header fields for discovery, every
 * operation into the op IR, and each kind of bad document with its
 * whole message and file:line:col.
 */
#include "unit.h"

#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "ddl/render.h"
#include "script/revread.h"
#include "yaml/yamlrev.h"
#include "yaml/yamlrev_int.h"

static struct rt_arena *arena;
static char *tmp;
static char msg[RT_ERR_MSG_MAX + 600];
static struct ops_list up, down;
static bool down_missing;

#define EQS(got, want) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		if (strcmp(g_ ? g_ : "(null)", w_ ? w_ : "(null)")) \
			fprintf(stderr, "\n%s:%d:\n got: %s\nwant: %s\n", \
				__FILE__, __LINE__, g_ ? g_ : "(null)", \
				w_ ? w_ : "(null)"); \
		CU_ASSERT_STRING_EQUAL(g_ ? g_ : "(null)", \
				       w_ ? w_ : "(null)"); \
	} while (0)

static void setup(void)
{
	tmp = unit_tmpdir();
	arena = arena_new();
}

static void teardown(void)
{
	unit_rmtree(tmp);
	free(tmp);
	arena_free(arena);
}

/* The message of err with the temp directory cut from paths. */
static const char *err_text(const struct rt_err *err)
{
	char copy[sizeof(msg)];
	const char *p;

	rt_err_str(err, msg, sizeof(msg));
	if ((p = strstr(msg, tmp))) {
		snprintf(copy, sizeof(copy), "%.*s%s", (int)(p - msg), msg,
			 p + strlen(tmp) + 1);
		snprintf(msg, sizeof(msg), "%s", copy);
	}
	return msg;
}

/* Header of text as v/<name>: "" or the error. */
static const char *hdr_named(struct rev_file *rf, const char *name,
			     const char *text)
{
	struct rt_err err = RT_ERR_INIT;

	unit_write(tmp, arena_printf(arena, "v/%s", name), text);
	msg[0] = '\0';
	if (rev_file_read(rf, arena, arena_printf(arena, "%s/v", tmp), name,
			  &err) < 0)
		return err_text(&err);
	return msg;
}

static const char *hdr(struct rev_file *rf, const char *text)
{
	return hdr_named(rf, "r.yaml", text);
}

/* Load the ops of text (after its header) into up/down. */
static const char *load(const char *text)
{
	struct rt_err err = RT_ERR_INIT;
	struct rev_file rf;

	if (*hdr(&rf, text))
		return msg;
	if (yamlrev_load(&up, &down, &down_missing, arena, rf.path, rf.src,
			 rf.srclen, &err) < 0)
		return err_text(&err);
	return "";
}

static const char *join(const char *const *v, size_t n)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *r;
	size_t i;

	for (i = 0; i < n; i++)
		rt_buf_addf(&b, "%s%s", i ? "," : "", v[i]);
	r = arena_strdup(arena, b.buf);
	rt_buf_release(&b);
	return r;
}

#define HEAD "revision: a1\ndown_revision: null\n"

/* ---- header ---- */

static void test_yamlrev_header(void)
{
	struct rev_file rf;

	setup();
	EQS(hdr(&rf, "# c\nrevision: 3f2a1b9c0d11\ndown_revision: "
		"1e0c2d3b4a55   # parent\nbranch_labels: [billing]\n"
		"depends_on: [ab12cd34ef56, 'x9']\nmessage: add invoices\n"
		"upgrade: [{create_table: {table_name: t, columns: []}}]\n"
		"downgrade:\n  - drop_table: {table_name: t}\n"), "");
	CU_ASSERT_EQUAL(rf.kind, REV_YAML);
	EQS(rf.id, "3f2a1b9c0d11");
	EQS(join(rf.down, rf.ndown), "1e0c2d3b4a55");
	EQS(join(rf.labels, rf.nlabels), "billing");
	EQS(join(rf.deps, rf.ndeps), "ab12cd34ef56,x9");
	EQS(rf.doc, "add invoices");
	EQS(rf.longdoc, "add invoices");
	EQS(rf.name, "r.yaml");
	CU_ASSERT_EQUAL(rf.loc.line, 2);
	CU_ASSERT_EQUAL(rf.loc.col, 11);

	/* null, ~, empty and a missing optional field; a list of two */
	EQS(hdr(&rf, "revision: a\ndown_revision: ~\nbranch_labels:\n"
		"depends_on: null\n"), "");
	CU_ASSERT_EQUAL(rf.ndown, 0);
	CU_ASSERT_EQUAL(rf.nlabels, 0);
	CU_ASSERT_EQUAL(rf.ndeps, 0);
	EQS(rf.doc, "");
	EQS(hdr(&rf, "down_revision:\n  - b\n  - c\nrevision: \"m\"\n"
		"branch_labels: one\ndepends_on: []\n"), "");
	EQS(rf.id, "m");
	EQS(join(rf.down, rf.ndown), "b,c");
	EQS(join(rf.labels, rf.nlabels), "one");
	CU_ASSERT_EQUAL(rf.ndeps, 0);
	CU_ASSERT_EQUAL(rf.loc.line, 4);
	CU_ASSERT_EQUAL(rf.loc.col, 11);

	/* a block message: longdoc stripped, doc its first paragraph */
	EQS(hdr_named(&rf, "r.yml", HEAD "message: |\n  add invoices\n  "
		      "and totals\n\n  More text.\n"), "");
	CU_ASSERT_EQUAL(rf.kind, REV_YAML);
	EQS(rf.longdoc, "add invoices\nand totals\n\nMore text.");
	EQS(rf.doc, "add invoices\nand totals");
	teardown();
}

static void test_yamlrev_header_errors(void)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "revision: a\ndown_revision: [b\n",
		  "v/r.yaml:3:1: YAML syntax error: did not find expected "
		  "',' or ']' (while parsing a flow sequence at line 2, "
		  "column 16)" },
		{ "revision: 'a\n", "v/r.yaml:2:1: YAML syntax error: found "
		  "unexpected end of stream (while scanning a quoted scalar "
		  "at line 1, column 11)" },
		{ "revision: a\n\tdown_revision: b\n", "v/r.yaml:2:1: YAML "
		  "syntax error: found a tab character that violates "
		  "indentation (while scanning a plain scalar at line 1, "
		  "column 11)" },
		{ "", "v/r.yaml:1:1: empty op-script (expected a mapping "
		  "with revision, down_revision, message, upgrade and "
		  "downgrade)" },
		{ "- a\n", "v/r.yaml:1:1: an op-script must be a mapping "
		  "with revision, down_revision, message, upgrade and "
		  "downgrade (found a list)" },
		{ HEAD "revison: b\n", "v/r.yaml:3:1: unknown field 'revison' "
		  "(expected revision, down_revision, branch_labels, "
		  "depends_on, message, upgrade or downgrade)" },
		{ HEAD "revision: b\n", "v/r.yaml:3:1: duplicate field "
		  "'revision'" },
		{ "down_revision: b\n", "v/r.yaml:1:1: missing required "
		  "field 'revision'" },
		{ "message: x\nrevision: a\n", "v/r.yaml:1:1: missing "
		  "required field 'down_revision'" },
		{ "revision: null\ndown_revision: b\n", "v/r.yaml:1:11: "
		  "revision must be a string (found null)" },
		{ "revision: a b\ndown_revision: b\n", "v/r.yaml:1:11: "
		  "revision must be a single revision id (found 'a b')" },
		{ "revision: a\ndown_revision: {b: c}\n", "v/r.yaml:2:16: "
		  "down_revision must be null, a name or a list of names "
		  "(found a mapping)" },
		{ "revision: a\ndown_revision: [b, [c]]\n", "v/r.yaml:2:20: "
		  "down_revision[1] must be a string (found a list)" },
		{ "revision: a\ndown_revision: null\nmessage: [x]\n",
		  "v/r.yaml:3:10: message must be a string (found a list)" },
		{ "revision: &r a\ndown_revision: *r\n", "v/r.yaml:2:16: "
		  "YAML aliases (*r) are not supported in op-scripts" },
		{ HEAD "---\nrevision: b\n", "v/r.yaml:3:1: expected one "
		  "YAML document (found a second one)" },
	};
	struct rev_file rf;
	size_t i;

	setup();
	for (i = 0; i < RT_ARRAY_SIZE(cases); i++)
		EQS(hdr(&rf, cases[i].text), cases[i].want);
	teardown();
}

/* prefix, n times open, then n times close or (when tail is not NULL)
 * tail, in the arena. */
static const char *nest(const char *prefix, size_t n, const char *open,
			const char *close, const char *tail)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *r;
	size_t i;

	rt_buf_adds(&b, prefix);
	for (i = 0; i < n; i++)
		rt_buf_adds(&b, open);
	if (tail)
		rt_buf_adds(&b, tail);
	else
		for (i = 0; i < n; i++)
			rt_buf_adds(&b, close);
	rt_buf_addch(&b, '\n');
	r = arena_strdup(arena, b.buf);
	rt_buf_release(&b);
	return r;
}

#define UP HEAD "message: deep\nupgrade: "
#define TOO_DEEP "nesting deeper than 200 levels of lists and mappings"

/*
 * Nesting: the top mapping and 199 lists pass; a 201st level is refused
 * where it opens, before libyaml's scanner (quadratic in the depth of
 * flow collections) reads on: the invalid text after 200,000 '[' is
 * never reached (else its syntax error would be the one reported).
 */
static void test_yamlrev_depth(void)
{
	struct rt_err err = RT_ERR_INIT;
	struct rev_file rf;

	setup();
	EQS(hdr(&rf, nest(UP, 199, "[", "]", NULL)), "");
	EQS(hdr(&rf, nest(UP, 200, "[", "]", NULL)),
	    "v/r.yaml:4:209: " TOO_DEEP);
	EQS(hdr(&rf, nest(UP, 200000, "[", NULL, "\t@`")),
	    "v/r.yaml:4:209: " TOO_DEEP);
	EQS(hdr(&rf, nest(UP, 100000, "{a: ", NULL, "\t@`")),
	    "v/r.yaml:4:806: " TOO_DEEP);
	/* block lists, "- - - x": one level per "- " */
	EQS(hdr(&rf, nest(HEAD "upgrade:\n  ", 300, "- ", NULL, "x")),
	    "v/r.yaml:4:401: " TOO_DEEP);
	/* the body loader has the limit too, whatever the header said */
	EQS(hdr(&rf, HEAD "upgrade: []\n"), "");
	rf.src = nest(UP, 250, "[", "]", NULL);
	rf.srclen = strlen(rf.src);
	CU_ASSERT_EQUAL(yamlrev_load(&up, &down, &down_missing, arena, rf.path,
				     rf.src, rf.srclen, &err), RT_ESYNTAX);
	EQS(err_text(&err), "v/r.yaml:4:209: " TOO_DEEP);
	teardown();
}

/* ---- operations ---- */

static struct ops_op *op_at(const struct ops_list *l, size_t i,
			    enum ops_kind kind)
{
	CU_ASSERT_FATAL(i < l->n);
	CU_ASSERT_EQUAL_FATAL(l->v[i]->kind, kind);
	return l->v[i];
}

static void test_yamlrev_create_table(void)
{
	struct ops_table *t;
	struct ops_column *c;
	struct ops_constraint *k;
	struct ops_index *ix;

	setup();
	EQS(load(HEAD "upgrade:\n"
		 "  - create_table:\n"
		 "      table_name: invoices\n"
		 "      schema: billing\n"
		 "      comment: all invoices\n"
		 "      columns:\n"
		 "        - {name: id, type: Integer, primary_key: true}\n"
		 "        - name: total\n"
		 "          type: {Numeric: {precision: 10, scale: 2}}\n"
		 "          nullable: false\n"
		 "          server_default: '0'\n"
		 "          comment: in cents\n"
		 "        - name: created\n"
		 "          type: {DateTime: {timezone: true}}\n"
		 "          server_default: {text: now()}\n"
		 "        - name: user_id\n"
		 "          type: BigInteger\n"
		 "          autoincrement: false\n"
		 "          index: true\n"
		 "          foreign_keys:\n"
		 "            - {column: users.id, ondelete: CASCADE, "
		 "name: fk_u, deferrable: true}\n"
		 "        - {name: code, type: {String: 20}, unique: true}\n"
		 "      constraints:\n"
		 "        - UniqueConstraint: {columns: [code, user_id], "
		 "name: uq_code}\n"
		 "        - CheckConstraint: {sqltext: total >= 0, "
		 "name: ck_total}\n"
		 "        - ForeignKeyConstraint:\n"
		 "            columns: [user_id]\n"
		 "            refcolumns: [billing.users.id]\n"
		 "            onupdate: RESTRICT\n"
		 "        - PrimaryKeyConstraint: {columns: [id], "
		 "name: pk_inv}\n"
		 "      indexes:\n"
		 "        - name: ix_total\n"
		 "          columns: [total, {text: lower(code)}]\n"
		 "          unique: true\n"
		 "          postgresql_where: total > 0\n"
		 "          mysql_length: {total: 5}\n"), "");
	CU_ASSERT_TRUE(down_missing);
	CU_ASSERT_EQUAL(down.n, 0);
	t = op_at(&up, 0, OPS_CREATE_TABLE)->u.create;
	EQS(up.v[0]->table, "invoices");
	EQS(up.v[0]->schema, "billing");
	CU_ASSERT_EQUAL(up.v[0]->loc.line, 4);
	CU_ASSERT_EQUAL(up.v[0]->loc.col, 5);
	EQS(t->name, "invoices");
	EQS(t->schema, "billing");
	EQS(t->comment, "all invoices");
	CU_ASSERT_EQUAL_FATAL(t->ncols, 5);
	c = t->cols[0];
	EQS(c->name, "id");
	CU_ASSERT_EQUAL(c->type->kind, OPS_T_INTEGER);
	CU_ASSERT_TRUE(c->primary_key);
	CU_ASSERT_EQUAL(c->loc.line, 9);
	CU_ASSERT_EQUAL(c->loc.col, 11);
	c = t->cols[1];
	CU_ASSERT_EQUAL(c->type->kind, OPS_T_NUMERIC);
	CU_ASSERT_EQUAL(c->type->precision, 10);
	CU_ASSERT_EQUAL(c->type->scale, 2);
	CU_ASSERT_EQUAL(c->nullable, OPS_FALSE);
	CU_ASSERT_FALSE(c->server_default->is_text);
	EQS(c->server_default->sql, "0");
	EQS(c->comment, "in cents");
	c = t->cols[2];
	CU_ASSERT_EQUAL(c->type->kind, OPS_T_DATETIME);
	CU_ASSERT_TRUE(c->type->timezone);
	CU_ASSERT_TRUE(c->server_default->is_text);
	EQS(c->server_default->sql, "now()");
	CU_ASSERT_EQUAL(c->nullable, OPS_UNSET);
	c = t->cols[3];
	CU_ASSERT_EQUAL(c->type->kind, OPS_T_BIGINT);
	CU_ASSERT_EQUAL(c->autoincrement, OPS_FALSE);
	CU_ASSERT_TRUE(c->index);
	CU_ASSERT_EQUAL_FATAL(c->nfks, 1);
	EQS(c->fks[0]->name, "fk_u");
	EQS(c->fks[0]->ondelete, "CASCADE");
	EQS(c->fks[0]->ref_table, "users");	/* resolved by validation */
	EQS(join(c->fks[0]->ref_cols, 1), "id");
	CU_ASSERT_EQUAL(c->fks[0]->deferrable, OPS_TRUE);
	c = t->cols[4];
	CU_ASSERT_EQUAL(c->type->kind, OPS_T_STRING);
	CU_ASSERT_EQUAL(c->type->length, 20);
	CU_ASSERT_TRUE(c->unique);
	CU_ASSERT_EQUAL_FATAL(t->ncons, 4);
	k = t->cons[0];
	CU_ASSERT_EQUAL(k->kind, OPS_C_UNIQUE);
	EQS(k->name, "uq_code");
	EQS(join(k->cols, k->ncols), "code,user_id");
	k = t->cons[1];
	CU_ASSERT_EQUAL(k->kind, OPS_C_CHECK);
	EQS(k->sqltext, "total >= 0");
	EQS(k->name, "ck_total");
	k = t->cons[2];
	CU_ASSERT_EQUAL(k->kind, OPS_C_FOREIGN);
	EQS(join(k->fk->cols, k->fk->ncols), "user_id");
	EQS(k->fk->ref_schema, "billing");
	EQS(k->fk->ref_table, "users");
	EQS(k->fk->onupdate, "RESTRICT");
	CU_ASSERT_EQUAL(k->loc.line, 28);
	CU_ASSERT_EQUAL(k->loc.col, 11);
	k = t->cons[3];
	CU_ASSERT_EQUAL(k->kind, OPS_C_PRIMARY);
	EQS(k->name, "pk_inv");
	CU_ASSERT_EQUAL_FATAL(t->nindexes, 1);
	ix = t->indexes[0];
	EQS(ix->name, "ix_total");
	EQS(ix->table, "invoices");
	EQS(ix->schema, "billing");
	CU_ASSERT_TRUE(ix->unique);
	EQS(ix->pg_where, "total > 0");
	CU_ASSERT_EQUAL_FATAL(ix->ncols, 2);
	EQS(ix->cols[0].name, "total");
	CU_ASSERT_FALSE(ix->cols[0].is_expr);
	CU_ASSERT_EQUAL(ix->cols[0].mysql_length, 5);
	EQS(ix->cols[1].name, "lower(code)");
	CU_ASSERT_TRUE(ix->cols[1].is_expr);
	CU_ASSERT_EQUAL(ix->cols[1].mysql_length, 0);
	teardown();
}

static void test_yamlrev_column_ops(void)
{
	struct ops_op *op;
	struct ops_alter *al;

	setup();
	EQS(load(HEAD "upgrade:\n"
		 "- add_column:\n"
		 "    table_name: t\n"
		 "    schema: s\n"
		 "    column: {name: c, type: Text, nullable: false, "
		 "autoincrement: ignore_fk}\n"
		 "- drop_column: {table_name: t, column_name: c}\n"
		 "- alter_column:\n"
		 "    table_name: t\n"
		 "    column_name: c\n"
		 "    nullable: true\n"
		 "    existing_nullable: false\n"
		 "    type_: {String: {length: 50, collation: C}}\n"
		 "    existing_type: Text\n"
		 "    server_default: null\n"
		 "    existing_server_default: {text: \"'x'::text\"}\n"
		 "    comment: null\n"
		 "    existing_comment: old\n"
		 "    new_column_name: d\n"
		 "    postgresql_using: c::varchar\n"
		 "    autoincrement: false\n"
		 "- alter_column: {table_name: t, column_name: d, "
		 "server_default: x, comment: hi}\n"
		 "- rename_table: {old_table_name: t, new_table_name: u, "
		 "schema: s}\n"
		 "- drop_table: {table_name: u}\n"
		 "downgrade: []\n"), "");
	CU_ASSERT_FALSE(down_missing);
	CU_ASSERT_EQUAL(down.n, 0);
	op = op_at(&up, 0, OPS_ADD_COLUMN);
	EQS(op->table, "t");
	EQS(op->schema, "s");
	EQS(op->u.column->name, "c");
	CU_ASSERT_EQUAL(op->u.column->type->kind, OPS_T_TEXT);
	CU_ASSERT_EQUAL(op->u.column->nullable, OPS_FALSE);
	CU_ASSERT_TRUE(op->u.column->ignore_fk);
	CU_ASSERT_EQUAL(op->u.column->autoincrement, OPS_UNSET);
	op = op_at(&up, 1, OPS_DROP_COLUMN);
	EQS(op->table, "t");
	EQS(op->schema, NULL);
	EQS(op->u.column_name, "c");
	op = op_at(&up, 2, OPS_ALTER_COLUMN);
	al = &op->u.alter;
	EQS(al->column, "c");
	CU_ASSERT_EQUAL(al->nullable, OPS_TRUE);
	CU_ASSERT_EQUAL(al->existing_nullable, OPS_FALSE);
	CU_ASSERT_EQUAL(al->type->kind, OPS_T_STRING);
	CU_ASSERT_EQUAL(al->type->length, 50);
	EQS(al->type->collation, "C");
	CU_ASSERT_EQUAL(al->existing_type->kind, OPS_T_TEXT);
	CU_ASSERT_TRUE(al->server_default_set);
	CU_ASSERT_PTR_NULL(al->server_default);
	CU_ASSERT_TRUE(al->existing_server_default->is_text);
	EQS(al->existing_server_default->sql, "'x'::text");
	CU_ASSERT_TRUE(al->comment_set);
	CU_ASSERT_PTR_NULL(al->comment);
	EQS(al->existing_comment, "old");
	EQS(al->new_name, "d");
	EQS(al->pg_using, "c::varchar");
	CU_ASSERT_EQUAL(al->autoincrement, OPS_FALSE);
	CU_ASSERT_EQUAL(al->existing_autoincrement, OPS_UNSET);
	al = &op_at(&up, 3, OPS_ALTER_COLUMN)->u.alter;
	CU_ASSERT_EQUAL(al->nullable, OPS_UNSET);
	CU_ASSERT_TRUE(al->server_default_set);
	CU_ASSERT_FALSE(al->server_default->is_text);
	EQS(al->server_default->sql, "x");
	CU_ASSERT_TRUE(al->comment_set);
	EQS(al->comment, "hi");
	CU_ASSERT_PTR_NULL(al->type);
	op = op_at(&up, 4, OPS_RENAME_TABLE);
	EQS(op->table, "t");
	EQS(op->u.new_name, "u");
	EQS(op->schema, "s");
	op = op_at(&up, 5, OPS_DROP_TABLE);
	EQS(op->table, "u");
	CU_ASSERT_EQUAL(up.n, 6);
	teardown();
}

static void test_yamlrev_index_constraint_ops(void)
{
	struct ops_op *op;
	struct ops_constraint *k;

	setup();
	EQS(load(HEAD "upgrade:\n"
		 "- create_index:\n"
		 "    index_name: ix_a\n"
		 "    table_name: t\n"
		 "    columns: [a, b]\n"
		 "    unique: true\n"
		 "    postgresql_using: gin\n"
		 "    postgresql_concurrently: true\n"
		 "    mysql_length: 10\n"
		 "- drop_index: {index_name: ix_a, table_name: t, schema: s}\n"
		 "- drop_index: {index_name: ix_b}\n"
		 "- create_unique_constraint: {constraint_name: uq, "
		 "table_name: t, columns: [a], deferrable: false, "
		 "initially: IMMEDIATE}\n"
		 "- create_primary_key: {constraint_name: pk, "
		 "table_name: t, columns: [a, b]}\n"
		 "- create_foreign_key:\n"
		 "    constraint_name: fk\n"
		 "    source_table: t\n"
		 "    referent_table: r\n"
		 "    local_cols: [a, b]\n"
		 "    remote_cols: [x, y]\n"
		 "    ondelete: SET NULL\n"
		 "    source_schema: s\n"
		 "    referent_schema: rs\n"
		 "    match: FULL\n"
		 "- create_check_constraint: {constraint_name: ck, "
		 "table_name: t, condition: a > 1}\n"
		 "- drop_constraint: {constraint_name: fk, table_name: t, "
		 "type_: foreignkey}\n"
		 "- drop_constraint: {constraint_name: ck, table_name: t}\n"
		 "- create_table_comment: {table_name: t, comment: new, "
		 "existing_comment: old}\n"
		 "- drop_table_comment: {table_name: t, "
		 "existing_comment: new}\n"), "");
	op = op_at(&up, 0, OPS_CREATE_INDEX);
	EQS(op->u.index->name, "ix_a");
	EQS(op->u.index->table, "t");
	CU_ASSERT_TRUE(op->u.index->unique);
	EQS(op->u.index->pg_using, "gin");
	CU_ASSERT_TRUE(op->u.index->pg_concurrently);
	CU_ASSERT_EQUAL_FATAL(op->u.index->ncols, 2);
	CU_ASSERT_EQUAL(op->u.index->cols[0].mysql_length, 10);
	CU_ASSERT_EQUAL(op->u.index->cols[1].mysql_length, 10);
	op = op_at(&up, 1, OPS_DROP_INDEX);
	EQS(op->u.index->name, "ix_a");
	EQS(op->table, "t");
	EQS(op->schema, "s");
	op = op_at(&up, 2, OPS_DROP_INDEX);
	EQS(op->u.index->name, "ix_b");
	EQS(op->table, NULL);
	op = op_at(&up, 3, OPS_ADD_CONSTRAINT);
	k = op->u.cons;
	CU_ASSERT_EQUAL(k->kind, OPS_C_UNIQUE);
	EQS(k->name, "uq");
	EQS(op->table, "t");
	CU_ASSERT_EQUAL(k->deferrable, OPS_FALSE);
	EQS(k->initially, "IMMEDIATE");
	k = op_at(&up, 4, OPS_ADD_CONSTRAINT)->u.cons;
	CU_ASSERT_EQUAL(k->kind, OPS_C_PRIMARY);
	EQS(join(k->cols, k->ncols), "a,b");
	op = op_at(&up, 5, OPS_ADD_CONSTRAINT);
	k = op->u.cons;
	CU_ASSERT_EQUAL(k->kind, OPS_C_FOREIGN);
	EQS(op->table, "t");
	EQS(op->schema, "s");
	EQS(k->fk->name, "fk");
	EQS(join(k->fk->cols, k->fk->ncols), "a,b");
	EQS(k->fk->ref_table, "r");
	EQS(k->fk->ref_schema, "rs");
	EQS(join(k->fk->ref_cols, k->fk->nrefs), "x,y");
	EQS(k->fk->ondelete, "SET NULL");
	EQS(k->fk->match, "FULL");
	k = op_at(&up, 6, OPS_ADD_CONSTRAINT)->u.cons;
	CU_ASSERT_EQUAL(k->kind, OPS_C_CHECK);
	EQS(k->sqltext, "a > 1");
	op = op_at(&up, 7, OPS_DROP_CONSTRAINT);
	EQS(op->u.drop.name, "fk");
	EQS(op->u.drop.type_, "foreignkey");
	EQS(op_at(&up, 8, OPS_DROP_CONSTRAINT)->u.drop.type_, NULL);
	op = op_at(&up, 9, OPS_CREATE_TABLE_COMMENT);
	EQS(op->u.tcomment.comment, "new");
	EQS(op->u.tcomment.existing_comment, "old");
	op = op_at(&up, 10, OPS_DROP_TABLE_COMMENT);
	EQS(op->u.tcomment.comment, NULL);
	EQS(op->u.tcomment.existing_comment, "new");
	teardown();
}

static void test_yamlrev_data_ops(void)
{
	struct ops_op *op;
	struct ops_row *r;

	setup();
	EQS(load(HEAD "upgrade:\n"
		 "- execute: UPDATE t SET a = 1\n"
		 "- execute: {sqltext: \"DELETE FROM t\"}\n"
		 "- bulk_insert:\n"
		 "    table:\n"
		 "      name: t\n"
		 "      schema: s\n"
		 "      columns:\n"
		 "        - {name: id, type: Integer}\n"
		 "        - {name: v}\n"
		 "        - {name: f, type: Float}\n"
		 "    rows:\n"
		 "      - {id: 1, v: x, f: 1e3}\n"
		 "      - {v: '2', id: -7, f: 0.1}\n"
		 "      - {id: null, v: true, f: 2.5e-7}\n"
		 "      - {v: \"null\"}\n"), "");
	op = op_at(&up, 0, OPS_EXECUTE);
	EQS(op->u.exec.sql, "UPDATE t SET a = 1");
	CU_ASSERT_TRUE(op->u.exec.is_text);
	op = op_at(&up, 1, OPS_EXECUTE);
	EQS(op->u.exec.sql, "DELETE FROM t");
	op = op_at(&up, 2, OPS_BULK_INSERT);
	EQS(op->table, "t");
	EQS(op->u.create->schema, "s");
	CU_ASSERT_EQUAL_FATAL(op->u.create->ncols, 3);
	CU_ASSERT_EQUAL(op->u.create->cols[1]->type->kind, OPS_T_NULL);
	CU_ASSERT_EQUAL_FATAL(op->nrows, 4);
	r = op->rows[0];
	CU_ASSERT_EQUAL(r->vals[0]->kind, OPS_V_INT);
	CU_ASSERT_EQUAL(r->vals[0]->i, 1);
	CU_ASSERT_EQUAL(r->vals[1]->kind, OPS_V_STR);
	EQS(r->vals[1]->text, "x");
	CU_ASSERT_EQUAL(r->vals[2]->kind, OPS_V_FLOAT);
	EQS(r->vals[2]->text, "1000.0");
	r = op->rows[1];
	CU_ASSERT_EQUAL(r->vals[0]->i, -7);
	CU_ASSERT_EQUAL(r->vals[1]->kind, OPS_V_STR);
	EQS(r->vals[1]->text, "2");
	EQS(r->vals[2]->text, "0.1");
	r = op->rows[2];
	CU_ASSERT_EQUAL(r->vals[0]->kind, OPS_V_NONE);
	CU_ASSERT_EQUAL(r->vals[1]->kind, OPS_V_BOOL);
	CU_ASSERT_TRUE(r->vals[1]->b);
	EQS(r->vals[2]->text, "2.5e-07");
	r = op->rows[3];
	CU_ASSERT_PTR_NULL(r->vals[0]);
	CU_ASSERT_EQUAL(r->vals[1]->kind, OPS_V_STR);
	EQS(r->vals[1]->text, "null");
	CU_ASSERT_PTR_NULL(r->vals[2]);
	teardown();
}

static void test_yamlrev_batch(void)
{
	struct ops_op *op, *in;

	setup();
	EQS(load(HEAD "upgrade: []\n"
		 "downgrade:\n"
		 "- batch_alter_table:\n"
		 "    table_name: t\n"
		 "    schema: s\n"
		 "    ops:\n"
		 "      - add_column: {column: {name: c, type: Boolean}}\n"
		 "      - alter_column: {column_name: c, nullable: false}\n"
		 "      - create_foreign_key: {constraint_name: fk, "
		 "referent_table: r, local_cols: [c], remote_cols: [id]}\n"
		 "      - create_index: {index_name: ix, columns: [c]}\n"
		 "      - drop_index: {index_name: ix}\n"
		 "      - drop_constraint: {constraint_name: fk, "
		 "type_: foreignkey}\n"
		 "      - drop_column: {column_name: c}\n"), "");
	CU_ASSERT_EQUAL(up.n, 0);
	CU_ASSERT_FALSE(down_missing);
	op = op_at(&down, 0, OPS_BATCH);
	EQS(op->table, "t");
	EQS(op->schema, "s");
	CU_ASSERT_EQUAL_FATAL(op->u.batch.n, 7);
	in = op->u.batch.ops[0];
	CU_ASSERT_EQUAL(in->kind, OPS_ADD_COLUMN);
	EQS(in->table, "t");
	EQS(in->schema, "s");
	CU_ASSERT_EQUAL(in->u.column->type->kind, OPS_T_BOOLEAN);
	CU_ASSERT_EQUAL(in->loc.line, 9);
	CU_ASSERT_EQUAL(in->loc.col, 9);
	in = op->u.batch.ops[2];
	CU_ASSERT_EQUAL(in->kind, OPS_ADD_CONSTRAINT);
	EQS(in->table, "t");
	EQS(in->u.cons->fk->ref_table, "r");
	in = op->u.batch.ops[3];
	EQS(in->u.index->table, "t");
	EQS(in->u.index->schema, "s");
	EQS(op->u.batch.ops[4]->table, "t");
	CU_ASSERT_EQUAL(op->u.batch.ops[6]->kind, OPS_DROP_COLUMN);
	teardown();
}

static void test_yamlrev_types(void)
{
	static const char *const cols =
		"        - {name: a, type: postgresql.JSONB}\n"
		"        - {name: b, type: {postgresql.ARRAY: Integer}}\n"
		"        - {name: c, type: {Enum: [draft, paid]}}\n"
		"        - name: d\n"
		"          type:\n"
		"            postgresql.ENUM:\n"
		"              values: [x, 'y']\n"
		"              name: kind\n"
		"              create_type: false\n"
		"        - {name: e, type: {mysql.INTEGER: {display_width: 11,"
		" unsigned: true}}}\n"
		"        - {name: f, type: {ARRAY: {item_type: {String: 5}, "
		"dimensions: 2}}}\n"
		"        - {name: g, type: sa.Geometry}\n";
	struct ops_table *t;
	struct ops_type *ty;

	setup();
	EQS(load(arena_printf(arena, HEAD "upgrade:\n  - create_table:\n"
			      "      table_name: t\n      columns:\n%s",
			      cols)), "v/r.yaml:18:27: upgrade[0].create_table."
	    "columns[6].type: unknown type 'sa.Geometry' (expected a "
	    "SQLAlchemy type such as Integer, String or postgresql.JSONB; see "
	    "docs/yaml-op-scripts.md)");
	EQS(load(arena_printf(arena, HEAD "upgrade:\n  - create_table:\n"
			      "      table_name: t\n      columns:\n%.*s",
			      (int)(strstr(cols, "        - {name: g") - cols),
			      cols)), "");
	t = op_at(&up, 0, OPS_CREATE_TABLE)->u.create;
	CU_ASSERT_EQUAL_FATAL(t->ncols, 6);
	ty = t->cols[0]->type;
	CU_ASSERT_EQUAL(ty->kind, OPS_T_JSONB);
	CU_ASSERT_EQUAL(ty->module, OPS_M_POSTGRESQL);
	ty = t->cols[1]->type;
	CU_ASSERT_EQUAL(ty->kind, OPS_T_ARRAY);
	CU_ASSERT_EQUAL(ty->item->kind, OPS_T_INTEGER);
	ty = t->cols[2]->type;
	CU_ASSERT_EQUAL(ty->kind, OPS_T_ENUM);
	EQS(join(ty->values, ty->nvalues), "draft,paid");
	ty = t->cols[3]->type;
	EQS(join(ty->values, ty->nvalues), "x,y");
	EQS(ty->name, "kind");
	CU_ASSERT_FALSE(ty->create_type);
	CU_ASSERT_EQUAL(ty->module, OPS_M_POSTGRESQL);
	ty = t->cols[4]->type;
	CU_ASSERT_EQUAL(ty->display_width, 11);
	CU_ASSERT_TRUE(ty->unsigned_);
	ty = t->cols[5]->type;
	CU_ASSERT_EQUAL(ty->item->kind, OPS_T_STRING);
	CU_ASSERT_EQUAL(ty->item->length, 5);
	CU_ASSERT_EQUAL(ty->dimensions, 2);
	teardown();
}

/* Keywords beyond the basic ops: Identity, PostgreSQL index options,
 * batch recreate and insert_before/after, bindparams, sa.func. */
static void test_yamlrev_extras(void)
{
	struct ops_column *c;
	struct ops_index *ix;
	struct ops_op *op;

	setup();
	EQS(load(HEAD "upgrade:\n"
		 "- add_column:\n"
		 "    table_name: t\n"
		 "    column:\n"
		 "      name: id\n"
		 "      type: BigInteger\n"
		 "      identity: {always: true, start: 10, cycle: false}\n"
		 "      server_default: {func: now}\n"
		 "- create_index:\n"
		 "    index_name: ix\n"
		 "    table_name: t\n"
		 "    columns: [a, b]\n"
		 "    postgresql_include: [c, d]\n"
		 "    postgresql_ops: {b: text_pattern_ops}\n"
		 "- batch_alter_table:\n"
		 "    table_name: t\n"
		 "    recreate: always\n"
		 "    ops:\n"
		 "      - add_column: {column: {name: x}, insert_before: a}\n"
		 "      - add_column: {column: {name: y}, insert_after: x}\n"
		 "- execute:\n"
		 "    sqltext: UPDATE t SET a = :v WHERE b = :w\n"
		 "    bindparams: {v: 1, w: it's}\n"), "");
	c = op_at(&up, 0, OPS_ADD_COLUMN)->u.column;
	CU_ASSERT_PTR_NOT_NULL_FATAL(c->identity);
	CU_ASSERT_TRUE(c->identity->always);
	CU_ASSERT_TRUE(c->identity->has_start);
	CU_ASSERT_EQUAL(c->identity->start, 10);
	CU_ASSERT_FALSE(c->identity->has_increment);
	CU_ASSERT_EQUAL(c->identity->cycle, OPS_FALSE);
	CU_ASSERT_EQUAL(c->identity->order, OPS_UNSET);
	CU_ASSERT_EQUAL(c->server_default->expr, OPS_D_FUNC);
	EQS(c->server_default->sql, "now");
	ix = op_at(&up, 1, OPS_CREATE_INDEX)->u.index;
	EQS(join(ix->pg_include, ix->npg_include), "c,d");
	CU_ASSERT_EQUAL_FATAL(ix->ncols, 2);
	CU_ASSERT_PTR_NULL(ix->cols[0].pg_ops);
	EQS(ix->cols[1].pg_ops, "text_pattern_ops");
	op = op_at(&up, 2, OPS_BATCH);
	CU_ASSERT_EQUAL(op->u.batch.recreate, OPS_RECREATE_ALWAYS);
	CU_ASSERT_EQUAL_FATAL(op->u.batch.n, 2);
	EQS(op->u.batch.ops[0]->insert_before, "a");
	EQS(op->u.batch.ops[0]->insert_after, NULL);
	EQS(op->u.batch.ops[1]->insert_after, "x");
	op = op_at(&up, 3, OPS_EXECUTE);
	EQS(op->u.exec.sql, "UPDATE t SET a = :v WHERE b = :w");
	CU_ASSERT_EQUAL_FATAL(op->u.exec.nbinds, 2);
	EQS(op->u.exec.binds[0].name, "v");
	CU_ASSERT_EQUAL(op->u.exec.binds[0].value->kind, OPS_V_INT);
	EQS(op->u.exec.binds[1].name, "w");
	EQS(op->u.exec.binds[1].value->text, "it's");
	teardown();
}

/* ---- bad documents ---- */

static void test_yamlrev_errors(void)
{
	static const struct {
		const char *body, *want;
	} cases[] = {
		/* unknown operation, field; one op per item */
		{ "upgrade:\n  - create_tabel: {table_name: t}\n",
		  "v/r.yaml:4:5: upgrade[0]: unknown operation "
		  "'create_tabel' (expected create_table, drop_table, "
		  "add_column, drop_column, alter_column, rename_table, "
		  "create_index, drop_index, create_unique_constraint, "
		  "create_primary_key, create_foreign_key, "
		  "create_check_constraint, drop_constraint, execute, "
		  "bulk_insert, create_table_comment, drop_table_comment or "
		  "batch_alter_table)" },
		{ "upgrade:\n  - drop_table: {table_name: t}\n"
		  "    drop_column: {}\n",
		  "v/r.yaml:5:5: upgrade[0]: expected one operation per list "
		  "item, found a second one ('drop_column')" },
		{ "upgrade:\n  - {}\n", "v/r.yaml:4:5: upgrade[0]: expected "
		  "one operation (found an empty mapping)" },
		{ "upgrade:\n  - drop_table\n", "v/r.yaml:4:5: upgrade[0] "
		  "must be a mapping with one operation name as its key "
		  "(found 'drop_table')" },
		{ "upgrade:\n  - drop_table: {table_name: t, shema: s}\n",
		  "v/r.yaml:4:33: upgrade[0].drop_table: unknown field "
		  "'shema' (expected table_name or schema)" },
		{ "upgrade:\n- create_table:\n    table_name: t\n"
		  "    columns:\n      - {name: a, type: Integer, nulable: "
		  "false}\n", "v/r.yaml:7:34: upgrade[0].create_table."
		  "columns[0]: unknown field 'nulable' (expected name, type, "
		  "nullable, primary_key, autoincrement, server_default, "
		  "comment, unique, index, identity or foreign_keys)" },
		{ "upgrade:\n  - drop_table: {table_name: t, table_name: u}\n",
		  "v/r.yaml:4:33: upgrade[0].drop_table: duplicate field "
		  "'table_name'" },
		/* wrong types */
		{ "upgrade:\n- create_table:\n    table_name: t\n"
		  "    columns:\n      - {name: a, primary_key: yes}\n",
		  "v/r.yaml:7:32: upgrade[0].create_table.columns[0]."
		  "primary_key must be true or false (found 'yes')" },
		{ "upgrade:\n- create_table:\n    table_name: [t]\n"
		  "    columns: []\n", "v/r.yaml:5:17: upgrade[0]."
		  "create_table.table_name must be a string (found a list)" },
		{ "upgrade:\n- create_table: {table_name: t, columns: x}\n",
		  "v/r.yaml:4:42: upgrade[0].create_table.columns must be a "
		  "list (found 'x')" },
		{ "upgrade:\n- drop_constraint: {constraint_name: c, "
		  "table_name: t, type_: fk}\n", "v/r.yaml:4:63: upgrade[0]."
		  "drop_constraint.type_ must be one of 'foreignkey', "
		  "'primary', 'unique' or 'check' (found 'fk')" },
		{ "upgrade:\n- add_column: {table_name: t, column: {name: a, "
		  "autoincrement: maybe}}\n", "v/r.yaml:4:64: upgrade[0]."
		  "add_column.column.autoincrement must be one of 'true', "
		  "'false', 'auto' or 'ignore_fk' (found 'maybe')" },
		{ "upgrade: {drop_table: {table_name: t}}\n",
		  "v/r.yaml:3:10: upgrade must be a list (found a mapping)" },
		{ "upgrade:\n- add_column: {table_name: t, column: {name: a, "
		  "type: {String: abc}}}\n", "v/r.yaml:4:64: String() "
		  "argument 'length' must be an integer" },
		{ "upgrade:\n- add_column: {table_name: t, column: {name: a, "
		  "type: {String: {lenght: 3}}}}\n", "v/r.yaml:4:73: String() "
		  "keyword 'lenght' is not supported" },
		{ "upgrade:\n- add_column: {table_name: t, column: {name: a, "
		  "type: [Integer]}}\n", "v/r.yaml:4:55: upgrade[0]."
		  "add_column.column.type must be a type (a name such as "
		  "Integer or postgresql.JSONB, or a mapping such as "
		  "{String: {length: 50}}) (found a list)" },
		{ "upgrade:\n- add_column: {table_name: t, column: {name: a, "
		  "type: {Integer: 5}}}\n", "v/r.yaml:4:65: upgrade[0]."
		  "add_column.column.type.Integer: Integer() takes 0 "
		  "positional arguments" },
		{ "upgrade:\n- add_column: {table_name: t, column: {name: a, "
		  "server_default: [1]}}\n", "v/r.yaml:4:65: upgrade[0]."
		  "add_column.column.server_default must be a string, "
		  "{text: SQL expression} or {func: name} (found a list)" },
		{ "upgrade:\n- create_index: {index_name: i, table_name: t, "
		  "columns: [{expr: x}]}\n", "v/r.yaml:4:58: upgrade[0]."
		  "create_index.columns[0] must be a column name or {text: "
		  "SQL expression} (found a mapping)" },
		{ "upgrade:\n- create_index: {index_name: i, table_name: t, "
		  "columns: [a], mysql_length: {b: 3}}\n", "v/r.yaml:4:77: "
		  "upgrade[0].create_index.mysql_length: the index has no "
		  "column 'b'" },
		{ "upgrade:\n- create_index: {index_name: i, table_name: t, "
		  "columns: [a], postgresql_ops: {a: [x]}}\n", "v/r.yaml:4:82: "
		  "upgrade[0].create_index.postgresql_ops.a must be a string "
		  "(found a list)" },
		{ "upgrade:\n- execute: {bindparams: {a: 1}}\n",
		  "v/r.yaml:4:12: upgrade[0].execute: missing required field "
		  "'sqltext'" },
		{ "upgrade:\n- add_column: {table_name: t, column: {name: a},"
		  " insert_after: b}\n", "v/r.yaml:4:64: upgrade[0]."
		  "add_column: insert_before and insert_after are for "
		  "add_column inside batch_alter_table" },
		{ "upgrade:\n- execute: [SELECT 1]\n", "v/r.yaml:4:12: "
		  "upgrade[0].execute must be SQL text or {sqltext: SQL text}"
		  " (found a list)" },
		{ "upgrade:\n- execute: {sql: SELECT 1}\n", "v/r.yaml:4:13: "
		  "upgrade[0].execute: unknown field 'sql' (expected "
		  "sqltext or bindparams)" },
		{ "upgrade:\n- bulk_insert:\n    table: {name: t, columns: "
		  "[{name: a}]}\n    rows: [{b: 1}]\n", "v/r.yaml:6:16: "
		  "bulk_insert: table 't' has no column 'b'" },
		{ "upgrade:\n- bulk_insert:\n    table: {name: t, columns: "
		  "[{name: a}]}\n    rows: [{a: [1]}]\n", "v/r.yaml:6:16: "
		  "upgrade[0].bulk_insert.rows[0].a must be a value (a "
		  "string, a number, true, false or null) (found a list)" },
		{ "upgrade:\n- bulk_insert:\n    table: {name: t, columns: "
		  "[]}\n    rows: []\n", "v/r.yaml:5:31: upgrade[0]."
		  "bulk_insert.table.columns must have at least 1 item" },
		/* missing required fields */
		{ "upgrade:\n  - drop_table: {schema: s}\n",
		  "v/r.yaml:4:17: upgrade[0].drop_table: missing required "
		  "field 'table_name'" },
		{ "upgrade:\n  - add_column:\n      column: {name: a}\n",
		  "v/r.yaml:5:7: upgrade[0].add_column: missing required "
		  "field 'table_name'" },
		{ "upgrade:\n  - create_foreign_key: {constraint_name: f, "
		  "referent_table: r, local_cols: [a], remote_cols: [b]}\n",
		  "v/r.yaml:4:25: upgrade[0].create_foreign_key: missing "
		  "required field 'source_table'" },
		{ "downgrade: []\n", "v/r.yaml:1:1: missing required field "
		  "'upgrade'" },
		/* batch */
		{ "upgrade:\n- batch_alter_table:\n    table_name: t\n"
		  "    ops:\n      - drop_column: {table_name: t, "
		  "column_name: c}\n", "v/r.yaml:7:35: upgrade[0]."
		  "batch_alter_table.ops[0].drop_column: table_name is given "
		  "by batch_alter_table (remove it here)" },
		{ "upgrade:\n- batch_alter_table:\n    table_name: t\n"
		  "    ops:\n      - drop_table: {table_name: t}\n",
		  "v/r.yaml:7:9: upgrade[0].batch_alter_table.ops[0]: "
		  "drop_table is not an operation of batch_alter_table" },
		{ "upgrade:\n- batch_alter_table:\n    table_name: t\n"
		  "    ops:\n      - execute: SELECT 1\n",
		  "v/r.yaml:7:9: upgrade[0].batch_alter_table.ops[0]: "
		  "execute is not an operation of batch_alter_table" },
		/* ops_op_validate() */
		{ "upgrade:\n- create_table:\n    table_name: t\n"
		  "    columns: [{name: a, type: Integer}]\n"
		  "    constraints: [{UniqueConstraint: {columns: [b]}}]\n",
		  "v/r.yaml:7:19: UniqueConstraint() names column 'b' that "
		  "table 't' does not have" },
		{ "upgrade:\n- create_table:\n    table_name: t\n"
		  "    columns: [{name: a}, {name: a}]\n", "v/r.yaml:6:26: "
		  "table 't' has column 'a' twice" },
		/* YAML syntax (found by the header reading) */
		{ "upgrade:\n  - drop_table: {table_name: t\n",
		  "v/r.yaml:5:1: YAML syntax error: did not find expected ',' "
		  "or '}' (while parsing a flow mapping at line 4, column "
		  "17)" },
		{ "upgrade:\n  - drop_table: table_name: t\n",
		  "v/r.yaml:4:27: YAML syntax error: mapping values are not "
		  "allowed in this context" },
		/* a mis-indented field becomes a second operation */
		{ "upgrade:\n  - drop_table:\n     table_name: t\n    "
		  "schema: s\n", "v/r.yaml:6:5: upgrade[0]: expected one "
		  "operation per list item, found a second one ('schema')" },
	};
	size_t i;

	setup();
	for (i = 0; i < RT_ARRAY_SIZE(cases); i++)
		EQS(load(arena_printf(arena, HEAD "%s", cases[i].body)),
		    cases[i].want);
	teardown();
}

/* Rendered SQL: the IR from YAML is what render_op() takes; checked
 * against `alembic upgrade --sql` of the same ops in a .py file. */
static void test_yamlrev_render(void)
{
	struct render_session s;
	struct render_list out = { 0 };
	struct rt_err err = RT_ERR_INIT;
	struct rt_buf b = RT_BUF_INIT;
	size_t i;

	setup();
	EQS(load(HEAD "upgrade:\n"
		 "  - create_table:\n"
		 "      table_name: invoices\n"
		 "      columns:\n"
		 "        - {name: id, type: Integer, primary_key: true}\n"
		 "        - {name: total, type: {Numeric: {precision: 10, "
		 "scale: 2}}, nullable: false}\n"
		 "  - create_index: {index_name: ix_invoices_total, "
		 "table_name: invoices, columns: [total]}\n"), "");
	render_session_init(&s, arena, dialect_by_name("postgresql"), true);
	CU_ASSERT_EQUAL(render_ops(&out, &s, &up, &err), 0);
	for (i = 0; i < out.n; i++)
		rt_buf_addf(&b, "%s;\n", out.v[i].sql);
	EQS(b.buf, "\nCREATE TABLE invoices (\n\tid SERIAL NOT NULL, \n"
	    "\ttotal NUMERIC(10, 2) NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n;\n"
	    "CREATE INDEX ix_invoices_total ON invoices (total);\n");
	rt_buf_release(&b);
	render_session_release(&s);
	teardown();
}

/* table_options: mysql_* / mariadb_* as op.create_table()'s keywords
 * (test_pyinterp.c has the same tables from Alembic 1.8.1 --sql). */
static const char *topts_sql(const char *dialect)
{
	struct render_session s;
	struct render_list out = { 0 };
	struct rt_err err = RT_ERR_INIT;
	struct rt_buf b = RT_BUF_INIT;
	const char *r;
	size_t i;

	render_session_init(&s, arena, dialect_by_name(dialect), true);
	CU_ASSERT_EQUAL(render_ops(&out, &s, &up, &err), 0);
	for (i = 0; i < out.n; i++)
		rt_buf_addf(&b, "%s;\n", out.v[i].sql);
	r = arena_strdup(arena, b.buf);
	rt_buf_release(&b);
	render_session_release(&s);
	return r;
}

static void test_yamlrev_table_options(void)
{
	static const char *const errs[][2] = {
		{ "{postgresql_tablespace: ts}",
		  "v/r.yaml:7:23: upgrade[0].create_table.table_options: "
		  "'postgresql_tablespace' is not supported (expected "
		  "mysql_<option> or mariadb_<option>)" },
		{ "{mysql_: x}",
		  "v/r.yaml:7:23: upgrade[0].create_table.table_options: "
		  "'mysql_' is not supported (expected mysql_<option> or "
		  "mariadb_<option>)" },
		{ "{mysql_engine: null}",
		  "v/r.yaml:7:37: upgrade[0].create_table.table_options."
		  "mysql_engine must be a string (found null)" },
		{ "[mysql_engine]",
		  "v/r.yaml:7:22: upgrade[0].create_table.table_options must "
		  "be a mapping of option names to strings (found a list)" },
	};
	size_t i;

	setup();
	EQS(load(HEAD "upgrade:\n"
		 "  - create_table:\n"
		 "      table_name: w\n"
		 "      columns: [{name: id, type: Integer}]\n"
		 "      comment: c\n"
		 "      table_options:\n"
		 "        mysql_default_charset: utf8mb4\n"
		 "        mysql_collate: utf8mb4_bin\n"
		 "        mysql_key_block_size: 8\n"
		 "        mariadb_row_format: DYNAMIC\n"), "");
	EQS(topts_sql("mysql"), "\nCREATE TABLE w (\n\tid INTEGER\n)"
	    "DEFAULT CHARSET=utf8mb4 KEY_BLOCK_SIZE=8 COMMENT='c' "
	    "COLLATE utf8mb4_bin\n\n;\n");
	EQS(topts_sql("mariadb"), "\nCREATE TABLE w (\n\tid INTEGER\n)"
	    "ROW_FORMAT=DYNAMIC COMMENT='c'\n\n;\n");
	EQS(topts_sql("postgresql"), "\nCREATE TABLE w (\n\tid INTEGER\n)"
	    "\n\n;\nCOMMENT ON TABLE w IS 'c';\n");
	EQS(topts_sql("sqlite"), "\nCREATE TABLE w (\n\tid INTEGER\n)"
	    "\n\n;\n");
	for (i = 0; i < RT_ARRAY_SIZE(errs); i++)
		EQS(load(arena_printf(arena, HEAD "upgrade:\n"
				      "  - create_table:\n"
				      "      table_name: w\n"
				      "      columns: [{name: id}]\n"
				      "      table_options: %s\n", errs[i][0])),
		    errs[i][1]);
	teardown();
}

/* The fixture project's op-scripts load whole. */
static void test_yamlrev_fixture(void)
{
	static const char *const names[] = {
		"2b7c9e1d4f60_invoices.yaml", "5d8e0f1a2b3c_invoice_lines.yml",
		"7a1b2c3d4e5f_batch_and_data.yaml",
	};
	static const size_t nup[] = { 3, 1, 3 }, ndown[] = { 1, 1, 2 };
	struct rt_err err = RT_ERR_INIT;
	struct rev_file rf;
	size_t i;

	setup();
	for (i = 0; i < RT_ARRAY_SIZE(names); i++) {
		msg[0] = '\0';
		if (rev_file_read(&rf, arena, UNIT_SRC("fixtures/yaml/"
						       "migrations/versions"),
				  names[i], &err) < 0 ||
		    yamlrev_load(&up, &down, &down_missing, arena, rf.path,
				 rf.src, rf.srclen, &err) < 0)
			rt_err_str(&err, msg, sizeof(msg));
		EQS(msg, "");
		CU_ASSERT_EQUAL(up.n, nup[i]);
		CU_ASSERT_EQUAL(down.n, ndown[i]);
		CU_ASSERT_FALSE(down_missing);
	}
	teardown();
}

/* yamlrev_parse()'s error on n bytes of src as "big.yaml". */
static const char *yaml_err(struct rt_arena *a, const char *src, size_t n)
{
	struct rt_err err = RT_ERR_INIT;
	struct yamlrev_header h;

	msg[0] = '\0';
	if (yamlrev_parse(&h, a, "big.yaml", src, n, &err) < 0)
		rt_err_str(&err, msg, sizeof(msg));
	return msg;
}

/*
 * The line map of a .yaml file past 4 GiB (a comment of 4.5 GiB of NULs,
 * not allocated; libyaml would reject them, so the marks are made up):
 * libyaml's marks (0-based lines, characters) as line:col in bytes.
 */
static void test_yamlrev_lines_past_4gib(void)
{
	const size_t size = (size_t)9 << 29;	/* 4.5 GiB */
	struct rt_arena *a = arena_new();
	struct ylines l;
	struct rt_loc loc;
	const char *src;
	size_t len;

	src = unit_bigtext("a: 1\n#", size, "\nb: [\r\n  \xC3\xA9: 1\r2\n",
			   &len);
	ylines_init(&l, "big.yaml", src, len);
	loc = ylines_loc(&l, a, (yaml_mark_t){ 0, 2, 3 });
	CU_ASSERT(loc.line == 3 && loc.col == 4);
	loc = ylines_loc(&l, a, (yaml_mark_t){ 0, 3, 3 });
	CU_ASSERT(loc.line == 4 && loc.col == 5);
	loc = ylines_loc(&l, a, (yaml_mark_t){ 0, 4, 0 });
	CU_ASSERT(loc.line == 5 && loc.col == 1);
	loc = ylines_loc(&l, a, (yaml_mark_t){ 0, 1, 0 });
	CU_ASSERT(loc.line == 2 && loc.col == 1);
	loc = ylines_loc(&l, a, (yaml_mark_t){ 0, 0, 2 });
	CU_ASSERT(loc.line == 1 && loc.col == 3);
	loc = ylines_loc(&l, a, (yaml_mark_t){ 0, 9, 4 });
	CU_ASSERT(loc.line == 10 && loc.col == 1);
	EQS(l.map.file, "big.yaml");
	/* libyaml's reader stops at the first NUL: at its byte offset. */
	EQS(yaml_err(a, "a: 1\n#\0\n", 9), "big.yaml:2:2: YAML syntax error: "
	    "control characters are not allowed");
	unit_bigtext_free(src, len);
	arena_free(a);
}

void unit_register(void)
{
	UNIT_SUITE("yamlrev",
		   UNIT_TEST(test_yamlrev_header),
		   UNIT_TEST(test_yamlrev_header_errors),
		   UNIT_TEST(test_yamlrev_depth),
		   UNIT_TEST(test_yamlrev_create_table),
		   UNIT_TEST(test_yamlrev_column_ops),
		   UNIT_TEST(test_yamlrev_index_constraint_ops),
		   UNIT_TEST(test_yamlrev_data_ops),
		   UNIT_TEST(test_yamlrev_batch),
		   UNIT_TEST(test_yamlrev_types),
		   UNIT_TEST(test_yamlrev_extras),
		   UNIT_TEST(test_yamlrev_errors),
		   UNIT_TEST(test_yamlrev_render),
		   UNIT_TEST(test_yamlrev_table_options),
		   UNIT_TEST(test_yamlrev_fixture),
		   UNIT_TEST(test_yamlrev_lines_past_4gib));
}

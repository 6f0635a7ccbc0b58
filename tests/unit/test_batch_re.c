/*
 * test_batch_re.c: SQLAlchemy 1.4's SQLite reflection patterns
 * (runtime/batch_re.c) against what SQLAlchemy itself read from the same
 * CREATE TABLE texts (fixtures/batch/re/expected.json, recorded by
 * fixtures/batch/re/gen.py from fixtures/batch/re/cases.sql): re.I,
 * lazy and greedy groups, '.' stopping at a newline, finditer resuming
 * after each match, Unicode \w and case folding, the FK options.
 */
#include "unit.h"

#include "base/buf.h"
#include "runtime/batch_re.h"
#include "json.h"

#define EQS UNIT_EQS

static struct rt_arena *A;

/* A string or None, as the cases print them. */
static void str(struct rt_buf *b, const char *s)
{
	if (s)
		rt_buf_addf(b, "'%s'", s);
	else
		rt_buf_adds(b, "None");
}

static void strv(struct rt_buf *b, const char *const *v, size_t n)
{
	size_t i;

	rt_buf_addch(b, '[');
	for (i = 0; i < n; i++) {
		if (i)
			rt_buf_adds(b, ", ");
		str(b, v[i]);
	}
	rt_buf_addch(b, ']');
}

static const char *tri(enum ops_tri t)
{
	return t == OPS_UNSET ? "None" : t == OPS_TRUE ? "True" : "False";
}

/* ---- what retort reads ---- */

static void got_case(struct rt_buf *b, const char *sql)
{
	struct rt_err err = RT_ERR_INIT;
	struct re_text t = { sql, A, NULL, &err };
	struct re_unique *u;
	struct re_fk *fk;
	struct re_check *ck;
	const char *pk;
	size_t n, i;

	CU_ASSERT_EQUAL(re_pk_name(&pk, &t), 0);
	rt_buf_adds(b, "pk: ");
	str(b, pk);
	rt_buf_addch(b, '\n');
	CU_ASSERT_EQUAL(re_fks(&fk, &n, &t), 0);
	for (i = 0; i < n; i++) {
		rt_buf_adds(b, "fk: ");
		str(b, fk[i].name);
		rt_buf_addch(b, ' ');
		strv(b, fk[i].cols, fk[i].ncols);
		rt_buf_adds(b, " -> ");
		str(b, fk[i].ref_table);
		rt_buf_addch(b, ' ');
		strv(b, fk[i].ref_cols, fk[i].nref_cols);
		rt_buf_adds(b, " ondelete=");
		str(b, fk[i].ondelete);
		rt_buf_adds(b, " onupdate=");
		str(b, fk[i].onupdate);
		rt_buf_addf(b, " deferrable=%s initially=",
			    tri(fk[i].deferrable));
		str(b, fk[i].initially);
		rt_buf_addch(b, '\n');
	}
	CU_ASSERT_EQUAL(re_uniques(&u, &n, &t), 0);
	for (i = 0; i < n; i++) {
		rt_buf_adds(b, "unique: ");
		str(b, u[i].name);
		rt_buf_addch(b, ' ');
		strv(b, u[i].cols, u[i].ncols);
		rt_buf_addch(b, '\n');
	}
	CU_ASSERT_EQUAL(re_checks(&ck, &n, &t), 0);
	for (i = 0; i < n; i++) {
		rt_buf_adds(b, "check: ");
		str(b, ck[i].name);
		rt_buf_addch(b, ' ');
		str(b, ck[i].sqltext);
		rt_buf_addch(b, '\n');
	}
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	rt_err_clear(&err);
}

/* ---- what SQLAlchemy read ---- */

static const char *jstr(const struct json *o, const char *key)
{
	const struct json *v = json_get(o, key);

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	return v->type == JSON_STRING ? v->str : NULL;
}

static void jstrv(struct rt_buf *b, const struct json *o, const char *key)
{
	const struct json *v = json_get(o, key);
	const char **s;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	s = arena_alloc(A, (v->n + 1) * sizeof(*s));
	for (i = 0; i < v->n; i++)
		s[i] = v->items[i]->str;
	strv(b, s, v->n);
}

static void want_case(struct rt_buf *b, const struct json *c)
{
	const struct json *l, *d;
	size_t i;

	rt_buf_adds(b, "pk: ");
	str(b, jstr(c, "pk"));
	rt_buf_addch(b, '\n');
	l = json_get(c, "fks");
	for (i = 0; i < l->n; i++) {
		const struct json *fk = l->items[i];

		rt_buf_adds(b, "fk: ");
		str(b, jstr(fk, "name"));
		rt_buf_addch(b, ' ');
		jstrv(b, fk, "cols");
		rt_buf_adds(b, " -> ");
		str(b, jstr(fk, "ref_table"));
		rt_buf_addch(b, ' ');
		jstrv(b, fk, "ref_cols");
		rt_buf_adds(b, " ondelete=");
		str(b, jstr(fk, "ondelete"));
		rt_buf_adds(b, " onupdate=");
		str(b, jstr(fk, "onupdate"));
		d = json_get(fk, "deferrable");
		rt_buf_addf(b, " deferrable=%s initially=",
			    d->type == JSON_NULL ? "None" :
			    d->b ? "True" : "False");
		str(b, jstr(fk, "initially"));
		rt_buf_addch(b, '\n');
	}
	l = json_get(c, "uniques");
	for (i = 0; i < l->n; i++) {
		rt_buf_adds(b, "unique: ");
		str(b, jstr(l->items[i], "name"));
		rt_buf_addch(b, ' ');
		jstrv(b, l->items[i], "cols");
		rt_buf_addch(b, '\n');
	}
	l = json_get(c, "checks");
	for (i = 0; i < l->n; i++) {
		rt_buf_adds(b, "check: ");
		str(b, jstr(l->items[i], "name"));
		rt_buf_addch(b, ' ');
		str(b, jstr(l->items[i], "sqltext"));
		rt_buf_addch(b, '\n');
	}
}

static void test_batch_re_sqlalchemy(void)
{
	char *text = unit_slurp(UNIT_SRC("fixtures/batch/re/expected.json"));
	struct json *cases = json_parse(text);
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cases);
	CU_ASSERT_TRUE(cases->n >= 10);
	A = arena_new();
	for (i = 0; i < cases->n; i++) {
		const struct json *c = cases->items[i];
		struct rt_buf got = RT_BUF_INIT, want = RT_BUF_INIT;

		rt_buf_addf(&got, "case %s\n", jstr(c, "case"));
		rt_buf_addf(&want, "case %s\n", jstr(c, "case"));
		got_case(&got, jstr(c, "sql"));
		want_case(&want, c);
		EQS(got.buf, want.buf);
		rt_buf_release(&got);
		rt_buf_release(&want);
	}
	arena_free(A);
	json_free(cases);
	free(text);
}

/*
 * Bytes that are not UTF-8 (Python never gets such text as a str): they
 * match nothing, not even '.', and the scan goes on past them.
 */
static void test_batch_re_not_utf8(void)
{
	struct rt_err err = RT_ERR_INIT;
	struct re_text t = { "CREATE TABLE t (a\xff INTEGER, \xc3 FOREIGN KEY "
			     "(a) REFERENCES x (\xe9) ON DELETE CASCADE, "
			     "FOREIGN KEY (a) REFERENCES y (b\xff) ON DELETE "
			     "CASCADE, FOREIGN KEY (a) REFERENCES z (c) ON "
			     "UPDATE CASCADE)", NULL, NULL, &err };
	struct re_fk *fk;
	size_t n;

	A = arena_new();
	t.a = A;
	CU_ASSERT_EQUAL(re_fks(&fk, &n, &t), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	EQS(fk[0].ref_table, "z");
	EQS(fk[0].onupdate, "CASCADE");
	arena_free(A);
}

void unit_register(void)
{
	UNIT_SUITE("batch_re",
		   UNIT_TEST(test_batch_re_sqlalchemy),
		   UNIT_TEST(test_batch_re_not_utf8));
}

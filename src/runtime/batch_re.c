/*
 * batch_re.c: SQLAlchemy 1.4's SQLite reflection patterns (base.py
 * get_pk_constraint, get_foreign_keys, get_unique_constraints,
 * get_check_constraints, _find_cols_in_sig), as written there, compiled
 * with PCRE2 and run as Python's re.search/re.finditer run them, and
 * what those methods do with each match.
 */
#include "batch_re.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* SQLAlchemy 1.4.46 dialects/sqlite/base.py, pattern for pattern. */
static const char pk_pattern[] = "CONSTRAINT (\\w+) PRIMARY KEY";

static const char fk_pattern[] =
	"(?:CONSTRAINT (\\w+) +)?"
	"FOREIGN KEY *\\( *(.+?) *\\) +"
	"REFERENCES +(?:(?:\"(.+?)\")|([a-z0-9_]+)) *\\((.+?)\\) *"
	"((?:ON (?:DELETE|UPDATE) "
	"(?:SET NULL|SET DEFAULT|CASCADE|RESTRICT|NO ACTION) *)*)"
	"((?:NOT +)?DEFERRABLE)?"
	"(?: +INITIALLY +(DEFERRED|IMMEDIATE))?";

static const char unique_pattern[] =
	"(?:CONSTRAINT \"?(.+?)\"? +)?UNIQUE *\\((.+?)\\)";

static const char inline_unique_pattern[] =
	"(?:(\".+?\")|(?:[\\[`])?([a-z0-9_]+)(?:[\\]`])?) "
	"+[a-z0-9_ ]+? +UNIQUE";

static const char check_pattern[] =
	"(?:CONSTRAINT (.+) +)?" "CHECK *\\( *(.+) *\\),? *";

/* _find_cols_in_sig() */
static const char sig_pattern[] = "(?:\"(.+?)\")|([a-z0-9_]+)";

/*
 * parse_fks() reads FK_PATTERN's group 6 with re.split(r" *\bON\b *",
 * onupdatedelete.upper()) and token[6:].strip(): each piece is one of
 * these, and its upper-case text is the phrase named by the group.
 */
static const char fk_on_pattern[] =
	"ON (?:(DELETE)|UPDATE) "
	"(?:(SET NULL)|(SET DEFAULT)|(CASCADE)|(RESTRICT)|NO ACTION)";
static const char *const fk_actions[] = {
	"SET NULL", "SET DEFAULT", "CASCADE", "RESTRICT",
};

/*
 * Python's re.I over a str: case-insensitive with Unicode case folding
 * (the Kelvin sign is a 'k', a long s an 's'), \w over Unicode letters
 * and digits, '.' anything but '\n' (PCRE2_NEWLINE_LF).  Python reads
 * the text as a str, so text that is not UTF-8 never gets that far
 * there; here its bad bytes just match nothing.  One difference is
 * left: Python also takes the dotted and the dotless I (U+0130, U+0131)
 * for an 'i', PCRE2 (10.42) does not.
 */
#define RE_OPTIONS (PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | \
		    PCRE2_MATCH_INVALID_UTF)

/* One compiled pattern scanning one subject, like re.finditer(). */
struct re {
	const struct re_text *t;
	pcre2_general_context *gc;
	pcre2_code *code;
	pcre2_match_data *md;
	const char *s;
	size_t n, at;		/* the subject's length; the next search */
};

/* PCRE2 allocates as retort does: out of memory aborts. */
static void *re_malloc(PCRE2_SIZE n, void *data)
{
	(void)data;
	return rt_xmalloc(n);
}

static void re_free(void *p, void *data)
{
	(void)data;
	free(p);
}

static int re_fail(const struct re_text *t, int code)
{
	PCRE2_UCHAR msg[256];

	if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
		msg[0] = '\0';
	return rt_errf(t->err, RT_ERROR, t->loc, "batch_alter_table(): "
		       "SQLAlchemy's regular expression over the CREATE TABLE "
		       "text failed: %s", (const char *)msg);
}

/* Compile pattern (RE_OPTIONS); release with re_close(), also after an
 * error.  The patterns are constants: a compile error is a bug here. */
static int re_open(struct re *re, const struct re_text *t,
		   const char *pattern)
{
	pcre2_compile_context *cc;
	PCRE2_SIZE off;
	int code;

	memset(re, 0, sizeof(*re));
	re->t = t;
	re->gc = pcre2_general_context_create(re_malloc, re_free, NULL);
	cc = pcre2_compile_context_create(re->gc);
	pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				 RE_OPTIONS, &code, &off, cc);
	pcre2_compile_context_free(cc);
	if (!re->code)
		return re_fail(t, code);
	re->md = pcre2_match_data_create_from_pattern(re->code, re->gc);
	return 0;
}

static void re_close(struct re *re)
{
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	pcre2_general_context_free(re->gc);
}

/* Scan s[0..n) from its start. */
static void re_scan(struct re *re, const char *s, size_t n)
{
	re->s = s;
	re->n = n;
	re->at = 0;
}

/* The next match of the scan: 1, 0 at the end, or an error. */
static int re_next(struct re *re)
{
	PCRE2_SIZE *ov;
	int rc;

	if (re->at > re->n)
		return 0;
	rc = pcre2_match(re->code, (PCRE2_SPTR)re->s, re->n, re->at, 0,
			 re->md, NULL);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return re_fail(re->t, rc);
	ov = pcre2_get_ovector_pointer(re->md);
	re->at = ov[1];
	/* None of the patterns matches empty text; were one to, the scan
	 * goes on after the next character, as finditer does. */
	if (ov[1] == ov[0])
		for (re->at++; re->at < re->n &&
		     ((unsigned char)re->s[re->at] & 0xC0) == 0x80; re->at++)
			;
	return 1;
}

/* Whether group g took part in the last match. */
static bool re_has(const struct re *re, int g)
{
	return pcre2_get_ovector_pointer(re->md)[2 * g] != PCRE2_UNSET;
}

/* Group g of the last match: its text, or false when it took no part. */
static bool re_group(const struct re *re, int g, const char **s, size_t *n)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);

	if (!re_has(re, g))
		return false;
	*s = re->s + ov[2 * g];
	*n = ov[2 * g + 1] - ov[2 * g];
	return true;
}

/* match.group(g) copied into the arena, NULL when it took no part. */
static const char *re_dup(const struct re *re, int g)
{
	const char *s;
	size_t n;

	return re_group(re, g, &s, &n) ? arena_strndup(re->t->a, s, n) :
		NULL;
}

/* Room for one more element in an arena array of *alloc (doubling). */
static void *grow(struct rt_arena *a, void *v, size_t n, size_t *alloc,
		  size_t size)
{
	void *nv;

	if (n < *alloc)
		return v;
	*alloc = *alloc ? 2 * *alloc : 4;
	nv = arena_alloc(a, *alloc * size);
	if (n)
		memcpy(nv, v, n * size);
	return nv;
}

/* _find_cols_in_sig() of group g of m's last match, with sig compiled
 * from sig_pattern. */
static int sig_cols(const char ***out, size_t *nout, struct re *sig,
		    const struct re *m, int g)
{
	const char **v = NULL, *s;
	size_t n = 0, alloc = 0, len;
	int rc;

	if (!re_group(m, g, &s, &len))
		s = "", len = 0;
	re_scan(sig, s, len);
	while ((rc = re_next(sig)) > 0) {
		v = grow(sig->t->a, v, n, &alloc, sizeof(*v));
		/* match.group(1) or match.group(2) */
		v[n] = re_dup(sig, 1);
		if (!v[n])
			v[n] = re_dup(sig, 2);
		n++;
	}
	*out = v;
	*nout = n;
	return rc;
}

int re_pk_name(const char **name, const struct re_text *t)
{
	struct re pk;
	int rc;

	*name = NULL;
	if ((rc = re_open(&pk, t, pk_pattern)) == 0) {
		re_scan(&pk, t->sql, strlen(t->sql));
		if ((rc = re_next(&pk)) > 0) {
			*name = re_dup(&pk, 1);
			rc = 0;
		}
	}
	re_close(&pk);
	return rc;
}

/* parse_uqs(): UNIQUE_PATTERN's matches, then INLINE_UNIQUE_PATTERN's. */
int re_uniques(struct re_unique **out, size_t *nout, const struct re_text *t)
{
	struct re uq = { 0 }, in = { 0 }, sig = { 0 };
	struct re_unique *v = NULL;
	size_t n = 0, alloc = 0;
	int rc;

	if ((rc = re_open(&uq, t, unique_pattern)) < 0 ||
	    (rc = re_open(&in, t, inline_unique_pattern)) < 0 ||
	    (rc = re_open(&sig, t, sig_pattern)) < 0)
		goto done;
	re_scan(&uq, t->sql, strlen(t->sql));
	while ((rc = re_next(&uq)) > 0) {
		v = grow(t->a, v, n, &alloc, sizeof(*v));
		v[n].name = re_dup(&uq, 1);
		if ((rc = sig_cols(&v[n].cols, &v[n].ncols, &sig, &uq,
				   2)) < 0)
			goto done;
		n++;
	}
	if (rc < 0)
		goto done;
	re_scan(&in, t->sql, strlen(t->sql));
	while ((rc = re_next(&in)) > 0) {
		v = grow(t->a, v, n, &alloc, sizeof(*v));
		v[n].name = NULL;
		/* match.group(1) or match.group(2) */
		if ((rc = sig_cols(&v[n].cols, &v[n].ncols, &sig, &in,
				   re_has(&in, 1) ? 1 : 2)) < 0)
			goto done;
		n++;
	}
done:
	/* a pattern re_open() has not got to is all zeroes: no-op */
	re_close(&uq);
	re_close(&in);
	re_close(&sig);
	*out = v;
	*nout = n;
	return rc < 0 ? rc : 0;
}

int re_checks(struct re_check **out, size_t *nout, const struct re_text *t)
{
	struct re ck;
	struct re_check *v = NULL;
	size_t n = 0, alloc = 0;
	int rc;

	if ((rc = re_open(&ck, t, check_pattern)) == 0) {
		re_scan(&ck, t->sql, strlen(t->sql));
		while ((rc = re_next(&ck)) > 0) {
			const char *s;
			size_t len;

			v = grow(t->a, v, n, &alloc, sizeof(*v));
			v[n].name = NULL;
			v[n].sqltext = re_dup(&ck, 2);
			if (re_group(&ck, 1, &s, &len)) {
				/* re.sub(r'^"|"$', "", name) */
				if (len && *s == '"')
					s++, len--;
				if (len && s[len - 1] == '"')
					len--;
				v[n].name = arena_strndup(t->a, s, len);
			}
			n++;
		}
	}
	re_close(&ck);
	*out = v;
	*nout = n;
	return rc < 0 ? rc : 0;
}

/* The ON DELETE/ON UPDATE options of FK_PATTERN's group 6, as
 * parse_fks() decodes them (a later one wins; NO ACTION sets none). */
static int fk_options(struct re_fk *fk, struct re *on, const struct re *m)
{
	const char *s;
	size_t len, i;
	int rc;

	if (!re_group(m, 6, &s, &len))
		return 0;
	re_scan(on, s, len);
	while ((rc = re_next(on)) > 0) {
		for (i = 0; i < RT_ARRAY_SIZE(fk_actions); i++)
			if (re_has(on, 2 + (int)i))
				break;
		if (i == RT_ARRAY_SIZE(fk_actions))
			continue;
		if (re_has(on, 1))
			fk->ondelete = fk_actions[i];
		else
			fk->onupdate = fk_actions[i];
	}
	return rc;
}

int re_fks(struct re_fk **out, size_t *nout, const struct re_text *t)
{
	struct re fkp = { 0 }, on = { 0 }, sig = { 0 };
	struct re_fk *v = NULL;
	size_t n = 0, alloc = 0, len;
	const char *s;
	int rc;

	if ((rc = re_open(&fkp, t, fk_pattern)) < 0 ||
	    (rc = re_open(&on, t, fk_on_pattern)) < 0 ||
	    (rc = re_open(&sig, t, sig_pattern)) < 0)
		goto done;
	re_scan(&fkp, t->sql, strlen(t->sql));
	while ((rc = re_next(&fkp)) > 0) {
		struct re_fk *fk;

		v = grow(t->a, v, n, &alloc, sizeof(*v));
		fk = memset(&v[n], 0, sizeof(*fk));
		fk->name = re_dup(&fkp, 1);
		/* referred_quoted_name or referred_name */
		fk->ref_table = re_dup(&fkp, 3);
		if (!fk->ref_table)
			fk->ref_table = re_dup(&fkp, 4);
		if ((rc = sig_cols(&fk->cols, &fk->ncols, &sig, &fkp,
				   2)) < 0 ||
		    (rc = sig_cols(&fk->ref_cols, &fk->nref_cols, &sig, &fkp,
				   5)) < 0 ||
		    (rc = fk_options(fk, &on, &fkp)) < 0)
			goto done;
		/* "NOT" not in deferrable.upper() */
		if (re_group(&fkp, 7, &s, &len))
			fk->deferrable = (*s == 'N' || *s == 'n') ? OPS_FALSE :
				OPS_TRUE;
		/* initially.upper() */
		if (re_group(&fkp, 8, &s, &len))
			fk->initially = (*s == 'D' || *s == 'd') ? "DEFERRED" :
				"IMMEDIATE";
		n++;
	}
done:
	re_close(&fkp);
	re_close(&on);
	re_close(&sig);
	*out = v;
	*nout = n;
	return rc < 0 ? rc : 0;
}

/*
 * revgraphs.h: revision graphs for the revmap/revresolve/revplan tests,
 * written as compact text, and the spec's DAGs B, C, D (§6.E) in their
 * 1.8.1 load orders.  Test code only (static inline: each test includes
 * what it uses).
 */
#ifndef TEST_REVGRAPHS_H
#define TEST_REVGRAPHS_H

#include "revision/revplan.h"

#include "base/buf.h"

/* 6.12: doc strings are not needed by the map. */
#define DAG_B \
	"f2feat:f1feat " \
	"r2main:r1base " \
	"mg0001:f2feat,m2main " \
	"f1feat:r2main::feat " \
	"top001:mg0001 " \
	"m2main:m1main:f1feat " \
	"m1main:r2main " \
	"r1base:"

#define DAG_C \
	"bbbb0002:bbbb0001 " \
	"aaaa0001:::alpha " \
	"aaaa0003:aaaa0002:bbbb0002 " \
	"bbbb0001::aaaa0001:beta " \
	"aaaa0002:aaaa0001"

#define DAG_D \
	"b1b1:a1a1::bugfix " \
	"m2m2:m1m1,d1d1 " \
	"c2c2:c1c1 " \
	"m1m1:b2b2,c2c2 " \
	"d1d1:a1a1 " \
	"c1c1:a1a1 " \
	"a0a0: " \
	"b2b2:b1b1 " \
	"a1a1:a0a0"

#define CHAIN5 \
	"aaaa0001: aaaa0002:aaaa0001 aaaa0003:aaaa0002 " \
	"aaaa0004:aaaa0003 aaaa0005:aaaa0004"

/* Split s at sep into an arena array (empty fields dropped). */
static inline const char **tg_split(struct rt_arena *a, const char *s,
				    size_t len, char sep, size_t *n)
{
	const char **v = arena_alloc(a, (len + 2) * sizeof(*v));
	size_t start = 0;

	*n = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != sep)
			continue;
		if (i > start)
			v[(*n)++] = arena_strndup(a, s + start, i - start);
		start = i + 1;
	}
	return v;
}

/*
 * Files from "id:down,down:deps:labels id2:..." (fields may be empty or
 * omitted), in the order written (= load order).
 */
static inline struct rev_file *tg_files(struct rt_arena *a, const char *spec,
					size_t *n)
{
	size_t ntok, nf;
	const char **tok = tg_split(a, spec, strlen(spec), ' ', &ntok);
	struct rev_file *f = arena_alloc(a, (ntok + 1) * sizeof(*f));

	for (size_t i = 0; i < ntok; i++) {
		const char *t = tok[i], *field[4] = { "", "", "", "" };
		size_t k = 0;

		for (const char *p = t; k < 4; p++) {
			const char *q = strchr(p, ':');
			size_t len = q ? (size_t)(q - p) : strlen(p);

			field[k++] = arena_strndup(a, p, len);
			if (!q)
				break;
			p = q;
		}
		f[i].id = field[0];
		f[i].down = tg_split(a, field[1], strlen(field[1]), ',',
				     &f[i].ndown);
		f[i].deps = tg_split(a, field[2], strlen(field[2]), ',',
				     &f[i].ndeps);
		f[i].labels = tg_split(a, field[3], strlen(field[3]), ',',
				       &f[i].nlabels);
		f[i].path = arena_printf(a, "/p/versions/%s.py", f[i].id);
		f[i].name = f[i].path + 12;
		f[i].doc = f[i].longdoc = "";
		f[i].loc = (struct rt_loc){ f[i].path, 8, 1 };
	}
	nf = ntok;
	*n = nf;
	return f;
}

/* Build a map from spec; NULL (and err set) on a map error. */
static inline struct revmap *tg_map(struct rt_arena *a, const char *spec,
				    struct rt_err *err)
{
	size_t n;
	struct rev_file *f = tg_files(a, spec, &n);
	struct revmap *m = NULL;

	if (revmap_build(&m, a, f, n, err) < 0)
		return NULL;
	return m;
}

/* "id id id" of a revision array. */
static inline char *tg_ids(struct revision *const *v, size_t n)
{
	struct rt_buf b = RT_BUF_INIT;

	for (size_t i = 0; i < n; i++)
		rt_buf_addf(&b, "%s%s", i ? " " : "", v[i]->id);
	return rt_buf_detach(&b, NULL);
}

/* A plan as text: "+id[ops] -id[ops] ... | rows". */
static inline char *tg_plan(const struct revplan *p)
{
	struct rt_buf b = RT_BUF_INIT;

	for (size_t i = 0; i < p->nsteps; i++) {
		const struct revstep *s = &p->steps[i];

		if (s->kind == REVSTEP_STAMP) {
			rt_buf_adds(&b, "stamp ");
			for (size_t j = 0; j < s->nfrom; j++)
				rt_buf_addf(&b, "%s%s", j ? "," : "",
					    s->from[j]);
			rt_buf_addf(&b, "->%s", s->to ? s->to : "");
		} else {
			rt_buf_addf(&b, "%c%s", s->kind == REVSTEP_UPGRADE ?
				    '+' : '-', s->rev->id);
		}
		rt_buf_addch(&b, '[');
		for (size_t j = 0; j < s->nops; j++) {
			const struct rowop *o = &s->ops[j];

			if (j)
				rt_buf_addch(&b, ' ');
			if (o->kind == ROWOP_UPDATE)
				rt_buf_addf(&b, "U %s>%s", o->id, o->to);
			else
				rt_buf_addf(&b, "%c %s", o->kind == ROWOP_INSERT
					    ? 'I' : 'D', o->id);
		}
		rt_buf_adds(&b, "] ");
	}
	rt_buf_adds(&b, "|");
	for (size_t i = 0; i < p->nfinal_rows; i++)
		rt_buf_addf(&b, " %s", p->final_rows[i]);
	return rt_buf_detach(&b, NULL);
}

#endif

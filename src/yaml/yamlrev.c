/*
 * yamlrev.c: .yaml op-script revision files: the header read from
 * libyaml's events for discovery, and the bodies loaded through the
 * libcyaml schema into the op IR.
 */
#include "yamlrev.h"

#include "yamlrev_int.h"

bool yamlrev_is_name(const char *name)
{
	size_t n = strlen(name);

	return (n >= 5 && !strcmp(name + n - 5, ".yaml")) ||
	       (n >= 4 && !strcmp(name + n - 4, ".yml"));
}

/* ---- the header, from events ---- */

enum hkey {
	H_REVISION, H_DOWN, H_LABELS, H_DEPS, H_MESSAGE, H_UPGRADE,
	H_DOWNGRADE, H__COUNT
};

static const char *const hkey_names[H__COUNT] = {
	"revision", "down_revision", "branch_labels", "depends_on",
	"message", "upgrade", "downgrade",
};

struct yhdr {
	yaml_parser_t p;
	yaml_event_t ev;
	bool have;
	struct ylines lines;
	struct rt_arena *a;
	struct rt_err *err;
	bool seen[H__COUNT];
	int depth;		/* collections open (ylines_event()) */
};

static int hdr_errf(struct yhdr *h, yaml_mark_t m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int hdr_errf(struct yhdr *h, yaml_mark_t m, const char *fmt, ...)
{
	struct rt_loc loc = ylines_loc(&h->lines, h->a, m);
	va_list ap;

	va_start(ap, fmt);
	rt_verrf(h->err, RT_ESYNTAX, &loc, fmt, ap);
	va_end(ap);
	return RT_ESYNTAX;
}

static int next(struct yhdr *h)
{
	int rc;

	if (h->have)
		yaml_event_delete(&h->ev);
	h->have = false;
	if ((rc = ylines_event(&h->lines, h->a, &h->p, &h->ev, &h->depth,
			       h->err)) < 0)
		return rc;
	h->have = true;
	if (h->ev.type == YAML_ALIAS_EVENT)
		return hdr_errf(h, h->ev.start_mark, "YAML aliases (*%s) are "
				"not supported in op-scripts",
				(const char *)h->ev.data.alias.anchor);
	return 0;
}

static bool ev_null(const yaml_event_t *e)
{
	const char *s = (const char *)e->data.scalar.value;

	return e->type == YAML_SCALAR_EVENT && e->data.scalar.plain_implicit &&
	       e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (!*s || !strcmp(s, "~") || !strcmp(s, "null") ||
		!strcmp(s, "Null") || !strcmp(s, "NULL"));
}

static const char *ev_describe(struct yhdr *h)
{
	switch (h->ev.type) {
	case YAML_MAPPING_START_EVENT:
		return "a mapping";
	case YAML_SEQUENCE_START_EVENT:
		return "a list";
	case YAML_SCALAR_EVENT:
		if (ev_null(&h->ev))
			return "null";
		return arena_printf(h->a, "'%.40s%s'",
				    (const char *)h->ev.data.scalar.value,
				    h->ev.data.scalar.length > 40 ? "..." :
				    "");
	default:
		return "nothing";
	}
}

/* The current event as a string (a non-null scalar) or an error. */
static int hdr_string(const char **out, struct yhdr *h, const char *key)
{
	if (h->ev.type != YAML_SCALAR_EVENT || ev_null(&h->ev))
		return hdr_errf(h, h->ev.start_mark, "%s must be a string "
				"(found %s)", key, ev_describe(h));
	*out = arena_strndup(h->a, (const char *)h->ev.data.scalar.value,
			     h->ev.data.scalar.length);
	return 0;
}

/* null, an id, or a list of ids. */
static int hdr_ids(const char ***out, size_t *n, struct yhdr *h,
		   const char *key)
{
	const char **v = NULL;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (ev_null(&h->ev))
		return 0;
	if (h->ev.type == YAML_SCALAR_EVENT) {
		*out = arena_alloc(h->a, sizeof(**out));
		*n = 1;
		return hdr_string(&(*out)[0], h, key);
	}
	if (h->ev.type != YAML_SEQUENCE_START_EVENT)
		return hdr_errf(h, h->ev.start_mark, "%s must be null, a "
				"name or a list of names (found %s)", key,
				ev_describe(h));
	for (;;) {
		const char *s = NULL;

		if ((rc = next(h)) < 0)
			break;
		if (h->ev.type == YAML_SEQUENCE_END_EVENT)
			break;
		if ((rc = hdr_string(&s, h, arena_printf(h->a, "%s[%zu]", key,
							  *n))) < 0)
			break;
		RT_ALLOC_GROW(v, *n + 1, alloc);
		v[(*n)++] = s;
	}
	if (rc == 0 && *n)
		*out = arena_memdup(h->a, v, *n * sizeof(*v));
	free(v);
	return rc;
}

/* Skip the value that starts with the current event. */
static int hdr_skip(struct yhdr *h)
{
	int depth = 0, rc;

	for (;;) {
		switch (h->ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			depth++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		if (depth == 0)
			return 0;
		if ((rc = next(h)) < 0)
			return rc;
	}
}

static void set_message(struct yamlrev_header *out, struct yhdr *h,
			const char *s)
{
	const char *e = s + strlen(s);

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
	       *s == '\f' || *s == '\v')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r' || e[-1] == '\f' || e[-1] == '\v'))
		e--;
	out->message = arena_strndup(h->a, s, (size_t)(e - s));
}

static int hdr_value(struct yamlrev_header *out, struct yhdr *h,
		     enum hkey k)
{
	const char *s = NULL;
	int rc;

	switch (k) {
	case H_REVISION:
		if ((rc = hdr_string(&out->id, h, "revision")) < 0)
			return rc;
		out->loc = ylines_loc(&h->lines, h->a, h->ev.start_mark);
		if (!*out->id || strpbrk(out->id, " \t\r\n,"))
			return hdr_errf(h, h->ev.start_mark, "revision must "
					"be a single revision id (found '%s')",
					out->id);
		return 0;
	case H_DOWN:
		return hdr_ids(&out->down, &out->ndown, h, "down_revision");
	case H_LABELS:
		return hdr_ids(&out->labels, &out->nlabels, h,
			       "branch_labels");
	case H_DEPS:
		return hdr_ids(&out->deps, &out->ndeps, h, "depends_on");
	case H_MESSAGE:
		s = "";
		if (!ev_null(&h->ev) && (rc = hdr_string(&s, h, "message")) < 0)
			return rc;
		set_message(out, h, s);
		return 0;
	default:
		return hdr_skip(h);	/* yamlrev_load() reads the ops */
	}
}

static int hdr_key(enum hkey *out, struct yhdr *h)
{
	const char *s = (const char *)h->ev.data.scalar.value;
	int i;

	if (h->ev.type != YAML_SCALAR_EVENT)
		return hdr_errf(h, h->ev.start_mark, "top-level keys must be "
				"names (found %s)", ev_describe(h));
	for (i = 0; i < H__COUNT; i++)
		if (!strcmp(s, hkey_names[i]))
			break;
	if (i == H__COUNT)
		return hdr_errf(h, h->ev.start_mark, "unknown field '%s' "
				"(expected revision, down_revision, "
				"branch_labels, depends_on, message, upgrade "
				"or downgrade)", s);
	if (h->seen[i])
		return hdr_errf(h, h->ev.start_mark, "duplicate field '%s'",
				s);
	h->seen[i] = true;
	*out = (enum hkey)i;
	return 0;
}

static int hdr_mapping(struct yamlrev_header *out, struct yhdr *h)
{
	yaml_mark_t start = h->ev.start_mark;
	enum hkey k = H_REVISION;
	int rc;

	if (h->ev.type != YAML_MAPPING_START_EVENT)
		return hdr_errf(h, h->ev.start_mark, "an op-script must be a "
				"mapping with revision, down_revision, "
				"message, upgrade and downgrade (found %s)",
				ev_describe(h));
	for (;;) {
		if ((rc = next(h)) < 0)
			return rc;
		if (h->ev.type == YAML_MAPPING_END_EVENT)
			break;
		if ((rc = hdr_key(&k, h)) < 0 || (rc = next(h)) < 0 ||
		    (rc = hdr_value(out, h, k)) < 0)
			return rc;
	}
	if (!h->seen[H_REVISION] || !h->seen[H_DOWN])
		return hdr_errf(h, start, "missing required field '%s'",
				hkey_names[h->seen[H_REVISION] ? H_DOWN :
					   H_REVISION]);
	return 0;
}

static int hdr_document(struct yamlrev_header *out, struct yhdr *h)
{
	int rc;

	if ((rc = next(h)) < 0 || (rc = next(h)) < 0)	/* stream, doc */
		return rc;
	if (h->ev.type == YAML_STREAM_END_EVENT)
		return hdr_errf(h, h->ev.start_mark, "empty op-script "
				"(expected a mapping with revision, "
				"down_revision, message, upgrade and "
				"downgrade)");
	if ((rc = next(h)) < 0 || (rc = hdr_mapping(out, h)) < 0 ||
	    (rc = next(h)) < 0 || (rc = next(h)) < 0)	/* doc end */
		return rc;
	if (h->ev.type != YAML_STREAM_END_EVENT)
		return hdr_errf(h, h->ev.start_mark, "expected one YAML "
				"document (found a second one)");
	return 0;
}

int yamlrev_parse(struct yamlrev_header *out, struct rt_arena *a,
		  const char *file, const char *src, size_t len,
		  struct rt_err *err)
{
	struct yhdr h;
	int rc;

	memset(&h, 0, sizeof(h));
	h.a = a;
	h.err = err;
	ylines_init(&h.lines, file, src, len);
	memset(out, 0, sizeof(*out));
	out->message = "";
	if (!yaml_parser_initialize(&h.p))
		abort();
	yaml_parser_set_input_string(&h.p, (const unsigned char *)src, len);
	rc = hdr_document(out, &h);
	if (h.have)
		yaml_event_delete(&h.ev);
	yaml_parser_delete(&h.p);
	return rc;
}

/* ---- the bodies ---- */

/* libcyaml's own report, in case it rejects what ydoc_check() passed:
 * its first error line and the innermost backtrace location. */
struct ylog {
	char msg[512];
	int line, col;
};

static void ylog_fn(cyaml_log_t level, void *ctx, const char *fmt,
		    va_list args)
{
	struct ylog *l = ctx;
	char text[512];
	const char *p;
	size_t n;

	if (level < CYAML_LOG_ERROR)
		return;
	vsnprintf(text, sizeof(text), fmt, args);
	n = strcspn(text, "\n");
	text[n] = '\0';
	if ((p = strstr(text, "(line: ")) && !l->line) {
		l->line = (int)strtol(p + 7, NULL, 10);
		if ((p = strstr(p, "column: ")))
			l->col = (int)strtol(p + 8, NULL, 10);
	} else if (!l->msg[0] && strcmp(text, "Load: Backtrace:")) {
		p = !strncmp(text, "Load: ", 6) ? text + 6 : text;
		memcpy(l->msg, p, strlen(p) + 1);
	}
}

/* The op-script being loaded: its file name (for messages) and text. */
struct ysrc {
	const char *file, *src;
	size_t len;
};

static int load_cyaml(struct y_doc **out, const cyaml_config_t *cfg,
		      struct ylog *log, const struct ysrc *f,
		      struct rt_err *err)
{
	cyaml_err_t e;
	struct rt_loc loc;

	e = cyaml_load_data((const uint8_t *)f->src, f->len, cfg,
			    &yops_doc_schema, (cyaml_data_t **)out, NULL);
	if (e == CYAML_OK)
		return 0;
	if (e == CYAML_ERR_OOM) {
		fputs("retort: out of memory\n", stderr);
		abort();
	}
	loc = (struct rt_loc){ f->file, log->line, log->col };
	return rt_errf(err, RT_ESYNTAX, &loc, "libcyaml rejected the "
		       "op-script: %s", log->msg[0] ? log->msg :
		       cyaml_strerror(e));
}

static int load_doc(struct ops_list *up, struct ops_list *down,
		    bool *down_missing, struct ydoc *d, const struct ysrc *f,
		    struct rt_err *err)
{
	struct ylog log = { "", 0, 0 };
	cyaml_config_t cfg = {
		.log_fn = ylog_fn, .log_ctx = &log, .mem_fn = cyaml_mem,
		.log_level = CYAML_LOG_ERROR, .flags = CYAML_CFG_NO_ALIAS,
	};
	struct y_doc *y = NULL;
	yaml_node_t *root;
	int rc;

	if ((rc = ydoc_load(d, d->a, f->file, f->src, f->len, err)) < 0)
		return rc;
	if (!(root = ydoc_root(d))) {
		struct rt_loc loc = { f->file, 1, 1 };

		return rt_errf(err, RT_ESYNTAX, &loc, "empty op-script");
	}
	if ((rc = ydoc_check(d, &yops_doc_schema, root, "", err)) < 0 ||
	    (rc = load_cyaml(&y, &cfg, &log, f, err)) < 0)
		return rc;
	rc = yops_build(up, d, y->upgrade, y->upgrade_count,
			ydoc_get(d, root, "upgrade"), "upgrade", err);
	*down_missing = !ydoc_get(d, root, "downgrade");
	if (rc == 0 && !*down_missing)
		rc = yops_build(down, d, y->downgrade, y->downgrade_count,
				ydoc_get(d, root, "downgrade"), "downgrade",
				err);
	cyaml_free(&cfg, &yops_doc_schema, y, 0);
	return rc;
}

int yamlrev_load(struct ops_list *up, struct ops_list *down,
		 bool *down_missing, struct rt_arena *a, const char *file,
		 const char *src, size_t len, struct rt_err *err)
{
	struct ysrc f = { file, src, len };
	struct ydoc d;
	int rc;

	memset(up, 0, sizeof(*up));
	memset(down, 0, sizeof(*down));
	*down_missing = false;
	memset(&d, 0, sizeof(d));
	d.a = a;
	rc = load_doc(up, down, down_missing, &d, &f, err);
	ydoc_release(&d);
	return rc;
}

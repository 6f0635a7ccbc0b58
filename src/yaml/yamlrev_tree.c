/*
 * yamlrev_tree.c: a .yaml op-script as a libyaml node tree with
 * locations in the user's file, and its check against the libcyaml
 * schema (docs/yaml-op-scripts.md), mistake by mistake.
 */
#include "yamlrev_int.h"

/* ---- locations ---- */

void ylines_init(struct ylines *l, const char *file, const char *src,
		 size_t len)
{
	/* libyaml's columns on line 1 do not count a BOM */
	size_t bom = len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3) ? 3 : 0;

	l->bom = bom;
	srcmap_init(&l->map, file, src + bom, len - bom, SRCMAP_CR);
}

struct rt_loc ylines_loc(struct ylines *l, struct rt_arena *a, yaml_mark_t m)
{
	return srcmap_loc_chars(&l->map, a, m.line, m.column);
}

int ylines_parser_err(struct ylines *l, struct rt_arena *a,
		      const yaml_parser_t *p, struct rt_err *err)
{
	struct rt_loc loc = ylines_loc(l, a, p->problem_mark);
	struct rt_loc ctx = ylines_loc(l, a, p->context_mark);
	const char *problem = p->problem ? p->problem : "malformed input";

	if (p->error == YAML_MEMORY_ERROR) {
		fputs("retort: out of memory\n", stderr);
		abort();
	}
	/* The reader's errors (bad UTF-8, control characters) have a byte
	 * offset instead of a mark. */
	if (p->error == YAML_READER_ERROR &&
	    p->problem_offset >= l->bom &&
	    p->problem_offset - l->bom <= l->map.len)
		loc = srcmap_loc(&l->map, a, p->problem_offset - l->bom);
	if (p->context)
		return rt_errf(err, RT_ESYNTAX, &loc, "YAML syntax error: "
			       "%s (%s at line %d, column %d)", problem,
			       p->context, ctx.line, ctx.col);
	return rt_errf(err, RT_ESYNTAX, &loc, "YAML syntax error: %s",
		       problem);
}

int ylines_event(struct ylines *l, struct rt_arena *a, yaml_parser_t *p,
		 yaml_event_t *ev, int *depth, struct rt_err *err)
{
	struct rt_loc loc;

	if (!yaml_parser_parse(p, ev))
		return ylines_parser_err(l, a, p, err);
	switch (ev->type) {
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (++*depth <= YLINES_MAXDEPTH)
			break;
		loc = ylines_loc(l, a, ev->start_mark);
		yaml_event_delete(ev);
		return rt_errf(err, RT_ESYNTAX, &loc, "nesting deeper than %d "
			       "levels of lists and mappings",
			       YLINES_MAXDEPTH);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		--*depth;
		break;
	default:
		break;
	}
	return 0;
}

/* ---- the document ---- */

/* Read src's events only, for the nesting limit: yaml_parser_load()
 * has no limit of its own. */
static int ydoc_depth(struct ylines *l, struct rt_arena *a,
		      struct rt_err *err)
{
	yaml_parser_t p;
	yaml_event_t ev;
	bool end = false;
	int depth = 0, rc = 0;

	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_input_string(&p, (const unsigned char *)l->map.src,
				     l->map.len);
	while (!end && (rc = ylines_event(l, a, &p, &ev, &depth, err)) == 0) {
		end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return rc;
}

int ydoc_load(struct ydoc *d, struct rt_arena *a, const char *file,
	      const char *src, size_t len, struct rt_err *err)
{
	yaml_parser_t p;
	int rc;

	memset(d, 0, sizeof(*d));
	d->a = a;
	ylines_init(&d->lines, file, src, len);
	if ((rc = ydoc_depth(&d->lines, a, err)) < 0)
		return rc;
	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_input_string(&p, (const unsigned char *)src, len);
	if (!yaml_parser_load(&p, &d->doc))
		rc = ylines_parser_err(&d->lines, a, &p, err);
	else
		d->loaded = true;
	yaml_parser_delete(&p);
	return rc;
}

void ydoc_release(struct ydoc *d)
{
	if (d->loaded)
		yaml_document_delete(&d->doc);
	d->loaded = false;
}

yaml_node_t *ydoc_root(struct ydoc *d)
{
	return yaml_document_get_root_node(&d->doc);
}

yaml_node_t *ydoc_get(struct ydoc *d, yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *pr;

	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (pr = m->data.mapping.pairs.start;
	     pr < m->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(&d->doc, pr->key);

		if (k->type == YAML_SCALAR_NODE &&
		    !strcmp((const char *)k->data.scalar.value, key))
			return yaml_document_get_node(&d->doc, pr->value);
	}
	return NULL;
}

yaml_node_t *ydoc_item(struct ydoc *d, yaml_node_t *s, size_t i)
{
	return yaml_document_get_node(&d->doc,
				      s->data.sequence.items.start[i]);
}

size_t ydoc_len(const yaml_node_t *s)
{
	if (s->type == YAML_SEQUENCE_NODE)
		return (size_t)(s->data.sequence.items.top -
				s->data.sequence.items.start);
	if (s->type == YAML_MAPPING_NODE)
		return (size_t)(s->data.mapping.pairs.top -
				s->data.mapping.pairs.start);
	return 0;
}

struct rt_loc ydoc_loc(struct ydoc *d, const yaml_node_t *n)
{
	return ylines_loc(&d->lines, d->a, n->start_mark);
}

const char *ydoc_str(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

bool ydoc_is_null(const yaml_node_t *n)
{
	const char *s = ydoc_str(n);

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") ||
	       !strcmp(s, "Null") || !strcmp(s, "NULL");
}

const char *ydoc_describe(struct ydoc *d, const yaml_node_t *n)
{
	const char *s;
	size_t len;

	if (n->type == YAML_MAPPING_NODE)
		return "a mapping";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a list";
	if (ydoc_is_null(n))
		return "null";
	s = ydoc_str(n);
	len = n->data.scalar.length;
	if (len > 40)
		return arena_printf(d->a, "'%.40s...'", s);
	return arena_printf(d->a, "'%s'", s);
}

const char *ydoc_ctx(struct ydoc *d, const char *path)
{
	return *path ? arena_printf(d->a, "%s: ", path) : "";
}

int ydoc_errf(struct ydoc *d, const yaml_node_t *n, struct rt_err *err,
	      const char *fmt, ...)
{
	struct rt_loc loc = ydoc_loc(d, n);
	va_list ap;

	va_start(ap, fmt);
	rt_verrf(err, RT_ESYNTAX, &loc, fmt, ap);
	va_end(ap);
	return RT_ESYNTAX;
}

int ydoc_want(struct ydoc *d, const yaml_node_t *n, const char *path,
	      const char *what, struct rt_err *err)
{
	return ydoc_errf(d, n, err, "%s must be %s (found %s)", path, what,
			 ydoc_describe(d, n));
}

/* ---- the check against the schema ---- */

static bool is_plain(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE &&
	       n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static bool is_int(const yaml_node_t *n)
{
	const char *s = ydoc_str(n), *p = s;

	if (!is_plain(n))
		return false;
	if (*p == '-' || *p == '+')
		p++;
	if (!*p)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	(void)strtoll(s, NULL, 10);
	return errno == 0;
}

static bool is_bool(const yaml_node_t *n)
{
	static const char *const words[] = {
		"true", "True", "TRUE", "false", "False", "FALSE",
	};
	size_t i;

	for (i = 0; is_plain(n) && i < RT_ARRAY_SIZE(words); i++)
		if (!strcmp(ydoc_str(n), words[i]))
			return true;
	return false;
}

/* "a, b or c" of a schema's keys (or enum strings). */
static const char *key_list(struct ydoc *d, const cyaml_schema_value_t *s)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *out;
	size_t i, n = 0;

	if (s->type == CYAML_ENUM)
		n = s->enumeration.count;
	else
		while (s->mapping.fields[n].key)
			n++;
	for (i = 0; i < n; i++) {
		if (i)
			rt_buf_adds(&b, i + 1 == n ? " or " : ", ");
		rt_buf_addf(&b, s->type == CYAML_ENUM ? "'%s'" : "%s",
			    s->type == CYAML_ENUM ?
			    s->enumeration.strings[i].str :
			    s->mapping.fields[i].key);
	}
	out = arena_strdup(d->a, b.buf);
	rt_buf_release(&b);
	return out;
}

static const char *sub_path(struct ydoc *d, const char *path,
			    const char *key)
{
	return *path ? arena_printf(d->a, "%s.%s", path, key) : key;
}

static const cyaml_schema_field_t *find_field(const cyaml_schema_value_t *s,
					      const char *key)
{
	const cyaml_schema_field_t *f;

	for (f = s->mapping.fields; f->key; f++)
		if (!strcmp(f->key, key))
			return f;
	return NULL;
}

/* Keys are strings, known and given once. */
static int check_key(struct ydoc *d, const cyaml_schema_value_t *s,
		     yaml_node_t *m, yaml_node_pair_t *pr, const char *path,
		     struct rt_err *err)
{
	yaml_node_t *k = yaml_document_get_node(&d->doc, pr->key);
	const char *choice = yops_choice(s);
	yaml_node_pair_t *q;

	if (k->type != YAML_SCALAR_NODE)
		return ydoc_errf(d, k, err, "%skeys must be names (found %s)",
				 ydoc_ctx(d, path), ydoc_describe(d, k));
	if (choice && pr != m->data.mapping.pairs.start)
		return ydoc_errf(d, k, err, "%sexpected one %s per list item, "
				 "found a second one ('%s')",
				 ydoc_ctx(d, path), choice, ydoc_str(k));
	if (!find_field(s, ydoc_str(k)))
		return ydoc_errf(d, k, err, "%sunknown %s '%s' (expected %s)",
				 ydoc_ctx(d, path), choice ? choice : "field",
				 ydoc_str(k), key_list(d, s));
	for (q = m->data.mapping.pairs.start; q < pr; q++) {
		yaml_node_t *k2 = yaml_document_get_node(&d->doc, q->key);

		if (!strcmp(ydoc_str(k2), ydoc_str(k)))
			return ydoc_errf(d, k, err, "%sduplicate field '%s'",
					 ydoc_ctx(d, path), ydoc_str(k));
	}
	return 0;
}

static int check_mapping(struct ydoc *d, const cyaml_schema_value_t *s,
			 yaml_node_t *n, const char *path, struct rt_err *err)
{
	const char *choice = yops_choice(s);
	const cyaml_schema_field_t *f;
	yaml_node_pair_t *pr;
	int rc;

	if (n->type != YAML_MAPPING_NODE)
		return ydoc_want(d, n, path, choice ?
				 arena_printf(d->a, "a mapping with one %s "
					      "name as its key", choice) :
				 "a mapping", err);
	if (choice && !ydoc_len(n))
		return ydoc_errf(d, n, err, "%sexpected one %s (found an "
				 "empty mapping)", ydoc_ctx(d, path), choice);
	for (pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(&d->doc, pr->key);

		if ((rc = check_key(d, s, n, pr, path, err)) < 0)
			return rc;
		f = find_field(s, ydoc_str(k));
		rc = ydoc_check(d, &f->value,
				yaml_document_get_node(&d->doc, pr->value),
				sub_path(d, path, f->key), err);
		if (rc < 0)
			return rc;
	}
	for (f = s->mapping.fields; f->key; f++)
		if (!(f->value.flags & CYAML_FLAG_OPTIONAL) &&
		    !ydoc_get(d, n, f->key))
			return ydoc_errf(d, n, err, "%smissing required "
					 "field '%s'", ydoc_ctx(d, path),
					 f->key);
	return 0;
}

static int check_sequence(struct ydoc *d, const cyaml_schema_value_t *s,
			  yaml_node_t *n, const char *path,
			  struct rt_err *err)
{
	size_t i;
	int rc;

	if (n->type != YAML_SEQUENCE_NODE)
		return ydoc_want(d, n, path, "a list", err);
	if (ydoc_len(n) < s->sequence.min)
		return ydoc_errf(d, n, err, "%s must have at least %u "
				 "item%s", path, (unsigned)s->sequence.min,
				 s->sequence.min == 1 ? "" : "s");
	for (i = 0; i < ydoc_len(n); i++) {
		rc = ydoc_check(d, s->sequence.entry, ydoc_item(d, n, i),
				arena_printf(d->a, "%s[%zu]", path, i), err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int check_enum(struct ydoc *d, const cyaml_schema_value_t *s,
		      yaml_node_t *n, const char *path, struct rt_err *err)
{
	uint32_t i;

	for (i = 0; n->type == YAML_SCALAR_NODE &&
		    i < s->enumeration.count; i++)
		if (!strcmp(ydoc_str(n), s->enumeration.strings[i].str))
			return 0;
	return ydoc_want(d, n, path, arena_printf(d->a, "one of %s",
						  key_list(d, s)), err);
}

int ydoc_check(struct ydoc *d, const cyaml_schema_value_t *s,
	       yaml_node_t *n, const char *path, struct rt_err *err)
{
	switch (s->type) {
	case CYAML_MAPPING:
		return check_mapping(d, s, n, path, err);
	case CYAML_SEQUENCE:
	case CYAML_SEQUENCE_FIXED:
		return check_sequence(d, s, n, path, err);
	case CYAML_STRING:
		if (n->type != YAML_SCALAR_NODE || ydoc_is_null(n))
			return ydoc_want(d, n, path, "a string", err);
		return 0;
	case CYAML_INT:
	case CYAML_UINT:
		if (!is_int(n))
			return ydoc_want(d, n, path, "an integer", err);
		return 0;
	case CYAML_BOOL:
		if (!is_bool(n))
			return ydoc_want(d, n, path, "true or false", err);
		return 0;
	case CYAML_ENUM:
		return check_enum(d, s, n, path, err);
	default:
		return 0;	/* CYAML_IGNORE: the decoders check it */
	}
}

/*
 * yamlops_value.c: the values of a .yaml op-script that take more than
 * one shape, decoded from the tree into the op IR: scalars as Python
 * literals, SQLAlchemy types and server defaults.
 */
#include "yamlrev_int.h"
#include "base/pycompat.h"

#include <math.h>

static bool plain(const yaml_node_t *n)
{
	return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static bool is_digits(const char **p)
{
	const char *s = *p;

	while (**p >= '0' && **p <= '9')
		(*p)++;
	return *p > s;
}

/* [-+]?(digits[.digits?]|.digits)([eE][-+]?digits)? with a '.' or an
 * exponent: YAML's float, as Python would have written it. */
static bool is_float(const char *s)
{
	const char *p = s + (*s == '-' || *s == '+');
	bool intpart = is_digits(&p), frac = false, exp = false;

	if (*p == '.') {
		p++;
		frac = is_digits(&p) || intpart;
		if (!frac)
			return false;
	} else if (!intpart) {
		return false;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		p += *p == '-' || *p == '+';
		if (!is_digits(&p))
			return false;
		exp = true;
	}
	return !*p && (frac || exp);
}

static int plain_value(struct ops_value *v, struct yb *b, yaml_node_t *n,
		       const char *path)
{
	const char *s = ydoc_str(n);
	static const char *const truths[] = { "true", "True", "TRUE" };
	static const char *const lies[] = { "false", "False", "FALSE" };
	const char *p = s + (*s == '-' || *s == '+');
	size_t i;

	v->kind = OPS_V_STR;
	if (ydoc_is_null(n))
		v->kind = OPS_V_NONE;
	for (i = 0; i < RT_ARRAY_SIZE(truths); i++)
		if (!strcmp(s, truths[i]) || !strcmp(s, lies[i])) {
			v->kind = OPS_V_BOOL;
			v->b = !strcmp(s, truths[i]);
		}
	if (is_digits(&p) && !*p) {
		errno = 0;
		v->i = strtoll(s, NULL, 10);
		if (errno)
			return ydoc_errf(b->d, n, b->err, "%s: integer %s is "
					 "out of range", path, s);
		v->kind = OPS_V_INT;
	} else if (is_float(s)) {
		double x = strtod(s, NULL);

		if (!isfinite(x))
			return ydoc_errf(b->d, n, b->err, "%s: float %s is "
					 "out of range", path, s);
		v->kind = OPS_V_FLOAT;
		v->text = pyc_float_repr_str(b->a, x);
	}
	return 0;
}

int yops_value(struct ops_value **out, struct yb *b, yaml_node_t *n,
	       const char *path)
{
	struct ops_value *v = arena_alloc(b->a, sizeof(*v));
	int rc;

	*out = v;
	v->loc = ydoc_loc(b->d, n);
	if (n->type != YAML_SCALAR_NODE)
		return ydoc_want(b->d, n, path, "a value (a string, a number, "
				 "true, false or null)", b->err);
	if (strlen(ydoc_str(n)) != n->data.scalar.length)
		return ydoc_errf(b->d, n, b->err, "%s: strings with a NUL "
				 "character are not supported", path);
	if (plain(n) && (rc = plain_value(v, b, n, path)) < 0)
		return rc;
	if (!plain(n) || v->kind == OPS_V_STR) {
		v->kind = OPS_V_STR;
		v->text = arena_strdup(b->a, ydoc_str(n));
	}
	return 0;
}

int yops_string(const char **out, struct yb *b, yaml_node_t *n,
		const char *path)
{
	if (n->type != YAML_SCALAR_NODE || ydoc_is_null(n))
		return ydoc_want(b->d, n, path, "a string", b->err);
	*out = arena_strdup(b->a, ydoc_str(n));
	return 0;
}

/* {text: SQL}: the text, or NULL when n is not that mapping. */
static yaml_node_t *text_of(struct yb *b, yaml_node_t *n, const char *key)
{
	yaml_node_t *t;

	if (n->type != YAML_MAPPING_NODE || ydoc_len(n) != 1)
		return NULL;
	t = ydoc_get(b->d, n, key);
	if (!t || t->type != YAML_SCALAR_NODE || ydoc_is_null(t))
		return NULL;
	return t;
}

int yops_text(const char **out, bool *is_text, struct yb *b, yaml_node_t *n,
	      const char *key, const char *path, const char *what)
{
	yaml_node_t *t = text_of(b, n, key);

	*is_text = t != NULL;
	if (t)
		n = t;
	if (n->type != YAML_SCALAR_NODE || ydoc_is_null(n))
		return ydoc_want(b->d, n, path, what, b->err);
	*out = arena_strdup(b->a, ydoc_str(n));
	return 0;
}

int yops_default(struct ops_default **out, struct yb *b, yaml_node_t *n,
		 const char *path)
{
	const char *sql;
	bool is_text;
	int rc;

	*out = NULL;
	if (ydoc_is_null(n))
		return 0;
	if (text_of(b, n, "func")) {	/* sa.func.<name>() */
		sql = arena_strdup(b->a, ydoc_str(text_of(b, n, "func")));
		*out = ops_default_new(b->a, false, sql, ydoc_loc(b->d, n));
		(*out)->expr = OPS_D_FUNC;
		return 0;
	}
	rc = yops_text(&sql, &is_text, b, n, "text", path, "a string, "
		       "{text: SQL expression} or {func: name}");
	if (rc < 0)
		return rc;
	*out = ops_default_new(b->a, is_text, sql, ydoc_loc(b->d, n));
	return 0;
}

/* ---- types ---- */

static const struct ops_type_spec *type_spec(const char *name)
{
	static const struct {
		const char *prefix;
		enum ops_module module;
	} mods[] = {
		{ "sa.", OPS_M_SA }, { "sqlalchemy.", OPS_M_SA },
		{ "postgresql.", OPS_M_POSTGRESQL }, { "mysql.", OPS_M_MYSQL },
		{ "sqlite.", OPS_M_SQLITE },
	};
	size_t i, n;

	if (!strchr(name, '.'))
		return ops_type_lookup(OPS_M_SA, name);
	for (i = 0; i < RT_ARRAY_SIZE(mods); i++) {
		n = strlen(mods[i].prefix);
		if (!strncmp(name, mods[i].prefix, n) &&
		    !strchr(name + n, '.'))
			return ops_type_lookup(mods[i].module, name + n);
	}
	return NULL;
}

static int type_kw(struct ops_type *t, struct yb *b, const char *kw,
		   yaml_node_t *n, const char *path)
{
	struct ops_value *v;
	size_t i;
	int rc;

	if (t->kind == OPS_T_ARRAY && !strcmp(kw, "item_type"))
		return yops_type(&t->item, b, n, path);
	if (t->kind == OPS_T_ENUM && !strcmp(kw, "values")) {
		if (n->type != YAML_SEQUENCE_NODE)
			return ydoc_want(b->d, n, path, "a list of strings",
					 b->err);
		for (i = 0; i < ydoc_len(n); i++) {
			const char *s = NULL;

			rc = yops_string(&s, b, ydoc_item(b->d, n, i),
					 arena_printf(b->a, "%s[%zu]", path,
						      i));
			if (rc < 0)
				return rc;
			ops_type_add_value(b->a, t, s);
		}
		return 0;
	}
	if ((rc = yops_value(&v, b, n, path)) < 0)
		return rc;
	return ops_type_set(t, kw, v, b->err);
}

/* Positional argument i (a scalar, or a list's item). */
static int type_pos(struct ops_type *t, struct yb *b,
		    const struct ops_type_spec *spec, size_t i,
		    yaml_node_t *n, const char *path)
{
	size_t np = 0;
	const char *s = NULL;
	int rc;

	if (spec->params[0] && !strcmp(spec->params[0], "*values")) {
		if ((rc = yops_string(&s, b, n, path)) < 0)
			return rc;
		ops_type_add_value(b->a, t, s);
		return 0;
	}
	while (np < RT_ARRAY_SIZE(spec->params) && spec->params[np])
		np++;
	if (i >= np)
		return ydoc_errf(b->d, n, b->err, "%s: %s() takes %zu "
				 "positional argument%s", path, spec->pyname,
				 np, np == 1 ? "" : "s");
	return type_kw(t, b, spec->params[i], n, path);
}

static int type_args(struct ops_type *t, struct yb *b,
		     const struct ops_type_spec *spec, yaml_node_t *n,
		     const char *path)
{
	yaml_node_pair_t *pr;
	size_t i;
	int rc = 0;

	if (n->type == YAML_SCALAR_NODE)
		return ydoc_is_null(n) ? 0 : type_pos(t, b, spec, 0, n, path);
	if (n->type == YAML_SEQUENCE_NODE) {
		for (i = 0; i < ydoc_len(n) && rc == 0; i++)
			rc = type_pos(t, b, spec, i, ydoc_item(b->d, n, i),
				      arena_printf(b->a, "%s[%zu]", path, i));
		return rc;
	}
	for (pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top && rc == 0; pr++) {
		yaml_node_t *k = yaml_document_get_node(&b->d->doc, pr->key);

		if (k->type != YAML_SCALAR_NODE)
			return ydoc_want(b->d, k, path, "a mapping of "
					 "keyword arguments", b->err);
		rc = type_kw(t, b, ydoc_str(k),
			     yaml_document_get_node(&b->d->doc, pr->value),
			     arena_printf(b->a, "%s.%s", path,
					  ydoc_str(k)));
	}
	return rc;
}

int yops_type(struct ops_type **out, struct yb *b, yaml_node_t *n,
	      const char *path)
{
	const struct ops_type_spec *spec;
	yaml_node_t *args = NULL, *k = n;
	const char *name;

	if (n->type == YAML_MAPPING_NODE && ydoc_len(n) == 1) {
		k = yaml_document_get_node(&b->d->doc,
					   n->data.mapping.pairs.start->key);
		args = yaml_document_get_node(&b->d->doc,
					n->data.mapping.pairs.start->value);
	}
	if (k->type != YAML_SCALAR_NODE || ydoc_is_null(k))
		return ydoc_want(b->d, n, path, "a type (a name such as "
				 "Integer or postgresql.JSONB, or a mapping "
				 "such as {String: {length: 50}})", b->err);
	name = ydoc_str(k);
	if (!(spec = type_spec(name)))
		return ydoc_errf(b->d, k, b->err, "%s: unknown type '%s' "
				 "(expected a SQLAlchemy type such as "
				 "Integer, String or postgresql.JSONB; see "
				 "docs/yaml-op-scripts.md)", path, name);
	*out = ops_type_new(b->a, spec, ydoc_loc(b->d, n));
	if (!args)
		return 0;
	return type_args(*out, b, spec, args,
			 arena_printf(b->a, "%s.%s", path, name));
}

/*
 * pyiconv.c: evaluated values checked and converted into the pieces of
 * the op IR (strings, flags, SQL text, server defaults, types, literal
 * values), with Python-like messages when the value has the wrong type.
 */
#include "pyinterp_int.h"

static int wrong(struct pyi *r, const struct pyval *v, const char *what,
		 const char *want)
{
	return pyi_error(r, v->off, "%s must be %s, not %s", what, want,
			 pyv_type_name(v));
}

int pyv_literal(struct ops_value **out, struct pyi *r,
		const struct pyval *v, const char *what)
{
	struct ops_value *o = arena_alloc(r->a, sizeof(*o));

	o->loc = pyi_loc(r, v->off);
	switch (v->kind) {
	case PV_NONE:
		o->kind = OPS_V_NONE;
		break;
	case PV_BOOL:
		o->kind = OPS_V_BOOL;
		o->b = v->b;
		break;
	case PV_INT:
		o->kind = OPS_V_INT;
		o->i = v->i;
		break;
	case PV_FLOAT:
		o->kind = OPS_V_FLOAT;
		o->text = v->s;
		break;
	case PV_STR:
		o->kind = OPS_V_STR;
		o->text = v->s;
		break;
	case PV_TEXT:
		o->kind = OPS_V_TEXT;
		o->text = v->s;
		break;
	default:
		return pyi_unsupported(r, v->off, "%s of type %s", what,
				       pyv_type_name(v));
	}
	*out = o;
	return 0;
}

int pyv_want_str(const char **out, struct pyi *r, const struct pyval *v,
		 const char *what, bool none_ok)
{
	if (none_ok && v->kind == PV_NONE) {
		*out = NULL;
		return 0;
	}
	if (v->kind != PV_STR)
		return wrong(r, v, what, none_ok ? "a str or None" : "a str");
	if (strlen(v->s) != v->slen)
		return pyi_unsupported(r, v->off, "a string with a NUL "
				       "character");
	*out = v->s;
	return 0;
}

int pyv_want_bool(bool *out, struct pyi *r, const struct pyval *v,
		  const char *what)
{
	if (v->kind == PV_BOOL) {
		*out = v->b;
		return 0;
	}
	if (v->kind == PV_INT && (v->i == 0 || v->i == 1)) {
		*out = v->i != 0;
		return 0;
	}
	if (v->kind == PV_NONE) {
		*out = false;
		return 0;
	}
	return wrong(r, v, what, "True or False");
}

int pyv_want_tri(enum ops_tri *out, struct pyi *r, const struct pyval *v,
		 const char *what)
{
	bool b = false;
	int rc;

	if (v->kind == PV_NONE) {
		*out = OPS_UNSET;
		return 0;
	}
	if ((rc = pyv_want_bool(&b, r, v, what)) < 0)
		return rc;
	*out = b ? OPS_TRUE : OPS_FALSE;
	return 0;
}

int pyv_want_seq(struct pyval ***out, size_t *n, struct pyi *r,
		 const struct pyval *v, const char *what)
{
	if (v->kind != PV_LIST && v->kind != PV_TUPLE && v->kind != PV_DICT)
		return wrong(r, v, what, "a list or tuple");
	*out = v->kind == PV_DICT ? v->keys : v->v;
	*n = v->n;
	return 0;
}

int pyv_want_sql(const char **out, bool *is_text, struct pyi *r,
		 const struct pyval *v, const char *what)
{
	if (v->kind != PV_STR && v->kind != PV_TEXT) {
		if (v->kind <= PV_DICT)
			return pyi_unsupported(r, v->off, "%s of type %s "
					       "(expected a str or sa.text())",
					       what, pyv_type_name(v));
		return pyi_unsupported(r, v->off, "%s of type %s", what,
				       pyv_type_name(v));
	}
	if (strlen(v->s) != v->slen)
		return pyi_unsupported(r, v->off, "SQL text with a NUL "
				       "character");
	*out = v->s;
	*is_text = v->kind == PV_TEXT;
	return 0;
}

int pyv_want_default(struct ops_default **out, struct pyi *r,
		     const struct pyval *v, const char *what)
{
	const char *sql = NULL;
	bool is_text = false;
	int rc;

	if (v->kind == PV_NONE) {
		*out = NULL;
		return 0;
	}
	if (v->kind == PV_SQLEXPR) {
		*out = v->u.def;
		return 0;
	}
	if ((rc = pyv_want_sql(&sql, &is_text, r, v, what)) < 0)
		return rc;
	*out = ops_default_new(r->a, is_text, sql, pyi_loc(r, v->off));
	return 0;
}

int pyv_want_type(struct ops_type **out, struct pyi *r,
		  const struct pyval *v, const char *what)
{
	if (v->kind == PV_TYPE) {
		*out = v->u.type;
		return 0;
	}
	if (v->kind == PV_TYPECLS) {
		*out = ops_type_new(r->a, v->u.spec, pyi_loc(r, v->off));
		return 0;
	}
	if (v->kind == PV_NONE) {
		*out = NULL;
		return 0;
	}
	return pyi_unsupported(r, v->off, "%s of type %s (expected a "
			       "SQLAlchemy type)", what, pyv_type_name(v));
}

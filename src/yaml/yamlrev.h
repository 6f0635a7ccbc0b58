/*
 * yamlrev.h: .yaml / .yml op-script revision files: Alembic's header
 * fields and op.* operations as data, parsed with libyaml and libcyaml
 * against a schema (docs/yaml-op-scripts.md).
 */
#ifndef YAMLREV_H
#define YAMLREV_H

#include "ops/ops.h"

/* Whether name is an op-script's file name (".yaml" or ".yml"). */
bool yamlrev_is_name(const char *name);

/* The header fields of an op-script, as written. */
struct yamlrev_header {
	const char *id;			/* revision */
	const char **down;		/* down_revision, in order */
	size_t ndown;
	const char **deps;		/* depends_on */
	size_t ndeps;
	const char **labels;		/* branch_labels */
	size_t nlabels;
	const char *message;		/* stripped; "" if none or null */
	struct rt_loc loc;		/* the revision value */
};

/*
 * Read the header of the op-script src[0, len) named file (used in
 * error locations) for discovery, without building any operation, into
 * out ("down_revision" etc.: null, an id, or a list of ids).  Strings
 * are arena copies.  The whole document is parsed (YAML syntax errors
 * are found here) but upgrade and downgrade are only skipped.
 * Errors (RT_ESYNTAX at file:line:col): YAML syntax ("YAML syntax
 * error: ..."), "nesting deeper than 200 levels of lists and mappings"
 * (found at the first collection too deep, before libyaml's scanner,
 * slow on deep nesting, reads much further), a document that is not one
 * mapping, an unknown or
 * duplicate top-level field, a missing revision or down_revision, a
 * value of the wrong shape, a YAML alias.
 */
int yamlrev_parse(struct yamlrev_header *out, struct rt_arena *a,
		  const char *file, const char *src, size_t len,
		  struct rt_err *err);

/*
 * The operations of the op-script src[0, len) (NUL-terminated) named
 * file: up and down are filled in order, every op validated
 * (ops_op_validate) and ready for render_op(); *down_missing is true
 * when the file has no "downgrade" field (an irreversible downgrade;
 * "downgrade: []" is an empty one).  Everything lives in a.
 * Errors (RT_ESYNTAX unless noted; at file:line:col of the value, key
 * or mapping at fault; the message names its path, e.g.
 * "upgrade[0].create_table.columns[1].nullable must be true or false
 * (found 'maybe')"): an unknown operation or field, a missing required
 * field, a value of the wrong type, an unknown type name; those of
 * ops_type_set(), ops_row_new() and ops_op_validate() (ops.h).
 */
int yamlrev_load(struct ops_list *up, struct ops_list *down,
		 bool *down_missing, struct rt_arena *a, const char *file,
		 const char *src, size_t len, struct rt_err *err);

#endif

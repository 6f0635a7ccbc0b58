/*
 * yamlrev.h: .yaml / .yml op-script revision files: Alembic's header
 * fields and op.* operations as data, parsed with libyaml and libcyaml
 * against a schema (docs/yaml-op-scripts.md).
 */
#ifndef YAMLREV_H
#define YAMLREV_H

#include "ops/ops.h"
#include "script/script.h"

/* Whether name is an op-script's file name (".yaml" or ".yml"). */
bool yamlrev_is_name(const char *name);

/*
 * Read the header of the op-script src[0, len) named file (used in
 * error locations) for discovery, without building any operation: fills
 * id, down/deps/labels ("down_revision" etc.: null, an id, or a list of
 * ids), longdoc (the "message" field, stripped) and doc (longdoc before
 * the first blank line) and loc (the revision value) of out; leaves
 * path/name/kind/src alone.  Strings are arena copies.  The whole
 * document is parsed (YAML syntax errors are found here) but upgrade
 * and downgrade are only skipped.
 * Errors (RT_ESYNTAX at file:line:col): YAML syntax ("YAML syntax
 * error: ..."), a document that is not one mapping, an unknown or
 * duplicate top-level field, a missing revision or down_revision, a
 * value of the wrong shape, a YAML alias.
 */
int yamlrev_parse(struct rev_file *out, struct rt_arena *a, const char *file,
		  const char *src, size_t len, struct rt_err *err);

/*
 * The operations of f (REV_YAML, as rev_file_read() or script_dir_load()
 * left it: a missing source is read again through rev_file_source()):
 * up and down are filled in order, every op validated (ops_op_validate)
 * and ready for render_op(); *down_missing is true when the file has no
 * "downgrade" field (an irreversible downgrade; "downgrade: []" is an
 * empty one).  Everything lives in a.
 * Errors (RT_ESYNTAX unless noted; at file:line:col of the value, key
 * or mapping at fault; the message names its path, e.g.
 * "upgrade[0].create_table.columns[1].nullable must be true or false
 * (found 'maybe')"): an unknown operation or field, a missing required
 * field, a value of the wrong type, an unknown type name; those of
 * ops_type_set(), ops_row_new() and ops_op_validate() (ops.h); those of
 * rev_file_source().
 */
int yamlrev_load(struct ops_list *up, struct ops_list *down,
		 bool *down_missing, struct rt_arena *a,
		 const struct rev_file *f, struct rt_err *err);

#endif

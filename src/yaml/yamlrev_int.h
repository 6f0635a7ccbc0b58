/*
 * yamlrev_int.h: internals shared by the .yaml op-script files: the
 * libyaml node tree of a document with user-file locations, its check
 * against a libcyaml schema, and the op-script's cyaml structs.
 */
#ifndef YAMLREV_INT_H
#define YAMLREV_INT_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/srcmap.h"
#include "ops/ops.h"

#include <cyaml/cyaml.h>
#include <yaml.h>

/* ---- yamlrev_tree.c: the document ---- */

/* A user's YAML text, for locations: lines end as libyaml ends them,
 * columns are bytes (libyaml's marks count characters). */
struct ylines {
	struct srcmap map;	/* of src after a BOM */
	size_t bom;		/* 3 when src starts with one, else 0 */
};

void ylines_init(struct ylines *l, const char *file, const char *src,
		 size_t len);
/* The rt_loc (1-based line, byte column) of a libyaml mark. */
struct rt_loc ylines_loc(struct ylines *l, struct rt_arena *a,
			 yaml_mark_t m);
/* RT_ESYNTAX "YAML syntax error: <problem> (<context> ...)" from a
 * failed libyaml parser, at its problem mark. */
int ylines_parser_err(struct ylines *l, struct rt_arena *a,
		      const yaml_parser_t *p, struct rt_err *err);

/*
 * The deepest nesting of lists and mappings a .yaml file may have, the
 * document's top mapping being level 1 (op-scripts need about 10).
 * libyaml's scanner slows down with depth (quadratically for nested
 * flow collections: 100,000 levels take ~50 s), so a deeper file is
 * refused as soon as its first collection past the limit starts.
 */
#define YLINES_MAXDEPTH 200

/*
 * yaml_parser_parse() into *ev, with *depth counting the collections
 * open (start at 0).  Errors (RT_ESYNTAX, *ev left empty): those of
 * ylines_parser_err(); "nesting deeper than 200 levels of lists and
 * mappings" at the collection that would open level 201.
 */
int ylines_event(struct ylines *l, struct rt_arena *a, yaml_parser_t *p,
		 yaml_event_t *ev, int *depth, struct rt_err *err);

/* One loaded document (the first of src). */
struct ydoc {
	yaml_document_t doc;
	bool loaded;
	struct ylines lines;
	struct rt_arena *a;
};

/* Parse src into d (release with ydoc_release() even on error).
 * Errors: RT_ESYNTAX (YAML syntax, nesting deeper than YLINES_MAXDEPTH)
 * at file:line:col. */
int ydoc_load(struct ydoc *d, struct rt_arena *a, const char *file,
	      const char *src, size_t len, struct rt_err *err);
void ydoc_release(struct ydoc *d);

yaml_node_t *ydoc_root(struct ydoc *d);
/* The value of key in mapping node m, or NULL (m may be NULL). */
yaml_node_t *ydoc_get(struct ydoc *d, yaml_node_t *m, const char *key);
/* Item i of sequence node s (must exist). */
yaml_node_t *ydoc_item(struct ydoc *d, yaml_node_t *s, size_t i);
size_t ydoc_len(const yaml_node_t *s);
struct rt_loc ydoc_loc(struct ydoc *d, const yaml_node_t *n);
/* The scalar's text (NUL-terminated, owned by the document). */
const char *ydoc_str(const yaml_node_t *n);
/* A plain null: null, Null, NULL, ~ or nothing. */
bool ydoc_is_null(const yaml_node_t *n);
/* How n looks in a message: 'text' (cut at 40 bytes), null, a mapping,
 * a list. */
const char *ydoc_describe(struct ydoc *d, const yaml_node_t *n);
/* "path: " when path is not empty, else "" (arena). */
const char *ydoc_ctx(struct ydoc *d, const char *path);
/* RT_ESYNTAX at n ("<path> must be <what> (found <n>)"). */
int ydoc_want(struct ydoc *d, const yaml_node_t *n, const char *path,
	      const char *what, struct rt_err *err);
int ydoc_errf(struct ydoc *d, const yaml_node_t *n, struct rt_err *err,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Check n against the cyaml schema s before libcyaml loads it, so that
 * each mistake is reported at the node, key or mapping at fault
 * (libcyaml only logs a backtrace): the shape of every value, mapping
 * keys (unknown, duplicate, missing required), integers, booleans
 * (true/false only) and enum strings.  CYAML_IGNORE values are left to
 * their decoders.  path names n in messages ("upgrade[0].create_table").
 * A mapping schema that yops_choice() names is a one-key choice (an
 * operation, a constraint).
 */
int ydoc_check(struct ydoc *d, const cyaml_schema_value_t *s,
	       yaml_node_t *n, const char *path, struct rt_err *err);

/* ---- yamlops_schema.c: the cyaml structs and schema ---- */

enum { Y_AUTO_TRUE = 1, Y_AUTO_FALSE, Y_AUTO_AUTO, Y_AUTO_IGNORE_FK };

struct y_fk {			/* sa.ForeignKey() on a column */
	char *column, *name, *ondelete, *onupdate, *initially, *match;
	bool *deferrable;
};

struct y_identity {		/* sa.Identity() */
	bool always, nominvalue, nomaxvalue;
	int64_t *start, *increment, *minvalue, *maxvalue, *cache;
	bool *cycle, *order;
};

struct y_column {		/* sa.Column(); type, server_default: tree */
	char *name;
	struct y_identity *identity;
	bool primary_key, unique, index;
	bool *nullable;
	int autoincrement;	/* Y_AUTO_*, 0: unset */
	char *comment;
	struct y_fk *foreign_keys;
	unsigned foreign_keys_count;
};

struct y_keycons {		/* PrimaryKeyConstraint, UniqueConstraint */
	char **columns;
	unsigned columns_count;
	char *name, *initially;
	bool *deferrable;
};

struct y_fkcons {		/* ForeignKeyConstraint */
	char **columns;
	unsigned columns_count;
	char **refcolumns;
	unsigned refcolumns_count;
	char *name, *ondelete, *onupdate, *initially, *match;
	bool *deferrable;
};

struct y_ckcons {		/* CheckConstraint */
	char *sqltext, *name;
};

struct y_cons {			/* one of */
	struct y_keycons *PrimaryKeyConstraint, *UniqueConstraint;
	struct y_fkcons *ForeignKeyConstraint;
	struct y_ckcons *CheckConstraint;
};

/* sa.Index(); columns, *_length, postgresql_ops: tree */
struct y_index {
	char *name, *postgresql_where, *postgresql_using;
	bool unique;
	char **postgresql_include;
	unsigned postgresql_include_count;
};

struct y_create_table {
	char *table_name, *schema, *comment;
	struct y_column *columns;
	unsigned columns_count;
	struct y_cons *constraints;
	unsigned constraints_count;
	struct y_index *indexes;
	unsigned indexes_count;
};

struct y_table_op {		/* drop_table, drop_column */
	char *table_name, *column_name, *schema;
};

struct y_add_column {
	char *table_name, *schema, *insert_before, *insert_after;
	struct y_column *column;
};

struct y_alter_column {		/* comment, *server_default, type_,
				 * existing_type: tree */
	char *table_name, *column_name, *new_column_name, *existing_comment;
	char *postgresql_using, *schema;
	bool *nullable, *existing_nullable;
	bool *autoincrement, *existing_autoincrement;
};

struct y_rename_table {
	char *old_table_name, *new_table_name, *schema;
};

struct y_create_index {		/* as y_index */
	char *index_name, *table_name, *schema;
	char *postgresql_where, *postgresql_using;
	bool unique, postgresql_concurrently;
	char **postgresql_include;
	unsigned postgresql_include_count;
};

struct y_drop_index {
	char *index_name, *table_name, *schema;
	bool postgresql_concurrently;
};

struct y_add_key {		/* create_unique_constraint, _primary_key */
	char *constraint_name, *table_name, *schema, *initially;
	char **columns;
	unsigned columns_count;
	bool *deferrable;
};

struct y_add_fk {
	char *constraint_name, *source_table, *referent_table;
	char *source_schema, *referent_schema;
	char **local_cols;
	unsigned local_cols_count;
	char **remote_cols;
	unsigned remote_cols_count;
	char *ondelete, *onupdate, *initially, *match;
	bool *deferrable;
};

struct y_add_check {
	char *constraint_name, *table_name, *condition, *schema;
};

struct y_drop_constraint {
	char *constraint_name, *table_name, *schema;
	int type_;		/* 0: none, else 1 + yops_drop_types index */
};

struct y_tcol {			/* sa.column(); type: tree */
	char *name;
};

struct y_table {		/* sa.table() */
	char *name, *schema;
	struct y_tcol *columns;
	unsigned columns_count;
};

struct y_bulk_insert {		/* rows: tree */
	struct y_table *table;
	bool multiinsert;
};

struct y_table_comment {
	char *table_name, *comment, *existing_comment, *schema;
};

struct y_op;

struct y_batch {
	char *table_name, *schema;
	int recreate;		/* enum ops_recreate */
	struct y_op *ops;
	unsigned ops_count;
};

struct y_op {			/* one of; execute: tree */
	struct y_create_table *create_table;
	struct y_table_op *drop_table, *drop_column;
	struct y_add_column *add_column;
	struct y_alter_column *alter_column;
	struct y_rename_table *rename_table;
	struct y_create_index *create_index;
	struct y_drop_index *drop_index;
	struct y_add_key *create_unique_constraint, *create_primary_key;
	struct y_add_fk *create_foreign_key;
	struct y_add_check *create_check_constraint;
	struct y_drop_constraint *drop_constraint;
	struct y_bulk_insert *bulk_insert;
	struct y_table_comment *create_table_comment, *drop_table_comment;
	struct y_batch *batch_alter_table;
};

struct y_doc {			/* header fields: yamlrev.c reads them */
	struct y_op *upgrade;
	unsigned upgrade_count;
	struct y_op *downgrade;
	unsigned downgrade_count;
};

/* The whole document's schema (a pointer to struct y_doc). */
extern const cyaml_schema_value_t yops_doc_schema;
/* drop_constraint type_ values, in enum order (1-based in y_*). */
extern const char *const yops_drop_types[4];
/* Whether s is a one-key choice mapping, and what its keys are called
 * in messages ("operation", "constraint"). */
const char *yops_choice(const cyaml_schema_value_t *s);

/* ---- yamlops_value.c: values of more than one shape ---- */

/* What the builders share: the document, the arena, the error. */
struct yb {
	struct ydoc *d;
	struct rt_arena *a;
	struct rt_err *err;
};

/* A scalar as a Python literal: plain null/true/false/ints/floats are
 * None/bool/int/float (float text as Python's repr()), anything else
 * (and any quoted scalar) a str. */
int yops_value(struct ops_value **out, struct yb *b, yaml_node_t *n,
	       const char *path);
/* A non-null scalar, copied into the arena. */
int yops_string(const char **out, struct yb *b, yaml_node_t *n,
		const char *path);
/* A string, or the mapping {key: string} (then *is_text): SQL text as
 * written or as sa.text(); what describes both in messages. */
int yops_text(const char **out, bool *is_text, struct yb *b, yaml_node_t *n,
	      const char *key, const char *path, const char *what);
/* A server default: a string, {text: SQL}, {func: name} (sa.func.name())
 * or null (*out NULL). */
int yops_default(struct ops_default **out, struct yb *b, yaml_node_t *n,
		 const char *path);
/* A type: NAME, or {NAME: ARGS} where ARGS is the first positional
 * argument, a list of positional ones, or a mapping of keywords
 * (ops_type_spec params; Enum's "values", ARRAY's "item_type"). */
int yops_type(struct ops_type **out, struct yb *b, yaml_node_t *n,
	      const char *path);

/* ---- yamlops.c: structs + tree -> op IR ---- */

/*
 * Fill out with the ops of list (count n), whose tree is the sequence
 * node seq, at path ("upgrade"), each validated (ops_op_validate).
 */
int yops_build(struct ops_list *out, struct ydoc *d, const struct y_op *list,
	       unsigned n, yaml_node_t *seq, const char *path,
	       struct rt_err *err);

#endif

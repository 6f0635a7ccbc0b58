/*
 * render_int.h: what render.c shares with the per-dialect files
 * render_{pg,mysql,sqlite}.c: the rendering context, the dialect vtable
 * (curl's Curl_ssl pattern) and shared helpers.  Not for other modules.
 */
#ifndef RENDER_INT_H
#define RENDER_INT_H

#include "render.h"
#include "base/pycompat.h"

struct render_ctx {
	struct render_session *s;
	const struct dialect *d;
	const struct render_dialect *rd;
	struct render_list *out;
	struct rt_arena *a;
	const struct ops_op *op;
	struct rt_err *err;
};

/* A column being specified, with what only its table knows. */
struct render_col {
	const struct ops_column *col;
	const char *table, *schema;
	bool autoinc;		/* the table's _autoincrement_column */
	bool pk;
	size_t npk;		/* primary key columns of the table */
	bool nullable;		/* effective */
};

/* Which visit_<name>_func overrides a compiler has (the columns of
 * render.c's function table). */
enum render_funcs {
	RENDER_FUNCS_GENERIC,
	RENDER_FUNCS_MYSQL,
	RENDER_FUNCS_SQLITE,
	RENDER_FUNCS_N
};

struct render_dialect {
	/* SQLAlchemy's dialect flags */
	bool native_boolean;	/* supports_native_boolean */
	bool native_enum;	/* supports_native_enum */
	bool supports_comments;
	bool inline_comments;
	/* The type compiler: append t, or fail. */
	int (*type)(struct rt_buf *b, struct render_ctx *c,
		    const struct ops_type *t);
	/* get_column_specification() */
	int (*colspec)(struct rt_buf *b, struct render_ctx *c,
		       const struct render_col *rc);
	/* ")" + post_create_table(): text after the column list */
	void (*post_create)(struct rt_buf *b, struct render_ctx *c,
			    const struct ops_table *t);
	/* before_create events (PostgreSQL ENUM types) */
	int (*before_create)(struct render_ctx *c, const struct ops_table *t);
	int (*create_index)(struct rt_buf *b, struct render_ctx *c,
			    const struct ops_index *ix);
	int (*drop_index)(struct rt_buf *b, struct render_ctx *c,
			  const struct ops_index *ix);
	/* Alembic's impl.alter_column() */
	int (*alter_column)(struct render_ctx *c, const struct ops_op *op);
	/* DROP CONSTRAINT of type_ (NULL: unknown) */
	int (*drop_constraint)(struct rt_buf *b, struct render_ctx *c,
			       const struct ops_op *op);
	/* SetTableComment / DropTableComment (comment NULL) */
	void (*table_comment)(struct rt_buf *b, struct render_ctx *c,
			      const char *schema, const char *table,
			      const char *comment);
	/* the new name in RENAME TO includes the schema (MySQL) */
	bool rename_keeps_schema;
	/* false: FOREIGN KEY to another schema is left out (SQLite) */
	bool cross_schema_fk;
	/* false: add/drop constraint raise (SQLite) */
	bool alter_constraints;
	/* Boolean literals as 1/0 (SQLite) rather than true/false */
	bool bool_literal_int;
	/* postgresql_ops= operator classes follow index columns */
	bool index_opclass;
	/* false: a FOREIGN KEY's MATCH raises (MySQL's
	 * define_constraint_match) */
	bool fk_match;
	/* The date/time types have a literal processor (SQLite's), which
	 * fails on anything but a datetime object */
	bool date_literal_processor;
	enum render_funcs funcs;
};

extern const struct render_dialect render_pg;
extern const struct render_dialect render_mysql;
extern const struct render_dialect render_sqlite;

/* Emit b's text as one statement (copied into the arena; b reset). */
void render_emit(struct render_ctx *c, struct rt_buf *b);

/* preparer.quote(name) */
void render_ident(struct rt_buf *b, struct render_ctx *c, const char *name);
/* preparer.format_table(): [schema.]name, schema quoted whole */
void render_table(struct rt_buf *b, struct render_ctx *c,
		  const char *schema, const char *name);
/* Alembic's format_table_name(): schema quoted per dotted part */
void render_alembic_table(struct rt_buf *b, struct render_ctx *c,
			  const char *schema, const char *name);
/* "ALTER TABLE " + render_alembic_table() */
void render_alter_table(struct rt_buf *b, struct render_ctx *c,
			const char *schema, const char *name);
/* render_literal_value(s, String()) */
void render_string(struct rt_buf *b, struct render_ctx *c, const char *s);
/* sa.text() compiled with literal binds (bind parameters -> NULL) */
void render_text(struct rt_buf *b, struct render_ctx *c, const char *sql);
/* get_column_default_string() of a server default (NULL: nothing) */
void render_default(struct rt_buf *b, struct render_ctx *c,
		    const struct ops_default *d);
/* The VARCHAR(n) COLLATE "x" of the generic compiler */
int render_generic_type(struct rt_buf *b, struct render_ctx *c,
			const struct ops_type *t);
/* The column list "(a, b)" of an index: names or expressions, and on
 * PostgreSQL each column's postgresql_ops operator class */
void render_index_cols(struct rt_buf *b, struct render_ctx *c,
		       const struct ops_index *ix);
/* The generic column comment: COMMENT ON COLUMN t.c IS ... */
void render_column_comment(struct rt_buf *b, struct render_ctx *c,
			   const char *schema, const char *table,
			   const char *column, const char *comment);
/* Alembic's DefaultImpl.alter_column(): nullable, server default,
 * (type when with_type), comment, new name, one statement each */
int render_alter_base(struct render_ctx *c, const struct ops_op *op,
		      bool with_type);
/* COMMENT ON TABLE t IS 'x' / IS NULL (comment NULL) */
void render_generic_table_comment(struct rt_buf *b, struct render_ctx *c,
				  const char *schema, const char *table,
				  const char *comment);
/* An Enum's length: the longest value in code points (or length=) */

int render_enum_length(const struct ops_type *t);
/* The error for a type the dialect's compiler has no visit method for */
int render_type_unsupported(struct render_ctx *c, const struct ops_type *t);

#endif

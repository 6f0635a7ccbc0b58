/*
 * ops.h: the op IR: what a revision's upgrade()/downgrade() does, as
 * Alembic 1.8.1's op.* calls and SQLAlchemy 1.4's sa.* constructors
 * describe it (issue 4 items 2, 3), independent of any dialect.
 */
#ifndef OPS_H
#define OPS_H

#include "base/arena.h"

/*
 * Contract, for whoever fills the IR (the .py interpreter, .yaml
 * op-scripts, tests):
 *  - Everything lives in one arena; strings are borrowed from it and
 *    never freed one by one.  Constructors (ops_*_new) zero the struct
 *    and set the documented defaults, so a filler only sets what the
 *    user wrote.
 *  - Field names are the keyword argument names of the Python call
 *    (Column(nullable=), Enum(native_enum=) ...).  Positional arguments
 *    map to keywords through ops_type_spec.params (types) and the order
 *    documented at each struct.
 *  - Every node keeps the rt_loc of the call (or keyword) it came from,
 *    so that validation and rendering errors point at the user's file.
 *  - "Unset" differs from "false" where Python's default depends on
 *    other arguments: enum ops_tri.
 *  - ops_op_validate() must pass before rendering: it resolves what
 *    SQLAlchemy resolves when it builds the Table (primary key columns,
 *    nullable defaults, dotted foreign key targets) and rejects what
 *    SQLAlchemy or Alembic reject before any SQL is compiled.
 */

enum ops_tri {
	OPS_UNSET = 0,
	OPS_FALSE,
	OPS_TRUE,
};

/* A Python literal (bulk_insert rows, server defaults, Enum values). */
enum ops_value_kind {
	OPS_V_NONE,
	OPS_V_BOOL,
	OPS_V_INT,
	OPS_V_FLOAT,		/* text: Python's repr() of the float */
	OPS_V_STR,
	OPS_V_TEXT,		/* sa.text("..."): raw SQL in text */
};

struct ops_value {
	enum ops_value_kind kind;
	bool b;
	long long i;
	const char *text;	/* OPS_V_FLOAT, OPS_V_STR, OPS_V_TEXT */
	struct rt_loc loc;
};

/*
 * Types.  kind is SQLAlchemy's class; module says where the user took
 * it from (a dialect type renders only on its dialect unless SQLAlchemy
 * renders it elsewhere too, render.h).  Attributes hold the constructor
 * arguments; unused ones stay zero.
 */
enum ops_type_kind {
	/* sqlalchemy (generic, CamelCase) */
	OPS_T_INTEGER,		/* Integer, INTEGER, mysql.INTEGER */
	OPS_T_BIGINT,		/* BigInteger, BIGINT */
	OPS_T_SMALLINT,		/* SmallInteger, SMALLINT */
	OPS_T_STRING,	/* String, VARCHAR, Unicode, mysql.VARCHAR */
	OPS_T_TEXT,		/* Text, TEXT, UnicodeText */
	OPS_T_BOOLEAN,		/* Boolean, BOOLEAN */
	OPS_T_DATETIME,		/* DateTime */
	OPS_T_DATE,		/* Date, DATE */
	OPS_T_TIME,		/* Time, TIME */
	OPS_T_INTERVAL,		/* Interval */
	OPS_T_NUMERIC,		/* Numeric, NUMERIC */
	OPS_T_FLOAT,		/* Float, FLOAT */
	OPS_T_LARGE_BINARY,	/* LargeBinary */
	OPS_T_ENUM,		/* Enum, postgresql.ENUM, mysql.ENUM */
	OPS_T_JSON,		/* JSON, postgresql.JSON, sqlite.JSON */
	OPS_T_ARRAY,		/* ARRAY, postgresql.ARRAY */
	/* SQL-standard upper-case names that render differently */
	OPS_T_UPPER_DATETIME,	/* DATETIME, sqlite. and mysql.DATETIME */
	OPS_T_TIMESTAMP,	/* TIMESTAMP, postgresql.TIMESTAMP */
	OPS_T_REAL,		/* REAL */
	OPS_T_BLOB,		/* BLOB */
	/* dialect types */
	OPS_T_UUID,		/* postgresql.UUID */
	OPS_T_JSONB,		/* postgresql.JSONB */
	OPS_T_INET,		/* postgresql.INET */
	OPS_T_CIDR,		/* postgresql.CIDR */
	OPS_T_BYTEA,		/* postgresql.BYTEA */
	OPS_T_TSVECTOR,		/* postgresql.TSVECTOR */
	OPS_T_TINYINT,		/* mysql.TINYINT */
	OPS_T_LONGTEXT,		/* mysql.LONGTEXT */
	OPS_T_CHAR,		/* CHAR, mysql.CHAR */
	OPS_T_NULL,		/* no type (sa.column("x")): NullType */
	/* SQLAlchemy 2.0 only (ops_type_sa2_only()) */
	OPS_T_UUID_GENERIC,	/* Uuid(as_uuid=, native_uuid=) */
	OPS_T_DOUBLE,		/* Double */
	OPS_T_UPPER_DOUBLE,	/* DOUBLE */
	OPS_T_DOUBLE_PRECISION,	/* DOUBLE_PRECISION, postgresql. too */
	OPS_T_CITEXT,		/* postgresql.CITEXT */
};

enum ops_module {
	OPS_M_SA,		/* sqlalchemy / sa */
	OPS_M_POSTGRESQL,
	OPS_M_MYSQL,
	OPS_M_SQLITE,
};

struct ops_type {
	enum ops_type_kind kind;
	enum ops_module module;
	const char *pyname;	/* as written: "String", "JSONB" */
	int length;		/* String/Text/Enum length; 0: none */
	int precision, scale;	/* Numeric/Float; -1: none */
	int fsp;		/* mysql DATETIME(fsp); 0: none */
	int display_width;	/* mysql INTEGER/TINYINT; 0: none */
	bool timezone;		/* DateTime/TIMESTAMP/Time */
	bool unsigned_;		/* mysql: `unsigned` */
	bool zerofill;		/* mysql */
	bool as_uuid;		/* UUID, Uuid (no effect on DDL) */
	bool native_uuid;	/* Uuid (default true): UUID on PostgreSQL */
	const char *collation;
	/* Enum: values in order; name=, schema=; native_enum= (default
	 * true); create_constraint= (default false in SQLAlchemy 1.4);
	 * postgresql.ENUM create_type= (default true). */
	const char **values;
	size_t nvalues;
	const char *name;	/* Enum name / Boolean constraint name */
	const char *schema;
	bool native_enum;
	bool create_constraint;	/* Enum and Boolean */
	bool create_type;
	struct ops_type *item;	/* ARRAY(item) */
	int dimensions;		/* ARRAY; 0: one */
	struct rt_loc loc;
	const char *charset;	/* mysql string types: CHARACTER SET */
	const char *fields;	/* postgresql.INTERVAL(fields="DAY") */
};


/* What a filler needs to build a type from a call: the accepted module
 * attribute name, the kind, and positional parameter names in order
 * ("*values" takes the rest: Enum). */
struct ops_type_spec {
	enum ops_module module;
	const char *pyname;
	enum ops_type_kind kind;
	const char *const params[5];
};

/*
 * The spec of module.pyname (e.g. OPS_M_POSTGRESQL, "JSONB"), or NULL
 * when retort does not know that type.  Generic names are found under
 * OPS_M_SA; dialect modules also export the generic upper-case names
 * (postgresql.INTEGER), which they find here too.
 */
const struct ops_type_spec *ops_type_lookup(enum ops_module module,
					    const char *pyname);

/* Whether s names a class that SQLAlchemy 2.0 added (sa.Uuid, sa.UUID,
 * sa.Double, sa.DOUBLE, sa.DOUBLE_PRECISION, postgresql.CITEXT): with
 * SQLAlchemy 1.4 (Alembic < 1.13) the name raises AttributeError. */
bool ops_type_sa2_only(const struct ops_type_spec *s);

/* A new type of spec's kind with SQLAlchemy's defaults (precision and
 * scale -1, native_enum and create_type true), in a. */
struct ops_type *ops_type_new(struct rt_arena *a,
			      const struct ops_type_spec *spec,
			      struct rt_loc loc);

/*
 * Set keyword argument kw of t to v (positional ones: map the index
 * through spec->params first; Enum values go to ops_type_add_value()).
 * Errors: RT_ENOTIMPL "<pyname>() keyword '<kw>' is not supported" and
 * RT_ESYNTAX "<pyname>() argument '<kw>' must be <what>", at v->loc.
 * ARRAY's item type is set directly (t->item).
 */
int ops_type_set(struct ops_type *t, const char *kw,
		 const struct ops_value *v, struct rt_err *err);

/* Append an Enum value (a string literal). */
void ops_type_add_value(struct rt_arena *a, struct ops_type *t,
			const char *value);

/* What a server_default holds besides a str or sa.text(). */
enum ops_default_expr {
	OPS_D_SQL = 0,		/* a str or sa.text(): is_text, sql */
	OPS_D_FUNC,		/* sa.func.<sql>() without arguments */
	OPS_D_TRUE,		/* sa.true() */
	OPS_D_FALSE,		/* sa.false() */
};

/* A column's or alter_column's server_default: a string literal
 * (rendered quoted), sa.text() (rendered as is), or (expr) an SQL
 * expression SQLAlchemy compiles per dialect: sa.func.now() is now() on
 * PostgreSQL and MySQL and CURRENT_TIMESTAMP on SQLite, ANSI functions
 * (current_timestamp ...) render upper case without parentheses,
 * sa.true()/sa.false() are true/false or 1/0.  SQLite parenthesizes
 * expressions in CREATE TABLE / ADD COLUMN. */
struct ops_default {
	bool is_text;
	const char *sql;	/* OPS_D_FUNC: the name as written */
	struct rt_loc loc;
	enum ops_default_expr expr;
};

/* sa.Identity(always=, start=, increment=, minvalue=, maxvalue=,
 * nominvalue=, nomaxvalue=, cycle=, cache=, order=) given to a Column:
 * GENERATED ... AS IDENTITY on PostgreSQL (instead of SERIAL, and the
 * column is NOT NULL without saying so); ignored by MySQL and SQLite.
 * The column's nullable defaults to false.  has_* say which numbers
 * were given. */
struct ops_identity {
	bool always;
	bool has_start, has_increment, has_minvalue, has_maxvalue, has_cache;
	long long start, increment, minvalue, maxvalue, cache;
	/* given and not None (even False renders NO MINVALUE) */
	bool nominvalue, nomaxvalue;
	enum ops_tri cycle, order;
	struct rt_loc loc;
};

/* sa.ForeignKey("[schema.]table.col", ondelete=...) on a column (cols
 * and ncols are set by validation), ForeignKeyConstraint(cols,
 * refcols, ...) (refspecs), and op.create_foreign_key (ref_* set by the
 * filler, nrefs == ncols). */
struct ops_fk {
	const char *name;		/* NULL: unnamed */
	const char **cols;		/* local columns */
	size_t ncols;
	const char **refspecs;		/* as written: "users.id" */
	size_t nrefs;
	/* Resolved by validation (or set directly by create_foreign_key):
	 * referent schema (NULL: none), table, columns. */
	const char *ref_schema, *ref_table;
	const char **ref_cols;
	const char *ondelete, *onupdate, *initially, *match;
	enum ops_tri deferrable;
	struct rt_loc loc;
};

struct ops_column {
	const char *name;
	struct ops_type *type;		/* never NULL (OPS_T_NULL) */
	enum ops_tri nullable;		/* unset: not primary_key/Identity */
	bool primary_key;
	/* autoincrement=: unset is "auto"; "ignore_fk" sets ignore_fk */
	enum ops_tri autoincrement;
	bool ignore_fk;
	struct ops_default *server_default;	/* NULL: none */
	const char *comment;
	bool unique;
	bool index;
	struct ops_fk **fks;		/* sa.ForeignKey() arguments */
	size_t nfks;
	struct rt_loc loc;
	struct ops_identity *identity;	/* sa.Identity(); NULL: none */
	/* sa.CheckConstraint() arguments of the Column, rendered after
	 * its specification ("x INTEGER CONSTRAINT ck CHECK (x > 0)") */
	struct ops_constraint **checks;
	size_t nchecks;
};

enum ops_cons_kind {
	OPS_C_PRIMARY,
	OPS_C_FOREIGN,
	OPS_C_UNIQUE,
	OPS_C_CHECK,
};

/* PrimaryKeyConstraint/UniqueConstraint(*cols, name=, deferrable=,
 * initially=), CheckConstraint(sqltext, name=), ForeignKeyConstraint. */
struct ops_constraint {
	enum ops_cons_kind kind;
	const char *name;
	const char **cols;
	size_t ncols;
	const char *sqltext;		/* CHECK: the SQL as written */
	bool sqltext_is_text;		/* sa.text() rather than a str */
	struct ops_fk *fk;		/* FOREIGN */
	enum ops_tri deferrable;
	const char *initially;
	struct rt_loc loc;
};

/* An index column: a name, or sa.text() expression; per-column
 * mysql_length / mariadb_length (0: none). */
struct ops_index_col {
	const char *name;
	bool is_expr;
	int mysql_length, mariadb_length;
	const char *pg_ops;	/* postgresql_ops={name: opclass} */
};

/* sa.Index() in create_table and op.create_index(name, table, cols,
 * unique=, schema=, postgresql_where=, postgresql_using=,
 * postgresql_concurrently=, mysql_length=, mariadb_length=). */
struct ops_index {
	const char *name;
	const char *table, *schema;
	struct ops_index_col *cols;
	size_t ncols;
	bool unique;
	const char *pg_where;		/* SQL text (sa.text or str) */
	const char *pg_using;
	bool pg_concurrently;
	struct rt_loc loc;
	const char **pg_include;	/* postgresql_include=[...] */
	size_t npg_include;
};

/* A dialect table option of create_table: mysql_engine='InnoDB' is
 * {"mysql", "engine", "InnoDB"}.  Only the dialect of that name renders
 * it (SQLAlchemy's Table.kwargs: mysql_* for mysql:// URLs, mariadb_*
 * for mariadb:// ones); the others ignore it. */
struct ops_table_opt {
	const char *dialect;
	const char *key;		/* as written after "<dialect>_" */
	const char *value;
	struct rt_loc loc;
};

/* op.create_table(name, *columns_and_constraints, schema=, comment=,
 * <dialect>_<option>=); sa.table(name, *sa.column(), schema=) for
 * bulk_insert. */
struct ops_table {
	const char *name, *schema;
	const char *comment;
	struct ops_column **cols;
	size_t ncols;
	struct ops_constraint **cons;	/* in the order written */
	size_t ncons;
	struct ops_index **indexes;	/* sa.Index() items */
	size_t nindexes;
	struct rt_loc loc;
	struct ops_table_opt *opts;	/* in the order written */
	size_t nopts;
};

enum ops_kind {
	OPS_CREATE_TABLE,
	OPS_DROP_TABLE,
	OPS_ADD_COLUMN,
	OPS_DROP_COLUMN,
	OPS_ALTER_COLUMN,
	OPS_RENAME_TABLE,
	OPS_CREATE_INDEX,
	OPS_DROP_INDEX,
	OPS_ADD_CONSTRAINT,	/* create_{unique_constraint,primary_key,
				 * foreign_key,check_constraint} */
	OPS_DROP_CONSTRAINT,
	OPS_EXECUTE,
	OPS_BULK_INSERT,
	OPS_CREATE_TABLE_COMMENT,
	OPS_DROP_TABLE_COMMENT,
	OPS_BATCH,		/* batch_alter_table(table, schema=) */
};

/* op.alter_column(table, column, nullable=, comment=, server_default=,
 * new_column_name=, type_=, existing_type=, existing_server_default=,
 * existing_nullable=, existing_comment=, autoincrement=,
 * existing_autoincrement=, postgresql_using=, schema=).  The *_set
 * flags say whether the keyword was given (server_default=None drops
 * the default, comment=None drops the comment). */
struct ops_alter {
	const char *column;
	enum ops_tri nullable, existing_nullable;
	bool server_default_set;
	struct ops_default *server_default;	/* NULL with _set: drop */
	struct ops_default *existing_server_default;
	bool comment_set;
	const char *comment;			/* NULL with _set: drop */
	const char *existing_comment;
	const char *new_name;
	struct ops_type *type, *existing_type;
	enum ops_tri autoincrement, existing_autoincrement;
	const char *pg_using;
};

/* batch_alter_table(recreate=): "auto" (the default), "always",
 * "never".  The other keywords batch_alter_table() takes
 * (table_kwargs, reflect_args, reflect_kwargs, naming_convention) have
 * no field: a filler rejects them as unsupported. */
enum ops_recreate {
	OPS_RECREATE_AUTO = 0,
	OPS_RECREATE_ALWAYS,
	OPS_RECREATE_NEVER,
};

/* One bulk_insert row: values by column of the sa.table, NULL where
 * the dict has no key (a row dict's order does not matter). */
struct ops_row {
	struct ops_value **vals;	/* [table->ncols] */
	struct rt_loc loc;
};

/* One bindparams() keyword of an op.execute(sa.text(...)). */
struct ops_bind {
	const char *name;
	struct ops_value *value;
};

struct ops_op {
	enum ops_kind kind;

	const char *table;		/* the table operated on */
	const char *schema;		/* schema= (NULL: none) */
	struct rt_loc loc;		/* the op.* call */
	union {
		struct ops_table *create;	/* CREATE_TABLE, BULK_INSERT */
		struct ops_column *column;	/* ADD_COLUMN */
		const char *column_name;	/* DROP_COLUMN */
		struct ops_alter alter;
		const char *new_name;		/* RENAME_TABLE */
		struct ops_index *index;	/* CREATE/DROP_INDEX */
		struct ops_constraint *cons;	/* ADD_CONSTRAINT */
		struct {			/* DROP_CONSTRAINT */
			const char *name;
			const char *type_;	/* NULL, "foreignkey",
						 * "primary", "unique",
						 * "check" */
		} drop;
		struct {			/* EXECUTE */
			const char *sql;
			bool is_text;		/* sa.text() bind rules */
			/* sa.text(...).bindparams(name=value, ...): the
			 * values render inline as literals (is_text); if
			 * a parameter is left unbound none is, and the
			 * text keeps sqlbind.h's rules */

			struct ops_bind *binds;
			size_t nbinds;
		} exec;
		struct {			/* TABLE_COMMENT ops */
			const char *comment;
			const char *existing_comment;
		} tcomment;
		struct {			/* BATCH */
			struct ops_op **ops;
			size_t n;
			/* batch_alter_table() keywords (ddl/render_batch.h) */
			enum ops_recreate recreate;
			struct ops_table *copy_from;	/* NULL: reflect */
			/* table_args: constraints added to the new
			 * table (SQLite move and copy) */
			struct ops_constraint **table_args;
			size_t ntable_args;
			/* partial_reordering: tuples of column names */
			const char ***reorder;
			size_t *nreorder;		/* per tuple */
			size_t nreorders;
		} batch;
	} u;
	struct ops_row **rows;		/* BULK_INSERT */
	size_t nrows;
	/* ADD_COLUMN inside batch_alter_table(): insert_before= and
	 * insert_after= (NULL: not given) */
	const char *insert_before, *insert_after;
};

/* A body: the ops of one upgrade() or downgrade(), in order. */
struct ops_list {
	struct ops_op **v;
	size_t n, alloc;
};

/* Constructors: zeroed, in a, with loc. */
struct ops_op *ops_op_new(struct rt_arena *a, enum ops_kind kind,
			  struct rt_loc loc);
struct ops_table *ops_table_new(struct rt_arena *a, const char *name,
				struct rt_loc loc);
struct ops_column *ops_column_new(struct rt_arena *a, const char *name,
				  struct ops_type *type, struct rt_loc loc);
struct ops_constraint *ops_constraint_new(struct rt_arena *a,
					  enum ops_cons_kind kind,
					  struct rt_loc loc);
struct ops_fk *ops_fk_new(struct rt_arena *a, struct rt_loc loc);
struct ops_index *ops_index_new(struct rt_arena *a, const char *name,
				struct rt_loc loc);
struct ops_default *ops_default_new(struct rt_arena *a, bool is_text,
				    const char *sql, struct rt_loc loc);

/* Appenders: grow arena arrays (amortized doubling, old copies stay in
 * the arena). */
void ops_list_add(struct rt_arena *a, struct ops_list *l, struct ops_op *op);
void ops_table_add_column(struct rt_arena *a, struct ops_table *t,
			  struct ops_column *c);
void ops_table_add_constraint(struct rt_arena *a, struct ops_table *t,
			      struct ops_constraint *c);
void ops_table_add_index(struct rt_arena *a, struct ops_table *t,
			 struct ops_index *ix);
/* Append a dialect table option (strings borrowed). */
void ops_table_add_opt(struct rt_arena *a, struct ops_table *t,
		       const char *dialect, const char *key,
		       const char *value, struct rt_loc loc);
void ops_column_add_fk(struct rt_arena *a, struct ops_column *c,
		       struct ops_fk *fk);
/* A Column's CheckConstraint argument (kind OPS_C_CHECK). */
void ops_column_add_check(struct rt_arena *a, struct ops_column *c,
			  struct ops_constraint *k);
void ops_index_add_col(struct rt_arena *a, struct ops_index *ix,
		       const char *name, bool is_expr);
/* A string array of n copies (the strings are borrowed). */
const char **ops_strv(struct rt_arena *a, const char *const *v, size_t n);

/*
 * A bulk_insert row from parallel key/value arrays (the dict as
 * written): each key must name a column of t.  Errors: RT_ERROR
 * "bulk_insert: table '<t>' has no column '<key>'" (where SQLAlchemy
 * raises KeyError) at the value's loc.
 */
int ops_row_new(struct ops_row **out, struct rt_arena *a,
		const struct ops_table *t, const char *const *keys,
		struct ops_value *const *vals, size_t n, struct rt_loc loc,
		struct rt_err *err);

/*
 * Check op and resolve what SQLAlchemy resolves when it builds the
 * objects: create_table's primary key (PrimaryKeyConstraint columns
 * become primary_key and, unless nullable was given, NOT NULL; the
 * nullable default of other columns), foreign key targets ("[schema.]
 * table.column" split into ref_schema/ref_table/ref_cols), and Enum
 * lengths.  Idempotent.  Errors (RT_ESYNTAX unless noted, at the loc of
 * the offending node):
 *  - a constraint or index naming a column the table lacks:
 *    "<Kind>() names column '<c>' that table '<t>' does not have";
 *  - ForeignKeyConstraint with different numbers of columns and
 *    referents (SQLAlchemy's text): "ForeignKeyConstraint number of
 *    constrained columns must match the number of referenced columns.";
 *  - referents in more than one table: "ForeignKeyConstraint()
 *    references more than one table";
 *  - a malformed target: "ForeignKey() target '<spec>' must be
 *    'table.column' or 'schema.table.column'";
 *  - drop_constraint type_ other than the four: "drop_constraint()
 *    type_ must be one of 'foreignkey', 'primary', 'unique', 'check'";
 *  - a duplicate column name in create_table: "table '<t>' has column
 *    '<c>' twice";

 *  - bulk_insert into a table with no columns: "bulk_insert() table
 *    '<t>' has no columns".
 */
int ops_op_validate(struct ops_op *op, struct rt_arena *a,
		    struct rt_err *err);

/* The primary key columns of a validated create_table, in the order
 * SQLAlchemy lists them (the PrimaryKeyConstraint's, or flagged columns
 * in table order), and the constraint (NULL when implicit). */
size_t ops_table_pk(const struct ops_table *t, const char ***out,
		    const struct ops_constraint **pkc, struct rt_arena *a);

/* The column named name in t, or NULL. */
struct ops_column *ops_table_column(const struct ops_table *t,
				    const char *name);

#endif

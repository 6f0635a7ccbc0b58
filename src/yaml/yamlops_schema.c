/*
 * yamlops_schema.c: the libcyaml schema of a .yaml op-script: Alembic's
 * op names and keyword names as mapping keys (docs/yaml-op-scripts.md).
 * Values of more than one shape (types, server defaults, index columns,
 * rows, execute) are CYAML_IGNORE here and decoded from the tree.
 */
#include "yamlrev_int.h"

#define OPT (CYAML_FLAG_OPTIONAL)
#define STR(key, flags, st, m) \
	CYAML_FIELD_STRING_PTR(key, (flags) | CYAML_FLAG_POINTER, st, m, \
			       0, CYAML_UNLIMITED)
#define REQ_STR(key, st, m) STR(key, CYAML_FLAG_DEFAULT, st, m)
#define OPT_STR(key, st, m) STR(key, OPT, st, m)
#define OPT_BOOL(key, st, m) CYAML_FIELD_BOOL(key, OPT, st, m)
#define TRI_BOOL(key, st, m) \
	CYAML_FIELD_BOOL_PTR(key, OPT | CYAML_FLAG_POINTER, st, m)
#define STRS(key, flags, st, m) \
	CYAML_FIELD_SEQUENCE(key, (flags) | CYAML_FLAG_POINTER, st, m, \
			     &str_v, 0, CYAML_UNLIMITED)
#define IGNORE(key, flags) CYAML_FIELD_IGNORE(key, flags)

static const cyaml_schema_value_t str_v = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, CYAML_UNLIMITED),
};

/* ---- columns, constraints, indexes ---- */

static const cyaml_schema_field_t fk_f[] = {
	REQ_STR("column", struct y_fk, column),
	OPT_STR("name", struct y_fk, name),
	OPT_STR("ondelete", struct y_fk, ondelete),
	OPT_STR("onupdate", struct y_fk, onupdate),
	TRI_BOOL("deferrable", struct y_fk, deferrable),
	OPT_STR("initially", struct y_fk, initially),
	OPT_STR("match", struct y_fk, match),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t fk_v = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct y_fk, fk_f),
};

#define OPT_INT(key, st, m) \
	CYAML_FIELD_INT_PTR(key, OPT | CYAML_FLAG_POINTER, st, m)

static const cyaml_schema_field_t identity_f[] = {
	OPT_BOOL("always", struct y_identity, always),
	OPT_INT("start", struct y_identity, start),
	OPT_INT("increment", struct y_identity, increment),
	OPT_INT("minvalue", struct y_identity, minvalue),
	OPT_INT("maxvalue", struct y_identity, maxvalue),
	OPT_BOOL("nominvalue", struct y_identity, nominvalue),
	OPT_BOOL("nomaxvalue", struct y_identity, nomaxvalue),
	TRI_BOOL("cycle", struct y_identity, cycle),
	OPT_INT("cache", struct y_identity, cache),
	TRI_BOOL("order", struct y_identity, order),
	CYAML_FIELD_END
};

static const cyaml_strval_t autoinc_s[] = {
	{ "true", Y_AUTO_TRUE }, { "false", Y_AUTO_FALSE },
	{ "auto", Y_AUTO_AUTO }, { "ignore_fk", Y_AUTO_IGNORE_FK },
};

static const cyaml_schema_field_t column_f[] = {
	REQ_STR("name", struct y_column, name),
	IGNORE("type", OPT),
	TRI_BOOL("nullable", struct y_column, nullable),
	OPT_BOOL("primary_key", struct y_column, primary_key),
	CYAML_FIELD_ENUM("autoincrement", OPT, struct y_column,
			 autoincrement, autoinc_s,
			 CYAML_ARRAY_LEN(autoinc_s)),
	IGNORE("server_default", OPT),
	OPT_STR("comment", struct y_column, comment),
	OPT_BOOL("unique", struct y_column, unique),
	OPT_BOOL("index", struct y_column, index),
	CYAML_FIELD_MAPPING_PTR("identity", OPT | CYAML_FLAG_POINTER,
				struct y_column, identity, identity_f),
	CYAML_FIELD_SEQUENCE("foreign_keys", OPT | CYAML_FLAG_POINTER,
			     struct y_column, foreign_keys, &fk_v, 0,
			     CYAML_UNLIMITED),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t column_v = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct y_column, column_f),
};

static const cyaml_schema_field_t keycons_f[] = {
	STRS("columns", CYAML_FLAG_DEFAULT, struct y_keycons, columns),
	OPT_STR("name", struct y_keycons, name),
	TRI_BOOL("deferrable", struct y_keycons, deferrable),
	OPT_STR("initially", struct y_keycons, initially),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t fkcons_f[] = {
	STRS("columns", CYAML_FLAG_DEFAULT, struct y_fkcons, columns),
	STRS("refcolumns", CYAML_FLAG_DEFAULT, struct y_fkcons, refcolumns),
	OPT_STR("name", struct y_fkcons, name),
	OPT_STR("ondelete", struct y_fkcons, ondelete),
	OPT_STR("onupdate", struct y_fkcons, onupdate),
	TRI_BOOL("deferrable", struct y_fkcons, deferrable),
	OPT_STR("initially", struct y_fkcons, initially),
	OPT_STR("match", struct y_fkcons, match),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t ckcons_f[] = {
	REQ_STR("sqltext", struct y_ckcons, sqltext),
	OPT_STR("name", struct y_ckcons, name),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t cons_f[] = {
	CYAML_FIELD_MAPPING_PTR("PrimaryKeyConstraint",
				OPT | CYAML_FLAG_POINTER, struct y_cons,
				PrimaryKeyConstraint, keycons_f),
	CYAML_FIELD_MAPPING_PTR("ForeignKeyConstraint",
				OPT | CYAML_FLAG_POINTER, struct y_cons,
				ForeignKeyConstraint, fkcons_f),
	CYAML_FIELD_MAPPING_PTR("UniqueConstraint",
				OPT | CYAML_FLAG_POINTER, struct y_cons,
				UniqueConstraint, keycons_f),
	CYAML_FIELD_MAPPING_PTR("CheckConstraint",
				OPT | CYAML_FLAG_POINTER, struct y_cons,
				CheckConstraint, ckcons_f),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t cons_v = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct y_cons, cons_f),
};

static const cyaml_schema_field_t index_f[] = {
	REQ_STR("name", struct y_index, name),
	IGNORE("columns", CYAML_FLAG_DEFAULT),
	OPT_BOOL("unique", struct y_index, unique),
	OPT_STR("postgresql_where", struct y_index, postgresql_where),
	OPT_STR("postgresql_using", struct y_index, postgresql_using),
	STRS("postgresql_include", OPT, struct y_index, postgresql_include),
	IGNORE("postgresql_ops", OPT),
	IGNORE("mysql_length", OPT),
	IGNORE("mariadb_length", OPT),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t index_v = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct y_index, index_f),
};

/* ---- the operations ---- */

static const cyaml_schema_field_t create_table_f[] = {
	REQ_STR("table_name", struct y_create_table, table_name),
	CYAML_FIELD_SEQUENCE("columns", CYAML_FLAG_POINTER,
			     struct y_create_table, columns, &column_v, 0,
			     CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("constraints", OPT | CYAML_FLAG_POINTER,
			     struct y_create_table, constraints, &cons_v, 0,
			     CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("indexes", OPT | CYAML_FLAG_POINTER,
			     struct y_create_table, indexes, &index_v, 0,
			     CYAML_UNLIMITED),
	OPT_STR("schema", struct y_create_table, schema),
	OPT_STR("comment", struct y_create_table, comment),
	IGNORE("table_options", OPT),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t drop_table_f[] = {
	REQ_STR("table_name", struct y_table_op, table_name),
	OPT_STR("schema", struct y_table_op, schema),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t add_column_f[] = {
	OPT_STR("table_name", struct y_add_column, table_name),
	CYAML_FIELD_MAPPING_PTR("column", CYAML_FLAG_POINTER,
				struct y_add_column, column, column_f),
	OPT_STR("schema", struct y_add_column, schema),
	OPT_STR("insert_before", struct y_add_column, insert_before),
	OPT_STR("insert_after", struct y_add_column, insert_after),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t drop_column_f[] = {
	OPT_STR("table_name", struct y_table_op, table_name),
	REQ_STR("column_name", struct y_table_op, column_name),
	OPT_STR("schema", struct y_table_op, schema),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t alter_column_f[] = {
	OPT_STR("table_name", struct y_alter_column, table_name),
	REQ_STR("column_name", struct y_alter_column, column_name),
	TRI_BOOL("nullable", struct y_alter_column, nullable),
	IGNORE("comment", OPT),
	IGNORE("server_default", OPT),
	OPT_STR("new_column_name", struct y_alter_column, new_column_name),
	IGNORE("type_", OPT),
	IGNORE("existing_type", OPT),
	IGNORE("existing_server_default", OPT),
	TRI_BOOL("existing_nullable", struct y_alter_column,
		 existing_nullable),
	OPT_STR("existing_comment", struct y_alter_column, existing_comment),
	TRI_BOOL("autoincrement", struct y_alter_column, autoincrement),
	TRI_BOOL("existing_autoincrement", struct y_alter_column,
		 existing_autoincrement),
	OPT_STR("postgresql_using", struct y_alter_column, postgresql_using),
	OPT_STR("schema", struct y_alter_column, schema),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t rename_table_f[] = {
	REQ_STR("old_table_name", struct y_rename_table, old_table_name),
	REQ_STR("new_table_name", struct y_rename_table, new_table_name),
	OPT_STR("schema", struct y_rename_table, schema),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t create_index_f[] = {
	REQ_STR("index_name", struct y_create_index, index_name),
	OPT_STR("table_name", struct y_create_index, table_name),
	IGNORE("columns", CYAML_FLAG_DEFAULT),
	OPT_STR("schema", struct y_create_index, schema),
	OPT_BOOL("unique", struct y_create_index, unique),
	OPT_STR("postgresql_where", struct y_create_index, postgresql_where),
	OPT_STR("postgresql_using", struct y_create_index, postgresql_using),
	OPT_BOOL("postgresql_concurrently", struct y_create_index,
		 postgresql_concurrently),
	STRS("postgresql_include", OPT, struct y_create_index,
	     postgresql_include),
	IGNORE("postgresql_ops", OPT),
	IGNORE("mysql_length", OPT),
	IGNORE("mariadb_length", OPT),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t drop_index_f[] = {
	REQ_STR("index_name", struct y_drop_index, index_name),
	OPT_STR("table_name", struct y_drop_index, table_name),
	OPT_STR("schema", struct y_drop_index, schema),
	OPT_BOOL("postgresql_concurrently", struct y_drop_index,
		 postgresql_concurrently),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t add_unique_f[] = {
	REQ_STR("constraint_name", struct y_add_key, constraint_name),
	OPT_STR("table_name", struct y_add_key, table_name),
	STRS("columns", CYAML_FLAG_DEFAULT, struct y_add_key, columns),
	OPT_STR("schema", struct y_add_key, schema),
	TRI_BOOL("deferrable", struct y_add_key, deferrable),
	OPT_STR("initially", struct y_add_key, initially),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t add_pk_f[] = {
	REQ_STR("constraint_name", struct y_add_key, constraint_name),
	OPT_STR("table_name", struct y_add_key, table_name),
	STRS("columns", CYAML_FLAG_DEFAULT, struct y_add_key, columns),
	OPT_STR("schema", struct y_add_key, schema),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t add_fk_f[] = {
	REQ_STR("constraint_name", struct y_add_fk, constraint_name),
	OPT_STR("source_table", struct y_add_fk, source_table),
	REQ_STR("referent_table", struct y_add_fk, referent_table),
	STRS("local_cols", CYAML_FLAG_DEFAULT, struct y_add_fk, local_cols),
	STRS("remote_cols", CYAML_FLAG_DEFAULT, struct y_add_fk, remote_cols),
	OPT_STR("onupdate", struct y_add_fk, onupdate),
	OPT_STR("ondelete", struct y_add_fk, ondelete),
	TRI_BOOL("deferrable", struct y_add_fk, deferrable),
	OPT_STR("initially", struct y_add_fk, initially),
	OPT_STR("match", struct y_add_fk, match),
	OPT_STR("source_schema", struct y_add_fk, source_schema),
	OPT_STR("referent_schema", struct y_add_fk, referent_schema),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t add_check_f[] = {
	REQ_STR("constraint_name", struct y_add_check, constraint_name),
	OPT_STR("table_name", struct y_add_check, table_name),
	REQ_STR("condition", struct y_add_check, condition),
	OPT_STR("schema", struct y_add_check, schema),
	CYAML_FIELD_END
};

const char *const yops_drop_types[4] = {
	"foreignkey", "primary", "unique", "check",
};

static const cyaml_strval_t drop_type_s[] = {
	{ "foreignkey", 1 }, { "primary", 2 }, { "unique", 3 },
	{ "check", 4 },
};

static const cyaml_schema_field_t drop_constraint_f[] = {
	REQ_STR("constraint_name", struct y_drop_constraint, constraint_name),
	OPT_STR("table_name", struct y_drop_constraint, table_name),
	CYAML_FIELD_ENUM("type_", OPT, struct y_drop_constraint, type_,
			 drop_type_s, CYAML_ARRAY_LEN(drop_type_s)),
	OPT_STR("schema", struct y_drop_constraint, schema),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t tcol_f[] = {
	REQ_STR("name", struct y_tcol, name),
	IGNORE("type", OPT),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t tcol_v = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct y_tcol, tcol_f),
};

static const cyaml_schema_field_t table_f[] = {
	REQ_STR("name", struct y_table, name),
	CYAML_FIELD_SEQUENCE("columns", CYAML_FLAG_POINTER, struct y_table,
			     columns, &tcol_v, 1, CYAML_UNLIMITED),
	OPT_STR("schema", struct y_table, schema),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t bulk_insert_f[] = {
	CYAML_FIELD_MAPPING_PTR("table", CYAML_FLAG_POINTER,
				struct y_bulk_insert, table, table_f),
	IGNORE("rows", CYAML_FLAG_DEFAULT),
	OPT_BOOL("multiinsert", struct y_bulk_insert, multiinsert),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t create_comment_f[] = {
	OPT_STR("table_name", struct y_table_comment, table_name),
	REQ_STR("comment", struct y_table_comment, comment),
	OPT_STR("existing_comment", struct y_table_comment, existing_comment),
	OPT_STR("schema", struct y_table_comment, schema),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t drop_comment_f[] = {
	OPT_STR("table_name", struct y_table_comment, table_name),
	OPT_STR("existing_comment", struct y_table_comment, existing_comment),
	OPT_STR("schema", struct y_table_comment, schema),
	CYAML_FIELD_END
};

/* batch_alter_table holds ops: the schema refers to itself. */
static const cyaml_schema_value_t op_v;

static const cyaml_strval_t recreate_s[] = {
	{ "auto", OPS_RECREATE_AUTO }, { "always", OPS_RECREATE_ALWAYS },
	{ "never", OPS_RECREATE_NEVER },
};

static const cyaml_schema_field_t batch_f[] = {
	REQ_STR("table_name", struct y_batch, table_name),
	OPT_STR("schema", struct y_batch, schema),
	CYAML_FIELD_ENUM("recreate", OPT, struct y_batch, recreate,
			 recreate_s, CYAML_ARRAY_LEN(recreate_s)),
	CYAML_FIELD_SEQUENCE("ops", CYAML_FLAG_POINTER, struct y_batch, ops,
			     &op_v, 0, CYAML_UNLIMITED),
	CYAML_FIELD_END
};

#define OP(name, fields) \
	CYAML_FIELD_MAPPING_PTR(#name, OPT | CYAML_FLAG_POINTER, \
				struct y_op, name, fields)

static const cyaml_schema_field_t op_f[] = {
	OP(create_table, create_table_f),
	OP(drop_table, drop_table_f),
	OP(add_column, add_column_f),
	OP(drop_column, drop_column_f),
	OP(alter_column, alter_column_f),
	OP(rename_table, rename_table_f),
	OP(create_index, create_index_f),
	OP(drop_index, drop_index_f),
	OP(create_unique_constraint, add_unique_f),
	OP(create_primary_key, add_pk_f),
	OP(create_foreign_key, add_fk_f),
	OP(create_check_constraint, add_check_f),
	OP(drop_constraint, drop_constraint_f),
	IGNORE("execute", OPT),
	OP(bulk_insert, bulk_insert_f),
	OP(create_table_comment, create_comment_f),
	OP(drop_table_comment, drop_comment_f),
	OP(batch_alter_table, batch_f),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t op_v = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct y_op, op_f),
};

/* The header fields were read (and checked) by yamlrev_parse(). */
static const cyaml_schema_field_t doc_f[] = {
	IGNORE("revision", CYAML_FLAG_DEFAULT),
	IGNORE("down_revision", CYAML_FLAG_DEFAULT),
	IGNORE("branch_labels", OPT),
	IGNORE("depends_on", OPT),
	IGNORE("message", OPT),
	CYAML_FIELD_SEQUENCE("upgrade", CYAML_FLAG_POINTER, struct y_doc,
			     upgrade, &op_v, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("downgrade", OPT | CYAML_FLAG_POINTER,
			     struct y_doc, downgrade, &op_v, 0,
			     CYAML_UNLIMITED),
	CYAML_FIELD_END
};

const cyaml_schema_value_t yops_doc_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct y_doc, doc_f),
};

const char *yops_choice(const cyaml_schema_value_t *s)
{
	if (s->type != CYAML_MAPPING)
		return NULL;
	if (s->mapping.fields == op_f)
		return "operation";
	if (s->mapping.fields == cons_f)
		return "constraint";
	return NULL;
}

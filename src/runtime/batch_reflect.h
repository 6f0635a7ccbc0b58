/*
 * batch_reflect.h: a table read back from a live SQLite connection into
 * the op IR, for the move and copy of batch_alter_table() (the table
 * ddl/render_batch.h's batch_render() copies).
 */
#ifndef BATCH_REFLECT_H
#define BATCH_REFLECT_H

#include "drivers/driver.h"
#include "ops/ops.h"

/*
 * Reflect table (in schema, NULL: main) from the SQLite connection c as
 * SQLAlchemy 1.4's SQLite dialect and Alembic's column_reflect listener
 * see it: columns (PRAGMA table_info: type by the dialect's affinity
 * rules, nullability, server default, primary key), the primary key
 * constraint's name, foreign keys (PRAGMA foreign_key_list, names and
 * ON DELETE/UPDATE, DEFERRABLE, INITIALLY from the CREATE TABLE text),
 * unique constraints (sqlite_autoindex_* indexes matched with the
 * UNIQUE clauses of the text), CHECK constraints (the dialect's regular
 * expression over the text) and indexes (PRAGMA index_list/index_info,
 * by name).  *out lives in a.  loc is where errors point (the batch).
 * Errors: RT_EDB from the driver; RT_ERROR "NoSuchTableError: <t>"
 * (SQLAlchemy's exception) when the table does not exist;
 * RT_ENOTIMPL "batch_alter_table(): reflected column type '<T>' of
 * '<t>.<c>' is not supported by retort" for types retort's IR cannot
 * hold (CHAR, DECIMAL, NCHAR, NVARCHAR), generated columns and partial
 * indexes.  Expression-based indexes are left out, as SQLAlchemy does
 * (with a warning).
 */
int batch_reflect(struct ops_table **out, struct rt_conn *c,
		  struct rt_arena *a, const char *table, const char *schema,
		  const struct rt_loc *loc, struct rt_err *err);

#endif

/*
 * verstable.h: the SQL text of every statement on the version table
 * (spec §7.A, §7.C; rules 7.1, 7.3, 7.4, 7.10, 7.12, 7.18) per dialect,
 * and the query that tells whether the table exists.
 */
#ifndef VERSTABLE_H
#define VERSTABLE_H

#include "base/buf.h"
#include "config/alembicver.h"

struct dialect;
struct rowop;

#define VERSTABLE_DEFAULT_NAME "alembic_version"

/* The env.py settings of rule 7.3. */
struct verstable {
	const char *name;	/* version_table; NULL: "alembic_version" */
	const char *schema;	/* version_table_schema; NULL: none */
	bool pk;		/* version_table_pk (Alembic's default: true) */
	/* The Alembic that writes the rows (config/alembicver.h; 0: the
	 * oldest): SQLAlchemy 2.0 adds RETURNING on SQLite. */
	int alembic;
};

#define VERSTABLE_INIT { VERSTABLE_DEFAULT_NAME, NULL, true, 0 }

/*
 * Every text below is appended to out without a terminator, as
 * SQLAlchemy compiles it and as an online runner sends it; offline
 * output adds the ';' (rule 8.6).  T is the table reference: [S.]N with
 * S and N quoted per dialect_ident() (rule 7.4).
 */

/* T. */
void verstable_ref(struct rt_buf *out, const struct dialect *d,
		   const struct verstable *vt);

/*
 * CREATE TABLE T (...) of rule 7.1.  offline: the form --sql prints
 * (4-space indents); else SQLAlchemy's native form with TABs, without
 * the blank lines SQLAlchemy puts around it.  Both keep the blank after
 * "NOT NULL," when there is a primary key; the constraint is named
 * "<name>_pkc", quoted like any identifier.
 */
void verstable_create(struct rt_buf *out, const struct dialect *d,
		      const struct verstable *vt, bool offline);

/* DROP TABLE T (offline 1.8.1 only, rule 7.5). */
void verstable_drop(struct rt_buf *out, const struct dialect *d,
		    const struct verstable *vt);

/* SELECT T.version_num FROM T (rule 7.12). */
void verstable_select(struct rt_buf *out, const struct dialect *d,
		      const struct verstable *vt);

/* DELETE FROM T, stamp --purge (rule 7.18). */
void verstable_purge(struct rt_buf *out, const struct dialect *d,
		     const struct verstable *vt);

/*
 * The row statements of rule 7.10, the ids embedded as '<id>' without
 * escaping, as Alembic does:
 *   INSERT INTO T (version_num) VALUES ('R')[ RETURNING T.version_num]
 *     (RETURNING on PostgreSQL with the primary key only, rule 7.3)
 *   UPDATE T SET version_num='NEW' WHERE T.version_num = 'OLD'
 *   DELETE FROM T WHERE T.version_num = 'R'
 * An id containing ' would give broken SQL in Alembic; here it is
 * RT_ECOMMAND "revision id 'ID' contains a single quote, which cannot be
 * written to the version table" and nothing is appended.
 */
int verstable_insert(struct rt_buf *out, const struct dialect *d,
		     const struct verstable *vt, const char *id,
		     struct rt_err *err);
int verstable_update(struct rt_buf *out, const struct dialect *d,
		     const struct verstable *vt, const char *from,
		     const char *to, struct rt_err *err);
int verstable_delete(struct rt_buf *out, const struct dialect *d,
		     const struct verstable *vt, const char *id,
		     struct rt_err *err);

/* The statement of one revplan row operation (one of the three above). */
int verstable_rowop(struct rt_buf *out, const struct dialect *d,
		    const struct verstable *vt, const struct rowop *op,
		    struct rt_err *err);

/*
 * The existence check, as SQLAlchemy 1.4.46's has_table() asks; the
 * table exists when any of the queries returns a row.  *nout (1 or 2)
 * queries are appended to out[0..]:
 *  - postgresql: select relname from pg_class c join pg_namespace n on
 *    n.oid=c.relnamespace where pg_catalog.pg_table_is_visible(c.oid)
 *    and relname='N'   (with a schema: where n.nspname='S' and
 *    relname='N');
 *  - mysql, mariadb: SELECT table_name FROM information_schema.tables
 *    WHERE table_schema = DATABASE() AND table_name = 'N'   (with a
 *    schema: table_schema = 'S'; SQLAlchemy selects COUNT(*) and reads
 *    DATABASE() first: same answer);
 *  - sqlite: PRAGMA main.table_info("N") then PRAGMA temp.table_info("N")
 *    (with a schema: PRAGMA "S".table_info("N") alone); names always
 *    quoted, as SQLAlchemy does.
 * SQLAlchemy sends the names as bound parameters; here they are
 * literals, so a name or schema containing ' or \ is RT_ENOTIMPL
 * "version_table 'N' with a quote or backslash is not supported" (or
 * "version_table_schema 'S' ...").
 */
int verstable_exists_queries(struct rt_buf out[2], size_t *nout,
			     const struct dialect *d,
			     const struct verstable *vt, struct rt_err *err);

#endif

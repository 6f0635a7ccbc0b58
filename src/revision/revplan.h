/*
 * revplan.h: traversal plans over the revision map (spec §6, §7.B, §7.D):
 * history listings, upgrade / downgrade / stamp plans (in TopOrder) with
 * the version-table row operations of each step, and the "current
 * revisions" of rule 9.12.  Nothing here touches a database: rows come
 * in as text.
 */
#ifndef REVPLAN_H
#define REVPLAN_H

#include "base/buf.h"
#include "revmap.h"

enum revplan_flags {
	/* Offline (--sql): upgrade/downgrade args may be START:END, stamp
	 * args START:REV (rules 5.12, 5.13); rows must then be empty. */
	REVPLAN_SQL = 1 << 0,
	/* stamp --purge (rule 7.18): rows are ignored (the table is
	 * emptied first); with REVPLAN_SQL an error. */
	REVPLAN_PURGE = 1 << 1,
	/* Alembic 1.8.1's unmerge rows (rule 7.8).  Default: the 1.13.1+
	 * behaviour, which never leaves contradictory rows. */
	REVPLAN_LEGACY_UNMERGE = 1 << 2,
};

enum revstep_kind {
	REVSTEP_UPGRADE,
	REVSTEP_DOWNGRADE,
	REVSTEP_STAMP,
};

enum rowop_kind {
	ROWOP_INSERT,		/* INSERT id */
	ROWOP_DELETE,		/* DELETE id */
	ROWOP_UPDATE,		/* UPDATE id -> to */
};

struct rowop {
	enum rowop_kind kind;
	const char *id;		/* inserted / deleted / old value */
	const char *to;		/* new value (UPDATE only) */
};

/*
 * One step in execution order.  Upgrade/downgrade steps name their
 * revision (log lines use rev->down / rev->file->doc); stamp steps have
 * from (0..n ids) and to (NULL = base) as Alembic logs them (rule 7.13).
 */
struct revstep {
	enum revstep_kind kind;
	struct revision *rev;		/* upgrade / downgrade */
	const char **from;		/* stamp */
	size_t nfrom;
	const char *to;			/* stamp; NULL: base */

	/* Row operations of rule 7.6/7.7/7.14, in statement order. */
	struct rowop *ops;
	size_t nops;
	/* Alembic picks the updated row in set order here (rule 7.6/7.7,
	 * Appendix A.3): only the resulting rows are determined. */
	bool row_choice_unspecified;
	/* The modelled row set was empty before this step (offline mode
	 * emits CREATE TABLE then, rule 7.5). */
	bool rows_empty_before;
};

struct revplan {
	struct revstep *steps;
	size_t nsteps;
	/* The rows the plan starts from (offline: START), as given. */
	const char **start_rows;
	size_t nstart_rows;
	/* The modelled rows after the last step, sorted byte-wise. */
	const char **final_rows;
	size_t nfinal_rows;
	/* Set when row maintenance of steps[nsteps - 1] crashes in Alembic
	 * (an inconsistent table, rule 7.7): that step's migration runs,
	 * then the command fails with the RT_ERROR returned. */
	bool last_step_crashes;
	/* A UserWarning Alembic prints on stderr (rule 5.10's "downgrade -1
	 * from multiple heads is ambiguous; ..."), or NULL. */
	const char *warning;
};

/*
 * Append MigrationStep.short_log (rules 8.5, 9.10) of st to out:
 * "upgrade <down, ...> -> <id>", "downgrade <id> -> <down, ...>" or
 * "stamp_revision <from, ...> -> <to>" (to "" for base).  The log line
 * "Running ..." adds the doc (str(step)); the --sql comment does not.
 */
void revstep_text(struct rt_buf *out, const struct revstep *st);

/*
 * Text-only argument checks Alembic makes before loading the map
 * (command.py): "Range revision not allowed" (':' without --sql),
 * "downgrade with --sql requires <fromrev>:<torev>", "Stamp operation
 * with --sql only supports a single starting revision at a time",
 * "Can't use --purge with --sql mode".  RT_ECOMMAND.  The plan
 * functions below repeat these checks.
 */
int revplan_check_args(enum revstep_kind cmd, const char *const *args,
		       size_t nargs, unsigned flags, struct rt_err *err);

/*
 * upgrade ARG (rules 5.5, 5.9, 5.12, 6.2, 7.6).  rows: the version-table
 * rows in database order (online), NULL/0 offline.  *out (arena) is set
 * on success, and also when RT_ERROR comes from row maintenance
 * (last_step_crashes).  Errors carry the CLI text (rules 5.2, 5.6, 9.13):
 * RT_ENOTFOUND/RT_EAMBIGUOUS/RT_ECOMMAND (FAILED:, 255), RT_ERROR for
 * Alembic's crashes (AssertionError/KeyError, exit 1); m->detail has
 * Alembic's internal text.
 */
int revplan_upgrade(struct revplan **out, struct revmap *m, const char *arg,
		    const char *const *rows, size_t nrows, unsigned flags,
		    struct rt_err *err);

/* downgrade ARG (rules 5.10, 5.12, 5.15, 6.5, 6.6, 7.7); as above. */
int revplan_downgrade(struct revplan **out, struct revmap *m,
		      const char *arg, const char *const *rows, size_t nrows,
		      unsigned flags, struct rt_err *err);

/* stamp ARG... (rules 5.13, 7.13-7.18); as above. */
int revplan_stamp(struct revplan **out, struct revmap *m,
		  const char *const *args, size_t nargs,
		  const char *const *rows, size_t nrows, unsigned flags,
		  struct rt_err *err);

/* Whether a history range text has a bound equal to "current" (the CLI
 * must then read the version table, rule 5.11). */
bool revplan_range_uses_current(const char *range);

/*
 * history [-r RANGE] (rules 5.11, 6.9-6.11): the revisions to list,
 * top-down.  range NULL: no -r.  rows/nrows: the version-table rows,
 * used only for a bound "current".  Errors as Alembic's CLI prints them
 * ("History range requires ...", "Requested range A:B does not refer
 * to ...", "Can't locate ...", RT_ERROR for the 6.10 crash).
 */
int revplan_history(struct revision ***out, size_t *nout, struct revmap *m,
		    const char *range, const char *const *rows, size_t nrows,
		    struct rt_err *err);

/* Branch points in history order (rule 9.7): what `branches` lists. */
int revplan_branch_points(struct revision ***out, size_t *nout,
			  struct revmap *m, struct rt_err *err);

/*
 * "Current revisions" (rule 9.12) for the rows, in load order (Alembic:
 * unspecified).  Unknown rows: RT_ENOTFOUND "Can't locate revision
 * identified by '<row>'".
 */
int revplan_current(struct revision ***out, size_t *nout, struct revmap *m,
		    const char *const *rows, size_t nrows,
		    struct rt_err *err);

#endif

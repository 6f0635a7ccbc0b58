/*
 * revfile.h: one revision file as the script directory knows it: its
 * kind, Alembic's header fields (spec §3) and where its text is.  Types
 * only: revread.h reads one, script.h a whole directory of them.
 */
#ifndef REVFILE_H
#define REVFILE_H

#include "base/arena.h"
#include "sql/sqlrev.h"

enum rev_kind {
	REV_PY,		/* Alembic's own .py revision file */
	REV_SQL,	/* .sql with "-- revision:" header comments */
	REV_YAML,	/* .yaml op-script */
};

/* One revision file, as read.  All strings live in the arena. */
struct rev_file {
	const char *id;			/* `revision` */
	const char **down;		/* `down_revision`, written order */
	size_t ndown;
	const char **deps;		/* `depends_on`, as written */
	size_t ndeps;
	const char **labels;		/* `branch_labels` */
	size_t nlabels;
	const char *longdoc;		/* docstring, str.strip()'ed; "" if none */
	const char *doc;		/* longdoc before the first "\n\n" */
	const char *path;		/* version dir (absolute) "/" name */
	const char *name;		/* the file name */
	enum rev_kind kind;
	struct rt_loc loc;		/* where `revision` is declared */
	const char *src;		/* the whole file, NUL-terminated, */
	size_t srclen;			/* (.py: decoded to UTF-8, LF), or
					 * NULL: see rev_file_source() */
	/* REV_SQL only: the sections (sqlrev.h), offsets in src */
	struct sqlrev_section sql_up, sql_down;
};

#endif

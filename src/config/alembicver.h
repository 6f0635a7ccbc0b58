/*
 * alembicver.h: which Alembic release the team runs (the
 * retort.alembic_version setting, docs/alembic-versions.md), as one
 * comparable number; every version-dependent output asks it.
 */
#ifndef ALEMBICVER_H
#define ALEMBICVER_H

#include "base/rt.h"

/* Alembic 1.<minor>.<patch> as a number that orders like releases. */
#define ALEMBIC_V(minor, patch) (10000 + (minor) * 100 + (patch))

/* The oldest release retort follows: today's reference, 1.8.1.  A zero
 * version (a zero-initialised setting) behaves as this one. */
#define ALEMBIC_V_OLDEST ALEMBIC_V(8, 1)
/* The newest release whose behaviour retort knows: the default. */
#define ALEMBIC_V_NEWEST ALEMBIC_V(19, 0)

/*
 * Alembic 1.13 and later run on SQLAlchemy 2.0 here, older releases on
 * SQLAlchemy 1.4: rendering (type names, defaults, RETURNING) follows
 * that SQLAlchemy.
 */
static inline bool alembic_sa2(int v)
{
	return v >= ALEMBIC_V(13, 0);
}

/*
 * Parse "1.<minor>" or "1.<minor>.<patch>" (minor 8 to 19; "1.N" is
 * 1.N.0, except "1.8", which is 1.8.1) into *out.  Returns 0, or -1 when
 * s is not such a version.
 */
int alembic_version_parse(const char *s, int *out);

/* The accepted values, for error messages: "1.8 ... 1.19 (or 1.N.P)". */
#define ALEMBIC_V_ACCEPTED "1.8, 1.9, ..., 1.19 (or 1.N.P, e.g. 1.13.2)"

#endif

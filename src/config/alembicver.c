/*
 * alembicver.c: parsing the retort.alembic_version setting.
 */
#include "alembicver.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

/* A decimal number without sign or leading zeros at *p; -1 if none. */
static long number(const char **p)
{
	const char *s = *p;
	char *end;
	long n;

	if (!isdigit((unsigned char)*s) || (*s == '0' &&
					   isdigit((unsigned char)s[1])))
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || n > 99)
		return -1;
	*p = end;
	return n;
}

int alembic_version_parse(const char *s, int *out)
{
	long minor, patch = 0;

	if (strncmp(s, "1.", 2))
		return -1;
	s += 2;
	if ((minor = number(&s)) < 8 || minor > 19)
		return -1;
	if (*s == '.') {
		s++;
		if ((patch = number(&s)) < 0)
			return -1;
	} else if (minor == 8) {
		patch = 1;
	}
	if (*s || ALEMBIC_V(minor, patch) < ALEMBIC_V_OLDEST)
		return -1;
	*out = ALEMBIC_V((int)minor, (int)patch);
	return 0;
}

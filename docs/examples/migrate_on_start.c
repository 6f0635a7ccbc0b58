/*
 * migrate_on_start.c: libretort's example (docs/library.md): what an
 * application does when it starts: bring its database to the head of
 * its Alembic project, say what it did, and refuse to start if that
 * fails.
 *
 *   cc -o migrate_on_start migrate_on_start.c \
 *       $(pkg-config --cflags --libs retort)
 *   ./migrate_on_start [alembic.ini [URL]]
 *
 * Run it in the project's directory (the paths of alembic.ini are taken
 * from there, as `retort` takes them).  URL, when given, is used instead
 * of sqlalchemy.url.  Exit status 0: the database is at head.
 */
#include <retort.h>

#include <stdio.h>

/* Alembic's log lines, on stderr as `retort upgrade` prints them. */
static void on_log(enum retort_log_level level, const char *line,
		   void *payload)
{
	(void)payload;
	fprintf(stderr, "%s%s\n", level == RETORT_LOG_WARNING ?
		"warning: " : "", line);
}

/* The revisions the database is at, on one line. */
static int print_current(struct retort *h, const char *what)
{
	const char *const *ids;
	size_t n, i;
	int rc = retort_current(h, &ids, &n);

	if (rc < 0)
		return rc;
	printf("%s:", what);
	if (!n)
		printf(" base (empty)");
	for (i = 0; i < n; i++)
		printf(" %s", ids[i]);
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *ini = argc > 1 ? argv[1] : "alembic.ini";
	const char *const *steps;
	struct retort *h;
	size_t n, i;
	int rc;

	printf("libretort %s\n", retort_version());
	if ((rc = retort_open(&h, ini, NULL)) < 0)
		goto fail;
	if (argc > 2)
		retort_set_url(h, argv[2]);
	retort_set_log(h, on_log, NULL);
	if ((rc = print_current(h, "database at")) < 0 ||
	    (rc = retort_pending(h, "heads", &steps, &n)) < 0)
		goto fail;
	if (!n) {
		printf("nothing to do: the database is at head\n");
	} else {
		printf("%zu step(s) to run:\n", n);
		for (i = 0; i < n; i++)
			printf("  %s\n", steps[i]);
		if ((rc = retort_migrate(h, RETORT_UPGRADE, "heads")) < 0 ||
		    (rc = print_current(h, "database now at")) < 0)
			goto fail;
	}
	retort_close(h);
	return 0;
fail:
	fprintf(stderr, "migrate_on_start: cannot migrate the database "
		"(error %d): %s\n", rc, retort_errmsg(h));
	retort_close(h);
	return 1;
}

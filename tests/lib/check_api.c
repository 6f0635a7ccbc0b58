/*
 * check_api.c: drives libretort for tests/lib/run.sh, built like a user's
 * program against the installed library.  In the project directory:
 *   check_api sql OP TARGET   retort_migrate_sql_file() on stdout, the
 *                             INFO log lines on stderr: what
 *                             `retort OP --sql TARGET` prints (the
 *                             other commands log nothing)
 *   check_api heads|current   one revision id a line
 *   check_api pending TARGET  one step a line
 *   check_api migrate OP TARGET
 * OP is upgrade, downgrade or stamp.  A failure prints "error CODE:
 * MESSAGE" (retort_errmsg()) on stderr and exits 1.
 */
#include <retort.h>

#include <stdio.h>
#include <string.h>

static void on_log(enum retort_log_level level, const char *line,
		   void *payload)
{
	(void)payload;
	if (level == RETORT_LOG_INFO)
		fprintf(stderr, "%s\n", line);
}

static int op_of(const char *s, enum retort_op *op)
{
	static const char *const names[] = { "upgrade", "downgrade", "stamp" };
	int i;

	for (i = 0; i < 3; i++)
		if (!strcmp(s, names[i])) {
			*op = (enum retort_op)i;
			return 0;
		}
	return -1;
}

static void print_list(const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%s\n", v[i]);
}

int main(int argc, char **argv)
{
	const char *const *v;
	enum retort_op op = RETORT_UPGRADE;
	struct retort *h;
	size_t n;
	int rc;

	if (argc < 2 || ((!strcmp(argv[1], "sql") ||
			  !strcmp(argv[1], "migrate")) &&
			 (argc != 4 || op_of(argv[2], &op) < 0))) {
		fprintf(stderr, "usage: check_api sql|migrate OP TARGET | "
			"heads | current | pending TARGET\n");
		return 2;
	}
	if ((rc = retort_open(&h, NULL, NULL)) < 0)
		goto fail;
	if (!strcmp(argv[1], "sql")) {
		retort_set_log(h, on_log, NULL);
		rc = retort_migrate_sql_file(h, op, argv[3], stdout);
	} else if (!strcmp(argv[1], "migrate")) {
		rc = retort_migrate(h, op, argv[3]);
	} else if (!strcmp(argv[1], "heads")) {
		if ((rc = retort_heads(h, &v, &n)) == 0)
			print_list(v, n);
	} else if (!strcmp(argv[1], "current")) {
		if ((rc = retort_current(h, &v, &n)) == 0)
			print_list(v, n);
	} else {
		if ((rc = retort_pending(h, argc > 2 ? argv[2] : NULL, &v,
					 &n)) == 0)
			print_list(v, n);
	}
	if (rc < 0)
		goto fail;
	retort_close(h);
	return 0;
fail:
	fprintf(stderr, "error %d: %s\n", rc, retort_errmsg(h));
	retort_close(h);
	return 1;
}

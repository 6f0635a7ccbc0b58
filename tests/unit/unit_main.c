/*
 * unit_main.c: runs the suites a test file registers (unit.h).
 */
#include "unit.h"
#include "base/buf.h"

#include <CUnit/Basic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

void unit_add_suite(const char *name, const struct unit_case *cases,
		    size_t n)
{
	CU_pSuite s = CU_add_suite(name, NULL, NULL);
	size_t i;

	if (!s) {
		fprintf(stderr, "CU_add_suite: %s\n", CU_get_error_msg());
		exit(2);
	}
	for (i = 0; i < n; i++)
		if (!CU_add_test(s, cases[i].name, cases[i].fn)) {
			fprintf(stderr, "CU_add_test: %s\n",
				CU_get_error_msg());
			exit(2);
		}
}

char *unit_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[4096];

	snprintf(tmpl, sizeof(tmpl), "%s/retort-unit-XXXXXX",
		 base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		exit(2);
	}
	return rt_xstrdup(tmpl);
}

static void mkparents(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0777);
		*p = '/';
	}
}

void unit_write(const char *dir, const char *rel, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	mkparents(path);
	f = fopen(path, "wb");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

void unit_rmtree(const char *dir)
{
	char cmd[4200];

	if (strncmp(dir, "/tmp/", 5) && !getenv("TMPDIR"))
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

char *unit_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct rt_buf b = RT_BUF_INIT;
	char chunk[4096];
	size_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(&b, chunk, n);
	fclose(f);
	return rt_buf_detach(&b, NULL);
}

const char *unit_bigtext(const char *head, size_t size, const char *tail,
			 size_t *len)
{
	size_t hlen = strlen(head), tlen = strlen(tail), page, maplen;
	char *base;

	page = (size_t)sysconf(_SC_PAGESIZE);
	maplen = (size + tlen + 1 + page - 1) / page * page;
	if (hlen > size) {
		fprintf(stderr, "unit_bigtext: head longer than size\n");
		exit(2);
	}
	base = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE |
		    MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED) {
		perror("unit_bigtext: mmap");
		exit(2);
	}
	/* Pages never written read as the (huge) zero page: scanning
	 * gigabytes of them takes a fraction of a second. */
	madvise(base, maplen, MADV_HUGEPAGE);
	memcpy(base, head, hlen);
	memcpy(base + size, tail, tlen);
	*len = size + tlen;
	return base;
}

void unit_bigtext_free(const char *text, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	munmap((void *)text, (len + 1 + page - 1) / page * page);
}

int main(void)
{
	unsigned failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	unit_register();
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}

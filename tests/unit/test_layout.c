/*
 * test_layout.c: the house rule of README "Layout": every #include in
 * src/ and drivers/ runs downward in the subsystem order
 *   cli -> runtime -> {revision -> script -> {python, yaml, sql},
 *                      ddl -> {ops, sql}, drivers} -> config -> base
 * (python and yaml build the op IR, so they sit above ops).  A header
 * of another folder is named with its folder ("base/rt.h"); a bare
 * name is a header of the includer's own folder.
 */
#include "unit.h"

#include <dirent.h>

#include "base/buf.h"

struct layer {
	const char *name;
	const char *below;	/* the folders it may include directly */
};

/* Every folder may also include config/ and base/ ("all -> config"). */
static const struct layer layers[] = {
	{ "cli", "runtime" },
	{ "runtime", "revision ddl drivers" },
	{ "revision", "script" },
	{ "script", "python yaml sql" },
	{ "python", "ops" },
	{ "yaml", "ops" },
	{ "ddl", "ops sql" },
	{ "ops", "" },
	{ "sql", "" },
	{ "drivers", "" },
	{ "config", "base" },
	{ "base", "" },
};

static const struct layer *find_layer(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(layers); i++)
		if (strlen(layers[i].name) == n &&
		    !memcmp(layers[i].name, name, n))
			return &layers[i];
	return NULL;
}

/* May folder `from` include a header of folder `to` (transitively)? */
static bool may_include(const char *from, const char *to, int depth)
{
	const struct layer *l = find_layer(from, strlen(from));
	const char *p;

	if (!strcmp(from, to) || !strcmp(to, "config") || !strcmp(to, "base"))
		return true;
	if (!l || depth > 16)
		return false;
	for (p = l->below; *p;) {
		size_t n = strcspn(p, " ");
		char name[32];

		if (n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			if (may_include(name, to, depth + 1))
				return true;
		}
		p += n;
		p += strspn(p, " ");
	}
	return false;
}

/*
 * Check the #include "..." lines of text, a file of folder `folder`
 * named `name`: each one that runs upward, or names an unknown folder,
 * is appended to out as "name:LINE: includes X (folder -> to)\n".
 * Returns the number of such lines.
 */
static size_t check_text(struct rt_buf *out, const char *folder,
			 const char *name, const char *text)
{
	const char *line = text;
	size_t bad = 0;
	int lineno = 1;

	for (; *line; lineno++) {
		const char *end = strchr(line, '\n'), *p = line, *q, *slash;

		if (!end)
			end = line + strlen(line);
		p += strspn(p, " \t");
		if (!strncmp(p, "#include \"", 10)) {
			p += 10;
			q = memchr(p, '"', (size_t)(end - p));
			slash = q ? memchr(p, '/', (size_t)(q - p)) : NULL;
			if (slash) {
				char to[32];
				size_t n = (size_t)(slash - p);

				if (n >= sizeof(to) || !find_layer(p, n) ||
				    (memcpy(to, p, n), to[n] = '\0',
				     !may_include(folder, to, 0))) {
					rt_buf_addf(out,
						    "%s:%d: includes %.*s "
						    "(%s may not include it)\n",
						    name, lineno, (int)(q - p),
						    p, folder);
					bad++;
				}
			}
		}
		line = *end ? end + 1 : end;
	}
	return bad;
}

/* Check every .c and .h file of RT_SOURCE_DIR/rel (folder `folder`). */
static size_t check_dir(struct rt_buf *out, const char *rel,
			const char *folder)
{
	char dir[4096];
	struct dirent *de;
	size_t bad = 0, nfiles = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s", RT_SOURCE_DIR, rel);
	d = opendir(dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		char path[4352], name[512];
		char *text;

		if (n < 3 || de->d_name[n - 2] != '.' ||
		    (de->d_name[n - 1] != 'c' && de->d_name[n - 1] != 'h'))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(name, sizeof(name), "%s/%s", rel, de->d_name);
		text = unit_slurp(path);
		bad += check_text(out, folder, name, text);
		free(text);
		nfiles++;
	}
	closedir(d);
	CU_ASSERT(nfiles > 0);	/* a folder of the table went missing */
	return bad;
}

static void test_layout_tree(void)
{
	struct rt_buf out = RT_BUF_INIT;
	size_t bad = 0, i;

	for (i = 0; i < RT_ARRAY_SIZE(layers); i++) {
		char rel[64];

		snprintf(rel, sizeof(rel), "%s%s",
			 strcmp(layers[i].name, "drivers") ? "src/" : "",
			 layers[i].name);
		bad += check_dir(&out, rel, layers[i].name);
	}
	if (bad)
		fprintf(stderr, "%s", out.buf);
	CU_ASSERT_EQUAL(bad, 0);
	rt_buf_release(&out);
}

static void test_layout_forbidden(void)
{
	struct rt_buf out = RT_BUF_INIT;

	/* upward: a lower folder naming a higher one */
	CU_ASSERT_EQUAL(check_text(&out, "base", "x.c",
				   "#include \"cli/cli.h\"\n"), 1);
	CU_ASSERT_EQUAL(check_text(&out, "ddl", "render.h",
				   "/* r */\n#include \"ops/ops.h\"\n"
				   "#include \"runtime/revscript.h\"\n"), 1);
	CU_ASSERT_EQUAL(check_text(&out, "sql", "sqlrev.h",
				   "#include \"script/script.h\"\n"), 1);
	CU_ASSERT_EQUAL(check_text(&out, "ops", "batch.h",
				   "#include \"drivers/driver.h\"\n"), 1);
	/* sideways: siblings under runtime do not see each other */
	CU_ASSERT_EQUAL(check_text(&out, "ddl", "x.c",
				   "#include \"python/pyparse.h\"\n"), 1);
	/* unknown folder */
	CU_ASSERT_EQUAL(check_text(&out, "cli", "x.c",
				   "#include \"util/x.h\"\n"), 1);
	UNIT_EQS(out.buf,
		 "x.c:1: includes cli/cli.h (base may not include it)\n"
		 "render.h:3: includes runtime/revscript.h "
		 "(ddl may not include it)\n"
		 "sqlrev.h:1: includes script/script.h "
		 "(sql may not include it)\n"
		 "batch.h:1: includes drivers/driver.h "
		 "(ops may not include it)\n"
		 "x.c:1: includes python/pyparse.h (ddl may not include it)\n"
		 "x.c:1: includes util/x.h (cli may not include it)\n");
	rt_buf_release(&out);

	/* downward, transitive, own folder and system headers are fine */
	CU_ASSERT_EQUAL(check_text(&out, "cli", "x.c",
				   "#include \"base/rt.h\"\n"
				   "#include \"python/pyparse.h\"\n"
				   "#include \"drivers/driver.h\"\n"
				   "#include \"cli.h\"\n"
				   "#include <stdio.h>\n"), 0);
	CU_ASSERT_EQUAL(check_text(&out, "drivers", "x.c",
				   "#include \"config/url.h\"\n"), 0);
	CU_ASSERT_EQUAL(check_text(&out, "script", "x.c",
				   "#include \"ops/ops.h\"\n"), 0);
	rt_buf_release(&out);
}

void unit_register(void)
{
	UNIT_SUITE("layout", UNIT_TEST(test_layout_tree),
		   UNIT_TEST(test_layout_forbidden));
}

/*
 * json.h: a small JSON reader for the test suites (test code only):
 * parses a whole document into a tree of struct json values.
 */
#ifndef TEST_JSON_H
#define TEST_JSON_H

#include "base/rt.h"

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json {
	enum json_type type;
	bool b;
	double num;
	char *str;		/* JSON_STRING (UTF-8, NUL-terminated) */
	struct json **items;	/* JSON_ARRAY values / JSON_OBJECT values */
	char **keys;		/* JSON_OBJECT keys */
	size_t n;
};

/* Parse text; NULL on a syntax error.  Free with json_free(). */
struct json *json_parse(const char *text);
void json_free(struct json *j);

/* Object member by key, or NULL (also when j is not an object). */
const struct json *json_get(const struct json *j, const char *key);

#endif

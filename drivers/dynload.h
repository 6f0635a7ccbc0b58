/*
 * dynload.h: load a driver's client library (libpq, libmariadb) when it
 * connects, not at exec: dlopen() by soname and fill the driver's table
 * of function pointers with dlsym().
 */
#ifndef DYNLOAD_H
#define DYNLOAD_H

#include "base/rt.h"

#include <stddef.h>

/* One function to resolve: its name and its slot in the driver's table. */
struct dynload_sym {
	const char *name;	/* "PQconnectdbParams" */
	size_t off;		/* offsetof(struct api, PQconnectdbParams) */
};

/* A client library and the functions a driver needs from it. */
struct dynload_lib {
	const char *soname;	/* "libpq.so.5", found at configure time */
	const char *package;	/* the Debian package: "libpq5" */
	int flags;		/* extra dlopen() flags (RTLD_NODELETE) */
	const struct dynload_sym *syms;
	size_t nsyms;
};

/*
 * A table member of f's own type, so the compiler checks every call
 * against the real prototype: struct t { DYNLOAD_FN(PQstatus) ... }.
 * The list entry that fills it: DYNLOAD_SYM(struct t, PQstatus).
 */
#define DYNLOAD_FN(f) __typeof__(f) *f;
#define DYNLOAD_SYM(type, f) { #f, offsetof(type, f) },

/*
 * dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL | lib->flags) and store
 * each of lib->syms at (char *)table + off.  *out is the handle for
 * dynload_close().  Errors, with nothing left open, *out NULL and table
 * in an unspecified state:
 *   RT_EDB "cannot load SONAME (apt-get install PACKAGE): <dlerror()>"
 *     when the library cannot be loaded;
 *   RT_EDB "cannot load SONAME (apt-get install PACKAGE): undefined
 *     symbol: NAME" when it lacks one of the functions (too old).
 * The error's SQLSTATE stays empty.
 */
int dynload_open(void **out, void *table, const struct dynload_lib *lib,
		 struct rt_err *err);

/* dlclose() what dynload_open() opened; NULL is fine. */
void dynload_close(void *handle);

#endif

/*
 * dynload.c: dlopen() a client library on first use and resolve a
 * driver's function table; no state outside the caller's table.
 */
#include "dynload.h"

#include <dlfcn.h>

/* dlsym() answers a void *; the table holds function pointers. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
	       "function pointers must fit in a void *");

int dynload_open(void **out, void *table, const struct dynload_lib *lib,
		 struct rt_err *err)
{
	void *h;
	size_t i;

	*out = NULL;
	h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL | lib->flags);
	if (!h)
		return rt_errf(err, RT_EDB, NULL,
			       "cannot load %s (apt-get install %s): %s",
			       lib->soname, lib->package, dlerror());
	for (i = 0; i < lib->nsyms; i++) {
		void *fn = dlsym(h, lib->syms[i].name);

		if (!fn) {
			/* dlerror() names the file by its path; the
			 * soname is what the user can act on. */
			dlerror();
			dlclose(h);
			return rt_errf(err, RT_EDB, NULL,
				       "cannot load %s (apt-get install %s)"
				       ": undefined symbol: %s", lib->soname,
				       lib->package, lib->syms[i].name);
		}
		/* POSIX: a function's address fits in a void *; memcpy
		 * stores it without converting object to function
		 * pointer (which ISO C leaves undefined). */
		memcpy((char *)table + lib->syms[i].off, &fn, sizeof(fn));
	}
	*out = h;
	return 0;
}

void dynload_close(void *handle)
{
	if (handle)
		dlclose(handle);
}

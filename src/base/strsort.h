/*
 * strsort.h: sort records by a string field in strcmp (byte-wise) order,
 * faster than qsort() on file names: a radix sort on the first 8 bytes,
 * then strcmp only within runs sharing them.  The version directory's
 * listing (rule 2.6) is sorted on every run.
 */
#ifndef STRSORT_H
#define STRSORT_H

#include "rt.h"

/*
 * Sort the n records of size bytes at base by the NUL-terminated string
 * each points to with its `const char *` member at offset key_off
 * (offsetof(struct x, name)).  Equal strings keep no particular order.
 */
void strsort(void *base, size_t n, size_t size, size_t key_off);

#endif

/*
 * revread.h: reading one revision file of any kind (spec §3): .py
 * headers through the header parser (pyparse.h), .sql through sqlrev.h,
 * .yaml through yamlrev.h, each turned into a struct rev_file.
 */
#ifndef REVREAD_H
#define REVREAD_H

#include "base/buf.h"
#include "revfile.h"

/*
 * The size limit of a revision file (docs/revision-files.md): a larger
 * one is refused before it is read whole.  script_opts.max_file_size
 * (script.h) sets the loader's; rev_file_read() and rev_file_source()
 * keep to this one.
 */
#define REV_FILE_MAX_SIZE ((size_t)1 << 30)

/*
 * Whether name is the name of a revision file of some kind (".py",
 * ".sql", ".yaml" or ".yml"), and then which (*kind).
 */
bool rev_file_kind(const char *name, enum rev_kind *kind);

/*
 * Read one revision file (any kind, decided by its name: ".sql",
 * ".yaml"/".yml", else ".py"); dir is the version directory as
 * configured (absolute), and out->path becomes dir "/" name.  Errors:
 * RT_EIO (unreadable, or larger than REV_FILE_MAX_SIZE: "the file is
 * larger than N bytes (1 GiB), the limit for a revision file ..." at the
 * file), RT_ESYNTAX at file:line:col (malformed header; for .py, a
 * syntax error anywhere: pyparse_check(), pyparse.h), RT_ECOMMAND
 * (rule 2.8, no revision id).
 */
int rev_file_read(struct rev_file *out, struct rt_arena *a, const char *dir,
		  const char *name, struct rt_err *err);

/*
 * rev_file_read() as the directory loader needs it, for many files: the
 * header of the file path (its name at path + name_off) only, out->src
 * left NULL; dfd is its directory open (or AT_FDCWD: path is opened as
 * it is); text is a buffer reused from file to file.  regular: the
 * directory entry says it is a regular file, where a short read is the
 * end of the file (one openat, read and close per small file; no
 * fstat).  A directory fails with EISDIR.  max replaces
 * REV_FILE_MAX_SIZE.  rev_file_read()'s errors.
 */
int rev_file_read_header(struct rev_file *out, struct rt_arena *a,
			 struct rt_buf *text, int dfd, bool regular,
			 const char *path, size_t name_off, size_t max,
			 struct rt_err *err);

/*
 * f with its source: f itself when f->src is set (rev_file_read()),
 * else the file at f->path read again into a (rev_file_read()'s errors),
 * which must still declare the revision id f->id: else RT_EIO at the
 * file ("the revision id is now 'X', not 'Y' (expected the file not to
 * change while retort runs)").  *out is f or lives in a.
 */
int rev_file_source(const struct rev_file **out, struct rt_arena *a,
		    const struct rev_file *f, struct rt_err *err);

#endif

/*
 * pyproject.h: the [tool.alembic] table of pyproject.toml as Alembic
 * 1.16+ reads it: alembic/config.py's Config.toml_alembic_config and
 * Config._get_toml_config_value(), in the source of Alembic 1.17.1 (the
 * TOML support is unchanged since 1.16.0 introduced it).  config.h
 * combines it with the ini file (config_alembic_option()).
 */
#ifndef PYPROJECT_H
#define PYPROJECT_H

#include "toml.h"

struct pyproject;

/*
 * Open the pyproject.toml at path (as given; relative to the CWD).  A
 * path that does not exist gives *out = NULL: Alembic reads no TOML then
 * (Path.exists()).  An existing file is parsed now, but a parse or read
 * error is kept and returned by pyproject_value(), the moment Alembic
 * would load the file: while the ini has every key, a broken
 * pyproject.toml does not matter.  RT_EIO if the CWD cannot be read.
 */
int pyproject_open(struct pyproject **out, struct rt_arena *a,
		   const char *path, struct rt_err *err);

/*
 * Whether the file has a [tool.alembic] table, or could not be read or
 * parsed, or has a "tool" that is no table (whose error then comes from
 * pyproject_value()).  False means Alembic 1.16 reads nothing from it.
 */
bool pyproject_active(const struct pyproject *p);

/* The path as given. */
const char *pyproject_path(const struct pyproject *p);

/*
 * `here` for the TOML values: Path(path).absolute().parent.as_posix(),
 * i.e. made absolute against the CWD, "." parts and doubled slashes
 * dropped, ".." kept (unlike the ini's os.path.abspath()).
 */
const char *pyproject_here(const struct pyproject *p);

/*
 * Config.toml_alembic_config.get(key): [tool.alembic]'s value as it is.
 * RT_ENOTFOUND (no message) if absent; the first four errors below.
 */
int pyproject_raw(const struct toml_value **out, const struct pyproject *p,
		  const char *key, struct rt_err *err);

/*
 * Config._get_toml_config_value(key): [tool.alembic]'s value with every
 * string %-formatted against {'here': pyproject_here()} as Python's
 * `str % mapping` does it: a string, a list of strings, a list of
 * tables of strings or a table of strings comes back as such, newly
 * made; an integer or a boolean as it is.  *out is a value in the arena,
 * its off where the key's value starts in the file.  RT_ENOTFOUND (no
 * message) if the key is absent.  Errors:
 *  - the kept read or parse error (toml_load());
 *  - RT_ECONFIG "AttributeError: 'int' object has no attribute 'get'"
 *    when "tool" is no table (Python's traceback), at its value;
 *  - RT_ECOMMAND "Incorrect TOML format" when tool.alembic is no table;
 *  - RT_ECOMMAND "unsupported TOML value type for key: 'x'" (a float, a
 *    date or a time);
 *  - RT_ECONFIG, at the value, what Python's % raises, with the
 *    exception's class: "KeyError: 'rev'", "ValueError: incomplete
 *    format", "TypeError: not enough arguments for format string",
 *    "TypeError: unsupported operand type(s) for %: 'int' and 'dict'"
 *    (a list item that is no string), "AttributeError: 'str' object has
 *    no attribute 'items'" (a list that starts with a table and goes on
 *    with something else) ...
 */
int pyproject_value(const struct toml_value **out, const struct pyproject *p,
		    const char *key, struct rt_err *err);

/* file:line:col of a value pyproject_value() returned (or an item). */
struct rt_loc pyproject_loc(const struct pyproject *p,
			    const struct toml_value *v);

#endif

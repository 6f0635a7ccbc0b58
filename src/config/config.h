/*
 * config.h: alembic.ini read with Python ConfigParser's semantics
 * (spec §1.B): lower-cased keys, no inline comments, multi-line values,
 * [DEFAULT], the registered default `here`, and basic %-interpolation
 * applied when a value is read.  Plus, as Alembic 1.16+ has it, the
 * [tool.alembic] table of a pyproject.toml, which the main options fall
 * back to (config_alembic_option()).
 */
#ifndef CONFIG_H
#define CONFIG_H

#include "base/arena.h"
#include "toml.h"

struct config;

/*
 * Read the ini file at path (as given on the command line; relative to
 * the CWD).  A file that cannot be opened or read (missing, a directory,
 * no permission) is not an error (spec rule 1.2, Python's read()): the
 * result is an empty config whose `here` is still the file's directory.
 * A NULL or empty path gives an empty config with `here` = "".
 * Errors, all RT_ECONFIG with loc = path:line (col 0), *out untouched:
 *  - DuplicateSectionError / DuplicateOptionError (rule 1.7), Python's
 *    text: "While reading from 'alembic.ini' [line  5]: option 'x' in
 *    section 'alembic' already exists";
 *  - a line before any section (MissingSectionHeaderError; this covers a
 *    UTF-8 BOM, which Python does not skip): "File contains no section
 *    headers: expected '[section]', found '<line>'";
 *  - an unparseable line (ParsingError, the first one; like Python it is
 *    reported only if no duplicate follows): "Source contains parsing
 *    errors: expected ..., found '<line>'";
 *  - bytes that are not UTF-8 (UnicodeDecodeError text, position = byte
 *    offset in the file) or a NUL byte.
 * RT_EIO if `here` is needed and the CWD cannot be read.  Everything
 * lives in arena a.
 */
int config_load(struct config **out, struct rt_arena *a, const char *path,
		struct rt_err *err);

/* The path as given, and whether the file existed. */
const char *config_path(const struct config *c);
bool config_file_exists(const struct config *c);

/* The value of `here`: the absolute directory of the file (rule 1.3). */
const char *config_here(const struct config *c);

/* Whether [section] exists in the file (DEFAULT does not count). */
bool config_has_section(const struct config *c, const char *section);

/*
 * Read key from section with interpolation (rule 1.8): lookup in the
 * section, then [DEFAULT], then the registered defaults (`here`).
 * key is lower-cased like Python's optionxform (keys are stored so).
 * section "DEFAULT" reads [DEFAULT] and `here` only.
 * Returns 0 and sets *out (arena string), RT_ENOTFOUND (no error message
 * set) when the key or the section is absent, or RT_ECONFIG with
 * Python's message, byte for byte (InterpolationSyntaxError /
 * InterpolationMissingOptionError / InterpolationDepthError text, e.g.
 * "'%' must be followed by '%' or '(', found: '%'"), loc = the file:line
 * of the key read (line 0 for the registered `here`).
 */
int config_get(const char **out, const struct config *c, const char *section,
	       const char *key, struct rt_err *err);

/* The raw (uninterpolated) value, same lookup as config_get, or NULL. */
const char *config_get_raw(const struct config *c, const char *section,
			   const char *key);

/*
 * Where key (as config_get finds it) was defined: file:line in section
 * or [DEFAULT]; line 0 for the registered `here`; RT_LOC_NONE if absent.
 */
struct rt_loc config_key_loc(const struct config *c, const char *section,
			     const char *key);

/* Section names in file order, without DEFAULT; *n is set.  Arena array. */
const char **config_sections(const struct config *c, size_t *n);

/*
 * Keys of section as ConfigParser.options() lists them: the section's
 * keys in file order, then the defaults not among them (`here` first,
 * then [DEFAULT]'s keys in file order).  "DEFAULT" gives the defaults
 * alone.  *n is set; NULL (n = 0) if there is no such section.  Arena
 * array.
 */
const char **config_keys(const struct config *c, const char *section,
			 size_t *n);

/* ---- pyproject.toml (Alembic 1.16+, alembic/config.py) ---- */

/*
 * Attach the pyproject.toml read along with the ini (Alembic's
 * Config.toml_file_name): path as given, relative to the CWD; the CLI
 * passes "pyproject.toml" or what -c / $ALEMBIC_CONFIG named.  A missing
 * file is no error and reads as no TOML.  The file is parsed now, but a
 * read or parse error is only returned by the first lookup that reaches
 * the TOML, which is when Alembic reads it.  RT_EIO if the CWD cannot be
 * read.
 */
int config_load_toml(struct config *c, const char *path, struct rt_err *err);

/*
 * Whether Alembic 1.16's rules apply: the attached pyproject.toml has a
 * [tool.alembic] table (or cannot be read, or has a "tool" that is no
 * table).  Then a missing main section is no error by itself, and the
 * main options fall back to the TOML.  Otherwise every lookup is the
 * ini's, as in Alembic 1.8.1.
 */
bool config_has_toml(const struct config *c);

/* The pyproject.toml path attached (even if missing), or NULL. */
const char *config_toml_path(const struct config *c);

/* An option's value, from the ini or from pyproject.toml. */
struct config_option {
	/* the ini's value (interpolated), or the TOML's if a string */
	const char *str;
	/* from pyproject.toml: the value, its strings %-formatted */
	const struct toml_value *toml;
	/* where it is set: file:line (ini) or file:line:col (TOML) */
	struct rt_loc loc;
};

/*
 * Config.get_alembic_option(key) of Alembic 1.16+: the ini's main
 * section if it has the key (or [DEFAULT] has it; config_get()), else
 * [tool.alembic]'s value (pyproject_value() in pyproject.h: strings,
 * lists of strings, tables of strings and lists of them %-formatted
 * against `here` = pyproject.toml's directory; integers and booleans as
 * they are).  RT_ENOTFOUND (no message) if neither has it; else the
 * errors of config_get() and pyproject_value().
 */
int config_alembic_option(struct config_option *out, const struct config *c,
			  const char *section, const char *key,
			  struct rt_err *err);

/* file:line:col of a value from config_toml_option() (or of an item). */
struct rt_loc config_toml_loc(const struct config *c,
			      const struct toml_value *v);

/* Config._get_toml_config_value(key): [tool.alembic] alone, as above. */
int config_toml_option(struct config_option *out, const struct config *c,
		       const char *key, struct rt_err *err);

/*
 * Config.get_alembic_boolean_option(key): from the ini, true if the value
 * is exactly "true"; else the TOML's boolean (RT_ECOMMAND "boolean value
 * expected for TOML parameter 'key'" for any other type); else false.
 * *loc (if set) gets where it is set, RT_LOC_NONE if nowhere.
 */
int config_alembic_bool(bool *out, struct rt_loc *loc, const struct config *c,
			const char *section, const char *key,
			struct rt_err *err);

#endif

/*
 * cli.h: the command line (git's command table, tmux's cmd_entry): the
 * options, one `struct cmd_entry` per command, the command table, the
 * context a command runs in, and the entry point.  The parser
 * (cliparse.h) and the help formatter (clihelp.h) have their own.
 */
#ifndef CLI_H
#define CLI_H

#include "base/arena.h"
#include "base/buf.h"

struct config;
struct script_dir;
struct revmap;

enum cli_opt_kind {
	OPT_FLAG,	/* store_true */
	OPT_STRING,	/* one value, last wins */
	OPT_APPEND,	/* one value per use, collected */
	OPT_HELP,	/* -h: print help, exit 0 */
	OPT_VERSION,	/* --version: print version, exit 0 */
};

/*
 * The value slots an option can fill.  Alembic's option names, so that
 * one table serves every command (config.py kwargs_opts).
 */
enum cli_slot {
	SLOT_NONE,
	SLOT_CONFIG, SLOT_NAME, SLOT_X, SLOT_RAISEERR, SLOT_QUIET, SLOT_URL,
	SLOT_TEMPLATE, SLOT_MESSAGE, SLOT_SQL, SLOT_TAG, SLOT_HEAD,
	SLOT_SPLICE, SLOT_DEPENDS_ON, SLOT_REV_ID, SLOT_VERSION_PATH,
	SLOT_BRANCH_LABEL, SLOT_VERBOSE, SLOT_RESOLVE_DEPENDENCIES,
	SLOT_AUTOGENERATE, SLOT_REV_RANGE, SLOT_INDICATE_CURRENT,
	SLOT_PURGE, SLOT_PACKAGE,
	SLOT__COUNT
};

struct cli_opt {
	const char *short_name;		/* "-r" or NULL */
	const char *long_name;		/* "--rev-range" or NULL */
	enum cli_opt_kind kind;
	enum cli_slot slot;
	const char *metavar;		/* "REV_RANGE" */
	const char *help;
};

enum cli_pos_kind {
	POS_NONE,
	POS_ONE,	/* exactly one (revision, rev, directory) */
	POS_MANY,	/* one or more (revisions) */
};

/* How the dispatcher runs a command and reports its errors.  (What a
 * command needs is loaded lazily: cli_load_scripts(), cli_load_map().) */
enum cmd_flags {
	CMD_NOT_BUILT = 1 << 0,		/* known command, not in retort yet */
	/* map errors are a crash (exit 1), not FAILED (spec rule 4.16) */
	CMD_MAP_ERRORS_CRASH = 1 << 1,
};

/* Parsed arguments of one invocation. */
struct cli_args {
	bool flag[SLOT__COUNT];
	const char *str[SLOT__COUNT];
	const char **list[SLOT__COUNT];	/* OPT_APPEND values */
	size_t nlist[SLOT__COUNT];
	const char **pos;		/* positional arguments */
	size_t npos;
};

struct cli_ctx;

struct cmd_entry {
	const char *name;
	const char *help;		/* one line, for the top-level -h */
	const struct cli_opt *const *opts;	/* NULL-terminated, no -h */
	enum cli_pos_kind pos_kind;
	const char *pos_name;		/* "revision" */
	const char *pos_help;		/* NULL: none */
	unsigned flags;
	int (*run)(struct cli_ctx *ctx, struct rt_err *err);
};

/* The context a command runs in; set up by cli.c, loaded by clictx.c. */
struct cli_ctx {
	struct rt_arena *arena;
	const struct cmd_entry *cmd;
	struct cli_args args;
	const char *config_path;	/* -c, $ALEMBIC_CONFIG, alembic.ini */
	const char *toml_path;		/* -c, $ALEMBIC_CONFIG,
					 * pyproject.toml */
	const char *section;		/* -n, "alembic" */
	struct config *config;
	struct script_dir *scripts;
	struct revmap *map;
	FILE *out;			/* listings and SQL */
	FILE *log;			/* log lines, warnings */
	bool logging;			/* a log line was written: Alembic's
					 * env.py had configured logging */
};

/* Shared option definitions (cli_opts.c), in Alembic's help wording. */
extern const struct cli_opt opt_help, opt_version, opt_config, opt_name,
	opt_x, opt_raiseerr, opt_quiet, opt_url, opt_template, opt_message, opt_sql,
	opt_tag, opt_head, opt_splice, opt_depends_on, opt_rev_id,
	opt_version_path, opt_branch_label, opt_verbose,
	opt_resolve_dependencies, opt_autogenerate, opt_rev_range,
	opt_indicate_current, opt_purge, opt_package;

/* The command table, sorted by name (commands.c). */
extern const struct cmd_entry *const cmd_table[];

/* Entry point: parse argv, run, return the process exit status (cli.c). */
int cli_main(int argc, const char **argv);

/*
 * Lazy setup for commands (clictx.c): the config and the script
 * directory's settings; then the revision files and the map.  Alembic
 * reads them lazily too, which decides which error a broken project
 * reports first.
 */
int cli_load_scripts(struct cli_ctx *ctx, struct rt_err *err);
int cli_load_map(struct cli_ctx *ctx, struct rt_err *err);

/* Write a listing entry plus "\n" to stdout (Config.print_stdout);
 * nothing with -q (Alembic 1.11+). */
void cli_print(struct cli_ctx *ctx, const char *text);

#endif

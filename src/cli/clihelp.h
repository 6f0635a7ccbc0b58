/*
 * clihelp.h: one parser level as argparse sees it (the top level: global
 * options and the command choice; or one command: its options and
 * positional), and its usage and help text (clihelp.c).  The parser
 * (cliparse.c) and the dispatcher (cli.c) sit above it.
 */
#ifndef CLIHELP_H
#define CLIHELP_H

#include "cli.h"

#define CLI_VIEW_MAX_OPTS 32

struct cli_view {
	const char *prog;		/* "retort" or "retort history" */
	bool top;
	const struct cli_opt *opts[CLI_VIEW_MAX_OPTS];	/* -h first */
	size_t nopts;
	enum cli_pos_kind pos_kind;
	const char *pos_name, *pos_help;
	const char *choices;		/* top: "{branches,...}" */
};

/* The view of cmd, or of the top level when cmd is NULL. */
void cli_view_init(struct cli_view *v, struct rt_arena *a, const char *prog,
		   const struct cmd_entry *cmd);

/* argparse's usage and -h text of v for a terminal width columns wide
 * (cli_term_width()); arena strings. */
const char *cli_view_usage(struct rt_arena *a, const struct cli_view *v,
			   int width);
const char *cli_view_help(struct rt_arena *a, const struct cli_view *v,
			  int width);

/* The terminal width as argparse takes it: $COLUMNS, stdout's, else 80. */
int cli_term_width(void);

/* Wrap text to width columns like Python's textwrap.wrap(), each line
 * prefixed by indent blanks (the first by indent_first). */
void cli_wrap(struct rt_buf *out, const char *text, size_t width,
	      size_t indent_first, size_t indent);

#endif

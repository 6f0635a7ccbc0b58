/*
 * cliparse.h: the argparse emulation (cliparse.c): argv to a command and
 * its arguments, or the help, version or usage-error text to print.
 */
#ifndef CLIPARSE_H
#define CLIPARSE_H

#include "cli.h"

/*
 * The outcome of cli_parse(): status -1 to run cmd with args; otherwise
 * the exit status to exit with after the text put in outtext (stdout:
 * help, version) or errtext (stderr: usage errors), both arena strings
 * or NULL.
 */
struct cli_parse_result {
	const struct cmd_entry *cmd;
	struct cli_args args;
	const char *outtext;
	const char *errtext;
	int status;		/* -1: run the command */
};

/* Parse argv[0..argc) (the program name excluded) into *out. */
void cli_parse(struct cli_parse_result *out, struct rt_arena *a,
	       const char *prog, int argc, const char **argv);

#endif

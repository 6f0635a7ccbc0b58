/*
 * cmd_pending.c: Alembic's commands that retort knows but has not built
 * yet.  Their arguments parse exactly as Alembic's (so usage errors
 * match); running one says so and fails.  Each moves to its own
 * cmd_<name>.c when it is built.
 */
#include "cli.h"

static const struct cli_opt *const opts_init[] = {
	&opt_template, &opt_package, NULL };
static const struct cli_opt *const opts_merge[] = {
	&opt_message, &opt_branch_label, &opt_rev_id, NULL };
static const struct cli_opt *const opts_revision[] = {
	&opt_message, &opt_autogenerate, &opt_sql, &opt_head, &opt_splice,
	&opt_branch_label, &opt_version_path, &opt_rev_id, &opt_depends_on,
	NULL };

const struct cmd_entry cmd_edit_entry = {
	.name = "edit",
	.help = "Edit revision script(s) using $EDITOR.",
	.pos_kind = POS_ONE,
	.pos_name = "rev",
	.flags = CMD_NOT_BUILT,
};

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.help = "Initialize a new scripts directory.",
	.opts = opts_init,
	.pos_kind = POS_ONE,
	.pos_name = "directory",
	.pos_help = "location of scripts directory",
	.flags = CMD_NOT_BUILT,
};

const struct cmd_entry cmd_list_templates_entry = {
	.name = "list_templates",
	.help = "List available templates.",
	.flags = CMD_NOT_BUILT,
};

const struct cmd_entry cmd_merge_entry = {
	.name = "merge",
	.help = "Merge two revisions together. Creates a new migration file.",
	.opts = opts_merge,
	.pos_kind = POS_MANY,
	.pos_name = "revisions",
	.pos_help = "one or more revisions, or 'heads' for all heads",
	.flags = CMD_NOT_BUILT,
};

const struct cmd_entry cmd_revision_entry = {
	.name = "revision",
	.help = "Create a new revision file.",
	.opts = opts_revision,
	.flags = CMD_NOT_BUILT,
};


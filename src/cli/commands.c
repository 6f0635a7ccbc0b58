/*
 * commands.c: the command table (git's commands[], tmux's cmd_table):
 * every command Alembic has, each defined in its cmd_<name>.c.
 */
#include "cli.h"

extern const struct cmd_entry cmd_branches_entry, cmd_current_entry,
	cmd_downgrade_entry, cmd_edit_entry, cmd_ensure_version_entry,
	cmd_heads_entry, cmd_history_entry, cmd_init_entry,
	cmd_list_templates_entry, cmd_merge_entry, cmd_revision_entry,
	cmd_show_entry, cmd_stamp_entry, cmd_upgrade_entry;

/* Sorted by name, as Alembic lists them (dir(alembic.command)). */
const struct cmd_entry *const cmd_table[] = {
	&cmd_branches_entry, &cmd_current_entry, &cmd_downgrade_entry,
	&cmd_edit_entry, &cmd_ensure_version_entry, &cmd_heads_entry,
	&cmd_history_entry, &cmd_init_entry, &cmd_list_templates_entry,
	&cmd_merge_entry, &cmd_revision_entry, &cmd_show_entry,
	&cmd_stamp_entry, &cmd_upgrade_entry, NULL
};

/*
 * cli_opts.c: every option of every command, once, in Alembic 1.8.1's
 * wording (alembic/config.py kwargs_opts), plus -q (Alembic 1.11+) and
 * retort's own --url.  -c collects its values, as in Alembic 1.16+, for
 * a pyproject.toml named among them (cli.c).
 */
#include "cli.h"

const struct cli_opt opt_help = {
	"-h", "--help", OPT_HELP, SLOT_NONE, NULL,
	"show this help message and exit" };
const struct cli_opt opt_version = {
	NULL, "--version", OPT_VERSION, SLOT_NONE, NULL,
	"show program's version number and exit" };
const struct cli_opt opt_config = {
	"-c", "--config", OPT_APPEND, SLOT_CONFIG, "CONFIG",
	"Alternate config file; defaults to value of ALEMBIC_CONFIG "
	"environment variable, or \"alembic.ini\"" };
const struct cli_opt opt_name = {
	"-n", "--name", OPT_STRING, SLOT_NAME, "NAME",
	"Name of section in .ini file to use for Alembic config" };
const struct cli_opt opt_x = {
	"-x", NULL, OPT_APPEND, SLOT_X, "X",
	"Additional arguments consumed by custom env.py scripts, e.g. -x "
	"setting1=somesetting -x setting2=somesetting" };
const struct cli_opt opt_raiseerr = {
	NULL, "--raiseerr", OPT_FLAG, SLOT_RAISEERR, NULL,
	"Raise a full stack trace on error" };
const struct cli_opt opt_quiet = {
	"-q", "--quiet", OPT_FLAG, SLOT_QUIET, NULL,
	"Do not log to std output." };
const struct cli_opt opt_url = {
	NULL, "--url", OPT_STRING, SLOT_URL, "URL",
	"Database URL; overrides RETORT_DATABASE_URL and sqlalchemy.url "
	"(retort)" };
const struct cli_opt opt_template = {
	"-t", "--template", OPT_STRING, SLOT_TEMPLATE, "TEMPLATE",
	"Setup template for use with 'init'" };
const struct cli_opt opt_message = {
	"-m", "--message", OPT_STRING, SLOT_MESSAGE, "MESSAGE",
	"Message string to use with 'revision'" };
const struct cli_opt opt_sql = {
	NULL, "--sql", OPT_FLAG, SLOT_SQL, NULL,
	"Don't emit SQL to database - dump to standard output/file instead. "
	"See docs on offline mode." };
const struct cli_opt opt_tag = {
	NULL, "--tag", OPT_STRING, SLOT_TAG, "TAG",
	"Arbitrary 'tag' name - can be used by custom env.py scripts." };
const struct cli_opt opt_head = {
	NULL, "--head", OPT_STRING, SLOT_HEAD, "HEAD",
	"Specify head revision or <branchname>@head to base new revision "
	"on." };
const struct cli_opt opt_splice = {
	NULL, "--splice", OPT_FLAG, SLOT_SPLICE, NULL,
	"Allow a non-head revision as the 'head' to splice onto" };
const struct cli_opt opt_depends_on = {
	NULL, "--depends-on", OPT_APPEND, SLOT_DEPENDS_ON, "DEPENDS_ON",
	"Specify one or more revision identifiers which this revision "
	"should depend on." };
const struct cli_opt opt_rev_id = {
	NULL, "--rev-id", OPT_STRING, SLOT_REV_ID, "REV_ID",
	"Specify a hardcoded revision id instead of generating one" };
const struct cli_opt opt_version_path = {
	NULL, "--version-path", OPT_STRING, SLOT_VERSION_PATH, "VERSION_PATH",
	"Specify specific path from config for version file" };
const struct cli_opt opt_branch_label = {
	NULL, "--branch-label", OPT_STRING, SLOT_BRANCH_LABEL, "BRANCH_LABEL",
	"Specify a branch label to apply to the new revision" };
const struct cli_opt opt_verbose = {
	"-v", "--verbose", OPT_FLAG, SLOT_VERBOSE, NULL,
	"Use more verbose output" };
const struct cli_opt opt_resolve_dependencies = {
	NULL, "--resolve-dependencies", OPT_FLAG, SLOT_RESOLVE_DEPENDENCIES,
	NULL, "Treat dependency versions as down revisions" };
const struct cli_opt opt_autogenerate = {
	NULL, "--autogenerate", OPT_FLAG, SLOT_AUTOGENERATE, NULL,
	"Populate revision script with candidate migration operations, "
	"based on comparison of database to model." };
const struct cli_opt opt_rev_range = {
	"-r", "--rev-range", OPT_STRING, SLOT_REV_RANGE, "REV_RANGE",
	"Specify a revision range; format is [start]:[end]" };
const struct cli_opt opt_indicate_current = {
	"-i", "--indicate-current", OPT_FLAG, SLOT_INDICATE_CURRENT, NULL,
	"Indicate the current revision" };
const struct cli_opt opt_purge = {
	NULL, "--purge", OPT_FLAG, SLOT_PURGE, NULL,
	"Unconditionally erase the version table before stamping" };
const struct cli_opt opt_package = {
	NULL, "--package", OPT_FLAG, SLOT_PACKAGE, NULL,
	"Write empty __init__.py files to the environment and version "
	"locations" };

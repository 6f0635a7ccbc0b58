/*
 * clihelp.c: usage and help text, laid out as Python's argparse
 * HelpFormatter does (Alembic's CLI is argparse), so `-h` and usage
 * errors read the same as Alembic's with the program name "retort";
 * the parser levels they describe (struct cli_view) and text wrapping.
 */
#include "clihelp.h"

#include <sys/ioctl.h>
#include <unistd.h>

static const struct cli_opt *const global_opts[] = {
	&opt_help, &opt_version, &opt_config, &opt_name, &opt_x,
	&opt_raiseerr, &opt_quiet, &opt_url, NULL
};

void cli_view_init(struct cli_view *v, struct rt_arena *a, const char *prog,
		   const struct cmd_entry *cmd)
{
	const struct cli_opt *const *o;
	struct rt_buf b = RT_BUF_INIT;
	size_t i;

	memset(v, 0, sizeof(*v));
	v->top = !cmd;
	if (!cmd) {
		v->prog = prog;
		for (o = global_opts; *o; o++)
			v->opts[v->nopts++] = *o;
		rt_buf_addch(&b, '{');
		for (i = 0; cmd_table[i]; i++)
			rt_buf_addf(&b, "%s%s", i ? "," : "",
				    cmd_table[i]->name);
		rt_buf_addch(&b, '}');
		v->choices = arena_strdup(a, b.buf);
		rt_buf_release(&b);
		return;
	}
	v->prog = arena_printf(a, "%s %s", prog, cmd->name);
	v->opts[v->nopts++] = &opt_help;
	for (o = cmd->opts; o && *o && v->nopts < CLI_VIEW_MAX_OPTS; o++)
		v->opts[v->nopts++] = *o;
	v->pos_kind = cmd->pos_kind;
	v->pos_name = cmd->pos_name;
	v->pos_help = cmd->pos_help;
}

void cli_wrap(struct rt_buf *out, const char *text, size_t width,
	      size_t indent_first, size_t indent)
{
	const char *p = text;
	size_t col = 0, lines = 0;

	if (width < 1)
		width = 1;
	while (*p) {
		const char *w;
		size_t len;

		while (*p && strchr(" \t\n\r\v\f", *p))
			p++;
		w = p;
		while (*p && !strchr(" \t\n\r\v\f", *p))
			p++;
		len = (size_t)(p - w);
		while (len) {
			size_t take;

			if (col && col + 1 + len > width) {
				rt_buf_addch(out, '\n');
				col = 0;
			}
			if (!col)
				rt_buf_addf(out, "%*s", (int)(lines++ ? indent
						: indent_first), "");
			else
				rt_buf_addch(out, ' '), col++;
			/* break_long_words: split a word longer than width */
			take = len > width - col ? width - col : len;
			rt_buf_add(out, w, take);
			col += take;
			w += take;
			len -= take;
			if (len) {
				rt_buf_addch(out, '\n');
				col = 0;
			}
		}
	}
	rt_buf_addch(out, '\n');
}

int cli_term_width(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long n;

	/* shutil.get_terminal_size(): $COLUMNS, the terminal, else 80 */
	if (env && *env) {
		n = strtol(env, &end, 10);
		if (!*end && n > 0 && n < 10000)
			return (int)n;
	}
	if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* "[-c CONFIG]", "[--sql]": the usage part of one option */
static void opt_usage(struct rt_buf *b, const struct cli_opt *o)
{
	const char *name = o->short_name ? o->short_name : o->long_name;

	if (o->metavar)
		rt_buf_addf(b, "[%s %s]", name, o->metavar);
	else
		rt_buf_addf(b, "[%s]", name);
}

/* "-c CONFIG, --config CONFIG": how one option is shown in the help */
static void opt_invocation(struct rt_buf *b, const struct cli_opt *o)
{
	const char *names[2] = { o->short_name, o->long_name };
	bool first = true;
	size_t i;

	for (i = 0; i < 2; i++) {
		if (!names[i])
			continue;
		if (!first)
			rt_buf_adds(b, ", ");
		first = false;
		rt_buf_adds(b, names[i]);
		if (o->metavar)
			rt_buf_addf(b, " %s", o->metavar);
	}
}

/* The usage parts: options first, then positionals (argparse order). */
static size_t usage_parts(struct rt_arena *a, const struct cli_view *v,
			  const char **parts, size_t max, size_t *nopt)
{
	struct rt_buf b = RT_BUF_INIT;
	size_t n = 0, i;

	for (i = 0; i < v->nopts && n < max; i++) {
		rt_buf_reset(&b);
		opt_usage(&b, v->opts[i]);
		parts[n++] = arena_strdup(a, b.buf);
	}
	*nopt = n;
	if (v->top) {
		parts[n++] = v->choices;
		parts[n++] = "...";
	} else if (v->pos_kind == POS_ONE) {
		parts[n++] = v->pos_name;
	} else if (v->pos_kind == POS_MANY) {
		parts[n++] = v->pos_name;
		parts[n++] = arena_printf(a, "[%s ...]", v->pos_name);
	}
	rt_buf_release(&b);
	return n;
}

/* argparse's get_lines(): greedy fill of parts into lines */
static void wrap_parts(struct rt_buf *out, const char **parts, size_t n,
		       size_t indent, size_t first_len, size_t text_width,
		       bool first_line)
{
	size_t line_len = first_line ? first_len - 1 : indent - 1;
	size_t i, in_line = 0;

	if (!first_line && n)
		rt_buf_addf(out, "\n%*s", (int)indent, "");
	for (i = 0; i < n; i++) {
		size_t len = strlen(parts[i]);

		if (line_len + 1 + len > text_width && in_line) {
			rt_buf_addf(out, "\n%*s", (int)indent, "");
			line_len = indent - 1;
			in_line = 0;
		}
		if (in_line)
			rt_buf_addch(out, ' ');
		rt_buf_adds(out, parts[i]);
		in_line++;
		line_len += len + 1;
	}
}

static void format_usage(struct rt_buf *out, struct rt_arena *a,
			 const struct cli_view *v, int width)
{
	const char *parts[64];
	size_t nopt, n = usage_parts(a, v, parts + 1, 63, &nopt), i, len;
	size_t text_width = (size_t)(width - 2), indent;

	len = strlen("usage: ") + strlen(v->prog);
	for (i = 0; i < n; i++)
		len += 1 + strlen(parts[i + 1]);
	rt_buf_adds(out, "usage: ");
	if (len <= text_width) {
		rt_buf_adds(out, v->prog);
		for (i = 0; i < n; i++)
			rt_buf_addf(out, " %s", parts[i + 1]);
		rt_buf_addch(out, '\n');
		return;
	}
	/* too long: prog and the options, then the positionals below */
	indent = strlen("usage: ") + strlen(v->prog) + 1;
	parts[0] = v->prog;
	wrap_parts(out, parts, nopt + 1, indent, strlen("usage: "),
		   text_width, true);
	wrap_parts(out, parts + 1 + nopt, n - nopt, indent, 0, text_width,
		   false);
	rt_buf_addch(out, '\n');
}

const char *cli_view_usage(struct rt_arena *a, const struct cli_view *v,
			   int width)
{
	struct rt_buf b = RT_BUF_INIT;
	const char *s;

	format_usage(&b, a, v, width);
	s = arena_strdup(a, b.buf);
	rt_buf_release(&b);
	return s;
}

struct layout {
	size_t help_position, help_width;
};

static void format_item(struct rt_buf *out, const struct layout *l,
			size_t indent, const char *invocation,
			const char *help)
{
	size_t action_width = l->help_position - indent - 2;
	size_t len = strlen(invocation);

	if (!help) {
		rt_buf_addf(out, "%*s%s\n", (int)indent, "", invocation);
	} else if (len <= action_width) {
		rt_buf_addf(out, "%*s%-*s  ", (int)indent, "",
			    (int)action_width, invocation);
		cli_wrap(out, help, l->help_width, 0, l->help_position);
	} else {
		rt_buf_addf(out, "%*s%s\n", (int)indent, "", invocation);
		cli_wrap(out, help, l->help_width, l->help_position,
			  l->help_position);
	}
}

static struct layout compute_layout(struct rt_arena *a,
				    const struct cli_view *v, int width)
{
	struct rt_buf b = RT_BUF_INIT;
	size_t max = 0, i, maxpos;
	struct layout l;

	for (i = 0; i < v->nopts; i++) {
		rt_buf_reset(&b);
		opt_invocation(&b, v->opts[i]);
		if (b.len + 2 > max)
			max = b.len + 2;
	}
	if (v->top) {
		if (strlen(v->choices) + 2 > max)
			max = strlen(v->choices) + 2;
		for (i = 0; cmd_table[i]; i++)
			if (strlen(cmd_table[i]->name) + 4 > max)
				max = strlen(cmd_table[i]->name) + 4;
	} else if (v->pos_kind != POS_NONE && strlen(v->pos_name) + 2 > max) {
		max = strlen(v->pos_name) + 2;
	}
	rt_buf_release(&b);
	width -= 2;
	maxpos = width - 20 > 4 ? (size_t)width - 20 : 4;
	if (maxpos > 24)
		maxpos = 24;
	l.help_position = max + 2 < maxpos ? max + 2 : maxpos;
	l.help_width = (size_t)width > l.help_position + 11 ?
		(size_t)width - l.help_position : 11;
	(void)a;
	return l;
}

const char *cli_view_help(struct rt_arena *a, const struct cli_view *v,
			  int width)
{
	struct layout l = compute_layout(a, v, width);
	struct rt_buf b = RT_BUF_INIT, inv = RT_BUF_INIT;
	const char *s;
	size_t i;

	format_usage(&b, a, v, width);
	if (v->top || v->pos_kind != POS_NONE) {
		rt_buf_adds(&b, "\npositional arguments:\n");
		if (v->top) {
			format_item(&b, &l, 2, v->choices, NULL);
			for (i = 0; cmd_table[i]; i++)
				format_item(&b, &l, 4, cmd_table[i]->name,
					    cmd_table[i]->help);
		} else {
			format_item(&b, &l, 2, v->pos_name, v->pos_help);
		}
	}
	rt_buf_adds(&b, "\noptions:\n");
	for (i = 0; i < v->nopts; i++) {
		rt_buf_reset(&inv);
		opt_invocation(&inv, v->opts[i]);
		format_item(&b, &l, 2, inv.buf, v->opts[i]->help);
	}
	s = arena_strdup(a, b.buf);
	rt_buf_release(&b);
	rt_buf_release(&inv);
	return s;
}

/*
 * cliparse.c: command-line parsing with the behaviour of Python's
 * argparse as Alembic 1.8.1 configures it (spec rules 1.1, 1.15, 1.16):
 * global options before the command, unique prefixes of long options,
 * attached values (-rX, -r=X, --rev-range=X), negative numbers taken as
 * positionals, "--", and argparse's exact usage-error messages (exit 2).
 */
#include "cliparse.h"
#include "clihelp.h"

/* One level's parse state. */
struct parse {
	struct rt_arena *a;
	const struct cli_view *v;
	struct cli_parse_result *res;
	struct cli_args *args;
	const char **extras;		/* unrecognized, for the top level */
	size_t nextras, allocextras;
	int width;
};

/* argparse's negative-number test: ^-\d+$|^-\d*\.\d+$ */
static bool looks_negative(const char *s)
{
	const char *p = s + 1, *dot;

	if (s[0] != '-' || !*p)
		return false;
	dot = strchr(p, '.');
	for (; *p; p++)
		if (p != dot && (*p < '0' || *p > '9'))
			return false;
	return !dot || dot[1];
}

static int fail(struct parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Usage plus "PROG: error: MSG" on stderr, exit 2 (argparse error()). */
static int fail(struct parse *p, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(p->a, fmt, ap);
	va_end(ap);
	p->res->errtext = arena_printf(p->a, "%s%s: error: %s\n",
				       cli_view_usage(p->a, p->v, p->width),
				       p->v->prog, msg);
	p->res->status = 2;
	return -1;
}

static const char *opt_display(struct rt_arena *a, const struct cli_opt *o)
{
	if (o->short_name && o->long_name)
		return arena_printf(a, "%s/%s", o->short_name, o->long_name);
	return o->short_name ? o->short_name : o->long_name;
}

/* A matched option: which one, by which name, with what attached. */
struct match {
	const struct cli_opt *opt;
	const char *explicit_arg;	/* NULL: none */
	bool is_option;			/* false: a positional */
};

static const struct cli_opt *find_exact(const struct cli_view *v,
					const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < v->nopts; i++) {
		const struct cli_opt *o = v->opts[i];

		if (o->short_name && strlen(o->short_name) == len &&
		    !strncmp(o->short_name, s, len))
			return o;
		if (o->long_name && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, s, len))
			return o;
	}
	return NULL;
}

/* argparse _get_option_tuples(): prefix matches of s */
static int prefix_matches(struct parse *p, const char *s, struct match *m)
{
	const struct cli_view *v = p->v;
	struct rt_buf names = RT_BUF_INIT;
	const char *eq = strchr(s, '=');
	size_t plen, i, n = 0;
	bool dashdash = s[1] == '-';

	plen = dashdash && eq ? (size_t)(eq - s) : strlen(s);
	for (i = 0; i < v->nopts; i++) {
		const struct cli_opt *o = v->opts[i];
		const char *names2[2] = { o->short_name, o->long_name };
		size_t k;

		for (k = 0; k < 2; k++) {
			const char *name = names2[k];

			if (!name)
				continue;
			if (!dashdash && strlen(name) == 2 &&
			    !strncmp(name, s, 2)) {
				m->opt = o;
				m->explicit_arg = s + 2;
			} else if (!strncmp(name, s, plen)) {
				m->opt = o;
				m->explicit_arg = dashdash && eq ? eq + 1 :
					NULL;
			} else {
				continue;
			}
			rt_buf_addf(&names, "%s%s", n ? ", " : "", name);
			n++;
		}
	}
	if (n > 1) {
		fail(p, "ambiguous option: %.*s could match %s",
		     (int)plen, s, names.buf);
		rt_buf_release(&names);
		return -1;
	}
	rt_buf_release(&names);
	return (int)n;
}

/* argparse _parse_optional(): is s an option, and which */
static int classify(struct parse *p, const char *s, struct match *m)
{
	const char *eq;
	int n;

	memset(m, 0, sizeof(*m));
	if (s[0] != '-' || !s[1])
		return 0;
	m->is_option = true;
	if ((m->opt = find_exact(p->v, s, strlen(s))))
		return 0;
	eq = strchr(s, '=');
	if (eq && (m->opt = find_exact(p->v, s, (size_t)(eq - s)))) {
		m->explicit_arg = eq + 1;
		return 0;
	}
	n = prefix_matches(p, s, m);
	if (n < 0)
		return -1;
	if (n == 1)
		return 0;
	if (looks_negative(s) || strchr(s, ' '))
		m->is_option = false;
	return 0;
}

static void add_extra(struct parse *p, const char *s)
{
	RT_ALLOC_GROW(p->extras, p->nextras + 1, p->allocextras);
	p->extras[p->nextras++] = s;
}

/* Append s to the arena array *list of *n strings. */
static void append(struct rt_arena *a, const char ***list, size_t *n,
		   const char *s)
{
	const char **grown = arena_alloc(a, (*n + 1) * sizeof(char *));

	if (*n)
		memcpy(grown, *list, *n * sizeof(char *));
	grown[(*n)++] = s;
	*list = grown;
}

static void store_value(struct parse *p, const struct cli_opt *o,
			const char *value)
{
	struct cli_args *args = p->args;

	if (o->kind == OPT_STRING)
		args->str[o->slot] = value;
	else
		append(p->a, &args->list[o->slot], &args->nlist[o->slot],
		       value);
}

/* Whether argv[i] would be taken as a value (argparse pattern 'A'). */
static int is_value(struct parse *p, int i, int argc, const char **argv)
{
	struct match m;

	if (i >= argc || !strcmp(argv[i], "--"))
		return 0;
	if (classify(p, argv[i], &m) < 0)
		return -1;
	return !m.is_option;
}

/* Run one matched option; returns how many extra argv items it used. */
static int take_option(struct parse *p, struct match *m, int i, int argc,
		       const char **argv)
{
	const struct cli_opt *o = m->opt;
	int isval;

	for (;;) {
		if (o->kind == OPT_HELP) {
			p->res->outtext = cli_view_help(p->a, p->v, p->width);
			p->res->status = 0;
			return -1;
		}
		if (o->kind == OPT_VERSION) {
			p->res->outtext = arena_printf(p->a, "%s %s\n",
						       p->v->prog,
						       RETORT_VERSION);
			p->res->status = 0;
			return -1;
		}
		if (o->kind != OPT_FLAG)
			break;
		p->args->flag[o->slot] = true;
		if (!m->explicit_arg)
			return 0;
		/* -vi: a single-dash flag followed by more flags */
		if (*m->explicit_arg && m->explicit_arg[-1] != '=') {
			char flag[3] = { '-', m->explicit_arg[0], 0 };
			const struct cli_opt *next =
				find_exact(p->v, flag, 2);

			if (next) {
				o = next;
				m->explicit_arg = m->explicit_arg[1] ?
					m->explicit_arg + 1 : NULL;
				continue;
			}
		}
		if (!*m->explicit_arg && m->explicit_arg[-1] != '=')
			return 0;
		return fail(p, "argument %s: ignored explicit argument '%s'",
			    opt_display(p->a, o), m->explicit_arg);
	}
	if (m->explicit_arg) {
		store_value(p, o, m->explicit_arg);
		return 0;
	}
	isval = is_value(p, i + 1, argc, argv);
	if (isval < 0)
		return -1;
	if (!isval)
		return fail(p, "argument %s: expected one argument",
			    opt_display(p->a, o));
	store_value(p, o, argv[i + 1]);
	return 1;
}

/*
 * A positional at the command level.  argparse matches positionals
 * chunk by chunk (runs of positionals between options): one value for
 * POS_ONE, the whole first chunk for POS_MANY; the rest is unrecognized.
 */
static void take_positional(struct parse *p, const char *s, bool in_chunk)
{
	enum cli_pos_kind k = p->v->pos_kind;

	if (k == POS_NONE || (p->args->npos && (k == POS_ONE || !in_chunk)))
		add_extra(p, s);
	else
		append(p->a, &p->args->pos, &p->args->npos, s);
}

/*
 * Parse argv[0..argc) at the level p->v.  At the top level the first
 * positional is the command, and everything after it belongs to the
 * command's level; *cmd_at is set to its index (or argc).
 */
static int parse_level(struct parse *p, int argc, const char **argv,
		       int *cmd_at)
{
	bool dashdash = false, in_chunk = false;
	struct match m;
	int i, used;

	for (i = 0; i < argc; i++) {
		/*
		 * "--": argparse hands it to the command parser as a value
		 * (so it is an invalid command name), and at the command
		 * level it is swallowed only next to the positional it
		 * introduces or ends; anywhere else it is unrecognized.
		 */
		if (!dashdash && !strcmp(argv[i], "--") && !p->v->top) {
			dashdash = true;
			if (p->v->pos_kind == POS_NONE ||
			    (p->args->npos && !in_chunk))
				add_extra(p, argv[i]);
			continue;
		}
		if (!dashdash && !strcmp(argv[i], "--"))
			m.is_option = false;	/* the top level's "--" */
		else if (!dashdash && classify(p, argv[i], &m) < 0)
			return -1;
		if (dashdash || !m.is_option) {
			if (p->v->top) {
				*cmd_at = i;
				return 0;
			}
			take_positional(p, argv[i], in_chunk);
			in_chunk = true;
			continue;
		}
		in_chunk = false;
		if (!m.opt) {
			add_extra(p, argv[i]);
			continue;
		}
		used = take_option(p, &m, i, argc, argv);
		if (used < 0)
			return -1;
		i += used;
	}
	*cmd_at = argc;
	return 0;
}

static const struct cmd_entry *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; cmd_table[i]; i++)
		if (!strcmp(cmd_table[i]->name, name))
			return cmd_table[i];
	return NULL;
}

static int invalid_choice(struct parse *p, const char *name)
{
	struct rt_buf b = RT_BUF_INIT;
	size_t i;
	int rc;

	for (i = 0; cmd_table[i]; i++)
		rt_buf_addf(&b, "%s'%s'", i ? ", " : "", cmd_table[i]->name);
	rc = fail(p, "argument %s: invalid choice: '%s' (choose from %s)",
		  p->v->choices, name, b.buf);
	rt_buf_release(&b);
	return rc;
}

static void join_extras(struct parse *p, struct rt_buf *b)
{
	size_t i;

	for (i = 0; i < p->nextras; i++)
		rt_buf_addf(b, "%s%s", i ? " " : "", p->extras[i]);
}

void cli_parse(struct cli_parse_result *out, struct rt_arena *a,
	       const char *prog, int argc, const char **argv)
{
	struct cli_view top, sub;
	struct parse p = { 0 };
	struct rt_buf b = RT_BUF_INIT;
	int cmd_at;

	memset(out, 0, sizeof(*out));
	out->status = -1;
	p.a = a;
	p.res = out;
	p.args = &out->args;
	p.width = cli_term_width();
	cli_view_init(&top, a, prog, NULL);
	p.v = &top;
	if (parse_level(&p, argc, argv, &cmd_at) < 0)
		goto out;
	if (cmd_at < argc) {
		out->cmd = find_cmd(argv[cmd_at]);
		if (!out->cmd) {
			invalid_choice(&p, argv[cmd_at]);
			goto out;
		}
		cli_view_init(&sub, a, prog, out->cmd);
		p.v = &sub;
		if (parse_level(&p, argc - cmd_at - 1, argv + cmd_at + 1,
				&cmd_at) < 0)
			goto out;
		if (sub.pos_kind != POS_NONE && !out->args.npos) {
			fail(&p, "the following arguments are required: %s",
			     sub.pos_name);
			goto out;
		}
		p.v = &top;
	}
	if (p.nextras) {
		join_extras(&p, &b);
		fail(&p, "unrecognized arguments: %s", b.buf);
	} else if (!out->cmd) {
		fail(&p, "too few arguments");
	}
out:
	rt_buf_release(&b);
	free(p.extras);
}

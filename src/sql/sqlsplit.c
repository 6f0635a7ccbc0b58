/*
 * sqlsplit.c: a small SQL scanner (model: SQLite's tokenize.c) that only
 * knows what can hide a ';': strings, quoted identifiers, comments,
 * dollar quotes and the BEGIN ... END bodies of routines.
 */
#include "sqlsplit.h"

#include <strings.h>

struct splitter {
	const char *file, *src;
	size_t pos, end;
	size_t line;
	size_t line_off;	/* where column 1 of `line` is */
	unsigned flags;
	struct rt_err *err;

	/* the statement being read */
	bool in_stmt;
	size_t st_off, st_end;
	int st_line, st_col;
	int nwords;
	bool create;		/* its first word is CREATE */
	bool routine;		/* CREATE ... TRIGGER/FUNCTION/... */
	bool paren;		/* a '(' was seen */
	int nparen;		/* open '(' */
	struct rt_loc paren_loc;	/* the outermost open '(' */
	char last;		/* last byte of the previous token */
	int depth;		/* open BEGIN/CASE blocks */
	bool pending_end;	/* END seen: END IF etc. or a real END? */
	struct rt_loc block;	/* the outermost open BEGIN/CASE */
	const char *block_word;

	struct sqlsplit_stmt *v;
	size_t n, alloc;
};

unsigned sqlsplit_dialect_flags(const char *dialect)
{
	if (!dialect)
		return 0;
	if (!strcmp(dialect, "postgresql"))
		return SQLSPLIT_POSTGRESQL;
	if (!strcmp(dialect, "mysql") || !strcmp(dialect, "mariadb"))
		return SQLSPLIT_MYSQL;
	return SQLSPLIT_SQLITE;
}

/* The location of off, which must be on the current line. */
static struct rt_loc here(const struct splitter *s, size_t off)
{
	return (struct rt_loc){ s->file, rt_loc_int(s->line),
				rt_loc_int(off - s->line_off + 1) };
}

/* Move to off, counting the newlines passed. */
static void move_to(struct splitter *s, size_t off)
{
	for (; s->pos < off; s->pos++)
		if (s->src[s->pos] == '\n') {
			s->line++;
			s->line_off = s->pos + 1;
		}
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '$' ||
	       (unsigned char)c >= 0x80;
}

static int unterminated(struct splitter *s, size_t off, const char *what,
			const char *closer)
{
	struct rt_loc loc = here(s, off);

	return rt_errf(s->err, RT_ESYNTAX, &loc, "unterminated %s (expected "
		       "a closing %s before the end of the section)", what,
		       closer);
}

/*
 * A block comment opened at pos (its text from pos + skip on): *e gets
 * its end, nested per the flags.
 */
static int scan_block_comment(struct splitter *s, size_t skip, size_t *e)
{
	const char *p = s->src;
	size_t i = s->pos + skip;
	int level = 1;

	while (i + 1 < s->end) {
		if (p[i] == '*' && p[i + 1] == '/') {
			i += 2;
			if (!--level) {
				*e = i;
				return 0;
			}
		} else if (p[i] == '/' && p[i + 1] == '*' &&
			   (s->flags & SQLSPLIT_NEST_COMMENTS)) {
			level++;
			i += 2;
		} else {
			i++;
		}
	}
	return unterminated(s, s->pos, "block comment", "*/");
}

/*
 * A comment at pos: 1 and *e its end, or 0 when there is none (a MySQL
 * versioned comment is code, not a comment), or an error.
 */
static int scan_comment(struct splitter *s, size_t *e)
{
	const char *p = s->src + s->pos;
	size_t left = s->end - s->pos;
	bool mysql = s->flags & SQLSPLIT_MYSQL_COMMENTS;
	const char *nl;
	int rc;

	if ((left >= 2 && p[0] == '-' && p[1] == '-' &&
	     (!mysql || left == 2 || is_blank(p[2]) ||
	      (unsigned char)p[2] < 0x20)) || (mysql && p[0] == '#')) {
		nl = memchr(p, '\n', left);
		*e = nl ? (size_t)(nl - s->src) : s->end;
		return 1;
	}
	if (left >= 2 && p[0] == '/' && p[1] == '*' &&
	    !(mysql && left >= 3 && p[2] == '!')) {
		if ((rc = scan_block_comment(s, 2, e)) < 0)
			return rc;
		return 1;
	}
	return 0;
}

/* A quoted token from q (its opening quote) on; *e: after the closer. */
static int scan_quoted(struct splitter *s, size_t start, size_t q,
		       bool backslash, size_t *e)
{
	const char *p = s->src;
	char quote = p[q];
	size_t i = q + 1;

	while (i < s->end) {
		if (p[i] == '\\' && backslash && i + 1 < s->end) {
			i += 2;
		} else if (p[i] == quote) {
			if (i + 1 < s->end && p[i + 1] == quote) {
				i += 2;
				continue;
			}
			*e = i + 1;
			return 0;
		} else {
			i++;
		}
	}
	if (quote == '\'')
		return unterminated(s, start, "string literal", "'");
	if (quote == '`')
		return unterminated(s, start, "quoted identifier", "`");
	return unterminated(s, start, s->flags & SQLSPLIT_BACKSLASH ?
			    "double-quoted string" : "quoted identifier",
			    "\"");
}

/*
 * A PostgreSQL dollar quote at pos: 1 and *e after its closer, 0 when
 * the '$' opens none ($1, a lone $), or an error.
 */
static int scan_dollar(struct splitter *s, size_t *e)
{
	const char *p = s->src, *close;
	size_t i = s->pos + 1, tlen, k;
	char *tag;

	if (i < s->end && p[i] != '$' &&
	    (!is_word_char(p[i]) || p[i] == '$' ||
	     (p[i] >= '0' && p[i] <= '9')))
		return 0;
	while (i < s->end && p[i] != '$' && is_word_char(p[i]))
		i++;
	if (i >= s->end || p[i] != '$')
		return 0;
	tlen = i + 1 - s->pos;
	tag = rt_xstrndup(p + s->pos, tlen);
	close = NULL;
	for (k = i + 1; k + tlen <= s->end; k++)
		if (p[k] == '$' && !memcmp(p + k, tag, tlen)) {
			close = p + k;
			break;
		}
	if (!close) {
		int rc = unterminated(s, s->pos, "dollar-quoted string", tag);

		free(tag);
		return rc;
	}
	free(tag);
	*e = (size_t)(close - p) + tlen;
	return 1;
}

static bool word_is(const struct splitter *s, size_t b, size_t e,
		    const char *kw)
{
	return e - b == strlen(kw) && !strncasecmp(s->src + b, kw, e - b);
}

static void push_stmt(struct splitter *s, struct rt_arena *a)
{
	if (s->in_stmt) {
		RT_ALLOC_GROW(s->v, s->n + 1, s->alloc);
		s->v[s->n++] = (struct sqlsplit_stmt){
			s->st_off, s->st_end - s->st_off, s->st_line,
			s->st_col,
		};
	}
	s->in_stmt = s->create = s->routine = s->paren = false;
	s->pending_end = false;
	s->nwords = s->depth = s->nparen = 0;
	s->last = 0;
}

/*
 * The token after END: END IF/LOOP/WHILE/REPEAT close blocks that were
 * never counted; END CASE and a plain END close one.  Returns true when
 * the token was END's second word (so it opens nothing itself).
 */
static bool settle_end(struct splitter *s, size_t b, size_t e, bool word)
{
	static const char *const uncounted[] = {
		"IF", "LOOP", "WHILE", "REPEAT",
	};
	size_t i;

	if (!s->pending_end)
		return false;
	s->pending_end = false;
	for (i = 0; word && i < RT_ARRAY_SIZE(uncounted); i++)
		if (word_is(s, b, e, uncounted[i]))
			return true;
	s->depth--;
	return word && word_is(s, b, e, "CASE");
}

/* CREATE <kind>: does this word say what the statement creates? */
static void creates_what(struct splitter *s, size_t b, size_t e)
{
	static const char *const kinds[] = {
		"TRIGGER", "FUNCTION", "PROCEDURE", "EVENT",
	};
	/* not routines: CREATE TABLE event (begin int) is no body */
	static const char *const others[] = {
		"TABLE", "VIEW", "INDEX", "UNIQUE", "SEQUENCE", "SCHEMA",
		"DATABASE", "TYPE", "DOMAIN", "EXTENSION", "ROLE", "USER",
		"GROUP", "MATERIALIZED", "RULE", "POLICY", "SERVER",
		"TABLESPACE", "FOREIGN", "UNLOGGED", "VIRTUAL", "STATISTICS",
		"COLLATION", "PUBLICATION", "SUBSCRIPTION", "CAST",
		"CONVERSION", "OPERATOR", "LANGUAGE", "TRANSFORM", "ACCESS",
		"TEXT", "FULLTEXT", "SPATIAL",
	};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(kinds); i++)
		if (word_is(s, b, e, kinds[i]))
			s->routine = true;
	for (i = 0; i < RT_ARRAY_SIZE(others); i++)
		if (word_is(s, b, e, others[i]))
			s->create = false;
}

static int routine_word(struct splitter *s, size_t b, size_t e)
{
	if (!s->routine && s->create && !s->paren)
		creates_what(s, b, e);
	if (!s->routine || s->last == '.')
		return 0;
	if (word_is(s, b, e, "BEGIN") || word_is(s, b, e, "CASE")) {
		if (!s->depth++) {
			s->block = here(s, b);
			s->block_word = word_is(s, b, e, "BEGIN") ? "BEGIN" :
					"CASE";
		}
	} else if (word_is(s, b, e, "END") && s->depth) {
		s->pending_end = true;
	}
	return 0;
}

static int word(struct splitter *s, size_t b, size_t e)
{
	if (settle_end(s, b, e, true))
		return 0;
	if (!s->nwords++) {
		s->create = word_is(s, b, e, "CREATE");
		if (word_is(s, b, e, "DELIMITER")) {
			struct rt_loc loc = here(s, b);

			return rt_errf(s->err, RT_ESYNTAX, &loc, "DELIMITER "
				       "is a mysql client command, not SQL "
				       "(retort keeps the ';' inside BEGIN "
				       "... END bodies together itself: "
				       "remove the DELIMITER lines)");
		}
	}
	return routine_word(s, b, e);
}

/* The token at pos (not blank, not a comment, not ';'): *e its end. */
static int token(struct splitter *s, size_t *e)
{
	const char *p = s->src;
	size_t b = s->pos, i = b;
	int rc;

	if (p[b] == '\'' || p[b] == '"' || p[b] == '`')
		return scan_quoted(s, b, b, p[b] != '`' &&
				   (s->flags & SQLSPLIT_BACKSLASH), e);
	if (p[b] == '$' && (s->flags & SQLSPLIT_DOLLAR) &&
	    (rc = scan_dollar(s, e)) != 0)
		return rc < 0 ? rc : 0;
	if (p[b] == '/' && b + 2 < s->end && p[b + 1] == '*')
		return scan_block_comment(s, 3, e);	/* MySQL's code */
	if (!is_word_char(p[b]) || p[b] == '$') {
		*e = b + 1;
		if (p[b] == '(' && !s->nparen++) {
			s->paren = true;
			s->paren_loc = here(s, b);
		}
		if (p[b] == ')' && s->nparen)
			s->nparen--;
		settle_end(s, b, *e, false);
		return 0;
	}
	while (i < s->end && is_word_char(p[i]))
		i++;
	if (i < s->end && p[i] == '\'' && i == b + 1 &&
	    (p[b] == 'E' || p[b] == 'e') && (s->flags & SQLSPLIT_ESTRINGS))
		return scan_quoted(s, b, i, true, e);
	*e = i;
	return word(s, b, i);
}

static int step(struct splitter *s, struct rt_arena *a)
{
	size_t e;
	int rc;

	if (is_blank(s->src[s->pos])) {
		move_to(s, s->pos + 1);
		return 0;
	}
	if ((rc = scan_comment(s, &e)) != 0) {
		if (rc > 0)
			move_to(s, e);
		return rc < 0 ? rc : 0;
	}
	if (s->src[s->pos] == ';') {
		settle_end(s, s->pos, s->pos + 1, false);
		if (!s->depth && !s->nparen) {
			push_stmt(s, a);
			move_to(s, s->pos + 1);
			return 0;
		}
	}
	if (!s->in_stmt) {
		s->in_stmt = true;
		s->st_off = s->pos;
		s->st_line = rt_loc_int(s->line);
		s->st_col = here(s, s->pos).col;
	}
	if (s->src[s->pos] == ';')
		e = s->pos + 1;
	else if ((rc = token(s, &e)) < 0)
		return rc;
	s->st_end = e;
	s->last = s->src[e - 1];
	move_to(s, e);
	return 0;
}

int sqlsplit(struct sqlsplit_stmt **out, size_t *nout, struct rt_arena *a,
	     const char *file, const char *src, size_t start, size_t end,
	     int line, int col, unsigned flags, struct rt_err *err)
{
	struct splitter s;
	int rc = 0;

	memset(&s, 0, sizeof(s));
	s.file = file;
	s.src = src;
	s.pos = start;
	s.end = end;
	s.line = (size_t)line;
	s.line_off = start - (size_t)(col - 1);
	s.flags = flags;
	s.err = err;
	while (s.pos < s.end && (rc = step(&s, a)) >= 0)
		;
	if (rc >= 0) {
		settle_end(&s, s.pos, s.pos, false);
		if (s.depth)
			rc = rt_errf(err, RT_ESYNTAX, &s.block, "'%s' without "
				     "a matching 'END' (expected END before "
				     "the end of the section)", s.block_word);
		else if (s.nparen)
			rc = rt_errf(err, RT_ESYNTAX, &s.paren_loc, "'(' "
				     "without a matching ')' (expected ')' "
				     "before the end of the section)");
		else
			push_stmt(&s, a);
	}
	*out = NULL;
	*nout = 0;
	if (rc >= 0 && s.n) {
		*out = arena_memdup(a, s.v, s.n * sizeof(*s.v));
		*nout = s.n;
	}
	free(s.v);
	return rc < 0 ? rc : 0;
}

/*
 * pylex.c: the Python 3 tokenizer: names, numbers, strings, operators,
 * comments, NEWLINE/NL, INDENT/DEDENT (Python's tab rules), ENDMARKER.
 * Then PEP 263 source decoding and string literal values (pylex_str_*).
 */
#include "pylex.h"
#include "base/srcmap.h"

static const char *const op_strs[PYO__COUNT] = {
	[PYO_NONE] = "",
	[PYO_LPAR] = "(", [PYO_RPAR] = ")", [PYO_LSQB] = "[",
	[PYO_RSQB] = "]", [PYO_LBRACE] = "{", [PYO_RBRACE] = "}",
	[PYO_COLON] = ":", [PYO_COMMA] = ",", [PYO_SEMI] = ";",
	[PYO_DOT] = ".", [PYO_ELLIPSIS] = "...",
	[PYO_PLUS] = "+", [PYO_MINUS] = "-", [PYO_STAR] = "*",
	[PYO_SLASH] = "/", [PYO_DSLASH] = "//", [PYO_PERCENT] = "%",
	[PYO_DSTAR] = "**", [PYO_AT] = "@", [PYO_VBAR] = "|",
	[PYO_AMPER] = "&", [PYO_CIRCUMFLEX] = "^", [PYO_TILDE] = "~",
	[PYO_LSHIFT] = "<<", [PYO_RSHIFT] = ">>",
	[PYO_LESS] = "<", [PYO_GREATER] = ">", [PYO_EQEQ] = "==",
	[PYO_NOTEQ] = "!=", [PYO_LESSEQ] = "<=", [PYO_GREATEREQ] = ">=",
	[PYO_EQUAL] = "=", [PYO_RARROW] = "->", [PYO_COLONEQ] = ":=",
	[PYO_PLUSEQ] = "+=", [PYO_MINUSEQ] = "-=", [PYO_STAREQ] = "*=",
	[PYO_SLASHEQ] = "/=", [PYO_DSLASHEQ] = "//=",
	[PYO_PERCENTEQ] = "%=", [PYO_DSTAREQ] = "**=", [PYO_ATEQ] = "@=",
	[PYO_VBAREQ] = "|=", [PYO_AMPEREQ] = "&=",
	[PYO_CIRCUMFLEXEQ] = "^=", [PYO_LSHIFTEQ] = "<<=",
	[PYO_RSHIFTEQ] = ">>=",
};

const char *pylex_op_str(enum py_op op)
{
	return op < PYO__COUNT ? op_strs[op] : "";
}

const char *pylex_tok_name(enum py_tok t)
{
	static const char *const names[] = {
		"ENDMARKER", "NAME", "NUMBER", "STRING", "OP", "NEWLINE",
		"NL", "COMMENT", "INDENT", "DEDENT",
	};

	return (size_t)t < RT_ARRAY_SIZE(names) ? names[t] : "?";
}

void pylex_init(struct pylex *lx, const char *file, const char *src,
		size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->file = file;
	lx->src = src;
	lx->end = len;
	lx->nindent = 1;
	lx->bol = true;
	lx->last_newline = true;
}

void pylex_init_expr(struct pylex *lx, const char *file, const char *src,
		     size_t start, size_t end)
{
	pylex_init(lx, file, src, end);
	lx->pos = start;
	lx->bol = false;
	lx->expr_mode = true;
	lx->paren = 1;
}

struct rt_loc pylex_loc(const struct pylex *lx, size_t off)
{
	return rt_loc_at(lx->file, lx->src, off);
}

static int lex_err(const struct pylex *lx, size_t off, struct rt_err *err,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int lex_err(const struct pylex *lx, size_t off, struct rt_err *err,
		   const char *fmt, ...)
{
	struct rt_loc loc = pylex_loc(lx, off);
	va_list ap;

	va_start(ap, fmt);
	rt_verrf(err, RT_ESYNTAX, &loc, fmt, ap);
	va_end(ap);
	return RT_ESYNTAX;
}

static int emit(struct py_token *out, enum py_tok type, size_t off,
		size_t len)
{
	out->type = type;
	out->op = PYO_NONE;
	out->off = off;
	out->len = len;
	return 0;
}

/* Decode one UTF-8 sequence (already validated) at s; *n its length. */
static uint32_t utf8_cp(const unsigned char *s, size_t *n)
{
	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (s[0] < 0xE0) {
		*n = 2;
		return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
	}
	if (s[0] < 0xF0) {
		*n = 3;
		return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) |
		       (s[2] & 0x3Fu);
	}
	*n = 4;
	return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
	       ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
}

/*
 * Whether a non-ASCII code point may be part of an identifier.  An
 * approximation of XID_Continue: letters pass, the punctuation, symbol
 * and space blocks do not.
 */
static bool cp_is_ident(uint32_t cp)
{
	if (cp < 0xC0)
		return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
	if (cp == 0xD7 || cp == 0xF7)
		return false;
	if (cp >= 0x2000 && cp <= 0x2BFF)
		return false;
	if (cp >= 0x3000 && cp <= 0x303F)
		return false;
	if (cp >= 0xFE30 && cp <= 0xFE4F)
		return false;
	if (cp >= 0xFF00 && cp <= 0xFF0F)
		return false;
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return false;
	return cp != 0xFEFF && cp != 0x3000;
}

static bool is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_ident_char(int c)
{
	return is_ident_start(c) || is_digit(c);
}

/* Length of the identifier characters at pos (0: none). */
static size_t ident_len(const struct pylex *lx, size_t pos)
{
	const unsigned char *s = (const unsigned char *)lx->src;
	size_t p = pos, n;

	while (p < lx->end) {
		if (s[p] < 0x80) {
			if (!is_ident_char(s[p]))
				break;
			p++;
		} else {
			if (!cp_is_ident(utf8_cp(s + p, &n)))
				break;
			p += n;
		}
	}
	return p - pos;
}

/* The PYSTR_* flags of a prefix, or -1 if it is not a string prefix. */
static int str_prefix(const char *s, size_t n)
{
	unsigned f = 0;
	size_t i;

	if (n > 2)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned bit;

		switch (s[i] | 0x20) {
		case 'r':
			bit = PYSTR_RAW;
			break;
		case 'b':
			bit = PYSTR_BYTES;
			break;
		case 'f':
			bit = PYSTR_F;
			break;
		case 'u':
			bit = PYSTR_U;
			break;
		default:
			return -1;
		}
		if (f & bit)
			return -1;
		f |= bit;
	}
	if ((f & PYSTR_U) && n > 1)
		return -1;
	if ((f & PYSTR_BYTES) && (f & PYSTR_F))
		return -1;
	return (int)f;
}

/* Scan a string literal whose quote is at q (prefix starts at start). */
static int lex_string(struct pylex *lx, struct py_token *out, size_t start,
		      size_t q, struct rt_err *err)
{
	const char *s = lx->src;
	char quote = s[q];
	bool triple = q + 2 < lx->end && s[q + 1] == quote &&
		      s[q + 2] == quote;
	size_t p = q + (triple ? 3 : 1);

	while (p < lx->end) {
		char c = s[p];

		if (c == '\\') {
			p += 2;
			continue;
		}
		if (c == '\n' && !triple)
			break;
		if (c == quote) {
			if (!triple) {
				p++;
				goto found;
			}
			if (p + 2 < lx->end && s[p + 1] == quote &&
			    s[p + 2] == quote) {
				p += 3;
				goto found;
			}
		}
		p++;
	}
	if (triple)
		return lex_err(lx, start, err,
			       "unterminated triple-quoted string literal "
			       "(expected closing %c%c%c)", quote, quote,
			       quote);
	return lex_err(lx, start, err,
		       "unterminated string literal (expected closing %c "
		       "before the end of the line)", quote);
found:
	lx->pos = p;
	return emit(out, PY_STRING, start, p - start);
}

static size_t digits(const struct pylex *lx, size_t p, int base)
{
	const char *s = lx->src;

	while (p < lx->end) {
		int c = s[p] | 0x20;
		bool ok = base == 16 ? (is_digit(s[p]) ||
					(c >= 'a' && c <= 'f')) :
			  base == 8 ? (s[p] >= '0' && s[p] <= '7') :
			  base == 2 ? (s[p] == '0' || s[p] == '1') :
			  is_digit(s[p]);

		if (ok)
			p++;
		else if (s[p] == '_' && p + 1 < lx->end &&
			 p > 0 && s[p - 1] != '_')
			p++;
		else
			break;
	}
	return p;
}

/* A number: int (any base), float, exponent, imaginary. */
static int lex_number(struct pylex *lx, struct py_token *out,
		      struct rt_err *err)
{
	const char *s = lx->src;
	size_t start = lx->pos, p = start, q;

	if (s[p] == '0' && p + 1 < lx->end && strchr("xXoObB", s[p + 1]) &&
	    s[p + 1]) {
		int c = s[p + 1] | 0x20;
		int base = c == 'x' ? 16 : c == 'o' ? 8 : 2;

		p += 2;
		if (p < lx->end && s[p] == '_')
			p++;
		q = digits(lx, p, base);
		if (q == p || s[q - 1] == '_')
			return lex_err(lx, start, err, "invalid %s literal "
				       "(expected %s digits after '%.2s')",
				       base == 16 ? "hexadecimal" :
				       base == 8 ? "octal" : "binary",
				       base == 16 ? "hexadecimal" :
				       base == 8 ? "octal" : "binary",
				       s + start);
		lx->pos = q;
		return emit(out, PY_NUMBER, start, q - start);
	}
	p = digits(lx, p, 10);
	q = p;
	if (p < lx->end && s[p] == '.') {
		p = digits(lx, p + 1, 10);
	}
	if (p < lx->end && (s[p] | 0x20) == 'e') {
		size_t e = p + 1;

		if (e < lx->end && (s[e] == '+' || s[e] == '-'))
			e++;
		if (e < lx->end && is_digit(s[e]))
			p = digits(lx, e, 10);
		else
			return lex_err(lx, start, err, "invalid decimal "
				       "literal (expected digits in the "
				       "exponent)");
	}
	if (p < lx->end && (s[p] | 0x20) == 'j')
		p++;
	if (s[p - 1] == '_')
		return lex_err(lx, start, err, "invalid decimal literal "
			       "(expected a digit after '_')");
	if (p == q && s[start] == '0') {
		size_t i;

		for (i = start; i < q; i++)
			if (s[i] != '0' && s[i] != '_')
				return lex_err(lx, start, err,
					       "leading zeros in decimal "
					       "integer literals are not "
					       "permitted; use an 0o prefix "
					       "for octal integers");
	}
	lx->pos = p;
	return emit(out, PY_NUMBER, start, p - start);
}

/* The longest operator at s (avail bytes); PYO_NONE if there is none. */
static int match_op(const char *s, size_t avail, size_t *len)
{
	static const enum py_op multi[] = {
		PYO_DSTAREQ, PYO_DSLASHEQ, PYO_RSHIFTEQ, PYO_LSHIFTEQ,
		PYO_ELLIPSIS,
		PYO_RARROW, PYO_COLONEQ, PYO_DSTAR, PYO_DSLASH, PYO_RSHIFT,
		PYO_LSHIFT, PYO_LESSEQ, PYO_GREATEREQ, PYO_EQEQ, PYO_NOTEQ,
		PYO_PLUSEQ, PYO_MINUSEQ, PYO_STAREQ, PYO_SLASHEQ,
		PYO_PERCENTEQ, PYO_ATEQ, PYO_VBAREQ, PYO_AMPEREQ,
		PYO_CIRCUMFLEXEQ,
	};
	static const signed char single[128] = {
		['('] = PYO_LPAR, [')'] = PYO_RPAR, ['['] = PYO_LSQB,
		[']'] = PYO_RSQB, ['{'] = PYO_LBRACE, ['}'] = PYO_RBRACE,
		[':'] = PYO_COLON, [','] = PYO_COMMA, [';'] = PYO_SEMI,
		['.'] = PYO_DOT, ['+'] = PYO_PLUS, ['-'] = PYO_MINUS,
		['*'] = PYO_STAR, ['/'] = PYO_SLASH, ['%'] = PYO_PERCENT,
		['@'] = PYO_AT, ['|'] = PYO_VBAR, ['&'] = PYO_AMPER,
		['^'] = PYO_CIRCUMFLEX, ['~'] = PYO_TILDE, ['<'] = PYO_LESS,
		['>'] = PYO_GREATER, ['='] = PYO_EQUAL,
	};
	size_t i;

	/* Every multi-character operator has one of these second. */
	if (avail < 2 || !memchr("=*/<>.", s[1], 6))
		i = RT_ARRAY_SIZE(multi);
	else
		i = 0;
	/* Longest first: the 3-character ones lead the table. */
	for (; i < RT_ARRAY_SIZE(multi); i++) {
		const char *o = op_strs[multi[i]];
		size_t n = o[2] ? 3 : 2;

		if (o[0] == s[0] && n <= avail && o[1] == s[1] &&
		    (n == 2 || o[2] == s[2])) {
			*len = n;
			return multi[i];
		}
	}
	*len = 1;
	if ((unsigned char)s[0] < 128 && single[(unsigned char)s[0]])
		return single[(unsigned char)s[0]];
	*len = 0;
	return PYO_NONE;
}

static int close_bracket(struct pylex *lx, char c, size_t off,
			 struct rt_err *err)
{
	char want = c == ')' ? '(' : c == ']' ? '[' : '{';
	int base = lx->expr_mode ? 1 : 0;
	int depth = lx->paren - base;

	if (depth <= 0)
		return lex_err(lx, off, err, "unmatched '%c'", c);
	if (depth <= (int)sizeof(lx->parens) &&
	    lx->parens[depth - 1] != want)
		return lex_err(lx, off, err, "closing parenthesis '%c' does "
			       "not match opening parenthesis '%c' (expected "
			       "'%c')", c, lx->parens[depth - 1],
			       lx->parens[depth - 1] == '(' ? ')' :
			       lx->parens[depth - 1] == '[' ? ']' : '}');
	lx->paren--;
	return 0;
}

static void open_bracket(struct pylex *lx, char c, size_t off)
{
	int depth = lx->paren - (lx->expr_mode ? 1 : 0);

	if (depth < (int)sizeof(lx->parens)) {
		lx->parens[depth] = c;
		lx->paren_off[depth] = off;
	}
	lx->paren++;
}

static int lex_op(struct pylex *lx, struct py_token *out, struct rt_err *err)
{
	const char *s = lx->src;
	size_t start = lx->pos, n;
	int op = match_op(s + start, lx->end - start, &n);
	unsigned char c = (unsigned char)s[start];

	if (op == PYO_NONE) {
		size_t cl = 1;
		uint32_t cp;

		if (c >= 0x80) {
			cp = utf8_cp((const unsigned char *)s + start, &cl);
			return lex_err(lx, start, err, "invalid character "
				       "'%.*s' (U+%04X) (expected a Python "
				       "token)", (int)cl, s + start,
				       (unsigned)cp);
		}
		if (c < 0x20 || c == 0x7f)
			return lex_err(lx, start, err, "invalid non-printable"
				       " character U+%04X (expected a Python "
				       "token)", c);
		return lex_err(lx, start, err, "invalid character '%c' "
			       "(expected a Python token)", c);
	}
	if (c == '(' || c == '[' || c == '{')
		open_bracket(lx, (char)c, start);
	else if (c == ')' || c == ']' || c == '}') {
		if (close_bracket(lx, (char)c, start, err))
			return RT_ESYNTAX;
	}
	lx->pos = start + n;
	emit(out, PY_OP, start, n);
	out->op = (enum py_op)op;
	return 0;
}

/* At the start of a line outside brackets: measure indentation. */
static int lex_indent(struct pylex *lx, struct py_token *out, bool *emitted,
		      struct rt_err *err)
{
	const char *s = lx->src;
	size_t p = lx->pos, start = lx->pos;
	int col = 0, alt = 0, cont = 0, top;

	*emitted = false;
	for (; p < lx->end; p++) {
		if (s[p] == ' ') {
			col++;
			alt++;
		} else if (s[p] == '\t') {
			col = (col / 8 + 1) * 8;
			alt++;
		} else if (s[p] == '\f') {
			col = alt = 0;
		} else if (s[p] == '\\' && p + 1 < lx->end &&
			   s[p + 1] == '\n') {
			/* CPython: indentation goes on over a line
			 * continuation, the first one not at column 0
			 * deciding it */
			if (p + 2 >= lx->end)
				return lex_err(lx, p, err, "unexpected end of "
					       "file after line continuation "
					       "character");
			if (!cont)
				cont = col;
			p++;
		} else {
			break;
		}
	}
	lx->pos = p;
	lx->bol = false;
	/* Blank and comment-only lines do not count (NL follows). */
	if (p >= lx->end || s[p] == '\n' || s[p] == '#' || s[p] == '\r')
		return 0;
	if (cont)
		col = alt = cont;
	top = lx->indents[lx->nindent - 1];
	if (col == top) {
		if (alt != lx->altind[lx->nindent - 1])
			return lex_err(lx, p, err, "inconsistent use of tabs "
				       "and spaces in indentation");
		return 0;
	}
	if (col > top) {
		if (lx->nindent >= PYLEX_MAXINDENT)
			return lex_err(lx, p, err, "too many levels of "
				       "indentation");
		if (alt <= lx->altind[lx->nindent - 1])
			return lex_err(lx, p, err, "inconsistent use of tabs "
				       "and spaces in indentation");
		lx->indents[lx->nindent] = col;
		lx->altind[lx->nindent++] = alt;
		*emitted = true;
		return emit(out, PY_INDENT, start, p - start);
	}
	while (lx->nindent > 1 && col < lx->indents[lx->nindent - 1]) {
		lx->nindent--;
		lx->pending++;
	}
	if (col != lx->indents[lx->nindent - 1])
		return lex_err(lx, p, err, "unindent does not match any outer "
			       "indentation level (expected a column of %d)",
			       lx->indents[lx->nindent - 1] + 1);
	if (alt != lx->altind[lx->nindent - 1])
		return lex_err(lx, p, err, "inconsistent use of tabs and "
			       "spaces in indentation");
	lx->pending--;
	*emitted = true;
	return emit(out, PY_DEDENT, p, 0);
}

static int lex_eof(struct pylex *lx, struct py_token *out,
		   struct rt_err *err)
{
	int base = lx->expr_mode ? 1 : 0;

	if (lx->paren > base) {
		int d = lx->paren - base - 1;

		if (d >= (int)sizeof(lx->parens))
			d = (int)sizeof(lx->parens) - 1;
		return lex_err(lx, lx->paren_off[d], err, "'%c' was never "
			       "closed (expected '%c' before the end of the "
			       "file)", lx->parens[d],
			       lx->parens[d] == '(' ? ')' :
			       lx->parens[d] == '[' ? ']' : '}');
	}
	if (!lx->expr_mode && !lx->last_newline) {
		lx->last_newline = true;
		return emit(out, PY_NEWLINE, lx->end, 0);
	}
	if (lx->nindent > 1) {
		lx->nindent--;
		return emit(out, PY_DEDENT, lx->end, 0);
	}
	lx->done = true;
	return emit(out, PY_ENDMARKER, lx->end, 0);
}

static int lex_name_or_string(struct pylex *lx, struct py_token *out,
			      struct rt_err *err)
{
	size_t start = lx->pos, n = ident_len(lx, start);

	if (!n)
		return lex_op(lx, out, err);
	if (start + n < lx->end &&
	    (lx->src[start + n] == '\'' || lx->src[start + n] == '"') &&
	    str_prefix(lx->src + start, n) >= 0)
		return lex_string(lx, out, start, start + n, err);
	lx->pos = start + n;
	return emit(out, PY_NAME, start, n);
}

static int lex_token(struct pylex *lx, struct py_token *out,
		     struct rt_err *err)
{
	const char *s = lx->src;
	size_t p;
	unsigned char c;

again:
	while (lx->pos < lx->end && (s[lx->pos] == ' ' || s[lx->pos] == '\t'
	       || s[lx->pos] == '\f' || s[lx->pos] == '\r'))
		lx->pos++;
	p = lx->pos;
	if (p >= lx->end)
		return lex_eof(lx, out, err);
	c = (unsigned char)s[p];
	if (c == '#') {
		const char *nl = memchr(s + p, '\n', lx->end - p);

		lx->pos = nl ? (size_t)(nl - s) : lx->end;
		return emit(out, PY_COMMENT, p, lx->pos - p);
	}
	if (c == '\n') {
		lx->pos++;
		if (lx->paren > 0)
			return emit(out, PY_NL, p, 1);
		lx->bol = true;
		if (lx->last_newline)
			return emit(out, PY_NL, p, 1);
		lx->last_newline = true;
		return emit(out, PY_NEWLINE, p, 1);
	}
	if (c == '\\') {
		if (p + 2 < lx->end && s[p + 1] == '\n') {
			lx->pos += 2;
			goto again;
		}
		/* "\\\n" ending the file is Python's "unexpected EOF" */
		if (p + 1 >= lx->end || s[p + 1] == '\n')
			return lex_err(lx, p, err, "unexpected end of file "
				       "after line continuation character");
		return lex_err(lx, p, err, "unexpected character after line "
			       "continuation character (expected a newline)");
	}
	lx->last_newline = false;
	if (c == '\'' || c == '"')
		return lex_string(lx, out, p, p, err);
	if (is_digit(c) || (c == '.' && p + 1 < lx->end &&
			    is_digit(s[p + 1])))
		return lex_number(lx, out, err);
	if (is_ident_start(c) || c >= 0x80)
		return lex_name_or_string(lx, out, err);
	return lex_op(lx, out, err);
}

int pylex_next(struct pylex *lx, struct py_token *out, struct rt_err *err)
{
	bool emitted;
	int rc;

	if (lx->done)
		return emit(out, PY_ENDMARKER, lx->end, 0);
	if (lx->pending > 0) {
		lx->pending--;
		return emit(out, PY_DEDENT, lx->pos, 0);
	}
	if (lx->bol && !lx->expr_mode) {
		/* Each line starts "blank" until a token shows up on it. */
		if ((rc = lex_indent(lx, out, &emitted, err)) < 0)
			return rc;
		if (emitted)
			return 0;
	}
	return lex_token(lx, out, err);
}

/* ---- skipping a block (header mode) ---- */

/*
 * What each byte is to the skipper: ' ' nothing to check (a blank, a
 * letter, '_', or an operator character that always lexes), '0' a digit
 * (a number unless it continues a name), '.' a dot (maybe a number), 'q'
 * a quote, '#' a comment, 'n' a newline, 'b' a backslash, '(' and ')'
 * brackets, '!' half of "!=", 'h' non-ASCII (a name or an error), 'x' an
 * error.
 */
static const char skip_kinds[257] =
	"xxxxxxxxx nx  xxxxxxxxxxxxxxxxxx"	/* controls */
	" !q#x  q()    . 0000000000     x"	/* ' ' to '?' */
	"                           (b)  "	/* '@' to '_' */
	"x                          ( ) x"	/* '`' to DEL */
	"hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh"
	"hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh"
	"hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh"
	"hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh";

/* The state of a skipped block. */
struct skipper {
	struct pylex *lx;
	size_t p;			/* where the scan is */
	size_t num_end;			/* the end of the last number */
	size_t col[PYLEX_MAXINDENT];	/* indentation stack (spaces only, */
	int ncol;			/* as lx->indents would hold it) */
	char open[sizeof(((struct pylex *)0)->parens)];
	size_t nopen;			/* open brackets, as lx->parens */
};

/*
 * At sk->p, the start of a line outside brackets, find the next line
 * that holds a token and check its indentation as lex_indent() would.
 * Returns 1 (inside the block: sk->p at its first token), 0 (the block
 * is over: sk->p at the start of a column-0 line or at the end) or -1
 * (give up: something lex_indent() may reject or treat its own way).
 */
static int skip_line_start(struct skipper *sk)
{
	const char *s = sk->lx->src, *nl;
	size_t p = sk->p, q, col, end = sk->lx->end;

	for (;;) {
		for (q = p; q < end && s[q] == ' '; q++)
			;
		if (q < end && s[q] == '#') {
			nl = memchr(s + q, '\n', end - q);
			q = nl ? (size_t)(nl - s) : end;
		}
		if (q >= end) {
			sk->p = q;
			return 0;
		}
		if (s[q] != '\n')
			break;
		p = q + 1;
	}
	if (s[q] == '\t' || s[q] == '\f' || s[q] == '\r' || s[q] == '\\')
		return -1;
	col = q - p;
	if (!col) {
		sk->p = p;
		return 0;
	}
	if (col > sk->col[sk->ncol - 1]) {
		if (sk->ncol >= PYLEX_MAXINDENT || col > 10000)
			return -1;
		sk->col[sk->ncol++] = col;
	} else {
		while (sk->ncol > 1 && col < sk->col[sk->ncol - 1])
			sk->ncol--;
		if (col != sk->col[sk->ncol - 1])
			return -1;
	}
	sk->p = q;
	return 1;
}

/* Bracket c at a skipped position; false where lex_op() would fail. */
static bool skip_bracket(struct skipper *sk, char c)
{
	char want = c == ')' ? '(' : c == ']' ? '[' : c == '}' ? '{' : 0;

	if (!want) {
		if (sk->nopen >= sizeof(sk->open))
			return false;
		sk->open[sk->nopen++] = c;
		return true;
	}
	return sk->nopen && sk->open[--sk->nopen] == want;
}

/*
 * The end of the one-line string literal whose quote is at q, scanned
 * as lex_string() does, or 0 where it would fail.
 */
static size_t skip_string(const struct pylex *lx, size_t q)
{
	const char *s = lx->src;
	char quote = s[q];
	size_t p;

	for (p = q + 1; p < lx->end; p++) {
		if (s[p] == quote)
			return p + 1;
		if (s[p] == '\\')
			p++;
		else if (s[p] == '\n')
			return 0;
	}
	return 0;
}

/*
 * The token at sk->p that the lexer's own functions scan (a number, a
 * triple-quoted string, a non-ASCII name) with their exact rules.
 */
static bool skip_token(struct skipper *sk, char kind)
{
	struct pylex *lx = sk->lx;
	struct py_token t;
	int rc;

	lx->pos = sk->p;
	if (kind == 'q') {
		rc = lex_string(lx, &t, lx->pos, lx->pos, NULL);
	} else if (kind == '0') {
		rc = lex_number(lx, &t, NULL);
		sk->num_end = lx->pos;
	} else {
		rc = lex_name_or_string(lx, &t, NULL);
	}
	sk->p = lx->pos;
	return !rc;
}

/*
 * A digit at p continues a name (an ASCII byte of one before it) unless
 * it follows a number ("1j0" is two numbers).
 */
static bool in_name(const struct skipper *sk, size_t p)
{
	return p && p != sk->num_end && is_ident_char(sk->lx->src[p - 1]);
}

/* One step of pylex_skip_block(): 1 go on, 0 done, -1 give up. */
static int skip_step(struct skipper *sk)
{
	const char *s = sk->lx->src, *nl;
	size_t p = sk->p, end = sk->lx->end;
	char k = skip_kinds[(unsigned char)s[p]];

	switch (k) {
	case ' ':
		while (++p < end && skip_kinds[(unsigned char)s[p]] == ' ')
			;
		break;
	case '0':
		if (!in_name(sk, p))
			return skip_token(sk, k) ? 1 : -1;
		p++;
		break;
	case 'q':
		if (p + 2 < end && s[p + 1] == s[p] && s[p + 2] == s[p])
			return skip_token(sk, k) ? 1 : -1;
		if (!(p = skip_string(sk->lx, p)))
			return -1;
		break;
	case '.':
		if (p + 1 < end && is_digit(s[p + 1]))
			return skip_token(sk, '0') ? 1 : -1;
		/* "..." is one token: a digit after it starts no ".5". */
		p += p + 2 < end && s[p + 1] == '.' && s[p + 2] == '.' ? 3 : 1;
		break;
	case '#':
		nl = memchr(s + p, '\n', end - p);
		p = nl ? (size_t)(nl - s) : end;
		break;
	case 'n':
		sk->p = p + 1;
		return sk->nopen ? 1 : skip_line_start(sk);
	case 'b':
		if (p + 1 >= end || s[p + 1] != '\n')
			return -1;
		p += 2;
		break;
	case '(':
	case ')':
		if (!skip_bracket(sk, s[p++]))
			return -1;
		break;
	case '!':
		if (p + 1 >= end || s[p + 1] != '=')
			return -1;
		p += 2;
		break;
	case 'h':
		return skip_token(sk, k) ? 1 : -1;
	default:
		return -1;
	}
	sk->p = p;
	return 1;
}

bool pylex_skip_block(struct pylex *lx)
{
	struct skipper sk;
	size_t save = lx->pos;
	int rc = 1;

	if (lx->expr_mode || lx->done || lx->bol || lx->pending ||
	    lx->paren || lx->nindent != 1)
		return false;
	sk.lx = lx;
	sk.p = lx->pos;
	sk.num_end = 0;
	sk.col[0] = 0;
	sk.ncol = 1;
	sk.nopen = 0;
	while (sk.p < lx->end && (rc = skip_step(&sk)) > 0)
		;
	if (rc < 0 || sk.nopen) {
		lx->pos = save;
		return false;
	}
	/* As after the block's last DEDENT: at the start of a line. */
	lx->pos = sk.p;
	lx->bol = true;
	lx->last_newline = true;
	return true;
}

/* ---- PEP 263 source decoding ---- */

/* The encoding named by a coding comment in line [p, e), or NULL. */
static const char *coding_of(const char *s, size_t p, size_t e, size_t *at)
{
	size_t i;

	while (p < e && (s[p] == ' ' || s[p] == '\t' || s[p] == '\f'))
		p++;
	if (p >= e || s[p] != '#')
		return NULL;
	for (i = p; i + 7 < e; i++) {
		size_t j = i + 7, k;

		if (memcmp(s + i, "coding", 6) || (s[i + 6] != ':' &&
						    s[i + 6] != '='))
			continue;
		while (j < e && (s[j] == ' ' || s[j] == '\t'))
			j++;
		for (k = j; k < e && (is_ident_char(s[k]) || s[k] == '-' ||
				      s[k] == '.'); k++)
			;
		if (k > j) {
			*at = j;
			return s + j;
		}
	}
	return NULL;
}

enum src_enc { ENC_UTF8, ENC_LATIN1, ENC_ASCII, ENC_OTHER };

/* Python's get_normal_name() plus the common aliases. */
static enum src_enc enc_kind(const char *name, size_t n)
{
	static const char *const latin[] = {
		"latin-1", "latin1", "iso-8859-1", "iso8859-1",
		"iso-latin-1", "l1", "cp819", "8859",
	};
	char buf[32];
	size_t i;

	if (n >= sizeof(buf))
		return ENC_OTHER;
	for (i = 0; i < n; i++)
		buf[i] = name[i] == '_' ? '-' : (char)(name[i] | 0x20);
	buf[n] = '\0';
	if (!strcmp(buf, "utf-8") || !strcmp(buf, "utf8") ||
	    !strncmp(buf, "utf-8-", 6))
		return ENC_UTF8;
	if (!strcmp(buf, "ascii") || !strcmp(buf, "us-ascii"))
		return ENC_ASCII;
	for (i = 0; i < RT_ARRAY_SIZE(latin); i++) {
		size_t l = strlen(latin[i]);

		if (!strcmp(buf, latin[i]) || (!strncmp(buf, latin[i], l) &&
					       buf[l] == '-'))
			return ENC_LATIN1;
	}
	return ENC_OTHER;
}

/* Length of the valid UTF-8 sequence at s (0 if invalid). */
static size_t utf8_valid(const unsigned char *s, size_t avail)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4;
	else
		return 0;
	if (n > avail)
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	cp = utf8_cp(s, &i);
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

static int src_err(const char *file, const char *src, size_t off,
		   struct rt_err *err, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int src_err(const char *file, const char *src, size_t off,
		   struct rt_err *err, const char *fmt, ...)
{
	struct rt_loc loc = rt_loc_at(file, src, off);
	va_list ap;

	va_start(ap, fmt);
	rt_verrf(err, RT_ESYNTAX, &loc, fmt, ap);
	va_end(ap);
	return RT_ESYNTAX;
}

/* Find the coding comment of lines 1-2 (PEP 263). */
static enum src_enc detect_encoding(const char *file, const char *s,
				    size_t len, int *rc, struct rt_err *err)
{
	size_t e1, at = 0, n;
	const char *name, *nl = memchr(s, '\n', len);

	*rc = 0;
	e1 = nl ? (size_t)(nl - s) : len;
	name = coding_of(s, 0, e1, &at);
	if (!name && nl) {
		size_t p = 0;
		const char *nl2 = memchr(s + e1 + 1, '\n', len - e1 - 1);

		/* Line 2 counts only after a blank or comment line 1. */
		while (p < e1 && (s[p] == ' ' || s[p] == '\t' ||
				  s[p] == '\f' || s[p] == '\r'))
			p++;
		if (p == e1 || s[p] == '#')
			name = coding_of(s, e1 + 1, nl2 ? (size_t)(nl2 - s) :
					 len, &at);
	}
	if (!name)
		return ENC_UTF8;
	for (n = 0; at + n < len && (is_ident_char(name[n]) ||
				     name[n] == '-' || name[n] == '.'); n++)
		;
	if (enc_kind(name, n) == ENC_OTHER) {
		*rc = src_err(file, s, at, err, "unsupported source encoding "
			      "'%.*s' (expected utf-8 or latin-1)",
			      (int)(n > 60 ? 60 : n), name);
	}
	return enc_kind(name, n);
}

static const char *latin1_to_utf8(size_t *outlen, struct rt_arena *a,
				  const char *raw, size_t len)
{
	size_t i, n = 0;
	char *out = arena_alloc(a, 2 * len + 1);

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)raw[i];

		if (c < 0x80) {
			out[n++] = (char)c;
		} else {
			out[n++] = (char)(0xC0 | (c >> 6));
			out[n++] = (char)(0x80 | (c & 0x3F));
		}
	}
	out[n] = '\0';
	*outlen = n;
	return out;
}

/* Whether the 8 bytes at s are all ASCII and none is NUL. */
static bool ascii8(const char *s)
{
	const uint64_t high = 0x8080808080808080u;
	uint64_t w;

	memcpy(&w, s, sizeof(w));
	return !(w & high) && !((w - 0x0101010101010101u) & ~w & high);
}

static int check_text(const char *file, const char *s, size_t len,
		      enum src_enc enc, struct rt_err *err)
{
	size_t i, n;

	for (i = 0; i < len; i += n) {
		unsigned char c;

		/* Most source is ASCII: 8 bytes at a time. */
		n = 8;
		if (i + 8 <= len && ascii8(s + i))
			continue;
		c = (unsigned char)s[i];
		n = 1;
		if (c == 0)
			return src_err(file, s, i, err, "source code cannot "
				       "contain null bytes");
		if (c < 0x80)
			continue;
		if (enc == ENC_ASCII)
			return src_err(file, s, i, err, "non-ASCII byte 0x%02x "
				       "in a file declared ascii (expected a "
				       "coding line naming its encoding)", c);
		n = utf8_valid((const unsigned char *)s + i, len - i);
		if (!n)
			return src_err(file, s, i, err, "invalid UTF-8 byte "
				       "0x%02x (expected UTF-8 source or a PEP "
				       "263 coding line)", c);
	}
	return 0;
}

int pylex_decode_source(const char **out, size_t *outlen,
			struct rt_arena *a, const char *file,
			const char *raw, size_t len, struct rt_err *err)
{
	enum src_enc enc;
	const char *s = raw;
	size_t i, n = len;
	char *copy;
	int rc;

	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s += 3;
		n -= 3;
	}
	enc = detect_encoding(file, s, n, &rc, err);
	if (rc)
		return rc;
	if (s != raw && enc != ENC_UTF8)
		return src_err(file, s, 0, err, "encoding problem: a UTF-8 "
			       "byte order mark with a coding line that is "
			       "not utf-8");
	if (enc == ENC_LATIN1)
		s = latin1_to_utf8(&n, a, s, n);
	else if ((rc = check_text(file, s, n, enc, err)) < 0)
		return rc;
	if (memchr(s, '\r', n)) {
		copy = arena_alloc(a, n + 1);
		for (i = 0, len = 0; i < n; i++) {
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				continue;
			copy[len++] = s[i] == '\r' ? '\n' : s[i];
		}
		copy[len] = '\0';
		s = copy;
		n = len;
	}
	*out = s;
	*outlen = n;
	return 0;
}

/* ---- string literal values ---- */

void pylex_str_parts(unsigned *flags, size_t *body_off, size_t *body_len,
		     const char *src, const struct py_token *tok)
{
	const char *s = src + tok->off;
	size_t p = 0, q;
	int f;

	while (s[p] != '\'' && s[p] != '"')
		p++;
	f = str_prefix(s, p);
	*flags = f < 0 ? 0 : (unsigned)f;
	q = 1;
	if (tok->len - p >= 6 && s[p + 1] == s[p] && s[p + 2] == s[p]) {
		q = 3;
		*flags |= PYSTR_TRIPLE;
	}
	*body_off = tok->off + p + q;
	*body_len = tok->len - p - 2 * q;
}

static void add_utf8(struct rt_buf *b, uint32_t cp)
{
	if (cp < 0x80) {
		rt_buf_addch(b, (int)cp);
	} else if (cp < 0x800) {
		rt_buf_addch(b, (int)(0xC0 | (cp >> 6)));
		rt_buf_addch(b, (int)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		rt_buf_addch(b, (int)(0xE0 | (cp >> 12)));
		rt_buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3F)));
		rt_buf_addch(b, (int)(0x80 | (cp & 0x3F)));
	} else {
		rt_buf_addch(b, (int)(0xF0 | (cp >> 18)));
		rt_buf_addch(b, (int)(0x80 | ((cp >> 12) & 0x3F)));
		rt_buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3F)));
		rt_buf_addch(b, (int)(0x80 | (cp & 0x3F)));
	}
}

static int hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* \x, \u, \U: exactly n hex digits at s[p]; -1 if not. */
static long hex_escape(const char *s, size_t p, size_t end, int n)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (p + (size_t)i >= end || hexval(s[p + i]) < 0)
			return -1;
		v = v * 16 + hexval(s[p + i]);
	}
	return v;
}

static const char *simple_escape(char c)
{
	switch (c) {
	case '\n': return "";
	case '\\': return "\\";
	case '\'': return "'";
	case '"': return "\"";
	case 'a': return "\a";
	case 'b': return "\b";
	case 'f': return "\f";
	case 'n': return "\n";
	case 'r': return "\r";
	case 't': return "\t";
	case 'v': return "\v";
	default: return NULL;
	}
}

/* One escape at s[p] == '\\'; *next is set past it. */
static int decode_escape(struct rt_buf *out, const struct pylex *lx,
			 bool bytes, size_t p, size_t end, size_t *next,
			 struct rt_err *err)
{
	const char *s = lx->src, *simple;
	char c = s[p + 1];
	long v;
	int n;

	*next = p + 2;
	if ((simple = simple_escape(c))) {
		rt_buf_adds(out, simple);
		return 0;
	}
	if (c >= '0' && c <= '7') {
		size_t q = p + 1;

		for (v = 0; q < end && q < p + 4 && s[q] >= '0' &&
		     s[q] <= '7'; q++)
			v = v * 8 + (s[q] - '0');
		*next = q;
		if (bytes)
			rt_buf_addch(out, (int)(v & 0xFF));
		else
			add_utf8(out, (uint32_t)v);
		return 0;
	}
	n = c == 'x' ? 2 : (!bytes && c == 'u') ? 4 : (!bytes && c == 'U') ?
	    8 : 0;
	if (n) {
		v = hex_escape(s, p + 2, end, n);
		if (v < 0)
			return lex_err(lx, p, err,
				       "truncated \\%c escape (expected %d "
				       "hexadecimal digits)", c, n);
		if (v > 0x10FFFF)
			return lex_err(lx, p, err, "illegal Unicode character "
				       "in \\U escape (expected at most "
				       "\\U0010ffff)");
		*next = p + 2 + (size_t)n;
		if (bytes)
			rt_buf_addch(out, (int)v);
		else
			add_utf8(out, (uint32_t)v);
		return 0;
	}
	if (c == 'N' && !bytes)
		return lex_err(lx, p, err, "unsupported escape \\N{...} "
			       "(expected the character itself or a \\u "
			       "escape)");
	/* Unknown escapes stay as written (Python's DeprecationWarning). */
	rt_buf_addch(out, '\\');
	*next = p + 1;
	return 0;
}

int pylex_str_decode(struct rt_buf *out, const struct pylex *lx,
		     unsigned flags, size_t off, size_t len,
		     struct rt_err *err)
{
	const char *s = lx->src;
	size_t p = off, end = off + len, q;
	int rc;

	if (flags & PYSTR_RAW) {
		rt_buf_add(out, s + off, len);
		return 0;
	}
	while (p < end) {
		const char *bs = memchr(s + p, '\\', end - p);

		q = bs ? (size_t)(bs - s) : end;
		rt_buf_add(out, s + p, q - p);
		if (q >= end)
			break;
		if (q + 1 >= end) {
			rt_buf_addch(out, '\\');
			break;
		}
		rc = decode_escape(out, lx, flags & PYSTR_BYTES, q, end, &p,
				   err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int pylex_str_value(const char **out, size_t *outlen, bool *is_bytes,
		    struct rt_arena *a, const struct pylex *lx,
		    const struct py_token *toks, size_t ntoks,
		    struct rt_err *err)
{
	struct rt_buf b = RT_BUF_INIT;
	size_t i, off, len;
	unsigned flags;
	int rc = 0;

	/* One literal without escapes (most of them): its text as is. */
	if (ntoks == 1)
		pylex_str_parts(&flags, &off, &len, lx->src, &toks[0]);
	if (ntoks == 1 && ((flags & PYSTR_RAW) ||
			   !memchr(lx->src + off, '\\', len))) {
		*is_bytes = flags & PYSTR_BYTES;
		*out = arena_strndup(a, lx->src + off, len);
		*outlen = len;
		return 0;
	}
	for (i = 0; i < ntoks; i++) {
		pylex_str_parts(&flags, &off, &len, lx->src, &toks[i]);
		if (i == 0)
			*is_bytes = flags & PYSTR_BYTES;
		else if (*is_bytes != !!(flags & PYSTR_BYTES))
			rc = lex_err(lx, toks[i].off, err, "cannot mix bytes "
				     "and nonbytes literals");
		if (!rc)
			rc = pylex_str_decode(&b, lx, flags, off, len, err);
		if (rc)
			break;
	}
	if (!rc) {
		*out = arena_strndup(a, b.buf, b.len);
		*outlen = b.len;
	}
	rt_buf_release(&b);
	return rc;
}

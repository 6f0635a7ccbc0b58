/*
 * pylex.h: the Python 3 tokenizer (model: SQLite's tokenize.c).  Tokens
 * are (offset, length, type) slices of the source; bad input is an
 * RT_ESYNTAX error at its file:line:col.  Also source decoding (PEP 263)
 * and the values of string literals.
 */
#ifndef PYLEX_H
#define PYLEX_H

#include "base/arena.h"
#include "base/buf.h"

enum py_tok {
	PY_ENDMARKER,
	PY_NAME,
	PY_NUMBER,
	PY_STRING,
	PY_OP,
	PY_NEWLINE,	/* end of a logical line */
	PY_NL,		/* a newline that ends no logical line */
	PY_COMMENT,
	PY_INDENT,
	PY_DEDENT,
};

/* Operators and delimiters: the `op` of a PY_OP token. */
enum py_op {
	PYO_NONE,
	PYO_LPAR, PYO_RPAR, PYO_LSQB, PYO_RSQB, PYO_LBRACE, PYO_RBRACE,
	PYO_COLON, PYO_COMMA, PYO_SEMI, PYO_DOT, PYO_ELLIPSIS,
	PYO_PLUS, PYO_MINUS, PYO_STAR, PYO_SLASH, PYO_DSLASH, PYO_PERCENT,
	PYO_DSTAR, PYO_AT, PYO_VBAR, PYO_AMPER, PYO_CIRCUMFLEX, PYO_TILDE,
	PYO_LSHIFT, PYO_RSHIFT,
	PYO_LESS, PYO_GREATER, PYO_EQEQ, PYO_NOTEQ, PYO_LESSEQ, PYO_GREATEREQ,
	PYO_EQUAL, PYO_RARROW, PYO_COLONEQ,
	PYO_PLUSEQ, PYO_MINUSEQ, PYO_STAREQ, PYO_SLASHEQ, PYO_DSLASHEQ,
	PYO_PERCENTEQ, PYO_DSTAREQ, PYO_ATEQ, PYO_VBAREQ, PYO_AMPEREQ,
	PYO_CIRCUMFLEXEQ, PYO_LSHIFTEQ, PYO_RSHIFTEQ,
	PYO__COUNT
};

struct py_token {
	enum py_tok type;
	enum py_op op;		/* PY_OP only */
	size_t off;		/* byte offset in the source */
	size_t len;		/* 0 for INDENT/DEDENT/ENDMARKER */
};

#define PYLEX_MAXINDENT 100

/* A pull tokenizer over src[start, end).  Fields are private. */
struct pylex {
	const char *file;
	const char *src;
	size_t pos, end;
	int indents[PYLEX_MAXINDENT], altind[PYLEX_MAXINDENT];
	int nindent;
	int pending;		/* DEDENTs owed */
	int paren;		/* (, [, { nesting */
	bool bol;		/* at the beginning of a line */
	bool last_newline;	/* last significant token was NEWLINE */
	bool expr_mode;		/* an f-string field: no NEWLINE/INDENT */
	bool done;
	char parens[200];	/* open brackets, to check the closers */
	size_t paren_off[200];
};

/*
 * Tokenize src[0, len) (LF newlines: see pylex_decode_source).  file and
 * src are borrowed and must outlive the lexer and its tokens.
 */
void pylex_init(struct pylex *lx, const char *file, const char *src,
		size_t len);

/*
 * Tokenize the expression src[start, end) of an f-string field: bracket
 * nesting starts at one (so no NEWLINE/INDENT) and the range ends with
 * ENDMARKER.  Offsets stay offsets in src.
 */
void pylex_init_expr(struct pylex *lx, const char *file, const char *src,
		     size_t start, size_t end);

/*
 * The next token (after ENDMARKER, ENDMARKER again).  Returns 0, or
 * RT_ESYNTAX at file:line:col: unterminated string, invalid character,
 * bad number, unmatched bracket, bad dedent, inconsistent tabs.
 */
int pylex_next(struct pylex *lx, struct py_token *out, struct rt_err *err);

/* The location of byte offset off (computed on demand). */
struct rt_loc pylex_loc(const struct pylex *lx, size_t off);

/* The spelling of an operator ("->"), or "" for PYO_NONE. */
const char *pylex_op_str(enum py_op op);

/* A printable name of a token type ("NAME", "NEWLINE", ...). */
const char *pylex_tok_name(enum py_tok t);

/*
 * Header mode's fast path: skip the rest of the current logical line and
 * the block indented under it without producing tokens, as if
 * pylex_next() had been called up to the block's last DEDENT.  Only for
 * a module lexer at the top level (no open bracket, no DEDENT owed)
 * right after a statement's first token.  Returns true when done: the
 * lexer is at the start of the next line at column 0 (or the end).
 * Returns false, the lexer unchanged, when the rest holds anything the
 * fast path does not vouch for (any lexical error, tabs or form feeds in
 * indentation, ...): the caller then tokenizes it, which reports errors
 * exactly.
 */
bool pylex_skip_block(struct pylex *lx);

/*
 * PEP 263: decode the raw file bytes to UTF-8 with LF newlines.  A
 * `coding` comment in the first two lines picks utf-8 (the default),
 * latin-1/iso-8859-1 (re-encoded to UTF-8) or ascii; a UTF-8 BOM is
 * skipped; any other encoding or invalid UTF-8 is RT_ESYNTAX at the
 * file:line:col of the problem.  CRLF and lone CR become LF.  *out may
 * be raw itself when nothing needed changing, else an arena copy; it is
 * always NUL-terminated at (*out)[*outlen] when raw is.
 */
int pylex_decode_source(const char **out, size_t *outlen,
			struct rt_arena *a, const char *file,
			const char *raw, size_t len, struct rt_err *err);

/* String literal prefix flags. */
enum py_str_flags {
	PYSTR_RAW = 1 << 0,
	PYSTR_BYTES = 1 << 1,
	PYSTR_F = 1 << 2,
	PYSTR_U = 1 << 3,
	PYSTR_TRIPLE = 1 << 4,
};

/*
 * Split a STRING token's text: *flags gets PYSTR_*, *body_off and
 * *body_len the offset/length of the text between the quotes.
 */
void pylex_str_parts(unsigned *flags, size_t *body_off, size_t *body_len,
		     const char *src, const struct py_token *tok);

/*
 * Decode src[off, off+len) as the body of a literal with the given
 * PYSTR_* flags, appending the value to out: str values are UTF-8,
 * bytes values raw bytes.  Escapes: \\ \' \" \a \b \f \n \r \t \v \ooo
 * \xhh, str only \uXXXX \UXXXXXXXX, and backslash-newline; unknown
 * escapes are kept as written.  Raw bodies are copied untouched.  \N{...}
 * is RT_ESYNTAX "unsupported escape"; a bad \x/\u/\U is RT_ESYNTAX.
 * Errors are located through lx (file and source).
 */
int pylex_str_decode(struct rt_buf *out, const struct pylex *lx,
		     unsigned flags, size_t off, size_t len,
		     struct rt_err *err);

/*
 * The value of one or more adjacent STRING tokens (implicit
 * concatenation), none of which may be an f-string.  Returns the value
 * (arena, NUL-terminated, *outlen its length) and *is_bytes.  Mixing
 * bytes and str is RT_ESYNTAX.
 */
int pylex_str_value(const char **out, size_t *outlen, bool *is_bytes,
		    struct rt_arena *a, const struct pylex *lx,
		    const struct py_token *toks, size_t ntoks,
		    struct rt_err *err);

#endif

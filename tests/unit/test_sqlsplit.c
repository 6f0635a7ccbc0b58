/*
 * test_sqlsplit.c: splitting the SQL of .sql revision sections into
 * statements, per dialect, with the location of each and the errors.
 */
#include "unit.h"
#include "base/buf.h"
#include "sql/sqlrev.h"
#include "sql/sqlsplit.h"

static struct rt_arena *arena;
static char out[8192];

#define EQS UNIT_EQS

/*
 * Split src (a section starting at line 1, col 1 of "v.sql"): one
 * "LINE:COL[text]" per statement, joined by "\n"; or the error text.
 */
static const char *split_at(const char *src, size_t start, int line,
			    int col, unsigned flags)
{
	struct rt_err err = RT_ERR_INIT;
	struct sqlsplit_stmt *v;
	struct rt_buf b = RT_BUF_INIT;
	size_t n, i;
	int rc;

	arena = arena_new();
	rc = sqlsplit(&v, &n, arena, "v.sql", src, start, strlen(src), line,
		      col, flags, &err);
	if (rc < 0) {
		CU_ASSERT_EQUAL(rc, RT_ESYNTAX);
		CU_ASSERT_EQUAL(err.code, RT_ESYNTAX);
		rt_err_str(&err, out, sizeof(out));
		arena_free(arena);
		return out;
	}
	for (i = 0; i < n; i++)
		rt_buf_addf(&b, "%s%d:%d[%.*s]", i ? "\n" : "", v[i].line,
			    v[i].col, (int)v[i].len, src + v[i].off);
	snprintf(out, sizeof(out), "%s", b.buf);
	rt_buf_release(&b);
	arena_free(arena);
	return out;
}

static const char *split(const char *src, unsigned flags)
{
	return split_at(src, 0, 1, 1, flags);
}

static void test_sqlsplit_basic(void)
{
	EQS(split("SELECT 1;\nSELECT 2;\n", 0), "1:1[SELECT 1]\n2:1[SELECT 2]");
	EQS(split("  SELECT 1;  SELECT 2", 0), "1:3[SELECT 1]\n1:14[SELECT 2]");
	EQS(split("CREATE TABLE t (\n\tid INTEGER,\n\tname TEXT\n);\n", 0),
	    "1:1[CREATE TABLE t (\n\tid INTEGER,\n\tname TEXT\n)]");
	EQS(split("", 0), "");
	EQS(split("\n\n  \t\n", 0), "");
	EQS(split(";;  ;\n;", 0), "");
	EQS(split("SELECT 1;;;SELECT 2;", 0),
	    "1:1[SELECT 1]\n1:12[SELECT 2]");
}

/* Leading and trailing comments are not part of a statement. */
static void test_sqlsplit_comments(void)
{
	EQS(split("-- only a comment\n/* and; another */\n", 0), "");
	EQS(split("-- first; the table\nCREATE TABLE t (x int); -- done\n",
		  0), "2:1[CREATE TABLE t (x int)]");
	EQS(split("SELECT 1 -- one; two\n, 2 /* ; */ FROM t -- end\n;", 0),
	    "1:1[SELECT 1 -- one; two\n, 2 /* ; */ FROM t]");
	EQS(split("/* a */ SELECT 1; /* b */", 0), "1:9[SELECT 1]");
	EQS(split("SELECT '--', \"/*\", 2 -- ';\n", 0),
	    "1:1[SELECT '--', \"/*\", 2]");
	EQS(split("SELECT 1 --\n;", 0), "1:1[SELECT 1]");
}

static void test_sqlsplit_nested_comments(void)
{
	const char *src = "/* a /* b */ ; */ SELECT 1;";

	EQS(split(src, SQLSPLIT_POSTGRESQL), "1:19[SELECT 1]");
	/* SQLite and MySQL end the comment at the first "* /" */
	EQS(split(src, SQLSPLIT_SQLITE), "1:16[*/ SELECT 1]");
}

static void test_sqlsplit_strings(void)
{
	EQS(split("INSERT INTO t VALUES ('a;b', 'it''s; ok');SELECT 2", 0),
	    "1:1[INSERT INTO t VALUES ('a;b', 'it''s; ok')]\n1:43[SELECT 2]");
	EQS(split("SELECT ';\n;';", 0), "1:1[SELECT ';\n;']");
	EQS(split("SELECT \"a;\"\"b\" FROM `c;``d`; SELECT 2", 0),
	    "1:1[SELECT \"a;\"\"b\" FROM `c;``d`]\n1:30[SELECT 2]");
	EQS(split("SELECT '';SELECT ''''", 0),
	    "1:1[SELECT '']\n1:11[SELECT '''']");
}

/* Backslash escapes: MySQL strings, PostgreSQL E'' strings. */
static void test_sqlsplit_backslash(void)
{
	const char *src = "INSERT INTO t VALUES ('it\\'s; ok');\nSELECT 2;";

	EQS(split(src, SQLSPLIT_MYSQL),
	    "1:1[INSERT INTO t VALUES ('it\\'s; ok')]\n2:1[SELECT 2]");
	EQS(split(src, SQLSPLIT_SQLITE), "v.sql:1:33: unterminated string "
	    "literal (expected a closing ' before the end of the section)");
	EQS(split("SELECT \"a\\\";\";", SQLSPLIT_MYSQL),
	    "1:1[SELECT \"a\\\";\"]");
	EQS(split("SELECT 'a\\\\'; SELECT 2;", SQLSPLIT_MYSQL),
	    "1:1[SELECT 'a\\\\']\n1:15[SELECT 2]");
	EQS(split("SELECT E'a\\';b', e'\\\\'; SELECT 'c\\';",
		  SQLSPLIT_POSTGRESQL),
	    "1:1[SELECT E'a\\';b', e'\\\\']\n1:25[SELECT 'c\\']");
	/* no E-strings outside PostgreSQL, and "XE'" is no E-string */
	EQS(split("SELECT XE'a\\';", SQLSPLIT_POSTGRESQL),
	    "1:1[SELECT XE'a\\']");
}

static void test_sqlsplit_dollar(void)
{
	const char *fn =
		"CREATE FUNCTION f() RETURNS trigger AS $$\n"
		"BEGIN\n"
		"  NEW.x := 'a;b';\n"
		"  RETURN NEW;\n"
		"END;\n"
		"$$ LANGUAGE plpgsql;\n"
		"SELECT $body$ $$; $b$ $body$, $1;\n";

	EQS(split(fn, SQLSPLIT_POSTGRESQL),
	    "1:1[CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n"
	    "  NEW.x := 'a;b';\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql]\n"
	    "7:1[SELECT $body$ $$; $b$ $body$, $1]");
	/* $1 and a$b$ are no dollar quotes */
	EQS(split("PREPARE p AS SELECT $1; SELECT a$b$; SELECT $_x$;$_x$",
		  SQLSPLIT_POSTGRESQL),
	    "1:1[PREPARE p AS SELECT $1]\n1:25[SELECT a$b$]\n"
	    "1:38[SELECT $_x$;$_x$]");
	/* MySQL and SQLite: no dollar quoting */
	EQS(split("SELECT $$; SELECT $$", SQLSPLIT_MYSQL),
	    "1:1[SELECT $$]\n1:12[SELECT $$]");
}

static void test_sqlsplit_mysql_comments(void)
{
	EQS(split("SELECT 1 # x; y\n; SELECT 2--1;\n", SQLSPLIT_MYSQL),
	    "1:1[SELECT 1]\n2:3[SELECT 2--1]");
	EQS(split("SELECT 1 # x; y\n;", SQLSPLIT_SQLITE), "1:1[SELECT 1 # x]\n"
	    "1:15[y]");
	EQS(split("SELECT 1 --\tx;\n;", SQLSPLIT_MYSQL), "1:1[SELECT 1]");
	EQS(split("/*!40101 SET @x = 1; */;\n/* not; code */ SELECT 1;",
		  SQLSPLIT_MYSQL),
	    "1:1[/*!40101 SET @x = 1; */]\n2:17[SELECT 1]");
	EQS(split("/*!40101 SET @x = 1; */;", SQLSPLIT_POSTGRESQL), "");
}

static void test_sqlsplit_sqlite_trigger(void)
{
	const char *src =
		"CREATE TRIGGER audit AFTER UPDATE ON account\n"
		"WHEN new.begin <> old.begin\n"
		"BEGIN\n"
		"  INSERT INTO log VALUES (new.id, CASE WHEN new.x THEN 'a'\n"
		"    ELSE 'b' END);\n"
		"  UPDATE t SET x = new.end;\n"
		"  SELECT RAISE(ABORT, 'no; way') WHERE 0;\n"
		"END;\n"
		"INSERT INTO t VALUES (1);\n";

	EQS(split(src, SQLSPLIT_SQLITE),
	    "1:1[CREATE TRIGGER audit AFTER UPDATE ON account\n"
	    "WHEN new.begin <> old.begin\nBEGIN\n"
	    "  INSERT INTO log VALUES (new.id, CASE WHEN new.x THEN 'a'\n"
	    "    ELSE 'b' END);\n  UPDATE t SET x = new.end;\n"
	    "  SELECT RAISE(ABORT, 'no; way') WHERE 0;\nEND]\n"
	    "9:1[INSERT INTO t VALUES (1)]");
	EQS(split("create temp trigger if not exists t1 before delete on t "
		  "begin select 1; end; select 2", SQLSPLIT_SQLITE),
	    "1:1[create temp trigger if not exists t1 before delete on t "
	    "begin select 1; end]\n1:78[select 2]");
}

static void test_sqlsplit_mysql_routines(void)
{
	const char *src =
		"CREATE DEFINER=`root`@`localhost` PROCEDURE p(IN n INT)\n"
		"BEGIN\n"
		"  DECLARE i INT DEFAULT 0;\n"
		"  lbl: WHILE i < n DO\n"
		"    IF i % 2 = 0 THEN\n"
		"      INSERT INTO t VALUES (i);\n"
		"    ELSE\n"
		"      BEGIN\n"
		"        CASE i WHEN 1 THEN SET i = i; ELSE SET i = i; "
		"END CASE;\n"
		"      END;\n"
		"    END IF;\n"
		"    REPEAT SET i = i + 1; UNTIL i > 0 END REPEAT;\n"
		"    LOOP LEAVE lbl; END LOOP;\n"
		"  END WHILE lbl;\n"
		"END;\n"
		"CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW "
		"SET NEW.x = 1;\n"
		"CREATE FUNCTION f() RETURNS INT DETERMINISTIC RETURN 1;\n";
	char want[2048];

	snprintf(want, sizeof(want), "1:1[%.*s]\n16:1[%s]\n17:1[%s]",
		 (int)(strstr(src, "END;\nCREATE TRIGGER") + 3 - src), src,
		 "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW "
		 "SET NEW.x = 1",
		 "CREATE FUNCTION f() RETURNS INT DETERMINISTIC RETURN 1");
	EQS(split(src, SQLSPLIT_MYSQL), want);
}

/* PostgreSQL 14 SQL-standard bodies. */
static void test_sqlsplit_begin_atomic(void)
{
	EQS(split("CREATE OR REPLACE FUNCTION f(a int) RETURNS int\n"
		  "LANGUAGE sql\nBEGIN ATOMIC\n  SELECT a;\n  SELECT a + 1;\n"
		  "END;\nSELECT f(1);", SQLSPLIT_POSTGRESQL),
	    "1:1[CREATE OR REPLACE FUNCTION f(a int) RETURNS int\n"
	    "LANGUAGE sql\nBEGIN ATOMIC\n  SELECT a;\n  SELECT a + 1;\nEND]\n"
	    "7:1[SELECT f(1)]");
}

/* Outside routines BEGIN, END and CASE are ordinary words. */
static void test_sqlsplit_not_routines(void)
{
	EQS(split("BEGIN;\nCREATE TABLE t (begin int, x int);\nEND;\n"
		  "SELECT CASE WHEN 1 THEN 2 END;", 0),
	    "1:1[BEGIN]\n2:1[CREATE TABLE t (begin int, x int)]\n3:1[END]\n"
	    "4:1[SELECT CASE WHEN 1 THEN 2 END]");
	/* a table named event is no routine, nor an index on it */
	EQS(split("CREATE TABLE event (begin int, x int); CREATE INDEX ix ON "
		  "event (begin); CREATE VIEW v AS SELECT begin FROM event; "
		  "SELECT 1", SQLSPLIT_POSTGRESQL),
	    "1:1[CREATE TABLE event (begin int, x int)]\n"
	    "1:40[CREATE INDEX ix ON event (begin)]\n"
	    "1:74[CREATE VIEW v AS SELECT begin FROM event]\n1:116[SELECT 1]");
	/* "function" after the first '(' does not make a routine */
	EQS(split("CREATE TABLE t (x int) COMMENT 'function'; CREATE INDEX "
		  "trigger_ix ON t (begin); SELECT 1", SQLSPLIT_MYSQL),
	    "1:1[CREATE TABLE t (x int) COMMENT 'function']\n"
	    "1:44[CREATE INDEX trigger_ix ON t (begin)]\n1:82[SELECT 1]");
}

/* A section that starts at line 7 of its file, statements keep it. */
static void test_sqlsplit_locations(void)
{
	const char *src = "-- revision: x\n-- upgrade\nSELECT 1;\n"
			  "\t  SELECT\n2;";

	EQS(split_at(src, 26, 7, 1, 0), "7:1[SELECT 1]\n8:4[SELECT\n2]");
	EQS(split_at("x SELECT 1; SELECT 'a", 2, 3, 5, 0),
	    "v.sql:3:22: unterminated string literal (expected a closing ' "
	    "before the end of the section)");
	/* \r is a blank (CRLF files) */
	EQS(split("SELECT 1;\r\nSELECT 2\r\n", 0),
	    "1:1[SELECT 1]\n2:1[SELECT 2]");
}

static void test_sqlsplit_errors(void)
{
	EQS(split("SELECT 1;\nSELECT 'abc;\n", 0),
	    "v.sql:2:8: unterminated string literal (expected a closing ' "
	    "before the end of the section)");
	EQS(split("SELECT \"abc;", 0),
	    "v.sql:1:8: unterminated quoted identifier (expected a closing "
	    "\" before the end of the section)");
	EQS(split("SELECT \"abc;", SQLSPLIT_MYSQL),
	    "v.sql:1:8: unterminated double-quoted string (expected a "
	    "closing \" before the end of the section)");
	EQS(split("SELECT `abc``;", 0),
	    "v.sql:1:8: unterminated quoted identifier (expected a closing "
	    "` before the end of the section)");
	EQS(split("SELECT 1;\n  /* abc;\n */ /*", 0),
	    "v.sql:3:5: unterminated block comment (expected a closing */ "
	    "before the end of the section)");
	EQS(split("/* a /* b */", SQLSPLIT_POSTGRESQL),
	    "v.sql:1:1: unterminated block comment (expected a closing */ "
	    "before the end of the section)");
	EQS(split("/*!50003 SELECT", SQLSPLIT_MYSQL),
	    "v.sql:1:1: unterminated block comment (expected a closing */ "
	    "before the end of the section)");
	EQS(split("SELECT 1;\nSELECT $fn$ x $$ $fn;", SQLSPLIT_POSTGRESQL),
	    "v.sql:2:8: unterminated dollar-quoted string (expected a "
	    "closing $fn$ before the end of the section)");
	EQS(split("SELECT E'\\';", SQLSPLIT_POSTGRESQL),
	    "v.sql:1:8: unterminated string literal (expected a closing ' "
	    "before the end of the section)");
	EQS(split("CREATE TRIGGER t AFTER INSERT ON x\nBEGIN\n"
		  "  SELECT 1;\nEND IF;", SQLSPLIT_SQLITE),
	    "v.sql:2:1: 'BEGIN' without a matching 'END' (expected END "
	    "before the end of the section)");
	EQS(split("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT CASE x "
		  "WHEN 1 THEN 2 END; END", SQLSPLIT_SQLITE),
	    "1:1[CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT CASE x "
	    "WHEN 1 THEN 2 END; END]");
	EQS(split("CREATE TRIGGER t AFTER INSERT ON x WHEN CASE x WHEN 1 "
		  "THEN 2 BEGIN SELECT 1; END;", SQLSPLIT_SQLITE),
	    "v.sql:1:41: 'CASE' without a matching 'END' (expected END "
	    "before the end of the section)");
	EQS(split("SELECT 1;\n  delimiter //\nCREATE PROCEDURE p() BEGIN END"
		  "//", SQLSPLIT_MYSQL),
	    "v.sql:2:3: DELIMITER is a mysql client command, not SQL "
	    "(retort keeps the ';' inside BEGIN ... END bodies together "
	    "itself: remove the DELIMITER lines)");
}

/* Like psql, no ';' inside parentheses ends a statement. */
static void test_sqlsplit_parentheses(void)
{
	EQS(split("CREATE RULE r AS ON INSERT TO t DO ALSO (\n"
		  "  INSERT INTO a VALUES (1);\n  NOTIFY t;\n);\nSELECT (1);",
		  SQLSPLIT_POSTGRESQL),
	    "1:1[CREATE RULE r AS ON INSERT TO t DO ALSO (\n"
	    "  INSERT INTO a VALUES (1);\n  NOTIFY t;\n)]\n5:1[SELECT (1)]");
	EQS(split("SELECT ')', 1); SELECT 2;", 0),
	    "1:1[SELECT ')', 1)]\n1:17[SELECT 2]");
	EQS(split("SELECT 1;\nSELECT f((1);\nSELECT 2;", 0),
	    "v.sql:2:9: '(' without a matching ')' (expected ')' before "
	    "the end of the section)");
}

static void test_sqlsplit_dialect_flags(void)
{
	CU_ASSERT_EQUAL(sqlsplit_dialect_flags("postgresql"),
			SQLSPLIT_POSTGRESQL);
	CU_ASSERT_EQUAL(sqlsplit_dialect_flags("mysql"), SQLSPLIT_MYSQL);
	CU_ASSERT_EQUAL(sqlsplit_dialect_flags("mariadb"), SQLSPLIT_MYSQL);
	CU_ASSERT_EQUAL(sqlsplit_dialect_flags("sqlite"), 0);
	CU_ASSERT_EQUAL(sqlsplit_dialect_flags("mssql"), 0);
	CU_ASSERT_EQUAL(sqlsplit_dialect_flags(NULL), 0);
}

/*
 * A .sql revision past 4 GiB (a comment line of 4.5 GiB of NULs, not
 * allocated): the sections' offsets and lines, the statements after it
 * and the errors' locations.
 */
static void test_sqlsplit_past_4gib(void)
{
	const size_t size = (size_t)9 << 29;	/* 4.5 GiB */
	const char *head = "-- revision: big\n-- down_revision: None\n"
			   "-- upgrade\n--";
	struct rt_err err = RT_ERR_INIT;
	struct sqlrev_header h;
	struct sqlsplit_stmt *v;
	const char *src;
	size_t len, n;

	arena = arena_new();
	src = unit_bigtext(head, size, "\n-- downgrade\nDROP TABLE t;\n"
			   "SELECT 'x", &len);
	CU_ASSERT_EQUAL_FATAL(sqlrev_parse(&h, arena, "big.sql", src, len,
					   &err), 0);
	EQS(h.id, "big");
	CU_ASSERT_EQUAL(h.upgrade.off, strlen(head) - 2);
	CU_ASSERT_EQUAL(h.upgrade.len, size - strlen(head) + 3);
	CU_ASSERT_EQUAL(h.upgrade.line, 4);
	CU_ASSERT_EQUAL(h.downgrade.off, size + 14);
	CU_ASSERT_EQUAL(h.downgrade.len, 23);
	CU_ASSERT_EQUAL(h.downgrade.line, 6);
	CU_ASSERT_EQUAL(sqlsplit(&v, &n, arena, "big.sql", src,
				 h.downgrade.off, h.downgrade.off + 14,
				 h.downgrade.line, 1, 0, &err), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(v[0].off, size + 14);
	CU_ASSERT_EQUAL(v[0].len, 12);
	CU_ASSERT_EQUAL(v[0].line, 6);
	CU_ASSERT_EQUAL(v[0].col, 1);
	CU_ASSERT_EQUAL(sqlsplit(&v, &n, arena, "big.sql", src,
				 h.downgrade.off, len, h.downgrade.line, 1, 0,
				 &err), RT_ESYNTAX);
	EQS(rt_err_str(&err, out, sizeof(out)), "big.sql:7:8: unterminated "
	    "string literal (expected a closing ' before the end of the "
	    "section)");
	unit_bigtext_free(src, len);
	/* An error in the header's part past it: its location. */
	src = unit_bigtext(head, size, "\n-- upgrade\n", &len);
	rt_err_clear(&err);
	CU_ASSERT_EQUAL(sqlrev_parse(&h, arena, "big.sql", src, len, &err),
			RT_ESYNTAX);
	EQS(rt_err_str(&err, out, sizeof(out)), "big.sql:5:1: duplicate "
	    "upgrade section (expected one; the first starts at line 3)");
	unit_bigtext_free(src, len);
	arena_free(arena);
}

void unit_register(void)
{
	UNIT_SUITE("sqlsplit",
		   UNIT_TEST(test_sqlsplit_basic),
		   UNIT_TEST(test_sqlsplit_comments),
		   UNIT_TEST(test_sqlsplit_nested_comments),
		   UNIT_TEST(test_sqlsplit_strings),
		   UNIT_TEST(test_sqlsplit_backslash),
		   UNIT_TEST(test_sqlsplit_dollar),
		   UNIT_TEST(test_sqlsplit_mysql_comments),
		   UNIT_TEST(test_sqlsplit_sqlite_trigger),
		   UNIT_TEST(test_sqlsplit_mysql_routines),
		   UNIT_TEST(test_sqlsplit_begin_atomic),
		   UNIT_TEST(test_sqlsplit_not_routines),
		   UNIT_TEST(test_sqlsplit_locations),
		   UNIT_TEST(test_sqlsplit_errors),
		   UNIT_TEST(test_sqlsplit_parentheses),
		   UNIT_TEST(test_sqlsplit_dialect_flags),
		   UNIT_TEST(test_sqlsplit_past_4gib));
}

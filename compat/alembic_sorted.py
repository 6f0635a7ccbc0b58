"""alembic_sorted.py: runs the real Alembic 1.8.1 command line with the
1.10+ load order (file names sorted per directory, spec rule 2.6), the order
retort implements.  Only the os.listdir seen by alembic.script.base is
patched.  Usage: /usr/bin/python3 compat/alembic_sorted.py ARGS...
Environment: ALEMBIC_PROG sets argparse's program name (default
"alembic"); the harnesses set it to "retort" so usage/error texts are the
ones argparse prints for a program called retort.  ALEMBIC_RETORT_OPTIONS=1
adds retort's extra global options to 1.8.1's parser, right after
--raiseerr, with retort's help texts (RETORT_GLOBAL_OPTIONS below: Alembic
1.11+'s `-q, --quiet`, which sends everything written to stdout to
/dev/null, spec rule 1.19; retort's `--url URL`, accepted and ignored here
because heads/history/show/branches never connect).  Keep that list in step
with src/cli/cli_opts.c and re-run tests/e2e/regen.py.  Run with
PYTHONHASHSEED=0 for a stable set order.
"""

import os
import sys


class _SortedOs:
    """The os module, except that listdir() returns sorted names."""

    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def listdir(path="."):
        return sorted(os.listdir(path))


def install():
    """Patch alembic.script.base to see the sorted listdir."""
    import alembic.script.base as base
    base.os = _SortedOs()


# (args, kwargs) of argparse add_argument for each retort-only global
# option, in retort's order (src/cli/cliparse.c global_opts[]).
RETORT_GLOBAL_OPTIONS = [
    (("-q", "--quiet"), dict(action="store_true",
                            help="Do not log to std output.")),
    (("--url",), dict(type=str, help="Database URL; overrides "
                      "RETORT_DATABASE_URL and sqlalchemy.url (retort)")),
]


def install_retort_options():
    """Give the 1.8.1 parser retort's extra global options."""
    import argparse
    import alembic.config as config

    class Parser(argparse.ArgumentParser):
        def add_argument(self, *args, **kw):
            action = super().add_argument(*args, **kw)
            if args == ("--raiseerr",):
                for a, k in RETORT_GLOBAL_OPTIONS:
                    super().add_argument(*a, **k)
            return action

    class CommandLine(config.CommandLine):
        def run_cmd(self, cfg, options):
            if getattr(options, "quiet", False):
                sys.stdout = cfg.stdout = open(os.devnull, "w")
            super().run_cmd(cfg, options)

    config.ArgumentParser = Parser
    config.CommandLine = CommandLine


def main(argv=None):
    install()
    if os.environ.get("ALEMBIC_RETORT_OPTIONS") == "1":
        install_retort_options()
    from alembic.config import main as alembic_main
    alembic_main(argv=argv, prog=os.environ.get("ALEMBIC_PROG", "alembic"))


if __name__ == "__main__":
    main()

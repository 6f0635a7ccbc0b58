"""The reference for retort's command-line surface: Alembic 1.8.1's own
argparse parser, with prog "retort" and the options retort adds (-q/--quiet,
from Alembic 1.11).  Given an argument vector it prints exactly what argparse
prints for help and usage errors, and exits as argparse does; a vector that
parses prints nothing and exits 100 (check.sh skips comparing those: the
command itself decides what happens then).
"""
import sys

from alembic.config import CommandLine


def reference_parser():
    cl = CommandLine(prog="retort")
    p = cl.parser
    p.add_argument("-q", "--quiet", action="store_true",
                   help="Do not log to std output.")
    for action in p._actions:
        if action.option_strings == ["--version"]:
            action.version = "%(prog)s " + sys.argv[1]
    return p


def main():
    version = sys.argv[1]
    argv = sys.argv[2:]
    p = reference_parser()
    options = p.parse_args(argv)
    if not hasattr(options, "cmd"):
        p.error("too few arguments")
    sys.exit(100)


if __name__ == "__main__":
    main()

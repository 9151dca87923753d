"""Command line for the API: `python -m api add-user NAME --role editor|reviewer`.

Prints the new user's bearer token as its last line. Only a hash is stored: keep the token safe.
"""

from __future__ import annotations

import argparse
import sys

from assistant.content.users import ROLES, UserError, add_user


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add-user", help="add a content editor or reviewer and print their token")
    add.add_argument("name", help="who they are, as the audit log shows it")
    add.add_argument("--role", choices=ROLES, required=True, help="editors save drafts; reviewers also publish")
    args = parser.parse_args(argv)

    from assistant.content.store import get_engine
    from assistant.settings import get_settings

    try:
        token = add_user(get_engine(get_settings().content_db_url), args.name, role=args.role)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Added {args.role} '{args.name}'. Their token (shown once; send it as 'Authorization: Bearer <token>'):")
    print(token)
    return 0


if __name__ == "__main__":
    sys.exit(main())

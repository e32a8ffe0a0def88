#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from config import startup

    # The data folder and, without DJANGO_SECRET_KEY, the key: before the settings read them.
    startup.prepare()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

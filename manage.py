#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    from django.core.management import execute_from_command_line

    from portal.settings.environment import MissingEnvironment

    try:
        execute_from_command_line(sys.argv)
    except MissingEnvironment as error:
        sys.exit(f"manage.py: {error}")

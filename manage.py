#!/usr/bin/env python
import os
import sys

from portal.embedded_server import EmbeddedServerError

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    from django.core.management import execute_from_command_line

    from portal.settings.environment import MissingEnvironment

    try:
        execute_from_command_line(sys.argv)
    except EmbeddedServerError as error:
        # The settings start the embedded server; its log says why it failed, a traceback not.
        sys.exit(f"The embedded PostgreSQL server could not be started.\n{error}")
    except MissingEnvironment as error:
        sys.exit(f"manage.py: {error}")

"""Make sure an administrator account exists and say how to log in.

Development: creates ``admin`` with a random password (printed once). A fixed password is
never used; in production pass --password-from-env to read ``ADMIN_PASSWORD``.
"""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create an admin account if none exists and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))
        parser.add_argument("--password-from-env", action="store_true")

    def handle(self, *args, username, password_from_env, **options):
        User = get_user_model()
        port = os.environ.get("PORT", "8000")
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"Admin: http://127.0.0.1:{port}/admin/ (existing account; forgot the password? "
                f"run: .venv/bin/python manage.py changepassword {username})"
            )
            return
        if password_from_env:
            password = os.environ.get("ADMIN_PASSWORD", "")
            if len(password) < 12:
                raise CommandError("ADMIN_PASSWORD must be set and at least 12 characters long.")
        else:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(f"Admin: http://127.0.0.1:{port}/admin/")
        self.stdout.write(f"  username: {username}")
        if not password_from_env:
            self.stdout.write(f"  password: {password}  (shown once; change it after logging in)")

"""Create a curator: `manage.py create_curator USERNAME [--email E] [--password P]`.

A curator is a staff account in the "Curators" group, which may edit entity links and
entities in the admin but not articles' text, users or anything else. The password comes
from --password, else the DJANGO_CURATOR_PASSWORD environment variable, else a prompt.
Running it again for an existing user makes that user a curator (and sets the password if
one is given).
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

GROUP = "Curators"
# (model, actions) the group may do in the admin.
PERMISSIONS = {
    "article": ["view", "change"],
    "source": ["view", "change"],
    "person": ["view", "add", "change", "delete"],
    "organization": ["view", "add", "change", "delete"],
    "directive": ["view", "add", "change", "delete"],
    "province": ["view", "change"],
    "personmention": ["view", "add", "change", "delete"],
    "organizationmention": ["view", "add", "change", "delete"],
    "directivemention": ["view", "add", "change", "delete"],
    "provincemention": ["view", "add", "change", "delete"],
    "office": ["view", "change", "delete"],
    "tenure": ["view", "change", "delete"],
    "tenureevidence": ["view", "change", "delete"],
    "officecorrection": ["view"],
}


def curators_group():
    """The Curators group with exactly the permissions curation needs."""
    group, _created = Group.objects.get_or_create(name=GROUP)
    codenames = [
        f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions
    ]
    permissions = Permission.objects.filter(
        content_type__app_label="archive", codename__in=codenames
    )
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise CommandError(
            f"Permissions missing ({', '.join(sorted(missing))}): run `manage.py migrate` first."
        )
    group.permissions.set(permissions)
    return group


class Command(BaseCommand):
    help = "Create a staff account in the Curators group, able to fix entity links."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Login name of the curator.")
        parser.add_argument("--email", default="", help="E-mail address (optional).")
        parser.add_argument(
            "--password",
            help="Password; else DJANGO_CURATOR_PASSWORD, else asked on the terminal.",
        )

    def handle(self, *args, username, email, password, verbosity, **options):
        password = password or os.environ.get("DJANGO_CURATOR_PASSWORD")
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if password is None and user is None:
            password = self._ask_password()
        if password is not None:
            try:
                validate_password(password, user=User(username=username, email=email))
            except ValidationError as error:
                raise CommandError("Password refused: " + " ".join(error.messages)) from None
        with transaction.atomic():
            group = curators_group()
            created = user is None
            if created:
                user = User(username=username)
            user.is_staff = True
            user.is_active = True
            if email:
                user.email = email
            if password is not None:
                user.set_password(password)
            user.save()
            user.groups.add(group)
        if verbosity:
            what = "Created" if created else "Updated"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{what} curator {username!r}; sign in at /admin/ to fix entity links."
                )
            )

    def _ask_password(self):
        if not sys.stdin.isatty():
            raise CommandError(
                "No password: pass --password or set DJANGO_CURATOR_PASSWORD "
                "when not on a terminal."
            )
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        if not first:
            raise CommandError("The password may not be empty.")
        return first

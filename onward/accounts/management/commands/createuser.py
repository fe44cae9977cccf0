from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from onward.accounts.constants import Role
from onward.accounts.services import api_token_issue, organisation_for_code, user_save


class Command(BaseCommand):
    help = "Create a user with a role in an organisation, or update the user with that username."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--org", required=True, help="Organisation code: a prison (NWI), a PDU, a jobcentre, or national."
        )
        parser.add_argument(
            "--password",
            help="Set this password (otherwise the user cannot sign in with one until an administrator sets it).",
        )
        parser.add_argument("--first-name")
        parser.add_argument("--last-name")
        parser.add_argument("--email")
        parser.add_argument("--token", action="store_true", help="Print a new API token as the last line.")
        parser.add_argument(
            "--client",
            help="A partner system's client at an identity provider (provider:client_id): its client-credentials JWTs act as this user.",
        )

    def handle(self, *args, **options):
        try:
            organisation = organisation_for_code(options["org"])
            user, created = user_save(
                actor=None,
                username=options["username"],
                role=options["role"],
                organisation=organisation,
                password=options["password"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
                client=options["client"],
            )
        except ValidationError as error:
            messages = (
                "; ".join(m for ms in error.message_dict.values() for m in ms)
                if hasattr(error, "message_dict")
                else "; ".join(error.messages)
            )
            raise CommandError(messages) from error
        verb = "Created" if created else "Updated"
        self.stdout.write(
            f"{verb} {user.username}: {Role(user.role).label} at {organisation.name} ({organisation.code})."
        )
        if options["token"]:
            self.stdout.write(api_token_issue(actor=None, user=user))

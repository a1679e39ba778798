from django.core.management.base import BaseCommand, CommandError

from concenter.accounts.models import ApiToken, User
from concenter.accounts.services import api_token_create, api_token_revoke
from concenter.common import clock


class Command(BaseCommand):
    help = "Manage API bearer tokens: `concenter token create USERNAME`, `list`, `revoke PREFIX`."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument(
            "value", nargs="?", help="username (create, list) or token prefix (revoke)"
        )
        parser.add_argument("--name", default="cli", help="a label for the token")

    def handle(self, *args, action, value, name, **options):
        if action == "create":
            user = User.objects.filter(username=value).first()
            if user is None:
                raise CommandError(f"No user named {value!r}.")
            _token, key = api_token_create(user=user, name=name)
            self.stdout.write(key)
        elif action == "list":
            tokens = ApiToken.objects.select_related("user").order_by("created_at")
            if value:
                tokens = tokens.filter(user__username=value)
            now = clock.now()
            for token in tokens:
                if token.revoked_at:
                    state = "revoked"
                elif token.expires_at is None or token.expires_at <= now:
                    state = "expired"
                else:
                    state = f"active until {token.expires_at:%Y-%m-%d}"
                self.stdout.write(f"{token.prefix}  {token.user.username}  {token.name}  {state}")
        else:
            token = ApiToken.objects.filter(prefix=value or "", revoked_at__isnull=True).first()
            if token is None:
                raise CommandError(f"No active token starts with {value!r}.")
            api_token_revoke(token=token)
            self.stdout.write(f"revoked {token.prefix}")

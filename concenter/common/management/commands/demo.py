from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from concenter.common.demo import demo_context, demo_load
from concenter.common.thai import display_width


class Command(BaseCommand):
    help = (
        "Load the Kanchanaburi demo (the 2020 network relations day of the seed document) with a "
        "user for each role. The password comes from CONCENTER_DEMO_PASSWORD, or a random one is "
        "printed once. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minimal",
            action="store_true",
            help="areas, villages and the demo users only (for browser tests and quick trials)",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="load the demo under production settings too (a training server); its users "
            "get no password there: set one with `concenter changepassword USERNAME`",
        )

    def handle(self, *args, minimal: bool = False, allow_production: bool = False, **options):
        if getattr(settings, "PRODUCTION", False) and not allow_production:
            raise CommandError(
                "The demo puts fictional centers, people and users into the database: it refuses "
                "to run under production settings (config.settings.production). For a training "
                "server, run `concenter demo --allow-production`; its users then get no "
                "password (set one with `concenter changepassword USERNAME`)."
            )
        context = demo_load(demo_context(), minimal=minimal)
        for note in context.notes:
            self.stdout.write(note)
        if not context.logins:
            return
        self.stdout.write("")
        self.stdout.write("Demo logins (role: username):")
        for role, username in context.logins:
            # Thai vowel and tone marks take no column of their own: pad by what is seen.
            self.stdout.write(f"  {role}{' ' * max(28 - display_width(role), 1)}{username}")
        if context.production:
            self.stdout.write(
                "Production settings: the demo users have no password. Set one with "
                "`concenter changepassword USERNAME`."
            )
        elif context.password_was_generated:
            self.stdout.write(f"Password for the new demo users: {context.password}")
            self.stdout.write("(printed once; set CONCENTER_DEMO_PASSWORD to choose it)")
        else:
            self.stdout.write("Password: the value of CONCENTER_DEMO_PASSWORD")

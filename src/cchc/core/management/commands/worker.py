from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background tasks (imports and exports started from the web, reminders)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Process the queued tasks, then exit.")

    def handle(self, *args, batch, **options):
        call_command("db_worker", batch=batch, verbosity=options["verbosity"])

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from cchc.core.steps import setup_steps


class Command(BaseCommand):
    help = "Create or upgrade the database schema and load the reference data. Safe to run again."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("schema: up to date")
        for step in setup_steps():
            with transaction.atomic():
                summary = step.run()
            self.stdout.write(f"{step.name}: {summary}")

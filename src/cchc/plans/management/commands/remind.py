"""``cchc remind [--days N] [--date YYYY-MM-DD] [--email]``: reminders for tasks due soon and overdue.

Run it from cron once a day (docs/plans.md); running it again on the same day adds nothing.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from cchc.plans import conf
from cchc.plans.management.commands._options import day, fail, integer
from cchc.plans.reminders import remind


class Command(BaseCommand):
    help = (
        "Notify task owners of tasks due within N working days and of overdue tasks (in-app, and by e-mail "
        "with --email). Idempotent per day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", metavar="N", help=f"working days ahead (default {conf.remind_days()})")
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="the day to remind for (default today)")
        parser.add_argument("--email", action="store_true", help="also send e-mail (Django's e-mail backend)")

    def handle(self, *args, days, date, email, **options):
        problems: list[str] = []
        ahead = integer(days, "--days", problems, low=0, high=365)
        on = day(date, "--date", problems)
        if problems:
            fail(problems)
        on = on or timezone.localdate()
        result = remind(on=on, days=conf.remind_days() if ahead is None else ahead, email=email)
        for failure in result.email_failures:
            self.stderr.write(f"cchc: e-mail not sent to {failure}")
        self.stdout.write(
            f"{on.isoformat()}: {result.due_soon} tasks due soon, {result.overdue} overdue; "
            f"{result.created} notifications created, {result.existing} already sent"
            + (f"; {result.emails} e-mails sent" if email else "")
        )

import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from cchc.core.steps import demo_steps


class Command(BaseCommand):
    help = "Set up, load realistic demo data (once), print the demo logins and serve on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="Load the data and print the logins only."
        )

    def handle(self, *args, port, no_serve, **options):
        call_command("setup", stdout=self.stdout)
        lines = []
        for step in demo_steps():
            with transaction.atomic():
                lines.extend(step.run() or [])
        self.stdout.write("")
        self.stdout.write("Demo logins (tên đăng nhập / mật khẩu — vai trò @ đơn vị):")
        for line in lines:
            self.stdout.write(f"  {line}")
        self.stdout.write("")
        if no_serve:
            return
        # SIGTERM ends the server like Ctrl+C does (waitress shuts down on SystemExit), so that the worker is
        # always stopped with it
        signal.signal(signal.SIGTERM, _exit_on_signal)
        worker = subprocess.Popen([sys.executable, "-m", "cchc.cli", "worker"])
        try:
            call_command("serve", port=port)
        finally:
            _stop(worker)


def _exit_on_signal(signum, frame):
    raise SystemExit(128 + signum)


def _stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """Ask a child process to stop (it finishes its current task), kill it if it has not after ``timeout``."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

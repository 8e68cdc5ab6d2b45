from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web application (waitress WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, port, host, threads, **options):
        from waitress import serve

        from cchc.wsgi import application

        if settings.PRODUCTION:
            from django.core.management import call_command

            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"CCHC: http://{host}:{port}/  (Ctrl+C to stop)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="cchc")

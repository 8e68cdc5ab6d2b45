"""Background tasks of the dossiers app (django-tasks, database backend; run by ``cchc worker``)."""

from django_tasks import task


@task()
def check_web_import(web_import_id: int) -> str:
    """Check an uploaded dossier file (the preview of the web import); returns the new state."""
    from cchc.dossiers.models import WebImport
    from cchc.dossiers.webimport import web_import_check

    web_import = WebImport.objects.select_related("user").filter(pk=web_import_id).first()
    if web_import is None:  # discarded before the worker came to it
        return "missing"
    return web_import_check(web_import=web_import).state


@task()
def run_web_import(web_import_id: int) -> str:
    """Import a confirmed dossier file; returns the new state."""
    from cchc.dossiers.models import WebImport
    from cchc.dossiers.webimport import web_import_run

    web_import = WebImport.objects.filter(pk=web_import_id).first()
    if web_import is None:
        return "missing"
    return web_import_run(web_import=web_import).state

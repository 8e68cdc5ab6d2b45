"""Evidence uploads: size limit, allowed types (extension and content), private storage, served only to users
who may see the task, never lost when the task is edited."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.core.errors import DomainError
from cchc.core.permissions import system_actor
from cchc.org.models import Role
from cchc.plans import services
from cchc.plans.models import Evidence
from tests.factories import user_with_role
from tests.plans.conftest import make_task

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _zip(member: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(member, "<x/>")
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Báo cáo.pdf", PDF, "application/pdf"),
        ("anh.PNG", PNG, "image/png"),
        ("anh.jpeg", JPEG, "image/jpeg"),
        (
            "bien-ban.docx",
            _zip("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "so-lieu.xlsx",
            _zip("xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_allowed_types_are_stored(plan, name, content, content_type, evidence_root):
    item = services.evidence_add(
        task=make_task(plan), uploaded=upload(name, content), note="Minh chứng", actor=SYSTEM
    )
    assert (item.original_name, item.content_type, item.size) == (name, content_type, len(content))
    stored = evidence_root / item.file.name
    assert stored.read_bytes() == content
    assert name not in item.file.name  # the disk name is random, the given name is kept apart


def test_oversize_upload_is_refused_with_a_clear_message(plan, settings):
    settings.CCHC_EVIDENCE_MAX_BYTES = 1024 * 1024  # 1 MB
    big = upload("ho-so-lon.pdf", PDF + b"0" * (1024 * 1024 + 500 * 1024))
    with pytest.raises(DomainError) as exc:
        services.evidence_add(task=make_task(plan), uploaded=big, actor=SYSTEM)
    assert exc.value.code == "file_too_large" and exc.value.field == "file"
    assert exc.value.message == "Tệp “ho-so-lon.pdf” có dung lượng 1,5 MB, vượt quá giới hạn 1 MB."
    assert not Evidence.objects.exists()


def test_default_limit_is_20_mb(plan):
    big = upload("lon.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(DomainError) as exc:
        services.evidence_add(task=make_task(plan), uploaded=big, actor=SYSTEM)
    assert "vượt quá giới hạn 20 MB" in exc.value.message


@pytest.mark.parametrize("name", ["chuong-trinh.exe", "ghi-chu.txt", "anh.gif", "khong-duoi"])
def test_wrong_type_is_refused_with_a_clear_message(plan, name):
    with pytest.raises(DomainError) as exc:
        services.evidence_add(task=make_task(plan), uploaded=upload(name, PDF), actor=SYSTEM)
    assert exc.value.code == "file_type"
    assert (
        exc.value.message
        == f"Tệp “{name}” không thuộc loại được phép. Chỉ nhận các tệp PDF, DOCX, XLSX, PNG, JPEG."
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("gia-mao.pdf", b"MZ\x90\x00 this is an executable"),
        ("gia-mao.png", JPEG),
        ("gia-mao.docx", _zip("xl/workbook.xml")),  # a workbook named .docx
        ("gia-mao.xlsx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(plan, name, content):
    with pytest.raises(DomainError) as exc:
        services.evidence_add(task=make_task(plan), uploaded=upload(name, content), actor=SYSTEM)
    assert exc.value.code == "file_content" and name in exc.value.message


def test_empty_file_is_refused(plan):
    with pytest.raises(DomainError) as exc:
        services.evidence_add(task=make_task(plan), uploaded=upload("rong.pdf", b""), actor=SYSTEM)
    assert exc.value.code == "empty_file"


def test_evidence_lives_outside_the_web_root(settings):
    from cchc.plans import conf

    del settings.CCHC_EVIDENCE_ROOT
    root = conf.evidence_root().resolve()
    for public in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        assert not root.is_relative_to(public)
    with pytest.raises(ValueError):
        Evidence._meta.get_field("file").storage.url("x.pdf")


def test_files_are_kept_when_the_task_is_edited_reassigned_or_cancelled(plan, official, evidence_root):
    task = make_task(plan)
    item = services.evidence_add(task=task, uploaded=upload("ket-qua.pdf", PDF), actor=SYSTEM)
    services.task_update(task=task, title="Tên khác", description="Mô tả mới", deadline=None, actor=SYSTEM)
    services.task_assign(task=task, owner=official.person, actor=SYSTEM)
    services.task_cancel(task=task, reason="Thử", actor=SYSTEM)
    assert list(task.evidence.all()) == [item]
    assert (evidence_root / item.file.name).read_bytes() == PDF


def test_download_is_served_to_users_who_see_the_task_and_404_to_others(client, plan, leader, ward_b):
    item = services.evidence_add(task=make_task(plan), uploaded=upload("quyet-dinh.pdf", PDF), actor=SYSTEM)
    url = reverse("plans:evidence-download", args=[item.pk])
    client.force_login(leader)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert (
        response["Content-Type"] == "application/pdf" and "quyet-dinh.pdf" in response["Content-Disposition"]
    )
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(user_with_role(ward_b, Role.ADMIN))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the log-in page


def test_upload_page_shows_the_refusal(client, plan, leader):
    task = make_task(plan)
    client.force_login(leader)
    response = client.post(
        reverse("plans:task-evidence", args=[task.pk]), {"file": upload("virus.exe", b"MZ")}, follow=True
    )
    assert "Tệp “virus.exe” không thuộc loại được phép" in response.content.decode()
    assert not task.evidence.exists()


def test_an_official_without_a_part_in_the_task_cannot_upload(client, plan, ward_a):
    bystander = user_with_role(ward_a, Role.ONESTOP_OFFICER)
    task = make_task(plan)
    client.force_login(bystander)
    client.post(reverse("plans:task-evidence", args=[task.pk]), {"file": upload("a.pdf", PDF)})
    assert not task.evidence.exists()

"""Render one sample of each one-stop form to PDF and PNG for docs/screenshots/forms/.

    .venv/bin/python scripts/render_form_samples.py [--out docs/screenshots/forms] [--dpi 80]

Works on a throwaway SQLite database (reference data loaded as by ``cchc setup``), with invented applicants;
needs ``pdftoppm`` (Debian's poppler-utils). Renders every form of the 2025 set (Circular 03/2025/TT-VPCP,
documents dated from 15/9/2025), the 2018 set's forms whose number or wording differs (documents dated
before),
and, with ``--docx`` (needs LibreOffice's ``soffice``), the DOCX files converted to PDF by LibreOffice, to
check that Word-like readers lay the header out as the PDF does.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=VN)


def prepare_database(home: Path) -> None:
    os.environ["CCHC_HOME"] = str(home)
    os.environ["DATABASE_URL"] = f"sqlite:///{home / 'samples.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from cchc.core.steps import setup_steps

    call_command("migrate", interactive=False, verbosity=0)
    for step in setup_steps():
        with transaction.atomic():
            step.run()


def sample_dossiers():
    from django.contrib.auth import get_user_model

    from cchc.core.audit import acting_as, record_event
    from cchc.dossiers.models import Dossier
    from cchc.org.models import Person, Unit
    from cchc.procedures.models import Procedure, ProcedureVersion

    ward, other = Unit.objects.get(code="22945"), Unit.objects.get(code="22933")
    officer = get_user_model().objects.create_user("mau.motcua", password="mau-khong-dung-1")
    Person.objects.create(
        full_name="Phạm Thị Lan", title="Công chức Bộ phận Một cửa", unit=ward, user=officer
    )
    specialist = get_user_model().objects.create_user("mau.chuyenmon", password="mau-khong-dung-2")
    Person.objects.create(
        full_name="Trần Văn Minh", title="Công chức Tư pháp - Hộ tịch", unit=ward, user=specialist
    )
    leader = get_user_model().objects.create_user("mau.lanhdao", password="mau-khong-dung-3")
    Person.objects.create(full_name="Lê Quang Huy", title="Phó Chủ tịch UBND phường", unit=ward, user=leader)
    procedure = Procedure.objects.create(
        code="9.000001", name="Thủ tục cấp bản sao trích lục hộ tịch (mẫu minh họa)", field="Hộ tịch"
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        processing_days=3,
        fee_vnd=8000,
        components="Tờ khai theo mẫu\nGiấy tờ tùy thân của người yêu cầu (bản chụp)",
    )
    common = {
        "receiving_unit": ward,
        "procedure": procedure,
        "procedure_version": version,
        "field": "Hộ tịch",
        "processing_days": 3,
        "channel": "direct",
        "fee_vnd": 8000,
        "applicant_name": "Nguyễn Thị Hồng Nhung",
        "applicant_phone": "0912 345 678",
        "applicant_address": "12 Trần Hưng Đạo, Phường Phan Thiết, tỉnh Lâm Đồng",
        "received_by": officer,
    }
    with acting_as(officer):
        dossiers = {
            "2025": Dossier.objects.create(
                code="000.00.22.H36-250804-0012",
                received_at=at(2025, 8, 4, 9, 15),
                due_at=at(2025, 8, 7, 9, 15),
                supplement_requested_at=at(2025, 8, 4, 14, 0),
                supplement_received_at=at(2025, 8, 5, 8, 30),
                supplement_count=1,
                supplement_reason=(
                    "Bản sao giấy chứng sinh có chứng thực\n"
                    "Giấy ủy quyền (người nộp không phải người yêu cầu)"
                ),
                apology_sent_at=at(2025, 8, 5, 9, 0),
                apology_new_due_at=at(2025, 8, 11, 9, 0),
                apology_reason="Cần xác minh thông tin đăng ký hộ tịch với Phường Hàm Thắng",
                **common,
            ),
            "refused": Dossier.objects.create(
                code="000.00.22.H36-250805-0003",
                received_at=at(2025, 8, 5, 10, 0),
                due_at=at(2025, 8, 8, 10, 0),
                stopped_at=at(2025, 8, 5, 10, 30),
                outcome="refused",
                stop_reason="Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường",
                **common,
            ),
            "withdrawn": Dossier.objects.create(
                code="000.00.22.H36-251001-0004",
                received_at=at(2025, 10, 1, 8, 30),
                due_at=at(2025, 10, 6, 8, 30),
                stopped_at=at(2025, 10, 2, 15, 0),
                outcome="withdrawn",
                stop_reason="Người nộp hồ sơ có văn bản đề nghị rút hồ sơ ngày 02/10/2025",
                **common,
            ),
            "2025-full": Dossier.objects.create(
                code="000.00.22.H36-251006-0021",
                received_at=at(2025, 10, 6, 9, 15),
                due_at=at(2025, 10, 9, 9, 15),
                supplement_requested_at=at(2025, 10, 6, 9, 40),
                supplement_count=1,
                supplement_reason="Bản sao giấy chứng sinh có chứng thực",
                apology_sent_at=at(2025, 10, 8, 9, 0),
                apology_new_due_at=at(2025, 10, 13, 9, 0),
                apology_reason="Cần xác minh thông tin đăng ký hộ tịch với Phường Hàm Thắng",
                finished_at=at(2025, 10, 10, 16, 0),
                returned_at=at(2025, 10, 13, 8, 0),
                **common,
            ),
            "2018": Dossier.objects.create(
                code="000.00.22.H36-250303-0007",
                received_at=at(2025, 3, 3, 9, 0),
                due_at=at(2025, 3, 6, 9, 0),
                apology_sent_at=at(2025, 3, 4, 15, 0),
                apology_new_due_at=at(2025, 3, 10, 9, 0),
                apology_reason="Hệ thống dữ liệu hộ tịch điện tử gián đoạn",
                **common,
            ),
        }
        d = dossiers["2025"]
        for moment, verb, message, unit in (
            (d.received_at, "received", "", ward),
            (d.supplement_requested_at, "supplement_requested", d.supplement_reason, ward),
            (d.supplement_received_at, "supplement_completed", "", ward),
            (at(2025, 8, 5, 8, 45), "transferred", "Chuyển xác minh thông tin hộ tịch", other),
            (d.apology_sent_at, "apology_sent", d.apology_reason, ward),
        ):
            record_event(d, verb, message, unit_code=unit.code, at=moment)
    d = dossiers["2025-full"]
    for moment, verb, message, unit, actor in (
        (d.received_at, "received", "", ward, officer),
        (at(2025, 10, 6, 10, 0), "assigned", "", ward, officer),
        (at(2025, 10, 9, 11, 0), "proposed", "Dự thảo trích lục", ward, specialist),
        (at(2025, 10, 10, 16, 0), "approved", "", ward, leader),
        (d.returned_at, "returned", "", ward, officer),
    ):
        with acting_as(actor):
            record_event(d, verb, message, unit_code=unit.code, at=moment)
    return ward, dossiers


def inspection_notice_jobs(docx: bool) -> list:
    """The conclusion notice of an inspection (same header, inspections app), from the demo's inspections: the
    demo steps up to the inspections one, without the dossiers' (so that the forms' book numbers stay those of
    the sample dossiers)."""
    from django.db import transaction

    from cchc.core.steps import demo_steps
    from cchc.inspections.documents import notice_docx, notice_pdf
    from cchc.inspections.models import Inspection

    for step in demo_steps():
        if step.order <= 60 and step.name != "dossiers":
            with transaction.atomic():
                step.run()
    inspection = Inspection.objects.order_by("id").first()
    jobs = [("thong-bao-ket-luan-kiem-tra", _Converted(notice_pdf(inspection)))]
    if docx:
        converted = _libreoffice(_Converted(notice_docx(inspection)))
        jobs.append(("thong-bao-ket-luan-kiem-tra-docx-libreoffice", converted))
    return jobs


class _Converted:
    def __init__(self, content: bytes):
        self.content = content


def _libreoffice(document) -> _Converted:
    """The DOCX converted to PDF by LibreOffice (headless), as Word-like readers lay it out."""
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "form.docx"
        source.write_bytes(document.content)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", scratch, str(source)],
            check=True,
            capture_output=True,
        )
        return _Converted((Path(scratch) / "form.pdf").read_bytes())


def render(out: Path, dpi: int, docx: bool = False) -> list[Path]:
    from cchc.dossiers.documents import render_dossier_form, render_register
    from cchc.dossiers.models import Dossier

    notices = inspection_notice_jobs(docx)  # first: the demo's people before the samples'
    ward, dossiers = sample_dossiers()
    base = "https://dichvucong.lamdong.gov.vn"
    full, old = dossiers["2025-full"], dossiers["2025"]
    forms = [
        ("mau-01-giay-tiep-nhan-2025", full, "receipt"),
        ("mau-02-yeu-cau-bo-sung-2025", full, "supplement"),
        ("mau-03-tu-choi-2018", dossiers["refused"], "refusal"),
        ("mau-04-xin-loi-gia-han-2025", full, "apology"),
        ("mau-05-thong-bao-dung-2025", dossiers["withdrawn"], "stop"),
        ("mau-06-phieu-kiem-soat-2025", full, "tracking"),
        ("mau-01-giay-tiep-nhan-2018", old, "receipt"),
        ("mau-04-xin-loi-hen-lai-2018", dossiers["2018"], "apology"),
        ("mau-05-phieu-kiem-soat-2018", old, "tracking"),
    ]
    register = {
        "unit": ward,
        "dossiers": Dossier.objects.all(),
        "date_from": date(2025, 10, 1),
        "date_to": date(2025, 10, 31),
        "subtree": False,
        "on": date(2025, 11, 3),
    }
    jobs = [(name, render_dossier_form(d, key, "pdf", base_url=base)) for name, d, key in forms]
    jobs.append(("mau-07-so-theo-doi-2025", render_register(**register, fmt="pdf")))
    if docx:
        jobs += [
            (f"{name}-docx-libreoffice", _libreoffice(render_dossier_form(d, key, "docx", base_url=base)))
            for name, d, key in forms
        ]
        jobs.append(
            (
                "mau-07-so-theo-doi-2025-docx-libreoffice",
                _libreoffice(render_register(**register, fmt="docx")),
            )
        )
    jobs += notices
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, document in jobs:
            pdf = Path(scratch) / f"{name}.pdf"
            pdf.write_bytes(document.content)
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    str(dpi),
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(out / name),
                ],
                check=True,
            )
            written.append(out / f"{name}.png")
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots" / "forms"))
    parser.add_argument("--dpi", type=int, default=70)
    parser.add_argument("--docx", action="store_true", help="also render the DOCX files through LibreOffice")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        prepare_database(Path(home))
        for path in render(Path(args.out), args.dpi, args.docx):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

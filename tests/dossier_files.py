"""Helpers to write dossier interchange files in tests (formats/dossiers-csv.md)."""

from pathlib import Path

#: Copies of ../shared/formats/examples (the contracts' worked examples).
EXAMPLES = Path(__file__).resolve().parent / "contract_examples"
HEADER = (
    "code,unit_code,procedure_code,procedure_name,field,processing_days,channel,received_at,due_at,"
    "supplement_requested_at,supplement_received_at,supplement_count,finished_at,returned_at,stopped_at,outcome,"
    "fee_vnd,paid_online,digitized,e_result,disliked"
)
COLUMNS = HEADER.split(",")


def row(**values) -> str:
    """One CSV line with the contract's columns; unspecified cells blank (values are written as given)."""
    base = {
        "code": "T-1",
        "unit_code": "22933",
        "procedure_code": "1.001193",
        "procedure_name": "",
        "field": "Hộ tịch",
        "processing_days": "1",
        "channel": "direct",
        "received_at": "2025-03-03T09:00",
    }
    base.update(values)
    cells = []
    for column in COLUMNS:
        text = str(base.get(column, ""))
        cells.append('"' + text.replace('"', '""') + '"' if any(ch in text for ch in ',"\n') else text)
    return ",".join(cells)

"""Write tests/fixtures/field/tables/compounds.xlsx: compounds keyed by name, as a field
office keeps them (no compound_id, no country; lat/lon; an alias in brackets; one row
without a name, deliberately broken)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parents[1] / "tests/fixtures/field/tables/compounds.xlsx"
ROWS = [
    ("name", "aliases", "location", "lat", "lon", "operator"),
    ("Jade Harbour (Cang Yu)", "JH Park", "Myawaddy", 16.69, 98.51, "Jade Fictional Dev Co"),
    ("Silver Lotus Park", None, "Sihanoukville", 10.62, 103.52, "Lotus Fictional Group"),
    (None, "Nameless Park", "Myawaddy", 16.7, 98.5, None),
]


def main() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in ROWS:
        sheet.append(row)
    book.save(OUT)


if __name__ == "__main__":
    main()

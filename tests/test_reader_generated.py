"""Files the reader has not seen: random exports in every combination of encoding,
separator, decimal mark, thousands separator, date order, quoting and line ending.

Each file is either read exactly as the table it was written from, or refused with the
one error its values make unavoidable (dates such as 03/04/2024 and nothing to decide
them). Any other outcome - a wrong value, pandas' own exception - fails.
"""

from __future__ import annotations

import codecs
import random

import pandas as pd
import pytest

from mcourse.data.reader import read
from mcourse.errors import DataError

CITIES = {"ar": ["وهران", "الجزائر", "قسنطينة", "سطيف", "تيزي وزو", "عنابة", "بجاية"],
          "pl": ["Łódź", "Kraków", "Gdańsk", "Wrocław", "Poznań", "Białystok", "Żywiec"]}
NBSP = "\u00a0"


def _grouped(whole: int, group: str | None) -> str:
    text = f"{whole:,}"
    return text.replace(",", group) if group else text.replace(",", "")


def _export(seed: int, hard: bool = False):
    """(bytes of an export, the table it holds, whether its dates are undecidable).
    ``hard`` adds currencies, minus signs before or after, empty cells, Excel's empty
    trailing columns and Eastern Arabic digits."""
    rng = random.Random(seed)
    lang = rng.choice(["ar", "pl"])
    encoding = rng.choice(["utf-8", "utf-8-sig", "utf-16", "cp1256" if lang == "ar" else
                           "cp1250"])
    sep = rng.choice([",", ";", "\t"])
    decimal = rng.choice([".", ","])
    group = rng.choice([None, " ", NBSP, "." if decimal == "," else ","])
    order = rng.choice(["iso", "dmy/", "dmy."])
    eol = rng.choice(["\n", "\r\n"])
    quote_all = rng.random() < 0.2
    currency = hard and rng.random() < 0.4
    minus = rng.choice(["lead", "trail"]) if hard else None
    blanks = hard and rng.random() < 0.4
    trailing = hard and rng.random() < 0.3
    eastern = hard and lang == "ar" and encoding != "cp1256" and rng.random() < 0.3
    n = rng.randint(3, 25)
    rows, truth = [], {"code": [], "city": [], "amount": [], "qty": [], "day": []}
    for i in range(n):
        cents = rng.randint(0, 5_000_000)
        whole, frac = divmod(cents, 100)
        amount = _grouped(whole, group) + decimal + f"{frac:02d}"
        negative = minus is not None and rng.random() < 0.25
        if negative:
            amount = "-" + amount if minus == "lead" else amount + "-"
        if currency:
            amount += " " + ("دج" if lang == "ar" else "zł")
        day = pd.Timestamp("2024-01-01") + pd.Timedelta(days=rng.randint(0, 365))
        date = {"iso": day.strftime("%Y-%m-%d"), "dmy/": day.strftime("%d/%m/%Y"),
                "dmy.": day.strftime("%d.%m.%Y")}[order]
        code = f"{rng.randint(1, 999):05d}"
        city = rng.choice(CITIES[lang])
        qty = rng.randint(1, 40)
        qty_text = str(qty)
        if eastern:
            qty_text = qty_text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        if blanks and i and rng.random() < 0.3:
            qty, qty_text = None, ""
        rows.append([code, city, amount, qty_text, date])
        value = -cents / 100 if negative else cents / 100
        for key, item in zip(truth, (code, city, value, qty, day), strict=True):
            truth[key].append(item)

    def cell(value: str) -> str:
        needs = sep in value or '"' in value
        return f'"{value}"' if quote_all or needs else value

    extra = sep * 2 if trailing else ""
    lines = [sep.join(cell(c) for c in ["code", "city", "amount", "qty", "day"]) + extra]
    lines += [sep.join(cell(c) for c in row) + extra for row in rows]
    text = eol.join(lines) + eol
    data = text.encode(encoding) if encoding != "utf-16" else \
        codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    days = truth["day"]
    ambiguous = order == "dmy/" and all(d.day <= 12 for d in days) and any(
        d.day != d.month for d in days)
    return data, pd.DataFrame(truth), ambiguous


@pytest.mark.parametrize("seed, hard", [(seed, False) for seed in range(100)]
                         + [(seed, True) for seed in range(100, 200)])
def test_a_generated_export_reads_as_written(tmp_path, seed, hard):
    data, truth, ambiguous = _export(seed, hard)
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    try:
        table = read(path).table
    except DataError as err:
        assert ambiguous and err.key == "data.error.date_ambiguous", (err.key, str(err))
        return
    assert not ambiguous
    assert table["code"].tolist() == truth["code"].tolist()  # leading zeros kept
    assert table["city"].tolist() == truth["city"].tolist()
    assert table["amount"].round(2).tolist() == truth["amount"].tolist()
    assert table["qty"].fillna(-1).tolist() == truth["qty"].fillna(-1).tolist()
    assert list(table.columns) == ["code", "city", "amount", "qty", "day"]
    assert table["day"].tolist() == truth["day"].tolist()

"""The wheel carries everything a student's `pip install mcourse` needs: datasets with
their cards, the message catalogue, the course CSS and the export template."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import ROOT


def test_installed_wheel_loads_data_messages_and_styles(tmp_path):
    from hatchling.builders.wheel import WheelBuilder

    wheel = next(WheelBuilder(str(ROOT)).build(directory=str(tmp_path / "dist"),
                                              versions=["standard"]))
    unpacked = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(unpacked)
    assert "mcourse/datasets/market_orders.card.yaml" in names
    assert "mcourse/datasets/examples/pl_excel_export.csv" in names  # lesson 00's exports
    assert "mcourse/templates/mcourse/index.html.j2" in names
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import mcourse\n"
        "assert mcourse.__file__.startswith(sys.argv[1]), mcourse.__file__\n"
        "mcourse.set_lang('pl')\n"
        "print(mcourse.load('market_sessions').shape, mcourse.t('word.sales'))\n"
        "from mcourse.styles import course_css; assert 'text-align: start' in course_css()\n"
        "from mcourse.data import example_file, read_csv\n"
        "print(read_csv(example_file('pl_excel_export.csv'), quiet=True)['Miasto'].iloc[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(unpacked)], cwd=tmp_path,
                         capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines() == ["(60000, 6) Sprzedaż", "Łódź"]

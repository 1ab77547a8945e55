"""The ways to set the course up agree: pyproject.toml, environment.yml (conda, Binder),
the Jupyter config of `make lab` and the one Binder's postBuild installs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib

import pytest
import yaml
from conftest import ROOT

from mcourse.styles import course_css

CONDA_NAMES = {"matplotlib-base": "matplotlib"}
"""conda-forge packages whose PyPI name differs (matplotlib-base: matplotlib without Qt)."""

CONFIG = ROOT / "jupyter_config"
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*?)\s*$")


def _parse(line: str) -> tuple[str, str]:
    """``"pandas>=2.2,<4"`` -> ``("pandas", "<4,>=2.2")``: normalised name and ranges."""
    name, specifier = _REQUIREMENT.match(line).groups()
    name = re.sub(r"[-_.]+", "-", CONDA_NAMES.get(name, name)).lower()
    return name, ",".join(sorted(part.replace(" ", "") for part in specifier.split(",") if part))


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(map(_parse, lines))


def _environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _environment_requirements() -> tuple[dict[str, str], list[str], list[str]]:
    """Packages of environment.yml as PyPI names, plus its conda-only and pip-local lines."""
    found, conda_only, local = {}, [], []
    for entry in _environment()["dependencies"]:
        lines = entry["pip"] if isinstance(entry, dict) else [entry]
        for line in lines:
            if line.startswith(("-e", ".")):
                local.append(line)
                continue
            if line.startswith("python=") or line == "pip":
                conda_only.append(line)
                continue
            name, specifier = _parse(line)
            assert name not in found, f"{name} listed twice in environment.yml"
            found[name] = specifier
    return found, conda_only, local


def test_environment_yml_names_the_pyproject_packages_with_the_same_ranges():
    pyproject = _pyproject_requirements()
    environment, _, _ = _environment_requirements()
    assert sorted(environment) == sorted(pyproject)
    differ = {name: (pyproject[name], environment[name])
              for name in pyproject if pyproject[name] != environment[name]}
    assert not differ, f"version ranges differ (pyproject, environment.yml): {differ}"


def test_environment_yml_has_python_311_and_installs_the_course_package():
    _, conda_only, local = _environment_requirements()
    assert "python=3.11" in conda_only and "pip" in conda_only
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["requires-python"]
    assert requires.replace(" ", "") in (">=3.11", ">=3.10", ">=3.9"), requires
    assert local == ["-e ."]
    assert _environment()["channels"] == ["conda-forge"]


def test_custom_css_is_the_course_rule():
    assert (CONFIG / "custom" / "custom.css").read_text(encoding="utf-8") == course_css()
    assert '[dir="rtl"] p' in course_css() and "text-align: start" in course_css()


def test_lab_config_loads_the_custom_css_and_stays_offline():
    lab = json.loads((CONFIG / "jupyter_server_config.json").read_text(encoding="utf-8"))
    assert lab["LabApp"]["custom_css"] is True
    assert lab["LabApp"]["news_url"] is None


def test_make_lab_opens_lesson_00_in_a_fresh_workspace():
    if not shutil.which("make"):
        pytest.fail("`make` is needed: the README's commands use it")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    dry_run = subprocess.run(["make", "-n", "-o", "setup", "lab"], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True).stdout
    assert "jupyter lab" in dry_run and "notebooks/00_start_here.ipynb" in dry_run
    assert "--LabApp.workspaces_dir=" in dry_run and "mktemp -d" in dry_run
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "export JUPYTER_CONFIG_DIR := $(CURDIR)/jupyter_config" in makefile


def test_binder_postbuild_installs_the_same_config(tmp_path):
    target = tmp_path / "dot-jupyter"
    target.mkdir()
    (target / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"ip": "0.0.0.0"}, "LabApp": {"custom_css": False}}),
        encoding="utf-8")
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(target),
           "PATH": os.pathsep.join([os.path.dirname(sys.executable), os.environ["PATH"]])}
    for _ in range(2):  # a second run changes nothing
        subprocess.run(["bash", str(ROOT / "postBuild")], env=env, check=True,
                       capture_output=True, cwd=tmp_path)
    assert (target / "custom" / "custom.css").read_text(encoding="utf-8") == course_css()
    merged = json.loads((target / "jupyter_server_config.json").read_text(encoding="utf-8"))
    assert merged["ServerApp"] == {"ip": "0.0.0.0"}, "config already there is kept"
    assert merged["LabApp"]["custom_css"] is True
    settings = "lab/user-settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings"
    assert (target / settings).read_bytes() == (CONFIG / settings).read_bytes()
    assert not (target / "lab" / "workspaces").exists()
    assert os.access(ROOT / "postBuild", os.X_OK), "Binder runs postBuild as a program"

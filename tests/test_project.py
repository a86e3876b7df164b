"""Project-level promises: set-up files agree, the demo corpus is verbatim, the README leads with two commands."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# sha256 of ../shared/seeds/* as handed over: the demo corpus must stay byte-for-byte.
SEED_HASHES = {
    "000_fc8b324fe441b7d8.txt": "e36e65d05592beb1a4f7bc78c02d53b94fe6f9223c155d3a334e7a7f6423d277",
    "001_bc9fb1cf91c94744.txt": "378a4f5e6cb98776cbbcb8ab139964c17c72171076d3399234bc30481f737014",
    "002_c014c445cac2ae77.txt": "caeded692c03fa0c86971c1fd68903fd299fbd32e332b7385bff50adc59198c8",
    "003_f9d31f0fdb43724e.txt": "61572314134ed73549e97eecbd99ed140447212cdd7bf2ef94a5ce5b0d24641e",
    "004_a32e0580cd2cbc42.txt": "debea82b1e546f6492a43fdf048c335a089bda90880b5f1271353dca9d94c4fb",
}


def _package_name(requirement: str) -> str:
    name = re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-")


def _pyproject_packages() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs.extend(extra)
    return {_package_name(r) for r in reqs}


def _conda_packages() -> set[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    names = {_package_name(d) for d in env["dependencies"] if isinstance(d, str)}
    return names - {"python", "pip"}


def test_environment_yml_lists_the_same_packages_as_pyproject():
    pyproject, conda = _pyproject_packages(), _conda_packages()
    assert pyproject == conda, f"only in pyproject: {pyproject - conda}; only in environment.yml: {conda - pyproject}"


def test_seeds_are_the_shared_files_byte_for_byte():
    for name, digest in SEED_HASHES.items():
        assert hashlib.sha256((ROOT / "seeds" / name).read_bytes()).hexdigest() == digest, name


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:] if line.strip()]
    assert commands == ["make report", "make test"]


def test_every_public_name_resolves_to_what_its_module_defines():
    import importlib

    import toolkit

    for name, module in toolkit._API.items():
        assert getattr(toolkit, name) is getattr(importlib.import_module(module), name), name
    assert callable(toolkit.clean) and callable(toolkit.keyness)  # not shadowed by their modules

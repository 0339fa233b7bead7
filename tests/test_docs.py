"""The code in the README and the documentation runs, block by block, as written.

Every fenced ``python`` block (and every MyST-NB ``{code-cell}``) of README.md, docs/**/*.md and
the data READMEs is executed in order, one namespace per file, in a temporary working
directory. In ``bash``/``console``/``shell`` blocks each ``corridors ...`` command is run
through :func:`corridors.cli.main` and must exit 0; the other commands are skipped only if they
are on the explicit list below. Blocks that are not meant to run use another fence (``json``,
``text``, ``toml`` or none); the README's JSON sample is checked against the real output here,
the scenario TOML example of data/scenarios/README.md by tests/test_scenarios.py.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from osm_fixtures import write_osm_xml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
#: Not pages of ours: the build output and the notebooks the docs build copies in.
GENERATED = ("_build", "jupyter_execute", "notebooks")

PYTHON = {"python", "py", "python3", "{code-cell}"}
SHELL = {"bash", "console", "shell", "sh"}
#: Fences that are documentation, not code to run.
NOT_RUN = {"", "text", "json", "toml", "csv", "xml", "none", "{include}", "{toctree}",
           "{argparse}", "{automodule}", "{autofunction}", "{autoclass}", "{eval-rst}",
           "{csv-table}", "{note}", "{warning}", "{seealso}", "{tip}", "{list-table}"}
#: Shell commands that the docs show but the tests do not run (prefixes, explicit).
SKIPPED_COMMANDS = (
    "pip install",            # installs: the test environment is installed already
    "export ",                # environment settings, shown for the reader
    "python -m pytest",       # the test suite itself
    "python -m sphinx",       # the docs build (CI runs it)
    "ruff check",             # lint (CI runs it)
    "python benchmarks/",     # benchmarks print figures and take minutes
    "bash .ci/run",           # the whole CI
)
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")


def doc_files() -> list[Path]:
    """README.md, the docs pages and the data READMEs, in a stable order."""
    pages = [p for p in sorted(DOCS.rglob("*.md"))
             if not set(p.relative_to(DOCS).parts) & set(GENERATED)]
    return [ROOT / "README.md", *pages, ROOT / "data" / "README.md",
            ROOT / "data" / "scenarios" / "README.md"]


def blocks(text: str) -> Iterator[tuple[int, str, str]]:
    """Yield ``(line number, language, code)`` of each fenced block of Markdown ``text``."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group("fence"), m.group("info").strip()
        lang = info.split()[0] if info else ""
        start, body = i + 1, []
        i += 1
        while i < len(lines):
            close = lines[i].strip()
            if close.startswith(fence[0] * len(fence)) and not close.strip(fence[0]):
                break
            body.append(lines[i])
            i += 1
        i += 1
        if lang == "{code-cell}":  # MyST-NB cell: leading ":key: value" options are metadata
            while body and body[0].startswith(":"):
                body.pop(0)
        code = "\n".join(body) + "\n"
        yield start, lang if lang.startswith("{") else lang.lower(), code
        if lang.startswith("{") and lang not in ("{code-cell}", "{eval-rst}"):
            # a directive's body is Markdown: its own code blocks run too
            for line, inner, inner_code in blocks(code):
                yield start + line, inner, inner_code


def shell_commands(code: str) -> Iterator[str]:
    """Yield each command of a shell block (``a && b`` gives two), comments dropped."""
    for raw in code.splitlines():
        line = raw.strip().removeprefix("$ ").strip()
        if not line or line.startswith("#"):
            continue
        for part in line.split("&&"):
            words = shlex.split(part, comments=True)
            if words:
                yield shlex.join(words)


def _prepare(tmp: Path) -> None:
    """Write the inputs the snippets name as the reader's own files."""
    from corridors.resources import builtin_data_dir

    # "an extract you downloaded" (OSM README example): the tests' tiny Dostyk extract
    write_osm_xml(tmp / "extract.osm")
    # "your own network in the same format": a copy of the built-in one
    shutil.copytree(builtin_data_dir(), tmp / "my_network")
    # "extend the built-in one": an extension directory with one place of the reader's own
    (tmp / "my_additions").mkdir()
    (tmp / "my_additions" / "places.csv").write_text(
        "id,name,country,lat,lon,kind,source\n"
        "my_depot,My Depot,KZ,43.3000,76.9500,logistics_hub,wb_2023_middle_corridor\n",
        encoding="utf-8")
    (tmp / "my_additions" / "links.csv").write_text(
        "id,from,to,mode,distance_km,status,direction,estimate\n"
        "my_depot_almaty_road,my_depot,almaty,road,8,operational,two_way,my own odometer\n",
        encoding="utf-8")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)
    _prepare(tmp_path)
    return tmp_path


@pytest.mark.parametrize("path", doc_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_code_blocks_run(path: Path, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from corridors.cli import main

    text = path.read_text(encoding="utf-8")
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    name = path.relative_to(ROOT)
    try:
        for line, lang, code in blocks(text):
            where = f"{name}:{line}"
            if lang in PYTHON:
                exec(compile(code, where, "exec"), namespace)
            elif lang in SHELL:
                for command in shell_commands(code):
                    if command.startswith(SKIPPED_COMMANDS):
                        continue
                    assert command.startswith("corridors "), (
                        f"{where}: {command!r} is neither a corridors command nor on the "
                        f"explicit skip list")
                    code_ = main(shlex.split(command)[1:])
                    assert code_ == 0, f"{where}: {command!r} exited {code_}: " \
                                       f"{capsys.readouterr().err[-2000:]}"
            else:
                assert lang in NOT_RUN, f"{where}: unknown fence language {lang!r}"
    finally:
        plt.close("all")


def test_block_parser() -> None:
    text = ("# t\n```python\nx = 1\n```\n\n````{note}\n```python\ny = 2\n```\n````\n"
            "```{code-cell} ipython3\n:tags: [hide-input]\nz = 3\n```\n~~~bash\ncorridors info\n"
            "~~~\n")
    assert [(lang, code) for _, lang, code in blocks(text)] == [
        ("python", "x = 1\n"), ("{note}", "```python\ny = 2\n```\n"), ("python", "y = 2\n"),
        ("{code-cell}", "z = 3\n"), ("bash", "corridors info\n")]
    assert list(shell_commands("$ pip install . && corridors route a b  # c\n# x\n")) == [
        "pip install .", "corridors route a b"]


def test_every_doc_file_is_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in doc_files()}
    assert {"README.md", "docs/calibration.md", "docs/emissions.md",
            "data/README.md"} <= names
    assert not any("/_build/" in n for n in names)
    assert os.path.isfile(ROOT / "docs" / "conf.py")


def _shape(value: object) -> object:
    """Keys in order and value types of a JSON value; a list by its first entry."""
    if isinstance(value, dict):
        return [(key, _shape(v)) for key, v in value.items()]
    if isinstance(value, list):
        return ["list", _shape(value[0])] if value else ["list"]
    return type(value).__name__


def test_readme_json_sample_is_the_layout_of_the_real_output(
        capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from corridors.cli import main

    samples = [code for _, lang, code in blocks((ROOT / "README.md").read_text("utf-8"))
               if lang == "json"]
    assert len(samples) == 1
    sample = json.loads(samples[0])
    args = ["route", sample["origin"]["query"], sample["destination"]["query"],
            "--objective", sample["query"]["objective"], "--format", "json"]
    capsys.readouterr()
    assert main(args) == 0
    real = json.loads(capsys.readouterr().out)
    assert _shape(sample) == _shape(real)  # every key, in order, with its type
    for key in ("schema_version", "origin", "destination", "query"):
        assert sample[key] == real[key], key


"""Sphinx configuration of the corridors documentation.

Build with ``python -m sphinx -W --keep-going -b html docs docs/_build/html`` (the ``docs``
extra has what it needs). The notebooks of ``notebooks/`` are copied into ``docs/notebooks/``
(generated, not versioned) and executed during the build, as is the getting-started page.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))  # document the checkout, also when it is not installed

# The executed pages show their figures through the kernel's inline backend (a backend set
# in the environment, e.g. Agg for the tests, would hide them), and the command-line examples
# run during the build must neither read nor fill the reader's network cache.
os.environ.pop("MPLBACKEND", None)
os.environ.setdefault("CORRIDORS_CACHE_DIR", "off")


def _copy_notebooks() -> None:
    """Copy ``notebooks/*.ipynb`` into ``docs/notebooks/`` (Sphinx reads only its source dir)."""
    target = DOCS / "notebooks"
    target.mkdir(exist_ok=True)
    sources = {p.name: p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    for stale in target.glob("*.ipynb"):
        if stale.name not in sources:
            stale.unlink()
    for name, source in sources.items():
        copy = target / name
        if not copy.exists() or not filecmp.cmp(source, copy, shallow=False):
            shutil.copyfile(source, copy)


_copy_notebooks()

from corridors import __version__  # noqa: E402

project = "corridors"
author = "corridors developers"
copyright = "corridors developers; data © their sources, OpenStreetMap contributors (ODbL)"
version = release = __version__

extensions = [
    "myst_nb",                       # Markdown (MyST) pages and executed notebooks
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",        # the at-a-glance table of the API reference (no stubs)
    "numpydoc",                      # the numpydoc docstrings
    "sphinx.ext.viewcode",
    "sphinxarg.ext",                 # the CLI reference, generated from the parser
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "jupyter_execute", "**/.ipynb_checkpoints"]
root_doc = "index"
# No "--" to en dash: the pages, the docstrings and the parser's help are full of --options.
smartquotes_action = "qe"

# MyST
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

#: Links of the included repository files (README.md, ...) to the pages that show those files
#: on this site ("/" is the docs directory). Any other link to a file that is not a page is a
#: warning, so a new one fails the build until it is added here.
REPOSITORY_LINKS = {
    "data/README.md": "/reference/data-format.md",
    "docs/calibration.md": "/calibration.md",
    "docs/emissions.md": "/emissions.md",
    "SECURITY.md": "/security.md",
    "CHANGELOG.md": "/changelog.md",
}

# MyST-NB: every notebook and the getting-started page run during the build (saved without
# outputs, so "auto" executes them all); any error in a cell fails the build.
nb_execution_mode = "auto"
nb_execution_timeout = 180
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_in_temp = True          # a notebook writes nothing into the source tree
nb_merge_streams = True

# autodoc + numpydoc
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "none"           # numpydoc sections give the types
autodoc_preserve_defaults = True
numpydoc_show_class_members = False  # members are documented by autodoc itself
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

html_theme = "furo"
html_title = f"corridors {version}"
html_static_path: list[str] = []
autosummary_generate = False


def _site_links(app: object, relative_path: Path, parent_docname: str,
                content: list[str]) -> None:
    """Point the links of an included repository file at the pages of this site."""
    for target, page in REPOSITORY_LINKS.items():
        content[0] = content[0].replace(f"]({target})", f"]({page})")


def setup(app: object) -> dict[str, bool]:
    """Connect the link rewriting of included files."""
    app.connect("include-read", _site_links)  # type: ignore[attr-defined]
    return {"parallel_read_safe": True}

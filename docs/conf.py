"""Sphinx configuration for the `contracts` documentation."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))
# notebooks run in their own kernel: let it import this tree too, not another installed copy
os.environ["PYTHONPATH"] = os.pathsep.join(
    [os.path.abspath("..")] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []))

project = "contracts"
author = "contracts developers"
copyright = "2026, contracts developers"

from contracts import __version__ as release  # noqa: E402

version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "myst_nb",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb"}
# Notebooks (MyST text files) are executed on every build; an error fails the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 300
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# numpydoc-style docstrings; attributes as instance-variable fields so that dataclass fields
# are not documented twice.
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_ivar = True
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_mock_imports = []

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
html_theme = "furo"
html_title = f"contracts {release}"
html_static_path = ["_static"]
nitpicky = False
suppress_warnings = ["myst.header", "ref.python"]

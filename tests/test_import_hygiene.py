"""The core (models, ingest, extract, index, config) must import without Textual or Rich widgets, and
no module but the two private ones touches a ``_``-attribute of a Whoosh or Textual object."""

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import kbio_tui

PACKAGE = Path(kbio_tui.__file__).parent
# every module of the core, not only the packages' __init__s (the index one imports lazily)
CORE = [
    "kbio_tui.models",
    "kbio_tui.config",
    "kbio_tui.errors",
    "kbio_tui.pipeline",
    "kbio_tui.export",
    *(
        m.name
        for pkg in ("ingest", "extract", "index")
        for m in pkgutil.walk_packages([str(PACKAGE / pkg)], prefix=f"kbio_tui.{pkg}.")
    ),
]


def test_core_imports_without_textual() -> None:
    code = (
        "import sys\n"
        f"for m in {CORE!r}: __import__(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')"
        " or m.startswith('rich.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core pulled in UI modules: {out.stdout.strip()}"


def test_cli_import_is_light() -> None:
    """`kbio-tui` draws its first screen before paying for Whoosh or pydantic: the CLI module must not
    import them at module level (the browse path imports Textual, then opens the index in a worker)."""
    code = (
        "import sys\n"
        "import kbio_tui.cli\n"
        "heavy = ('whoosh', 'pydantic', 'textual', 'rich', 'trafilatura')\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"kbio_tui.cli imports heavy modules at start-up: {out.stdout.strip()}"


_PRIVATE_ATTR = re.compile(r"[A-Za-z0-9_)\]]\._[A-Za-z]")
_OWN = re.compile(r"\b(self|cls)\._")
PRIVATE_MODULES = {"whoosh_private.py", "textual_private.py"}


def test_only_the_private_modules_touch_private_attributes() -> None:
    """The README's grep, as a test: a ``_``-attribute reached on anything but ``self``/``cls``."""
    assert len(CORE) > 40  # the walk found the modules
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in PRIVATE_MODULES:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _PRIVATE_ATTR.search(line) and not _OWN.search(line):
                found.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)

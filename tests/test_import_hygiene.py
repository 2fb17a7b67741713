"""The core (models, ingest, extract, index, config) must import without Textual or Rich widgets."""

import subprocess
import sys

CORE = [
    "kbio_tui.models",
    "kbio_tui.config",
    "kbio_tui.errors",
    "kbio_tui.pipeline",
    "kbio_tui.ingest",
    "kbio_tui.extract",
    "kbio_tui.index",
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

"""Shared helpers for the ingest tests: fixture paths and one-article loading."""

from __future__ import annotations

from pathlib import Path

from kbio_tui.ingest import LoadResult, load_file
from kbio_tui.models import Article

FIXTURES = Path(__file__).parent / "fixtures"
INGEST = FIXTURES / "ingest"
HOSTILE = FIXTURES / "hostile"


def only_result(path: Path) -> LoadResult:
    results = load_file(path)
    assert len(results) == 1, [r.error for r in results]
    return results[0]


def only_article(path: Path) -> Article:
    result = only_result(path)
    assert result.error is None, result.error
    assert result.article is not None
    return result.article


def body(article: Article) -> str:
    return "\n\n".join(article.paragraphs)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path

"""HTML: saved pages go through trafilatura (main content + metadata); HTML bodies inside JSON
records are fragments with no boilerplate to find, so lxml flattens them directly.

Both libraries are imported on first use: start-up of the CLI and the browser must not pay for them.
"""

from __future__ import annotations

import re
from typing import Any

from .clean import Hints
from .dates import parse_date
from .outlets import known
from .sanitize import clean_inline

_TAG = re.compile(
    r"<(?:p|div|br|span|a|h[1-6]|ul|ol|li|figure|figcaption|img|strong|em|b|i|table|blockquote|script|style"
    r"|iframe|section|article)\b[^>]{0,500}>",
    re.IGNORECASE,
)
_DROP = ("script", "style", "iframe", "noscript", "template", "object", "embed", "svg", "form", "button",
         "nav", "select", "input", "textarea", "canvas", "video", "audio", "head")  # fmt: skip
_BLOCKS = ("p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "tr",
           "table", "ul", "ol", "figure", "header", "footer", "aside", "pre", "dd", "dt")  # fmt: skip
_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S", "original_date": True, "extensive_search": False}


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text[:20_000]))


def _parse(html: str) -> Any:
    import lxml.html

    try:
        return lxml.html.fromstring(html)
    except Exception:  # lxml raises several types (ParserError, ValueError) on empty or odd input
        return None


def _figcaptions(tree: Any) -> list[str]:
    out: list[str] = []
    for el in tree.iter("figcaption"):
        text = clean_inline(el.text_content())
        if text and text not in out:
            out.append(text)
    return out


def fragment_to_text(html: str) -> tuple[str, list[str]]:
    """An HTML fragment as one line per block, and the figure captions kept apart."""
    tree = _parse(f"<div>{html}</div>")
    if tree is None:
        return "", []
    for el in list(tree.iter(*_DROP)):
        el.drop_tree()
    for el in list(tree.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions
            el.drop_tree()
    captions = _figcaptions(tree)
    for el in list(tree.iter("figcaption")):
        el.drop_tree()
    for el in tree.iter():
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCKS:
            el.tail = "\n\n" + (el.tail or "")
            if el.text:
                el.text = "\n" + el.text
    return tree.text_content(), captions


def read_page(html: str) -> tuple[str, Hints]:
    """Main text of a saved page (one paragraph per line) and its metadata as cleaning hints."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    tree = _parse(html) if "figcaption" in html else None
    captions = _figcaptions(tree) if tree is not None else []
    if doc is None:
        return "", Hints(captions=captions)
    assert not isinstance(doc, dict)  # as_dict=False: trafilatura returns its Document
    hints = Hints(
        title=doc.title or None,
        author=doc.author or None,
        published=parse_date(doc.date) if doc.date else None,
        outlet=(known(doc.sitename) or doc.sitename) if doc.sitename else None,
        url=doc.url or None,
        captions=captions,
    )
    return doc.text or "", hints

"""List rows drawn from their segments (tui/row_visual.py): cut at the list's width by cells, with an
ellipsis, styles kept, lines never wrapped, text never read as markup."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.color import Color
from textual.style import Style
from textual.visual import RenderOptions

from kbio_tui.tui.row_visual import ELLIPSIS, Row

BASE = Style(bold=False)
OPTIONS = RenderOptions(lambda *_a, **_k: Style(), {}, None, None)  # rows read nothing from it


def _lines(row: Row, width: int) -> list[str]:
    return [strip.text for strip in row.render_strips(width, None, BASE, OPTIONS)]


def test_a_line_that_fits_is_drawn_whole_and_a_longer_one_is_cut_at_the_last_cell() -> None:
    row = Row(Text("2026-03-05  Yonhap  Korean CDMO exports hit a record"))
    assert _lines(row, 80) == ["2026-03-05  Yonhap  Korean CDMO exports hit a record"]
    cut = _lines(row, 20)[0]
    assert cut == "2026-03-05  Yonhap " + ELLIPSIS and cell_len(cut) == 20


def test_two_lines_stay_two_lines_each_cut_on_its_own() -> None:
    row = Row(Text("● “We will double capacity in Songdo next year,” he said.\n  2026-01-14  KBR  Plant"))
    assert row.get_height({}, 10) == 2  # never wrapped, whatever the width
    first, second = _lines(row, 24)
    assert first.endswith(ELLIPSIS) and cell_len(first) == 24
    assert second == "  2026-01-14  KBR  Plant"


def test_wide_characters_are_cut_by_cells_never_past_the_width() -> None:
    row = Row(Text("셀트리온 바이오시밀러 유럽 승인 확대"))
    for width in range(1, 30):
        (line,) = _lines(row, width)
        assert cell_len(line) <= width
        if cell_len(str(row)) > width:
            assert line.endswith(ELLIPSIS)


def test_styles_are_kept_over_the_lists_style_and_the_whole_line_style_too() -> None:
    text = Text("● ", style="bold green")
    text.append("quoted words")
    text.append(" title", "italic")
    (strip,) = Row(text).render_strips(40, None, Style(background=Color.parse("#123456")), OPTIONS)
    segments = [s for s in strip if s.text]
    assert all(s.style.bold and s.style.color.name == "green" for s in segments)  # the line's style
    assert all(s.style.bgcolor is not None for s in segments)  # over the list's (highlight) style
    assert [s.style.italic for s in segments][-1] is True


def test_markup_in_article_text_is_drawn_as_it_is() -> None:
    row = Row(Text("Hostile [bold red]markup[/] in a headline [/b]"))
    assert _lines(row, 80) == ["Hostile [bold red]markup[/] in a headline [/b]"]
    assert str(row) == "Hostile [bold red]markup[/] in a headline [/b]"

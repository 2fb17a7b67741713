"""The people and organisations of the article being read, to go from an article to a person's page.

Quoted first (by how often in this article), then by how often mentioned; Enter opens the page,
Escape goes back to the article."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kbio_tui.tui.safe_text import safe

if TYPE_CHECKING:
    from kbio_tui.models import Article

PICKED_TYPES = ("person", "org")


def article_people(article: Article) -> list[tuple[str, Text]]:
    """(entity id, row) for each person and organisation of ``article``, most quoted first."""
    quoted: dict[str, int] = {}
    for quote in article.quotes:
        if quote.speaker_id:
            quoted[quote.speaker_id] = quoted.get(quote.speaker_id, 0) + 1
    mentioned: dict[str, int] = {}
    for mention in article.mentions:
        mentioned[mention.entity_id] = mentioned.get(mention.entity_id, 0) + 1
    people = [e for e in article.entities if str(e.type) in PICKED_TYPES]
    people.sort(key=lambda e: (-quoted.get(e.id, 0), -mentioned.get(e.id, 0), e.name.casefold()))
    rows = []
    for entity in people:
        row = Text(f"{quoted.get(entity.id, 0):>3} q  ", "dim")  # first: a long name cannot cut it off
        row.append_text(safe(entity.name, "bold"))
        detail = ", ".join(x for x in (entity.role, entity.org) if x)
        if detail:
            row.append_text(safe(f"  {detail}", "dim"))
        rows.append((entity.id, row))
    return rows


class PeopleScreen(ModalScreen[str | None]):
    """Dismissed with the chosen entity's id (None on Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back"),
        Binding("p", "cancel", "Close", show=False),
    ]

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

    def compose(self) -> ComposeResult:
        rows = article_people(self.article)
        with Vertical(id="people-box"):
            yield Static(Text("People and organisations in this article (Enter opens a page)", "bold"))
            if rows:
                yield OptionList(*(Option(row, id=eid) for eid, row in rows), id="people-options")
            else:
                yield Static(Text("No people or organisations were found in it.", "dim italic"))

    def on_mount(self) -> None:
        for options in self.query("#people-options"):
            options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

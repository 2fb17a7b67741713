"""Keys and query syntax on one screen."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from kbio_tui.tui.widgets.key_bar import KeyBar

KEYS = [
    ("/", "focus the search bar (results refresh as you type)"),
    ("Enter", "open the row under the cursor (article, person, quote)"),
    ("Tab / shift+Tab", "move between panes"),
    ("F2 / F3 / F4", "Entities / Articles / article text"),
    ("← / →", "switch entity type (People, Orgs, Products, Laws, Places)"),
    ("letters", "in the Entities list: type to filter; Backspace edits, Escape clears"),
    ("4m 2q", "in the Entities list: 4 mentions, 2 quotes"),
    ("12 art · 7 q", "during a search: in 12 matching articles, quoted 7 times there"),
    ("Enter on a facet", "during a search: narrow it to the articles that also mention it"),
    ("ctrl+o", "in the Entities list: open the person's or organisation's page"),
    ("Escape", "back: out of the article, then one search filter less (facet or month)"),
    ("s", "save the search with its filters under a name"),
    ("S", "your saved searches, with what is new in each (Enter runs, d removes)"),
    ("t", "timeline: per month on a page or a search; ← → and Enter narrow to a month"),
    ("+", "before an article's date: ingested since your last session"),
    ("n / N", "next / previous highlight in the article"),
    ("p", "in an article: its people and organisations, to open a page"),
    ("● ◐ ○", "direct, partial and reported quotes (D, P, R without colour)"),
    ("c", "copy the selected quote with its citation"),
    ("e", "export a person's quotes (.md or .csv)"),
    ("m", "on a page: merge another name into this person or organisation"),
    ("s", "on a page: split off an alias, or this entity in the article under the cursor"),
    ("r / x", "on a page: rename (name, role, organisation) / drop it or change its type"),
    ("a", "on a page's quote: say who said it (someone else, anonymous, not a quote)"),
    ("u", "undo your last correction (the palette's Corrections lists them all)"),
    ("ctrl+p", "command palette: saved searches, then any person or organisation"),
    ("ctrl+r / F5", "reload from the index (also every few seconds)"),
    ("?", "this help"),
    ("q", "quit"),
]

SYNTAX = [
    ("samsung biologics", "both words (AND is implied)"),
    ('"contract manufacturing"', "exact phrase"),
    ("celltrion OR samsung", "either word"),
    ("biosimilar NOT europe", "exclude a word"),
    ("manufactur*", "prefix: manufacturer, manufacturing, …"),
    ("person:kim", "articles mentioning a person"),
    ("org:mfds", "articles mentioning an organisation"),
    ("outlet:yonhap", "one outlet"),
    ("date:2025-12..2026-02", "published in a range (months or days)"),
]


def _table(title: str, rows: list[tuple[str, str]]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, what in rows:
        table.add_row(Text(key), Text(what))
    return table


class HelpScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("question_mark", "app.pop_screen", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("kbio-tui — Korean biopharma news browser", style="bold"))
            yield Static(_table("Query syntax", SYNTAX), classes="help-section")
            yield Static(_table("Keys", KEYS), classes="help-section")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

"""The prompts of corrections in the browser: pick another entity (with a filter box), confirm one
line, rename (name, role, organisation), choose what an entity is instead, and the list of
recorded corrections (Enter undoes one after a confirmation line).

Each prompt that records something takes a function doing it that returns None once recorded, or a
one-line problem (an unwritable log, a refusal) that the prompt shows while it stays open: the user
reads why and can escape.  What is recorded and how is ``kbio_tui.tui.correcting``'s business.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kbio_tui.tui.errors import index_problem
from kbio_tui.tui.safe_text import one_line, safe

if TYPE_CHECKING:
    from pathlib import Path

    from kbio_tui.corrections import Correction
    from kbio_tui.index.api import EntitySummary
    from kbio_tui.models import EntityType

PICK_LIMIT = 50  # rows of each type the picker lists for its filter (the filter narrows them)
KIND_LABEL = {"person": "person", "org": "organisation"}

Act = Callable[[], str | None]


def _problem_line(message: str) -> Text:
    return Text(one_line(message), style="bold")


class PickEntityScreen(ModalScreen[str | None]):
    """A filter box over the people and/or organisations of the index (most quoted first) and,
    above them, fixed choices (``extras``: id, label); dismissed with the chosen id.  Enter in the
    box takes the highlighted row (the first one as the list is filtered)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "to_list", "List", show=False),
    ]

    def __init__(
        self,
        title: Text,
        types: Sequence[EntityType],
        *,
        exclude: str | None = None,
        extras: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__()
        self.title_line = title
        self.types = tuple(types)
        self.exclude = exclude
        self.extras = list(extras)
        self.shown_for: str | None = None  # the filter the rows are for
        self.found: dict[str, EntitySummary] = {}  # the rows' entities by id (for the caller)
        self._take_first = False  # Enter came before the rows for the typed filter

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box", classes="correct-box"):
            yield Static(self.title_line)
            yield Input(placeholder="type to filter by name", id="pick-filter")
            yield OptionList(id="pick-options")
            yield Static(Text("Enter picks · ↓ to the list · Escape cancels", "dim"), id="pick-status")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._fill("")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value.strip())

    @work(thread=True, exclusive=True, group="pick")
    def _fill(self, text: str) -> None:
        reader = self.app.reader  # type: ignore[attr-defined]
        try:
            found: list[EntitySummary] = []
            for etype in self.types:
                found += reader.entities(etype, contains=text, limit=PICK_LIMIT)
        except Exception as exc:
            self.app.call_from_thread(self._status, index_problem(exc))
            return
        self.app.call_from_thread(self._show, text, [e for e in found if e.id != self.exclude])

    def _status(self, message: str) -> None:
        self.query_one("#pick-status", Static).update(_problem_line(message))

    def _show(self, text: str, found: list[EntitySummary]) -> None:
        if text != self.query_one(Input).value.strip():
            return  # typed on since: the rows for the new text are on their way
        self.shown_for = text
        self.found = {e.id: e for e in found}
        options: list[Option] = [
            Option(Text(label, "italic"), id=eid)
            for eid, label in self.extras
            if not text or text.casefold() in label.casefold()
        ]
        for e in found:
            row = safe(e.name, "bold")
            if len(self.types) > 1:
                row.append(f"  {KIND_LABEL.get(e.type.value, e.type.value)}", "dim")
            about = ", ".join([*e.roles[:1], *e.orgs[:1]])
            if about:
                row.append_text(safe(f"  {about}", "dim"))
            row.append(f"  {e.quote_count}q {e.article_count} art", "dim")
            options.append(Option(row, id=e.id))
        option_list = self.query_one(OptionList)
        option_list.set_options(options or [Option(Text("Nothing matches.", "dim italic"), disabled=True)])
        option_list.highlighted = 0 if options else None
        if self._take_first:
            self._take_first = False
            self._take()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.shown_for != event.value.strip():
            self._take_first = True
            return
        self._take()

    def _take(self) -> None:
        option_list = self.query_one(OptionList)
        index = option_list.highlighted
        if index is not None:
            option = option_list.get_option_at_index(index)
            if option.id is not None and not option.disabled:
                self.dismiss(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(event.option.id)

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """``line``, then Enter or y does it (``act``), Escape or n does not."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "confirm", "Yes"),
        Binding("escape,n", "cancel", "No"),
    ]

    def __init__(self, line: Text, act: Act) -> None:
        super().__init__()
        self.line = line
        self.act = act

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="correct-box"):
            yield Static(self.line)
            yield Static(Text("Enter or y: yes · Escape or n: no", "dim"), id="confirm-problem")

    def action_confirm(self) -> None:
        problem = self.act()
        if problem is None:
            self.dismiss(True)
        else:
            self.query_one("#confirm-problem", Static).update(_problem_line(problem))

    def action_cancel(self) -> None:
        self.dismiss(False)


class RenameScreen(ModalScreen[bool]):
    """Name, role and organisation, prefilled; Enter in any of them records what changed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, entity: EntitySummary, save: Callable[[str, str, str], str | None]) -> None:
        super().__init__()
        self.entity = entity
        self.save = save

    def compose(self) -> ComposeResult:
        e = self.entity
        with Vertical(id="rename-box", classes="correct-box"):
            line = Text("Rename ")
            line.append_text(safe(e.name, "bold"))
            line.append(" (Tab moves, Enter records, Escape cancels):")
            yield Static(line)
            yield Static("Name")
            yield Input(value=one_line(e.name), id="rename-name")
            yield Static("Role")
            yield Input(value=one_line(e.roles[0] if e.roles else ""), id="rename-role")
            yield Static("Organisation")
            yield Input(value=one_line(e.orgs[0] if e.orgs else ""), id="rename-org")
            yield Static("", id="rename-problem")

    def on_mount(self) -> None:
        self.query_one("#rename-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        values = [self.query_one(f"#rename-{k}", Input).value for k in ("name", "role", "org")]
        problem = self.save(*values)
        if problem is None:
            self.dismiss(True)
        else:
            self.query_one("#rename-problem", Static).update(_problem_line(problem))

    def action_cancel(self) -> None:
        self.dismiss(False)


class ChoiceScreen(ModalScreen[bool]):
    """A short list of what to do (id, label); Enter records the highlighted one (``act(id)``)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: Text, choices: Sequence[tuple[str, str]], act: Callable[[str], str | None]):
        super().__init__()
        self.title_line = title
        self.choices = list(choices)
        self.act = act

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box", classes="correct-box"):
            yield Static(self.title_line)
            yield OptionList(*(Option(label, id=cid) for cid, label in self.choices), id="choice-options")
            yield Static(Text("Enter records it · Escape cancels", "dim"), id="choice-problem")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        problem = self.act(event.option.id)
        if problem is None:
            self.dismiss(True)
        else:
            self.query_one("#choice-problem", Static).update(_problem_line(problem))

    def action_cancel(self) -> None:
        self.dismiss(False)


def correction_row(rec: Correction, undone: bool, describe: Callable[[str, dict], str]) -> Text:
    """``2026-03-02 09:14  kim  merge Bak Min-jae (…) into Park Min-jae (…)``, undone ones dim."""
    row = Text(f"{rec.time[:16].replace('T', ' ')}  ", "dim")
    row.append_text(safe(rec.user, "bold"))
    row.append("  ")
    row.append_text(safe(describe(rec.kind.value, rec.args), "dim strike" if undone else ""))
    if undone:
        row.append("  (undone)", "dim italic")
    return row


class CorrectionsScreen(ModalScreen[bool]):
    """Every recorded correction, newest first, with who and when; Enter on one asks, then ``undo``
    (its id) records its undo.  Dismissed with whether anything was undone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back"),
        Binding("y", "confirm", "Yes", show=False),
        Binding("n", "unconfirm", "No", show=False),
    ]

    def __init__(self, index_dir: Path, undo: Callable[[str], str | None]) -> None:
        super().__init__()
        self.index_dir = index_dir
        self.undo = undo
        self.rows: list[tuple[Correction, bool]] = []
        self.undoing: Correction | None = None  # the correction a confirmation line asks about
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="corrections-box", classes="correct-box"):
            yield Static(Text("Corrections, newest first (Enter undoes one)", "bold"))
            yield OptionList(id="corrections-options")
            yield Static(Text("Reading the log…", "dim italic"), id="corrections-status")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._load()

    @work(thread=True, exclusive=True, group="corrections-list")
    def _load(self) -> None:
        from kbio_tui import corrections

        try:
            records = corrections.load(self.index_dir)
        except OSError as exc:
            self.app.call_from_thread(self._status, f"cannot read the log: {exc.strerror or exc}", True)
            return
        undone = corrections.undone_ids(r.as_dict() for r in records)
        rows = [(r, r.id in undone) for r in reversed(records) if r.kind != corrections.Kind.UNDO]
        self.app.call_from_thread(self._show, rows, str(corrections.log_path(self.index_dir)))

    def _status(self, message: str, bold: bool = False) -> None:
        self.query_one("#corrections-status", Static).update(
            Text(one_line(message), "bold" if bold else "dim")
        )

    def _show(self, rows: list[tuple[Correction, bool]], where: str) -> None:
        from kbio_tui.correction_args import describe

        self.rows = rows
        options = self.query_one(OptionList)
        options.set_options(
            [Option(correction_row(r, undone, describe), id=r.id) for r, undone in rows]
            or [Option(Text("No corrections yet.", "dim italic"), disabled=True)]
        )
        if rows:
            options.highlighted = 0
        self._status(where)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if index >= len(self.rows):
            return
        rec, undone = self.rows[index]
        if undone:
            self._status("That correction is already undone.", True)
            return
        from kbio_tui.correction_args import describe

        self.undoing = rec
        line = Text("Undo ")
        line.append_text(safe(describe(rec.kind.value, rec.args), "bold"))
        line.append("? y undoes it, n keeps it")
        self.query_one("#corrections-status", Static).update(line)

    def action_confirm(self) -> None:
        rec, self.undoing = self.undoing, None
        if rec is None:
            return
        problem = self.undo(rec.id)
        if problem is not None:
            self._status(problem, True)
            return
        self.changed = True
        self._load()

    def action_unconfirm(self) -> None:
        if self.undoing is not None:
            self.undoing = None
            self._status("Kept.")

    def action_cancel(self) -> None:
        if self.undoing is not None:
            self.action_unconfirm()
            return
        self.dismiss(self.changed)

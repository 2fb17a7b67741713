"""Corrections made in the browser: the keys of a person's or organisation's page (``m`` merge,
``s`` split, ``r`` rename, ``x`` drop or change type, ``a`` reassign the quote under the cursor,
``u`` undo) and
the palette's "Undo last correction" and "Corrections".

What each correction records is ``kbio_tui.correction_args``'s (the CLI's too); it is appended to the
index's log with this user's name and the time (``corrections.append``), and the app then re-reads
the log at once (``KbioApp.corrections_changed``) so the page shows the corrected entity; other
users' browsers pick it up on their next refresh.  An unwritable log or a refusal is one line, on the
prompt that is open or as a notification.  Kept apart from ``screens/entity.py``: the page binds the
keys and calls these functions with itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from kbio_tui.correction_args import SPEAKERS, TYPES, a_type
from kbio_tui.tui.formatting import count
from kbio_tui.tui.safe_text import one_line, safe

if TYPE_CHECKING:
    from collections.abc import Callable

    from kbio_tui.correction_args import Args
    from kbio_tui.index.api import EntitySummary
    from kbio_tui.tui.app import KbioApp
    from kbio_tui.tui.screens.entity import EntityScreen

NO_FOLDER = "Corrections need an index folder."
ANONYMOUS, NOT_A_QUOTE = "=anonymous", "=not-a-quote"  # the reassign picker's fixed choices


def record(app: KbioApp, made: Args) -> str | None:
    """Append ``made`` to the log; None once recorded, else the one line saying why not."""
    from kbio_tui import corrections

    if app.index_dir is None:
        return NO_FOLDER
    try:
        rec = corrections.append(app.index_dir, *made)
    except corrections.CorrectionError as exc:
        return str(exc)
    app.corrections_made.append(rec.id)
    return None


def _refused(make: Callable[[], Args]) -> tuple[Args | None, str | None]:
    from kbio_tui.corrections import CorrectionError

    try:
        return make(), None
    except CorrectionError as exc:
        return None, str(exc)


def _recorded(app: KbioApp, make: Callable[[], Args]) -> tuple[Args | None, str | None]:
    """(what was recorded, None), or (None, the one line saying why nothing was): the corrections
    recorded as soon as they are chosen (all but a merge, which asks first)."""
    made, problem = _refused(make)
    if made is not None:
        problem = record(app, made)
    return (made, None) if problem is None else (None, problem)


def _page_entity(page: EntityScreen) -> EntitySummary | None:
    """The page's entity, when a correction can be made from it (otherwise says why)."""
    app = page.kbio
    if app.index_dir is None:
        app.notify(NO_FOLDER, timeout=3)
        return None
    if page.entity is None or app.reader is None:
        app.notify("The page is still loading.", timeout=2)
        return None
    return page.entity


def _reload(page: EntityScreen, entity_id: str) -> Callable[[], None]:
    """After a correction: the page again (as the corrections now say), if it is still on screen."""

    def again() -> None:
        if page.app.screen is page:
            page.show_entity(entity_id)

    return again


def _named(*parts: tuple[str, str]) -> Text:
    """A prompt line from (text, style) parts, names made safe."""
    out = Text()
    for text, style in parts:
        out.append_text(safe(text, style) if style == "bold" else Text(text, style))
    return out


# ---- m: merge another entity into this page's ---------------------------------------------------------


def merge(page: EntityScreen) -> None:
    from kbio_tui.tui.screens.correct import ConfirmScreen, PickEntityScreen

    entity = _page_entity(page)
    if entity is None:
        return
    app = page.kbio
    if entity.type.value not in SPEAKERS:
        app.notify("Only people and organisations merge.", timeout=3)
        return
    kind = "person" if entity.type.value == "person" else "organisation"
    title = _named(("Which ", "bold"), (f"{kind} is ", ""), (entity.name, "bold"), ("? (merged into it)", ""))
    picker = PickEntityScreen(title, (entity.type,), exclude=entity.id)

    def picked(other_id: str | None) -> None:
        other = picker.found.get(other_id or "")
        if other is None:
            return
        made, problem = _refused(lambda: _merge_args(entity, other))
        if made is None:
            app.notify(problem or "", severity="error", timeout=5, markup=False)
            return
        line = _named(
            (other.name, "bold"),
            (" is ", ""),
            (entity.name, "bold"),
            (f": merge its {count(other.quote_count, 'quote')}", ""),
            (f" and {count(other.article_count, 'article')} into this page?", ""),
        )
        said = f"Merged {one_line(other.name)} into {one_line(entity.name)} (u undoes it)."
        app.push_screen(
            ConfirmScreen(line, lambda: record(app, made)),
            lambda ok: app.corrections_changed(_reload(page, entity.id), said) if ok else None,
        )

    app.push_screen(picker, picked)


def _merge_args(keep: EntitySummary, other: EntitySummary) -> Args:
    from kbio_tui.correction_args import merge_args

    return merge_args(keep, other)


# ---- r: rename ----------------------------------------------------------------------------------------


def rename(page: EntityScreen) -> None:
    from kbio_tui.correction_args import rename_args
    from kbio_tui.tui.screens.correct import RenameScreen

    entity = _page_entity(page)
    if entity is None:
        return
    app = page.kbio
    before = (entity.name, entity.roles[0] if entity.roles else "", entity.orgs[0] if entity.orgs else "")

    def save(name: str, role: str, org: str) -> str | None:
        now = [" ".join(v.split()) for v in (name, role, org)]
        changed = [new if new != one_line(old) else None for new, old in zip(now, before, strict=True)]
        if not any(changed):
            return "Nothing changed: edit the name, role or organisation (Escape cancels)."
        return _recorded(app, lambda: rename_args(entity, *changed))[1]

    said = f"Renamed {one_line(entity.name)} (u undoes it)."
    app.push_screen(
        RenameScreen(entity, save),
        lambda ok: app.corrections_changed(_reload(page, entity.id), said) if ok else None,
    )


# ---- s: split off an alias, or the entity in one article ------------------------------------------------


def _article_at_cursor(page: EntityScreen) -> str | None:
    """The article the page's cursor is on: the Articles list's row when that list has the keyboard,
    else the selected quote's article, else the newest article listed."""
    from kbio_tui.tui.widgets.article_list import ArticleList

    articles = page.query_one(ArticleList)
    quote = page.selected_quote
    if articles.has_focus or quote is None:
        return articles.current_id or (articles.summaries[0].id if articles.summaries else None)
    return quote.article_id


def split(page: EntityScreen) -> None:
    from kbio_tui.correction_args import split_alias_args, split_article_args
    from kbio_tui.tui.screens.correct import ChoiceScreen

    entity = _page_entity(page)
    if entity is None:
        return
    app = page.kbio
    name = one_line(entity.name)
    choices = [
        (f"alias:{alias}", f"“{one_line(alias)}” is someone else, wherever it is written")
        for alias in entity.aliases
    ]
    article_id = _article_at_cursor(page)
    article = None
    if article_id is not None and app.reader is not None:
        try:
            article = app.reader.get_article(article_id)
        except Exception:  # the choice is left out; the aliases are still offered
            article = None
    if article is not None:
        title = one_line(article.title) or "(no headline)"
        choices.append((f"article:{article_id}", f"In “{title}” {name} is someone else"))
    if not choices:
        app.notify(f"{name} has no alias and no article to split off.", timeout=4, markup=False)
        return
    title_line = _named(("Split ", ""), (entity.name, "bold"), (": what is someone else?", ""))

    def act(choice: str) -> str | None:
        kind, _, value = choice.partition(":")
        if kind == "alias":
            return _recorded(app, lambda: split_alias_args(entity, value))[1]
        assert article is not None  # the choice is offered only with its article
        return _recorded(app, lambda: split_article_args(entity, article))[1]

    def done(ok: bool | None) -> None:
        if ok:
            app.corrections_changed(_reload(page, entity.id), f"Split {name} (u undoes it).")

    app.push_screen(ChoiceScreen(title_line, choices, act), done)


# ---- x: drop it, or it is of another type --------------------------------------------------------------


def drop_or_retype(page: EntityScreen) -> None:
    from kbio_tui.correction_args import drop_args, retype_args
    from kbio_tui.tui.screens.correct import ChoiceScreen

    entity = _page_entity(page)
    if entity is None:
        return
    app = page.kbio
    now = entity.type.value
    choices = [("drop", f"Not an entity — drop it (it is not {a_type(now)})")]
    choices += [(t, f"It is {a_type(t)}") for t in TYPES if t != now]
    title = _named(("What is ", ""), (entity.name, "bold"), ("?", ""))
    outcome: dict[str, str] = {}

    def act(choice: str) -> str | None:
        made, problem = _recorded(
            app, lambda: drop_args(entity) if choice == "drop" else retype_args(entity, choice)
        )
        if made is not None:
            outcome["choice"] = choice
            outcome["new_id"] = str(made[1].get("new_id", ""))
        return problem

    def done(ok: bool | None) -> None:
        if not ok:
            return
        name = one_line(entity.name)
        if outcome["choice"] == "drop":

            def back() -> None:
                if app.screen is page:
                    app.action_back()

            app.corrections_changed(back, f"Dropped {name}: not {a_type(now)} (u undoes it).")
        else:
            said = f"{name} is now {a_type(outcome['choice'])} (u undoes it)."
            app.corrections_changed(_reload(page, outcome["new_id"]), said)

    app.push_screen(ChoiceScreen(title, choices, act), done)


# ---- a: reassign or reject the quote under the cursor ---------------------------------------------------


def reassign(page: EntityScreen) -> None:
    from kbio_tui.correction_args import speaker_args
    from kbio_tui.models import EntityType
    from kbio_tui.tui.screens.correct import PickEntityScreen

    entity = _page_entity(page)
    if entity is None:
        return
    app = page.kbio
    quote = page.selected_quote
    focused = page.focused
    if quote is None or focused is None or focused.id != "quotes":
        app.notify("Put the cursor on a quote first: a reassigns it.", timeout=3)
        return
    words = one_line(quote.text)
    title = _named(("Who said ", ""), (f"“{words[:60]}{'…' if len(words) > 60 else ''}”", "bold"), ("?", ""))
    extras = [(ANONYMOUS, "Anonymous — an unnamed source said it"), (NOT_A_QUOTE, "Not a quote")]
    picker = PickEntityScreen(
        title, (EntityType.PERSON, EntityType.ORG), exclude=quote.speaker_id, extras=extras
    )

    def picked(choice: str | None) -> None:
        if not choice:
            return
        to = picker.found.get(choice)
        mode = {ANONYMOUS: "anonymous", NOT_A_QUOTE: "not-a-quote"}.get(choice, "entity")
        if mode == "entity" and to is None:
            return
        _made, problem = _recorded(app, lambda: speaker_args(quote.id, quote.text, quote.speaker, mode, to))
        if problem is not None:
            app.notify(problem, severity="error", timeout=6, markup=False)
            return
        said = {
            "anonymous": "The quote is now anonymous",
            "not-a-quote": "Removed: not a quote",
        }.get(mode, f"The quote is now {one_line(to.name if to else '')}'s")
        app.corrections_changed(_reload(page, entity.id), f"{said} (u undoes it).")

    app.push_screen(picker, picked)


# ---- u and the palette: undo; the list of corrections ------------------------------------------------


def undo(app: KbioApp, target: str) -> str | None:
    """Record the undo of ``target`` and re-read; None once done, else the one line saying why not."""
    from kbio_tui import corrections
    from kbio_tui.correction_args import describe
    from kbio_tui.correction_args import undo as record_undo

    if app.index_dir is None:
        return NO_FOLDER
    try:
        _, found = record_undo(app.index_dir, target)
    except corrections.CorrectionError as exc:
        return str(exc)
    if target in app.corrections_made:  # undone from the list: u has nothing more to do with it
        app.corrections_made.remove(target)
    app.corrections_changed(
        _after_undo(app, found), f"Undone: {one_line(describe(found['kind'], found['args']))}"
    )
    return None


def _after_undo(app: KbioApp, found: dict[str, Any]) -> Callable[[], None]:
    """The topmost person or organisation page again (a retyped entity's goes back to the entity
    it was), under the list of corrections if that is open."""
    from kbio_tui.tui.screens.entity import EntityScreen

    def again() -> None:
        pages = [s for s in app.screen_stack if isinstance(s, EntityScreen)]
        page = pages[-1] if pages else None
        if page is not None and page.entity_id is not None:
            args = found.get("args", {})
            back = found.get("kind") == "retype" and args.get("new_id") == page.entity_id
            page.show_entity(str(args["entity"]) if back else page.entity_id)

    return again


def undo_last(app: KbioApp) -> None:
    """``u``: undo the last correction this session made (and not undone yet)."""
    if app.index_dir is None:
        app.notify(NO_FOLDER, timeout=3)
        return
    if not app.corrections_made:
        app.notify("No correction of this session to undo (the Corrections list has them all).", timeout=3)
        return
    target = app.corrections_made.pop()
    problem = undo(app, target)
    if problem is not None:
        if "already undone" not in problem:
            app.corrections_made.append(target)  # still to undo once the log can be written
        app.notify(problem, severity="error", timeout=6, markup=False)


def open_list(app: KbioApp) -> None:
    from kbio_tui.tui.screens.correct import CorrectionsScreen

    if app.index_dir is None:
        app.notify(NO_FOLDER, timeout=3)
        return
    app.push_screen(CorrectionsScreen(app.index_dir, lambda target: undo(app, target)))

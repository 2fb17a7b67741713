"""Textual's private API is used in one module, kbio_tui/tui/textual_private.py, and only there.

The pinned Textual must have every private name that module relies on (an upgrade that drops one
fails here, by name), and each use has a fallback on public API that keeps the app running and
showing the same thing when the name is gone.  A missing name is simulated by hiding it from the
module's one lookup (``textual_private._private``): Textual itself keeps working as usual.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import inspect
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import textual
from _tui_helpers import PaneApp, bulletins, run_async, screen_text, settle, type_text
from textual.geometry import Size
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from kbio_tui.index.api import ArticleSummary, Snippet
from kbio_tui.tui import textual_private
from kbio_tui.tui.app import make_app
from kbio_tui.tui.lifecycle import torn_down
from kbio_tui.tui.screens.article import ArticleScreen
from kbio_tui.tui.screens.entity import EntityScreen
from kbio_tui.tui.screens.main import MainScreen
from kbio_tui.tui.textual_private import PRIVATE_NAMES
from kbio_tui.tui.widgets.article_list import ArticleList

ROOT = Path(__file__).resolve().parents[1]
TUI = ROOT / "kbio_tui" / "tui"
MODULE = TUI / "textual_private.py"
SPEAKER = "Kim Ji-won"

# How the module calls each private method: a changed signature fails here, not in front of a user.
PRIVATE_CALLS: dict[tuple[str, str], Callable[[dict[str, Any]], tuple[tuple[Any, ...], dict[str, Any]]]] = {
    ("App", "_get_screen"): lambda o: ((o["Screen"],), {}),
    ("Screen", "_refresh_layout"): lambda o: ((Size(80, 24),), {}),
    ("Screen", "_compositor.render_update"): lambda o: ((), {"full": True}),
    ("OptionList", "_option_render_cache.clear"): lambda o: ((), {}),
    ("OptionList", "_get_left_gutter_width"): lambda o: ((), {}),
    ("OptionList", "_get_visual"): lambda o: ((o["Option"],), {}),
    ("OptionList", "_update_lines"): lambda o: ((), {}),
    ("Option", "_set_prompt"): lambda o: (("a prompt",), {}),
}
PRIVATE_TYPES: dict[tuple[str, str], type] = {
    ("App", "_css_update_count"): int,
    ("Screen", "_update_timer"): Timer,
    ("Widget", "_closing"): bool,
    ("Widget", "_closed"): bool,
    ("Widget", "_pruning"): bool,
    ("OptionList", "_line_cache.lines"): list,
    ("OptionList", "_line_cache.heights"): dict,
    ("OptionList", "_line_cache.index_to_line"): dict,
    ("Option", "_divider"): bool,
}


def summaries(count: int = 67) -> list[ArticleSummary]:
    return bulletins(count)


def hide(monkeypatch: pytest.MonkeyPatch, *names: str) -> list[str]:
    """Make ``names`` (all private names if none given) look missing to textual_private, as in a
    Textual without them; returns the hidden names the module asked for."""
    real = textual_private._private
    asked: list[str] = []

    def lookup(obj: object, name: str) -> Any:
        if not names or name in names:
            asked.append(name)
            return None
        return real(obj, name)

    monkeypatch.setattr(textual_private, "_private", lookup)
    return asked


def _resolve(obj: object, dotted: str) -> object:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


# ---- the pinned Textual has what the module relies on -------------------------------------------


def test_the_installed_textual_is_the_pinned_one() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"] if re.match(r"textual\s*==", d)]
    assert len(pins) == 1, f"pyproject must pin textual exactly (textual==X.Y.Z): {pins}"
    assert textual.__version__ == pins[0].split("==", 1)[1].strip()


@run_async
async def test_pinned_textual_has_every_private_name_the_module_uses() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ArticleList)
        pane.show(summaries())
        await settle(pilot)
        objects: dict[str, Any] = {
            "App": app,
            "Screen": app.screen,
            "Widget": pane,
            "OptionList": pane,
            "Option": pane.get_option_at_index(0),
        }
        missing = [
            f"{kind}.{name}"
            for kind, names in PRIVATE_NAMES.items()
            for name in names
            if not _has(objects[kind], name)
        ]
        assert missing == [], f"Textual {textual.__version__} lacks {missing}: see textual_private.py"
        for (kind, name), args in PRIVATE_CALLS.items():
            method = _resolve(objects[kind], name)
            assert callable(method), f"{kind}.{name} is no longer a method"
            positional, keywords = args(objects)
            inspect.signature(method).bind(*positional, **keywords)  # TypeError names the change
        for (kind, name), expected in PRIVATE_TYPES.items():
            assert isinstance(_resolve(objects[kind], name), expected), f"{kind}.{name}"
        assert set(PRIVATE_CALLS) | set(PRIVATE_TYPES) <= {
            (kind, name) for kind, names in PRIVATE_NAMES.items() for name in names
        }


def _has(obj: object, dotted: str) -> bool:
    try:
        _resolve(obj, dotted)
    except AttributeError:
        return False
    return True


def test_the_module_lists_every_private_name_it_looks_up() -> None:
    """Each ``_private(obj, "name")`` in the module is in PRIVATE_NAMES, and no private attribute is
    read around that lookup (it is what the fallback tests hide)."""
    tree = ast.parse(MODULE.read_text(encoding="utf-8"))
    listed = {part for names in PRIVATE_NAMES.values() for name in names for part in name.split(".")}
    looked_up: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_private":
            name = node.args[1]
            if isinstance(name, ast.Constant):
                looked_up.add(name.value)
            else:  # a name from a constant tuple of the module
                assert isinstance(name, ast.Name)
                looked_up.update(textual_private._TEARDOWN_FLAGS)
        if isinstance(node, ast.Attribute):
            assert not _private_name(node.attr), f"line {node.lineno}: {ast.unparse(node)} bypasses _private"
    assert looked_up <= listed, looked_up - listed
    assert {n for n in listed if _private_name(n)} <= looked_up, "PRIVATE_NAMES lists a name no longer used"


def _private_name(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


# ---- nothing else touches Textual's private API -------------------------------------------------


def _textual_names(cls: type) -> set[str]:
    """Private names Textual's classes in ``cls``'s MRO define or set on ``self``."""
    names: set[str] = set()
    for base in cls.__mro__:
        if not base.__module__.startswith("textual"):
            continue
        names |= {n for n in vars(base) if _private_name(n)}
        try:
            source = inspect.getsource(base)
        except (OSError, TypeError):
            continue
        names |= set(re.findall(r"self\.(_[A-Za-z]\w*)", source))
    return names


def _modules() -> list[tuple[Path, str]]:
    return [
        (path, ".".join(path.relative_to(ROOT).with_suffix("").parts))
        for path in sorted(TUI.rglob("*.py"))
        if path != MODULE
    ]


def test_no_other_module_touches_a_private_textual_name() -> None:
    found: list[str] = []
    for path, module_name in _modules():
        module = importlib.import_module(module_name)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                if parts[0] == "textual" and (
                    any(_private_name(p) for p in parts) or any(_private_name(a.name) for a in node.names)
                ):
                    found.append(f"{where}:{node.lineno}: from {node.module} import ...")
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("textual") and any(
                        _private_name(p) for p in alias.name.split(".")
                    ):
                        found.append(f"{where}:{node.lineno}: import {alias.name}")
            if (
                isinstance(node, ast.Attribute)
                and _private_name(node.attr)
                and not (isinstance(node.value, ast.Name) and node.value.id == "self")
            ):
                found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
        for cls_node in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            cls = getattr(module, cls_node.name, None)
            if not isinstance(cls, type):
                continue
            textual_names = _textual_names(cls)
            for node in ast.walk(cls_node):
                name = None
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                    name = node.attr if node.value.id == "self" else None
                elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    name = node.name
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    name = node.target.id
                if name and _private_name(name) and name in textual_names:
                    found.append(f"{where}:{node.lineno}: {cls_node.name} uses Textual's own {name}")
    assert found == [], "private Textual API outside textual_private.py:\n" + "\n".join(found)


# ---- each fallback keeps the app working --------------------------------------------------------


@run_async
async def test_being_removed_falls_back_to_display(monkeypatch: pytest.MonkeyPatch) -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ArticleList)
        hidden = Static("hidden")
        hidden.display = False
        extra = Static("x")
        await app.screen.mount_all([hidden, extra])
        assert not textual_private.being_removed(hidden), "with the flags: hidden is not removed"
        asked = hide(monkeypatch, "_closing", "_closed", "_pruning")
        assert not torn_down(pane) and not torn_down(extra) and not torn_down(app.screen)
        assert textual_private.being_removed(hidden), "the fallback also counts a hidden widget"
        assert asked
        removal = extra.remove()
        assert torn_down(extra), "from the moment its removal starts, before it completes"
        assert not torn_down(pane)
        await removal
        await pilot.pause()
        assert torn_down(extra)


@run_async
async def test_without_the_css_count_a_kept_screen_is_restyled_on_every_resume(
    reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    kim = _entity_id(reader, SPEAKER)
    asked = hide(monkeypatch, "_css_update_count")
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert textual_private.css_update_count(app) is None
        app.open_entity(kim)
        await settle(pilot)
        page = app.screen
        assert isinstance(page, EntityScreen)
        await pilot.press("escape")
        await settle(pilot)
        restyled: list[Screen[Any]] = []
        original = page.update_node_styles
        page.update_node_styles = lambda *a, **k: restyled.append(page) or original(*a, **k)
        app.open_entity(kim)
        await settle(pilot)
        assert app.screen is page and restyled == [page], "Textual's own restyle on resume"
        assert SPEAKER in screen_text(app)
    assert "_css_update_count" in asked


@run_async
async def test_without_the_off_stack_layout_the_pooled_page_lays_out_when_pushed(
    reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kbio_tui.tui.app as app_module

    monkeypatch.setattr(app_module, "PREPARE_AFTER", 0.1)
    kim = _entity_id(reader, SPEAKER)
    asked = hide(monkeypatch, "_refresh_layout")
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        (ready,) = app._entity_pool
        assert ready.is_mounted and ready not in app.screen_stack
        assert not textual_private.lay_out_off_stack(ready, app.size)
        assert ready.query_one("#quotes").size.width == 0, "not laid out ahead of use"
        app.open_entity(kim)
        await settle(pilot)
        assert app.screen is ready and ready.size == app.size
        assert ready.query_one("#quotes").size.width > 0
        assert SPEAKER in screen_text(app)
    assert "_refresh_layout" in asked


@pytest.mark.parametrize("how", ["missing", "raising"])
@run_async
async def test_without_mounting_off_stack_the_pooled_page_is_composed_when_pushed(
    reader, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    import kbio_tui.tui.app as app_module

    monkeypatch.setattr(app_module, "PREPARE_AFTER", 0.1)
    if how == "missing":
        hide(monkeypatch, "_get_screen")
    else:  # a changed signature or meaning: the call fails, the app goes on
        real = textual_private._private

        def broken(*args: object) -> None:
            raise TypeError("changed")

        monkeypatch.setattr(
            textual_private, "_private", lambda o, n: broken if n == "_get_screen" else real(o, n)
        )
    kim = _entity_id(reader, SPEAKER)
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        (pooled,) = app._entity_pool
        assert not pooled.is_mounted, "not composed ahead of use"
        assert not textual_private.mount_off_stack(app, pooled)
        app.open_entity(kim)
        await settle(pilot)
        assert app.screen is pooled and pooled.entity is not None and pooled.entity.id == kim
        assert SPEAKER in screen_text(app)


@pytest.mark.parametrize(
    "missing", ["_set_prompt", "_divider", "_line_cache", "_get_visual", "_update_lines"]
)
def test_without_the_partial_remeasure_a_late_snippet_shows_the_same(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    """The public ``replace_option_prompt_at_index`` re-measures every row; the screen is the same."""

    async def shown() -> tuple[bool, str]:
        app = PaneApp()
        async with app.run_test(size=(80, 24)) as pilot:
            pane = app.query_one(ArticleList)
            pane.show(summaries())
            await settle(pilot)
            calls: list[bool] = []
            real = textual_private.replace_prompts

            def spy(option_list: Any, prompts: Any) -> bool:
                calls.append(real(option_list, prompts))
                return calls[-1]

            monkeypatch.setattr("kbio_tui.tui.widgets.paged_options.replace_prompts", spy)
            pane.add_snippets({"a000": Snippet(text="perfusion bioreactor trial", highlights=[(10, 21)])})
            await settle(pilot)
            assert len(calls) == 1
            return calls[0], screen_text(app)

    partial, expected = asyncio.run(shown())
    assert partial, "the pinned Textual re-measures just the swapped row"
    asked = hide(monkeypatch, missing)
    partial, text = asyncio.run(shown())
    assert not partial and missing in asked
    assert text == expected
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines) if "number 0" in line)
    assert "perfusion bioreactor trial" in lines[first + 1]  # the highlighted row opens on it
    assert "number 1" in lines[first + 2]


@run_async
async def test_replace_prompts_before_any_row_is_measured_uses_the_public_api() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ArticleList)
        pane.show(summaries())
        await settle(pilot)
        option = pane.get_option_at_index(3)
        pane.styles.display = "none"  # no region: nothing measured
        await pilot.pause()
        assert not textual_private.replace_prompts(pane, {3: "swapped"})
        assert option.prompt == "swapped" and pane.get_option_at_index(3) is option
        pane.styles.display = "block"
        await settle(pilot)
        assert "swapped" in screen_text(app)
        assert textual_private.replace_prompts(pane, {})


def test_the_whole_app_without_any_private_name_shows_the_same(reader, monkeypatch) -> None:
    """Search, a person's page, Back and an article with every private name hidden at once: the
    app runs and every screen reads as it does with them."""
    import kbio_tui.tui.app as app_module

    monkeypatch.setattr(app_module, "PREPARE_AFTER", 0.1)
    kim = _entity_id(reader, SPEAKER)

    async def flow() -> list[str]:
        app = make_app(reader)
        seen: list[str] = []
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.pause(0.3)
            seen.append(screen_text(app))
            await pilot.press("slash")
            await type_text(pilot, "hanbit")
            await pilot.press("enter")
            await settle(pilot)
            seen.append(screen_text(app))
            app.open_entity(kim)
            await settle(pilot)
            assert isinstance(app.screen, EntityScreen)
            seen.append(screen_text(app))
            await pilot.press("enter")  # the newest quote's article
            await settle(pilot)
            assert isinstance(app.screen, ArticleScreen)
            seen.append(screen_text(app))
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            seen.append(screen_text(app))
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code in (0, None)
        return seen

    expected = asyncio.run(flow())
    asked = hide(monkeypatch)
    assert asyncio.run(flow()) == expected
    assert {"_get_screen", "_css_update_count", "_closing"} <= set(asked)


def _entity_id(reader, name: str) -> str:
    found = [e for e in reader.find_entities(name) if e.type == "person"]
    assert found, f"the fixtures should give {name}"
    return found[0].id

"""Every use of Textual's private API in the browser, in one place.

Each function below reaches a ``_``-prefixed Textual name for a measured reason (speed, or a shutdown
race), and each has a fallback for a Textual in which that name is gone: the app then keeps running on
public API only, at most a little slower.  ``PRIVATE_NAMES`` lists every private name used here;
pyproject pins Textual exactly, and tests/test_tui_textual_private.py fails when the pinned version
lacks one of them (upgrade Textual, run that test, and fix or drop the use it names).

Nothing outside this module may touch a private Textual name (that test checks it too).  Every
lookup goes through ``_private``, so a test can hide one name and watch its fallback at work.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from textual.app import App
    from textual.css.styles import RulesMap
    from textual.dom import DOMNode
    from textual.geometry import Size
    from textual.screen import Screen
    from textual.visual import VisualType
    from textual.widgets import OptionList

# Which Textual object each private name is read from ("a.b": attribute b of private attribute a).
PRIVATE_NAMES: dict[str, tuple[str, ...]] = {
    "App": ("_css_update_count", "_get_screen"),
    "Screen": ("_refresh_layout", "_compositor", "_compositor.render_update", "_update_timer"),
    "Widget": ("_closing", "_closed", "_pruning"),
    "OptionList": (
        "_line_cache",
        "_line_cache.lines",
        "_line_cache.heights",
        "_line_cache.index_to_line",
        "_option_render_cache",
        "_option_render_cache.clear",
        "_get_left_gutter_width",
        "_get_visual",
        "_update_lines",
    ),
    "Option": ("_set_prompt", "_divider"),
}

_TEARDOWN_FLAGS = ("_closing", "_closed", "_pruning")


def _private(obj: object, name: str) -> Any:
    """``obj``'s private attribute ``name``, or None when this Textual has no such name."""
    return getattr(obj, name, None)


# ---- lifecycle


def being_removed(node: DOMNode) -> bool:
    """True once Textual has started closing or removing ``node`` (before it is detached).

    Why private: a thread worker's result can arrive after the user quit or closed a screen, while
    Textual is already removing its widgets; a lookup then raised ``NoMatches`` out of the app's
    shutdown.  ``MessagePump._closing`` / ``_closed`` and ``DOMNode._pruning`` are the only record
    of that window (``is_attached`` turns False only at its end).

    Fallback: ``not node.display``.  Textual's public ``display`` is False for a node being closed or
    pruned, and also for one hidden by its styles; for a hidden widget that only means its
    background work waits until it is shown."""
    flags = [_private(node, name) for name in _TEARDOWN_FLAGS]
    if any(flag is None for flag in flags):
        return not node.display
    return any(bool(flag) for flag in flags)


# ---- screens kept between visits (screens/kept.py)


def css_update_count(app: App[Any]) -> int | None:
    """How many times the app's stylesheet has changed (a theme change counts), or None if unknown.

    Why private: ``App._css_update_count`` is the only record of a stylesheet change; a screen that
    was off the stack must be restyled on its resume after one, and need not be otherwise (a full
    restyle was a fifth of the time to open a person's page).

    Fallback: None, and ``KeptStylesScreen`` then restyles on every resume, as Textual itself does."""
    count = _private(app, "_css_update_count")
    return count if isinstance(count, int) else None


def lay_out_off_stack(screen: Screen[Any], size: Size) -> bool:
    """Lay ``screen`` out at ``size`` and render it once (thrown away), while it is not shown.

    Why private: a pooled page laid out ahead of use is drawn at once when pushed; otherwise its
    first push lays it out and its lists measure their rows inside the frame (the first person page
    of a session took about twice as long as the later ones).  ``Screen._refresh_layout`` places the
    widgets without drawing; one ``_compositor.render_update`` fills the widgets' line caches.

    Fallback: nothing is done (False); Textual lays the screen out on its first resume."""
    refresh_layout = _private(screen, "_refresh_layout")
    render_update = _private(_private(screen, "_compositor"), "render_update")
    if not callable(refresh_layout) or not callable(render_update):
        return False
    refresh_layout(size)
    render_update(full=True)
    return True


def start_update_timer(screen: Screen[Any]) -> bool:
    """Start ``screen``'s frame timer while it is off the stack, so its first push draws at once.

    Why private: a screen's frame timer (``Screen._update_timer``, an interval of 1/60 s created
    paused on first use) sleeps one whole interval after its first resume before it first ticks; a
    timer that has ticked once waits on its resume and ticks at once.  A pooled page that was never
    shown paid those 17 ms on the first person page of a session.  Resuming it off the stack lets
    it tick once (``_on_timer_update`` pauses it again and draws nothing for a screen not shown).

    Fallback: nothing is done (False); the first page waits for its timer's first interval."""
    timer = _private(screen, "_update_timer")
    resume = getattr(timer, "resume", None)
    if not callable(resume):
        return False
    resume()
    return True


# ---- the app's pool of entity pages (app.py)


def mount_off_stack(app: App[Any], screen: Screen[Any]) -> bool:
    """Register and mount an installed ``screen`` without pushing it, as ``push_screen`` does first.

    Why private: composing a pooled entity page while the user reads the first screen saves the
    first person page the cost of building a screen; ``App._get_screen`` is the step of
    ``push_screen`` that does it.

    Fallback: nothing is done (False); the page is composed when it is first pushed.  Any error from
    the private call is swallowed the same way: it can only cost the first page its speed."""
    get_screen = _private(app, "_get_screen")
    if not callable(get_screen):
        return False
    try:
        get_screen(screen)
    except Exception:
        return False
    return True


# ---- option lists (widgets/paged_options.py)


def _measured_rows(option_list: OptionList) -> Any:
    """The list's line cache if rows have been measured and every private piece that
    ``replace_prompts`` re-measures with is there; else None."""
    cache = _private(option_list, "_line_cache")
    pieces = [
        _private(cache, "lines"),
        _private(cache, "heights"),
        _private(cache, "index_to_line"),
        _private(_private(option_list, "_option_render_cache"), "clear"),
        _private(option_list, "_get_left_gutter_width"),
        _private(option_list, "_get_visual"),
        _private(option_list, "_update_lines"),
    ]
    if any(piece is None for piece in pieces) or not cache.lines:
        return None
    return cache


def replace_prompts(option_list: OptionList, prompts: Mapping[int, VisualType]) -> bool:
    """Swap the prompts of built rows (index -> new prompt), re-measuring only the swapped rows.

    Why private: ``OptionList.replace_option_prompt_at_index`` drops the measurement of every row,
    and re-measuring hundreds of wrapped rows whenever a row's snippet arrived was most of the time
    between a keystroke and the drawn results.  Here ``Option._set_prompt`` swaps a prompt without
    that, and just the swapped rows' heights in ``OptionList._line_cache`` are recomputed (as
    ``OptionList._update_lines`` computes them: visual height plus ``Option._divider``).

    Fallback, and the path taken before the list has measured any row: the public
    ``replace_option_prompt_at_index`` for each row (every row is re-measured on the next frame).
    True if only the swapped rows were re-measured."""
    if not prompts:
        return True
    region = option_list.scrollable_content_region
    cache = _measured_rows(option_list) if region else None
    options = {index: option_list.get_option_at_index(index) for index in prompts}
    if cache is None or any(
        not callable(_private(option, "_set_prompt")) or _private(option, "_divider") is None
        for option in options.values()
    ):
        for index, prompt in prompts.items():
            option_list.replace_option_prompt_at_index(index, prompt)
        return False
    padding = option_list.get_component_styles("option-list--option").padding
    width = region.width - _private(option_list, "_get_left_gutter_width")() - padding.width
    get_visual = _private(option_list, "_get_visual")
    # Textual's own get_content_height casts its styles the same way: RenderStyles reads as a RulesMap.
    rules = cast("RulesMap", option_list.styles)
    measured = cache.lines[-1][0] + 1
    changed = False
    for index, prompt in prompts.items():
        option = options[index]
        _private(option, "_set_prompt")(prompt)
        if index < measured:
            height = get_visual(option).get_height(rules, width) + bool(_private(option, "_divider"))
            changed = changed or height != cache.heights[index]
            cache.heights[index] = height
    if changed:
        lines: list[tuple[int, int]] = []
        for index in range(measured):
            cache.index_to_line[index] = len(lines)
            lines.extend((index, n) for n in range(cache.heights[index]))
        cache.lines[:] = lines
    _private(_private(option_list, "_option_render_cache"), "clear")()
    option_list.refresh()
    _private(option_list, "_update_lines")()
    return True

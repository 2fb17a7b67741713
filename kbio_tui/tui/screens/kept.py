"""A screen that keeps its styles while it is off the stack.

Textual restyles every node of a screen each time it resumes (is pushed again, or uncovered by a
pop).  For the pages this app keeps and shows again and again (the main screen under every Back,
pooled entity pages) that was about a fifth of opening a person's page.  Nothing that styles depend
on changes while such a screen is suspended except the app's stylesheet (a theme change), which
Textual counts in ``App._css_update_count`` (a private name, hence the exact Textual pin): the full
restyle is kept for the first resume and for any resume after the stylesheet changed.
"""

from __future__ import annotations

import time

from textual import events
from textual.screen import UPDATE_PERIOD, Screen


class KeptStylesScreen(Screen):
    _styled_at: int | None = None

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen._on_screen_resume (Textual dispatches subclass handlers first).
        css_updates = getattr(self.app, "_css_update_count", None)
        if css_updates is not None and css_updates == self._styled_at:
            event.refresh_styles = False
        else:
            self._styled_at = css_updates


class PromptDrawScreen(Screen):
    """Draws as soon as the app goes idle, at most ``MAX_FPS`` times a second.

    Textual draws dirty screens on a 60 Hz timer that idles resume; a change that lands just after
    a tick (the second half of opening a page, results arriving after a "searching" frame) waited
    up to a whole period for the next one.  Drawing on idle when the last frame is at least a period
    old keeps Textual's frame-rate cap (calm over SSH) without the wait.
    """

    _last_draw: float = 0.0

    def _on_timer_update(self) -> None:
        self._last_draw = time.monotonic()
        super()._on_timer_update()

    async def _on_idle(self, event: events.Idle) -> None:
        # Runs before Screen._on_idle, which then finds nothing dirty and runs its callbacks.
        if (
            self.is_current
            and not self.app._batch_count
            and time.monotonic() - self._last_draw >= UPDATE_PERIOD
            and (
                self._layout_required
                or self._scroll_required
                or self._repaint_required
                or self._dirty_widgets
            )
        ):
            self._on_timer_update()

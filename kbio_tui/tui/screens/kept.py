"""A screen that keeps its styles while it is off the stack.

Textual restyles every node of a screen each time it resumes (is pushed again, or uncovered by a
pop).  For the pages this app keeps and shows again and again (the main screen under every Back,
pooled entity pages) that was about a fifth of opening a person's page.  Nothing that styles depend
on changes while such a screen is suspended except the app's stylesheet (a theme change), which
Textual counts in ``App._css_update_count`` (a private name, hence the exact Textual pin): the full
restyle is kept for the first resume and for any resume after the stylesheet changed.

A screen composed ahead of use (the pooled entity page) can do its first resume's work, the
restyle and a layout at the app's size, before it is ever pushed: see ``prepare_off_stack``.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class KeptStylesScreen(Screen):
    _styled_at: int | None = None

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen._on_screen_resume (Textual dispatches subclass handlers first).
        css_updates = getattr(self.app, "_css_update_count", None)
        if css_updates is not None and css_updates == self._styled_at:
            event.refresh_styles = False
        else:
            self._styled_at = css_updates

    def prepare_off_stack(self) -> None:
        """Style every node and lay the screen out at the app's size now, while nobody waits.

        The first push of a screen otherwise restyles it and lays it out inside the resume, and
        its lists, which had no width until then, measure their rows while the frame is drawn:
        the first person page of a session took about twice as long as the later ones.  Off the
        stack, Textual lays the widgets out without drawing them; one render, thrown away, fills
        the widgets' line caches (the key bar, borders and background are then not drawn again).
        ``_refresh_layout`` and ``_compositor`` are private, hence the exact Textual pin; the
        test of the prepared page fails if they change meaning."""
        if not self.is_attached or self in self.app.screen_stack:
            return
        self.update_node_styles(animate=False)
        self._styled_at = getattr(self.app, "_css_update_count", None)
        self._refresh_layout(self.app.size)
        self._compositor.render_update(full=True)

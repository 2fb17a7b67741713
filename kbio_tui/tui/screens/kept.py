"""A screen that keeps its styles while it is off the stack.

Textual restyles every node of a screen each time it resumes (is pushed again, or uncovered by a
pop).  For the pages this app keeps and shows again and again (the main screen under every Back,
pooled entity pages) that was about a fifth of opening a person's page.  Nothing that styles depend
on changes while such a screen is suspended except the app's stylesheet (a theme change), which
Textual counts in ``App._css_update_count`` (a private name, hence the exact Textual pin): the full
restyle is kept for the first resume and for any resume after the stylesheet changed.
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

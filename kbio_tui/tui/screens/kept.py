"""A screen that keeps its styles while it is off the stack.

Textual restyles every node of a screen each time it resumes (is pushed again, or uncovered by a
pop).  For the pages this app keeps and shows again and again (the main screen under every Back,
pooled entity pages) that was about a fifth of opening a person's page.  Nothing that styles depend
on changes while such a screen is suspended except the app's stylesheet (a theme change), which
Textual counts privately (see ``textual_private.css_update_count``): the full restyle is kept for
any resume after the stylesheet changed since the nodes were styled (as they were mounted, or since).

The skip itself is public API: ``ScreenResume.refresh_styles`` tells ``Screen`` whether to restyle,
and Textual runs a subclass's handler for an event before its base classes' handlers (which is what
lets a subclass ``prevent_default`` them), so ``on_screen_resume`` here sets it before ``Screen``
reads it.

A screen composed ahead of use (the pooled entity page) can do its first resume's work, a layout at
the app's size, before it is ever pushed: see ``prepare_off_stack``.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen

from kbio_tui.tui.textual_private import css_update_count, lay_out_off_stack, start_update_timer


class KeptStylesScreen(Screen[Any]):
    _styled_at: int | None = None

    def on_mount(self) -> None:
        """Every node was styled as it was mounted, with every rule that can match it (a widget
        class's default CSS is scoped to it and added before it is styled): the first resume need
        not restyle them all again unless the stylesheet is updated before it.  For the main screen
        that restyle was part of the first frame start-up waits for."""
        self._styled_at = css_update_count(self.app)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        css_updates = css_update_count(self.app)
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
        See ``textual_private.lay_out_off_stack``; the test of the prepared page fails if it stops
        doing its work.  Its frame timer is started too (``start_update_timer``): a new one waits a
        whole frame interval before its first tick."""
        if not self.is_attached or self in self.app.screen_stack:
            return
        self.update_node_styles(animate=False)
        self._styled_at = css_update_count(self.app)
        lay_out_off_stack(self, self.app.size)
        start_update_timer(self)

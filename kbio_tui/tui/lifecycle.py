"""Whether a screen can still take a worker's result.

A thread worker's result comes back through ``call_from_thread``; when the user quits (or a screen
is closed) while a read is under way, it can arrive after Textual has started removing the screen's
widgets, and looking one up then raised ``NoMatches`` out of the app's shutdown.
"""

from __future__ import annotations

from textual.dom import DOMNode

from kbio_tui.tui.textual_private import being_removed


def torn_down(node: DOMNode) -> bool:
    """True once ``node`` is being removed or closed, or is no longer attached: drop the result."""
    return being_removed(node) or not node.is_attached

"""The start-up floor: the smallest Textual app with a header, one line of text and a footer."""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class MinimalApp(App[None]):
    BINDINGS: ClassVar = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("minimal Textual app")
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()

"""A scrolling window over lines of text for the full-screen exam and the quiz/review option list: a
question taller than the screen is read by scrolling, never cut; one row above and one below say when
there is more."""

from __future__ import annotations

from dataclasses import dataclass

MORE_ABOVE, MORE_BELOW = "▲ more above (PgUp)", "▼ more below (PgDn)"
Styled = tuple[str, str]  # (prompt_toolkit style, text)


@dataclass
class Viewport:
    """Which of `total` lines show in `height` rows. When they do not all fit, one row above and one
    below are kept for the markers, leaving `height - 2` rows of text from line `top`."""

    top: int = 0

    def frame(self, total: int, height: int) -> tuple[int, int]:
        """(rows of text, first line shown), with `top` clamped so the last page is full."""
        if total <= height:
            self.top = 0
            return total, 0
        room = max(1, height - 2)
        self.top = max(0, min(self.top, total - room))
        return room, self.top

    def page(self, total: int, height: int) -> int:
        """How far PgUp/PgDn move: a page less one line, so the reader keeps their place."""
        return max(1, self.frame(total, height)[0] - 1)

    def scroll(self, rows: int, total: int, height: int) -> None:
        """Move `rows` lines down (up when negative), within the text."""
        self.top = max(0, self.top + rows)
        self.frame(total, height)

    def reveal(self, start: int, end: int, total: int, height: int) -> None:
        """Scroll so lines start..end-1 are on screen (the first ones, when they are taller)."""
        room, top = self.frame(total, height)
        if end > top + room:
            self.top = end - room
        if start < self.top:
            self.top = start
        self.frame(total, height)

    def show(self, lines: list[Styled], height: int) -> list[Styled]:
        """The rows to draw: the visible lines, between the markers when the text does not fit."""
        room, top = self.frame(len(lines), height)
        shown = lines[top:top + room]
        if len(lines) <= height:
            return shown
        above: Styled = ("bold fg:ansiyellow", MORE_ABOVE) if top else ("", "")
        below: Styled = ("bold fg:ansiyellow", MORE_BELOW) if top + room < len(lines) else ("", "")
        return [above] + shown + [below]


def step_highlight(viewport: Viewport, ranges: list[tuple[int, int]], cursor: int | None, step: int,
                   total: int, height: int) -> int | None:
    """Up (step < 0) or Down over options whose line ranges are `ranges` in a body of `total` lines shown
    in `height` rows: the new highlighted option. While the next option is not on screen yet (a long stem
    above, or text below the last option) the body scrolls towards it instead, so every line can be read
    with the arrows alone."""
    room, first = viewport.frame(total, height)
    page = viewport.page(total, height)
    target = (0 if cursor is None else cursor + 1) if step > 0 else (-1 if cursor is None else cursor - 1)
    if target < 0:  # above the options: the stem
        viewport.scroll(-page, total, height)
    elif target >= len(ranges):  # past the last option: what is left below
        viewport.scroll(page, total, height)
    elif ranges[target][0] >= first + room:
        viewport.scroll(min(page, ranges[target][0] - (first + room) + 1), total, height)
    else:
        viewport.reveal(*ranges[target], total, height)
        return target
    return cursor

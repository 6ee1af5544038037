"""The interactive option list of a question (prompt_toolkit, not full-screen): the heading, stem and
options wrapped to the terminal width, a letter key picks (or toggles) its option, Up/Down and Space work
too, Enter answers. When the question is taller than the terminal the whole of it (stem included) scrolls
like the exam screen (das.ui.scroll): with the cursor, PgUp/PgDn, and "more above"/"more below" markers;
the hint line stays on the last row."""

from __future__ import annotations

from das.practice.scoring import Presented


def choose_options(p: Presented, can_undo: bool | None = None, heading: list[tuple[str, str]] | None = None):
    """The chosen display letters, sorted; None when the user stops (q or Esc); UNDO on u when `can_undo`
    (False: a review with nothing to undo yet, where u says so in the hint line and changes nothing).
    Ctrl-C raises KeyboardInterrupt. Nothing is highlighted or marked until the user types a letter or
    moves with Up/Down, so no option looks chosen before they act.

    heading: (rich style, text) paragraphs drawn above the options (the question's heading and stem),
    wrapped and scrolled with them."""
    from das.flows.ports import UNDO
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.dimension import Dimension
    from prompt_toolkit.layout.controls import FormattedTextControl

    from das.ui.exam_layout import pt_style, wrap
    from das.ui.scroll import Viewport, step_highlight

    letters = p.display_letters
    need = p.select_count
    chosen: list[str] = []
    cursor: list[int | None] = [None]
    message = [""]
    hint = (f"a-{letters[-1]} or Space mark, Enter answers, q stops" if p.question.multiple
            else f"a-{letters[-1]} or arrows pick, Enter answers, q stops") + (", u undoes the last grade at once" if can_undo else "")

    viewport = Viewport()

    def width() -> int:
        return max(20, app.output.get_size().columns - 1)

    def body_lines() -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
        """Every line of the question at this width and each option's (first, end) line range."""
        w = width()
        out: list[tuple[str, str]] = []
        for text, style in heading or []:
            out += [(pt_style(style), line) for line in wrap(text, w)] if text.strip() else [("", "")]
        ranges = []
        for n, (letter, _key, option) in enumerate(p.options()):
            if p.question.multiple:
                box = "[x]" if letter in chosen else "[ ]"
            else:
                box = "(•)" if n == cursor[0] else "( )"  # the picked option (none at first)
            lead = f"{'>' if n == cursor[0] else ' '} {box} {letter}) "
            style = "reverse" if n == cursor[0] else ("bold" if letter in chosen else "")
            start = len(out)
            out += [(style, line) for line in wrap(option, w, lead, " " * len(lead))]
            ranges.append((start, len(out)))
        return out, ranges

    def hint_lines() -> list[tuple[str, str]]:
        lines, _ = body_lines()
        scrolls = len(lines) > body_height(1)
        text = message[0] or (hint.replace(", Enter", ", PgUp/PgDn scroll, Enter") if scrolls else hint)
        style = "fg:ansiyellow" if message[0] else "fg:ansibrightblack"
        return [(style, line) for line in wrap(text, width())]

    def body_height(hint_rows: int | None = None) -> int:
        rows = app.output.get_size().rows
        return max(3, rows - (len(hint_lines()) if hint_rows is None else hint_rows))

    def shown() -> list[tuple[str, str]]:
        lines, _ = body_lines()
        return viewport.show(lines, body_height())

    def joined(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for n, line in enumerate(lines):
            out += [line] + ([("", "\n")] if n < len(lines) - 1 else [])
        return out

    def reveal(option: int) -> None:
        lines, ranges = body_lines()
        viewport.reveal(*ranges[option], len(lines), body_height())

    def scroll_page(direction: int) -> None:
        total, height = len(body_lines()[0]), body_height()
        viewport.scroll(direction * viewport.page(total, height), total, height)

    kb = KeyBindings()

    def pick(letter: str) -> None:
        message[0] = ""
        cursor[0] = letters.index(letter)
        reveal(cursor[0])  # a letter typed for an option below the screen brings it into view
        if p.question.multiple:
            if letter in chosen:
                chosen.remove(letter)
            else:
                chosen.append(letter)

    @kb.add("<any>")
    def _(event) -> None:
        data = event.key_sequence[0].data.lower()
        if data in letters:
            pick(data)
        elif data == "q":
            event.app.exit(result=None)
        elif data == "u" and can_undo:
            event.app.exit(result=UNDO)
        elif data == "u" and can_undo is False:
            from das.ui.quiz_view import NOTHING_TO_UNDO

            message[0] = NOTHING_TO_UNDO

    @kb.add("up")
    @kb.add("down")
    def _(event) -> None:
        message[0] = ""
        lines, ranges = body_lines()
        step = -1 if event.key_sequence[0].key == "up" else 1
        cursor[0] = step_highlight(viewport, ranges, cursor[0], step, len(lines), body_height())

    @kb.add("pageup")
    @kb.add("pagedown")
    def _(event) -> None:
        scroll_page(-1 if event.key_sequence[0].key == "pageup" else 1)

    @kb.add("space")
    def _(event) -> None:
        at = cursor[0]
        if at is None:
            message[0] = f"Type a letter (a-{letters[-1]}) or move with Up/Down first."
        else:
            pick(letters[at])

    @kb.add("escape")
    def _(event) -> None:
        event.app.exit(result=None)

    @kb.add("c-c")
    def _(event) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    @kb.add("enter")
    def _(event) -> None:
        at = cursor[0]
        if not p.question.multiple:
            if at is None:
                message[0] = f"Nothing chosen yet: type a letter (a-{letters[-1]}) or move with Up/Down, then Enter."
            else:
                event.app.exit(result=[letters[at]])
        elif len(chosen) == need:
            event.app.exit(result=sorted(chosen))
        else:
            message[0] = f"Mark exactly {need} options ({len(chosen)} marked), then Enter."

    layout = Layout(HSplit([
        Window(FormattedTextControl(lambda: joined(shown())), wrap_lines=False,
               height=lambda: Dimension.exact(len(shown()))),
        Window(FormattedTextControl(lambda: joined(hint_lines())), wrap_lines=False,
               height=lambda: Dimension.exact(len(hint_lines()))),
    ]))
    app: Application = Application(layout=layout, key_bindings=kb, full_screen=False, mouse_support=False)
    return app.run()

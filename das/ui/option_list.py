"""The interactive option list under a question (prompt_toolkit): options wrapped to the terminal width,
a letter key picks (or toggles) its option, Up/Down and Space work too, Enter answers."""

from __future__ import annotations

from das.practice.scoring import Presented


def choose_options(p: Presented, can_undo: bool = False):
    """The chosen display letters, sorted; None when the user stops (q or Esc); UNDO on u when `can_undo`.
    Ctrl-C raises KeyboardInterrupt. Nothing is highlighted or marked until the user types a letter or
    moves with Up/Down, so no option looks chosen before they act."""
    from das.flows.ports import UNDO
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    from das.ui.exam_layout import wrap

    letters = p.display_letters
    need = p.select_count
    chosen: list[str] = []
    cursor: list[int | None] = [None]
    message = [""]
    hint = (f"a-{letters[-1]} or Space mark, Enter answers, q stops" if p.question.multiple
            else f"a-{letters[-1]} or arrows pick, Enter answers, q stops") + (", u undoes the last grade" if can_undo else "")

    def text():
        width = max(20, app.output.get_size().columns - 1)
        out = []
        for n, (letter, _key, option) in enumerate(p.options()):
            if p.question.multiple:
                box = "[x]" if letter in chosen else "[ ]"
            else:
                box = "(•)" if n == cursor[0] else "( )"  # the picked option (none at first)
            lead = f"{'>' if n == cursor[0] else ' '} {box} {letter}) "
            style = "reverse" if n == cursor[0] else ("bold" if letter in chosen else "")
            for line in wrap(option, width, lead, " " * len(lead)):
                out += [(style, line), ("", "\n")]
        out.append(("fg:ansiyellow" if message[0] else "fg:ansibrightblack", message[0] or hint))
        return out

    kb = KeyBindings()

    def pick(letter: str) -> None:
        message[0] = ""
        cursor[0] = letters.index(letter)
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

    @kb.add("up")
    def _(event) -> None:
        message[0] = ""
        cursor[0] = len(letters) - 1 if cursor[0] is None else max(0, cursor[0] - 1)

    @kb.add("down")
    def _(event) -> None:
        message[0] = ""
        cursor[0] = 0 if cursor[0] is None else min(len(letters) - 1, cursor[0] + 1)

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

    app: Application = Application(layout=Layout(Window(FormattedTextControl(text), wrap_lines=False)),
                                   key_bindings=kb, full_screen=False, mouse_support=False)
    return app.run()

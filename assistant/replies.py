"""Turn curated content into chat messages: text, picture, buttons and the topic they answer.

A message is a plain dict in the API's contract shape: `text`, optional `buttons` (`title`,
`payload`), optional `image` (`src`, `alt`), and `topic`. Actions send them as Rasa custom JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from assistant.content.files import AnswerFile
from assistant.content.organisations import Organisation
from assistant.topics import FALLBACK, Topic

Message = dict[str, Any]

TELL_ME_MORE = "Tell me more"
FIND_HELP = "Find free help"
SOMETHING_ELSE = "Something else"
MENU = "Show me the menu"
MAX_RELATED_BUTTONS = 2
MAX_GUESSES = 3
WORD = re.compile(r"[a-z0-9£]+")


def payload(intent: str, **entities: str) -> str:
    """A Rasa button payload, e.g. `/tell_me_more{"answer_id":"x"}`."""
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}" if entities else f"/{intent}"


def button(title: str, intent: str, **entities: str) -> dict[str, str]:
    return {"title": title, "payload": payload(intent, **entities)}


def picture_src(openmoji: str) -> str:
    return f"/pictures/{openmoji}.svg"


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in WORD.findall(text.lower()) if len(w) > 2}


def choose_answer(candidates: Sequence[AnswerFile], text: str) -> AnswerFile:
    """The answer of a topic whose keywords and title best match the message; the first on a tie.

    The first answer of a topic is its overview, so a question that matches no keyword gets it.
    """
    if not candidates:
        raise ValueError("choose_answer needs at least one answer")
    words = _words(text)
    lowered = text.lower()

    def score(answer: AnswerFile) -> int:
        phrases = sum(3 for k in answer.keywords if " " in k and k.lower() in lowered)
        single = len(words & _words(" ".join(answer.keywords)))
        return phrases + single + len(words & _words(answer.title))

    best = max(candidates, key=score)
    return best if score(best) > score(candidates[0]) else candidates[0]


def _help_line(organisations: Iterable[Organisation]) -> str:
    parts = []
    for org in organisations:
        contact = f", phone {org.phone}" if org.phone else (f", {org.website}" if org.website else "")
        parts.append(f"- {org.name}{contact}")
    if not parts:
        return "For free, independent help, tap Find free help."
    return "Free, independent help:\n" + "\n".join(parts)


def answer_messages(
    answer: AnswerFile,
    *,
    layer: str = "short",
    related: Sequence[AnswerFile] = (),
    organisations: Sequence[Organisation] = (),
    also: Sequence[Topic] = (),
) -> list[Message]:
    """The reply for one answer: the text with its picture, free help with next steps, and feedback.

    `also` are other topics the same message asked about: each is offered as a button.
    """
    text = {"short": answer.short, "more": answer.more, "simpler": answer.simpler or answer.short}[layer]
    buttons = []
    if layer != "more":
        buttons.append(button(TELL_ME_MORE, "tell_me_more", answer_id=answer.id))
    buttons += [button(topic.title, topic.label) for topic in also]
    buttons += [button(r.title, r.topic, answer_id=r.id) for r in related[:MAX_RELATED_BUTTONS]]
    buttons.append(button(FIND_HELP, "find_help"))
    return [
        {
            "text": text,
            "image": {"src": picture_src(answer.picture.openmoji), "alt": answer.picture.alt},
            "topic": answer.topic,
            "answer_id": answer.id,
        },
        {"text": _help_line(organisations[:2]), "buttons": buttons, "topic": answer.topic},
        {
            "text": "Did this help?",
            "buttons": [button("Yes", "feedback_yes"), button("No", "feedback_no")],
            "topic": answer.topic,
        },
    ]


def definition_messages(
    meaning: str, topic: str, overview: AnswerFile | None, organisations: Sequence[Organisation] = ()
) -> list[Message]:
    """The reply to "what does X mean?": the glossary meaning, then the way to the topic's answer."""
    first: Message = {"text": meaning, "topic": topic}
    buttons = []
    if overview is not None:
        first["image"] = {"src": picture_src(overview.picture.openmoji), "alt": overview.picture.alt}
        first["answer_id"] = overview.id
        # "Tell me more" after a meaning is the topic's short answer, not yet its "more" layer.
        buttons.append(button(TELL_ME_MORE, overview.topic, answer_id=overview.id))
    buttons.append(button(FIND_HELP, "find_help"))
    return [
        first,
        {"text": _help_line(organisations[:2]), "buttons": buttons, "topic": topic},
        {
            "text": "Did this help?",
            "buttons": [button("Yes", "feedback_yes"), button("No", "feedback_no")],
            "topic": topic,
        },
    ]


def did_you_mean(guesses: Sequence[Topic], *, misses: int) -> list[Message]:
    """Ask the person to clarify. After a second miss, offer the menu and free help instead."""
    if misses >= 2 or not guesses:
        return [
            {
                "text": "Sorry, I still do not understand. You can pick from the menu. Or get free help from a person.",
                "buttons": [button(MENU, "help_menu"), button(FIND_HELP, "find_help")],
                "topic": FALLBACK,
            }
        ]
    buttons = [button(t.title, t.label) for t in guesses[:MAX_GUESSES]]
    buttons.append(button(SOMETHING_ELSE, "help_menu"))
    return [
        {
            "text": "Sorry, I am not sure what you mean. Did you mean one of these?",
            "buttons": buttons,
            "topic": FALLBACK,
        }
    ]


def organisation_lines(organisations: Iterable[Organisation]) -> str:
    """One line per organisation: its name, what it does, and its phone number or website."""
    lines = []
    for org in organisations:
        contact = f" Phone {org.phone}." if org.phone else (f" Website: {org.website}." if org.website else "")
        lines.append(f"- {org.name}. {org.about}{contact}")
    return "\n".join(lines)


def find_help_messages(organisations: Sequence[Organisation]) -> list[Message]:
    return [
        {
            "text": "These organisations give free help:\n" + organisation_lines(organisations),
            "topic": "independent_support_organisations",
        },
        {
            "text": "Your council's social work team can also tell you about help near you.",
            "buttons": [button(MENU, "help_menu")],
            "topic": "independent_support_organisations",
        },
    ]

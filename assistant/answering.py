"""What the assistant says for a topic, a layer of an answer, a miss, or a request for free help.

The Rasa actions call these; they read published content from the store at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.engine import Engine

from assistant.content import store
from assistant.content.files import AnswerFile
from assistant.content.organisations import Organisation
from assistant.definitions import find_definition_question
from assistant.replies import Message, answer_messages, button, choose_answer, definition_messages, did_you_mean
from assistant.topics import Topic, get_topics

HELP_KINDS = ("independent_support", "advocacy")
MAX_HELP_ORGANISATIONS = 4
# In a message of at least MIXED_MIN_WORDS words, a second topic with at least this confidence is
# offered as a button. Measured on two-question messages: the second topic scores 0.10-0.40.
MIXED_TOPIC_MIN_CONFIDENCE = 0.1
MIXED_MIN_WORDS = 8


def _organisations_by_id(engine: Engine) -> dict[str, Organisation]:
    return {org.id: org for org in store.all_organisations(engine)}


def _messages_for(engine: Engine, answer: AnswerFile, layer: str, also: Sequence[Topic] = ()) -> list[Message]:
    related = [a for a in (store.get_answer(engine, i) for i in answer.related) if a and a.status == "published"]
    related = [a for a in related if a.topic not in {t.label for t in also}]
    orgs = _organisations_by_id(engine)
    organisations = [orgs[i] for i in answer.organisations if i in orgs]
    return answer_messages(answer, layer=layer, related=related, organisations=organisations, also=also)


def second_topic(ranking: Iterable[Mapping[str, Any]], topic: str, text: str) -> Topic | None:
    """Another in-scope topic the same message was clearly also about (a mixed question), or None."""
    if len(text.split()) < MIXED_MIN_WORDS:
        return None
    topics = get_topics()
    for entry in ranking:
        other = topics.get(str(entry.get("name")))
        if other is None or not other.in_scope or other.label == topic:
            continue
        return other if float(entry.get("confidence") or 0.0) >= MIXED_TOPIC_MIN_CONFIDENCE else None
    return None


def no_answer_yet(topic: str) -> list[Message]:
    return [
        {
            "text": "Sorry, I do not have an answer about that yet. A person can help you for free.",
            "buttons": [button("Find free help", "find_help")],
            "topic": topic,
        }
    ]


def reply_for_topic(
    engine: Engine, topic: str, text: str, *, answer_id: str | None = None, also: Sequence[Topic] = ()
) -> tuple[list[Message], AnswerFile | None]:
    """The best published answer of `topic` for `text` (or the one the button named).

    `also` are other topics the message asked about; they are offered as buttons.
    """
    candidates = store.published_answers(engine, topic)
    term = None if answer_id else find_definition_question(text, terms=store.published_glossary(engine))
    if term is not None and term.topic == topic:
        overview = candidates[0] if candidates else None
        orgs = _organisations_by_id(engine)
        organisations = [orgs[i] for i in overview.organisations if i in orgs] if overview else []
        return definition_messages(term.meaning, topic, overview, organisations), overview
    if not candidates:
        return no_answer_yet(topic), None
    chosen = next((a for a in candidates if a.id == answer_id), None) or choose_answer(candidates, text)
    return _messages_for(engine, chosen, "short", also), chosen


def reply_for_layer(engine: Engine, answer_id: str | None, layer: str) -> tuple[list[Message], AnswerFile | None]:
    """The "more" or "simpler" layer of an answer, or None when there is no such published answer."""
    answer = store.get_answer(engine, answer_id) if answer_id else None
    if answer is None or answer.status != "published":
        return [], None
    return _messages_for(engine, answer, layer), answer


def guesses(ranking: Iterable[Mapping[str, Any]], *, limit: int = 3) -> list[Topic]:
    """The in-scope topics the classifier thought most likely, best first, as topic titles."""
    topics = get_topics()
    found: list[Topic] = []
    for entry in ranking:
        topic = topics.get(str(entry.get("name")))
        if topic is not None and topic.in_scope and topic not in found:
            found.append(topic)
        if len(found) == limit:
            break
    return found


def clarify(ranking: Iterable[Mapping[str, Any]], *, misses: int) -> list[Message]:
    return did_you_mean(guesses(ranking), misses=misses)


def help_organisations(engine: Engine) -> list[Organisation]:
    """National organisations that give free independent support or advocacy, in directory order."""
    chosen = [o for o in store.all_organisations(engine) if o.national and set(o.kinds) & set(HELP_KINDS)]
    return chosen[:MAX_HELP_ORGANISATIONS]

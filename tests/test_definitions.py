""" "What does X mean?" is answered for every glossary term, under the term's topic label."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message
from sqlalchemy.engine import Engine

from assistant.answering import reply_for_topic
from assistant.components.glossary_detector import GlossaryDetector
from assistant.content.glossary import read_glossary
from assistant.definitions import GLOSSARY_PATH, find_definition_question

TERMS = read_glossary(GLOSSARY_PATH)
QUESTIONS = ("what does {} mean", "What is a {}?", "whats {}", "meaning of {}", "{} meaning", "explain {} please")


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.term)
@pytest.mark.parametrize("question", QUESTIONS)
def test_every_glossary_term_is_found_in_a_definition_question(term, question: str) -> None:  # type: ignore[no-untyped-def]
    found = find_definition_question(question.format(term.term))
    assert found is not None and found.topic == term.topic


@pytest.mark.parametrize("term", [t for t in TERMS if t.aliases], ids=lambda t: t.term)
def test_other_spellings_of_a_term_are_found_too(term) -> None:  # type: ignore[no-untyped-def]
    for alias in term.aliases:
        found = find_definition_question(f"what does {alias} mean?")
        assert found is not None and found.term == term.term


@pytest.mark.parametrize(
    ("text", "term"),
    [("sorry if this is stupid but whats an advocate", "advocate"), ("my sw said what does SDS mean", "SDS")],
)
def test_words_before_the_question_are_allowed(text: str, term: str) -> None:
    found = find_definition_question(text)
    assert found is not None and term in (found.term, *found.aliases)


@pytest.mark.parametrize(
    ("text", "term"),
    [("wot is a direkt paymnt", "direct payment"), ("what does advocasy mean", "advocacy")],
)
def test_misspelt_terms_are_still_found(text: str, term: str) -> None:
    found = find_definition_question(text)
    assert found is not None and term in (found.term.lower(), *(a.lower() for a in found.aliases))


@pytest.mark.parametrize(
    "text",
    [
        "what is the weather",
        "what is a carrot",
        "what is a career",
        "what does the council mean by that",
        "what can a direct payment pay for",
        "what is the weather like",
        "what does the council do if i say no",
        "direct payment",
        "how do i get an advocate",
    ],
)
def test_other_questions_are_not_definition_questions(text: str) -> None:
    assert find_definition_question(text) is None


def test_definition_reply_gives_the_meaning_under_the_terms_topic(store: Engine) -> None:
    term = next(t for t in TERMS if t.term.lower() == "direct payment")
    messages, overview = reply_for_topic(store, term.topic, "what does direct payment mean?")
    assert messages[0]["text"] == term.meaning
    assert {m["topic"] for m in messages} == {term.topic}
    assert overview is not None and overview.topic == term.topic
    tell_me_more = next(b for b in messages[1]["buttons"] if b["title"] == "Tell me more")
    assert tell_me_more["payload"] == f'/{term.topic}{{"answer_id":"{overview.id}"}}'


def test_glossary_component_sends_a_definition_question_to_the_terms_topic() -> None:
    term = TERMS[0]
    message = Message(
        data={"text": f"what does {term.term} mean", "intent": {"name": "out_of_scope", "confidence": 0.9}}
    )
    ordinary = Message(data={"text": "hello there", "intent": {"name": "greet", "confidence": 0.9}})
    GlossaryDetector().process([message, ordinary])
    assert message.get("intent") == {"name": term.topic, "confidence": 1.0}
    assert message.get("glossary_term") == term.term
    assert ordinary.get("intent")["name"] == "greet"

"""Replies built from content: the right answer of a topic, buttons for next steps, clarifying questions."""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine

from assistant.answering import clarify, help_organisations, reply_for_layer, reply_for_topic
from assistant.content.store import published_answers
from assistant.replies import FIND_HELP, SOMETHING_ELSE, TELL_ME_MORE, choose_answer, payload
from assistant.topics import FALLBACK, get_topics


def test_payload_is_a_rasa_intent_with_entities() -> None:
    assert payload("tell_me_more", answer_id="x") == '/tell_me_more{"answer_id":"x"}'
    assert payload("find_help") == "/find_help"


def test_topic_question_without_keywords_gets_the_topic_overview(store: Engine) -> None:
    candidates = published_answers(store, "option1_direct_payment")
    assert choose_answer(candidates, "what's that then").id == candidates[0].id


def test_keyword_match_picks_the_more_specific_answer_of_a_topic(store: Engine) -> None:
    candidates = published_answers(store, "option1_direct_payment")
    specific = candidates[1]
    question = " ".join(specific.keywords)
    assert choose_answer(candidates, question).id == specific.id


def test_answer_reply_has_picture_help_buttons_and_feedback(store: Engine) -> None:
    messages, answer = reply_for_topic(store, "option1_direct_payment", "how do direct payments work")
    assert answer is not None
    first, help_line, feedback = messages
    assert first["text"] == answer.short and first["topic"] == "option1_direct_payment"
    assert first["image"]["src"].endswith(f"{answer.picture.openmoji}.svg") and first["image"]["alt"]
    titles = [b["title"] for b in help_line["buttons"]]
    assert titles[0] == TELL_ME_MORE and titles[-1] == FIND_HELP
    related_payloads = [b["payload"] for b in help_line["buttons"][1:-1]]
    assert related_payloads and all('"answer_id"' in p for p in related_payloads)
    assert "help" in help_line["text"].lower()
    assert [b["payload"] for b in feedback["buttons"]] == ["/feedback_yes", "/feedback_no"]


def test_related_button_names_the_answer_it_opens(store: Engine) -> None:
    _, answer = reply_for_topic(store, "carers_support", "")
    assert answer is not None
    related_id = answer.related[0]
    _messages, chosen = reply_for_topic(store, str(_topic_of(store, related_id)), "", answer_id=related_id)
    assert chosen is not None and chosen.id == related_id


def _topic_of(store: Engine, answer_id: str) -> str | None:
    return next((a.topic for a in published_answers(store) if a.id == answer_id), None)


def test_tell_me_more_gives_the_more_layer_without_a_more_button(store: Engine) -> None:
    _, answer = reply_for_topic(store, "advocacy", "")
    assert answer is not None
    messages, same = reply_for_layer(store, answer.id, "more")
    assert same == answer and messages[0]["text"] == answer.more
    assert TELL_ME_MORE not in [b["title"] for b in messages[1]["buttons"]]


def test_simpler_layer_is_shorter_than_the_short_layer(store: Engine) -> None:
    _, answer = reply_for_topic(store, "what_is_sds", "")
    assert answer is not None
    messages, _ = reply_for_layer(store, answer.id, "simpler")
    assert len(messages[0]["text"].split()) < len(answer.short.split())


def test_unknown_answer_id_gives_no_layer(store: Engine) -> None:
    assert reply_for_layer(store, "no-such-answer", "more") == ([], None)


def test_did_you_mean_offers_up_to_three_topic_titles_and_something_else() -> None:
    ranking = [{"name": n} for n in ("greet", "budget_decision", "crisis", "assessment", "eligibility", "advocacy")]
    (message,) = clarify(ranking, misses=1)
    titles = [b["title"] for b in message["buttons"]]
    topics = get_topics()
    assert titles == [
        topics["budget_decision"].title,
        topics["assessment"].title,
        topics["eligibility"].title,
        SOMETHING_ELSE,
    ]
    assert message["topic"] == FALLBACK
    assert json.dumps(message).count("nlu_fallback") == 0


def test_second_miss_offers_the_menu_and_free_help() -> None:
    (message,) = clarify([{"name": "assessment"}], misses=2)
    assert [b["payload"] for b in message["buttons"]] == ["/help_menu", "/find_help"]
    assert message["topic"] == FALLBACK


def test_find_help_lists_national_independent_organisations(store: Engine) -> None:
    organisations = help_organisations(store)
    assert organisations
    assert all(o.national and {"independent_support", "advocacy"} & set(o.kinds) for o in organisations)

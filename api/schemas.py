"""The public JSON contract of `/v1/chat`. Stable: widgets and partner sites depend on it."""

from __future__ import annotations

from pydantic import BaseModel, Field, StrictStr

from assistant.content.site_schema import SITE_ID_MAX, SITE_ID_PATTERN


class ChatRequest(BaseModel):
    conversation_id: StrictStr = Field(..., min_length=1, max_length=128, regex=r"^[A-Za-z0-9_.:\-]+$")
    text: StrictStr = Field(..., description="What the person typed, or a button's payload. 1 to 1,000 characters.")
    org: StrictStr | None = Field(
        None,
        max_length=SITE_ID_MAX,
        regex=SITE_ID_PATTERN,
        description="The embedding organisation's id (the widget's data-org). Needed on other websites.",
    )

    class Config:
        extra = "ignore"


class Button(BaseModel):
    title: str
    payload: str


class Image(BaseModel):
    src: str
    alt: str


class ChatMessage(BaseModel):
    text: str
    buttons: list[Button] | None = None
    image: Image | None = None
    topic: str | None = Field(
        None,
        description="The topic label the reply answers (from topics.yml), 'crisis', 'out_of_scope', "
        "'fallback' when the assistant asks the person to clarify, or 'service_problem' when part of the "
        "assistant is down and the reply gives free help phone numbers instead of an answer.",
    )


class ChatResponse(BaseModel):
    conversation_id: str
    messages: list[ChatMessage]


class PartState(BaseModel):
    rasa: str
    actions: str
    store: str


class Health(BaseModel):
    status: str
    parts: PartState

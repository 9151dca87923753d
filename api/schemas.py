"""The public JSON contract of `/v1/chat`. Stable: widgets and partner sites depend on it."""

from __future__ import annotations

from pydantic import BaseModel, Field, StrictStr


class ChatRequest(BaseModel):
    conversation_id: StrictStr = Field(..., min_length=1, max_length=128, regex=r"^[A-Za-z0-9_.:\-]+$")
    text: StrictStr = Field(..., description="What the person typed, or a button's payload. 1 to 1,000 characters.")

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
        "or 'fallback' when the assistant asks the person to clarify.",
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

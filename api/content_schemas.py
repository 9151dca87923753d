"""The JSON shapes of `/v1/content/`, for the OpenAPI description.

Answer bodies are validated by the content-file rules (`assistant.content.files.answer_from_data`),
not by these models, so the API and the files can never disagree.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class PictureModel(BaseModel):
    openmoji: str = Field(..., description="An OpenMoji code like 1F4B7.")
    alt: str


class AnswerIn(BaseModel):
    """An answer as PUT or POST takes it: the fields of an answer file. Unknown keys are refused."""

    id: str = Field(..., description="Lower-case letters, digits and single hyphens. On PUT, the id in the address.")
    topic: str
    title: str
    status: str = Field(..., description="'draft' or 'published'. Saving always makes a draft; publish to go live.")
    last_reviewed: dt.date
    keywords: list[str]
    related: list[str]
    organisations: list[str]
    picture: PictureModel
    sources: list[str]
    short: str = Field(..., description="Easy-read Markdown shown first.")
    more: str = Field(..., description="'Tell me more'.")
    simpler: str = Field("", description="'I don't understand' (optional).")

    class Config:
        extra = "forbid"


class Version(BaseModel):
    """What every item's version shows besides its content. Ignored if sent back (except `status` of answers)."""

    status: str = Field(..., description="'draft', 'published' or 'deleted'.")
    revision: int
    updated_at: dt.datetime
    updated_by: str


class AnswerOut(AnswerIn, Version):
    """One version of an answer. `revision`, `updated_at` and `updated_by` are ignored if sent back."""


class RevisionOut(BaseModel):
    revision: int
    status: str
    action: str = Field(..., description="seed, create, save, publish, delete, restore or import.")
    author: str
    created_at: dt.datetime
    diff: str = Field(..., description="A unified diff of the answer text against the revision before.")


class RevisionList(BaseModel):
    items: list[RevisionOut] = Field(..., description="Newest first.")


class CheckRequest(BaseModel):
    text: str = Field(..., min_length=1, max_length=20_000, description="Easy-read Markdown to check.")
    how_to: bool = Field(False, description="The text answers a 'how do I' question: it needs a next step.")
    first_layer: bool = Field(True, description="The text is shown first: the 120-word limit applies.")

    class Config:
        extra = "forbid"


class UnansweredOut(BaseModel):
    text: str = Field(..., description="The latest message of the group, with personal details redacted.")
    topic: str = Field(..., description="'fallback' (asked to say more) or 'out_of_scope'.")
    count: int = Field(..., description="How many messages had this text (ignoring case, spaces and end punctuation).")
    last_seen: dt.datetime = Field(..., description="When it was last asked (UTC).")


class UnansweredList(BaseModel):
    items: list[UnansweredOut] = Field(..., description="Most frequent first.")


class DismissRequest(BaseModel):
    text: str = Field(..., min_length=1, max_length=500, description="The text of a group, as the list shows it.")

    class Config:
        extra = "forbid"


class Dismissed(BaseModel):
    dismissed: int = Field(..., description="How many messages of the group were deleted (0: none had this text).")


class Me(BaseModel):
    name: str
    role: str = Field(..., description="'editor' (saves drafts) or 'reviewer' (also publishes, deletes, restores).")
    can_publish: bool

"""The JSON shapes of organisations and glossary terms in `/v1/content/`, for the OpenAPI description.

Bodies are validated by the content-file rules (`assistant.content.kinds`), not by these models,
so the API and `content/organisations.yml` / `content/glossary.yml` can never disagree.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, create_model

from api.content_schemas import Version


class OrganisationIn(BaseModel):
    """An organisation as PUT or POST takes it: the keys of an `organisations.yml` entry. Unknown keys are refused."""

    id: str = Field(..., description="Lower-case letters, digits and single hyphens. On PUT, the id in the address.")
    name: str
    about: str = Field(..., description="What they do, in easy-read words.")
    kinds: list[str] = Field(..., description="independent_support, advocacy, carers, crisis, complaints, ...")
    areas: list[str] = Field(..., description="[all] for Scotland-wide help, or official council area names.")
    phone: str | None = Field(None, description="Only a number the organisation publishes itself. Never guess one.")
    phone_hours: str | None = None
    email: str | None = None
    website: str | None = None
    sources: list[str] = Field(..., description="Where each fact was checked (web addresses).")

    class Config:
        extra = "forbid"


class TermIn(BaseModel):
    """A glossary term as PUT or POST takes it: the keys of an entry in `glossary.yml`. Unknown keys are refused."""

    term: str = Field(..., description="The word or phrase. Its id is the term in lower case with hyphens.")
    aliases: list[str] = Field([], description="Other ways people write it.")
    topic: str = Field(..., description="The topic label it belongs to (content/topics.yml).")
    meaning: str = Field(..., description="1 to 3 short easy-read sentences.")

    class Config:
        extra = "forbid"


class OrganisationOut(OrganisationIn, Version):
    """One version of an organisation. `status`, `revision`, `updated_at` and `updated_by` are ignored if sent."""


class TermOut(TermIn, Version):
    """One version of a glossary term. `id`, `status`, `revision`, `updated_*` are ignored if sent back."""

    id: str


def list_model(out: type[BaseModel]) -> type[BaseModel]:
    """`{"items": [...]}` of `out`."""
    name = out.__name__.removesuffix("Out") + "List"
    return create_model(name, items=(list[out], ...))  # type: ignore[valid-type]


def saved_model(out: type[BaseModel], key: str) -> type[BaseModel]:
    """`{key: item, "check": {...}}`: a saved version and its easy-read check."""
    name = out.__name__.removesuffix("Out") + "Saved"
    check: Any = (dict[str, Any], Field(..., description="The easy-read check: scores, sections and issues."))
    return create_model(name, **{key: (out, ...), "check": check})

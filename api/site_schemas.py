"""The JSON shapes of `/v1/sites/` and `/v1/content/sites/`, for the OpenAPI description.

Site bodies are validated by `assistant.content.sites.validate_site` (closed schema, contrast,
easy-read greeting), not by these models.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from assistant.content.site_schema import Colours, Contact, SiteSettings


class ContactOut(BaseModel):
    name: str
    phone: str | None = None
    website: str | None = None
    email: str | None = None


class SitePublic(BaseModel):
    """What the widget reads: every setting but the allowed websites."""

    id: str
    display_name: str
    greeting: str
    colours: Colours
    contact: ContactOut | None = Field(..., description="The organisation's own contact, or null.")


class SiteOut(SiteSettings):
    """A site as the content API shows it. `revision`, `updated_at` and `updated_by` are ignored if sent back."""

    revision: int
    updated_at: dt.datetime
    updated_by: str


class SiteList(BaseModel):
    items: list[SiteOut] = Field(..., description="In order of id.")


__all__ = ["Colours", "Contact", "ContactOut", "SiteList", "SiteOut", "SitePublic"]

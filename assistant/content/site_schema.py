"""The closed schema of an embedding organisation's settings (a "site"), and the checks beyond its shape.

A site is what an organisation chooses for the chat widget on its own web pages:

- `id`: lower-case letters, digits and single hyphens (the widget's `data-org`).
- `display_name`: the name shown at the top of the widget.
- `greeting`: the first words the widget shows. It must pass every hard easy-read rule.
- `colours`: `brand` (the widget's header and buttons) and `brand_text` (text on them), as `#rrggbb`.
  Text on the brand colour needs a contrast of at least 4.5:1 (WCAG 1.4.3). The brand colour is also
  the border of the open button and the focus ring on the white chat panel, so it needs at least 3:1
  against white (WCAG 1.4.11). A colour that fails either is refused with the measured ratio.
- `contact`: the organisation's own contact, shown first when the assistant lists free help, or null.
  A name and at least one of phone, website or email.
- `allowed_origins`: the websites that may embed the widget, as exact origins
  (`https://www.example.org`, no path and no `*`). An empty list means our own pages only.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, root_validator, validator

from assistant.colours import HEX_COLOUR, NON_TEXT_MINIMUM, TEXT_MINIMUM, WHITE, contrast_ratio

SITE_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SITE_ID_MAX = 60
MAX_ORIGINS = 20
ORIGIN = re.compile(r"^(https?)://([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::([0-9]{1,5}))?$")
DEFAULT_PORTS = {"http": 80, "https": 443}
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{2,24}$")
EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalise_origin(value: str) -> str:
    """`HTTPS://Example.org:443/` -> `https://example.org`: the form browsers send in `Origin`."""
    text = value.strip().lower().removesuffix("/")
    match = ORIGIN.match(text)
    if not match or ".." in text:
        raise ValueError(f"'{value}' is not an origin. Write it like https://www.example.org: no path, no *.")
    scheme, host, port = match.groups()
    if port is not None:
        number = int(port)
        if not 1 <= number <= 65535:
            raise ValueError(f"'{value}' has a port that cannot exist.")
        port = None if DEFAULT_PORTS[scheme] == number else str(number)
    return f"{scheme}://{host}" + (f":{port}" if port else "")


def _plain_line(value: str, *, what: str) -> str:
    value = value.strip()
    if CONTROL.search(value):
        raise ValueError(f"The {what} must be one line of text.")
    return value


class Colours(BaseModel):
    brand: str = Field(..., description="The widget's header and button colour, #rrggbb.")
    brand_text: str = Field(..., description="The text colour on the brand colour, #rrggbb.")

    class Config:
        extra = "forbid"

    @validator("brand", "brand_text")
    def _hex(cls, value: str) -> str:
        if not HEX_COLOUR.match(value):
            raise ValueError("Write a colour as # and 6 hex digits, like #0b4f8a.")
        return value.lower()


class Contact(BaseModel):
    name: str = Field(..., min_length=1, max_length=80)
    phone: str | None = Field(None, max_length=30, description="Like 0131 000 0000 or +44 131 000 0000.")
    website: str | None = Field(None, max_length=200, description="An https:// or http:// address.")
    email: str | None = Field(None, max_length=254)

    class Config:
        extra = "forbid"

    @validator("name")
    def _name(cls, value: str) -> str:
        value = _plain_line(value, what="name")
        if not value:
            raise ValueError("The contact needs a name.")
        return value

    @validator("phone")
    def _phone(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not PHONE.match(value) or sum(c.isdigit() for c in value) < 3:
            raise ValueError("Write a phone number with digits and spaces, like 0131 000 0000.")
        return value

    @validator("website")
    def _website(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.hostname or CONTROL.search(value) or " " in value:
            raise ValueError("Write a website address that starts with https://.")
        return value

    @validator("email")
    def _email(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not EMAIL.match(value):
            raise ValueError("Write an email address like help@example.org.")
        return value

    @root_validator(skip_on_failure=True)
    def _reachable(cls, values: dict[str, Any]) -> dict[str, Any]:
        if not any(values.get(key) for key in ("phone", "website", "email")):
            raise ValueError("Give a phone number, a website or an email address, so people can reach you.")
        return values

    def public(self) -> dict[str, str]:
        return {key: value for key, value in self.dict().items() if value}


class SiteSettings(BaseModel):
    """One organisation's settings as PUT and POST take them. Unknown keys are refused."""

    id: str = Field(..., min_length=1, max_length=SITE_ID_MAX, regex=SITE_ID_PATTERN)
    display_name: str = Field(..., min_length=1, max_length=80)
    greeting: str = Field(..., min_length=1, max_length=300, description="Easy-read words the widget shows first.")
    colours: Colours
    contact: Contact | None = None
    allowed_origins: list[str] = Field(
        default_factory=list, description="Exact origins like https://www.example.org. Empty: our own pages only."
    )

    class Config:
        extra = "forbid"

    @validator("display_name")
    def _display_name(cls, value: str) -> str:
        value = _plain_line(value, what="display name")
        if not value:
            raise ValueError("The display name cannot be empty.")
        return value

    @validator("greeting")
    def _greeting(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("The greeting cannot be empty.")
        return value

    @validator("allowed_origins")
    def _origins(cls, values: list[str]) -> list[str]:
        if len(values) > MAX_ORIGINS:
            raise ValueError(f"List {MAX_ORIGINS} websites or fewer.")
        return list(dict.fromkeys(normalise_origin(value) for value in values))

    def public(self) -> dict[str, Any]:
        """What any web page may read: everything but `allowed_origins`."""
        return {
            "id": self.id,
            "display_name": self.display_name,
            "greeting": self.greeting,
            "colours": self.colours.dict(),
            "contact": self.contact.public() if self.contact else None,
        }


def contrast_problems(colours: Colours) -> list[dict[str, Any]]:
    """Each colour pair below its WCAG minimum, with the measured ratio (rounded down to 2 decimals)."""
    pairs = [
        ("brand_text", "brand", colours.brand_text, colours.brand, TEXT_MINIMUM),
        ("brand", "white", colours.brand, WHITE, NON_TEXT_MINIMUM),
    ]
    problems = []
    for name, against, colour, background, minimum in pairs:
        ratio = contrast_ratio(colour, background)
        if ratio < minimum:
            problems.append(
                {
                    "colour": name,
                    "against": against,
                    "ratio": int(ratio * 100) / 100,
                    "minimum": minimum,
                    "message": f"{name} on {against} has a contrast of {int(ratio * 100) / 100}:1. "
                    f"It needs at least {minimum}:1.",
                }
            )
    return problems

"""The easy-read readability checker: `check_text(text) -> ReadabilityReport` (see easyread-rules.md)."""

from assistant.readability.codes import CODES, Issue
from assistant.readability.report import ReadabilityReport, check_text

__all__ = ["CODES", "Issue", "ReadabilityReport", "check_text"]

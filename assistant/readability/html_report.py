"""The HTML readability report editors open in a browser: one row per answer, worst first."""

from __future__ import annotations

from html import escape

from assistant.readability.answers import FileResult, Summary

STYLE = """
body { font-family: sans-serif; font-size: 18px; margin: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .4em; text-align: left; vertical-align: top; }
tr.fail { background: #fde8e8; }
mark { background: #ffe066; }
.hard { color: #a00; font-weight: bold; }
"""


def _highlighted(result: FileResult) -> str:
    """Each sentence with a hard or soft issue, the sentence marked, with its problems."""
    rows: list[str] = []
    for section in result.sections:
        issues = [i for i in section.report.issues if i.severity != "info"]
        for sentence in section.report.sentences:
            found = [i for i in issues if i.line == sentence.line and sentence.start <= i.start < max(sentence.end, 1)]
            if not found:
                continue
            codes = ", ".join(f'<span class="{i.severity}">{escape(i.code)}</span>' for i in dict.fromkeys(found))
            rows.append(f"<li>line {sentence.line}: <mark>{escape(sentence.text)}</mark> ({codes})</li>")
        for i in issues:
            if not any(i.line == s.line for s in section.report.sentences):
                rows.append(f'<li>line {i.line}: <span class="{i.severity}">{escape(i.code)}</span></li>')
    for i in result.extra:
        rows.append(f'<li>line {i.line}: <span class="{i.severity}">{escape(i.code)}</span>: {escape(i.message)}</li>')
    return f"<ul>{''.join(rows)}</ul>" if rows else ""


def render_report(results: list[FileResult], summary: Summary, *, seconds: float) -> str:
    def badness(result: FileResult) -> tuple[int, float]:
        return (len(result.hard), result.scores.grade if result.sections else 99.0)

    rows: list[str] = []
    for result in sorted(results, key=badness, reverse=True):
        name = escape(result.path.name)
        if result.error is not None:
            detail = f"{escape(result.error.code)}: {escape(result.error.message)} (line {result.error.line})"
            rows.append(f'<tr class="fail"><td>{name}</td><td colspan="6" class="hard">{detail}</td><td></td></tr>')
            continue
        s = result.scores
        css = ' class="fail"' if not result.valid else ""
        rows.append(
            f"<tr{css}><td>{name}</td><td>{s.grade:.1f}</td><td>{s.reading_ease:.0f}</td>"
            f"<td>{s.mean_words:.1f}</td><td>{s.longest}</td><td>{len(result.hard)}</td><td>{len(result.soft)}</td>"
            f"<td>{_highlighted(result)}</td></tr>"
        )
    summary_items = "".join(f"<li>{escape(line)}</li>" for line in summary.lines())
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Easy-read content report</title><style>{STYLE}</style></head>
<body>
<h1>Easy-read content report</h1>
<ul>{summary_items}<li>Checked in {seconds:.2f} seconds</li></ul>
<table>
<tr><th>Answer</th><th>Grade</th><th>Reading ease</th><th>Words a sentence</th><th>Longest sentence</th>
<th>Hard</th><th>Soft</th><th>Problem sentences</th></tr>
{"".join(rows)}
</table>
</body>
</html>
"""

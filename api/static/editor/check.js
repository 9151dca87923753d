// Live easy-read check of one text box: scores in plain words, each problem, and the text split into
// sentences with problem sentences marked by colour AND a text label, so colour is never the only sign.
import { api } from './api.js';
import { clear, debounce, el } from './dom.js';

const CHECK_DELAY_MS = 400;
// Problems about the whole text, not one sentence (the API points them at the first sentence).
const WHOLE_TEXT = new Set([
  'grade-too-high', 'grade-above-aim', 'reading-ease-too-low', 'reading-ease-below-aim', 'mean-sentence-long',
  'rare-words', 'syllables-per-word-high', 'long-words-many', 'answer-too-long', 'no-next-step',
  'passive-voice-many', 'you-missing', 'mixed-terms',
]);
const SEVERITY = {
  hard: { label: 'Must fix', icon: '✗', order: 0 },
  soft: { label: 'Try to fix', icon: '!', order: 1 },
  info: { label: 'Tip', icon: 'i', order: 2 },
};

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// Where each sentence the API found sits in the text: its line, columns and offset in the whole text.
function locate(text, sentences) {
  const lines = text.split('\n');
  const lineStarts = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  const cursor = {};
  return sentences.map((s, index) => {
    const line = lines[s.line - 1] ?? '';
    const from = cursor[s.line] ?? 0;
    let start = line.indexOf(s.text, from);
    if (start < 0) start = line.indexOf(s.text);
    const found = start >= 0;
    const col = found ? start : 0;
    const end = found ? start + s.text.length : line.length;
    cursor[s.line] = end;
    const base = lineStarts[s.line - 1] ?? 0;
    return { ...s, index, col, end, offset: base + col, offsetEnd: base + end, issues: [] };
  });
}

function sentenceFor(issue, located) {
  if (WHOLE_TEXT.has(issue.code)) return null;
  const sameLine = located.filter((s) => s.line === issue.line);
  return sameLine.find((s) => issue.start < s.end && issue.end > s.col) || sameLine[0] || null;
}

function worst(issues) {
  return issues.reduce((a, i) => (SEVERITY[i.severity].order < SEVERITY[a].order ? i.severity : a), 'info');
}

function scoreItem(name, value, verdict, good, aim) {
  return el('li', { className: 'score' }, [
    el('span', { className: 'score-name', text: `${name}: ` }),
    el('strong', { className: 'score-value', text: value }),
    el('span', { className: `verdict ${good}`, text: ` ${verdict}` }),
    el('span', { className: 'score-aim', text: ` ${aim}` }),
  ]);
}

function renderScores(result) {
  const grade = result.grade;
  const ease = result.reading_ease;
  const mean = result.mean_words_per_sentence;
  const level = (ok, fine) => (ok ? ['✓ Easy', 'good'] : fine ? ['✓ OK', 'fine'] : ['✗ Too hard', 'bad']);
  const [gv, gc] = level(grade <= 5, grade <= 7);
  const [ev, ec] = level(ease >= 80, ease >= 70);
  const [wv, wc] = mean <= 10 ? ['✓ Good', 'good'] : mean <= 12 ? ['✓ OK', 'fine'] : ['✗ Too long', 'bad'];
  return el('ul', { className: 'scores' }, [
    scoreItem('Reading grade', grade.toFixed(1), gv, gc, 'Lower is easier. Aim for 5 or lower. It must be 7 or lower.'),
    scoreItem('Reading ease', ease.toFixed(0), ev, ec, 'Higher is easier. Aim for 80 or more. It must be 70 or more.'),
    scoreItem('Words per sentence', mean.toFixed(1), wv, wc, `Aim for 7 to 10. The longest has ${result.longest_sentence}.`),
  ]);
}

export function createChecker({ name, label, textarea, container, firstLayer, onResult }) {
  let sequence = 0;
  const idFor = (index) => `sentence-${name}-${index + 1}`;
  const heading = el('h3', { text: `Easy-read check: ${label}`, attrs: { id: `check-${name}-heading` } });
  const body = el('div', { className: 'check-body' });
  container.replaceChildren(heading, body);
  container.setAttribute('aria-labelledby', heading.id);
  const state = { hard: 0, soft: 0, info: 0, checked: false };

  function selectInTextBox(s) {
    textarea.focus();
    textarea.setSelectionRange(s.offset, s.offsetEnd);
  }

  function problemItem(issue, sentence) {
    const sev = SEVERITY[issue.severity] || SEVERITY.info;
    const item = el('li', { className: `problem ${issue.severity}` }, [
      el('span', { className: 'tag', text: `${sev.icon} ${sev.label}` }),
      el('span', { className: 'message', text: ` ${issue.message} ` }),
    ]);
    if (sentence) {
      const go = el('button', { className: 'link-button', text: `Show sentence ${sentence.index + 1}`, attrs: { type: 'button' } });
      go.addEventListener('click', () => document.getElementById(idFor(sentence.index))?.focus());
      item.append(go);
    } else {
      item.append(el('span', { className: 'whole', text: '(about the whole text)' }));
    }
    return item;
  }

  function sentenceItem(s) {
    const item = el('li', { className: 'sentence', attrs: { id: idFor(s.index), tabindex: '-1' } });
    if (s.issues.length) {
      const severity = worst(s.issues);
      item.classList.add('flagged', severity);
      item.append(el('span', { className: 'flag', text: `⚠ ${SEVERITY[severity].label}` }), ' ');
    }
    item.append(el('span', { className: 'sentence-text', text: s.text }));
    if (s.issues.length) {
      item.append(' ', el('span', { className: 'visually-hidden', text: `Problems: ${s.issues.map((i) => i.message).join(' ')}` }));
      const edit = el('button', { className: 'small', text: 'Edit this sentence', attrs: { type: 'button' } });
      edit.addEventListener('click', () => selectInTextBox(s));
      item.append(' ', edit);
    }
    return item;
  }

  function render(text, result) {
    const located = locate(text, result.sentence_words || []);
    const issues = [...result.issues].sort((a, b) => SEVERITY[a.severity].order - SEVERITY[b.severity].order);
    const rows = issues.map((issue) => {
      const sentence = sentenceFor(issue, located);
      if (sentence) sentence.issues.push(issue);
      return [issue, sentence];
    });
    state.hard = issues.filter((i) => i.severity === 'hard').length;
    state.soft = issues.filter((i) => i.severity === 'soft').length;
    state.info = issues.length - state.hard - state.soft;
    state.checked = true;
    const summary = state.hard
      ? `✗ ${plural(state.hard, 'problem', 'problems')} must be fixed before you can publish.`
      : '✓ Nothing stops you publishing.';
    const extra = state.soft ? ` ${plural(state.soft, 'problem', 'problems')} to try to fix.` : '';
    body.replaceChildren(
      el('p', { className: `check-summary ${state.hard ? 'bad' : 'good'}`, text: summary + extra }),
      renderScores(result),
      el('h4', { text: issues.length ? `Problems (${issues.length})` : 'Problems' }),
      issues.length
        ? el('ul', { className: 'problems' }, rows.map(([issue, s]) => problemItem(issue, s)))
        : el('p', { text: 'No problems found.' }),
      el('h4', { text: 'Your text, sentence by sentence' }),
      el('ol', { className: 'sentences' }, located.map(sentenceItem)),
    );
    onResult?.(name, state);
  }

  async function run() {
    const text = textarea.value;
    const mine = ++sequence;
    if (!text.trim()) {
      state.hard = state.soft = state.info = 0;
      state.checked = false;
      body.replaceChildren(el('p', { className: 'check-summary', text: 'Nothing to check yet. Type some text.' }));
      onResult?.(name, state);
      return;
    }
    container.setAttribute('aria-busy', 'true');
    try {
      const { body: result } = await api.check(text, { firstLayer });
      if (mine === sequence) render(text, result);
    } catch (error) {
      if (mine === sequence) {
        clear(body);
        body.append(el('p', { className: 'error-text', text: `The check did not work: ${error.message}` }));
      }
    } finally {
      if (mine === sequence) container.removeAttribute('aria-busy');
    }
  }

  const schedule = debounce(run, CHECK_DELAY_MS);
  textarea.addEventListener('input', schedule);
  return { run, schedule, state, label };
}

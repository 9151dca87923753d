// The list of answers, with filters by topic, status and words.
import { api } from './api.js';
import { $, el, say, STATUS_WORDS, when } from './dom.js';

let topicsFilled = false;

function fillTopics(items) {
  if (topicsFilled) return;
  const select = $('filter-topic');
  const topics = [...new Set(items.map((a) => a.topic))].sort();
  for (const topic of topics) select.append(el('option', { text: topic.replaceAll('_', ' '), attrs: { value: topic } }));
  topicsFilled = true;
}

function row(answer) {
  const link = el('a', { text: answer.title, attrs: { href: `#/answers/${encodeURIComponent(answer.id)}` } });
  return el('tr', {}, [
    el('td', {}, [link]),
    el('td', { text: answer.topic.replaceAll('_', ' ') }),
    el('td', {}, [el('span', { className: `badge ${answer.status}`, text: STATUS_WORDS[answer.status] || answer.status })]),
    el('td', { text: `${when(answer.updated_at)} by ${answer.updated_by}` }),
  ]);
}

export async function loadList() {
  const status = $('list-status');
  const filters = { topic: $('filter-topic').value, status: $('filter-status').value, q: $('filter-q').value.trim() };
  say(status, 'Loading answers.');
  try {
    const { body } = await api.list(filters);
    if (!filters.topic && !filters.status && !filters.q) fillTopics(body.items);
    $('answer-rows').replaceChildren(...body.items.map(row));
    const n = body.items.length;
    say(status, n === 0 ? 'No answers match. Try other words or filters.' : n === 1 ? '1 answer.' : `${n} answers.`);
    return body.items;
  } catch (error) {
    say(status, `The answers did not load: ${error.message}`, 'error');
    throw error;
  }
}

export function setupList() {
  $('filter-form').addEventListener('submit', (event) => {
    event.preventDefault();
    loadList().catch(() => {});
  });
  for (const id of ['filter-topic', 'filter-status']) $(id).addEventListener('change', () => loadList().catch(() => {}));
}

// The chat preview: the draft as the chat will show it (picture left, words right, buttons),
// and a small real chat box that asks the running assistant, which says the published text.
import { api } from './api.js';
import { $, el, say } from './dom.js';

const MAX_RELATED_BUTTONS = 2; // as assistant/replies.py

function bubble(message) {
  const row = el('div', { className: 'msg bot' });
  if (message.image && message.image.src) {
    row.append(el('img', { className: 'msg-picture', attrs: { src: message.image.src, alt: message.image.alt || '', width: '56', height: '56' } }));
  }
  row.append(el('p', { className: 'msg-text', text: message.text }));
  return row;
}

function buttonRow(buttons, onClick) {
  const group = el('div', { className: 'msg-buttons' });
  for (const b of buttons) {
    const button = el('button', { className: 'chat-button', text: b.title, attrs: { type: 'button' } });
    if (onClick) button.addEventListener('click', () => onClick(b));
    else button.setAttribute('aria-disabled', 'true');
    group.append(button);
  }
  return group;
}

// `answer` is the form's current answer; `titles` maps answer ids to titles (related buttons), `names`
// organisation ids to names (the chat shows the first 2, without phone numbers in this preview).
export function renderPreview(answer, titles, names) {
  const log = $('preview');
  const picture = answer.picture || {};
  const first = {
    text: answer.short || '(The short answer is empty.)',
    image: picture.openmoji ? { src: `/pictures/${encodeURIComponent(picture.openmoji)}.svg`, alt: picture.alt } : null,
  };
  const related = (answer.related || []).slice(0, MAX_RELATED_BUTTONS).map((id) => ({ title: titles.get(id) || id }));
  const buttons = [{ title: 'Tell me more' }, ...related, { title: 'Find free help' }];
  const help = (answer.organisations || []).length
    ? `Free, independent help:\n${answer.organisations.slice(0, 2).map((id) => `- ${names.get(id) || id}`).join('\n')}`
    : 'Free, independent help: (no organisation chosen)';
  log.replaceChildren(bubble(first), bubble({ text: help }), buttonRow(buttons, null));
}

export function setupRealChat() {
  const form = $('chat-form');
  const input = $('chat-question');
  const status = $('chat-status');
  const log = $('chat-log');
  let conversation = null;

  function addUser(text) {
    log.append(el('div', { className: 'msg user' }, [el('p', { className: 'msg-text', text })]));
  }

  async function ask(text, shown) {
    addUser(shown || text);
    say(status, 'Asking the chat. Please wait.');
    try {
      const { body } = await api.chat(conversation, text);
      for (const message of body.messages) {
        log.append(bubble(message));
        if (message.buttons && message.buttons.length) log.append(buttonRow(message.buttons, (b) => ask(b.payload, b.title)));
      }
      say(status, 'The chat answered. Its reply is below.', 'ok');
    } catch (error) {
      say(status, `The chat did not answer: ${error.message}`, 'error');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      say(status, 'Type a question first.', 'error');
      input.focus();
      return;
    }
    conversation = `editor-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    log.replaceChildren();
    ask(text);
  });

  return {
    reset(question) {
      input.value = question || '';
      log.replaceChildren();
      say(status, '');
    },
  };
}

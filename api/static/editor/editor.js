// The editor page: sign in with a token, pick an answer, edit it with live easy-read checks,
// save a draft, publish, see the chat preview and the history. Views follow the address (#/answers/ID).
import { api, getToken, setToken } from './api.js';
import { $, say, show } from './dom.js';
import { setupEditing, openAnswer, closeAnswer } from './edit.js';
import { closeItem, openItems, setupItems } from './items.js';
import { loadList, setupList } from './list.js';

const VIEWS = ['view-sign-in', 'view-list', 'view-edit', 'view-items'];
const session = { user: null };

function showView(id) {
  for (const view of VIEWS) show($(view), view === id);
  const heading = $(id).querySelector('h1');
  heading.setAttribute('tabindex', '-1');
  heading.focus();
}

function showAccount() {
  const { user } = session;
  show($('account'), Boolean(user));
  show($('site-nav'), Boolean(user));
  if (!user) return;
  $('account-name').textContent = user.name;
  $('account-role').textContent = user.can_publish ? 'reviewer: you can publish' : 'editor: you save drafts';
}

function signInView(message) {
  session.user = null;
  showAccount();
  showView('view-sign-in');
  const error = $('token-error');
  error.textContent = message || '';
  show(error, Boolean(message));
  if (message) {
    $('token').setAttribute('aria-invalid', 'true');
    $('token').focus();
  }
}

// Called whenever the API says the token is no good: back to sign in; unsaved text stays in this browser.
function signedOut(message) {
  setToken('');
  signInView(message);
}

async function route() {
  say($('page-status'), '');
  if (!getToken()) {
    closeAnswer();
    closeItem();
    signInView();
    return;
  }
  if (!session.user) {
    try {
      session.user = (await api.me()).body;
    } catch (error) {
      signedOut(error.status === 401 ? 'Please sign in again.' : error.message);
      return;
    }
    showAccount();
  }
  const section = /^#\/(answers|organisations|glossary)/.exec(location.hash)?.[1] || 'answers';
  for (const name of ['answers', 'organisations', 'glossary']) {
    $(`nav-${name}`).toggleAttribute('aria-current', false);
    if (name === section) $(`nav-${name}`).setAttribute('aria-current', 'page');
  }
  const other = /^#\/(organisations|glossary)(?:\/(.+))?$/.exec(location.hash);
  if (other) {
    closeAnswer();
    showView('view-items');
    await openItems(other[1], other[2] ? decodeURIComponent(other[2]) : null, session.user);
    return;
  }
  closeItem();
  const match = /^#\/answers\/(.+)$/.exec(location.hash);
  if (match) {
    showView('view-edit');
    await openAnswer(decodeURIComponent(match[1]), session.user);
    return;
  }
  closeAnswer();
  showView('view-list');
  try {
    await loadList();
  } catch (error) {
    if (error.status === 401) signedOut('Your sign-in has ended. Please sign in again.');
  }
}

function setupSignIn() {
  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('token');
    const token = input.value.trim();
    if (!token) {
      signInView('Type or paste your token first.');
      return;
    }
    try {
      session.user = (await api.me(token)).body;
    } catch (error) {
      const message = error.status === 401
        ? 'This token did not work. Check you copied all of it, or ask your administrator for a new one.'
        : error.message;
      signInView(message);
      return;
    }
    setToken(token);
    input.value = '';
    input.removeAttribute('aria-invalid');
    show($('token-error'), false);
    say($('page-status'), `Signed in as ${session.user.name}.`, 'ok');
    showAccount();
    if (!location.hash || location.hash === '#/') location.hash = '#/answers';
    else await route();
  });
  $('sign-out').addEventListener('click', () => {
    closeAnswer();
    closeItem();
    setToken('');
    say($('page-status'), 'You are signed out. Any text you did not save is kept in this browser.', 'ok');
    signInView();
  });
}

setupSignIn();
setupList();
setupEditing({ onSignedOut: signedOut });
setupItems({ onSignedOut: signedOut });
window.addEventListener('hashchange', () => route());
route();

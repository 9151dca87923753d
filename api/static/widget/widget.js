/* The SDS Easy Read Assistant chat widget: a web component with no dependencies and no build step.

   Embed on any page (a launcher button opens the chat):
     <script src="https://HOST/widget.js" data-org="ORG_ID" defer></script>
   Or place the chat in the page, always open:
     <sds-chat org="ORG_ID" mode="inline"></sds-chat>  (with widget.js loaded)

   It talks only to the server it was loaded from: POST /v1/chat, GET /v1/sites/{org}, and the
   pictures that messages point at. Every text is put in the page with textContent (never parsed as HTML),
   and styles come from widget.css through a <link>, so a strict Content Security Policy holds. */
(function () {
  'use strict';
  if (!window.customElements || window.customElements.get('sds-chat')) return;

  var VERSION = '1';
  var SCRIPT = document.currentScript;
  var SCRIPT_ORIGIN = SCRIPT && SCRIPT.src ? new URL(SCRIPT.src, location.href).origin : location.origin;
  var DEFAULT_ORG = 'sds-assistant';
  var MAX_CHARS = 1000;
  var MAX_KEPT = 200; // messages kept in sessionStorage for a reload
  var SCALES = [0.9, 1, 1.2, 1.4, 1.7, 2]; // text size steps; 0.9 of the 20px base is the 18px minimum
  var DEFAULT_SCALE = 1;
  var DEFAULT_SETTINGS = {
    display_name: 'Self-directed Support: easy-read help',
    greeting: 'Hello. I can tell you about Self-directed Support. Type a question or pick one below.',
    colours: null,
  };

  // Every word people see, in easy read.
  var S = {
    launcher: 'Ask a question',
    close: 'Close',
    closeLabel: 'Close the chat',
    tools: 'Tools',
    toolsLabel: 'Tools: text size, colours, read aloud, start again, save',
    bigger: 'Bigger text',
    smaller: 'Smaller text',
    contrast: 'High contrast',
    readAloud: 'Read aloud',
    stopReading: 'Stop reading',
    startAgain: 'Start again',
    save: 'Save the chat',
    print: 'Print the chat',
    log: 'Conversation',
    inputLabel: 'Type your question',
    send: 'Send',
    you: 'You said: ',
    bot: 'The assistant said: ',
    choices: 'Choose an answer',
    youChose: 'You can choose: ',
    writing: 'The assistant is writing an answer.',
    noticeTitle: 'Before you start',
    notice: [
      'Please do not type your name, your address or details about your health.',
      'We keep the chat for 30 days. Then we delete it.',
    ],
    newChat: 'You started a new chat.',
    biggerDone: 'The text is bigger.',
    smallerDone: 'The text is smaller.',
    biggest: 'The text is as big as it can be.',
    smallest: 'The text is as small as it can be.',
    saved: 'The chat is saved as a file.',
    empty: 'Please type a message first.',
    wait: 'Please wait. The assistant is still writing an answer.',
    tooLong: function (n) {
      return 'Your message is too long. Please use ' + MAX_CHARS + ' characters or fewer. ' +
        'Your message has ' + n + ' characters. It is still in the box.';
    },
    offline: 'Sorry, the chat cannot connect right now. Please wait a minute. ' +
      'Then press Send again. Your message is still in the box.',
    busyServer: function (seconds) {
      var wait = seconds >= 120 ? Math.ceil(seconds / 60) + ' minutes' :
        seconds === 1 ? '1 second' : seconds + ' seconds';
      return 'You sent a lot of messages quickly. Please wait ' + wait + '. ' +
        'Then press Send again. Your message is still in the box.';
    },
    notAllowed: 'Sorry, the chat does not work on this website yet. ' +
      'Please tell the people who run this website.',
    broken: 'Sorry, something went wrong. Please press Send again. Your message is still in the box.',
    fileTitle: 'Chat about Self-directed Support',
    fileYou: 'You: ',
    fileBot: 'Assistant: ',
  };

  // ---- small helpers -------------------------------------------------------------------------

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function storage(kind) {
    try { return window[kind]; } catch (e) { return null; } // blocked in some privacy modes
  }

  function load(kind, key, fallback) {
    var store = storage(kind);
    try { var raw = store && store.getItem(key); return raw ? JSON.parse(raw) : fallback; } catch (e) { return fallback; }
  }

  function save(kind, key, value) {
    var store = storage(kind);
    try { if (store) { value === null ? store.removeItem(key) : store.setItem(key, JSON.stringify(value)); } } catch (e) { /* full or blocked */ }
  }

  function newConversationId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return 'w-' + Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function httpUrl(value, base) {
    try {
      var url = new URL(value, base);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) { return null; }
  }

  // WCAG relative luminance and contrast, to use an organisation's colours only where they can be read.
  function luminance(hex) {
    return [1, 3, 5].map(function (i) {
      var c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }).reduce(function (sum, c, i) { return sum + c * [0.2126, 0.7152, 0.0722][i]; }, 0);
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function isColour(value) { return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value); }

  function retrySeconds(header) {
    if (!header) return 60;
    var seconds = Number(header);
    if (!isNaN(seconds)) return Math.max(1, Math.ceil(seconds));
    var date = Date.parse(header);
    return isNaN(date) ? 60 : Math.max(1, Math.ceil((date - Date.now()) / 1000));
  }

  // ---- simple Markdown, built as DOM nodes --------------------------------------------------------
  // Paragraphs (blank lines), one sentence a line (line breaks), "- " bullets, **bold**,
  // [words](https://...) and bare https:// addresses. Anything else stays plain text.

  var INLINE = /\*\*([^*\n]+)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"])/g;

  function appendInline(text, parent) {
    var last = 0;
    text.replace(INLINE, function (match, bold, label, href, bare, offset) {
      if (offset > last) parent.appendChild(document.createTextNode(text.slice(last, offset)));
      last = offset + match.length;
      if (bold) { parent.appendChild(h('strong', { text: bold })); return match; }
      var url = httpUrl(href || bare);
      if (url && /^https?:/i.test(href || bare)) {
        parent.appendChild(h('a', { href: url, rel: 'noopener noreferrer', text: label || bare }));
      } else {
        parent.appendChild(document.createTextNode(match));
      }
      return match;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function renderMarkdown(text, parent) {
    String(text).replace(/\r\n?/g, '\n').split(/\n\s*\n/).forEach(function (block) {
      var list = null, para = null;
      block.split('\n').forEach(function (line) {
        var bullet = /^\s*[-*\u2022]\s+(.*)$/.exec(line);
        if (bullet) {
          if (!list) { list = parent.appendChild(h('ul')); para = null; }
          appendInline(bullet[1], list.appendChild(h('li')));
        } else if (line.trim()) {
          list = null;
          if (para) para.appendChild(h('br'));
          else para = parent.appendChild(h('p'));
          appendInline(line.trim(), para);
        }
      });
    });
  }

  function plainText(text) {
    return String(text)
      .replace(/\*\*([^*\n]+)\*\*/g, '$1')
      .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, '$1')
      .replace(/^\s*[-*\u2022]\s+/gm, '');
  }

  function icon(path) {
    var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'icon');
    var p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    p.setAttribute('d', path);
    svg.appendChild(p);
    return svg;
  }

  var ICON_CHAT = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z';

  // ---- the element -------------------------------------------------------------------------------

  class SdsChat extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) { this.watchViewport(); return; } // moved in the page: already built
      this.org = (this.getAttribute('org') || DEFAULT_ORG).trim();
      this.api = (this.getAttribute('api') || SCRIPT_ORIGIN).replace(/\/+$/, '');
      this.inline = this.getAttribute('mode') === 'inline';
      this.key = 'sds-chat:' + this.org + ':';
      this.settings = DEFAULT_SETTINGS;
      this.busy = false;
      this.reading = false;
      var prefs = load('localStorage', 'sds-chat:prefs', {});
      this.scale = SCALES.indexOf(prefs.scale) >= 0 ? prefs.scale : DEFAULT_SCALE;
      this.highContrast = prefs.contrast === true;
      this.conversationId = load('sessionStorage', this.key + 'id', null);
      this.messages = load('sessionStorage', this.key + 'messages', []);
      if (!this.conversationId || !/^[A-Za-z0-9_.:-]{1,128}$/.test(this.conversationId)) this.reset();
      this.build();
      this.ready = this.loadSettings();
      if (this.inline || load('sessionStorage', this.key + 'open', false)) this.open({ focus: false });
    }

    disconnectedCallback() {
      if (this.viewportHandler && window.visualViewport) {
        window.visualViewport.removeEventListener('resize', this.viewportHandler);
        window.visualViewport.removeEventListener('scroll', this.viewportHandler);
      }
      this.stopReading();
    }

    reset() {
      this.generation = (this.generation || 0) + 1;
      this.conversationId = newConversationId();
      this.messages = [];
      save('sessionStorage', this.key + 'id', this.conversationId);
      save('sessionStorage', this.key + 'messages', []);
    }

    build() {
      var self = this;
      var shadow = this.attachShadow({ mode: 'open' });
      var css = h('link', { rel: 'stylesheet', href: this.api + '/widget/widget.css?v=' + VERSION });
      this.root = h('div', { class: 'root' + (this.inline ? ' inline' : ' floating'), lang: 'en-GB', hidden: true });
      // Shown once the styles are in (or failed), so the chat never flashes unstyled.
      css.addEventListener('load', function () { self.root.hidden = false; });
      css.addEventListener('error', function () { self.root.hidden = false; });
      shadow.appendChild(css);
      shadow.appendChild(this.root);

      this.launcher = h('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'panel' },
        [icon(ICON_CHAT), h('span', { text: S.launcher })]);
      this.titleEl = h('h2', { id: 'title', class: 'title', text: this.settings.display_name });
      this.stopButton = h('button', { type: 'button', class: 'stop', hidden: true, text: S.stopReading });
      this.toolsButton = h('button', { type: 'button', class: 'tools-button', 'aria-expanded': 'false', 'aria-controls': 'tools', 'aria-label': S.toolsLabel, text: S.tools });
      this.closeButton = this.inline ? null : h('button', { type: 'button', class: 'close', 'aria-label': S.closeLabel, text: S.close });
      var header = h('div', { class: 'header' }, [this.titleEl, h('div', { class: 'header-buttons' }, [this.stopButton, this.toolsButton, this.closeButton])]);

      this.biggerButton = h('button', { type: 'button', text: S.bigger });
      this.smallerButton = h('button', { type: 'button', text: S.smaller });
      this.contrastButton = h('button', { type: 'button', 'aria-pressed': 'false', text: S.contrast });
      this.readButton = h('button', { type: 'button', 'aria-pressed': 'false', text: S.readAloud });
      this.restartButton = h('button', { type: 'button', text: S.startAgain });
      this.saveButton = h('button', { type: 'button', text: S.save });
      this.printButton = h('button', { type: 'button', text: S.print });
      if (!this.canSpeak()) this.readButton.hidden = true;
      this.tools = h('div', { id: 'tools', class: 'tools', role: 'group', 'aria-label': S.tools, hidden: true },
        [this.biggerButton, this.smallerButton, this.contrastButton, this.readButton, this.restartButton, this.saveButton, this.printButton]);

      var notice = h('div', { class: 'notice', role: 'note' }, [h('p', {}, [h('strong', { text: S.noticeTitle })])]
        .concat(S.notice.map(function (line) { return h('p', { text: line }); })));
      this.log = h('div', { class: 'log', role: 'log', 'aria-live': 'off', 'aria-label': S.log, tabindex: '0' }, [notice]);
      this.typing = h('div', { class: 'typing', hidden: true, 'aria-hidden': 'true' }, [h('span'), h('span'), h('span')]);
      this.error = h('div', { class: 'error', role: 'alert' });
      this.log.appendChild(this.typing);
      this.log.appendChild(this.error);
      this.live = h('div', { class: 'sr-only', 'aria-live': 'polite', 'data-live': '' });

      this.input = h('textarea', { id: 'input', rows: '2', autocomplete: 'off', 'aria-describedby': 'input-hint' });
      this.sendButton = h('button', { type: 'submit', class: 'send', text: S.send });
      this.form = h('form', { class: 'composer' }, [
        h('label', { for: 'input', class: 'input-label', text: S.inputLabel }),
        h('p', { id: 'input-hint', class: 'sr-only', text: 'Press Enter to send. Press Shift and Enter for a new line.' }),
        h('div', { class: 'composer-row' }, [this.input, this.sendButton]),
      ]);

      this.panel = h('section', this.inline
        ? { id: 'panel', class: 'panel', role: 'region', 'aria-labelledby': 'title' }
        : { id: 'panel', class: 'panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'title', hidden: true },
        [header, this.tools, this.log, this.live, this.form]);
      if (!this.inline) this.root.appendChild(this.launcher);
      this.root.appendChild(this.panel);

      this.launcher.addEventListener('click', function () { self.open({ focus: true }); });
      if (this.closeButton) this.closeButton.addEventListener('click', function () { self.close(); });
      this.toolsButton.addEventListener('click', function () { self.toggleTools(); });
      this.stopButton.addEventListener('click', function () { self.setReading(false); self.toolsButton.focus(); });
      this.biggerButton.addEventListener('click', function () { self.resize(1); });
      this.smallerButton.addEventListener('click', function () { self.resize(-1); });
      this.contrastButton.addEventListener('click', function () { self.setContrast(!self.highContrast); });
      this.readButton.addEventListener('click', function () { self.setReading(!self.reading); });
      this.restartButton.addEventListener('click', function () { self.startAgain(); });
      this.saveButton.addEventListener('click', function () { self.download(); });
      this.printButton.addEventListener('click', function () { self.print(); });
      this.form.addEventListener('submit', function (event) { event.preventDefault(); self.sendFromBox(); });
      this.input.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); self.sendFromBox(); }
      });
      this.panel.addEventListener('keydown', function (event) {
        if (event.key !== 'Escape') return;
        if (!self.tools.hidden) { self.toggleTools(false); self.toolsButton.focus(); } else if (!self.inline) self.close();
      });
      this.applyPrefs();
      this.watchViewport();
      this.messages.forEach(function (m) { self.render(m); });
    }

    // The input stays above a phone's on-screen keyboard: the panel follows the visual viewport.
    watchViewport() {
      var vv = window.visualViewport, root = this.root;
      if (!vv) return;
      this.viewportHandler = function () {
        root.style.setProperty('--sds-vvh', Math.round(vv.height) + 'px');
        root.style.setProperty('--sds-vvtop', Math.round(vv.offsetTop) + 'px');
      };
      vv.addEventListener('resize', this.viewportHandler);
      vv.addEventListener('scroll', this.viewportHandler);
      this.viewportHandler();
    }

    loadSettings() {
      var self = this;
      return fetch(this.api + '/v1/sites/' + encodeURIComponent(this.org), { credentials: 'omit' })
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; })
        .then(function (site) {
          if (site && typeof site === 'object') self.applySettings(site);
          return self.settings;
        });
    }

    applySettings(site) {
      var name = typeof site.display_name === 'string' && site.display_name.trim() ? site.display_name.trim() : DEFAULT_SETTINGS.display_name;
      var greeting = typeof site.greeting === 'string' && site.greeting.trim() ? site.greeting : DEFAULT_SETTINGS.greeting;
      this.settings = { display_name: name, greeting: greeting, colours: site.colours || null };
      this.titleEl.textContent = name;
      var colours = site.colours || {};
      if (isColour(colours.brand) && isColour(colours.brand_text) && contrast(colours.brand, colours.brand_text) >= 4.5) {
        this.root.style.setProperty('--sds-brand', colours.brand);
        this.root.style.setProperty('--sds-brand-text', colours.brand_text);
        // Brand-coloured words on white only where they are easy to read; dark ink otherwise.
        if (contrast(colours.brand, '#ffffff') >= 4.5) this.root.style.setProperty('--sds-brand-ink', colours.brand);
      }
    }

    // ---- open, close, tools ----

    open(options) {
      var self = this;
      this.panel.hidden = false;
      this.launcher.hidden = true;
      this.launcher.setAttribute('aria-expanded', 'true');
      if (!this.inline) save('sessionStorage', this.key + 'open', true);
      if (options.focus) this.input.focus();
      this.scrollToEnd();
      if (!this.messages.length && !this.greeting) this.greeting = this.ready.then(function () { return self.greet(); });
    }

    close() {
      this.panel.hidden = true;
      this.launcher.hidden = false;
      this.launcher.setAttribute('aria-expanded', 'false');
      save('sessionStorage', this.key + 'open', false);
      this.toggleTools(false);
      this.launcher.focus();
    }

    toggleTools(show) {
      var open = show === undefined ? this.tools.hidden : show;
      this.tools.hidden = !open;
      this.toolsButton.setAttribute('aria-expanded', String(open));
    }

    applyPrefs() {
      this.root.style.setProperty('--sds-scale', String(this.scale));
      this.root.classList.toggle('hc', this.highContrast);
      this.contrastButton.setAttribute('aria-pressed', String(this.highContrast));
      save('localStorage', 'sds-chat:prefs', { scale: this.scale, contrast: this.highContrast });
    }

    resize(step) {
      var i = SCALES.indexOf(this.scale) + step;
      if (i < 0 || i >= SCALES.length) { this.announce(step > 0 ? S.biggest : S.smallest, true); return; }
      this.scale = SCALES[i];
      this.applyPrefs();
      this.announce(step > 0 ? S.biggerDone : S.smallerDone, true);
    }

    setContrast(on) {
      this.highContrast = on;
      this.applyPrefs();
    }

    // ---- read aloud ----

    canSpeak() { return 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function'; }

    setReading(on) {
      this.reading = on && this.canSpeak();
      this.readButton.setAttribute('aria-pressed', String(this.reading));
      this.stopButton.hidden = !this.reading;
      if (this.reading) this.speak(this.lastReply());
      else this.stopReading();
    }

    stopReading() {
      if (this.canSpeak()) window.speechSynthesis.cancel();
    }

    speak(messages) {
      if (!this.reading || !messages.length) return;
      var words = messages.map(function (m) {
        var text = plainText(m.text);
        var titles = (m.buttons || []).map(function (b) { return b.title; });
        return titles.length ? text + '\n' + S.youChose + titles.join(', ') + '.' : text;
      }).join('\n');
      window.speechSynthesis.cancel();
      var utterance = new window.SpeechSynthesisUtterance(words);
      utterance.lang = 'en-GB';
      utterance.rate = 0.9;
      window.speechSynthesis.speak(utterance);
    }

    lastReply() {
      var reply = [];
      for (var i = this.messages.length - 1; i >= 0 && this.messages[i].who === 'bot'; i--) reply.unshift(this.messages[i]);
      return reply;
    }

    // ---- messages ----

    keep(message) {
      this.messages.push(message);
      if (this.messages.length > MAX_KEPT) this.messages = this.messages.slice(-MAX_KEPT);
      save('sessionStorage', this.key + 'messages', this.messages);
    }

    render(message) {
      var self = this;
      var bot = message.who === 'bot';
      var row = h('div', { class: 'msg ' + (bot ? 'bot' : 'user') });
      var src = bot && message.image && httpUrl(message.image.src, this.api + '/');
      if (src) {
        var img = h('img', { class: 'pic', src: src, alt: message.image.alt || '', width: '64', height: '64' });
        img.addEventListener('error', function () { img.remove(); row.classList.remove('has-pic'); });
        row.appendChild(img);
        row.classList.add('has-pic');
      }
      var bubble = h('div', { class: 'bubble' }, [h('span', { class: 'sr-only', text: bot ? S.bot : S.you })]);
      if (bot) renderMarkdown(message.text, bubble);
      else bubble.appendChild(h('p', { text: message.text }));
      row.appendChild(bubble);
      if (bot && message.buttons && message.buttons.length) {
        var group = h('div', { class: 'choices', role: 'group', 'aria-label': S.choices });
        message.buttons.forEach(function (b) {
          var button = h('button', { type: 'button', class: 'choice', text: b.title });
          button.addEventListener('click', function () { self.send(b.payload, b.title, false); });
          group.appendChild(button);
        });
        row.appendChild(group);
      }
      this.log.insertBefore(row, this.typing);
      return row;
    }

    announce(text, replace) {
      if (replace) this.live.textContent = '';
      if (text) this.live.appendChild(h('p', { text: text }));
    }

    showError(text) {
      this.error.textContent = '';
      this.error.appendChild(h('p', { text: text }));
      this.scrollToEnd();
    }

    clearError() { this.error.textContent = ''; }

    scrollToEnd() { this.log.scrollTop = this.log.scrollHeight; }

    // The first new answer starts at the top of the view, so reading starts at its beginning.
    scrollToRow(row) {
      var top = row.offsetTop - this.log.offsetTop - 8;
      this.log.scrollTop = Math.max(0, Math.min(top, this.log.scrollHeight));
    }

    setBusy(on, quiet) {
      this.busy = on;
      this.typing.hidden = !on;
      this.log.setAttribute('aria-busy', String(on));
      if (on && !quiet) this.announce(S.writing, true);
      if (on) this.scrollToEnd();
    }

    // The greeting is the organisation's; its buttons come from the assistant's own greeting.
    greet() {
      var self = this;
      var greeting = { who: 'bot', text: this.settings.greeting, topic: 'greeting' };
      var generation = this.generation;
      this.setBusy(true, true); // quiet: the greeting itself is announced
      return this.post('/greet').then(function (result) {
        self.setBusy(false);
        if (self.messages.length || generation !== self.generation) return; // already started
        var first = result.ok && result.messages[0];
        if (first && first.buttons) greeting.buttons = first.buttons;
        self.keep(greeting);
        self.render(greeting);
        self.announce(greeting.text, true);
        self.speak([greeting]);
      });
    }

    sendFromBox() {
      var text = this.input.value;
      if (!text.trim()) { this.showError(S.empty); this.input.focus(); return; }
      this.send(text, text, true);
    }

    // Send one message. What the person typed stays in the box until the assistant has answered.
    send(text, shown, fromBox) {
      var self = this;
      text = String(text).trim();
      if (this.busy) { this.showError(S.wait); return Promise.resolve(false); }
      if (text.length > MAX_CHARS) { this.showError(S.tooLong(text.length)); return Promise.resolve(false); }
      this.clearError();
      var sent = { who: 'user', text: String(shown).trim() };
      var row = this.render(sent);
      this.setBusy(true);
      var generation = this.generation;
      return this.post(text).then(function (result) {
        self.setBusy(false);
        if (generation !== self.generation) return false; // the person started again meanwhile
        if (!result.ok) {
          row.remove();
          self.announce('', true);
          self.showError(result.error);
          return false;
        }
        self.keep(sent);
        self.live.textContent = '';
        if (fromBox && self.input.value.trim() === text) self.input.value = '';
        var first = null;
        result.messages.forEach(function (m) {
          var message = { who: 'bot', text: m.text, buttons: m.buttons, image: m.image, topic: m.topic };
          self.keep(message);
          var shownRow = self.render(message);
          first = first || shownRow;
          self.announce(plainText(m.text), false);
        });
        if (first) self.scrollToRow(first);
        self.speak(self.lastReply());
        return true;
      });
    }

    // POST /v1/chat; resolves to {ok, messages} or {ok: false, error: plain words}.
    post(text) {
      var body = { conversation_id: this.conversationId, text: text, org: this.org };
      return fetch(this.api + '/v1/chat', {
        method: 'POST',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }).then(function (response) {
        return response.json().catch(function () { return null; }).then(function (data) {
          if (response.ok && data && Array.isArray(data.messages)) {
            return { ok: true, messages: data.messages.filter(function (m) { return m && typeof m.text === 'string'; }) };
          }
          var error = data && data.error ? data.error : {};
          if (response.status === 429) return { ok: false, error: S.busyServer(retrySeconds(response.headers.get('Retry-After'))) };
          if (response.status === 403 && error.code === 'origin-not-allowed') return { ok: false, error: S.notAllowed };
          if (error.code === 'message-too-long') return { ok: false, error: S.tooLong(text.length) };
          if (typeof error.message === 'string' && response.status !== 403) return { ok: false, error: error.message };
          return { ok: false, error: response.status === 403 ? S.notAllowed : S.broken };
        });
      }, function () {
        return { ok: false, error: S.offline };
      });
    }

    startAgain() {
      this.stopReading();
      this.reset();
      var rows = this.log.querySelectorAll('.msg');
      Array.prototype.forEach.call(rows, function (row) { row.remove(); });
      this.clearError();
      this.toggleTools(false);
      this.announce(S.newChat, true);
      this.greeting = this.greet();
      this.input.focus();
    }

    // ---- save and print ----

    transcript() {
      var lines = [this.settings.display_name, S.fileTitle + ', ' + new Date().toLocaleString('en-GB'), ''];
      this.messages.forEach(function (m) {
        lines.push((m.who === 'bot' ? S.fileBot : S.fileYou) + plainText(m.text).replace(/\n+/g, '\n  '));
        lines.push('');
      });
      return lines.join('\n');
    }

    download() {
      var blob = new Blob([this.transcript()], { type: 'text/plain;charset=utf-8' });
      var link = h('a', { href: URL.createObjectURL(blob), download: 'chat-' + new Date().toISOString().slice(0, 10) + '.txt' });
      this.root.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
      this.announce(S.saved, true);
    }

    // Prints only the conversation, from a hidden frame (a page's own print would print the host page).
    print() {
      var frame = h('iframe', { class: 'print-frame', title: S.print, tabindex: '-1', 'aria-hidden': 'true' });
      this.root.appendChild(frame);
      var doc = frame.contentDocument;
      var body = doc.body || doc.appendChild(doc.createElement('body'));
      body.style.setProperty('font-family', 'Arial, Helvetica, sans-serif');
      body.style.setProperty('font-size', '18px');
      body.style.setProperty('line-height', '1.5');
      var heading = doc.createElement('h1');
      heading.textContent = this.settings.display_name;
      body.appendChild(heading);
      this.transcript().split('\n').slice(1).forEach(function (line) {
        var p = doc.createElement('p');
        p.textContent = line;
        body.appendChild(p);
      });
      frame.contentWindow.focus();
      frame.contentWindow.print();
      setTimeout(function () { frame.remove(); }, 1000);
    }
  }

  window.customElements.define('sds-chat', SdsChat);

  // Loaded by the one-line snippet: add the launcher and the chat to the end of the page.
  if (SCRIPT && SCRIPT.hasAttribute('data-org')) {
    var org = SCRIPT.getAttribute('data-org') || DEFAULT_ORG;
    var mount = function () {
      var chat = document.createElement('sds-chat');
      chat.setAttribute('org', org);
      chat.setAttribute('api', SCRIPT_ORIGIN);
      document.body.appendChild(chat);
    };
    if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
  }
})();

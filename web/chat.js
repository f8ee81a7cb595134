'use strict';
// The web chat at /chat/: what the resident types or presses goes to POST /chat/api/messages, a photo to
// POST /chat/api/photos, and the conversation comes from GET /chat/api/events (Server-Sent Events, polling
// when no stream can be had).
// Whatever the bot or the resident wrote goes into the page as text, never as HTML. The words of the
// page come from the server, in data-* attributes of <main id="chat">.

(function () {
  const main = document.getElementById('chat');
  if (!main) return;
  const lang = main.dataset.lang === 'en' ? 'en' : 'nl';
  const log = document.getElementById('log');
  const conversation = document.getElementById('conversation');
  const form = document.getElementById('send');
  const input = document.getElementById('text');
  const photoForm = document.getElementById('photo-form');
  const photoInput = document.getElementById('photo');
  const startLine = document.getElementById('start-line');
  const startButton = document.getElementById('start');
  const statusLine = document.getElementById('status');
  const resumeBox = document.getElementById('resume');
  const resumeMake = document.getElementById('resume-make');
  const resumeShown = document.getElementById('resume-shown');
  const resumeForm = document.getElementById('resume-form');
  const resumeCode = document.getElementById('resume-code');
  // Shown only while the e-mail channel is on: a mail address for answers, a mail with a resume link.
  const answersBox = document.getElementById('answers-mail');
  const mailForms = [
    [document.getElementById('answers-mail-form'), 'answers'],
    [document.getElementById('resume-mail'), 'resume'],
  ].filter(([mailForm]) => mailForm);

  const POLL_MS = 3000;
  const RETRIES = 3;

  let last = 0; // the highest event number shown
  let source = null;
  let pollTimer = null;
  let hasSession = false;
  let focusReplies = false; // after a button press the replies take the focus the button had

  // A text of the page: "chat_too_fast" is data-chat-too-fast; {name} is filled from vars.
  function say(key, vars) {
    const name = key.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
    return (main.dataset[name] || key).replace(/\{(\w+)\}/g, (all, v) => (vars && v in vars ? String(vars[v]) : all));
  }

  function setStatus(text) {
    statusLine.textContent = text || '';
  }

  function newId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  // Text with its web addresses as links; everything stays a text node.
  function withLinks(element, text) {
    const parts = String(text).split(/(https?:\/\/[^\s<>"]+)/);
    parts.forEach((part, i) => {
      if (i % 2 === 1) {
        const link = document.createElement('a');
        link.className = 'utrecht-link utrecht-link--html-a';
        link.href = part;
        link.textContent = part;
        link.rel = 'noopener noreferrer';
        element.append(link);
      } else if (part) {
        element.append(document.createTextNode(part));
      }
    });
  }

  // Only the newest question's buttons can be pressed: older ones go when something new comes.
  function removeChoices() {
    log.querySelectorAll('.choices').forEach((group) => group.remove());
  }

  function show(id, event) {
    if (!(id > last)) return;
    last = id;
    removeChoices();
    const item = document.createElement('li');
    const fromBot = event.from === 'bot';
    item.className = fromBot ? 'bot' : 'resident';
    item.id = 'message-' + id;
    item.tabIndex = -1;
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = say(fromBot ? 'chat_bot' : 'chat_you') + ': ';
    const text = document.createElement('p');
    text.className = 'text';
    withLinks(text, event.text || '');
    item.append(who, text);
    let firstButton = null;
    if (fromBot && Array.isArray(event.choices) && event.choices.length > 0) {
      const group = document.createElement('div');
      group.className = 'choices';
      for (const choice of event.choices) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'utrecht-button utrecht-button--secondary-action';
        button.textContent = choice.label;
        button.addEventListener('click', () => choose(choice, group));
        group.append(button);
        firstButton = firstButton || button;
      }
      item.append(group);
    }
    log.append(item);
    startLine.hidden = true;
    if (fromBot && focusReplies) (firstButton || item).focus();
    else conversation.scrollTop = conversation.scrollHeight;
  }

  function showAll(events) {
    for (const entry of events) show(entry.id, entry.event);
  }

  async function post(path, body) {
    return fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Buurtbot-Chat': '1' },
      body: JSON.stringify(body),
    });
  }

  // Posts until it arrives; `attempt` sends the same id every time, so the server stores it once. A status
  // in `refusals` is answered with that text and not tried again. True when it arrived.
  async function deliver(attemptPost, refusals) {
    setStatus(say('chat_sending'));
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      let response;
      try {
        response = await attemptPost();
      } catch (e) {
        await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
        continue;
      }
      if (response.ok) {
        setStatus('');
        if (!hasSession) {
          hasSession = true;
          resumeBox.hidden = false;
          if (answersBox) answersBox.hidden = false;
          connect();
        }
        return true;
      }
      if (response.status === 429) {
        setStatus(say('chat_too_fast', { seconds: response.headers.get('Retry-After') || '10' }));
        return false;
      }
      if (refusals && refusals[response.status]) {
        setStatus(say(refusals[response.status]));
        return false;
      }
      if (response.status !== 503) break;
      await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
    }
    setStatus(say('chat_failed'));
    return false;
  }

  function send(message) {
    const body = Object.assign({ id: newId(), lang }, message);
    return deliver(() => post('/chat/api/messages', body));
  }

  // A photo goes as it is; the server tells a picture from its bytes, not from what the browser says.
  function sendPhoto(file) {
    const name = String(file.name || '').slice(0, 40);
    const query = new URLSearchParams({ id: newId(), lang, name, label: say('chat_photo_shown', { name }) });
    return deliver(() => fetch('/chat/api/photos?' + query, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/octet-stream', 'X-Buurtbot-Chat': '1' },
      body: file,
    }), { 413: 'chat_photo_too_large', 415: 'chat_photo_wrong_type' });
  }

  async function choose(choice, group) {
    group.querySelectorAll('button').forEach((button) => { button.disabled = true; });
    focusReplies = true;
    if (!(await send({ choice: choice.key, label: choice.label }))) {
      group.querySelectorAll('button').forEach((button) => { button.disabled = false; });
      const first = group.querySelector('button');
      if (first) first.focus();
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    focusReplies = false;
    input.value = '';
    if (!(await send({ text })) && !input.value) input.value = text;
    input.focus();
  });

  photoForm.addEventListener('submit', (e) => e.preventDefault());
  photoInput.addEventListener('change', async () => {
    const file = photoInput.files && photoInput.files[0];
    if (!file) return;
    focusReplies = false;
    await sendPhoto(file);
    photoInput.value = '';
    photoInput.focus();
  });

  startButton.addEventListener('click', async () => {
    focusReplies = true;
    startButton.disabled = true; // pressed twice, it would start twice
    if (!(await send({ text: '/start', label: say('chat_start') }))) startButton.disabled = false;
  });

  // --- replies: a stream while it lasts, else polling -------------------------------------------

  function stopListening() {
    if (source) source.close();
    source = null;
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
  }

  function connect() {
    stopListening();
    if (!window.EventSource) return poll();
    source = new EventSource('/chat/api/events?after=' + last);
    source.onmessage = (e) => {
      setStatus('');
      try {
        show(Number(e.lastEventId), JSON.parse(e.data));
      } catch (error) {
        // an event this page cannot read: skip it
      }
    };
    source.onerror = () => {
      if (source && source.readyState === EventSource.CLOSED) {
        source = null;
        poll();
      }
    };
  }

  async function poll() {
    pollTimer = null;
    try {
      const response = await fetch('/chat/api/events?poll=1&after=' + last, { credentials: 'same-origin' });
      if (response.status === 401) return ended();
      if (response.ok) {
        showAll((await response.json()).events || []);
        setStatus('');
      }
    } catch (e) {
      setStatus(say('chat_offline'));
    }
    if (hasSession) pollTimer = setTimeout(poll, POLL_MS);
  }

  // No conversation (yet, or any more: a session that expired is deleted with what it showed): the page
  // offers to start one, numbered from the start again.
  function ended() {
    stopListening();
    hasSession = false;
    log.replaceChildren();
    last = 0;
    resumeBox.hidden = false;
    if (answersBox) answersBox.hidden = true;
    startLine.hidden = false;
    startButton.disabled = false;
  }

  async function load() {
    stopListening();
    log.replaceChildren();
    last = 0;
    form.hidden = false;
    photoForm.hidden = false;
    try {
      const response = await fetch('/chat/api/events?poll=1&after=0', { credentials: 'same-origin' });
      if (response.status === 401) return ended();
      if (!response.ok) throw new Error('status ' + response.status);
      showAll((await response.json()).events || []);
      hasSession = true;
      resumeBox.hidden = false;
      if (answersBox) answersBox.hidden = false;
      if (!log.children.length) startLine.hidden = false;
      connect();
    } catch (e) {
      setStatus(say('chat_offline'));
      setTimeout(load, POLL_MS);
    }
  }

  // --- going on on another device -----------------------------------------------------------------

  resumeMake.addEventListener('click', async () => {
    resumeShown.textContent = '';
    try {
      const response = await post('/chat/api/resume-code', {});
      if (response.status === 401) {
        resumeShown.textContent = say('chat_resume_first');
        return;
      }
      if (!response.ok) throw new Error('status ' + response.status);
      const answer = await response.json();
      resumeShown.textContent = say('chat_resume_shown', { code: answer.code, minutes: answer.minutes });
    } catch (e) {
      resumeShown.textContent = say('chat_failed');
    }
  });

  resumeForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const code = resumeCode.value.trim();
    if (!code) return;
    resumeShown.textContent = '';
    try {
      const response = await post('/chat/api/resume', { code });
      if (!response.ok) {
        resumeShown.textContent = say(response.status === 429 ? 'chat_failed' : 'chat_resume_wrong');
        return;
      }
      resumeCode.value = '';
      resumeBox.open = false;
      await load();
      input.focus();
    } catch (err) {
      resumeShown.textContent = say('chat_failed');
    }
  });

  // --- a mail address ------------------------------------------------------------------------------

  // What the bot does with it comes as a reply in the conversation; the form only says whether it arrived.
  mailForms.forEach(([mailForm, purpose]) => {
    const field = mailForm.querySelector('input');
    const said = mailForm.querySelector('[role=status]');
    mailForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      said.textContent = '';
      try {
        const response = await post('/chat/api/mail', { id: newId(), address: field.value.trim(), for: purpose });
        if (response.status === 400) return (said.textContent = say('chat_mail_wrong'));
        if (response.status === 401) return (said.textContent = say('chat_resume_first'));
        if (!response.ok) throw new Error('status ' + response.status);
        said.textContent = say('chat_mail_sent');
        field.value = '';
      } catch (err) {
        said.textContent = say('chat_failed');
      }
    });
  });

  // The link of a resume mail (/chat/#code=K7P2-QX9M): the browser never sent what follows '#'. The code
  // leaves the address bar at once and is used as if typed.
  const mailed = /^#code=([A-Za-z0-9-]{8,9})$/.exec(window.location.hash);
  if (mailed) {
    history.replaceState(null, '', window.location.pathname + window.location.search);
    resumeCode.value = mailed[1];
    resumeBox.hidden = false;
    resumeBox.open = true;
    resumeForm.requestSubmit();
  }

  // A link from a plan's page (/chat/?command=steun+BI-2026-0042) puts the command in the message field;
  // only the resident sends it.
  const command = new URLSearchParams(window.location.search).get('command');
  if (command && /^[A-Za-z0-9 _-]{1,64}$/.test(command)) input.value = '/' + command;

  load();
})();

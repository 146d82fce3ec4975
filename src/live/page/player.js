// recall live: the player's page. Speaks the protocol in docs/live.md over one WebSocket,
// rejoins with its token after a dropped connection (the token is kept in this browser, so a
// reload keeps the score), and shows every text from the game with textContent only.
'use strict';

(function () {
  const VERSION = 1;
  const $ = (id) => document.getElementById(id);
  const screens = ['join', 'lobby', 'waiting', 'question', 'answered', 'reveal', 'over', 'ended'];

  let socket = null;
  let pin = '';
  let name = '';
  let token = null;
  let joined = false;
  let finished = false;
  let retries = 0;
  let question = null;
  let deadline = 0;
  let paused = false;
  let ticker = null;

  function show(screen) {
    for (const id of screens) {
      $('screen-' + id).hidden = id !== screen;
    }
  }

  function announce(text) {
    $('announce').textContent = text;
  }

  function status(text) {
    $('status').textContent = text;
    $('status').hidden = !text;
  }

  function storageKey() {
    return 'recall-live:' + location.host + ':' + pin;
  }

  function remember() {
    try {
      localStorage.setItem(storageKey(), JSON.stringify({ token: token, name: name }));
    } catch (e) { /* private browsing: rejoining after a reload will not keep the score */ }
  }

  function recall() {
    try {
      return JSON.parse(localStorage.getItem(storageKey()) || 'null');
    } catch (e) {
      return null;
    }
  }

  function forget() {
    try { localStorage.removeItem(storageKey()); } catch (e) { /* nothing kept */ }
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const ws = new WebSocket(scheme + location.host + '/ws');
    socket = ws;
    ws.onopen = function () {
      send({ type: 'join', v: VERSION, pin: pin, name: name, token: token || undefined });
    };
    ws.onmessage = function (event) {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      handle(message);
    };
    ws.onclose = function () {
      if (socket !== ws) {
        return;
      }
      socket = null;
      if (finished) {
        return;
      }
      if (!joined) {
        $('join-button').disabled = false;
        $('join-error').textContent = 'Could not reach the game. Check the address and try again.';
        show('join');
        return;
      }
      retries = Math.min(retries + 1, 6);
      status('Connection lost — reconnecting…');
      setTimeout(connect, 400 * retries);
    };
  }

  function handle(m) {
    switch (m.type) {
      case 'welcome':
        joined = true;
        retries = 0;
        token = m.token;
        name = m.name;
        remember();
        status('');
        $('who').textContent = m.name + ' · ' + m.game.title;
        if (location.hash !== '#pin=' + pin) {
          history.replaceState(null, '', '#pin=' + pin);
        }
        break;
      case 'refused':
        if (m.reason === 'kicked') {
          forget();
        }
        if (!joined) {
          socket = null;
          if (token && m.reason !== 'pin' && m.reason !== 'too_many_tries') {
            // A stale token from an earlier game with this PIN: join afresh.
            token = null;
            forget();
            if (m.reason !== 'kicked') {
              connect();
              break;
            }
          }
          $('join-button').disabled = false;
          $('join-error').textContent = m.message;
          show('join');
          $(m.reason === 'name' ? 'name' : 'pin').focus();
        } else {
          end('Game left', m.message);
        }
        break;
      case 'lobby':
        $('lobby-count').textContent = m.players === 1 ? '1 player has joined.' : m.players + ' players have joined.';
        show('lobby');
        break;
      case 'waiting':
        $('waiting-text').textContent = 'The game has started: you play from question ' + (m.from + 1) + '.';
        show('waiting');
        break;
      case 'question':
        ask(m);
        break;
      case 'ack':
        stopTicker();
        $('answered-text').textContent = 'Sent after ' + (m.taken_ms / 1000).toFixed(1) + ' s. Waiting for the others…';
        show('answered');
        announce('Answer sent.');
        break;
      case 'rejected':
        rejected(m);
        break;
      case 'paused':
        paused = true;
        $('paused').hidden = false;
        setOptionsDisabled(true);
        announce('Paused.');
        break;
      case 'resumed':
        paused = false;
        deadline = performance.now() + m.remaining_ms;
        $('paused').hidden = true;
        setOptionsDisabled(false);
        announce('Resumed.');
        break;
      case 'reveal':
        reveal(m);
        break;
      case 'over':
        over(m);
        break;
      case 'kicked':
        forget();
        end('Removed', m.message);
        break;
      case 'replaced':
        end('Playing elsewhere', 'You joined this game again in another tab or window.');
        break;
      case 'error':
        end('Something went wrong', m.message);
        break;
      default:
        break;
    }
  }

  function end(title, text) {
    finished = true;
    stopTicker();
    $('ended-title').textContent = title;
    $('ended-text').textContent = text;
    show('ended');
    announce(title + '. ' + text);
  }

  function keysFor(count) {
    const keys = [];
    for (let i = 0; i < count; i++) {
      keys.push(count <= 9 ? String(i + 1) : String.fromCharCode(97 + i));
    }
    return keys;
  }

  function ask(m) {
    question = m;
    paused = m.paused;
    $('question-error').textContent = '';
    if (m.answered) {
      $('answered-text').textContent = 'Your answer is in. Waiting for the others…';
      show('answered');
      return;
    }
    $('question-number').textContent = 'Question ' + m.number + ' of ' + m.of;
    $('question-text').textContent = m.text;
    $('paused').hidden = !m.paused;
    const options = $('options');
    options.replaceChildren();
    const typed = $('typed-form');
    let labels = null;
    if (m.kind === 'choice') {
      labels = m.choices;
    } else if (m.kind === 'truefalse') {
      labels = ['True', 'False'];
    }
    if (labels) {
      const keys = keysFor(labels.length);
      labels.forEach(function (label, index) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'option';
        const key = document.createElement('span');
        key.className = 'key';
        key.setAttribute('aria-hidden', 'true');
        key.textContent = keys[index].toUpperCase();
        const text = document.createElement('span');
        text.textContent = label;
        button.append(key, text);
        button.setAttribute('aria-keyshortcuts', keys[index]);
        button.addEventListener('click', function () { answer({ choice: index }); });
        options.append(button);
      });
      options.hidden = false;
      typed.hidden = true;
    } else {
      options.hidden = true;
      typed.hidden = false;
      const input = $('typed');
      input.value = '';
      const numeric = m.kind === 'year' || m.kind === 'number';
      input.inputMode = numeric ? (m.kind === 'number' ? 'decimal' : 'numeric') : 'text';
      $('typed-label').textContent = m.kind === 'year' ? 'Your answer (a year)'
        : m.kind === 'number' ? 'Your answer (a number)' : 'Your answer';
    }
    setOptionsDisabled(m.paused);
    show('question');
    announce('Question ' + m.number + ' of ' + m.of + '. ' + m.text);
    const first = labels ? options.querySelector('button') : $('typed');
    if (first) {
      first.focus();
    }
    deadline = performance.now() + m.remaining_ms;
    startTicker();
  }

  function setOptionsDisabled(disabled) {
    for (const button of $('options').querySelectorAll('button')) {
      button.disabled = disabled;
    }
  }

  function answer(reply) {
    if (!question || paused) {
      return;
    }
    const message = { type: 'answer', question: question.question };
    if (reply.choice !== undefined) {
      message.choice = reply.choice;
    } else {
      message.text = reply.text;
    }
    if (send(message)) {
      setOptionsDisabled(true);
    } else {
      $('question-error').textContent = 'Not connected: your answer was not sent. Try again in a moment.';
    }
  }

  function rejected(m) {
    setOptionsDisabled(false);
    if (m.reason === 'already') {
      show('answered');
      return;
    }
    if (m.reason === 'closed' || m.reason === 'late') {
      stopTicker();
    }
    $('question-error').textContent = m.message;
    announce(m.message);
  }

  function startTicker() {
    stopTicker();
    tick();
    ticker = setInterval(tick, 200);
  }

  function stopTicker() {
    if (ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  }

  function tick() {
    if (!question || paused) {
      return;
    }
    const left = Math.max(0, deadline - performance.now());
    const seconds = Math.ceil(left / 1000);
    const countdown = $('countdown');
    countdown.textContent = seconds + ' s';
    countdown.classList.toggle('low', seconds <= 5);
    $('time-bar').value = question.time_ms ? left / question.time_ms : 0;
    if (left <= 0) {
      stopTicker();
    }
  }

  function reveal(m) {
    stopTicker();
    question = null;
    const verdict = $('verdict');
    const words = {
      right: ['Right!', 'right'],
      typo: ['Right (with a typo)', 'typo'],
      wrong: ['Wrong', 'wrong'],
      unanswered: ['No answer', 'none'],
    };
    const [text, kind] = m.outcome ? words[m.outcome] : ['The answer', 'none'];
    verdict.textContent = text;
    verdict.className = 'verdict ' + kind;
    $('reveal-number').textContent = 'Question ' + m.number + ' of ' + m.of;
    $('reveal-answer').textContent = m.answer;
    $('reveal-reply').textContent = m.reply !== undefined && m.outcome !== 'right' ? 'You answered: ' + m.reply : '';
    $('reveal-explain').textContent = m.explain || '';
    $('reveal-explain').hidden = !m.explain;
    const points = m.points === 1 ? '1 point' : m.points + ' points';
    $('reveal-score').textContent = '+' + points + ' · score ' + m.score + ' · rank ' + m.rank + ' of ' + m.players;
    show('reveal');
    announce(text + ' The answer: ' + m.answer + '. Rank ' + m.rank + ' of ' + m.players + '.');
  }

  function over(m) {
    finished = true;
    stopTicker();
    $('over-title').textContent = m.finished ? 'Game over' : 'The teacher ended the game';
    $('over-score').textContent = 'Your score: ' + m.score + ' · rank ' + m.rank + ' of ' + m.players;
    const list = $('over-top');
    list.replaceChildren();
    for (const standing of m.top) {
      const item = document.createElement('li');
      // Equal scores share a rank: the list shows the rank, not the place.
      item.value = standing.rank;
      item.textContent = standing.name + ' — ' + standing.score;
      if (standing.name === name) {
        item.className = 'me';
      }
      list.append(item);
    }
    show('over');
    announce('Game over. Your score ' + m.score + ', rank ' + m.rank + ' of ' + m.players + '.');
  }

  document.addEventListener('keydown', function (event) {
    if (!question || $('screen-question').hidden || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (document.activeElement === $('typed')) {
      return;
    }
    const buttons = $('options').querySelectorAll('button');
    if (!buttons.length) {
      return;
    }
    const index = keysFor(buttons.length).indexOf(event.key.toLowerCase());
    if (index >= 0 && !buttons[index].disabled) {
      event.preventDefault();
      buttons[index].click();
    }
  });

  $('typed-form').addEventListener('submit', function (event) {
    event.preventDefault();
    const text = $('typed').value.trim();
    if (!text) {
      $('question-error').textContent = 'Type an answer first.';
      return;
    }
    answer({ text: text });
  });

  $('join-form').addEventListener('submit', function (event) {
    event.preventDefault();
    pin = $('pin').value.replace(/\D/g, '');
    name = $('name').value.trim();
    if (!pin) {
      $('join-error').textContent = 'Type the game PIN from the teacher\'s screen.';
      $('pin').focus();
      return;
    }
    if (!name) {
      $('join-error').textContent = 'Type your name.';
      $('name').focus();
      return;
    }
    const kept = recall();
    token = kept ? kept.token : null;
    $('join-error').textContent = '';
    $('join-button').disabled = true;
    finished = false;
    connect();
  });

  // A link or QR code with the PIN fills it in; a token kept from this game rejoins at once.
  const fromLink = /(?:^#|&)pin=(\d+)/.exec(location.hash);
  if (fromLink) {
    pin = fromLink[1];
    $('pin').value = pin;
    const kept = recall();
    if (kept && kept.token) {
      token = kept.token;
      name = kept.name || '';
      $('name').value = name;
      status('Rejoining…');
      connect();
    } else {
      $('name').focus();
    }
  } else {
    $('pin').focus();
  }
  show('join');
})();

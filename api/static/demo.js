// A simple demo chat box for /v1/chat. Everything is rendered as text, never as HTML.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");
  var status = document.getElementById("status");
  var conversationId = "demo-" + Math.random().toString(36).slice(2) + Date.now().toString(36);

  function addMessage(who, message) {
    var row = document.createElement("div");
    row.className = "msg " + who;
    if (message.image) {
      var img = document.createElement("img");
      img.src = message.image.src;
      img.alt = message.image.alt;
      row.appendChild(img);
    }
    var p = document.createElement("p");
    p.textContent = message.text;
    row.appendChild(p);
    log.appendChild(row);
    if (message.buttons && message.buttons.length) {
      var group = document.createElement("div");
      group.className = "buttons";
      message.buttons.forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.title;
        btn.addEventListener("click", function () { send(b.payload, b.title); });
        group.appendChild(btn);
      });
      log.appendChild(group);
    }
    log.scrollTop = log.scrollHeight;
  }

  function send(text, shown) {
    addMessage("user", { text: shown || text });
    status.textContent = "Please wait…";
    return fetch("/v1/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ conversation_id: conversationId, text: text })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.error ? body.error.message : "Something went wrong."); }
        status.textContent = "";
        body.messages.forEach(function (m) { addMessage("bot", m); });
        return true;
      });
    }).catch(function (err) {
      status.textContent = err.message || "Sorry, I cannot reach the assistant. Please try again.";
      return false;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { status.textContent = "Please type a message."; return; }
    send(text).then(function (ok) { if (ok) { input.value = ""; } input.focus(); });
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  send("/greet", "Hello");
})();

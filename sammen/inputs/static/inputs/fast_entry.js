// Fast entry of offline input (inputs/fast_entry.html).
//
// Each input typed in waits in a queue kept in sessionStorage until the server has stored it,
// so a dropped connection or a reload loses nothing; its idempotency key makes a resend store
// nothing twice. The text field is emptied at once, so typing goes on while inputs are sent
// one after another. Focus areas and responsibility have Alt shortcuts and toggle buttons.
// Without this script the page is a plain form that posts and comes back.
(() => {
  "use strict";
  const form = document.getElementById("fast-entry");
  if (!form || !window.fetch || !window.URLSearchParams) return;

  const texts = JSON.parse(document.getElementById("fast-entry-texts").textContent);
  const mode = form.dataset.mode;
  const field = mode === "linjer" ? form.elements.lines : form.elements.text;
  const keyField = form.elements.key;
  const list = document.getElementById("saved-inputs");
  const statusBox = document.getElementById("fast-entry-status");
  const store = `sammen:fast-entry:${location.pathname}:`;
  const MAX_DELAY = 15000;

  // sessionStorage may be full or switched off: the page then still saves, only without
  // surviving a reload.
  const load = (name, fallback) => {
    try {
      return JSON.parse(sessionStorage.getItem(store + name)) ?? fallback;
    } catch {
      return fallback;
    }
  };
  const keep = (name, value) => {
    try {
      if (value === null) sessionStorage.removeItem(store + name);
      else sessionStorage.setItem(store + name, JSON.stringify(value));
    } catch {
      /* see above */
    }
  };

  const newKey = () => {
    if (window.crypto.randomUUID) return window.crypto.randomUUID();
    // randomUUID needs a secure context; getRandomValues does not.
    const b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };

  const announce = (message) => {
    statusBox.textContent = message;
  };
  const showErrors = (nodeOrText) => {
    const box = document.getElementById("fast-entry-errors");
    box.replaceChildren();
    if (!nodeOrText) return;
    if (typeof nodeOrText === "string") {
      const ul = document.createElement("ul");
      ul.className = "errorlist";
      const li = document.createElement("li");
      li.textContent = nodeOrText;
      ul.append(li);
      box.append(ul);
    } else {
      box.append(...nodeOrText.childNodes);
    }
  };

  // --- Settings: date, focus areas, responsibility ---------------------------------------

  const inputsNamed = (name) => Array.from(form.querySelectorAll(`input[name="${name}"]`));
  const settings = () => ({
    received_on: form.elements.received_on.value,
    focus_areas: inputsNamed("focus_areas").filter((i) => i.checked).map((i) => i.value),
    responsibility: inputsNamed("responsibility").find((i) => i.checked)?.value ?? "",
  });
  const buttons = Array.from(form.querySelectorAll("[data-toggles] button[data-value]"));
  const groupOf = (button) => button.closest("[data-toggles]").dataset.toggles;
  const inputFor = (button) =>
    inputsNamed(groupOf(button)).find((i) => i.value === button.dataset.value);

  const sync = () => {
    for (const button of buttons) {
      button.setAttribute("aria-pressed", String(Boolean(inputFor(button)?.checked)));
    }
    keep("settings", settings());
  };
  const applySettings = (saved) => {
    if (saved.received_on) form.elements.received_on.value = saved.received_on;
    for (const i of inputsNamed("focus_areas")) i.checked = saved.focus_areas.includes(i.value);
    for (const i of inputsNamed("responsibility")) i.checked = i.value === saved.responsibility;
  };

  const toggle = (button) => {
    const input = inputFor(button);
    if (groupOf(button) === "responsibility" && input.checked) {
      inputsNamed("responsibility").find((i) => i.value === "").checked = true;
    } else {
      input.checked = !input.checked;
    }
    sync();
    const label = button.firstChild.textContent.trim();
    announce(`${label}: ${input.checked ? texts.on : texts.off}`);
  };
  const clearAreas = () => {
    for (const i of inputsNamed("focus_areas")) i.checked = false;
    sync();
    announce(texts.noAreas);
  };

  for (const group of form.querySelectorAll("[data-toggles]")) group.hidden = false;
  for (const group of form.querySelectorAll("[data-native]")) group.hidden = true;
  document.querySelector("[data-shortcut-help]").hidden = false;
  for (const button of buttons) button.addEventListener("click", () => toggle(button));
  form.querySelector("[data-clear]")?.addEventListener("click", clearAreas);
  form.elements.received_on.addEventListener("change", sync);

  form.addEventListener("keydown", (event) => {
    // AltGr is Ctrl+Alt on Windows: leave it alone, or nobody could type @ or { here.
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    // event.code, not event.key: on a Mac, Option+K types a character.
    const shortcut = event.code.replace(/^(Digit|Numpad|Key)/, "");
    const target = form.querySelector(`[data-shortcut="${CSS.escape(shortcut)}"]`);
    if (!target) return;
    event.preventDefault();
    if (target.dataset.clear) clearAreas();
    else toggle(target);
  });

  // --- Sending ----------------------------------------------------------------------------

  const post = (body) => {
    body.set("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    return fetch(form.getAttribute("action"), {
      method: "POST",
      body,
      credentials: "same-origin",
      // A session that has run out answers with a redirect to the login page.
      redirect: "manual",
      headers: { "HX-Request": "true", "HX-Current-URL": location.href },
    });
  };

  // After logging in again in another tab, the token on this page is stale: fetch a fresh one.
  const refreshToken = async () => {
    try {
      const response = await fetch(location.href, { credentials: "same-origin", redirect: "manual" });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const token = page.querySelector("[name=csrfmiddlewaretoken]");
      if (token) form.elements.csrfmiddlewaretoken.value = token.value;
    } catch {
      /* still offline: the next retry tries again */
    }
  };

  const fragment = (html) => {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  };

  const place = (item, pending) => {
    const existing = document.getElementById(item.id);
    if (existing) {
      // Stored before (a resend after a reload): show it once.
      existing.replaceWith(item);
      pending?.remove();
    } else if (pending) {
      pending.replaceWith(item);
    } else {
      list.prepend(item);
    }
    if (window.htmx) window.htmx.process(item);
  };

  const showSaved = (content, pending) => {
    const result = content.querySelector("[data-fast-entry-result]");
    const items = Array.from(result.querySelectorAll("li.saved-input")).reverse();
    if (pending && items.length) place(items.pop(), pending);
    for (const item of items) place(item, null);
    document.getElementById("saved-count").replaceWith(result.querySelector("#saved-count"));
    showErrors(null);
    announce(result.dataset.message);
  };

  // "saved", "refused" (nothing stored, and sending again will not help) or "retry".
  const outcome = (response) => {
    if (!response) return "retry";
    if (response.ok) return "saved";
    const { status } = response;
    if (status >= 400 && status < 500 && ![403, 408, 429].includes(status)) return "refused";
    return "retry";
  };
  const refusal = async (response) => {
    if (response.status === 422) return fragment(await response.text()).querySelector("#fast-entry-errors");
    return texts.rejected.replace("%(status)s", response.status);
  };

  let delay = 0;
  let timer = null;
  let troubled = false;
  const retryLater = async (response, again) => {
    const loggedOut = response && (response.type === "opaqueredirect" || response.status === 403);
    troubled = true;
    announce(loggedOut ? texts.loggedOut : texts.offline);
    if (loggedOut) await refreshToken();
    delay = Math.min(Math.max(1000, delay * 2), MAX_DELAY);
    clearTimeout(timer);
    timer = setTimeout(again, delay);
  };
  const recovered = () => {
    delay = 0;
    if (troubled) {
      troubled = false;
      announce(`${statusBox.textContent} ${texts.allSaved}`);
    }
  };

  // One input at a time: a queue, sent in order.
  let queue = load("queue", []);
  let sending = false;

  // A reload while an input is on its way: the server may read the new page's list before
  // that input is stored, and this page may still hear that it was, and take it off the
  // queue. The next page then fetches its list once more (see the end of this script).
  let leaving = false;
  const noteLeaving = () => {
    leaving = true;
    if (sending || queue.length) keep("recheck", true);
  };
  window.addEventListener("beforeunload", noteLeaving);
  window.addEventListener("pagehide", noteLeaving);

  const pendingItem = (entry) =>
    Array.from(list.querySelectorAll("li[data-key]")).find((li) => li.dataset.key === entry.key);

  const showPending = (entry) => {
    const item = document.createElement("li");
    item.className = "saved-input saved-input--pending";
    item.dataset.key = entry.key;
    const text = document.createElement("p");
    text.className = "saved-input__text";
    text.textContent = entry.text;
    const state = document.createElement("p");
    state.className = "saved-input__state";
    state.textContent = texts.saving;
    item.append(text, state);
    list.prepend(item);
  };

  const markWaiting = () => {
    for (const state of list.querySelectorAll(".saved-input--pending .saved-input__state")) {
      state.textContent = texts.waiting;
    }
  };

  // The server refused the input (too long, a date in the future): nothing was stored, so
  // give the text back to the person instead of dropping it.
  const refuse = (entry, errors) => {
    const message = typeof errors === "string" ? errors : errors.textContent.trim();
    showErrors(errors);
    const pending = pendingItem(entry);
    if (pending) {
      pending.classList.replace("saved-input--pending", "saved-input--refused");
      pending.querySelector(".saved-input__state").textContent = `${texts.refused} ${message}`;
    }
    if (!field.value.trim()) {
      field.value = entry.text;
      keyField.value = entry.key;
      keep("draft", { text: entry.text, key: entry.key });
    }
  };

  const pump = async () => {
    if (sending || !queue.length) return;
    sending = true;
    const entry = queue[0];
    const body = new URLSearchParams();
    body.set("key", entry.key);
    body.set("text", entry.text);
    body.set("received_on", entry.received_on);
    body.set("responsibility", entry.responsibility);
    for (const area of entry.focus_areas) body.append("focus_areas", area);
    let response = null;
    let result = "retry";
    try {
      response = await post(body);
      result = outcome(response);
      if (result === "saved") showSaved(fragment(await response.text()), pendingItem(entry));
      else if (result === "refused") refuse(entry, await refusal(response));
    } catch {
      result = "retry"; // no connection, or it broke off
    }
    sending = false;
    if (result === "retry") {
      markWaiting();
      retryLater(response, pump);
      return;
    }
    queue = queue.filter((e) => e.key !== entry.key);
    keep("queue", queue);
    if (leaving) keep("recheck", true);
    if (result === "saved" && !queue.length) recovered();
    pump();
  };

  const enqueue = () => {
    const text = field.value.trim();
    if (!text) {
      showErrors(texts.empty);
      return;
    }
    const entry = { key: keyField.value, text, ...settings() };
    queue.push(entry);
    keep("queue", queue);
    field.value = "";
    keyField.value = newKey();
    keep("draft", null);
    showPending(entry);
    field.focus();
    pump();
  };

  // Many lines at once: the text stays in the field until the server has stored it.
  let linesBusy = false;
  const sendLines = async () => {
    if (linesBusy) return; // a second click while the first is on its way
    if (!field.value.trim()) {
      showErrors(texts.empty);
      return;
    }
    linesBusy = true;
    const sentText = field.value;
    keep("lines", { text: sentText, key: keyField.value, sent: true });
    announce(texts.saving);
    let response = null;
    let result = "retry";
    try {
      response = await post(new URLSearchParams(new FormData(form)));
      result = outcome(response);
      if (result === "saved") {
        showSaved(fragment(await response.text()), null);
        if (field.value === sentText) field.value = "";
        keyField.value = newKey();
        keep("lines", field.value ? { text: field.value, key: keyField.value } : null);
        recovered();
      } else if (result === "refused") {
        showErrors(await refusal(response));
        announce("");
        keep("lines", { text: field.value, key: keyField.value });
      }
    } catch {
      result = "retry";
    }
    linesBusy = false;
    if (result === "retry") retryLater(response, sendLines);
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (mode === "linjer") sendLines();
    else enqueue();
  });

  field.addEventListener("input", () => {
    const name = mode === "linjer" ? "lines" : "draft";
    keep(name, { text: field.value, key: keyField.value, sent: load(name, {}).sent });
  });

  window.addEventListener("online", () => {
    clearTimeout(timer);
    delay = 0;
    if (mode === "linjer") {
      if (load("lines", {}).sent) sendLines();
    } else {
      pump();
    }
  });

  // A deletion swaps its item through htmx; say so, and go back to typing. (Before the swap:
  // after it the form that sent the request has left the page and its events go nowhere.)
  list.addEventListener("htmx:beforeSwap", (event) => {
    if (!event.detail.xhr || event.detail.xhr.status !== 200) return;
    const message = fragment(event.detail.serverResponse).querySelector("[data-message]");
    if (message) announce(message.dataset.message);
    field.focus();
  });

  // --- After a reload: bring back what was not stored yet ----------------------------------

  // Adds the stored inputs the list lacks, each before the first older one (ids grow).
  const fillList = async () => {
    try {
      const response = await fetch(location.href, { credentials: "same-origin", redirect: "manual" });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const number = (item) => Number(item.id.replace(/\D/g, ""));
      for (const item of page.querySelectorAll("#saved-inputs > li.saved-input[id]")) {
        if (document.getElementById(item.id)) continue;
        const older = Array.from(list.querySelectorAll(":scope > li[id]")).find(
          (li) => number(li) < number(item),
        );
        list.insertBefore(item, older ?? null);
        if (window.htmx) window.htmx.process(item);
      }
      const count = page.getElementById("saved-count");
      if (count && !queue.length) document.getElementById("saved-count").replaceWith(count);
    } catch {
      /* offline: the list stays as it is */
    }
  };
  if (load("recheck", false)) {
    keep("recheck", null);
    fillList();
  }

  const savedSettings = load("settings", null);
  if (savedSettings) applySettings(savedSettings);
  sync();
  const draft = load(mode === "linjer" ? "lines" : "draft", null);
  if (draft?.text && !field.value) {
    field.value = draft.text;
    keyField.value = draft.key;
  }
  if (mode === "linjer") {
    if (draft?.sent) {
      announce(texts.restored);
      sendLines();
    }
  } else if (queue.length) {
    for (const entry of queue) showPending(entry);
    announce(texts.restored);
    pump();
  }
})();

// The simulator page: each action is sent to the server, which posts it to /callback as a signed LINE event.
"use strict";
const state = { user: null, after: 0, quick: [], users: [] };
const $ = (id) => document.getElementById(id);

async function api(path, options) {
  const response = await fetch(path, options);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

function act(action) {
  return api("/simulator/api/act", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(Object.assign({ user: state.user }, action)),
  }).then(poll).catch((error) => note(`ส่งไม่สำเร็จ: ${error.message}`));
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function note(text) { $("chat").appendChild(el("div", "note", text)); }

function tap(action) {
  if (!action) return;
  if (action.type === "postback") act({ kind: "postback", data: action.data, displayText: action.displayText || action.label });
  else if (action.type === "message") act({ kind: "text", text: action.text });
  else if (action.type === "uri") window.open(action.uri, "_blank");
}

function flexNode(node) {
  if (!node) return el("div");
  if (node.type === "box") {
    const box = el("div", `box ${node.layout || "vertical"}`);
    if (node.backgroundColor) { box.style.background = node.backgroundColor; box.style.padding = "10px 12px"; }
    (node.contents || []).forEach((child) => box.appendChild(flexNode(child)));
    return box;
  }
  if (node.type === "text") {
    const text = el("div", `text ${node.size || ""} ${node.weight === "bold" ? "bold" : ""}`, node.text);
    if (node.color) text.style.color = node.color;
    return text;
  }
  if (node.type === "button") {
    const button = el("button", node.style || "link", node.action.label);
    button.type = "button";
    button.addEventListener("click", () => tap(node.action));
    return button;
  }
  if (node.type === "separator") return el("hr");
  return el("div", "text", "");
}

function flexBubble(contents) {
  const card = el("div", "flex");
  ["header", "hero", "body", "footer"].forEach((part) => {
    if (contents[part]) { const section = flexNode(contents[part]); section.classList.add("section"); card.appendChild(section); }
  });
  return card;
}

function render(entry) {
  const message = entry.message;
  if (message.type === "note") { note(message.text); return; }
  const row = el("div", `row ${entry.from}`);
  if (entry.from === "bot") row.appendChild(el("div", "avatar", "พช"));
  let body;
  if (message.type === "text") body = el("div", "bubble", message.text);
  else if (message.type === "flex") body = message.contents.type === "carousel"
    ? el("div", "bubble", message.altText) : flexBubble(message.contents);
  else if (message.type === "image") {
    body = el("div", "bubble"); const img = el("img"); img.src = message.src || message.previewImageUrl || message.originalContentUrl;
    img.alt = "รูป"; body.appendChild(img);
  } else if (message.type === "sticker") body = el("div", "bubble", "🙂 (สติกเกอร์)");
  else if (message.type === "location") body = el("div", "bubble", `📍 ${message.title || "ตำแหน่ง"}`);
  else body = el("div", "bubble", message.altText || `(${message.type})`);
  row.appendChild(body);
  if (entry.from === "bot" && entry.via && entry.via !== "reply") row.appendChild(el("span", "via", entry.via));
  $("chat").appendChild(row);
  if (entry.from === "bot") state.quick = (message.quickReply && message.quickReply.items) || [];
  else state.quick = [];
}

function renderQuick() {
  const bar = $("quick");
  bar.innerHTML = "";
  state.quick.forEach((item) => {
    const chip = el("button", "chip", item.action.label);
    chip.type = "button";
    chip.addEventListener("click", () => { state.quick = []; renderQuick(); tap(item.action); });
    bar.appendChild(chip);
  });
}

async function poll() {
  if (!state.user) return;
  const user = state.user;
  const entries = await api(`/simulator/api/history?user=${encodeURIComponent(user)}&after=${state.after}`);
  if (user !== state.user) return;
  entries.forEach((entry) => { render(entry); state.after = Math.max(state.after, entry.seq); });
  if (entries.length) { renderQuick(); $("chat").scrollTop = $("chat").scrollHeight; }
}

function switchUser(key) {
  state.user = key; state.after = 0; state.quick = [];
  $("chat").innerHTML = ""; renderQuick(); poll();
}

async function loadReview() {
  const review = await api("/simulator/api/review");
  const head = $("review").querySelector("thead"), body = $("review").querySelector("tbody");
  head.innerHTML = ""; body.innerHTML = "";
  const tr = el("tr"); review.headers.forEach((h) => tr.appendChild(el("th", "", h))); head.appendChild(tr);
  review.rows.forEach((row) => { const line = el("tr"); row.forEach((v) => line.appendChild(el("td", "", v))); body.appendChild(line); });
  if (!review.rows.length) { const line = el("tr"); const cell = el("td", "muted", "ยังไม่มีการเสนอชื่อ"); cell.colSpan = review.headers.length; line.appendChild(cell); body.appendChild(line); }
  $("codes").innerHTML = "";
  review.codes.forEach((c) => $("codes").appendChild(el("li", "", `อำเภอ${c.district}: ${c.code}`)));
}

async function loadMenu() {
  const menu = await api("/simulator/api/richmenu");
  const holder = $("menu");
  menu.areas.forEach((area) => {
    const b = area.bounds, button = el("button", "area");
    button.type = "button"; button.title = area.action.label; button.setAttribute("aria-label", area.action.label);
    Object.assign(button.style, { left: `${100 * b.x / menu.size.width}%`, top: `${100 * b.y / menu.size.height}%`,
      width: `${100 * b.width / menu.size.width}%`, height: `${100 * b.height / menu.size.height}%` });
    button.addEventListener("click", () => tap(area.action));
    holder.appendChild(button);
  });
}

async function start() {
  state.users = await api("/simulator/api/users");
  state.users.forEach((u) => { const option = el("option", "", u.label); option.value = u.key; $("who").appendChild(option); });
  $("who").addEventListener("change", (e) => switchUser(e.target.value));
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault(); const text = $("text").value.trim(); if (!text) return;
    $("text").value = ""; act({ kind: "text", text });
  });
  $("sticker").addEventListener("click", () => act({ kind: "sticker" }));
  $("location").addEventListener("click", () => act({ kind: "location" }));
  $("follow").addEventListener("click", () => act({ kind: "follow" }));
  $("unfollow").addEventListener("click", () => act({ kind: "unfollow" }));
  $("photo").addEventListener("change", (e) => {
    const file = e.target.files[0]; if (!file) return;
    const reader = new FileReader();
    reader.onload = () => act({ kind: "image", content: String(reader.result).split(",")[1] });
    reader.readAsDataURL(file); e.target.value = "";
  });
  await loadMenu();
  switchUser(state.users[0].key);
  setInterval(poll, 600);
  loadReview(); setInterval(loadReview, 2500);
}

start();

// The playground's chat page: plain browser JavaScript, no framework, no network beyond this
// server. It polls the state of the persona it shows and re-draws what changed; every action
// goes to /playground/api as that persona, and the emulator does what Telegram would.
'use strict'

const api = '/playground/api'
const page = {
  me: localStorage.getItem('persona') || 'alice',
  chatId: null,
  lang: localStorage.getItem('lang') || (navigator.language.startsWith('zh') ? 'zh' : 'en'),
  strings: {},
  state: null,
  drawn: '',
  replyTo: null,
  shownCount: 0,
}
const $ = (id) => document.getElementById(id)

async function call(path, body) {
  const response = await fetch(api + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: page.me, ...body }) })
  const answer = await response.json().catch(() => ({}))
  if (answer.refused) toast(`${page.strings['playground-refused']} ${answer.refused}`, 'refused')
  else if (!response.ok) toast(`${page.strings['playground-failed']} ${answer.error || response.status}`, 'refused')
  return response.ok ? answer : null
}

async function loadStrings() {
  page.strings = await (await fetch(`${api}/strings?lang=${page.lang}`)).json()
  document.documentElement.lang = page.lang === 'zh' ? 'zh-CN' : 'en'
  for (const el of document.querySelectorAll('[data-s]')) el.textContent = page.strings[el.dataset.s] || ''
  for (const el of document.querySelectorAll('[data-p]')) el.placeholder = page.strings[el.dataset.p] || ''
  document.title = page.strings['playground-title']
}

async function refresh() {
  const response = await fetch(`${api}/state?as=${encodeURIComponent(page.me)}`).catch(() => null)
  if (!response || !response.ok) return
  const text = await response.text()
  if (text === page.drawn) return
  page.drawn = text
  page.state = JSON.parse(text)
  draw()
}

function draw() {
  const { state } = page
  $('pin').textContent = state.pin
  $('personas').replaceChildren(...state.personas.map((persona) => {
    const button = el('button', { type: 'button', class: persona.key === page.me ? 'persona on' : 'persona', 'data-persona': persona.key }, persona.name)
    button.onclick = () => switchTo(persona.key)
    return button
  }))
  if (!state.chats.some((chat) => chat.id === page.chatId)) page.chatId = state.chats[0].id
  $('chats').replaceChildren(...state.chats.map((chat) => {
    const button = el('button', { type: 'button', class: chat.id === page.chatId ? 'chat on' : 'chat', 'data-chat': chat.type === 'private' ? 'private' : 'group' }, chat.title)
    button.onclick = () => { page.chatId = chat.id; page.replyTo = null; draw() }
    return button
  }))
  const chat = state.chats.find((each) => each.id === page.chatId)
  $('chat-title').textContent = chat.title
  const box = $('messages')
  // Follow the conversation: to the end when something new arrives or the reader was there.
  const follow = box.scrollHeight - box.scrollTop - box.clientHeight < 40 || chat.messages.length !== page.shownCount
  page.shownCount = chat.messages.length
  box.replaceChildren(...chat.messages.map((message) => drawMessage(chat, message)))
  if (follow) {
    box.scrollTop = box.scrollHeight
    for (const img of box.querySelectorAll('img')) img.addEventListener('load', () => { box.scrollTop = box.scrollHeight }, { once: true })
  }
  $('replying').hidden = !page.replyTo
  $('contact').hidden = chat.type !== 'private'
}

function drawMessage(chat, message) {
  const box = el('div', { class: message.fromBot ? 'msg bot' : 'msg', 'data-key': message.key })
  if (chat.type !== 'private' || !message.fromBot) box.append(el('div', { class: 'author' }, message.author))
  if (message.replyTo) box.append(el('div', { class: 'quote' }, message.replyTo.preview))
  if (message.media) box.append(drawMedia(message.media))
  const body = el('div', { class: 'text' })
  if (message.html !== undefined) body.append(...telegramHtml(message.html))
  else body.append(...linkified(message.text || ''))
  box.append(body)
  for (const row of message.buttons) {
    const line = el('div', { class: 'kb' })
    for (const button of row) line.append(drawButton(chat, message, button))
    box.append(line)
  }
  const meta = el('div', { class: 'meta' }, new Date(message.at).toLocaleTimeString(page.lang === 'zh' ? 'zh-CN' : 'en', { hour: '2-digit', minute: '2-digit' }))
  if (message.edited) meta.append(` · ${page.strings['playground-edited']}`)
  if (message.key.startsWith('m')) {
    const reply = el('button', { type: 'button', class: 'reply' }, page.strings['playground-reply'])
    reply.onclick = () => { page.replyTo = { key: message.key, preview: (message.text || body.textContent).slice(0, 60) }; $('replying-preview').textContent = page.replyTo.preview; draw(); $('text').focus() }
    meta.append(reply)
  }
  box.append(meta)
  return box
}

function drawMedia(media) {
  const src = `${api}/file/${encodeURIComponent(media.fileId)}`
  const box = el('div', { class: 'media' })
  if (media.type === 'photo') box.append(el('img', { src, alt: '' }))
  box.append(el('a', { href: src, download: media.filename || `${media.fileId}.png` }, media.filename || page.strings['playground-download']))
  return box
}

function drawButton(chat, message, button) {
  const node = el('button', { type: 'button' }, button.text)
  node.onclick = async () => {
    if (button.callback_data !== undefined) {
      node.disabled = true
      const answer = await call('/press', { chatId: chat.id, message: message.key, data: button.callback_data })
      node.disabled = false
      if (answer && answer.answer && answer.answer.text) answer.answer.alert ? showAlert(answer.answer.text) : toast(answer.answer.text)
      // The bot edits the message around its answer: look again soon, not at the next poll.
      for (const ms of [0, 150, 400]) setTimeout(refresh, ms)
    } else if (button.url) openLink(button.url)
    else if (button.switch_inline_query !== undefined || button.switch_inline_query_current_chat !== undefined) {
      $('inline-query').value = button.switch_inline_query ?? button.switch_inline_query_current_chat
      $('inline-query').focus()
    }
  }
  return node
}

/** A t.me link to this bot is a deep link: it opens the private chat and starts the bot with its payload. */
function openLink(url) {
  const deep = new RegExp(`^https://t\\.me/${page.state.botUsername}\\?start=([\\w-]+)$`).exec(url)
  if (!deep) return void window.open(url, '_blank', 'noopener')
  const own = page.state.chats.find((chat) => chat.type === 'private')
  page.chatId = own.id
  call('/send', { chatId: own.id, text: `/start ${deep[1]}` }).then(refresh)
}

/** Rebuilds the bot's Telegram HTML from the tags Telegram knows; anything else becomes its text. */
function telegramHtml(html) {
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body
  const tags = new Set(['B', 'STRONG', 'I', 'EM', 'U', 'INS', 'S', 'STRIKE', 'DEL', 'CODE', 'PRE', 'BLOCKQUOTE'])
  const copy = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return linkified(node.textContent)
    if (node.nodeType !== Node.ELEMENT_NODE) return []
    const children = [...node.childNodes].flatMap(copy)
    let out = null
    if (tags.has(node.tagName)) out = document.createElement(node.tagName)
    else if (node.tagName === 'TG-SPOILER' || (node.tagName === 'SPAN' && node.classList.contains('tg-spoiler'))) out = el('span', { class: 'spoiler' })
    else if (node.tagName === 'A' && /^(https?:|tg:)/.test(node.getAttribute('href') || '')) {
      out = el('a', { href: node.getAttribute('href'), rel: 'noopener' })
      out.onclick = (event) => { event.preventDefault(); openLink(out.href) }
    }
    if (!out) return children
    out.append(...children)
    return [out]
  }
  return [...parsed.childNodes].flatMap(copy)
}

/** Text with its https links made links, as Telegram shows them. */
function linkified(text) {
  const parts = []
  let last = 0
  for (const match of text.matchAll(/https:\/\/[^\s<>"]+/g)) {
    parts.push(document.createTextNode(text.slice(last, match.index)))
    const link = el('a', { href: match[0], rel: 'noopener' }, match[0])
    link.onclick = (event) => { event.preventDefault(); openLink(match[0]) }
    parts.push(link)
    last = match.index + match[0].length
  }
  parts.push(document.createTextNode(text.slice(last)))
  return parts
}

function el(tag, attributes = {}, text) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value)
  if (text !== undefined) node.textContent = text
  return node
}

function toast(text, kind = 'answer') {
  const node = el('div', { class: `toast ${kind}` }, text)
  $('toasts').append(node)
  setTimeout(() => node.remove(), 4000)
}

function showAlert(text) {
  $('alert-text').textContent = text
  $('alert').hidden = false
}

function switchTo(key) {
  page.me = key
  localStorage.setItem('persona', key)
  page.replyTo = null
  page.drawn = ''
  refresh()
}

function wire() {
  $('composer').onsubmit = async (event) => {
    event.preventDefault()
    const text = $('text').value
    if (!text.trim()) return
    const sent = await call('/send', { chatId: page.chatId, text, ...(page.replyTo ? { replyTo: page.replyTo.key } : {}) })
    if (sent) { $('text').value = ''; page.replyTo = null }
    refresh()
  }
  $('text').onkeydown = (event) => { if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); $('composer').requestSubmit() } }
  $('replying-cancel').onclick = () => { page.replyTo = null; draw() }
  $('inline').onsubmit = async (event) => {
    event.preventDefault()
    const chat = page.state.chats.find((each) => each.id === page.chatId)
    const answer = await call('/inline', { query: $('inline-query').value, chatType: chat.type })
    const box = $('inline-results')
    box.hidden = false
    if (!answer) return void (box.hidden = true)
    if (!answer.results.length) return void box.replaceChildren(el('p', {}, page.strings['playground-inline-none']))
    box.replaceChildren(...answer.results.map((result) => {
      const pick = el('button', { type: 'button', class: 'result' })
      pick.append(el('strong', {}, result.title), el('span', {}, result.description))
      pick.onclick = async () => {
        box.hidden = true
        await call('/inline/choose', { chatId: page.chatId, queryId: answer.queryId, resultId: result.id })
        $('inline-query').value = ''
        refresh()
      }
      return pick
    }))
  }
  $('contact').onclick = () => call('/contact', {}).then(refresh)
  $('photo').onchange = async () => {
    const file = $('photo').files[0]
    if (!file) return
    const response = await fetch(`${api}/photo?as=${encodeURIComponent(page.me)}&chatId=${page.chatId}`, { method: 'POST', headers: { 'content-type': file.type || 'image/jpeg' }, body: file }).catch(() => null)
    if (!response || !response.ok) {
      const answer = response ? await response.json().catch(() => ({})) : {}
      toast(`${page.strings[answer.refused ? 'playground-refused' : 'playground-failed']} ${answer.refused || answer.error || (response ? response.status : '')}`, 'refused')
    }
    $('photo').value = ''
    refresh()
  }
  $('alert-ok').onclick = () => { $('alert').hidden = true }
  $('language').onclick = async () => { page.lang = page.lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('lang', page.lang); await loadStrings(); page.drawn = ''; refresh() }
  $('reset').onclick = async () => {
    if (!confirm(page.strings['playground-reset-confirm'])) return
    await call('/reset', {})
    page.drawn = ''
    refresh()
  }
}

wire()
loadStrings().then(refresh)
setInterval(refresh, 700)

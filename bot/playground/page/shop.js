// The shop's checkout in the playground: asks the shop's server (this playground) for an
// order, shows its QR code, and polls until the shop's server has the signed notification.
'use strict'

const lang = localStorage.getItem('lang') || (navigator.language.startsWith('zh') ? 'zh' : 'en')
const $ = (id) => document.getElementById(id)
let strings = {}
let watching = null

async function start() {
  strings = await (await fetch(`/playground/api/strings?lang=${lang}`)).json()
  for (const el of document.querySelectorAll('[data-s]')) el.textContent = strings[el.dataset.s] || ''
  document.title = strings['playground-shop-title']
  $('description').value = strings['playground-shop-example']
  $('shop-name').textContent = (await (await fetch('/playground/shop')).json()).name
  $('order').onsubmit = async (event) => {
    event.preventDefault()
    const response = await fetch('/playground/shop/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ amount: $('amount').value, description: $('description').value }) })
    if (!response.ok) return void ($('status').textContent = strings['playground-shop-bad-amount'])
    const order = await response.json()
    $('pending').hidden = false
    $('qr').src = order.qr
    $('code-url').href = order.codeUrl
    $('code-url').textContent = order.codeUrl
    $('status').textContent = strings['playground-shop-waiting']
    $('status').className = ''
    clearInterval(watching)
    watching = setInterval(() => check(order.outTradeNo), 1000)
  }
}

async function check(outTradeNo) {
  const status = await (await fetch(`/playground/shop/orders/${encodeURIComponent(outTradeNo)}`)).json()
  $('trade-state').textContent = status.tradeState || '—'
  if (!status.notice) return
  clearInterval(watching)
  $('status').textContent = strings['playground-shop-paid']
  $('status').className = 'paid'
  $('transaction').textContent = status.notice.transactionId
}

start()

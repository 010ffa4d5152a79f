# Lingqian (零钱) — English. Messages are HTML; variables are escaped by the bot.
# Every key here has a twin in zh.ftl (a test checks it).

## Welcome and help

welcome =
    👋 <b>Welcome to Lingqian</b>, { $name }!
    Your wallet is ready. Balance: <b>{ $balance }</b>

    Send money: <code>/send @username 12.5 lunch</code>
    In a group: reply to someone with <code>/send 12.5</code>
    In any chat: type <code>@{ $bot } 12.5 thanks</code>

    /help lists everything.
help =
    <b>Lingqian — a wallet inside Telegram</b>

    <b>Commands</b>
    /balance — your balance
    /send @username &lt;amount&gt; [memo] — pay someone (in a group, reply to their message with /send &lt;amount&gt;)
    /redpacket &lt;total&gt; &lt;count&gt; [greeting] — a red packet 🧧 for a group (in private: send it into any chat)
    /bills — your bills, newest first
    /language — English or 中文
    /help — this message

    <b>Inline mode</b>: in any chat type <code>@{ $bot } 12.5 thanks</code> and pick the card; the first person who presses Receive gets the money.

    <b>Sending to someone who has not started me</b>: you get a claim link to forward. Whoever opens it first receives the money; if nobody does within 24 hours, it comes back to you.

    <b>Amounts</b>: <code>12</code>, <code>12.5</code>, <code>¥12.50</code>, <code>12.5元</code>, <code>1,234.50</code> — up to { $max }, at most two decimals.

    <b>Why did a payment fail?</b>
    • Your balance is lower than the amount — check /balance.
    • The amount is above the limit of { $max } per payment.
    • The confirmation card expired (they last 10 minutes) — send again.
    • The button was not yours — only the payer can confirm a payment.
    Every payment happens exactly once: pressing Confirm twice never pays twice.
help-admin =
    <b>Admin</b>
    /topup @username &lt;amount&gt; [note] — credit a wallet (recorded with your id)
    /audit — check the ledger's invariants

## Commands menu

cmd-start = Open your wallet
cmd-help = What I can do
cmd-balance = Your balance
cmd-send = Pay someone
cmd-redpacket = Send a red packet 🧧
cmd-bills = Your bills
cmd-language = Language / 语言
cmd-topup = Admin: top up a wallet
cmd-audit = Admin: audit the ledger

## Balance

balance = 💰 Balance: <b>{ $balance }</b>

## Sending

memo-line = Memo: { $memo }

send-usage =
    How to pay someone:
    <code>/send @username 12.5 lunch</code>
    or reply to their message with <code>/send 12.5 lunch</code>
send-group-needs-target = In a group, reply to the person's message with <code>/send &lt;amount&gt;</code>, or use <code>/send @username &lt;amount&gt;</code>.
send-unknown-in-group = I don't know { $username } yet. Send from our private chat instead: you will get a claim link to forward to them.
card =
    💸 <b>Confirm payment</b>
    To: { $to }
    Amount: <b>{ $amount }</b>
    Only { $from } can confirm. The card expires in 10 minutes.
card-unknown-recipient = { $username } (not on Lingqian yet — you will get a claim link)
button-confirm = ✅ Confirm
button-cancel = Cancel
receipt =
    ✅ <b>Paid</b> { $amount } to { $to }
    { $time }
receipt-payer = Paid { $amount }. Your balance: { $balance }
receipt-payee =
    💰 <b>You received { $amount }</b> from { $from }
    Balance: { $balance }
card-cancelled = Payment cancelled. Nothing was sent.
card-expired = This card expired. Nothing was sent — send again if you still want to pay.
already-paid = Already paid — this payment happened once.
button-not-yours = This button is not yours.
button-invalid = This button is no longer valid. Nothing was changed.

## Claim links

claim-created =
    🔗 <b>Claim link for { $amount }</b>
    Forward this link to { $to }: whoever opens it first receives the money.
    { $link }
    If nobody claims it within 24 hours, it comes back to you.
button-cancel-claim = Take it back
claim-received =
    🎉 <b>You received { $amount }</b> from { $from }
    Balance: { $balance }
claim-sender-notice = ✅ { $to } claimed the { $amount } you sent.
claim-cancelled = The claim link for { $amount } was cancelled; the money is back in your wallet.
claim-expired-notice = ⏰ Nobody claimed the { $amount } you sent within 24 hours, so it is back in your wallet.
claim-already-yours = You already received this money.
link-unknown = This link is not valid (it may have been mistyped). Nothing was changed.

## Inline mode

inline-title = Send { $amount }
inline-description = The first person to press Receive gets it.
inline-card =
    🧧 { $from } is sending <b>{ $amount }</b>
    The first person to press Receive gets it.
inline-usage-title = Type an amount, e.g. 12.5 thanks
inline-usage-description = Sends money to whoever presses Receive first.
inline-error-title = Can't send that
inline-received =
    ✅ { $to } received <b>{ $amount }</b> from { $from }
inline-cancelled = { $from } cancelled this payment of { $amount }.
inline-expired = This payment expired. Nothing was sent.
inline-sender-notice = ✅ { $to } received the { $amount } you sent. Your balance: { $balance }
inline-you-received = You received { $amount }. Open me in private chat to see your wallet.
button-receive = 💰 Receive
button-open-wallet = Open wallet

## Red packets

rp-usage =
    🧧 How to send a red packet:
    <code>/redpacket 10 5 恭喜发财</code> — ¥10 split at random among 5 (lucky)
    <code>/redpacket @username 8.88 happy birthday</code> — for one member only (exclusive)
    Up to { $max } per packet and { $shares } shares; at least { $min } a share; greeting up to { $greeting } characters.
rp-card =
    🧧 <b>Red packet</b> · { $kind }
    Shares: { $count }
    Leaves your wallet: <b>{ $total }</b>
rp-card-footer = Only { $from } can send it. This card expires in 10 minutes.
rp-card-private-footer = Press "Send to a chat" and pick the chat. This card expires in 10 minutes.
rp-greeting-line = “{ $greeting }”
rp-kind-lucky = Lucky (random shares)
rp-kind-normal = Normal ({ $each } each)
rp-kind-exclusive = Exclusive for { $target }
button-rp-lucky = 🎲 Lucky
button-rp-normal = 🟰 Normal
button-rp-exclusive = 🎯 Only { $target }
button-rp-send = 🧧 Send { $total }
button-rp-to-chat = ↗ Send to a chat
button-rp-open = 🧧 Open
rp-cancelled = Red packet cancelled. Nothing left your wallet.
rp-sent = Sent! { $total } is waiting in the red packet.
rp-live-open =
    🧧 <b>{ $sender }</b> sent a red packet
    { $kind }
    Grabbed { $grabbed }/{ $count } · { $left } left
rp-live-finished =
    🧧 <b>{ $sender }</b>'s red packet — all { $count } grabbed in { $duration }
rp-live-expired =
    🧧 <b>{ $sender }</b>'s red packet expired: { $grabbed }/{ $count } grabbed, { $refund } returned to { $sender }.
rp-grab-line = { $who } · { $amount }
rp-luckiest = 👑 Luckiest
rp-more-grabs = …and { $count } more
rp-you-got = 🧧 You got { $amount }!
rp-you-got-open-bot = 🧧 You got { $amount }! It is in your Lingqian wallet: open @{ $bot } to use it.
rp-already-grabbed = You already grabbed { $amount } from this red packet.
rp-expired-notice = ⏰ Your red packet expired: { $grabbed }/{ $count } grabbed; { $refund } came back to your wallet.
rp-inline-title = 🧧 Red packet: { $total } in { $count } shares
rp-inline-description = { $kind } — tap to send it into this chat.
rp-inline-usage = Type: hb <total> <count> [greeting]
rp-inline-failed = 🧧 This red packet could not be sent: { $reason }
rp-inline-failed-sender = 🧧 Your red packet was not sent: { $reason }
duration-seconds = { $s }s
duration-minutes = { $m }m { $s }s
duration-hours = { $h }h { $m }m
kind-red-packet-hold = Red packet sent
kind-red-packet-grab = Red packet received
kind-red-packet-refund = Red packet refund
counterparty-red-packet = red packet
error-PACKET_NOT_FOUND = This red packet does not exist. Nothing was changed.
error-PACKET_TOO_LARGE = A red packet can hold at most { $max } (this one would be { $total }).
error-PACKET_TOO_MANY_SHARES = A red packet can have at most { $max } shares.
error-PACKET_SHARE_TOO_SMALL = Each share must be at least { $min }: { $count } shares need more money.
error-PACKET_COUNT_INVALID = The number of shares must be a whole number from 1 to { $max }.
error-PACKET_NEEDS_TARGET = An exclusive red packet needs someone: reply to their message, or use /redpacket @username &lt;amount&gt;.
error-GREETING_TOO_LONG = The greeting is too long: at most { $max } characters.
error-PACKET_NOT_SENT = This red packet has not been sent.
error-PACKET_NOT_FOR_YOU = This red packet is for someone else.
error-PACKET_OWN = You can't open your own red packet here.
error-PACKET_EMPTY = Too slow — all the shares are gone.
error-PACKET_EXPIRED = This red packet expired; what was left went back to the sender.

## Bills

bills-title = 🧾 <b>Bills</b> (page { $page })
bills-empty = No bills yet.
bills-line = { $time } · { $kind } · { $counterparty } · <b>{ $amount }</b> · balance { $balance }
private-only = That is private: I'll show it in our chat.
button-older = Older ›
button-newest = ‹ Newest
kind-topup = Top-up
kind-transfer-in = Received
kind-transfer-out = Sent
kind-claim-hold = Claim link
kind-claim-release = Claimed
kind-claim-return = Claim refund
kind-other = { $kind }
counterparty-system = Lingqian
counterparty-claim = claim link

## Language

language-choose = Choose your language / 选择语言
language-set = Language set to English.

## Admin

topup-usage = Usage: <code>/topup @username &lt;amount&gt; [note]</code>
topup-done = ✅ Topped up { $to } with { $amount }.
topup-received =
    💰 An admin topped up your wallet with <b>{ $amount }</b>.
    Balance: { $balance }
not-admin = Sorry, only Lingqian admins can do that. Nothing was changed.
user-unknown = I don't know { $username } yet: they need to start me first (or you can send them a claim link with /send in private chat).

## Errors (one per domain error code)

error-DATABASE_BUSY = The wallet is busy for a moment. Nothing was charged: please try again.
error-STORAGE_FULL = The wallet could not save anything just now (its storage is full). Nothing was charged: please try again later.
error-STORAGE_FAILED = The wallet could not save anything just now (a storage error). Nothing was charged: please try again later.
error-DATABASE_READ_ONLY = The wallet cannot save anything right now (its database is read-only). Nothing was charged: please try again later.
error-AMOUNT_EMPTY = Please give an amount, e.g. <code>12.5</code>.
error-AMOUNT_MALFORMED = "{ $input }" is not an amount I understand. Use digits like <code>12</code>, <code>12.5</code>, <code>¥12.50</code> or <code>1,234.50</code>.
error-AMOUNT_NOT_POSITIVE = The amount must be more than zero.
error-AMOUNT_TOO_PRECISE = Too many decimals: use at most { $decimals } (e.g. <code>12.34</code>).
error-AMOUNT_TOO_LARGE = That is above the limit of { $max } per payment.
error-CURRENCY_UNKNOWN = I don't know the currency { $currency }.
error-CURRENCY_MISMATCH = This wallet is in { $expected }; please give the amount in { $expected }.
error-INSUFFICIENT_FUNDS = Not enough money: your balance is { $balance }, the payment needs { $amount }. Nothing was sent.
error-INSUFFICIENT_FUNDS-public = Your balance is too low for this payment. Nothing was sent. Check /balance in our private chat.
error-INSUFFICIENT_FUNDS-others = The payer's balance can't cover this payment right now. Nothing moved.
error-BALANCE_LIMIT = That would take a balance past { $max }, the most Lingqian can hold. Nothing moved.
error-IDEMPOTENCY_CONFLICT = This request was already used for a different payment. Nothing was changed; please start again.
error-ACCOUNT_NOT_FOUND = That wallet does not exist.
error-HOLD_NOT_OPEN = That money was already paid out or returned.
error-HOLD_INSUFFICIENT = There is not enough left for that.
error-USER_NOT_FOUND = I don't know that person yet: they need to start me first.
error-RECIPIENT_NOT_A_PERSON = Only people can be paid: not bots, channels, or messages sent on behalf of a group. Pick a person.
error-USERNAME_INVALID = That is not a Telegram username: 4 to 32 letters, digits or _, starting with a letter (e.g. @alice).
error-SELF_TRANSFER = You can't pay yourself.
error-NOT_ADMIN = Sorry, only Lingqian admins can do that. Nothing was changed.
error-MEMO_TOO_LONG = The memo is too long: at most { $max } characters.
error-CARD_NOT_FOUND = This button is no longer valid. Nothing was changed.
error-CARD_EXPIRED = This card expired. Nothing was sent — send again if you still want to pay.
error-CARD_CANCELLED = This payment was cancelled. Nothing was sent.
error-CARD_CHANGED = The card changed since you saw it: check it and confirm again. Nothing moved.
error-NOT_YOUR_BUTTON = This button is not yours.
error-CLAIM_NOT_FOUND = This link is not valid (it may have been mistyped). Nothing was changed.
error-CLAIM_OWN = This is your own claim link: forward it to the person you are paying.
error-CLAIM_TAKEN = Someone already claimed this money.
error-CLAIM_CANCELLED = The sender took this money back.
error-CLAIM_EXPIRED = This link expired; the money went back to the sender.
error-OFFER_NOT_FOUND = This payment no longer exists.
error-OFFER_OWN = This is your own payment: someone else has to press Receive.
error-OFFER_TAKEN = Someone else received this payment first.
error-OFFER_CANCELLED = The sender cancelled this payment.
error-OFFER_EXPIRED = This payment expired.
error-unknown = Something went wrong on our side (ref { $ref }). Nothing was changed; please try again.
unknown-command = I did not understand that. /help lists what I can do.
rate-limited = You're going a bit fast — please wait a moment and try again.

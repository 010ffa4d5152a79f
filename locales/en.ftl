# Lingqian (零钱) — English. Messages are HTML; variables are escaped by the bot.
# Every key here has a twin in zh.ftl; test/bot/locales.test.ts checks that, and that no key
# is left unused. One word per concept: a transfer (between people), a payment (to a shop),
# a balance, a note, transactions (the history).

## Welcome and help

welcome =
    👋 <b>Welcome to Lingqian</b>, { $name }!
    Your wallet is ready. Balance: <b>{ $balance }</b>

    Transfer: <code>/send @username 12.5 lunch</code>
    In a group: reply to someone with <code>/send 12.5</code>
    In any chat: type <code>@{ $bot } 12.5 thanks</code>

    /help lists everything.
help =
    <b>Lingqian: a wallet inside Telegram</b>

    <b>Commands</b>
    /balance: your balance
    /send @username &lt;amount&gt; [note]: transfer to someone (in a group, reply to their message with /send &lt;amount&gt;)
    /receive [amount] [note]: your receive code, a QR others scan with their phone camera to pay you (<code>/receive reset</code> replaces it)
    📷 Scan: send me a photo of a Lingqian QR code to pay it
    /merchant &lt;name&gt; | &lt;category&gt;: open a merchant for your shop; /merchant code: its QR code; /charge &lt;amount&gt; [description]: an order to pay by QR; /merchant staff @username: a cashier who hears of every payment
    /redpacket &lt;total&gt; &lt;quantity&gt; [greeting]: a red packet 🧧 for a group (in private chat: send it into any chat)
    /bills: your transactions, newest first
    /statement [YYYY-MM]: a monthly statement (spending, income, a chart); last month's arrives at 09:00 on the 1st, <code>/statement off</code> stops it
    /budget &lt;amount&gt;: a monthly spending budget, with alerts at 80% and 100%
    /cards: your bank cards (add one with the bank's verification code); /topup &lt;amount&gt;: top up from a card; /withdraw &lt;amount&gt;: withdraw to a card (the first { $freeWithdrawal } free, then a { $feeRate } fee)
    /security: security center: payment password, password-free payments, daily limit, freeze your account at once
    /settings: language, time zone, statement, budget
    /language: English or 中文 (in a group, an admin sets the group's)
    /help: this message

    <b>Inline mode</b>: in any chat type <code>@{ $bot } 12.5 thanks</code> and pick the card; the first person who presses Accept receives the money.

    <b>To someone who has not started me</b>: you get a claim link to forward. Whoever opens it first receives the money; if nobody does within 24 h, it returns to your balance.

    <b>Amounts</b>: <code>12</code>, <code>12.5</code>, <code>¥12.50</code>, <code>12.5元</code>, <code>1,234.50</code>, up to { $max } per transfer, at most two decimals.

    <b>Why did a transfer fail?</b>
    • Your balance is lower than the amount: check /balance, then try again.
    • The amount is above the per-payment limit of { $max }: send less, or in parts.
    • The card expired (cards last 10 minutes): send the command again.
    • The button was someone else's: only the payer can confirm.
    • Today's payments reached your daily limit: the refusal says what is left today; /security shows it (a new day starts at midnight in the wallet's time zone).
    • Your account is frozen: nothing can leave it until it is unfrozen (/security); money sent to you still arrives.
    • It needs your payment password: above the password-free amount, Confirm shows a keypad in our private chat. Inline mode can't ask for it: inline transfers stay within the password-free amount, and a red packet above it is confirmed on its card in our private chat first.
    • No payment password yet: only a small amount a day can be paid; set one with /security password.
    • ⚠️ Risk alert: the payment looked unlike you (many payments in minutes, a large amount from a new account…); the alert says which rule, and some ask for your password instead. Not you? Freeze your account.
    • ⏳ Under review: a very large payment waits for Lingqian to check it; you are told the result, and the money comes back if it is not approved.
    • Too many wrong passwords: payments are locked for a few hours; the refusal says until when. Forgot it? Verify your phone number in /security, then press Forgot password.

    <b>Keeping your money safe</b>: set a payment password nobody can guess (not your birthday), and never tell it to anyone: Lingqian only ever asks for it on its keypad. If your Telegram account may be in someone else's hands, press ❄️ Freeze account in /security at once. Unfreezing waits a cool-down, so whoever froze it out of fear has time to speak up; an admin can also freeze or unfreeze an account.
    Every transfer happens once: pressing Confirm twice never pays twice.
help-admin =
    <b>Admin</b>
    /topup @username &lt;amount&gt; [note]: top up a wallet (recorded with your id)
    /audit: check the ledger
    /freeze @username [reason] · /unfreeze @username: stop or restore payments out of a wallet (recorded with your id)
    /review: payments held by risk control, to approve or reject

## Command menu

cmd-start = Open your wallet
cmd-help = What I can do
cmd-balance = Your balance
cmd-send = Transfer to someone
cmd-receive = Receive code: get paid by QR
cmd-merchant = Merchant: your shop
cmd-redpacket = Send a red packet 🧧
cmd-bills = Transactions
cmd-statement = Monthly statement
cmd-budget = Monthly budget
cmd-security = Security center
cmd-settings = Settings: language, time zone
cmd-language = Language / 语言
cmd-topup = Top up from your bank card
cmd-cards = Bank cards
cmd-withdraw = Withdraw to your bank card
cmd-audit = Admin: audit the ledger
cmd-freeze = Admin: freeze an account
cmd-unfreeze = Admin: unfreeze an account
cmd-review = Admin: payments under review

## Balance

balance = 💰 Balance: <b>{ $balance }</b>
private-only = That is private: open our chat to see it.
button-open-wallet = Open wallet

## Transfers

memo-line = Note: { $memo }
send-usage =
    To transfer:
    <code>/send @username 12.5 lunch</code>
    or reply to their message with <code>/send 12.5 lunch</code>
send-group-needs-target = In a group, reply to the person's message with <code>/send &lt;amount&gt;</code>, or use <code>/send @username &lt;amount&gt;</code>.
send-unknown-in-group = I don't know { $username } yet. Send from our private chat instead: you will get a claim link to forward to them.
card =
    💸 <b>Confirm transfer</b>
    To: { $to }
    Amount: <b>{ $amount }</b>
    Only { $from } can confirm. The card expires in 10 min.
card-unknown-recipient = { $username } (not on Lingqian yet: you will get a claim link)
button-confirm = ✅ Confirm
button-cancel = Cancel
receipt =
    ✅ <b>Transfer sent</b> · { $amount } to { $to }
    { $time }
receipt-payer = Transfer sent · { $amount }. Balance: { $balance }
receipt-held =
    ⏳ <b>Under review</b> · { $amount } to { $to }
    { $time } · the money is paid once Lingqian approves it, or comes back
receipt-held-payer = ⏳ Under review: { $amount } waits for a check by Lingqian ({ $rules }). You will be told the result; if it is not approved, the money comes back to you.
receipt-payee =
    💰 { $from } sent you <b>{ $amount }</b> · added to your balance
    Balance: { $balance }
receipt-payee-code =
    💰 Received <b>{ $amount }</b> from { $from } · by your receive code
    Balance: { $balance }
card-cancelled = Transfer cancelled. You were not charged.
card-expired = This card expired. You were not charged: send the command again to transfer.
already-paid = Already sent: this transfer happened once.
button-invalid = This button is no longer valid. Nothing changed.

## Claim links

claim-created =
    🔗 <b>Claim link · { $amount }</b>
    Forward this link to { $to }: whoever opens it first receives the money.
    { $link }
    Unclaimed money returns to your balance after 24 h.
button-cancel-claim = Take it back
claim-received =
    💰 { $from } sent you <b>{ $amount }</b> · added to your balance
    Balance: { $balance }
claim-sender-notice = ✅ { $to } accepted the { $amount } you sent.
claim-cancelled = Claim link cancelled: { $amount } returned to your balance.
claim-expired-notice = ⏰ Nobody claimed the { $amount } you sent within 24 h: it returned to your balance.
claim-already-yours = You already received this money.
link-unknown = This link is not valid (it may have been mistyped). Nothing changed.

## Inline mode

inline-title = Transfer { $amount }
inline-description = The first person to press Accept receives it.
inline-card =
    💸 { $from } is sending <b>{ $amount }</b>
    The first person to press Accept receives it.
inline-usage-title = Type an amount, e.g. 12.5 thanks
inline-received = ✅ { $to } accepted <b>{ $amount }</b> from { $from }
inline-cancelled = { $from } cancelled this transfer of { $amount }.
inline-expired = This transfer expired. Nobody was charged.
inline-sender-notice = ✅ { $to } accepted the { $amount } you sent. Balance: { $balance }
inline-you-received = { $amount } added to your balance. Open our private chat to see your wallet.
button-receive = 💰 Accept

## Red packets

rp-usage =
    🧧 To send a red packet:
    <code>/redpacket 10 5 恭喜发财</code>: ¥10 in 5 random amounts
    <code>/redpacket @username 8.88 happy birthday</code>: for one member only (exclusive)
    Up to { $max } per packet and { $shares } packets; at least { $min } each; a greeting of up to { $greeting } characters.
rp-card =
    🧧 <b>Red packet</b> · { $kind }
    Quantity: { $count }
    Total: <b>{ $total }</b>
rp-card-footer =
    Unclaimed money returns to your balance after 24 h.
    Only { $from } can send it. The card expires in 10 min.
rp-card-private-footer =
    Unclaimed money returns to your balance after 24 h.
    Press "Send to a chat" and pick the chat. The card expires in 10 min.
rp-greeting-line = “{ $greeting }”
rp-kind-lucky = Random amount
rp-kind-normal = Identical amount ({ $each } each)
rp-kind-exclusive = Exclusive for { $target }
button-rp-lucky = 🎲 Random amount
button-rp-normal = 🟰 Identical amount
button-rp-exclusive = 🎯 Only { $target }
button-rp-send = 🧧 Send { $total }
button-rp-to-chat = ↗ Send to a chat
button-rp-open = 🧧 Open
rp-cancelled = Red packet cancelled. You were not charged.
rp-sent = Sent: { $total } is in the red packet.
rp-live-open =
    🧧 <b>{ $sender }</b> sent a red packet
    { $kind }
    { $grabbed } of { $count } taken · { $left } left
rp-live-finished =
    🧧 <b>{ $sender }</b>'s red packet: { $count ->
        [one] taken ({ $total }) in { $duration }
       *[other] all { $count } taken ({ $total }) in { $duration }
    }
rp-live-expired =
    🧧 <b>{ $sender }</b>'s red packet expired: { $grabbed } of { $count } taken, { $refund } returned to { $sender }.
rp-grab-line = { $who } · { $amount }
rp-luckiest = 👑 Best luck
rp-more-grabs = { $count ->
    [one] …and 1 more
   *[other] …and { $count } more
}
rp-you-got = 🧧 { $amount } added to your balance!
rp-you-got-open-bot = 🧧 { $amount } added to your Lingqian balance! Open @{ $bot } to use it.
rp-already-grabbed = You already got { $amount } from this red packet.
rp-expired-notice = ⏰ Your red packet expired: { $grabbed } of { $count } taken; { $refund } returned to your balance.
rp-inline-title = 🧧 Red packet: { $total }, { $count ->
    [one] 1 packet
   *[other] { $count } packets
}
rp-inline-description = { $kind }: tap to send it into this chat.
rp-inline-usage = Type: hb <total> <quantity> [greeting]
rp-inline-failed = 🧧 This red packet was not sent: { $reason }
rp-inline-failed-sender = 🧧 Your red packet was not sent: { $reason }
duration-under-a-second = under a second
duration-seconds = { $n } s
duration-minutes = { $n } min
duration-hours = { $n } h
kind-red-packet-hold = Red packet sent
kind-red-packet-grab = Red packet received
kind-red-packet-refund = Red packet refund
kind-merchant-payment = Merchant payment
kind-merchant-takings = Takings
kind-merchant-refund = Merchant refund
kind-merchant-settlement = Merchant takings to wallet
counterparty-red-packet = red packet
error-BILL_NOT_FOUND = That transaction is not in your bills. Nothing was changed.
error-ACCOUNT_FROZEN = Your account is frozen: no money can leave it (money sent to you still arrives). /security shows how to unfreeze it. You were not charged.
error-ACCOUNT_FROZEN-public = Your account can't pay right now. You were not charged: see /security in our private chat.
error-ACCOUNT_FROZEN-others = The payer can't pay right now. Nobody was charged.
error-DAILY_LIMIT_EXCEEDED = That is over your daily limit of { $limit }: { $left } left today (a new day starts at midnight, { $zone }). You were not charged.
error-DAILY_LIMIT_EXCEEDED-public = That is over your daily limit. You were not charged: see /security in our private chat.
error-DAILY_LIMIT_EXCEEDED-others = The payer has reached a daily limit. Nobody was charged.
error-LIMIT_ABOVE_DEFAULT = Your daily limit can be at most { $max }. Nothing was changed.
error-NOT_FROZEN = Your account is not frozen. Nothing was changed.
error-FROZEN_BY_ADMIN = An admin froze your account, so only an admin can unfreeze it. Nothing was changed.
error-PACKET_NOT_FOUND = This red packet does not exist. Nothing changed.
error-PACKET_TOO_LARGE = A red packet holds at most { $max } (this one would be { $total }): send less, or several packets.
error-PACKET_TOO_MANY_SHARES = A red packet splits into at most { $max } packets: choose a smaller quantity.
error-PACKET_SHARE_TOO_SMALL = Each packet needs at least { $min }: { $count } packets need a larger total.
error-PACKET_COUNT_INVALID = The quantity must be a whole number from 1 to { $max }, e.g. <code>/redpacket 10 5</code>.
error-PACKET_NEEDS_TARGET = An exclusive red packet needs someone: reply to their message, or use /redpacket @username &lt;amount&gt;.
error-GREETING_TOO_LONG = The greeting is too long: at most { $max } characters.
error-PACKET_NOT_SENT = This red packet has not been sent yet.
error-PACKET_NOT_FOR_YOU = This red packet is for someone else.
error-PACKET_OWN = You can't open your own red packet here: only in a group.
error-PACKET_EMPTY = Too late: all taken.
error-PACKET_EXPIRED = This red packet expired; what was left returned to the sender.

## Transactions

bills-title = 🧾 <b>Transactions</b> · page { $page }
bills-empty = No transactions yet.
bills-filter = { $month } · { $direction } · { $type }
bills-month-this = This month
bills-month-last = Last month
bills-month-pick = Pick month
bills-month-all = All time
bills-in = Income
bills-out = Spending
bills-both = In & out
bills-type-all = All types
button-bills-export = 📄 Export CSV
button-bills-back = ‹ Transactions
bills-usage =
    <code>/bills</code>: your transactions, with filters
    <code>/bills 2026-11</code>: one month
    <code>/bills export 2026-11</code>: a month as a CSV file (this month without a month)
bills-export-preparing = Preparing the CSV…
bills-export-empty = No transactions in { $month }.
bills-export-caption = Transactions of { $month }: { $count ->
        [one] 1 row
       *[other] { $count } rows
    } (UTF-8 CSV)
bill-detail =
    🧾 <b>Details</b>
    { $kind } · { $counterparty }
    Amount: <b>{ $amount }</b>
    Time: { $time } ({ $zone })
    Balance after: { $balance }
    Note: { $memo }
    Reference: { $ref }
bill-detail-no-memo = none
csv-time = Time
csv-type = Type
csv-direction = In/out
csv-counterparty = Counterparty
csv-amount = Amount
csv-currency = Currency
csv-balance = Balance after
csv-note = Note
csv-reference = Reference
csv-in = Income
csv-out = Spending
bills-line = { $time } · { $kind } · { $counterparty } · <b>{ $amount }</b> · balance { $balance }
button-older = Older ›
button-newest = ‹ Newest
kind-topup = Top-up
kind-transfer-in = Transfer from
kind-transfer-out = Transfer to
kind-claim-hold = Claim link · pending
kind-claim-release = Claim link · accepted
kind-claim-return = Claim link · returned
kind-review-hold = Transfer · under review
kind-review-release = Transfer from · reviewed
kind-review-return = Transfer · returned after review
kind-other = { $kind }
counterparty-system = Lingqian
counterparty-claim = claim link
counterparty-review = payment review

## Language

language-choose = Choose your language / 选择语言
language-choose-group = Choose the group's language / 选择本群语言
language-set = Language: English.
language-set-group = This group now reads Lingqian in English. Private messages stay in each person's own language.
language-group-admins-only = Only the group's admins can set its language.

## Admin

topup-usage = Usage: <code>/topup @username &lt;amount&gt; [note]</code>
topup-done = ✅ Topped up { $to } with { $amount }.
topup-received =
    💰 An admin topped up your wallet with <b>{ $amount }</b>.
    Balance: { $balance }
not-admin = Only Lingqian admins can do that. Nothing changed.
user-unknown = I don't know { $username } yet: they need to start me first (or send them a claim link with /send in our private chat).

## Errors (one per domain error code; each says what happened and what to do)

error-DATABASE_BUSY = The wallet is busy for a moment. You were not charged: please try again.
error-STORAGE_FULL = The wallet could not save anything just now (its storage is full). You were not charged: please try again later.
error-STORAGE_FAILED = The wallet could not save anything just now (a storage error). You were not charged: please try again later.
error-DATABASE_READ_ONLY = The wallet cannot save anything right now (its database is read-only). You were not charged: please try again later.
error-AMOUNT_EMPTY = Please give an amount, e.g. <code>12.5</code>.
error-AMOUNT_MALFORMED = “{ $input }” is not an amount I understand. Use digits like <code>12</code>, <code>12.5</code>, <code>¥12.50</code> or <code>1,234.50</code>.
error-AMOUNT_NOT_POSITIVE = The amount must be more than zero, e.g. <code>12.5</code>.
error-AMOUNT_TOO_PRECISE = Too many decimals: use at most { $decimals } (e.g. <code>12.34</code>).
error-AMOUNT_TOO_LARGE = That is above the per-payment limit of { $max }: send less, or in parts.
error-CURRENCY_UNKNOWN = I don't know the currency { $currency }. I know { $known }.
error-CURRENCY_MISMATCH = This wallet is in { $expected }, not { $given }: give the amount in { $expected }, e.g. <code>12.5</code>.
error-INSUFFICIENT_FUNDS = Not enough balance: you have { $balance }, this needs { $amount }. You were not charged.
error-INSUFFICIENT_FUNDS-public = Your balance is too low for this. You were not charged: check /balance in our private chat.
error-INSUFFICIENT_FUNDS-others = The payer's balance can't cover this right now. Nobody was charged.
error-BALANCE_LIMIT = That would take a balance past { $max }, the most Lingqian can hold. You were not charged.
error-IDEMPOTENCY_CONFLICT = This request was already used for a different payment. You were not charged: please start again.
error-ACCOUNT_NOT_FOUND = That wallet does not exist. Nothing changed.
error-HOLD_NOT_OPEN = That money was already paid out or returned. Nothing changed.
error-HOLD_INSUFFICIENT = There is not enough left for that. Nothing changed.
error-USER_NOT_FOUND = I don't know that person yet: they need to start me first.
error-RECIPIENT_NOT_A_PERSON = Only people can receive a transfer: not bots, channels, or messages sent on behalf of a group. Pick a person.
error-USERNAME_INVALID = That is not a Telegram username: 4 to 32 letters, digits or _, starting with a letter (e.g. @alice).
error-SELF_TRANSFER = You can't transfer to yourself: pick someone else.
error-NOT_ADMIN = Only Lingqian admins can do that. Nothing changed.
error-MEMO_TOO_LONG = The note is too long: at most { $max } characters.
error-CARD_NOT_FOUND = This button is no longer valid. Nothing changed.
error-CARD_EXPIRED = This card expired. You were not charged: send the command again to transfer.
error-CARD_CANCELLED = This transfer was cancelled. You were not charged.
error-CARD_CHANGED = The card changed since you saw it: check it and confirm again. You were not charged.
error-NOT_YOUR_BUTTON = This button is someone else's: only they can press it.
error-CLAIM_NOT_FOUND = This link is not valid (it may have been mistyped). Nothing changed.
error-CLAIM_OWN = This is your own claim link: forward it to the person you are paying.
error-CLAIM_TAKEN = Someone else already accepted this money.
error-CLAIM_CANCELLED = The sender took this money back.
error-CLAIM_EXPIRED = This link expired; the money returned to the sender.
error-OFFER_NOT_FOUND = This transfer no longer exists.
error-OFFER_OWN = This is your own transfer: someone else has to press Accept.
error-OFFER_TAKEN = Someone else accepted this transfer first.
error-OFFER_CANCELLED = The sender cancelled this transfer.
error-OFFER_EXPIRED = This transfer expired. Nobody was charged.
error-RECEIVE_CODE_NOT_FOUND = This QR code is not a Lingqian receive code I know. Nothing was paid.
error-RECEIVE_CODE_RESET = Its owner has reset this receive code: it no longer works. Nothing was paid; ask them for their new one.
error-RECEIVE_CODE_EXPIRED = This receive code has expired. Nothing was paid; ask for a new one.
error-RECEIVE_CODE_OWN = This is your own receive code: show it to the person paying you.
error-MERCHANT_NOT_FOUND = You have no merchant yet: open one with <code>/merchant name | category</code>.
error-MERCHANT_EXISTS = You already have a merchant: /merchant shows it.
error-MERCHANT_NAME_INVALID = A merchant needs a name and a category, each on one line, the name at most { $max } characters: <code>/merchant Lucky Noodles | Restaurant</code>
error-MERCHANT_OWN = That is your own merchant: a shop cannot pay itself.
error-ORDER_NOT_FOUND = There is no such order. Nothing was paid.
error-ORDER_PAID = This order has already been paid. Nothing more was paid.
error-ORDER_CLOSED = The merchant has closed this order. Nothing was paid.
error-ORDER_EXPIRED = This order has expired. Nothing was paid; ask the merchant for a new one.
error-ORDER_NOT_PAID = That order was not paid, so there is nothing to refund.
error-REFUND_WINDOW_PASSED = That payment is more than { $days } days old: it can no longer be refunded here.
error-REFUND_TOO_LARGE = That is more than is left to refund of this payment: { $left }. Nothing was refunded.
error-REFUND_NOTHING_LEFT = This payment has been refunded in full already.
error-REFUND_ABOVE_TAKINGS = The merchant holds only { $held }, less than this refund. Nothing was refunded: the refund is paid from the merchant's takings, not from your wallet.
error-API_KEY_INVALID = That is not an RSA public key (2048 to 4096 bits) or an X.509 certificate in PEM. Nothing was changed.
error-API_KEY_PRIVATE = That is a private key: never send it to anyone, Lingqian included. Send the public key or the certificate (apiclient_cert.pem). Nothing was saved.
error-API_KEY_EXISTS = This key is registered already. Nothing was changed.
error-API_KEY_NOT_FOUND = Your merchant has no active API key with that serial number.
error-OUT_TRADE_NO_USED = This merchant order number was used for another order.
error-OUT_REFUND_NO_USED = This merchant refund number was used for another refund.
error-ORDER_EXPIRY_INVALID = The order's expiry time must be in the future and within 7 days.
error-REFUND_TOTAL_MISMATCH = The order total given does not match the order. Nothing was refunded.
error-REFUND_NOT_FOUND = There is no such refund.
error-NOTIFICATION_NOT_FOUND = There is no such notification.
error-MERCHANT_NOTHING_TO_SETTLE = The merchant holds nothing to move right now.
error-STAFF_IS_OWNER = You own the merchant: you hear of every payment already.
error-STAFF_TOO_MANY = A merchant can have at most { $max } cashiers.
error-unknown = Something went wrong on our side (ref { $ref }). You were not charged: please try again.
error-after-money-moved = Something went wrong after money moved (ref { $ref }). Check /balance or /bills before you try again, so nothing is paid twice.
unknown-command = I did not understand that. /help lists what I can do.
rate-limited = You're going a bit fast: please wait a moment and try again.

## Monthly statement

statement-title = Monthly statement · { $month }
statement-subtitle = { $zone } · balance { $opening } → { $closing }
statement-spending = Spending
statement-income = Income
statement-net = Net
statement-daily = Spending per day
statement-daily-most = Highest day: { $amount }
statement-by-type = Spending by type
statement-top-payees = Paid the most
statement-nothing = Nothing this month
statement-footer = Lingqian · opening { $opening }, net { $net }, closing { $closing }
bill-type-transfer = Transfers
bill-type-red-packet = Red packets
bill-type-merchant = Merchants
bill-type-topup = Top-ups
bill-type-other = Other
statement-caption =
    📊 <b>Monthly statement · { $month }</b>
    Spending <b>{ $out }</b> ({ $outCount ->
        [one] 1 payment
       *[other] { $outCount } payments
    }) · Income <b>{ $in }</b> ({ $inCount ->
        [one] 1 payment
       *[other] { $inCount } payments
    })
    Net { $net } · Balance { $closing }
statement-change-up = Spending up { $amount } on { $previous }.
statement-change-down = Spending down { $amount } on { $previous }.
statement-change-same = Spending the same as in { $previous }.
statement-red-packets = 🧧 Red packets: { $sentCount } sent ({ $sent }), { $receivedCount } received ({ $received }), best luck { $best }
statement-biggest = Biggest payment: { $amount } to { $to }
statement-usage =
    <code>/statement</code>: this month so far
    <code>/statement 2026-11</code>: another month
    <code>/statement off</code> / <code>on</code>: stop or restart the statement sent on the 1st
statement-future = { $month } has not begun yet.
statement-empty = No transactions in { $month }. Balance: { $closing }
statement-on = Monthly statements are on: last month's arrives at 09:00 on the 1st ({ $zone }). <code>/statement off</code> stops them.
statement-off = Monthly statements are off. <code>/statement</code> still shows any month; <code>/statement on</code> restarts them.
button-statement-previous = ‹ { $month }

## Settings

settings =
    ⚙️ <b>Settings</b>
    Language: { $language } (/language)
    Time zone: { $zone }, now { $now }
    Monthly statement: { $statement }
    Budget: { $budget } (/budget)

    Bills and statements follow your time zone: pick one below, or type <code>/settings tz Europe/Paris</code>.
settings-language-en = English
settings-language-zh = 中文
settings-statement-on = on, at 09:00 on the 1st (<code>/statement off</code>)
settings-statement-off = off (<code>/statement on</code>)
settings-budget-none = none
settings-usage = <code>/settings</code> shows your settings; <code>/settings tz Asia/Tokyo</code> sets your time zone.
settings-zone-unknown = “{ $zone }” is not a time zone I know. Use a name like <code>Asia/Shanghai</code> or <code>Europe/London</code>.
settings-zone-set = Time zone: { $zone }

## Budget

budget-set = 🎯 Monthly budget: <b>{ $budget }</b>. I will tell you when your spending passes 80% of it, and 100%.
budget-off = Budget removed.
budget-none = No budget set. Spent in { $month }: { $spent }. <code>/budget 2000</code> sets a monthly one.
budget-status = 🎯 Budget for { $month }: <b>{ $budget }</b>. Spent { $spent } ({ $percent }%). <code>/budget off</code> removes it.
budget-alert-near = ⚠️ You have spent { $spent } of your { $budget } budget for { $month } ({ $percent }%).
budget-alert-over = ⚠️ Your spending in { $month } has reached { $spent }, over your { $budget } budget.

## Security center

security-center =
    🛡️ <b>Security center</b>
    Account: { $account }
    Payment password: { $password }
    Phone number: { $phone }
    Password-free payments: { $free }
    Daily limit: { $limit } · left today { $left } (<code>/security limit 1000</code> lowers it)
    Bank cards: { $cards }

    <b>Recent</b>
    { $events }
security-account-active = ✅ payments allowed
security-account-frozen = ❄️ frozen: no money can leave it, money sent to you still arrives
security-account-unfreezing = ❄️ frozen until { $time }, then payments resume
security-no-events = nothing yet
security-no-cards = none (add one with /cards)
security-event-freeze = { $time } · frozen by { $by }
security-event-unfreeze-requested = { $time } · unfreeze asked for by { $by }
security-event-unfreeze = { $time } · unfrozen by { $by }
security-event-limit = { $time } · daily limit changed by { $by }
security-by-you = you
security-by-admin = an admin
security-usage = <code>/security</code> opens the security center; <code>/security password</code> sets or changes your payment password; <code>/security free 50 200</code> allows password-free payments up to ¥50 each and ¥200 a day (<code>/security free off</code>: always ask); <code>/security limit 1000</code> sets your daily limit, <code>/security limit off</code> restores the default.
security-frozen-now = Your account is frozen: no money can leave it until you unfreeze it.
security-unfreeze-at = Payments resume at { $time }. Until then your account stays frozen.
button-freeze = ❄️ Freeze account
button-unfreeze = Unfreeze
freeze-usage = <code>/freeze @username [reason]</code> or <code>/unfreeze @username</code>
freeze-done = ❄️ { $who } is frozen: no money can leave their wallet.
unfreeze-done = ✅ { $who } is unfrozen.
security-account-frozen-by-admin = ❄️ frozen by an admin: only an admin can unfreeze it
security-event-limit-raise = { $time } · daily limit raise asked for by { $by }
security-limit-raising = {" "}(raise applies at { $time })
security-limit-raise-at = A higher limit applies at { $time }, after a cool-down; until then the current one stays.

## Payment password (keypad)

keypad-prompt-old = Enter your current payment password
keypad-prompt-new = Choose a new 6-digit payment password
keypad-prompt-confirm = Enter the new payment password again
keypad-prompt-pay = Enter payment password
keypad-notice-again = Now once more, to be sure.
keypad-notice-mismatch = ⚠️ The two entries differ. Choose the new password again.
keypad-notice-too-simple = ⚠️ Too easy to guess (one digit repeated, or a run like 123456). Choose another.
keypad-notice-old-ok = ✅ Current password right.
keypad-notice-wrong = ⚠️ Wrong password, { $tries ->
    [one] 1 try left
   *[other] { $tries } tries left
}
keypad-cancelled = Password entry cancelled.
keypad-locked = 🔒 Too many wrong passwords: payments are locked until { $time }. You were not charged. If someone else may know your password, freeze your account in /security.
password-set-title = 🔐 <b>Set your payment password</b>
    Six digits, typed on the keypad below (its digits are in a new order every time it opens). Never share it: Lingqian never asks for it anywhere else.
password-change-title = 🔐 <b>Change your payment password</b>
password-unfreeze-title = ❄️ <b>Unfreeze your account</b>
    Payments resume after the cool-down.
password-free-title = ⚙️ <b>Raise password-free payments</b> to { $payment } per payment, { $daily } a day
password-set-done = ✅ Your payment password is set. Payments above the password-free amount now ask for it.
password-changed-done = ✅ Your payment password is changed.
password-asked-in-private = 🔐 Waiting for { $who } to enter the payment password in the private chat with me.
password-sent-to-private = Enter your payment password in our private chat.
password-open-private = Open our private chat (the button on the card) to enter your payment password.
button-enter-password = 🔐 Enter password
card-password = 💸 Transfer <b>{ $amount }</b> to { $to }
rp-password = 🧧 Red packet · <b>{ $total }</b>
button-set-password = 🔐 Set payment password
button-change-password = 🔐 Change payment password
security-password-set = ✅ set
security-password-not-set = ⚠️ not set: set one to pay more than small amounts
security-password-locked = 🔒 locked until { $time } (too many wrong entries)
security-free-on = up to { $payment } per payment, { $daily } a day (used today: { $used }; <code>/security free 50</code> changes it)
security-free-off = off: every payment asks for the password (<code>/security free 50</code> turns it on)
security-free-no-password = without a payment password you can pay up to { $limit } a day
security-free-set = ✅ Password-free payments: up to { $payment } per payment, { $daily } a day.
security-event-password-set = { $time } · payment password set
security-event-password-changed = { $time } · payment password changed
security-event-password-failed = { $time } · wrong payment password
security-event-password-locked = { $time } · payment password locked (too many wrong entries)
security-event-free = { $time } · password-free payments changed
error-PASSWORD_REQUIRED = This needs your payment password, which is only typed on the keypad in our private chat. Payments up to your password-free amount need none (/security). You were not charged.
error-PASSWORD_REQUIRED-public = This payment needs your payment password. You were not charged: send it from our private chat.
error-PASSWORD_REQUIRED-others = This payment needs the payer's payment password. Nobody was charged.
error-PASSWORD_SETUP_NEEDED = Without a payment password you can pay up to { $limit } a day ({ $left } left today). Set one in /security to pay { $amount }. You were not charged.
error-PASSWORD_SETUP_NEEDED-public = This payment needs a payment password first. You were not charged: see /security in our private chat.
error-PASSWORD_SETUP_NEEDED-others = The payer has to set a payment password first. Nobody was charged.
error-PASSWORD_NOT_SET = You have no payment password yet: set one in /security.
error-PASSWORD_ALREADY_SET = You already have a payment password: /security can change it.
error-PASSWORD_LOCKED = 🔒 Too many wrong passwords: payments are locked until { $unlocksAt }. You were not charged. If someone else may know your password, freeze your account in /security.
error-PASSWORD_LOCKED-public = Your payments are locked for now. You were not charged: see /security in our private chat.
error-PASSWORD_LOCKED-others = The payer can't pay right now. Nobody was charged.
error-PASSWORD_TOO_SIMPLE = That password is too easy to guess. Choose another.
error-PASSWORD_ENTRY_NOT_FOUND = This keypad is not valid. Nothing changed.
error-PASSWORD_ENTRY_STALE = This keypad is no longer in use. Nothing changed: press the payment's button again.
keypad-expired = This keypad expired. Nothing changed: press the button again to enter the password.
error-FREE_ABOVE_CAP = Password-free payments can go up to { $max } at most.

## Phone number

phone-ask = 📱 Press the button below to share your phone number with me. Only your own Telegram contact counts; the number is kept encrypted and shown masked.
button-share-phone = 📱 Share my phone number
phone-verified = ✅ Phone number verified: { $phone }
password-reset-ask = 🔐 To reset your payment password, share your phone number again with the button below. It must be the verified number.
password-reset-phone-ok = ✅ Phone number matches.
password-reset-title = 🔐 <b>Reset your payment password</b>
password-reset-done = ✅ Your payment password is reset. For your safety, until { $time } your daily limit is { $limit }.
button-forgot-password = Forgot password
button-verify-phone = 📱 Verify phone number
security-phone-verified = ✅ { $phone } (verified)
security-phone-not-verified = ⚠️ not verified: it lets you reset a forgotten password
security-limit-reduced = {" "}(lowered after a password reset until { $time })
security-event-phone = { $time } · phone number verified
security-event-password-reset = { $time } · payment password reset
security-event-payment-held = { $time } · payment of { $amount } held for review
security-event-payment-approved = { $time } · held payment of { $amount } approved
security-event-payment-rejected = { $time } · held payment of { $amount } rejected, money returned
security-event-payment-expired = { $time } · held payment of { $amount } not reviewed in time, money returned
error-PHONE_INVALID = That does not look like a phone number. Nothing changed.
error-PHONE_NOT_OWN = Only your own phone number counts: press 📱 Share my phone number instead of sending a contact. Nothing changed.
error-PHONE_NOT_VERIFIED = First verify your phone number in /security.
error-PHONE_ALREADY_VERIFIED = Your account already has a different verified phone number. It can't be replaced here; ask an admin. Nothing changed.
error-PHONE_MISMATCH = That is not your verified phone number. The password was not reset.
error-HELD_PAYMENT_NOT_FOUND = There is no such held payment. Nothing changed.
button-rp-password = 🔐 Confirm with password
rp-password-given = ✅ Password given: send it to a chat within 5 minutes.
security-limit-verify-phone = {" "}(verify your phone number to raise it to { $limit })

## Risk control

error-RISK_BLOCKED = ⚠️ Risk alert: this payment was stopped to protect your account ({ $rules }). You were not charged. Not you? Freeze your account in /security now.
error-RISK_BLOCKED-public = ⚠️ Risk alert: this payment was stopped. You were not charged: see our private chat.
error-RISK_BLOCKED-others = ⚠️ Risk alert: the payer's payment was stopped. Nobody was charged.
risk-rule-wrong_passwords = several wrong passwords just now
risk-rule-velocity = many payments in a few minutes
risk-rule-amount_velocity = a lot of money out within an hour
risk-rule-new_account = a large amount from a new account
risk-rule-unusual_amount = far more than you usually pay
risk-rule-new_recipients = many new payees within an hour
risk-rule-farming = money collected from red packets forwarded on, like a farming ring
## Payment review (admins)

review-empty = No payments are waiting for review.
review-waiting = { $count } payment(s) waiting for review; the oldest { $shown } below.
review-card =
    🛡 <b>Held payment #{ $id }</b> · { $time }
    { $from } → { $to }: <b>{ $amount }</b>
    Why: { $rules }
    Goes back to the payer on { $expires } unless decided.
button-review-approve = ✅ Approve
button-review-reject = ↩️ Reject
review-decided-approved = ✅ Approved: paid to the payee.
review-decided-rejected = ↩️ Rejected: returned to the payer.
review-decided-expired = ⌛ Not reviewed in time: returned to the payer.
review-already-decided = Already decided, nothing changed: { $outcome }
review-approved-notice = ✅ Your payment of <b>{ $amount }</b> to { $to } passed review and has been paid.
review-rejected-notice =
    ↩️ Your payment of <b>{ $amount }</b> to { $to } did not pass review. The money is back in your wallet.
    Balance: { $balance }
    Not you? Freeze your account in /security.
review-expired-notice =
    ↩️ Your payment of <b>{ $amount }</b> to { $to } could not be reviewed in time. The money is back in your wallet.
    Balance: { $balance }

## Receive codes and scanning

receive-picture-title = Lingqian · Receive code
receive-picture-caption = Scan with your phone camera to pay in Lingqian
receive-picture-memo = Note: { $memo }
receive-picture-expires = Valid until { $time }
receive-personal-caption =
    💚 <b>Your receive code</b>: anyone who scans it with their phone camera pays you in Lingqian, the amount they type. Or share the link: { $link }
    Printed it somewhere you no longer want it? <code>/receive reset</code> makes a new one.
receive-reset-caption =
    💚 <b>Your new receive code</b>. The old one no longer works. Link: { $link }
receive-fixed-caption =
    💚 <b>Receive code for { $amount }</b>: scan with a phone camera to pay. Valid until { $time }. Link: { $link }
receive-ask-amount = 💸 Pay { $to }: how much? Send the amount, e.g. <code>12.50</code>
receive-amount-placeholder = Amount, e.g. 12.50
scan-none = I found no QR code in this photo. Take it again closer, with the whole code in the picture.
scan-too-large = That image is too large for me to read. Send a smaller photo of the code.
scan-not-an-image = I can only read QR codes in photos (JPEG or PNG).
scan-busy = I am reading many photos right now. Please send it again in a minute.
scan-failed = I could not read that photo. Nothing was paid; try another photo of the code.
scan-foreign = This QR code is not a Lingqian code, so I did not open it. It says: <code>{ $text }</code>
scan-pick = This photo has several Lingqian codes. Which one do you want to pay?
scan-none-payable = The Lingqian codes in this photo can no longer be paid (reset, expired, or your own).

## Merchants and orders

merchant-usage = 🏪 Open a merchant for your shop: <code>/merchant Lucky Noodles | Restaurant</code> (a name and a category). Its takings go to the merchant, not to your wallet.
merchant-created = ✅ Your merchant is open.
merchant-latest-heading = Latest payments:
merchant-latest-line = No. { $number } · { $time } · { $amount } · { $from }
merchant-latest-refunded = { " " }(refunded { $amount })
button-merchant-settle = 💰 Move to my wallet
merchant-settled = Moved { $amount } to your wallet.
merchant-settled-already = Already moved from this message: nothing more moved.
staff-added = ✅ { $who } is now a cashier: they hear of every payment (收款提醒), and see nothing else.
staff-removed = { $who } is no longer a cashier.
staff-not-staff = { $who } was not a cashier; nothing changed.
staff-list = Cashiers: { $who }
staff-none = No cashiers yet. Add one with <code>/merchant staff @username</code> (they must have started me).
merchant-bills-title = 🧾 <b>{ $name }</b>: latest takings, refunds and moves to your wallet
merchant-api-how = 🔌 <b>Merchant API</b> (WeChat Pay APIv3 compatible): a shop's server makes orders and refunds with its WeChat Pay SDK. To start, send me your merchant API certificate (<code>apiclient_cert.pem</code>) or RSA public key (2048 to 4096 bits): paste the PEM here or send the file. Never send the private key.
merchant-api-status = 🔌 <b>Merchant API</b>
    Merchant number (mchid): <code>{ $mchid }</code>
    AppID: <code>{ $appid }</code>
    Your key serial numbers: { $serials }
    Platform public key ID: <code>{ $platformKeyId }</code>
    Platform certificate serial: <code>{ $platformSerial }</code>
    Answers name the platform key by: { $mode } (<code>/merchant api mode public-key</code> or <code>certificate</code>, as your SDK is configured)
    Send a new PEM to rotate your key (the old one stops working); <code>/merchant api revoke SERIAL</code> revokes one; <code>/merchant api reset-key</code> makes a new APIv3 key.
merchant-api-issued = 🔌 <b>Merchant API enabled</b>
    Merchant number (mchid): <code>{ $mchid }</code>
    AppID: <code>{ $appid }</code>
    Your key serial number: <code>{ $serial }</code>
    APIv3 key: <code>{ $apiV3Key }</code>
    ⚠️ The APIv3 key is shown only this once: save it in your server's configuration, then delete this message (lost it? <code>/merchant api reset-key</code> makes a new one).
    Platform public key ID: <code>{ $platformKeyId }</code> · certificate serial: <code>{ $platformSerial }</code>
merchant-api-rotated = 🔌 New key registered: serial number <code>{ $serial }</code>. Requests signed with your earlier keys are refused from now on. Merchant number <code>{ $mchid }</code>, AppID <code>{ $appid }</code>; your APIv3 key is unchanged.
merchant-api-password-register = 🔌 Register this key for your merchant API
merchant-api-password-revoke = 🔌 Revoke merchant API key { $serial }
merchant-api-mode-usage = Send <code>/merchant api mode public-key</code> if your SDK verifies us with the platform public key (PUB_KEY_ID_…), or <code>/merchant api mode certificate</code> if it fetches platform certificates.
merchant-api-mode-public-key = 🔌 Answers and notifications now name the platform key by its public key ID (PUB_KEY_ID_…).
merchant-api-mode-certificate = 🔌 Answers and notifications now name the platform key by its certificate serial number.
merchant-api-mode-name-public-key = public key ID
merchant-api-mode-name-certificate = certificate serial number
merchant-api-password-reset-key = 🔌 Make a new APIv3 key for your merchant API
merchant-api-key-reset = 🔌 New APIv3 key: <code>{ $apiV3Key }</code>
    ⚠️ Shown only this once. Notifications are sealed with it from now on: put it in your server's configuration, then delete this message.
merchant-api-platform-file = The platform's public key and certificate: your SDK verifies our answers and notifications with them.
merchant-api-revoked = Key <code>{ $serial }</code> revoked: requests signed with it are refused.
merchant-api-key-too-large = That file is too large to be a key or a certificate.
merchant-api-resend-usage = Send <code>/merchant resend NUMBER</code> with the number from the failed-notification message.
merchant-api-resent = Notification no. { $number } will be sent again now, and retried as before.
merchant-api-resend-not-failed = Notification no. { $number } has not been given up (it was delivered, or is still being retried): nothing to resend.
shop-notification-failed = ⚠️ Your shop's server did not accept notification no. { $number } ({ $event }, order no. { $order }) in 16 tries over about 24 hours: { $url }
    When the server is fixed, send <code>/merchant resend { $number }</code>.
merchant-card =
    🏪 <b>{ $name }</b> · { $category }
    Today: <b>{ $today }</b> ({ $todayCount } payments) · this month: <b>{ $month }</b> ({ $monthCount })
    Held by the merchant: <b>{ $balance }</b>
    Static code (customers type the amount): /merchant code · the merchant's bills: /merchant bills · an order to pay by QR: <code>/charge 25 coffee</code> · a refund: <code>/refund &lt;order no.&gt; [amount]</code>
merchant-picture-title = Lingqian · Merchant code
merchant-code-caption = 🏪 <b>{ $merchant }</b>: customers scan this with a phone camera and type the amount. Link: { $link }
order-picture-title = Lingqian · Order
order-picture-number = Order no. { $number }
charge-usage = Usage: <code>/charge &lt;amount&gt; [description]</code>, e.g. <code>/charge 25 coffee</code> (you need a merchant: /merchant).
charge-caption =
    🧾 <b>Order no. { $number }</b> · { $merchant } · <b>{ $amount }</b>
    Show the QR code or send the link; it can be paid once, until { $time }: { $link }
button-close-order = Close order
order-closed = Order closed: it can no longer be paid.
order-already-ended = This order had already ended; nothing changed.
order-card =
    🏪 <b>Pay { $merchant }</b> · { $category }
    Amount: <b>{ $amount }</b>
    Order no. { $number } · payable until { $expires }
order-description-line = Description: { $description }
button-pay = ✅ Pay
order-dismissed = Not paid. Scan the code again to pay later.
order-password = 🏪 Pay { $merchant }: { $amount }
order-paid-alert = Payment successful · { $amount }. Balance: { $balance }
order-already-paid = Already paid: this order was paid once.
order-paid = ✅ <b>Payment successful</b> · { $amount } to { $merchant } · order no. { $number }
merchant-payment-received = 💰 Received <b>{ $amount }</b> · { $merchant } · from { $from } · order no. { $number }
refund-usage = Usage: <code>/refund &lt;order no.&gt; [amount]</code>: without an amount, all that is left of the payment (order numbers are on /merchant).
refund-card = ↩️ Refund <b>{ $amount }</b> of order no. { $number } to { $to }? It was paid { $paid }; { $left } can still be refunded.
button-confirm-refund = ✅ Confirm refund
refund-cancelled = Refund cancelled: nothing was refunded.
refund-password = ↩️ Refund { $amount } of order no. { $number }
refund-done-alert = Refund done.
refund-already-done = Already refunded: this refund happened once.
refund-done = ✅ Refunded <b>{ $amount }</b> to { $to } · order no. { $number } · { $left } left to refund
merchant-refund-notice =
    ↩️ <b>{ $merchant }</b> refunded you <b>{ $amount }</b> · order no. { $number }
    Balance: { $balance }

## The merchant API (WeChat Pay APIv3 wire): what shops' servers read
merchant-api-error-PARAM_ERROR = A parameter is missing or malformed (see detail.field).
merchant-api-error-INVALID_REQUEST = The request cannot be done as asked (see detail.issue).
merchant-api-error-APPID_MCHID_NOT_MATCH = The appid and mchid do not belong together, or are not the signing merchant's.
merchant-api-error-ORDER_CLOSED = The order is closed.
merchant-api-error-SIGN_ERROR = The signature could not be verified (see detail.field).
merchant-api-error-NOT_ENOUGH = The merchant's takings are less than this refund.
merchant-api-error-OUT_TRADE_NO_USED = This out_trade_no was used for another order.
merchant-api-error-RULE_LIMIT = The amount is above the wallet's limit for one payment.
merchant-api-error-TRADE_ERROR = The order's state does not allow this (see detail.issue).
merchant-api-error-ORDER_NOT_EXIST = No such order.
merchant-api-error-RESOURCE_NOT_EXISTS = No such resource.
merchant-api-error-FREQUENCY_LIMITED = Too many requests: slow down and try again.
merchant-api-error-SYSTEM_ERROR = A temporary error: try again with the same parameters.
merchant-api-trade-state-SUCCESS = Paid
merchant-api-trade-state-REFUND = Refunded (in part or in full)
merchant-api-trade-state-NOTPAY = Not paid yet
merchant-api-trade-state-CLOSED = Closed
merchant-api-refund-account = Buyer's Lingqian balance
merchant-api-summary-transaction = Payment succeeded
merchant-api-summary-refund = Refund succeeded
security-event-card-bound = { $time } · bank card ending { $last4 } added
security-event-card-unbound = { $time } · bank card ending { $last4 } removed
error-BANK_UNAVAILABLE = The bank is not answering right now. Nothing changed: try again in a minute.
error-BANK_DECLINED = The bank declined: { $reason ->
    [insufficient_funds] the card's balance is too low.
    [card_invalid] the bank does not recognise this card.
    [card_not_bound] the card is no longer bound with the bank.
   *[other] the bank refused this card.
  } Nothing changed.
error-CARD_NUMBER_INVALID = That is not a valid bank card number: check the digits. Nothing changed.
error-CARD_HOLDER_INVALID = Send the card number, then the cardholder's name, e.g. 6222 0212 3456 7890 128 Zhang San. Nothing changed.
error-CARD_ALREADY_BOUND = This card is already in your bank cards. Nothing changed.
error-CARD_BOUND_ELSEWHERE = This card is bound to another Lingqian account. Nothing changed.
error-CARD_LIMIT_REACHED = You already have { $max } bank cards. Remove one before adding another. Nothing changed.
error-BANK_CARD_NOT_FOUND = There is no such bank card among yours. Nothing changed.
error-BANK_CARD_BUSY = A top-up or withdrawal through this card is still waiting for the bank. Unbind it once that is settled. Nothing changed.
error-BINDING_NOT_FOUND = This card binding has ended. Start adding the card again.
error-BINDING_EXPIRED = The verification code has expired. Start adding the card again for a new one.
error-BANK_OPERATION_NOT_FOUND = There is no such top-up or withdrawal among yours. Nothing changed.
error-BANK_OPERATION_EXPIRED = This top-up or withdrawal waited too long for its password. Nothing changed: start it again.
error-WITHDRAWAL_FEE_CHANGED = The fee changed since this withdrawal was shown (another withdrawal used the free allowance). Nothing changed: start it again to see the new fee.

## Bank cards (银行卡), top-ups (充值) and withdrawals (提现)
cards-unavailable = Bank cards are not available on this wallet.
cards-empty =
    💳 <b>Bank cards</b>
    No card yet. Add one to top up from it and withdraw to it.
cards-list =
    💳 <b>Bank cards</b>
    { $cards }

    Top up: <code>/topup 100</code> · Withdraw: <code>/withdraw 100</code>
button-add-card = ➕ Add a card
button-unbind-card = Remove { $card }
card-add-ask =
    Send the card number and the cardholder's name in one message, e.g. <code>6225 8810 0005 1234 Zhang San</code>.
    I delete the message as soon as I have read it. The bank then texts a verification code to your verified phone.
card-code-prompt = 🔐 The bank texted a verification code to { $phone } for { $card }. Enter it:
card-code-wrong = Wrong code: { $tries ->
        [one] 1 try left.
       *[other] { $tries } tries left.
    }
card-binding-cancelled = Adding the card was cancelled. Nothing changed.
card-binding-failed = Too many wrong codes: the card was not added. Start again with /cards.
card-bound =
    ✅ Card added: { $card }.
    Top up with <code>/topup 100</code>, withdraw with <code>/withdraw 100</code>.
card-unbind-summary = Remove { $card } from your bank cards
card-unbound = Card removed: { $card }.
bank-name-icbc = ICBC
bank-name-ccb = China Construction Bank
bank-name-abc = Agricultural Bank of China
bank-name-boc = Bank of China
bank-name-cmb = China Merchants Bank
bank-name-bocom = Bank of Communications
bank-name-psbc = Postal Savings Bank of China
bank-name-spdb = SPD Bank
bank-name-unknown = Bank card
card-type-debit = Debit card
card-type-credit = Credit card
bank-topup-usage = Usage: <code>/topup 100</code> tops up your balance from your bank card.
bank-withdraw-usage = Usage: <code>/withdraw 100</code> withdraws from your balance to your bank card.
bank-no-card = Add a bank card first.
bank-pick-card-topup = Top up { $amount } from which card?
bank-pick-card-withdraw = Withdraw { $amount } to which card?
bank-topup-summary = 💳 Top up <b>{ $amount }</b> from { $card }
bank-withdraw-summary =
    💳 Withdraw <b>{ $amount }</b> to { $card }
    Fee: { $fee } · taken from your balance: <b>{ $total }</b>
bank-withdraw-summary-free =
    💳 Withdraw <b>{ $amount }</b> to { $card }
    Fee: none (within your free allowance)
bank-sending = ⏳ Asking the bank…
bank-topup-succeeded =
    ✅ Topped up <b>{ $amount }</b> from { $card }.
    Balance: { $balance }
bank-topup-declined = ❌ The top-up of { $amount } from { $card } was declined: { $reason } Nothing was charged.
bank-topup-pending = ⏳ The bank has not answered yet about the top-up of { $amount } from { $card }. It is never charged twice: I will tell you here as soon as it settles.
bank-withdraw-succeeded = ✅ Withdrew <b>{ $amount }</b> to { $card } (fee { $fee }).
bank-withdraw-declined =
    ❌ The withdrawal of { $amount } to { $card } failed: { $reason }
    { $total } is back in your balance: { $balance }
bank-withdraw-pending = ⏳ The bank has not answered yet about the withdrawal of { $amount } to { $card }. The money waits set aside and is paid only once: I will tell you here as soon as it settles.
bank-decline-card-declined = the bank declined the card.
bank-decline-insufficient-funds = not enough money on the card.
bank-decline-card-invalid = the bank does not recognise the card.
bank-decline-card-not-bound = the card is no longer bound at the bank.
bank-decline-other = the bank refused.
simulated-sms =
    📱 <b>Simulated SMS</b> (from the sandbox bank: not a real text message)
    { $text }
reconcile-clean = 🧮 Reconciliation of { $day }: clean, { $matched } operations match the bank's statement.
reconcile-breaks =
    ⚠️ Reconciliation of { $day }: { $breaks } breaks ({ $matched } operations match)
    { $list }
reconcile-charge = top-up
reconcile-payout = withdrawal
reconcile-break-missing-at-bank = • { $direction } <code>{ $operation }</code>: { $ledger } in our ledger, not at the bank
reconcile-break-missing-in-ledger = • { $direction } <code>{ $operation }</code>: { $bank } at the bank, not in our ledger
reconcile-break-amount-mismatch = • { $direction } <code>{ $operation }</code>: { $ledger } in our ledger, { $bank } at the bank
kind-bank-topup = Top-up from card
kind-withdrawal = Withdrawal
kind-withdrawal-return = Withdrawal returned
bill-type-withdrawal = Withdrawals
bill-detail-fee = Including fee: { $fee }

## The playground's chat page (npm start without BOT_TOKEN)
playground-title = Lingqian playground
playground-intro = The real bot, running against a built-in Telegram emulator on this machine. Switch persons at the top; everyone has ¥500 from the admin to start with.
playground-pin = Everyone's payment password
playground-you-are = You are
playground-message-placeholder = Message
playground-send = Send
playground-reply = Reply
playground-replying-to = Replying to
playground-cancel = Cancel
playground-inline-placeholder = Inline mode: an amount and a note, e.g. 12.5 thanks
playground-inline-ask = Ask the bot
playground-inline-none = The bot offered nothing for that.
playground-share-contact = Share my contact
playground-send-photo = Send a photo
playground-reset = Reset
playground-reset-confirm = Start the playground afresh? Every chat and wallet here is deleted.
playground-refused = Telegram would refuse this:
playground-failed = That did not work:
playground-download = Download
playground-edited = edited
playground-language = 中文
playground-ok = OK
playground-shop-link = Shop checkout
playground-shop-title = A shop's checkout
playground-shop-intro = This page plays a shop's server: it creates the order through the merchant API (WeChat Pay APIv3, Native), shows its QR code and waits for the signed notification.
playground-shop-amount = Amount (¥)
playground-shop-description = What for
playground-shop-create = Pay with Lingqian
playground-shop-scan = In the chat page, as anyone: send this picture to the bot, or open the link.
playground-shop-waiting = Waiting for payment…
playground-shop-paid = Paid. The shop's server received the notification, checked its signature and decrypted it.
playground-shop-transaction = Transaction
playground-shop-state = Order state
playground-shop-bad-amount = That is not an amount.
playground-shop-example = Flat white ×2

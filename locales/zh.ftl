# 零钱 Lingqian — 简体中文。消息为 HTML；变量由机器人转义。
# 每个键在 en.ftl 中都有对应（有测试检查）。

## 欢迎与帮助

welcome =
    👋 <b>欢迎使用零钱</b>，{ $name }！
    你的钱包已开通。余额：<b>{ $balance }</b>

    转账：<code>/send @用户名 12.5 午饭</code>
    在群里：回复某人的消息发送 <code>/send 12.5</code>
    在任何聊天中：输入 <code>@{ $bot } 12.5 谢谢</code>

    /help 查看全部功能。
help =
    <b>零钱 — Telegram 里的钱包</b>

    <b>命令</b>
    /balance — 查看余额
    /send @用户名 &lt;金额&gt; [备注] — 转账（在群里回复对方的消息发送 /send &lt;金额&gt;）
    /redpacket &lt;总金额&gt; &lt;份数&gt; [祝福语] — 在群里发红包 🧧（私聊中：发到任何聊天）
    /bills — 账单，最新的在前
    /language — English 或 中文
    /help — 本帮助

    <b>内联模式</b>：在任何聊天中输入 <code>@{ $bot } 12.5 谢谢</code> 并选择卡片；第一个点「收款」的人收到这笔钱。

    <b>转给还没用过零钱的人</b>：你会得到一个领取链接，转发给对方。第一个打开链接的人收到钱；24 小时内无人领取，钱会退回给你。

    <b>金额写法</b>：<code>12</code>、<code>12.5</code>、<code>¥12.50</code>、<code>12.5元</code>、<code>1,234.50</code> — 单笔最多 { $max }，最多两位小数。

    <b>为什么付款失败？</b>
    • 余额不足 — 用 /balance 查看。
    • 金额超过单笔限额 { $max }。
    • 确认卡片已过期（有效期 10 分钟）— 请重新发起。
    • 按钮不是你的 — 只有付款人才能确认付款。
    每笔付款只会发生一次：连按两次「确认」也不会重复付款。
help-admin =
    <b>管理员</b>
    /topup @用户名 &lt;金额&gt; [备注] — 给钱包充值（记录你的 ID）
    /audit — 检查账本的不变量

## 命令菜单

cmd-start = 打开钱包
cmd-help = 功能说明
cmd-balance = 查看余额
cmd-send = 转账
cmd-redpacket = 发红包 🧧
cmd-bills = 账单
cmd-language = 语言 / Language
cmd-topup = 管理员：充值
cmd-audit = 管理员：对账

## 余额

balance = 💰 余额：<b>{ $balance }</b>

## 转账

memo-line = 备注：{ $memo }

send-usage =
    转账方法：
    <code>/send @用户名 12.5 午饭</code>
    或回复对方的消息：<code>/send 12.5 午饭</code>
send-group-needs-target = 在群里请回复对方的消息发送 <code>/send &lt;金额&gt;</code>，或使用 <code>/send @用户名 &lt;金额&gt;</code>。
send-unknown-in-group = 我还不认识 { $username }。请在与我的私聊中转账：你会得到一个领取链接，转发给对方即可。
card =
    💸 <b>确认付款</b>
    收款人：{ $to }
    金额：<b>{ $amount }</b>
    只有 { $from } 可以确认。卡片 10 分钟后失效。
card-unknown-recipient = { $username }（还没有使用零钱 — 你会得到一个领取链接）
button-confirm = ✅ 确认
button-cancel = 取消
receipt =
    ✅ <b>已付款</b> { $amount } 给 { $to }
    { $time }
receipt-payer = 已付款 { $amount }。你的余额：{ $balance }
receipt-payee =
    💰 <b>你收到 { $amount }</b>，来自 { $from }
    余额：{ $balance }
card-cancelled = 付款已取消，没有转出任何钱。
card-expired = 这张卡片已过期，没有转出任何钱 — 如仍需付款请重新发起。
already-paid = 已付款 — 这笔付款只发生了一次。
button-not-yours = 这个按钮不是你的。
button-invalid = 这个按钮已失效，没有任何改动。

## 领取链接

claim-created =
    🔗 <b>{ $amount } 的领取链接</b>
    把链接转发给 { $to }：第一个打开的人收到这笔钱。
    { $link }
    24 小时内无人领取，钱会退回给你。
button-cancel-claim = 撤回
claim-received =
    🎉 <b>你收到 { $amount }</b>，来自 { $from }
    余额：{ $balance }
claim-sender-notice = ✅ { $to } 领取了你转出的 { $amount }。
claim-cancelled = { $amount } 的领取链接已撤回，钱已退回你的钱包。
claim-expired-notice = ⏰ 你转出的 { $amount } 24 小时内无人领取，已退回你的钱包。
claim-already-yours = 你已经收到这笔钱了。
link-unknown = 这个链接无效（可能输错了），没有任何改动。

## 内联模式

inline-title = 转账 { $amount }
inline-description = 第一个点「收款」的人收到这笔钱。
inline-card =
    🧧 { $from } 发出 <b>{ $amount }</b>
    第一个点「收款」的人收到这笔钱。
inline-usage-title = 输入金额，例如 12.5 谢谢
inline-usage-description = 转给第一个点「收款」的人。
inline-error-title = 无法发送
inline-received =
    ✅ { $to } 收到了 { $from } 的 <b>{ $amount }</b>
inline-cancelled = { $from } 取消了这笔 { $amount } 的付款。
inline-expired = 这笔付款已过期，没有转出任何钱。
inline-sender-notice = ✅ { $to } 收下了你发出的 { $amount }。你的余额：{ $balance }
inline-you-received = 你收到了 { $amount }。私聊打开我即可查看钱包。
button-receive = 💰 收款
button-open-wallet = 打开钱包

## 红包

rp-usage =
    🧧 发红包：
    <code>/redpacket 10 5 恭喜发财</code> — ¥10 随机分成 5 份（拼手气）
    <code>/redpacket @用户名 8.88 生日快乐</code> — 只给一位成员（专属）
    每个红包最多 { $max }、{ $shares } 份；每份至少 { $min }；祝福语最多 { $greeting } 个字。
rp-card =
    🧧 <b>红包</b> · { $kind }
    份数：{ $count }
    从钱包扣除：<b>{ $total }</b>
rp-card-footer = 只有 { $from } 可以发出。卡片 10 分钟后失效。
rp-card-private-footer = 点「发到聊天」并选择聊天。卡片 10 分钟后失效。
rp-greeting-line = “{ $greeting }”
rp-kind-lucky = 拼手气红包
rp-kind-normal = 普通红包（每份 { $each }）
rp-kind-exclusive = 专属红包：{ $target }
button-rp-lucky = 🎲 拼手气
button-rp-normal = 🟰 普通
button-rp-exclusive = 🎯 专属 { $target }
button-rp-send = 🧧 塞钱进红包 { $total }
button-rp-to-chat = ↗ 发到聊天
button-rp-open = 🧧 開
rp-cancelled = 红包已取消，钱包没有扣款。
rp-sent = 已发出！{ $total } 已装进红包。
rp-live-open =
    🧧 <b>{ $sender }</b> 发了一个红包
    { $kind }
    已领取 { $grabbed }/{ $count } · 剩余 { $left }
rp-live-finished =
    🧧 <b>{ $sender }</b> 的红包 — { $count } 个红包 { $duration } 被抢光
rp-live-expired =
    🧧 <b>{ $sender }</b> 的红包已过期：已领取 { $grabbed }/{ $count }，{ $refund } 已退回给 { $sender }。
rp-grab-line = { $who } · { $amount }
rp-luckiest = 👑 手气最佳
rp-more-grabs = …还有 { $count } 人
rp-you-got = 🧧 你抢到了 { $amount }！
rp-you-got-open-bot = 🧧 你抢到了 { $amount }！已存入你的零钱：打开 @{ $bot } 即可使用。
rp-already-grabbed = 你已经从这个红包抢到了 { $amount }。
rp-expired-notice = ⏰ 你的红包已过期：已领取 { $grabbed }/{ $count }；{ $refund } 已退回你的钱包。
rp-inline-title = 🧧 红包：{ $total }，共 { $count } 份
rp-inline-description = { $kind } — 点击发到这个聊天。
rp-inline-usage = 输入：hb <总金额> <份数> [祝福语]
rp-inline-failed = 🧧 红包没能发出：{ $reason }
rp-inline-failed-sender = 🧧 你的红包没有发出：{ $reason }
duration-seconds = { $s } 秒
duration-minutes = { $m } 分 { $s } 秒
duration-hours = { $h } 小时 { $m } 分
kind-red-packet-hold = 发红包
kind-red-packet-grab = 收红包
kind-red-packet-refund = 红包退款
counterparty-red-packet = 红包
error-PACKET_NOT_FOUND = 这个红包不存在，没有任何改动。
error-PACKET_TOO_LARGE = 每个红包最多 { $max }（这个会是 { $total }）。
error-PACKET_TOO_MANY_SHARES = 每个红包最多 { $max } 份。
error-PACKET_SHARE_TOO_SMALL = 每份至少 { $min }：{ $count } 份需要更多金额。
error-PACKET_COUNT_INVALID = 份数必须是 1 到 { $max } 之间的整数。
error-PACKET_NEEDS_TARGET = 专属红包需要指定一个人：回复对方的消息，或使用 /redpacket @用户名 &lt;金额&gt;。
error-GREETING_TOO_LONG = 祝福语太长：最多 { $max } 个字。
error-PACKET_NOT_SENT = 这个红包还没有发出。
error-PACKET_NOT_FOR_YOU = 这是给别人的专属红包。
error-PACKET_OWN = 这里不能领取你自己的红包。
error-PACKET_EMPTY = 手慢了，红包派完了。
error-PACKET_EXPIRED = 红包已过期，剩余的钱已退回给发送人。

## 账单

bills-title = 🧾 <b>账单</b>（第 { $page } 页）
bills-empty = 还没有账单。
bills-line = { $time } · { $kind } · { $counterparty } · <b>{ $amount }</b> · 余额 { $balance }
private-only = 这是私密信息，我会在私聊中给你看。
button-older = 更早 ›
button-newest = ‹ 最新
kind-topup = 充值
kind-transfer-in = 收款
kind-transfer-out = 付款
kind-claim-hold = 领取链接
kind-claim-release = 已领取
kind-claim-return = 领取退款
kind-other = { $kind }
counterparty-system = 零钱
counterparty-claim = 领取链接

## 语言

language-choose = Choose your language / 选择语言
language-set = 语言已设为中文。

## 管理员

topup-usage = 用法：<code>/topup @用户名 &lt;金额&gt; [备注]</code>
topup-done = ✅ 已为 { $to } 充值 { $amount }。
topup-received =
    💰 管理员为你的钱包充值了 <b>{ $amount }</b>。
    余额：{ $balance }
not-admin = 抱歉，只有零钱管理员可以这样做。没有任何改动。
user-unknown = 我还不认识 { $username }：对方需要先启动我（或者你可以在私聊中用 /send 给对方发领取链接）。

## 错误（每个领域错误码一条）

error-DATABASE_BUSY = 钱包正忙，未扣款，请稍后再试。
error-STORAGE_FULL = 钱包暂时无法保存（存储空间已满），未扣款，请稍后再试。
error-STORAGE_FAILED = 钱包暂时无法保存（存储出错），未扣款，请稍后再试。
error-DATABASE_READ_ONLY = 钱包暂时无法保存（数据库只读），未扣款，请稍后再试。
error-AMOUNT_EMPTY = 请输入金额，例如 <code>12.5</code>。
error-AMOUNT_MALFORMED = 「{ $input }」不是我能识别的金额。请使用数字，例如 <code>12</code>、<code>12.5</code>、<code>¥12.50</code> 或 <code>1,234.50</code>。
error-AMOUNT_NOT_POSITIVE = 金额必须大于零。
error-AMOUNT_TOO_PRECISE = 小数位太多：最多 { $decimals } 位（例如 <code>12.34</code>）。
error-AMOUNT_TOO_LARGE = 超过单笔限额 { $max }。
error-CURRENCY_UNKNOWN = 我不认识货币 { $currency }。
error-CURRENCY_MISMATCH = 这个钱包使用 { $expected }，请用 { $expected } 表示金额。
error-INSUFFICIENT_FUNDS = 余额不足：你的余额是 { $balance }，这笔付款需要 { $amount }。没有转出任何钱。
error-INSUFFICIENT_FUNDS-public = 你的余额不足以完成这笔付款，未扣款。请在与我的私聊中用 /balance 查看余额。
error-INSUFFICIENT_FUNDS-others = 付款方的余额暂时不足，未扣款。
error-BALANCE_LIMIT = 这会让余额超过零钱能保存的上限{ $max }，未扣款。
error-IDEMPOTENCY_CONFLICT = 这个请求已用于另一笔付款。没有任何改动，请重新发起。
error-ACCOUNT_NOT_FOUND = 这个钱包不存在。
error-HOLD_NOT_OPEN = 这笔钱已经支付或退回了。
error-HOLD_INSUFFICIENT = 剩余金额不够。
error-USER_NOT_FOUND = 我还不认识这个人：对方需要先启动我。
error-RECIPIENT_NOT_A_PERSON = 只能向真人转账：机器人、频道和以群组身份发出的消息都不行，请选择一个人。
error-USERNAME_INVALID = 这不是有效的 Telegram 用户名：4到32个字母、数字或下划线，以字母开头（例如 @alice）。
error-SELF_TRANSFER = 不能给自己转账。
error-NOT_ADMIN = 抱歉，只有零钱管理员可以这样做。没有任何改动。
error-MEMO_TOO_LONG = 备注太长：最多 { $max } 个字符。
error-CARD_NOT_FOUND = 这个按钮已失效，没有任何改动。
error-CARD_EXPIRED = 这张卡片已过期，没有转出任何钱 — 如仍需付款请重新发起。
error-CARD_CANCELLED = 这笔付款已取消，没有转出任何钱。
error-CARD_CHANGED = 卡片内容已变化，请核对后重新确认。未扣款。
error-NOT_YOUR_BUTTON = 这个按钮不是你的。
error-CLAIM_NOT_FOUND = 这个链接无效（可能输错了），没有任何改动。
error-CLAIM_OWN = 这是你自己的领取链接：请转发给收款人。
error-CLAIM_TAKEN = 这笔钱已经被人领取了。
error-CLAIM_CANCELLED = 发送人已撤回这笔钱。
error-CLAIM_EXPIRED = 链接已过期，钱已退回给发送人。
error-OFFER_NOT_FOUND = 这笔付款已不存在。
error-OFFER_OWN = 这是你自己发出的付款：需要别人来点「收款」。
error-OFFER_TAKEN = 已经有人先收下了这笔付款。
error-OFFER_CANCELLED = 发送人取消了这笔付款。
error-OFFER_EXPIRED = 这笔付款已过期。
error-unknown = 我们这边出了点问题（编号 { $ref }）。没有任何改动，请重试。
unknown-command = 我没看懂。/help 查看我能做什么。
rate-limited = 你操作得有点快 — 请稍等片刻再试。

# 零钱 Lingqian — 简体中文，用微信支付的说法。消息为 HTML；变量由机器人转义。
# 每个键在 en.ftl 中都有对应，且都在代码中用到（test/bot/locales.test.ts 检查）。
# 书写规则：汉字与数字、¥之间不加空格；@用户名和英文单词前后加空格；用全角标点和“”；
# 红包用“个”；人与人之间是“转账”，付给商户才是“付款”。

## 欢迎与帮助

welcome =
    👋 <b>欢迎使用零钱</b>，{ $name }！
    钱包已开通，零钱余额：<b>{ $balance }</b>

    转账：<code>/send @用户名 12.5 午饭</code>
    在群里：回复对方的消息发送 <code>/send 12.5</code>
    在任意聊天中：输入 <code>@{ $bot } 12.5 谢谢</code>

    发送 /help 查看全部功能。
help =
    <b>零钱：Telegram 里的钱包</b>

    <b>命令</b>
    /balance：查看零钱余额
    /send @用户名 &lt;金额&gt; [备注]：转账（在群里可回复对方的消息发送 /send &lt;金额&gt;）
    /receive [金额] [备注]：收款码，别人用手机相机扫一扫即可付款给你（<code>/receive reset</code>重置）
    📷 扫一扫：把零钱二维码的照片发给我即可付款
    /merchant &lt;名称&gt; | &lt;类目&gt;：为你的店开通商户；/merchant code：商户收款码；/charge &lt;金额&gt; [说明]：生成扫码付款的订单；/merchant staff @用户名：添加收到每笔收款提醒的店员
    /redpacket &lt;总金额&gt; &lt;红包个数&gt; [祝福语]：在群里发红包 🧧（私聊中可发到任意聊天）
    /bills：账单，最新的在前
    /statement [YYYY-MM]：月账单（支出、收入、图表）；每月1日09:00推送上月账单，<code>/statement off</code>可关闭
    /budget &lt;金额&gt;：每月预算，支出达到80%和100%时提醒
    /cards：银行卡（凭银行验证码添加）；/topup &lt;金额&gt;：从银行卡充值；/withdraw &lt;金额&gt;：提现到银行卡（累计{ $freeWithdrawal }免费，超出部分收取{ $feeRate }服务费）
    /security：安全中心：支付密码、小额免密支付、单日限额、立即冻结账户
    /settings：语言、时区、月账单、预算
    /language：English 或中文（群语言由群管理员设置）
    /help：本帮助

    <b>内联模式</b>：在任意聊天中输入 <code>@{ $bot } 12.5 谢谢</code> 并选择卡片，第一个点“收款”的人收下这笔钱。

    <b>转给还没用过零钱的人</b>：你会得到一个领取链接，转发给对方即可。第一个打开链接的人收款；24小时内无人领取，钱会退回零钱。

    <b>金额写法</b>：<code>12</code>、<code>12.5</code>、<code>¥12.50</code>、<code>12.5元</code>、<code>1,234.50</code>，单笔限额{ $max }，最多两位小数。

    <b>转账为什么失败？</b>
    • 零钱余额不足：用 /balance 查看后再试。
    • 金额超过单笔限额{ $max }：减少金额或分几笔转。
    • 确认卡片已过期（有效期10分钟）：请重新发送命令。
    • 按钮不是你的：只有付款人才能确认。
    • 今日付款已达单日限额：提示里会写今日剩余额度，也可在 /security 查看（按钱包时区0点重置）。
    • 账户已冻结：解冻前不能付款（/security）；别人转给你的钱仍会到账。
    • 需要支付密码：超过免密额度时，点“确认”后会在与我的私聊中显示数字键盘。内联模式无法输入密码：内联转账只能在免密额度内；超过免密额度的红包，请先在私聊的红包卡片上输入密码。
    • 还没有设置支付密码：每日只能付小额款项，请用 /security password 设置。
    • ⚠️ 风险提示：这笔付款和你平时的习惯不符（几分钟内多笔付款、新账户大额付款等），提示里会写明原因，有的只需输入支付密码。不是你本人？请冻结账户。
    • ⏳ 交易审核中：金额特别大的付款需要零钱审核，结果会通知你；审核未通过，钱会原路退回。
    • 密码错误次数过多：付款会锁定几个小时，提示里会写解锁时间。忘记密码？先在 /security 验证手机号，再点“忘记密码”。

    <b>账户安全</b>：请设置别人猜不到的支付密码（不要用生日），也不要告诉任何人：零钱只会在自己的数字键盘上请你输入。如果你的 Telegram 账号可能落入他人之手，请立即在 /security 中点“❄️ 冻结账户”。解冻需要等待一段冷静期；管理员也可以冻结或解冻账户。
    每笔转账只会发生一次：连按两次“确认”也不会重复扣款。
help-admin =
    <b>管理员</b>
    /topup @用户名 &lt;金额&gt; [备注]：为钱包充值（记录你的 ID）
    /audit：对账
    /freeze @用户名 [原因] · /unfreeze @用户名：冻结或解冻钱包的付款（记录你的 ID）
    /review：风控暂停的付款，审核通过或拒绝

## 命令菜单

cmd-start = 打开钱包
cmd-help = 功能说明
cmd-balance = 查看零钱余额
cmd-send = 转账
cmd-receive = 收款码
cmd-merchant = 商户
cmd-redpacket = 发红包 🧧
cmd-bills = 账单
cmd-statement = 月账单
cmd-budget = 每月预算
cmd-security = 安全中心
cmd-settings = 设置：语言、时区
cmd-language = 语言 / Language
cmd-topup = 从银行卡充值
cmd-cards = 银行卡
cmd-withdraw = 提现到银行卡
cmd-audit = 管理员：对账
cmd-freeze = 管理员：冻结账户
cmd-unfreeze = 管理员：解冻账户
cmd-review = 管理员：交易审核

## 零钱

balance = 💰 零钱余额：<b>{ $balance }</b>
private-only = 这是私密信息，请在与我的私聊中查看。
button-open-wallet = 打开钱包

## 转账

memo-line = 备注：{ $memo }
send-usage =
    转账方法：
    <code>/send @用户名 12.5 午饭</code>
    或回复对方的消息：<code>/send 12.5 午饭</code>
send-group-needs-target = 在群里请回复对方的消息发送 <code>/send &lt;金额&gt;</code>，或使用 <code>/send @用户名 &lt;金额&gt;</code>。
send-unknown-in-group = 我还不认识 { $username }。请在与我的私聊中转账，你会得到一个领取链接，转发给对方即可。
card =
    💸 <b>确认转账</b>
    转给：{ $to }
    金额：<b>{ $amount }</b>
    只有 { $from } 可以确认，卡片10分钟后失效。
card-unknown-recipient = { $username }（还没有使用零钱，你会得到一个领取链接）
button-confirm = ✅ 确认
button-cancel = 取消
receipt =
    ✅ <b>转账成功</b> · 已转给 { $to }：{ $amount }
    { $time }
receipt-payer = 转账成功 · { $amount }，零钱余额：{ $balance }
receipt-held =
    ⏳ <b>交易审核中</b> · 转给 { $to }：{ $amount }
    { $time } · 零钱审核通过后到账，未通过则原路退回
receipt-held-payer = ⏳ 交易审核中：{ $amount }需要零钱审核（{ $rules }）。结果会通知你；审核未通过，钱会原路退回。
receipt-payee =
    💰 { $from } 向你转账<b>{ $amount }</b> · 已存入零钱
    零钱余额：{ $balance }
receipt-payee-code =
    💰 收款到账<b>{ $amount }</b> · { $from } 扫你的收款码付款
    零钱余额：{ $balance }
card-cancelled = 转账已取消，未扣款。
card-expired = 卡片已过期，未扣款。如需转账，请重新发送命令。
already-paid = 已转账，这笔转账只发生了一次。
button-invalid = 按钮已失效，未做任何更改。

## 领取链接

claim-created =
    🔗 <b>领取链接 · { $amount }</b>
    把链接转发给 { $to }，第一个打开的人收款。
    { $link }
    未领取的金额24小时后退回零钱。
button-cancel-claim = 撤回
claim-received =
    💰 { $from } 向你转账<b>{ $amount }</b> · 已存入零钱
    零钱余额：{ $balance }
claim-sender-notice = ✅ { $to } 已收款：你转出的{ $amount }。
claim-cancelled = 领取链接已撤回，{ $amount }已退回零钱。
claim-expired-notice = ⏰ 你转出的{ $amount }在24小时内无人领取，已退回零钱。
claim-already-yours = 你已经收下这笔钱了。
link-unknown = 链接无效（可能输错了），未做任何更改。

## 内联模式

inline-title = 转账{ $amount }
inline-description = 第一个点“收款”的人收下这笔钱。
inline-card =
    💸 { $from } 转出<b>{ $amount }</b>
    第一个点“收款”的人收下这笔钱。
inline-usage-title = 输入金额，例如 <code>12.5 谢谢</code>
inline-received = ✅ { $to } 已收款：{ $from } 转出的<b>{ $amount }</b>
inline-cancelled = { $from } 取消了这笔{ $amount }的转账。
inline-expired = 这笔转账已过期，未扣款。
inline-sender-notice = ✅ { $to } 已收款：你转出的{ $amount }。零钱余额：{ $balance }
inline-you-received = { $amount }已存入零钱。私聊打开我即可查看钱包。
button-receive = 💰 收款

## 红包

rp-usage =
    🧧 发红包：
    <code>/redpacket 10 5 恭喜发财</code>：¥10分成5个拼手气红包
    <code>/redpacket @用户名 8.88 生日快乐</code>：只给一位成员的专属红包
    每次最多{ $max }、{ $shares }个红包，单个至少{ $min }，祝福语最多{ $greeting }个字。
rp-card =
    🧧 <b>红包</b> · { $kind }
    红包个数：{ $count }
    总金额：<b>{ $total }</b>
rp-card-footer =
    未领取的金额24小时后退回零钱。
    只有 { $from } 可以发出，卡片10分钟后失效。
rp-card-private-footer =
    未领取的金额24小时后退回零钱。
    点“发到聊天”并选择聊天，卡片10分钟后失效。
rp-greeting-line = “{ $greeting }”
rp-kind-lucky = 拼手气红包
rp-kind-normal = 普通红包（单个金额{ $each }）
rp-kind-exclusive = 专属红包：{ $target }
button-rp-lucky = 🎲 拼手气红包
button-rp-normal = 🟰 普通红包
button-rp-exclusive = 🎯 专属 { $target }
button-rp-send = 🧧 塞钱进红包{ $total }
button-rp-to-chat = ↗ 发到聊天
button-rp-open = 🧧 開
rp-cancelled = 红包已取消，未扣款。
rp-sent = 已塞钱进红包：{ $total }
rp-live-open =
    🧧 <b>{ $sender }</b> 发了一个红包
    { $kind }
    已领取{ $grabbed }/{ $count }个 · 剩余{ $left }
rp-live-finished =
    🧧 <b>{ $sender }</b> 的红包：{ $count }个红包共{ $total }，{ $duration }被抢光
rp-live-expired =
    🧧 <b>{ $sender }</b> 的红包已过期：已领取{ $grabbed }/{ $count }个，{ $refund }已退回 { $sender } 的零钱。
rp-grab-line = { $who } · { $amount }
rp-luckiest = 👑 手气最佳
rp-more-grabs = …还有{ $count }人
rp-you-got = 🧧 你抢到了{ $amount }，已存入零钱！
rp-you-got-open-bot = 🧧 你抢到了{ $amount }，已存入零钱！打开 @{ $bot } 即可使用。
rp-already-grabbed = 你已经从这个红包领取了{ $amount }。
rp-expired-notice = ⏰ 你的红包已过期：已领取{ $grabbed }/{ $count }个，{ $refund }已退回零钱。
rp-inline-title = 🧧 红包：{ $total }，共{ $count }个
rp-inline-description = { $kind }：点击发到这个聊天。
rp-inline-usage = 输入：hb <总金额> <红包个数> [祝福语]
rp-inline-failed = 🧧 红包没有发出：{ $reason }
rp-inline-failed-sender = 🧧 你的红包没有发出：{ $reason }
duration-under-a-second = 不到1秒
duration-seconds = { $n }秒
duration-minutes = { $n }分钟
duration-hours = { $n }小时
kind-red-packet-hold = 发红包
kind-red-packet-grab = 收红包
kind-red-packet-refund = 红包退款
kind-merchant-payment = 商户消费
kind-merchant-takings = 收款
kind-merchant-refund = 商户退款
kind-merchant-settlement = 商户收款转入
counterparty-red-packet = 红包
error-BILL_NOT_FOUND = 你的账单里没有这笔交易，未做任何更改。
error-ACCOUNT_FROZEN = 你的账户已冻结：不能付款（别人转给你的钱仍会到账）。解冻方法见 /security。未扣款。
error-ACCOUNT_FROZEN-public = 你的账户暂时不能付款，未扣款。请在与我的私聊中查看 /security。
error-ACCOUNT_FROZEN-others = 付款方暂时不能付款，未扣款。
error-DAILY_LIMIT_EXCEEDED = 超出单日限额{ $limit }：今日剩余额度{ $left }（按{ $zone }时间0点重置）。未扣款。
error-DAILY_LIMIT_EXCEEDED-public = 超出单日限额，未扣款。请在与我的私聊中查看 /security。
error-DAILY_LIMIT_EXCEEDED-others = 付款方已达单日限额，未扣款。
error-LIMIT_ABOVE_DEFAULT = 单日限额最高为{ $max }，未做任何更改。
error-NOT_FROZEN = 你的账户没有冻结，未做任何更改。
error-FROZEN_BY_ADMIN = 你的账户由管理员冻结，只有管理员可以解冻，未做任何更改。
error-PACKET_NOT_FOUND = 这个红包不存在，未做任何更改。
error-PACKET_TOO_LARGE = 每次最多发{ $max }（这次是{ $total }），请减少金额或分几次发。
error-PACKET_TOO_MANY_SHARES = 红包个数最多{ $max }个，请减少红包个数。
error-PACKET_SHARE_TOO_SMALL = 单个红包至少{ $min }：{ $count }个红包需要更多总金额。
error-PACKET_COUNT_INVALID = 红包个数必须是1到{ $max }之间的整数，例如 <code>/redpacket 10 5</code>。
error-PACKET_NEEDS_TARGET = 专属红包需要指定一个人：回复对方的消息，或使用 /redpacket @用户名 &lt;金额&gt;。
error-GREETING_TOO_LONG = 祝福语太长，最多{ $max }个字。
error-PACKET_NOT_SENT = 这个红包还没有发出。
error-PACKET_NOT_FOR_YOU = 这是给别人的专属红包。
error-PACKET_OWN = 自己的红包只能在群里领取。
error-PACKET_EMPTY = 手慢了，红包派完了。
error-PACKET_EXPIRED = 红包已过期，剩余金额已退回发红包的人。

## 账单

bills-title = 🧾 <b>账单</b> · 第{ $page }页
bills-empty = 还没有账单。
bills-filter = { $month } · { $direction } · { $type }
bills-month-this = 本月
bills-month-last = 上月
bills-month-pick = 选择月份
bills-month-all = 全部时间
bills-in = 收入
bills-out = 支出
bills-both = 收支
bills-type-all = 全部类型
button-bills-export = 📄 导出CSV
button-bills-back = ‹ 账单
bills-usage =
    <code>/bills</code>：账单，可筛选
    <code>/bills 2026-11</code>：某个月的账单
    <code>/bills export 2026-11</code>：把一个月的账单导出为CSV文件（不写月份即本月）
bills-export-preparing = 正在生成CSV…
bills-export-empty = { $month }没有账单。
bills-export-caption = { $month }账单：共{ $count }笔（UTF-8 CSV）
bill-detail =
    🧾 <b>账单详情</b>
    { $kind } · { $counterparty }
    金额：<b>{ $amount }</b>
    时间：{ $time }（{ $zone }）
    零钱余额：{ $balance }
    备注：{ $memo }
    交易单号：{ $ref }
bill-detail-no-memo = 无
csv-time = 时间
csv-type = 类型
csv-direction = 收/支
csv-counterparty = 交易对方
csv-amount = 金额
csv-currency = 币种
csv-balance = 零钱余额
csv-note = 备注
csv-reference = 交易单号
csv-in = 收入
csv-out = 支出
bills-line = { $time } · { $kind } · { $counterparty } · <b>{ $amount }</b> · 余额{ $balance }
button-older = 更早 ›
button-newest = ‹ 最新
kind-topup = 充值
kind-transfer-in = 转账收入
kind-transfer-out = 转账支出
kind-claim-hold = 领取链接 · 待收款
kind-claim-release = 领取链接 · 已收款
kind-claim-return = 领取链接 · 已退还
kind-review-hold = 转账 · 交易审核中
kind-review-release = 转账收入 · 审核通过
kind-review-return = 转账 · 审核未通过退回
kind-other = { $kind }
counterparty-system = 零钱
counterparty-claim = 领取链接
counterparty-review = 交易审核

## 语言

language-choose = Choose your language / 选择语言
language-choose-group = Choose the group's language / 选择本群语言
language-set = 语言：中文。
language-set-group = 本群消息将使用中文。私聊消息仍用每个人自己的语言。
language-group-admins-only = 只有群管理员可以设置本群语言。

## 管理员

topup-usage = 用法：<code>/topup @用户名 &lt;金额&gt; [备注]</code>
topup-done = ✅ 已为 { $to } 充值{ $amount }。
topup-received =
    💰 管理员为你的钱包充值<b>{ $amount }</b>。
    零钱余额：{ $balance }
not-admin = 只有零钱管理员可以这样做，未做任何更改。
user-unknown = 我还不认识 { $username }：对方需要先启动我（你也可以在私聊中用 /send 给对方发领取链接）。

## 错误（每个领域错误码一条，说明发生了什么、接下来怎么做）

error-DATABASE_BUSY = 钱包正忙，未扣款，请稍后再试。
error-STORAGE_FULL = 钱包暂时无法保存（存储空间已满），未扣款，请稍后再试。
error-STORAGE_FAILED = 钱包暂时无法保存（存储出错），未扣款，请稍后再试。
error-DATABASE_READ_ONLY = 钱包暂时无法保存（数据库只读），未扣款，请稍后再试。
error-AMOUNT_EMPTY = 请输入金额，例如 <code>12.5</code>。
error-AMOUNT_MALFORMED = “{ $input }”不是我能识别的金额，请使用数字，例如 <code>12</code>、<code>12.5</code>、<code>¥12.50</code> 或 <code>1,234.50</code>。
error-AMOUNT_NOT_POSITIVE = 金额必须大于0，例如 <code>12.5</code>。
error-AMOUNT_TOO_PRECISE = 小数位太多，最多{ $decimals }位（例如 <code>12.34</code>）。
error-AMOUNT_TOO_LARGE = 超过单笔限额{ $max }，请减少金额或分几笔转。
error-CURRENCY_UNKNOWN = 我不认识货币 { $currency }，支持的有：{ $known }。
error-CURRENCY_MISMATCH = 这个钱包使用 { $expected }，不是 { $given }：请用 { $expected } 输入金额，例如 <code>12.5</code>。
error-INSUFFICIENT_FUNDS = 零钱余额不足：你有{ $balance }，这笔需要{ $amount }。未扣款。
error-INSUFFICIENT_FUNDS-public = 你的零钱余额不足，未扣款。请在与我的私聊中用 /balance 查看。
error-INSUFFICIENT_FUNDS-others = 付款方的零钱余额暂时不足，未扣款。
error-BALANCE_LIMIT = 这会让余额超过零钱能保存的上限{ $max }，未扣款。
error-IDEMPOTENCY_CONFLICT = 这个请求已用于另一笔付款，未扣款，请重新发起。
error-ACCOUNT_NOT_FOUND = 这个钱包不存在，未做任何更改。
error-HOLD_NOT_OPEN = 这笔钱已经付出或退还，未做任何更改。
error-HOLD_INSUFFICIENT = 剩余金额不够，未做任何更改。
error-USER_NOT_FOUND = 我还不认识这个人：对方需要先启动我。
error-RECIPIENT_NOT_A_PERSON = 只能转账给真人：机器人、频道和以群组身份发出的消息都不行，请选择一个人。
error-USERNAME_INVALID = 这不是有效的 Telegram 用户名：4到32个字母、数字或下划线，以字母开头（例如 @alice）。
error-SELF_TRANSFER = 不能转账给自己，请选择别人。
error-NOT_ADMIN = 只有零钱管理员可以这样做，未做任何更改。
error-MEMO_TOO_LONG = 备注太长，最多{ $max }个字符。
error-CARD_NOT_FOUND = 按钮已失效，未做任何更改。
error-CARD_EXPIRED = 卡片已过期，未扣款。如需转账，请重新发送命令。
error-CARD_CANCELLED = 这笔转账已取消，未扣款。
error-CARD_CHANGED = 卡片内容已变化，请核对后重新确认。未扣款。
error-NOT_YOUR_BUTTON = 这个按钮不是你的，只有对方可以点。
error-CLAIM_NOT_FOUND = 链接无效（可能输错了），未做任何更改。
error-CLAIM_OWN = 这是你自己的领取链接，请转发给收款人。
error-CLAIM_TAKEN = 这笔钱已被别人收下。
error-CLAIM_CANCELLED = 对方已撤回这笔钱。
error-CLAIM_EXPIRED = 链接已过期，钱已退回转账人。
error-OFFER_NOT_FOUND = 这笔转账已不存在。
error-OFFER_OWN = 这是你自己发出的转账，需要别人点“收款”。
error-OFFER_TAKEN = 已经有人先收下了这笔转账。
error-OFFER_CANCELLED = 对方已取消这笔转账。
error-OFFER_EXPIRED = 这笔转账已过期，未扣款。
error-RECEIVE_CODE_NOT_FOUND = 这不是零钱的收款码，未付款。
error-RECEIVE_CODE_RESET = 收款方已重置这个收款码，旧码已失效。未付款，请向对方索取新的收款码。
error-RECEIVE_CODE_EXPIRED = 这个收款码已过期。未付款，请索取新的收款码。
error-RECEIVE_CODE_OWN = 这是你自己的收款码：请出示给付款的人扫一扫。
error-MERCHANT_NOT_FOUND = 你还没有开通商户：用<code>/merchant 名称 | 类目</code>开通。
error-MERCHANT_EXISTS = 你已经开通了商户：发送 /merchant 查看。
error-MERCHANT_NAME_INVALID = 商户需要名称和类目，各占一行，名称最多{ $max }个字：<code>/merchant 幸运面馆 | 餐饮</code>
error-MERCHANT_OWN = 这是你自己的商户，不能给自己付款。
error-ORDER_NOT_FOUND = 没有这个订单，未付款。
error-ORDER_PAID = 这个订单已付款，未重复付款。
error-ORDER_CLOSED = 商户已关闭这个订单，未付款。
error-ORDER_EXPIRED = 这个订单已过期。未付款，请向商户索取新订单。
error-ORDER_NOT_PAID = 这个订单没有付款，无需退款。
error-REFUND_WINDOW_PASSED = 这笔付款已超过{ $days }天，无法在这里退款。
error-REFUND_TOO_LARGE = 超过了这笔付款还可退的金额：{ $left }。未退款。
error-REFUND_NOTHING_LEFT = 这笔付款已全额退款。
error-REFUND_ABOVE_TAKINGS = 商户账户只有{ $held }，不够这笔退款。未退款：退款从商户收款中支付，不从你的零钱扣。
error-API_KEY_INVALID = 这不是PEM格式的RSA公钥（2048至4096位）或X.509证书。未做更改。
error-API_KEY_PRIVATE = 这是私钥：不要发给任何人，包括零钱。请发送公钥或证书（apiclient_cert.pem）。未保存。
error-API_KEY_EXISTS = 这个密钥已经登记过了。未做更改。
error-API_KEY_NOT_FOUND = 你的商户没有这个序列号的有效API证书。
error-OUT_TRADE_NO_USED = 这个商户订单号已用于另一笔订单。
error-OUT_REFUND_NO_USED = 这个商户退款单号已用于另一笔退款。
error-ORDER_EXPIRY_INVALID = 订单失效时间须晚于现在，且在7天以内。
error-REFUND_TOTAL_MISMATCH = 订单金额与原订单不符。未退款。
error-REFUND_NOT_FOUND = 没有这笔退款。
error-NOTIFICATION_NOT_FOUND = 没有这条通知。
error-MERCHANT_NOTHING_TO_SETTLE = 商户账户暂时没有可转入的钱。
error-STAFF_IS_OWNER = 你是商户的所有者，本来就会收到每笔收款提醒。
error-STAFF_TOO_MANY = 一个商户最多有{ $max }个店员。
error-unknown = 我们这边出了点问题（编号 { $ref }）。未扣款，请重试。
error-after-money-moved = 资金变动后出了点问题（编号 { $ref }）。重试前请先用 /balance 或 /bills 查看，以免重复付款。
unknown-command = 我没看懂。发送 /help 查看我能做什么。
rate-limited = 操作太快了，请稍等片刻再试。

## 月账单

statement-title = 月账单 · { $month }
statement-subtitle = { $zone } · 零钱余额{ $opening } → { $closing }
statement-spending = 支出
statement-income = 收入
statement-net = 结余
statement-daily = 每日支出
statement-daily-most = 最高一天：{ $amount }
statement-by-type = 支出分类
statement-top-payees = 转出最多
statement-nothing = 本月没有
statement-footer = 零钱 · 月初{ $opening }，结余{ $net }，月末{ $closing }
bill-type-transfer = 转账
bill-type-red-packet = 红包
bill-type-merchant = 商户消费
bill-type-topup = 充值
bill-type-other = 其他
statement-caption =
    📊 <b>月账单 · { $month }</b>
    支出<b>{ $out }</b>（{ $outCount }笔）· 收入<b>{ $in }</b>（{ $inCount }笔）
    结余{ $net } · 零钱余额{ $closing }
statement-change-up = 支出比{ $previous }多{ $amount }。
statement-change-down = 支出比{ $previous }少{ $amount }。
statement-change-same = 支出与{ $previous }持平。
statement-red-packets = 🧧 发出{ $sent }（{ $sentCount }个）· 收到{ $received }（{ $receivedCount }个）· 手气最佳{ $best }
statement-biggest = 最大一笔支出：{ $amount }，给 { $to }
statement-usage =
    <code>/statement</code>：本月至今
    <code>/statement 2026-11</code>：其他月份
    <code>/statement off</code> / <code>on</code>：关闭或重新开启每月1日推送的月账单
statement-future = { $month }还没有开始。
statement-empty = { $month }没有账单。零钱余额：{ $closing }
statement-on = 已开启月账单：每月1日09:00（{ $zone }）推送上月账单。<code>/statement off</code>可关闭。
statement-off = 已关闭月账单推送。<code>/statement</code>仍可查看任意月份；<code>/statement on</code>可重新开启。
button-statement-previous = ‹ { $month }

## 设置

settings =
    ⚙️ <b>设置</b>
    语言：{ $language }（/language）
    时区：{ $zone }，现在{ $now }
    月账单：{ $statement }
    预算：{ $budget }（/budget）

    账单和月账单按你的时区显示：在下方选择，或输入<code>/settings tz Europe/Paris</code>。
settings-language-en = English
settings-language-zh = 中文
settings-statement-on = 已开启，每月1日09:00推送（<code>/statement off</code>）
settings-statement-off = 已关闭（<code>/statement on</code>）
settings-budget-none = 未设置
settings-usage = <code>/settings</code>查看设置；<code>/settings tz Asia/Tokyo</code>设置时区。
settings-zone-unknown = 不认识时区“{ $zone }”。请使用<code>Asia/Shanghai</code>或<code>Europe/London</code>这样的名称。
settings-zone-set = 时区：{ $zone }

## 预算

budget-set = 🎯 每月预算：<b>{ $budget }</b>。支出超过预算的80%和100%时会提醒你。
budget-off = 已取消预算。
budget-none = 还没有设置预算。{ $month }已支出{ $spent }。<code>/budget 2000</code>可设置每月预算。
budget-status = 🎯 { $month }预算：<b>{ $budget }</b>。已支出{ $spent }（{ $percent }%）。<code>/budget off</code>可取消。
budget-alert-near = ⚠️ { $month }已支出{ $spent }，达到预算{ $budget }的{ $percent }%。
budget-alert-over = ⚠️ { $month }支出已达{ $spent }，超出预算{ $budget }。

## 安全中心

security-center =
    🛡️ <b>安全中心</b>
    账户：{ $account }
    支付密码：{ $password }
    手机号：{ $phone }
    小额免密支付：{ $free }
    单日限额：{ $limit } · 今日剩余额度{ $left }（<code>/security limit 1000</code>可调低）
    银行卡：{ $cards }

    <b>最近记录</b>
    { $events }
security-account-active = ✅ 可正常付款
security-account-frozen = ❄️ 已冻结：不能付款，别人转给你的钱仍会到账
security-account-unfreezing = ❄️ 冻结至{ $time }，之后恢复付款
security-no-events = 暂无
security-no-cards = 未添加（用 /cards 添加）
security-event-freeze = { $time } · { $by }冻结账户
security-event-unfreeze-requested = { $time } · { $by }申请解冻
security-event-unfreeze = { $time } · { $by }解冻
security-event-limit = { $time } · { $by }修改单日限额
security-by-you = 你
security-by-admin = 管理员
security-usage = <code>/security</code>打开安全中心；<code>/security password</code>设置或修改支付密码；<code>/security free 50 200</code>开启小额免密支付：单笔¥50以内、每日¥200以内（<code>/security free off</code>：每笔都需密码）；<code>/security limit 1000</code>设置单日限额，<code>/security limit off</code>恢复默认。
security-frozen-now = 账户已冻结：解冻前不能付款。
security-unfreeze-at = 将于{ $time }恢复付款，在此之前账户仍为冻结状态。
button-freeze = ❄️ 冻结账户
button-unfreeze = 解冻
freeze-usage = <code>/freeze @用户名 [原因]</code>或<code>/unfreeze @用户名</code>
freeze-done = ❄️ 已冻结 { $who }：其钱包不能付款。
unfreeze-done = ✅ 已解冻 { $who }。
security-account-frozen-by-admin = ❄️ 已被管理员冻结：只有管理员可以解冻
security-event-limit-raise = { $time } · { $by }申请提高单日限额
security-limit-raising = （{ $time }起提高）
security-limit-raise-at = 提高的限额将于{ $time }生效（需要等待冷静期），在此之前仍使用当前限额。

## 支付密码（数字键盘）

keypad-prompt-old = 请输入当前支付密码
keypad-prompt-new = 请设置6位数字支付密码
keypad-prompt-confirm = 请再次输入新的支付密码
keypad-prompt-pay = 请输入支付密码
keypad-notice-again = 请再输入一次以确认。
keypad-notice-mismatch = ⚠️ 两次输入不一致，请重新设置。
keypad-notice-too-simple = ⚠️ 密码过于简单（重复数字或123456这类连续数字），请换一个。
keypad-notice-old-ok = ✅ 当前密码正确。
keypad-notice-wrong = ⚠️ 密码错误，还可以输入{ $tries }次
keypad-cancelled = 已取消输入支付密码。
keypad-locked = 🔒 密码错误次数过多，付款已锁定至{ $time }。未扣款。如果密码可能已泄露，请在 /security 冻结账户。
password-set-title = 🔐 <b>设置支付密码</b>
    在下方键盘输入6位数字（每次打开键盘，数字位置都会重新打乱）。请勿告诉他人：零钱不会在别处向你索要支付密码。
password-change-title = 🔐 <b>修改支付密码</b>
password-unfreeze-title = ❄️ <b>解冻账户</b>
    冷静期结束后恢复付款。
password-free-title = ⚙️ <b>调高小额免密支付</b>：单笔{ $payment }，每日{ $daily }
password-set-done = ✅ 支付密码已设置。超过免密额度的付款将需要输入支付密码。
password-changed-done = ✅ 支付密码已修改。
password-asked-in-private = 🔐 等待{ $who }在与我的私聊中输入支付密码。
password-sent-to-private = 请在与我的私聊中输入支付密码。
password-open-private = 请点卡片上的按钮打开与我的私聊，输入支付密码。
button-enter-password = 🔐 输入密码
card-password = 💸 转账<b>{ $amount }</b>给{ $to }
rp-password = 🧧 红包 · <b>{ $total }</b>
button-set-password = 🔐 设置支付密码
button-change-password = 🔐 修改支付密码
security-password-set = ✅ 已设置
security-password-not-set = ⚠️ 未设置：设置后才能进行小额以上的付款
security-password-locked = 🔒 已锁定至{ $time }（密码错误次数过多）
security-free-on = 单笔{ $payment }以内，每日{ $daily }以内（今日已用{ $used }；<code>/security free 50</code>可修改）
security-free-off = 已关闭：每笔付款都需输入支付密码（<code>/security free 50</code>可开启）
security-free-no-password = 未设置支付密码时，每日最多付款{ $limit }
security-free-set = ✅ 小额免密支付：单笔{ $payment }以内，每日{ $daily }以内。
security-event-password-set = { $time } · 设置了支付密码
security-event-password-changed = { $time } · 修改了支付密码
security-event-password-failed = { $time } · 支付密码错误
security-event-password-locked = { $time } · 支付密码已锁定（错误次数过多）
security-event-free = { $time } · 修改了小额免密支付
error-PASSWORD_REQUIRED = 此操作需要支付密码，支付密码只能在与我的私聊中通过数字键盘输入。免密额度以内的付款无需密码（/security）。未扣款。
error-PASSWORD_REQUIRED-public = 这笔付款需要支付密码，未扣款。请在与我的私聊中付款。
error-PASSWORD_REQUIRED-others = 这笔付款需要付款方的支付密码，未扣款。
error-PASSWORD_SETUP_NEEDED = 未设置支付密码时，每日最多付款{ $limit }（今日剩余{ $left }）。请先在 /security 设置支付密码再付款{ $amount }。未扣款。
error-PASSWORD_SETUP_NEEDED-public = 这笔付款需要先设置支付密码，未扣款。请在与我的私聊中查看 /security。
error-PASSWORD_SETUP_NEEDED-others = 付款方需要先设置支付密码，未扣款。
error-PASSWORD_NOT_SET = 你还没有设置支付密码，请在 /security 设置。
error-PASSWORD_ALREADY_SET = 你已设置支付密码，可在 /security 修改。
error-PASSWORD_LOCKED = 🔒 密码错误次数过多，付款已锁定至{ $unlocksAt }。未扣款。如果密码可能已泄露，请在 /security 冻结账户。
error-PASSWORD_LOCKED-public = 你的付款暂时被锁定，未扣款。请在与我的私聊中查看 /security。
error-PASSWORD_LOCKED-others = 付款方暂时不能付款，未扣款。
error-PASSWORD_TOO_SIMPLE = 密码过于简单，请换一个。
error-PASSWORD_ENTRY_NOT_FOUND = 此键盘无效，未做任何更改。
error-PASSWORD_ENTRY_STALE = 此键盘已失效，未做任何更改。请重新点击付款按钮。
keypad-expired = 此键盘已过期，未做任何更改。请重新点击按钮输入密码。
error-FREE_ABOVE_CAP = 小额免密支付最高为{ $max }。

## 手机号

phone-ask = 📱 请点下方按钮把你的手机号发给我。只有你自己的 Telegram 联系人有效；手机号加密保存，显示时会隐藏中间几位。
button-share-phone = 📱 发送我的手机号
phone-verified = ✅ 手机号已验证：{ $phone }
password-reset-ask = 🔐 要重置支付密码，请用下方按钮再次发送你的手机号，必须是已验证的号码。
password-reset-phone-ok = ✅ 手机号一致。
password-reset-title = 🔐 <b>重置支付密码</b>
password-reset-done = ✅ 支付密码已重置。为了你的资金安全，{ $time }之前单日限额为{ $limit }。
button-forgot-password = 忘记密码
button-verify-phone = 📱 验证手机号
security-phone-verified = ✅ { $phone }（已验证）
security-phone-not-verified = ⚠️ 未验证：验证后可重置忘记的支付密码
security-limit-reduced = （重置密码后已调低，至{ $time }）
security-event-phone = { $time } · 验证了手机号
security-event-password-reset = { $time } · 重置了支付密码
security-event-payment-held = { $time } · { $amount }的付款进入交易审核
security-event-payment-approved = { $time } · { $amount }的付款审核通过
security-event-payment-rejected = { $time } · { $amount }的付款审核未通过，已退回
security-event-payment-expired = { $time } · { $amount }的付款审核超时，已退回
error-PHONE_INVALID = 这不像是手机号，未做任何更改。
error-PHONE_NOT_OWN = 只有你自己的手机号有效：请点“📱 发送我的手机号”，不要发送别人的名片。未做任何更改。
error-PHONE_NOT_VERIFIED = 请先在 /security 验证手机号。
error-PHONE_ALREADY_VERIFIED = 你的账户已验证了另一个手机号，无法在这里更换，请联系管理员。未做任何更改。
error-PHONE_MISMATCH = 这不是你已验证的手机号，支付密码未重置。
error-HELD_PAYMENT_NOT_FOUND = 没有这笔审核中的付款，未做任何更改。
button-rp-password = 🔐 输入密码确认
rp-password-given = ✅ 已输入支付密码：请在5分钟内发到聊天。
security-limit-verify-phone = （验证手机号后可提高到{ $limit }）

## 风险控制

error-RISK_BLOCKED = ⚠️ 风险提示：为保护你的账户，这笔付款已被拦截（{ $rules }）。未扣款。如果不是你本人操作，请立即在 /security 冻结账户。
error-RISK_BLOCKED-public = ⚠️ 风险提示：这笔付款已被拦截，未扣款。请查看与我的私聊。
error-RISK_BLOCKED-others = ⚠️ 风险提示：付款方的这笔付款已被拦截，未扣款。
risk-rule-wrong_passwords = 刚才多次输错密码
risk-rule-velocity = 几分钟内付款次数过多
risk-rule-amount_velocity = 一小时内付款金额过大
risk-rule-new_account = 新账户付出大额款项
risk-rule-unusual_amount = 金额远超你平时的付款
risk-rule-new_recipients = 一小时内向多个新收款方付款
risk-rule-farming = 把抢到的红包集中转给同一个人，疑似刷红包
## 交易审核（管理员）

review-empty = 没有待审核的付款。
review-waiting = 共{ $count }笔付款待审核，下面是最早的{ $shown }笔。
review-card =
    🛡 <b>交易审核 #{ $id }</b> · { $time }
    { $from } → { $to }：<b>{ $amount }</b>
    原因：{ $rules }
    未处理将于{ $expires }退回付款人。
button-review-approve = ✅ 通过
button-review-reject = ↩️ 拒绝
review-decided-approved = ✅ 已通过：已付给收款方。
review-decided-rejected = ↩️ 已拒绝：已退回付款人。
review-decided-expired = ⌛ 审核超时：已退回付款人。
review-already-decided = 已处理过，未做任何更改：{ $outcome }
review-approved-notice = ✅ 你转给 { $to } 的 <b>{ $amount }</b> 已审核通过，对方已收款。
review-rejected-notice =
    ↩️ 你转给 { $to } 的 <b>{ $amount }</b> 审核未通过，钱已退回零钱。
    零钱余额：{ $balance }
    不是你本人操作？请在 /security 中冻结账户。
review-expired-notice =
    ↩️ 你转给 { $to } 的 <b>{ $amount }</b> 未能及时审核，钱已退回零钱。
    零钱余额：{ $balance }

## 收款码与扫一扫

receive-picture-title = 零钱 · 收款码
receive-picture-caption = 用手机相机扫一扫，在零钱中付款
receive-picture-memo = 备注：{ $memo }
receive-picture-expires = { $time }前有效
receive-personal-caption =
    💚 <b>你的收款码</b>：别人用手机相机扫一扫，输入金额即可在零钱中付款给你。也可以分享链接：{ $link }
    不想再用贴出去的旧码？<code>/receive reset</code>可重置。
receive-reset-caption =
    💚 <b>你的新收款码</b>。旧码已失效。链接：{ $link }
receive-fixed-caption =
    💚 <b>收款码{ $amount }</b>：用手机相机扫一扫即可付款，{ $time }前有效。链接：{ $link }
receive-ask-amount = 💸 付款给 { $to }：请发送金额，例如<code>12.50</code>
receive-amount-placeholder = 金额，例如12.50
scan-none = 这张照片里没有找到二维码。请靠近一些重拍，让二维码完整入镜。
scan-too-large = 这张图片太大，无法识别。请发送一张小一些的二维码照片。
scan-not-an-image = 我只能识别照片里的二维码（JPEG 或 PNG）。
scan-busy = 正在识别的照片较多，请稍后再发一次。
scan-failed = 这张照片无法识别。未付款，请换一张二维码照片试试。
scan-foreign = 这不是零钱的二维码，我没有打开它。内容是：<code>{ $text }</code>
scan-pick = 这张照片里有多个零钱二维码，你要付款给哪一个？
scan-none-payable = 这张照片里的零钱二维码都已无法付款（已重置、已过期或是你自己的）。

## 商户与订单

merchant-usage = 🏪 为你的店开通商户：<code>/merchant 幸运面馆 | 餐饮</code>（名称和类目）。收款进入商户账户，不进你的零钱。
merchant-created = ✅ 商户已开通。
merchant-latest-heading = 最近收款：
merchant-latest-line = 订单号{ $number } · { $time } · { $amount } · { $from }
merchant-latest-refunded = （已退款{ $amount }）
button-merchant-settle = 💰 转入我的零钱
merchant-settled = 已将{ $amount }转入你的零钱。
merchant-settled-already = 这条消息已经转过了，未重复转入。
staff-added = ✅ { $who } 已成为店员：每笔收款都会提醒对方（收款提醒），对方看不到其他信息。
staff-removed = { $who } 已不再是店员。
staff-not-staff = { $who } 本来就不是店员，未做任何更改。
staff-list = 店员：{ $who }
staff-none = 还没有店员。用<code>/merchant staff @用户名</code>添加（对方需要先启动我）。
merchant-bills-title = 🧾 <b>{ $name }</b>：最近的收款、退款和转入零钱
merchant-api-how = 🔌 <b>商户API</b>（兼容微信支付APIv3）：商户服务器用微信支付SDK下单、退款。开始前，请把商户API证书（<code>apiclient_cert.pem</code>）或RSA公钥（2048至4096位）发给我：直接粘贴PEM文本或发送文件。切勿发送私钥。
merchant-api-status = 🔌 <b>商户API</b>
    商户号（mchid）：<code>{ $mchid }</code>
    AppID：<code>{ $appid }</code>
    你的证书序列号：{ $serials }
    平台公钥ID：<code>{ $platformKeyId }</code>
    平台证书序列号：<code>{ $platformSerial }</code>
    应答中的平台标识：{ $mode }（按SDK的配置发送<code>/merchant api mode public-key</code>或<code>certificate</code>）
    发送新的PEM即可更换证书（旧证书随即失效）；<code>/merchant api revoke 序列号</code>可作废一个证书；<code>/merchant api reset-key</code>重新生成APIv3密钥。
merchant-api-issued = 🔌 <b>商户API已开通</b>
    商户号（mchid）：<code>{ $mchid }</code>
    AppID：<code>{ $appid }</code>
    你的证书序列号：<code>{ $serial }</code>
    APIv3密钥：<code>{ $apiV3Key }</code>
    ⚠️ APIv3密钥只显示这一次：请保存到服务器配置中，然后删除这条消息（丢失了？发送<code>/merchant api reset-key</code>重新生成）。
    平台公钥ID：<code>{ $platformKeyId }</code> · 平台证书序列号：<code>{ $platformSerial }</code>
merchant-api-rotated = 🔌 已登记新证书，序列号<code>{ $serial }</code>。用旧证书签名的请求从现在起会被拒绝。商户号<code>{ $mchid }</code>，AppID <code>{ $appid }</code>；APIv3密钥不变。
merchant-api-password-register = 🔌 为商户API登记这个证书
merchant-api-password-revoke = 🔌 作废商户API证书{ $serial }
merchant-api-mode-usage = SDK用平台公钥（PUB_KEY_ID_…）验签时发送<code>/merchant api mode public-key</code>，用平台证书验签时发送<code>/merchant api mode certificate</code>。
merchant-api-mode-public-key = 🔌 应答和通知现在用平台公钥ID（PUB_KEY_ID_…）标识平台密钥。
merchant-api-mode-certificate = 🔌 应答和通知现在用平台证书序列号标识平台密钥。
merchant-api-mode-name-public-key = 平台公钥ID
merchant-api-mode-name-certificate = 平台证书序列号
merchant-api-password-reset-key = 🔌 为商户API重新生成APIv3密钥
merchant-api-key-reset = 🔌 新的APIv3密钥：<code>{ $apiV3Key }</code>
    ⚠️ 只显示这一次。从现在起通知用它加密：请保存到服务器配置中，然后删除这条消息。
merchant-api-platform-file = 平台公钥和平台证书：你的SDK用它们验证我们的应答和通知。
merchant-api-revoked = 证书<code>{ $serial }</code>已作废：用它签名的请求会被拒绝。
merchant-api-key-too-large = 这个文件太大，不是证书或公钥。
merchant-api-resend-usage = 请发送<code>/merchant resend 编号</code>，编号见通知失败的消息。
merchant-api-resent = 第{ $number }号通知将立即重新发送，并照常重试。
merchant-api-resend-not-failed = 第{ $number }号通知没有放弃（已送达或仍在重试），无需重发。
shop-notification-failed = ⚠️ 你的商户服务器在约24小时内16次都没有接收第{ $number }号通知（{ $event }，订单号{ $order }）：{ $url }
    服务器修好后，请发送<code>/merchant resend { $number }</code>。
merchant-card =
    🏪 <b>{ $name }</b> · { $category }
    今日收款：<b>{ $today }</b>（{ $todayCount }笔）· 本月：<b>{ $month }</b>（{ $monthCount }笔）
    商户账户余额：<b>{ $balance }</b>
    商户收款码（顾客输入金额）：/merchant code · 商户账单：/merchant bills · 扫码付款订单：<code>/charge 25 咖啡</code> · 退款：<code>/refund &lt;订单号&gt; [金额]</code>
merchant-picture-title = 零钱 · 商户收款码
merchant-code-caption = 🏪 <b>{ $merchant }</b>：顾客用手机相机扫一扫，输入金额即可付款。链接：{ $link }
order-picture-title = 零钱 · 订单
order-picture-number = 订单号{ $number }
charge-usage = 用法：<code>/charge &lt;金额&gt; [说明]</code>，例如<code>/charge 25 咖啡</code>（需要先开通商户：/merchant）。
charge-caption =
    🧾 <b>订单号{ $number }</b> · { $merchant } · <b>{ $amount }</b>
    出示二维码或发送链接，可付款一次，{ $time }前有效：{ $link }
button-close-order = 关闭订单
order-closed = 订单已关闭，无法再付款。
order-already-ended = 这个订单已经结束，未做任何更改。
order-card =
    🏪 <b>付款给 { $merchant }</b> · { $category }
    金额：<b>{ $amount }</b>
    订单号{ $number } · { $expires }前有效
order-description-line = 说明：{ $description }
button-pay = ✅ 付款
order-dismissed = 未付款。稍后可再扫码付款。
order-password = 🏪 付款给 { $merchant }：{ $amount }
order-paid-alert = 支付成功 · { $amount }，零钱余额：{ $balance }
order-already-paid = 已付款：这个订单只付了一次。
order-paid = ✅ <b>支付成功</b> · 付给 { $merchant }：{ $amount } · 订单号{ $number }
merchant-payment-received = 💰 收款到账<b>{ $amount }</b> · { $merchant } · 来自 { $from } · 订单号{ $number }
refund-usage = 用法：<code>/refund &lt;订单号&gt; [金额]</code>，不写金额则退还该笔付款剩余的全部（订单号见 /merchant）。
refund-card = ↩️ 向 { $to } 退款<b>{ $amount }</b>（订单号{ $number }）？该笔付款{ $paid }，还可退{ $left }。
button-confirm-refund = ✅ 确认退款
refund-cancelled = 已取消退款，未退款。
refund-password = ↩️ 退款{ $amount }（订单号{ $number }）
refund-done-alert = 退款成功。
refund-already-done = 已退款：这笔退款只退了一次。
refund-done = ✅ 已向 { $to } 退款<b>{ $amount }</b> · 订单号{ $number } · 还可退{ $left }
merchant-refund-notice =
    ↩️ <b>{ $merchant }</b> 向你退款<b>{ $amount }</b> · 订单号{ $number }
    零钱余额：{ $balance }

## 商户API（微信支付APIv3协议）：商户服务器读到的文字
merchant-api-error-PARAM_ERROR = 参数缺失或格式错误（见detail.field）。
merchant-api-error-INVALID_REQUEST = 请求无法按要求处理（见detail.issue）。
merchant-api-error-APPID_MCHID_NOT_MATCH = appid和mchid不匹配，或不是签名商户的。
merchant-api-error-ORDER_CLOSED = 订单已关闭。
merchant-api-error-SIGN_ERROR = 签名验证失败（见detail.field）。
merchant-api-error-NOT_ENOUGH = 商户收款余额不足以退款。
merchant-api-error-OUT_TRADE_NO_USED = 商户订单号重复。
merchant-api-error-RULE_LIMIT = 金额超过单笔支付限额。
merchant-api-error-TRADE_ERROR = 订单状态不允许此操作（见detail.issue）。
merchant-api-error-ORDER_NOT_EXIST = 订单不存在。
merchant-api-error-RESOURCE_NOT_EXISTS = 资源不存在。
merchant-api-error-FREQUENCY_LIMITED = 请求过于频繁，请稍后重试。
merchant-api-error-SYSTEM_ERROR = 系统繁忙，请使用相同参数重试。
merchant-api-trade-state-SUCCESS = 支付成功
merchant-api-trade-state-REFUND = 转入退款
merchant-api-trade-state-NOTPAY = 未支付
merchant-api-trade-state-CLOSED = 已关闭
merchant-api-refund-account = 支付用户零钱
merchant-api-summary-transaction = 支付成功
merchant-api-summary-refund = 退款成功
security-event-card-bound = { $time } · 添加了尾号{ $last4 }的银行卡
security-event-card-unbound = { $time } · 解绑了尾号{ $last4 }的银行卡
error-BANK_UNAVAILABLE = 银行暂时无响应，未做任何更改，请稍后重试。
error-BANK_DECLINED = 银行拒绝：{ $reason ->
    [insufficient_funds] 银行卡余额不足。
    [card_invalid] 银行无法识别此卡。
    [card_not_bound] 此卡已在银行解约。
   *[other] 银行拒绝了此卡。
  }未做任何更改。
error-CARD_NUMBER_INVALID = 银行卡号无效，请检查后重新输入。未做任何更改。
error-CARD_HOLDER_INVALID = 请在一条消息中依次发送卡号和持卡人姓名（例如“6222 0212 3456 7890 128 Zhang San”）。未做任何更改。
error-CARD_ALREADY_BOUND = 这张银行卡已在你的银行卡中。未做任何更改。
error-CARD_BOUND_ELSEWHERE = 这张银行卡已绑定其他零钱账户。未做任何更改。
error-CARD_LIMIT_REACHED = 你已添加{ $max }张银行卡，请先解绑一张再添加。未做任何更改。
error-BANK_CARD_NOT_FOUND = 你的银行卡中没有这张卡。未做任何更改。
error-BANK_CARD_BUSY = 这张卡有一笔充值或提现正在等待银行处理，处理完成后再解绑。未做任何更改。
error-BINDING_NOT_FOUND = 本次添加银行卡已结束，请重新添加。
error-BINDING_EXPIRED = 验证码已过期，请重新添加银行卡以获取新的验证码。
error-BANK_OPERATION_NOT_FOUND = 你没有这笔充值或提现。未做任何更改。
error-BANK_OPERATION_EXPIRED = 这笔充值或提现等待支付密码超时，未做任何更改，请重新发起。
error-WITHDRAWAL_FEE_CHANGED = 显示这笔提现后服务费有变（另一笔提现用掉了免费额度），未做任何更改。请重新发起以查看新的服务费。

## 银行卡、充值、提现
cards-unavailable = 此钱包暂不支持银行卡。
cards-empty =
    💳 <b>银行卡</b>
    还没有添加银行卡。添加后即可充值和提现。
cards-list =
    💳 <b>银行卡</b>
    { $cards }

    充值：<code>/topup 100</code> · 提现：<code>/withdraw 100</code>
button-add-card = ➕ 添加银行卡
button-unbind-card = 解绑{ $card }
card-add-ask =
    请在一条消息中发送卡号和持卡人姓名，例如 <code>6225 8810 0005 1234 张三</code>。
    读取后我会立即删除这条消息。随后银行会向你已验证的手机号发送验证码。
card-code-prompt = 🔐 银行已向{ $phone }发送{ $card }的验证码，请输入：
card-code-wrong = 验证码错误：还可以再试{ $tries }次。
card-binding-cancelled = 已取消添加银行卡，未做任何更改。
card-binding-failed = 验证码错误次数过多，未添加银行卡。请用 /cards 重新添加。
card-bound =
    ✅ 已添加银行卡：{ $card }。
    用 <code>/topup 100</code> 充值，用 <code>/withdraw 100</code> 提现。
card-unbind-summary = 解绑银行卡{ $card }
card-unbound = 已解绑银行卡：{ $card }。
bank-name-icbc = 工商银行
bank-name-ccb = 建设银行
bank-name-abc = 农业银行
bank-name-boc = 中国银行
bank-name-cmb = 招商银行
bank-name-bocom = 交通银行
bank-name-psbc = 邮储银行
bank-name-spdb = 浦发银行
bank-name-unknown = 银行卡
card-type-debit = 储蓄卡
card-type-credit = 信用卡
bank-topup-usage = 用法：<code>/topup 100</code>，从银行卡充值到零钱。
bank-withdraw-usage = 用法：<code>/withdraw 100</code>，从零钱提现到银行卡。
bank-no-card = 请先添加银行卡。
bank-pick-card-topup = 从哪张银行卡充值{ $amount }？
bank-pick-card-withdraw = 提现{ $amount }到哪张银行卡？
bank-topup-summary = 💳 从{ $card }充值<b>{ $amount }</b>
bank-withdraw-summary =
    💳 提现<b>{ $amount }</b>到{ $card }
    服务费：{ $fee } · 从零钱扣除：<b>{ $total }</b>
bank-withdraw-summary-free =
    💳 提现<b>{ $amount }</b>到{ $card }
    服务费：免费（在免费额度内）
bank-sending = ⏳ 正在请求银行…
bank-topup-succeeded =
    ✅ 已从{ $card }充值<b>{ $amount }</b>。
    零钱余额：{ $balance }
bank-topup-declined = ❌ 从{ $card }充值{ $amount }失败：{ $reason }未扣款。
bank-topup-pending = ⏳ 银行尚未答复从{ $card }充值{ $amount }的结果。不会重复扣款：一有结果我就在这里通知你。
bank-withdraw-succeeded = ✅ 已提现<b>{ $amount }</b>到{ $card }（服务费{ $fee }）。
bank-withdraw-declined =
    ❌ 提现{ $amount }到{ $card }失败：{ $reason }
    { $total }已退回零钱，零钱余额：{ $balance }
bank-withdraw-pending = ⏳ 银行尚未答复提现{ $amount }到{ $card }的结果。这笔钱已暂时冻结，只会支付一次：一有结果我就在这里通知你。
bank-decline-card-declined = 银行拒绝了此卡。
bank-decline-insufficient-funds = 银行卡余额不足。
bank-decline-card-invalid = 银行无法识别此卡。
bank-decline-card-not-bound = 此卡已在银行解约。
bank-decline-other = 银行拒绝了交易。
simulated-sms =
    📱 <b>模拟短信</b>（来自沙箱银行，不是真实短信）
    { $text }
reconcile-clean = 🧮 { $day }对账：无差错，{ $matched }笔与银行对账单一致。
reconcile-breaks =
    ⚠️ { $day }对账：{ $breaks }笔差错（{ $matched }笔一致）
    { $list }
reconcile-charge = 充值
reconcile-payout = 提现
reconcile-break-missing-at-bank = • { $direction } <code>{ $operation }</code>：我方账本{ $ledger }，银行无记录
reconcile-break-missing-in-ledger = • { $direction } <code>{ $operation }</code>：银行{ $bank }，我方账本无记录
reconcile-break-amount-mismatch = • { $direction } <code>{ $operation }</code>：我方账本{ $ledger }，银行{ $bank }
kind-bank-topup = 银行卡充值
kind-withdrawal = 提现
kind-withdrawal-return = 提现退回
bill-type-withdrawal = 提现
bill-detail-fee = 含服务费：{ $fee }

## 体验场聊天页（未设 BOT_TOKEN 时的 npm start）
playground-title = 零钱体验场
playground-intro = 真实的机器人，运行在本机内置的 Telegram 模拟器上。在顶部切换身份；每个人开始时都有管理员充值的¥500。
playground-pin = 所有人的支付密码
playground-you-are = 当前身份
playground-message-placeholder = 消息
playground-send = 发送
playground-reply = 回复
playground-replying-to = 回复
playground-cancel = 取消
playground-inline-placeholder = 内联模式：输入金额和留言
playground-inline-ask = 询问机器人
playground-inline-none = 机器人没有给出结果。
playground-share-contact = 分享我的联系方式
playground-send-photo = 发送图片
playground-reset = 重置
playground-reset-confirm = 要重新开始体验场吗？这里的所有聊天和钱包都会被删除。
playground-refused = Telegram 会拒绝：
playground-failed = 操作未成功：
playground-download = 下载
playground-edited = 已编辑
playground-language = English
playground-ok = 好
playground-shop-link = 商户收银台
playground-shop-title = 一家店的收银台
playground-shop-intro = 本页扮演商户的服务器：通过商户接口（微信支付APIv3，Native）下单，展示订单二维码，并等待签名的支付通知。
playground-shop-amount = 金额（¥）
playground-shop-description = 商品描述
playground-shop-create = 使用零钱支付
playground-shop-scan = 在聊天页中以任意身份：把这张图片发给机器人，或打开链接。
playground-shop-waiting = 等待支付…
playground-shop-paid = 已支付。商户服务器收到通知，验证了签名并完成解密。
playground-shop-transaction = 交易单号
playground-shop-state = 订单状态
playground-shop-bad-amount = 这不是有效的金额。
playground-shop-example = 拿铁 ×2

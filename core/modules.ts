/**
 * The wallet's modules: each use case bound to the database and the wallet's rules. Classes,
 * not objects of closures: an edge builds a set per request (createCore's `watching`), and
 * a class instance costs one small object where closures would cost one function each.
 * Exported as types only: the bot reaches them through createCore.
 */
import { audit } from './audit/auditor.js'
import { groupLanguages, noteGroupMember, setGroupLocale } from './chats/chat-language.js'
import type { Database } from './db/database.js'
import { settle, takeByKeys, takeDue, type DeliveryOutcome } from './outbox/outbox.js'
import { cancelPaymentCard, confirmPaymentCard, createPaymentCard, getPaymentCard, type Recipient } from './p2p/cards.js'
import { cancelClaim, claimByToken, expireClaims } from './p2p/claims.js'
import { cancelInlineOffer, createInlineOffer, placeInlineOffer, receiveInlineOffer } from './p2p/inline-offers.js'
import { isDomainError } from './errors.js'
import type { FinishedPackets } from './redpacket/finished-packets.js'
import type { RedPacketKind, RedPacketLimits } from './redpacket/limits.js'
import {
  cancelRedPacketDraft,
  changeRedPacketKind,
  expireRedPackets,
  getRedPacket,
  grabFinished,
  grabRedPacket,
  prepareRedPacket,
  sendRedPacket,
  type GrabResult,
  type PrepareRedPacket,
  type SendRedPacket,
} from './redpacket/packets.js'
import { forgetProcessedUpdates, type ProcessedUpdates } from './updates/processed-updates.js'
import { getBalance } from './wallet/balance.js'
import type { WalletConfig } from './wallet/config.js'
import { getBill, listHistory, type HistoryQuery } from './wallet/history.js'
import { topUp, type TopUpCommand } from './wallet/topup.js'
import { transfer, type TransferCommand } from './wallet/transfer.js'
import { findUserByTelegramId, findUserByUsername, getUser, openWallet, setLocale, updateSettings, type UserProfile, type UserSettings } from './wallet/users.js'
import type { Month } from './statements/calendar.js'
import {
  markSending,
  releaseDeliveries,
  scheduleDue,
  settleDelivery,
  takeDueDeliveries,
  type DeliveryResult,
  type DueDelivery,
} from './statements/deliveries.js'
import { computeStatements } from './statements/statements.js'
import { budgetStatus, checkBudget } from './wallet/budget.js'
import { assertPayableWithoutPassword, recordRiskRefusal } from './security/authorize.js'
import { freeze, requestUnfreeze, securityStatus, setDailyLimit, setPasswordFree, unfreezeNow } from './security/account-security.js'
import type { PasswordHasher } from './security/password.js'
import { expireEntries, getEntry, openEntry, pressKey, resumeReset, type EntryRequest, type KeypadKey } from './security/password-entry.js'
import type { FieldCipher } from './security/field-cipher.js'
import { reencryptPhones, verifyPhone } from './security/phone.js'
import { askAmount, askedAmountFor, cardForCode, fixedCode, merchantCode, openReceiveCode, personalCode, resetPersonalCode } from './qr/receive-codes.js'
import { createMerchant, findMerchantOf } from './merchants/merchants.js'
import { merchantBills, merchantDashboard, settleToOwner } from './merchants/dashboard.js'
import { cancelRefund, confirmRefund, getRefundRequest, requestRefund } from './merchants/refunds.js'
import { addStaff, listStaff, removeStaff } from './merchants/staff.js'
import { closeMerchantOrder, createCharge, expireMerchantOrders, getOrder, payableOrder, payOrder } from './merchants/orders.js'
import { activeApiKey, apiAccess, apiIdentity, apiV3KeyOf, checkApiKey, pruneNonces, registerApiKey, resetApiV3Key, revokeApiKey, setSerialMode, useNonce, type KeyChangeBy, type SerialMode } from './merchant-api/credentials.js'
import { closeApiOrder, createApiOrder, findApiOrder, type ApiOrderRequest } from './merchant-api/api-orders.js'
import { createApiRefund, findApiRefund, type ApiRefundRequest } from './merchant-api/api-refunds.js'
import { resendNotification, settleNotifications, takeDueNotifications, type NotificationOutcome } from './merchant-api/notifications.js'
import type { OpenIds } from './merchant-api/openid.js'
import type { PlatformKey } from './merchant-api/platform-key.js'
import { awaitingCardNumber, deliverSimulatedSms, listCards, pressBindingKey, startBinding, submitCard, unbindableCard, unbindCard, type BankCardDeps } from './bank/cards.js'
import { confirmOperation, expireOperations, getOperation, prepareOperation, type FundingDeps } from './bank/funding.js'
import type { BankGateway } from './bank/gateway.js'
import type { BankOperationKind } from './bank/operations.js'
import { reconcileDay, reconciliations } from './bank/reconcile.js'
import { resolvePendingOperations } from './bank/resolve.js'
import { DomainError } from './errors.js'
import { decideHeldPayment, expireHeldPayments, getHeldPayment, reviewQueue, type ReviewDecision } from './security/review.js'

/** What every module is bound to. */
export interface ModuleDeps {
  db: Database
  wallet: WalletConfig
  limits: RedPacketLimits
  /** Shared by every request's set: what this process learnt of finished packets. */
  finishedPackets: FinishedPackets
  /** Payment passwords' hashing, with the server's pepper. */
  passwords: PasswordHasher
  /** Seals personal data (phone numbers) under ENCRYPTION_KEY. */
  cipher: FieldCipher
  /** Payers' pseudonyms, one per merchant (the merchant API's openid). */
  openids: OpenIds
  /** The merchant API's platform key, loaded (or made) once per process. */
  platformKey: () => Promise<PlatformKey>
  /** The bank cards are bound with and money moves through; without one, bank features say the bank is unavailable. */
  bank?: BankGateway
  /** The key of card numbers' blind index (cardIndexKey). */
  cardIndexKey: Uint8Array
}

/**
 * Every module, each made on first use: a request's set (createCore's `watching`) usually
 * touches one or two of them.
 */
export class Modules {
  #users?: Users
  #balances?: Balances
  #history?: History
  #topUps?: TopUps
  #transfers?: Transfers
  #cards?: Cards
  #claims?: Claims
  #offers?: Offers
  #redPackets?: RedPackets
  #groups?: Groups
  #outbox?: Outbox
  #statements?: Statements
  #budgets?: Budgets
  #security?: Security
  #passwords?: Passwords
  #reviews?: Reviews
  #receiveCodes?: ReceiveCodes
  #merchants?: Merchants
  #merchantApi?: MerchantApi
  #bankCards?: BankCards

  constructor(
    protected readonly on: ModuleDeps,
    /** Handled-update ids: stateful, so one per process, shared by every set. */
    readonly updates: ProcessedUpdates,
  ) {}

  get db(): Database {
    return this.on.db
  }
  get config(): WalletConfig {
    return this.on.wallet
  }
  get users(): Users {
    return (this.#users ??= new Users(this.on))
  }
  get balances(): Balances {
    return (this.#balances ??= new Balances(this.on))
  }
  get history(): History {
    return (this.#history ??= new History(this.on))
  }
  get topUps(): TopUps {
    return (this.#topUps ??= new TopUps(this.on))
  }
  get transfers(): Transfers {
    return (this.#transfers ??= new Transfers(this.on))
  }
  get cards(): Cards {
    return (this.#cards ??= new Cards(this.on))
  }
  get claims(): Claims {
    return (this.#claims ??= new Claims(this.on))
  }
  get offers(): Offers {
    return (this.#offers ??= new Offers(this.on))
  }
  get redPackets(): RedPackets {
    return (this.#redPackets ??= new RedPackets(this.on))
  }
  get groups(): Groups {
    return (this.#groups ??= new Groups(this.on))
  }
  get outbox(): Outbox {
    return (this.#outbox ??= new Outbox(this.on))
  }
  get statements(): Statements {
    return (this.#statements ??= new Statements(this.on))
  }
  get budgets(): Budgets {
    return (this.#budgets ??= new Budgets(this.on))
  }
  get security(): Security {
    return (this.#security ??= new Security(this.on))
  }
  get passwords(): Passwords {
    return (this.#passwords ??= new Passwords(this.on))
  }
  get reviews(): Reviews {
    return (this.#reviews ??= new Reviews(this.on))
  }
  get receiveCodes(): ReceiveCodes {
    return (this.#receiveCodes ??= new ReceiveCodes(this.on))
  }
  get merchantApi(): MerchantApi {
    return (this.#merchantApi ??= new MerchantApi(this.on))
  }
  get merchants(): Merchants {
    return (this.#merchants ??= new Merchants(this.on))
  }
  get bankCards(): BankCards {
    return (this.#bankCards ??= new BankCards(this.on))
  }
  forgetUpdates(keepMs: number): Promise<number> {
    return forgetProcessedUpdates(this.on.db, keepMs)
  }
  audit() {
    return audit(this.on.db)
  }
}

/** A person's own time zone, or the wallet's default (`TZ`). */
const zoneOf = (on: ModuleDeps, user: { timeZone: string | null }) => user.timeZone ?? on.wallet.timeZone

class Module {
  constructor(protected readonly on: ModuleDeps) {}

  /** Runs a debit; a refusal by the risk rules is recorded on its way out (its own unit rolled back). */
  protected async debit<T>(work: Promise<T>): Promise<T> {
    try {
      return await work
    } catch (error) {
      await recordRiskRefusal(this.on.db, error)
      throw error
    }
  }
}

class Users extends Module {
  open(profile: UserProfile, started: boolean) {
    return openWallet(this.on.db, profile, this.on.wallet.currency, started)
  }
  get(userId: number) {
    return getUser(this.on.db, userId)
  }
  byTelegramId(telegramId: bigint) {
    return findUserByTelegramId(this.on.db, telegramId)
  }
  byUsername(username: string) {
    return findUserByUsername(this.on.db, username)
  }
  setLocale(userId: number, locale: string) {
    return setLocale(this.on.db, userId, locale)
  }
  updateSettings(userId: number, settings: UserSettings) {
    return updateSettings(this.on.db, userId, settings)
  }
}

class Balances extends Module {
  of(userId: number, currency = this.on.wallet.currency) {
    return getBalance(this.on.db, userId, currency)
  }
}

class History extends Module {
  list(query: Omit<HistoryQuery, 'currency'>) {
    return listHistory(this.on.db, { ...query, currency: this.on.wallet.currency })
  }
  get(userId: number, entryId: number) {
    return getBill(this.on.db, userId, this.on.wallet.currency, entryId)
  }
}

class TopUps extends Module {
  topUp(command: TopUpCommand) {
    return topUp(this.on.db, this.on.wallet, command)
  }
}

class Transfers extends Module {
  transfer(command: TransferCommand) {
    return this.debit(transfer(this.on.db, this.on.wallet, command))
  }
}

class Cards extends Module {
  create(request: { fromUserId: number; to: Recipient; amountMinor: bigint; memo?: string | null }) {
    return createPaymentCard(this.on.db, this.on.wallet, request)
  }
  confirm(token: string, actor: { userId: number; telegramId: bigint }) {
    return this.debit(confirmPaymentCard(this.on.db, this.on.wallet, token, actor))
  }
  cancel(token: string, actorUserId: number) {
    return cancelPaymentCard(this.on.db, token, actorUserId)
  }
  get(token: string, actorUserId: number) {
    return getPaymentCard(this.on.db, token, actorUserId)
  }
}

class Claims extends Module {
  claim(token: string, claimerUserId: number) {
    return claimByToken(this.on.db, token, claimerUserId)
  }
  cancel(token: string, actorUserId: number) {
    return cancelClaim(this.on.db, token, actorUserId)
  }
  expire(limit?: number) {
    return expireClaims(this.on.db, limit)
  }
}

class Offers extends Module {
  create(request: { senderUserId: number; amountMinor: bigint; memo?: string | null }) {
    return createInlineOffer(this.on.db, this.on.wallet, request)
  }
  place(token: string, inlineMessageId: string) {
    return placeInlineOffer(this.on.db, token, inlineMessageId)
  }
  receive(token: string, receiverUserId: number) {
    return this.debit(receiveInlineOffer(this.on.db, this.on.wallet, token, receiverUserId))
  }
  cancel(token: string, actorUserId: number) {
    return cancelInlineOffer(this.on.db, token, actorUserId)
  }
}

class RedPackets extends Module {
  get limits() {
    return this.on.limits
  }
  prepare(request: Omit<PrepareRedPacket, 'currency'>) {
    return prepareRedPacket(this.on.db, this.on.limits, { ...request, currency: this.on.wallet.currency })
  }
  changeKind(token: string, actorUserId: number, kind: RedPacketKind) {
    return changeRedPacketKind(this.on.db, this.on.limits, token, actorUserId, kind)
  }
  cancel(token: string, actorUserId: number) {
    return cancelRedPacketDraft(this.on.db, token, actorUserId)
  }
  send(request: SendRedPacket) {
    return this.debit(sendRedPacket(this.on.db, this.on.wallet, this.on.limits, request))
  }
  /** A press on a packet this process knows is finished is answered from memory (FinishedPackets). */
  async grab(token: string, userId: number): Promise<GrabResult> {
    const known = this.on.finishedPackets.get(token)
    const finished = known && (await known)
    if (finished) return grabFinished(finished, userId, this.on.db.clock.now())
    try {
      const result = await grabRedPacket(this.on.db, token, userId)
      if (result.finishedNow) this.on.finishedPackets.learn(token)
      return result
    } catch (error) {
      if (isDomainError(error, 'PACKET_EMPTY')) this.on.finishedPackets.learn(token) // finished by another instance
      throw error
    }
  }
  expire(limit?: number) {
    return expireRedPackets(this.on.db, limit)
  }
  get(token: string) {
    return getRedPacket(this.on.db, token)
  }
}

class Groups extends Module {
  noteMember(chatId: bigint, userId: number) {
    return noteGroupMember(this.on.db, chatId, userId)
  }
  setLocale(chatId: bigint, locale: string) {
    return setGroupLocale(this.on.db, chatId, locale)
  }
  languages(chatId: bigint) {
    return groupLanguages(this.on.db, chatId)
  }
}

class Outbox extends Module {
  takeDue(limit: number, leaseMs: number) {
    return takeDue(this.on.db, limit, leaseMs)
  }
  takeByKeys(dedupeKeys: string[], leaseMs: number) {
    return takeByKeys(this.on.db, dedupeKeys, leaseMs)
  }
  settle(outcomes: DeliveryOutcome[]) {
    return settle(this.on.db, outcomes)
  }
}

class Statements extends Module {
  /** The zone a person's bills and statements are in: theirs, or the wallet's default. */
  zoneOf(user: { timeZone: string | null }): string {
    return zoneOf(this.on, user)
  }
  /** Statements of `month` for users who share `timeZone`, computed from the ledger. */
  compute(month: Month, timeZone: string, userIds: number[]) {
    return computeStatements(this.on.db, { month, timeZone, currency: this.on.wallet.currency, userIds })
  }
  async of(user: { id: number; timeZone: string | null }, month: Month) {
    const [statement] = await this.compute(month, this.zoneOf(user), [user.id])
    return statement!
  }
  scheduleDue(limit: number) {
    return scheduleDue(this.on.db, this.on.wallet.timeZone, limit)
  }
  takeDue(limit: number, leaseMs: number) {
    return takeDueDeliveries(this.on.db, limit, leaseMs)
  }
  markSending(delivery: DueDelivery, leaseMs: number) {
    return markSending(this.on.db, delivery, leaseMs)
  }
  settle(delivery: DueDelivery, outcome: DeliveryResult) {
    return settleDelivery(this.on.db, delivery, outcome)
  }
  release(deliveries: DueDelivery[], at: Date) {
    return releaseDeliveries(this.on.db, deliveries, at)
  }
}

class Budgets extends Module {
  /** This month's budget and spending, in the person's zone. */
  status(user: { id: number; timeZone: string | null }) {
    return budgetStatus(this.on.db, user.id, this.on.wallet.currency, zoneOf(this.on, user))
  }
  /** The check a payment asked for; returns the keys of alerts it wrote to the outbox. */
  check(user: { id: number; timeZone: string | null }) {
    return checkBudget(this.on.db, user.id, this.on.wallet.currency, zoneOf(this.on, user))
  }
}

class Security extends Module {
  status(userId: number) {
    return securityStatus(this.on.db, this.on.wallet, userId)
  }
  /** Freezes payments out; `actorTelegramId` is the admin's, or null for the owner. */
  freeze(userId: number, actorTelegramId: bigint | null, reason?: string | null) {
    return freeze(this.on.db, userId, actorTelegramId, reason ?? null)
  }
  requestUnfreeze(userId: number) {
    return requestUnfreeze(this.on.db, userId, this.on.wallet.unfreezeCooldownMs)
  }
  /**
   * Refuses (with the payment's own refusal) a payment that could not go through without the
   * password now, unless it was given for `target`: for flows that cannot ask (inline mode).
   */
  assertPayableWithoutPassword(userId: number, amountMinor: bigint, target: string | null = null) {
    return this.on.db.read((tx) => assertPayableWithoutPassword(tx, this.on.wallet, { userId, amountMinor, currency: this.on.wallet.currency }, target))
  }
  /** The owner's own number, from Telegram's contact button; returns it masked. */
  verifyPhone(userId: number, phone: string) {
    return verifyPhone(this.on.db, this.on.cipher, userId, phone)
  }
  /** One batch of phone numbers re-sealed under the current key; 0 when none is left. */
  reencrypt(limit?: number) {
    return reencryptPhones(this.on.db, this.on.cipher, limit)
  }
  setPasswordFree(userId: number, wanted: { paymentMinor: bigint; dailyMinor: bigint }) {
    return setPasswordFree(this.on.db, this.on.wallet, userId, wanted)
  }
  unfreezeNow(userId: number, actorTelegramId: bigint) {
    return unfreezeNow(this.on.db, userId, actorTelegramId)
  }
  setDailyLimit(userId: number, limitMinor: bigint | null) {
    return setDailyLimit(this.on.db, this.on.wallet, userId, limitMinor)
  }
}

/** The payment password, typed on the keypad: entries, presses, and what a finished one did. */
class Passwords extends Module {
  open(request: EntryRequest) {
    return openEntry(this.on.db, request)
  }
  get(token: string, userId: number) {
    return getEntry(this.on.db, token, userId)
  }
  press(press: { token: string; userId: number; seq: number; key: KeypadKey }) {
    return pressKey(this.on.db, this.on.passwords, this.on.wallet, press)
  }
  /** The phone the owner shared, for a reset waiting for it: the reset's keypad, or null. */
  resumeReset(userId: number, phone: string) {
    return resumeReset(this.on.db, this.on.cipher, userId, phone)
  }
  expire(limit?: number) {
    return expireEntries(this.on.db, limit)
  }
}

/** Payments held for review by the risk rules (交易审核中), and the admins' decisions on them. */
class Reviews extends Module {
  queue() {
    return reviewQueue(this.on.db)
  }
  get(heldPaymentId: number) {
    return getHeldPayment(this.on.db, heldPaymentId)
  }
  decide(heldPaymentId: number, decision: ReviewDecision, adminTelegramId: bigint) {
    return decideHeldPayment(this.on.db, heldPaymentId, decision, adminTelegramId)
  }
  expire(limit?: number) {
    return expireHeldPayments(this.on.db, limit)
  }
}

/** Receive codes (收款码): the owner's personal and fixed-amount codes, and paying one by its token. */
class ReceiveCodes extends Module {
  personal(ownerUserId: number) {
    return personalCode(this.on.db, this.on.wallet.currency, ownerUserId)
  }
  resetPersonal(ownerUserId: number) {
    return resetPersonalCode(this.on.db, this.on.wallet.currency, ownerUserId)
  }
  fixed(request: { ownerUserId: number; amountMinor: bigint; memo?: string | null }) {
    return fixedCode(this.on.db, this.on.wallet, request)
  }
  open(token: string, payerUserId: number) {
    return openReceiveCode(this.on.db, token, payerUserId)
  }
  askAmount(token: string, payerUserId: number) {
    return askAmount(this.on.db, token, payerUserId)
  }
  askedAmountFor(payerUserId: number) {
    return askedAmountFor(this.on.db, payerUserId)
  }
  /** The card (or, for a merchant's code, the order) that pays a code: its own amount, or `amountMinor` for an open-amount code. */
  card(token: string, payerUserId: number, amountMinor: bigint | null) {
    return cardForCode(this.on.db, this.on.wallet, { token, payerUserId, amountMinor })
  }
}

/** Merchants (商户): opening one, its static code, `/charge` orders, and paying or closing an order. */
class Merchants extends Module {
  create(request: { ownerUserId: number; name: string; category: string }) {
    return createMerchant(this.on.db, this.on.wallet, request)
  }
  of(ownerUserId: number) {
    return findMerchantOf(this.on.db, ownerUserId)
  }
  /** Takings today and this month in the owner's zone, the account's balance, the latest payments. */
  dashboard(owner: { id: number; timeZone: string | null }) {
    return merchantDashboard(this.on.db, owner.id, zoneOf(this.on, owner))
  }
  bills(ownerUserId: number) {
    return merchantBills(this.on.db, ownerUserId)
  }
  settle(ownerUserId: number, request: { chatId: number | bigint; messageId: number }) {
    return settleToOwner(this.on.db, ownerUserId, request)
  }
  requestRefund(request: { ownerUserId: number; orderId: number; amountMinor: bigint | null }) {
    return requestRefund(this.on.db, this.on.wallet, request)
  }
  confirmRefund(token: string, ownerUserId: number) {
    return confirmRefund(this.on.db, this.on.wallet, token, ownerUserId)
  }
  /** Cashiers: they hear of every payment, and see nothing else. */
  addStaff(ownerUserId: number, staffUserId: number) {
    return addStaff(this.on.db, ownerUserId, staffUserId)
  }
  removeStaff(ownerUserId: number, staffUserId: number) {
    return removeStaff(this.on.db, ownerUserId, staffUserId)
  }
  staff(ownerUserId: number) {
    return listStaff(this.on.db, ownerUserId)
  }
  refundRequest(token: string, ownerUserId: number) {
    return getRefundRequest(this.on.db, token, ownerUserId)
  }
  cancelRefund(token: string, ownerUserId: number) {
    return cancelRefund(this.on.db, token, ownerUserId)
  }
  staticCode(ownerUserId: number) {
    return merchantCode(this.on.db, this.on.wallet.currency, ownerUserId)
  }
  charge(request: { ownerUserId: number; amountMinor: bigint; description?: string | null }) {
    return createCharge(this.on.db, this.on.wallet, request)
  }
  order(token: string) {
    return getOrder(this.on.db, token)
  }
  /** The order a payer is about to pay, refused when it could not be paid now. */
  payableOrder(token: string, payerUserId: number) {
    return payableOrder(this.on.db, token, payerUserId)
  }
  pay(token: string, payer: { userId: number; telegramId: bigint }) {
    return this.debit(payOrder(this.on.db, this.on.wallet, token, payer))
  }
  close(token: string, ownerUserId: number) {
    return closeMerchantOrder(this.on.db, token, ownerUserId)
  }
  expire(limit?: number) {
    return expireMerchantOrders(this.on.db, limit)
  }
}

/**
 * The merchant API (WeChat Pay APIv3 Native, for shops' servers): credentials, the orders and
 * refunds a shop makes, and the notifications it is sent.
 */
class MerchantApi extends Module {
  platformKey() {
    return this.on.platformKey()
  }
  /** Refuses a PEM that could never be registered, before the password is asked for it. */
  checkKey(request: { ownerUserId: number; keyPem: string }) {
    return checkApiKey(this.on.db, request)
  }
  /** Registers (or rotates) the merchant's public key; the first also issues mchid, appid and the APIv3 key. */
  registerKey(request: { ownerUserId: number; keyPem: string; by: KeyChangeBy }) {
    return registerApiKey(this.on.db, this.on.cipher, request)
  }
  revokeKey(request: { ownerUserId: number; serialNo: string; by: KeyChangeBy }) {
    return revokeApiKey(this.on.db, request)
  }
  /** A new APIv3 key, shown once (the first one's message lost, or the key leaked). */
  resetApiV3Key(request: { ownerUserId: number; by: KeyChangeBy }) {
    return resetApiV3Key(this.on.db, this.on.cipher, request)
  }
  access(ownerUserId: number) {
    return apiAccess(this.on.db, ownerUserId)
  }
  setSerialMode(ownerUserId: number, mode: SerialMode) {
    return setSerialMode(this.on.db, ownerUserId, mode)
  }
  keyBySerial(serialNo: string) {
    return activeApiKey(this.on.db, serialNo)
  }
  useNonce(merchantId: number, nonce: string, expiresAt: Date) {
    return useNonce(this.on.db, merchantId, nonce, expiresAt)
  }
  pruneNonces(limit: number) {
    return pruneNonces(this.on.db, limit)
  }
  identity(merchantId: number) {
    return this.on.db.read((tx) => apiIdentity(tx, merchantId))
  }
  createOrder(request: ApiOrderRequest) {
    return createApiOrder(this.on.db, this.on.wallet, request)
  }
  findOrder(merchantId: number, by: { outTradeNo: string } | { orderId: number }) {
    return findApiOrder(this.on.db, merchantId, by)
  }
  closeOrder(merchantId: number, outTradeNo: string) {
    return closeApiOrder(this.on.db, merchantId, outTradeNo)
  }
  refund(request: ApiRefundRequest) {
    return createApiRefund(this.on.db, this.on.wallet, request)
  }
  findRefund(merchantId: number, by: { outRefundNo: string } | { refundId: number }) {
    return findApiRefund(this.on.db, merchantId, by)
  }
  openid(merchantId: number, userId: number) {
    return this.on.openids.of(merchantId, userId)
  }
  apiV3Key(merchantId: number) {
    return this.on.db.read((tx) => apiV3KeyOf(tx, this.on.cipher, merchantId))
  }
  takeDueNotifications(limit: number, leaseMs: number) {
    return takeDueNotifications(this.on.db, limit, leaseMs)
  }
  settleNotifications(outcomes: NotificationOutcome[]) {
    return settleNotifications(this.on.db, outcomes)
  }
  resendNotification(ownerUserId: number, notificationId: number) {
    return resendNotification(this.on.db, ownerUserId, notificationId)
  }
}

/** Bank cards: binding them, and money between them and the wallet (top-ups, withdrawals). */
class BankCards extends Module {
  get available(): boolean {
    return this.on.bank !== undefined
  }
  #bank(): BankGateway {
    if (!this.on.bank) throw new DomainError('BANK_UNAVAILABLE')
    return this.on.bank
  }
  #cardDeps(): BankCardDeps {
    return { db: this.on.db, cipher: this.on.cipher, indexKey: this.on.cardIndexKey, bank: this.#bank() }
  }
  #fundingDeps(): FundingDeps {
    return { db: this.on.db, bank: this.#bank(), config: this.on.wallet }
  }
  startBinding(userId: number) {
    this.#bank()
    return startBinding(this.on.db, userId)
  }
  awaitingCardNumber(userId: number) {
    return awaitingCardNumber(this.on.db, userId)
  }
  submitCard(userId: number, text: string) {
    return submitCard(this.#cardDeps(), userId, text)
  }
  pressCodeKey(press: { token: string; userId: number; seq: number; key: number | 'back' | 'cancel' }) {
    return pressBindingKey(this.#cardDeps(), press)
  }
  list(userId: number) {
    return listCards(this.on.db, userId)
  }
  /** The card, if it may be unbound now (asked before the password, so nobody types it in vain). */
  unbindable(userId: number, cardToken: string) {
    return this.on.db.read((tx) => unbindableCard(tx, userId, cardToken))
  }
  unbind(userId: number, cardToken: string) {
    return unbindCard({ db: this.on.db, bank: this.#bank() }, userId, cardToken)
  }
  /** The sandbox bank's SmsSender lands here: the code goes to the binding's owner as a simulated SMS. */
  deliverSimulatedSms(sms: { reference: string; text: string }) {
    return deliverSimulatedSms(this.on.db, sms)
  }
  prepare(request: { userId: number; cardToken: string; kind: BankOperationKind; amountMinor: bigint }) {
    return prepareOperation({ db: this.on.db, config: this.on.wallet }, request)
  }
  confirm(userId: number, operationToken: string) {
    return this.debit(confirmOperation(this.#fundingDeps(), userId, operationToken))
  }
  operation(userId: number, operationToken: string) {
    return getOperation(this.on.db, userId, operationToken)
  }
  resolvePending(limit?: number) {
    return resolvePendingOperations(this.#fundingDeps(), limit)
  }
  expire(limit?: number) {
    return expireOperations(this.on.db, limit)
  }
  reconcile(day: string, adminUserIds: number[]) {
    return reconcileDay({ db: this.on.db, bank: this.#bank(), timeZone: this.on.wallet.timeZone, currency: this.on.wallet.currency, adminUserIds }, day)
  }
  reconciliations(limit?: number) {
    return reconciliations(this.on.db, limit)
  }
}

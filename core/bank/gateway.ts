/*
 * The ports the wallet moves money through to and from bank cards. The core knows only these
 * interfaces: a real bank (or a payment provider's card API) and the sandbox bank
 * (bot/sandbox-bank/) implement them alike, and nothing in core knows which one it talks to.
 * The gateway is called only outside units of work (never while the writer is held), and
 * every money call carries our operation id, which the bank treats as its idempotency key: a
 * charge or payout sent twice under one id happens at most once.
 */

/** Why a bank refused: each has its own message for the user. */
export const BANK_DECLINES = ['card_declined', 'insufficient_funds', 'card_invalid', 'card_not_bound'] as const
export type BankDecline = (typeof BANK_DECLINES)[number]

/**
 * A charge's or payout's answer. `pending`: the bank has it and has not decided. `unknown`:
 * no answer came (a timeout, a dropped connection) — it may or may not have happened, so the
 * operation stays pending and is asked about again. `not_found` (queries only): the bank
 * never received it.
 */
export type BankOutcome =
  | { status: 'succeeded'; bankReference: string }
  | { status: 'declined'; reason: BankDecline }
  | { status: 'pending' }
  | { status: 'unknown' }
  | { status: 'not_found' }

export interface MoneyRequest {
  /** Ours, unique per operation: the bank's idempotency key. */
  operationId: string
  /** The bank's id of the bound card (its agreement), from confirmBinding. */
  agreementId: string
  amountMinor: bigint
  currency: string
}

export type BindingStart = { status: 'code_sent'; bindingId: string; expiresAt: Date } | { status: 'declined'; reason: BankDecline }

export type BindingConfirmation =
  | { status: 'bound'; agreementId: string }
  | { status: 'code_wrong'; triesLeft: number }
  | { status: 'code_expired' }
  | { status: 'too_many_tries' }

/** One settled charge or payout as the bank's daily statement lists it. */
export interface StatementLine {
  operationId: string
  kind: 'charge' | 'payout'
  amountMinor: bigint
  currency: string
  bankReference: string
  settledAt: Date
}

export interface BankGateway {
  /**
   * Asks the bank to bind a card to the phone it has on file; the bank sends a one-time code
   * to that phone (an SMS) and answers with its binding's id. `reference` is ours (the binding
   * row's token), carried on the SMS so a simulated one finds its way to the right chat.
   */
  startBinding(request: { reference: string; cardNumber: string; holderName: string; phone: string }): Promise<BindingStart>
  /** The code the user typed: the bank binds the card (its agreement id) or says why not. */
  confirmBinding(request: { bindingId: string; code: string }): Promise<BindingConfirmation>
  /** Ends an agreement (the user unbound the card). Unbinding an unknown agreement is not an error. */
  unbind(agreementId: string): Promise<void>
  /** Takes money from the card (a top-up). */
  charge(request: MoneyRequest): Promise<BankOutcome>
  /** Pays money to the card (a withdrawal). */
  payout(request: MoneyRequest): Promise<BankOutcome>
  /** What became of an operation sent earlier (or `not_found`); `unknown` if the bank did not answer. */
  query(operationId: string): Promise<BankOutcome>
  /** The settled operations of a day (`YYYY-MM-DD`, in the wallet's time zone). */
  statement(day: string): Promise<StatementLine[]>
}

/**
 * How a bank's one-time code reaches a phone. A real bank sends its own SMS; the sandbox bank
 * is given one of these, and the playground's shows the code to the user in the chat as a
 * clearly marked simulated SMS.
 */
export interface SmsSender {
  send(message: { phone: string; text: string; reference: string }): Promise<void>
}

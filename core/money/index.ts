export { currencyOf, isKnownCurrency, DEFAULT_CURRENCY, type Currency } from './currency.js'
export { parseAmount, type ParseAmountOptions } from './parse.js'
export { formatMoney, formatMinorPlain, type Locale } from './format.js'

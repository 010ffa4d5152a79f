import { InputFile } from 'grammy'
import type { Locale } from '../../core/money/index.js'
import type { Statement } from '../../core/statements/summary.js'
import { renderStatementPicture } from './chart.js'
import { statementCaption, statementPicture, type Translate } from './statement-view.js'

export interface StatementMessage {
  photo: InputFile
  caption: string
}

/** A statement as Telegram gets it: the picture, and the caption's figures in words. */
export async function statementMessage(statement: Statement, t: Translate, locale: Locale): Promise<StatementMessage> {
  const { png } = await renderStatementPicture(statementPicture(statement, t, locale))
  return { photo: new InputFile(png, `statement-${statement.month}.png`), caption: statementCaption(statement, t, locale) }
}

// Public entry point of the Telegram Bot API emulator: the playground runs the bot against
// it (`npm start` without BOT_TOKEN), and the tests and benchmarks drive it. Its classes keep
// the names the tests grew up with (FakeTelegram, FakeUser): a stand-in for Telegram itself.

export { FakeTelegram } from './fake-telegram.js'
export type { FakeTelegramOptions, NewGroup, NewUser, WaitOptions } from './fake-telegram.js'
export { FakeUser } from './fake-user.js'
export type { InlineQueryOptions, SendOptions } from './fake-user.js'
export { FakeChat } from './chats.js'
export { ChatMessage, InlineMessage } from './messages.js'
export type { FlatButton, MediaInfo, MessageVersion } from './messages.js'
export type { ApiCall, CallbackAnswer, InlineAnswer, Upload } from './records.js'
export type { FloodLimit } from './flood.js'
export type { HttpFake } from './http-server.js'
export type { UpdateHandler } from './update-queue.js'
export { commandsKey } from './state.js'

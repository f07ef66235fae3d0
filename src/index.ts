// The package's entry point (`import { startSandbox } from 'profile-sandbox'`): no side effects.
export { startSandbox, SandboxRequestError } from './start.js'
export type { StartOptions, RunningSandbox, JournalQuery, CredentialTarget } from './start.js'
export { buildServer, defaultOptions, OptionsError, LOG_LEVELS } from './server.js'
export type { SandboxOptions, LogLevel } from './server.js'
export type { CorsSetting } from './engine/cors.js'
export type { ListedEntry, JournalEntry } from './sandbox/journal.js'
export { packageVersion } from './version.js'

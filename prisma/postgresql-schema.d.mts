export declare const ROOT: string
export declare const SQLITE_SCHEMA: string
export declare const POSTGRES_SCHEMA: string
export declare const POSTGRES_MIGRATIONS: string
export declare const POSTGRES_CLIENT: string
export declare const POSTGRES_LOCKFILE: string
export declare function derivePostgresSchema(sqliteSchema: string): string
export declare function writePostgresSchema(root?: string): { path: string; content: string }

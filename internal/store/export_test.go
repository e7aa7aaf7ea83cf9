package store

// SetMigrateHook lets the crash tests stop a migration mid-transaction.
func SetMigrateHook(f func(Migration)) { migrateHook = f }

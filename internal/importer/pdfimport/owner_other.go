//go:build !unix

package pdfimport

// ownPrivate: outside Unix the temporary directory is the user's own.
func ownPrivate(string) error { return nil }

//go:build !(linux && amd64)

package pdfimport

// No compiled engine is shipped for this system (see wasmcache.go):
// the first start compiles pdfium as it always did.
var shippedEntry []byte

const (
	shippedDir = ""
	shippedKey = ""
	shippedCPU = 0
)

var wazeroCPUFlags uint64

package pdfimport

import (
	_ "embed"
	_ "unsafe" // go:linkname
)

// shippedEntry is wazero's cache entry for the rewritten pdfium module,
// compiled on linux/amd64 and gzipped (6.0 MB for 24.4 MB) by
// gen_wasmcache.go; wasmcache_key_linux_amd64.go says which key it
// belongs to. Other systems do not carry it (wasmcache_other.go).
//
//go:embed wasmcache/linux_amd64.gz
var shippedEntry []byte

// wazeroCPUFlags are the CPU features wazero reads at start-up and puts
// into its cache keys (internal/platform: SSE4.1 1, BMI1 2, ABM 4). The
// variable exists only on amd64 and arm64 (a constant elsewhere), hence
// this file's build constraint.
//
//go:linkname wazeroCPUFlags github.com/tetratelabs/wazero/internal/platform.CpuFeatures
var wazeroCPUFlags uint64

// Package years embeds the year templates: table layouts, catalogs, audit
// rules and narrative templates, one directory per template id. It holds
// data only; internal/yearspec loads and validates it.
package years

import "embed"

// FS holds every embedded template directory (2020, …).
//
//go:embed 20*
var FS embed.FS

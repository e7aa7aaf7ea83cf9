// Package years embeds the template families: table layouts, catalogs,
// audit rules and narrative templates, one directory per family. It holds
// data only; internal/yearspec loads and validates it.
package years

import "embed"

// FS holds every embedded template family directory.
//
//go:embed all:*
var FS embed.FS

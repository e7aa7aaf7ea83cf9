// Package juesuan holds the domain of 部门决算 (department final accounts):
// amounts, year templates (tables, catalogs), reports, findings and the
// services that the technology packages under internal/ implement.
//
// The package imports only the standard library. Everything specific to a
// year or region (table layouts, catalogs, audit rules, narrative
// templates) is data under years/, loaded by internal/yearspec.
// The glossary of Chinese terms and Go identifiers is in docs/glossary.md.
package juesuan

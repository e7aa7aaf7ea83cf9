package juesuan

import (
	"errors"
	"fmt"
)

// Error codes of the application.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EINTERNAL     = "internal"
)

// Error is an application error whose Message is user-facing Chinese.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// Diagnostic is a positioned problem found in an input file.
type Diagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Place   string `json:"place,omitempty"` // 表/行/栏, page …
	Message string `json:"message"`
}

func (d Diagnostic) Error() string {
	s := d.File
	if d.Line > 0 {
		s += fmt.Sprintf(":%d", d.Line)
		if d.Col > 0 {
			s += fmt.Sprintf(":%d", d.Col)
		}
	}
	if d.Place != "" {
		s += ": " + d.Place
	}
	return s + ": " + d.Message
}

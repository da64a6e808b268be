package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Default limits. They guard against hostile or broken input.
const (
	DefaultMaxFileSize    = 10 << 20 // bytes
	DefaultMaxDepth       = 200      // nesting of JSON values / expressions
	DefaultMaxModuleDepth = 32       // module / linked-template recursion
)

// Options are shared by every front end.
type Options struct {
	// Root is the repository root (the nearest folder with .git, else the
	// working directory). Module and linked-template paths that escape it
	// are reported and not read.
	Root           string
	MaxFileSize    int64
	MaxDepth       int
	MaxModuleDepth int
	// ParamFiles are explicit parameter files (ARM *.parameters.json,
	// .bicepparam) to bind to the templates they name or sit beside.
	ParamFiles []string
	// VarFiles are explicit Terraform .tfvars files.
	VarFiles []string
}

// WithDefaults fills unset limits.
func (o Options) WithDefaults() Options {
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = DefaultMaxFileSize
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxModuleDepth <= 0 {
		o.MaxModuleDepth = DefaultMaxModuleDepth
	}
	return o
}

// ReadFile reads a source file, enforcing the size limit. The returned
// diagnostic (if any) is positioned at line 1 of the file, or at from when
// from is set (the place that asked for the file).
func (o Options) ReadFile(path string, from Range) ([]byte, *Diagnostic) {
	subject := from
	if subject.IsZero() {
		subject = Range{File: path, Start: Pos{Line: 1, Column: 1}, End: Pos{Line: 1, Column: 1}}
	}
	limit := o.MaxFileSize
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	data, size, err := readLimited(path, limit)
	if err != nil {
		return nil, &Diagnostic{Severity: SevError, Summary: "cannot read file", Detail: errText(err), Subject: subject}
	}
	if data == nil && size > limit {
		return nil, &Diagnostic{Severity: SevError, Summary: "file too large",
			Detail: fmt.Sprintf("%s is %d bytes; the limit is %d", path, size, limit), Subject: subject}
	}
	return data, nil
}

func errText(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Op + " " + pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// Within reports whether path lies inside Root (always true when Root is
// empty).
func (o Options) Within(path string) bool {
	if o.Root == "" {
		return true
	}
	root, err1 := filepath.Abs(o.Root)
	p, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// StripBOM removes a leading UTF-8 byte order mark.
func StripBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

package report

import (
	"encoding/json"
	"io"

	"github.com/milint/milint/lint"
	"github.com/milint/milint/parser"
	"github.com/milint/milint/rules"
)

// JSON writes the result as one object, the shape DESIGN.md fixes:
// {"findings": [...], "errors": [...], "notes": [...], "summary": {...}}.
type JSON struct {
	// ShowSuppressed includes suppressed findings, with "suppressed": true.
	ShowSuppressed bool
}

// JSONFinding is one finding in the JSON output.
type JSONFinding struct {
	Rule        string `json:"rule"`
	Slug        string `json:"slug"`
	Severity    string `json:"severity"`
	Message     string `json:"message"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	EndLine     int    `json:"endLine"`
	EndColumn   int    `json:"endColumn"`
	Resource    string `json:"resource"`
	Fingerprint string `json:"fingerprint"`
	// Suppressed and SuppressReason are set only with --show-suppressed.
	Suppressed     bool   `json:"suppressed,omitempty"`
	SuppressReason string `json:"suppressReason,omitempty"`
}

// JSONDiagnostic is one error or note in the JSON output.
type JSONDiagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// JSONSummary counts what the run saw.
type JSONSummary struct {
	Files      int `json:"files"`
	Units      int `json:"units"`
	Resources  int `json:"resources"`
	Findings   int `json:"findings"`
	Suppressed int `json:"suppressed"`
}

// JSONResult is the whole JSON output.
type JSONResult struct {
	Findings []JSONFinding    `json:"findings"`
	Errors   []JSONDiagnostic `json:"errors"`
	Notes    []JSONDiagnostic `json:"notes"`
	Summary  JSONSummary      `json:"summary"`
}

// NewJSONResult converts a result to its JSON form.
func NewJSONResult(r *lint.Result) JSONResult {
	out := JSONResult{
		Findings: make([]JSONFinding, 0, len(r.Findings)),
		Errors:   Diagnostics(r.Errors),
		Notes:    Diagnostics(r.Notes),
		Summary: JSONSummary{
			Files: r.Summary.Files, Units: r.Summary.Units, Resources: r.Summary.Resources,
			Findings: r.Summary.Findings, Suppressed: r.Summary.Suppressed,
		},
	}
	for _, f := range r.Findings {
		end := f.Range.End
		if end.Line <= 0 {
			end = f.Range.Start
		}
		out.Findings = append(out.Findings, JSONFinding{
			Rule: f.Rule, Slug: f.Slug, Severity: f.Severity.String(), Message: f.Message,
			File: f.Range.File, Line: f.Range.Start.Line, Column: f.Range.Start.Column,
			EndLine: end.Line, EndColumn: end.Column,
			Resource: f.Resource, Fingerprint: f.Fingerprint,
		})
	}
	return out
}

// Diagnostics converts diagnostics to their JSON form (never nil).
func Diagnostics(ds parser.Diagnostics) []JSONDiagnostic {
	out := make([]JSONDiagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, JSONDiagnostic{File: d.Subject.File, Line: d.Subject.Start.Line, Column: d.Subject.Start.Column, Message: d.Message()})
	}
	return out
}

// Write implements Formatter.
func (j JSON) Write(w io.Writer, r *lint.Result, _ []rules.Metadata) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if j.ShowSuppressed && len(r.Suppressed) > 0 {
		shown := *r
		shown.Findings = withSuppressed(r)
		out := NewJSONResult(&shown)
		for i, f := range shown.Findings {
			out.Findings[i].Suppressed = f.Suppressed
			out.Findings[i].SuppressReason = f.SuppressReason
		}
		return enc.Encode(out)
	}
	return enc.Encode(NewJSONResult(r))
}

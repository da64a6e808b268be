package lint

import "github.com/milint/milint/parser"

// Severity of a finding, ordered: Note < Warning < Error.
type Severity int

const (
	SevNote Severity = iota + 1
	SevWarning
	SevError
)

func (s Severity) String() string {
	switch s {
	case SevError:
		return "error"
	case SevWarning:
		return "warning"
	case SevNote:
		return "note"
	case SevNever:
		return "never"
	}
	return "none"
}

// ParseSeverity parses "error", "warning" or "note".
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return SevError, true
	case "warning":
		return SevWarning, true
	case "note":
		return SevNote, true
	}
	return 0, false
}

// Finding is one rule violation at one place.
type Finding struct {
	Rule     string // "MI201"
	Slug     string // "kv-access-policy-model"
	Severity Severity
	Message  string
	Range    parser.Range // where a person edits; File is the file the finding lands in
	Resource string       // id of the resource it is about
	Path     string       // property path inside the resource ("" for the resource itself)
	// Fingerprint identifies the finding across line moves: a hash of rule,
	// file, resource and path.
	Fingerprint string
	// Suppressed is set when an inline suppression or the baseline hides it;
	// SuppressReason says why.
	Suppressed     bool
	SuppressReason string
}

// SevNever is a --fail-on threshold no finding reaches: `--fail-on never`.
const SevNever Severity = SevError + 1

// ParseFailOn parses a --fail-on value: error, warning, note or never.
func ParseFailOn(s string) (Severity, bool) {
	if s == "never" {
		return SevNever, true
	}
	return ParseSeverity(s)
}

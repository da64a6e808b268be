package lint

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/milint/milint/parser"
	"github.com/milint/milint/rules"
)

// Inline suppressions.
//
// A comment `// milint:ignore MI201 reason` (Bicep, JSONC) or
// `# milint:ignore MI201 reason` (Terraform) suppresses the named rules
//
//   - on its own line, when it ends a line of code;
//   - on the next line of code, when it stands on a line of its own (other
//     comment lines and blank lines in between are skipped, so several
//     suppressions can be stacked);
//   - for the whole resource, when that next line of code is the line a
//     resource is declared on.
//
// Several rules are separated by commas (`MI201,MI202` or `MI201, MI202`).
// An optional `until=YYYY-MM-DD` after the rules makes the suppression
// expire: after that day it no longer suppresses and milint says so in a
// note. ARM templates without comments use the resource's metadata:
// `"metadata": {"milint:ignore": {"MI201": "reason"}}` (the value may start
// with `until=YYYY-MM-DD` too).
//
// A reason is required. A suppression without one (or with a malformed
// date, or naming no rule) does not suppress and is itself reported as a
// finding of the pseudo-rule MI000 (invalid-suppression, warning), at the
// comment, so that it shows in review annotations like any other finding.

// SuppressionRule is the pseudo-rule of invalid suppressions.
var SuppressionRule = rules.Metadata{
	ID:          "MI000",
	Slug:        "invalid-suppression",
	Severity:    "warning",
	Title:       "Suppression without a reason",
	Description: "A milint:ignore suppression must name the rules it suppresses and give a reason after them (`// milint:ignore MI201 migrating to RBAC in Q3`); an optional expiry is written `until=YYYY-MM-DD`. A suppression that is not well formed does not suppress anything.",
	Remediation: "Write why the finding is accepted after the rule ids.",
	DocsURL:     "https://github.com/milint/milint/blob/main/docs/rules/MI000.md",
}

const ignoreMarker = "milint:ignore"

// Suppression is one parsed milint:ignore.
type Suppression struct {
	Rules  []string // upper-case rule ids
	Reason string
	Until  string // "YYYY-MM-DD" or ""
	// Problem is set when the suppression is not well formed; it then does
	// not suppress.
	Problem string
	Range   parser.Range // the milint:ignore text (to the end of the comment)
	// Target is the line the suppression applies to.
	Target int
}

func (s *Suppression) names(rule string) bool {
	for _, r := range s.Rules {
		if strings.EqualFold(r, rule) {
			return true
		}
	}
	return false
}

// expired reports whether the suppression's date has passed on day today
// ("YYYY-MM-DD"): a suppression until 2027-03-01 still holds on that day.
func (s *Suppression) expired(today string) bool {
	return s.Until != "" && today > s.Until
}

// ParseSuppressions scans source text for milint:ignore comments. It is
// format-neutral: a marker counts when a comment opener (`//`, `#` or `/*`)
// precedes it on its line with only spaces between, so the marker inside a
// JSON string (ARM metadata) is not taken for a comment.
func ParseSuppressions(file string, src []byte) []*Suppression {
	if !bytes.Contains(src, []byte(ignoreMarker)) {
		return nil
	}
	lines := bytes.Split(src, []byte("\n"))
	var out []*Suppression
	for i, line := range lines {
		at := bytes.Index(line, []byte(ignoreMarker))
		if at < 0 {
			continue
		}
		before := bytes.TrimRight(line[:at], " \t")
		var opener int
		switch {
		case bytes.HasSuffix(before, []byte("//")), bytes.HasSuffix(before, []byte("/*")):
			opener = len(before) - 2
		case bytes.HasSuffix(before, []byte("#")):
			opener = len(before) - 1
		default:
			continue
		}
		code := bytes.TrimSpace(line[:opener])
		text := strings.TrimRight(string(line[at+len(ignoreMarker):]), "\r")
		s := parseSuppressionText(text)
		lineNo := i + 1
		col := utf8.RuneCount(line[:at]) + 1
		endCol := utf8.RuneCount(bytes.TrimRight(line, "\r")) + 1
		s.Range = parser.Range{File: file,
			Start: parser.Pos{Line: lineNo, Column: col},
			End:   parser.Pos{Line: lineNo, Column: endCol}}
		if len(code) > 0 {
			s.Target = lineNo
		} else {
			s.Target = nextCodeLine(lines, i+1)
		}
		out = append(out, s)
	}
	return out
}

// nextCodeLine returns the 1-based number of the first line from index i on
// that is neither blank nor a comment, or 0.
func nextCodeLine(lines [][]byte, i int) int {
	for ; i < len(lines); i++ {
		t := bytes.TrimSpace(lines[i])
		if len(t) == 0 || bytes.HasPrefix(t, []byte("//")) || bytes.HasPrefix(t, []byte("#")) || bytes.HasPrefix(t, []byte("/*")) {
			continue
		}
		return i + 1
	}
	return 0
}

// parseSuppressionText parses what follows "milint:ignore": rule ids, an
// optional until=DATE, and the reason.
func parseSuppressionText(text string) *Suppression {
	s := &Suppression{}
	text = strings.TrimSpace(text)
	text = strings.TrimSpace(strings.TrimSuffix(text, "*/"))
	// Rule ids: a comma-separated list, possibly with spaces after commas.
	for {
		tok, rest := cutToken(text)
		if tok == "" {
			break
		}
		more := strings.HasSuffix(tok, ",") || strings.HasPrefix(strings.TrimSpace(rest), ",")
		ids := strings.Split(tok, ",")
		valid := true
		for _, id := range ids {
			if id != "" && !isRuleID(id) {
				valid = false
			}
		}
		if !valid {
			break
		}
		for _, id := range ids {
			if id != "" {
				s.Rules = append(s.Rules, strings.ToUpper(id))
			}
		}
		text = strings.TrimSpace(rest)
		if more {
			text = strings.TrimSpace(strings.TrimPrefix(text, ","))
			continue
		}
		break
	}
	s.parseReason(text)
	if len(s.Rules) == 0 && s.Problem == "" {
		s.Problem = "names no rule: write `milint:ignore MI201 reason`"
	}
	return s
}

// parseReason reads an optional until=DATE and the reason into s.
func (s *Suppression) parseReason(text string) {
	text = strings.TrimSpace(text)
	if tok, rest := cutToken(text); strings.HasPrefix(strings.ToLower(tok), "until=") {
		date := tok[len("until="):]
		if _, err := time.Parse("2006-01-02", date); err != nil {
			s.Problem = fmt.Sprintf("has a malformed expiry %q: write until=YYYY-MM-DD", tok)
		} else {
			s.Until = date
		}
		text = strings.TrimSpace(rest)
	}
	s.Reason = text
	if s.Reason == "" && s.Problem == "" {
		s.Problem = "has no reason: write why after the rule id, e.g. `milint:ignore MI201 migrating to RBAC in Q3`"
	}
}

func cutToken(s string) (tok, rest string) {
	s = strings.TrimLeft(s, " \t")
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

// isRuleID accepts ids like MI201 or ACME001: letters then digits.
func isRuleID(s string) bool {
	i := 0
	for i < len(s) && (s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z') {
		i++
	}
	if i == 0 || i == len(s) {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// metadataSuppressions reads the ARM form from a resource's metadata.
func metadataSuppressions(r *parser.Resource) []*Suppression {
	if r == nil || r.Metadata == nil {
		return nil
	}
	ign := r.Metadata.Get(ignoreMarker)
	if ign == nil {
		return nil
	}
	if ign.Kind != parser.KindObject {
		return []*Suppression{{Problem: `must be an object of rule id to reason: "milint:ignore": {"MI201": "reason"}`, Range: orRange(ign.Range, r.Range)}}
	}
	var out []*Suppression
	for _, f := range ign.Fields {
		s := &Suppression{Range: orRange(f.KeyRange, orRange(ign.Range, r.Range))}
		for _, id := range strings.Split(f.Key, ",") {
			id = strings.TrimSpace(id)
			if isRuleID(id) {
				s.Rules = append(s.Rules, strings.ToUpper(id))
			} else if id != "" {
				s.Problem = fmt.Sprintf("names %q, which is not a rule id", id)
			}
		}
		if str, ok := f.Value.String(); ok {
			if s.Problem == "" {
				s.parseReason(str)
			}
		} else if s.Problem == "" {
			s.Problem = "has no reason: the value must be a string saying why"
		}
		if len(s.Rules) == 0 && s.Problem == "" {
			s.Problem = "names no rule"
		}
		out = append(out, s)
	}
	return out
}

// Suppressor applies inline suppressions and a baseline to findings. Use
// Hook as Options.Suppress and call Finish on the result. It is safe for
// concurrent use.
type Suppressor struct {
	// Today is the date expiries are compared with ("YYYY-MM-DD").
	today    string
	baseline *Baseline
	root     string

	mu    sync.Mutex
	files map[string][]*Suppression
}

// NewSuppressor returns a suppressor for inline suppressions evaluated on
// day now, and the baseline bl (nil for none). root is the repository root
// baseline paths are relative to.
func NewSuppressor(now time.Time, bl *Baseline, root string) *Suppressor {
	return &Suppressor{today: now.Format("2006-01-02"), baseline: bl, root: root, files: map[string][]*Suppression{}}
}

func (s *Suppressor) fileSups(u *parser.Unit, file string) []*Suppression {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sups, ok := s.files[file]; ok {
		return sups
	}
	src, ok := u.Sources[file]
	if !ok {
		clean := filepath.Clean(file)
		for k, v := range u.Sources {
			if filepath.Clean(k) == clean {
				src, ok = v, true
				break
			}
		}
	}
	var sups []*Suppression
	if ok {
		sups = ParseSuppressions(file, src)
	}
	s.files[file] = sups
	return sups
}

// Hook marks f suppressed when an inline suppression or the baseline covers
// it. It has the signature of Options.Suppress.
func (s *Suppressor) Hook(u *parser.Unit, f *Finding) parser.Diagnostics {
	if f.Suppressed {
		return nil
	}
	if sup := s.match(u, f); sup != nil {
		f.Suppressed = true
		f.SuppressReason = sup.Reason
		if sup.Until != "" {
			f.SuppressReason += " (until " + sup.Until + ")"
		}
		return nil
	}
	if s.baseline != nil && s.baseline.Has(s.baselineKey(f)) {
		f.Suppressed = true
		f.SuppressReason = "baseline"
	}
	return nil
}

func (s *Suppressor) baselineKey(f *Finding) string {
	return BaselineKey(f.Rule, relPath(s.root, f.Range.File), f.Resource, f.Path)
}

// match returns the suppression that covers f, or nil.
func (s *Suppressor) match(u *parser.Unit, f *Finding) *Suppression {
	res := u.Resource(f.Resource)
	if res != nil {
		for _, sup := range metadataSuppressions(res) {
			if sup.Problem == "" && !sup.expired(s.today) && sup.names(f.Rule) {
				return sup
			}
		}
	}
	if f.Range.File != "" {
		for _, sup := range s.fileSups(u, f.Range.File) {
			if sup.Problem == "" && !sup.expired(s.today) && sup.names(f.Rule) && sup.Target == f.Range.Start.Line {
				return sup
			}
		}
	}
	if res != nil && res.Range.File != "" && !res.Range.IsZero() {
		for _, sup := range s.fileSups(u, res.Range.File) {
			if sup.Problem == "" && !sup.expired(s.today) && sup.names(f.Rule) && sup.Target == res.Range.Start.Line {
				return sup
			}
		}
	}
	return nil
}

// Finish reports the suppressions of the linted files that are not well
// formed (as MI000 findings) and the expired ones (as notes), and updates
// the summary.
func (s *Suppressor) Finish(res *Result, severity map[string]Severity) {
	if res == nil {
		return
	}
	var bad []*Suppression
	var expired []*Suppression
	files := make([]string, 0, len(res.Sources))
	for f := range res.Sources {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, file := range files {
		for _, sup := range ParseSuppressions(file, res.Sources[file]) {
			switch {
			case sup.Problem != "":
				bad = append(bad, sup)
			case sup.expired(s.today):
				expired = append(expired, sup)
			}
		}
	}
	for _, u := range res.Units {
		for _, r := range u.Resources {
			for _, sup := range metadataSuppressions(r) {
				switch {
				case sup.Problem != "":
					bad = append(bad, sup)
				case sup.expired(s.today):
					expired = append(expired, sup)
				}
			}
		}
	}
	for _, sup := range expired {
		res.Notes = append(res.Notes, parser.Diagnostic{Severity: parser.SevNote,
			Summary: fmt.Sprintf("suppression of %s expired on %s and no longer applies", strings.Join(sup.Rules, ", "), sup.Until),
			Detail:  "fix the finding, or renew the date with a reason",
			Subject: sup.Range})
	}
	if len(expired) > 0 {
		res.Notes = res.Notes.Sort()
	}
	if len(bad) > 0 {
		sev := SevWarning
		if o, ok := severity[SuppressionRule.ID]; ok && o > 0 {
			sev = o
		}
		seen := map[string]bool{}
		for _, sup := range bad {
			what := "suppression"
			if len(sup.Rules) > 0 {
				what = "suppression of " + strings.Join(sup.Rules, ", ")
			}
			f := Finding{Rule: SuppressionRule.ID, Slug: SuppressionRule.Slug, Severity: sev,
				Message: what + " " + sup.Problem + "; it does not suppress anything",
				Range:   sup.Range,
				Path:    strings.TrimSpace(ignoreMarker + " " + strings.Join(sup.Rules, ","))}
			f.Fingerprint = Fingerprint(f.Rule, f.Range.File, "", strings.Join(sup.Rules, ",")+"|"+sup.Reason)
			key := fmt.Sprintf("%s:%d:%d", f.Range.File, f.Range.Start.Line, f.Range.Start.Column)
			if seen[key] {
				continue
			}
			seen[key] = true
			res.Findings = append(res.Findings, f)
		}
		SortFindings(res.Findings)
		has := false
		for _, m := range res.Rules {
			if m.ID == SuppressionRule.ID {
				has = true
			}
		}
		if !has {
			res.Rules = append([]rules.Metadata{SuppressionRule}, res.Rules...)
		}
	}
	res.Summary.Findings = len(res.Findings)
	res.Summary.Suppressed = len(res.Suppressed)
}

// relPath returns file relative to root with forward slashes when it lies
// inside root, else the cleaned file with forward slashes.
func relPath(root, file string) string {
	if file == "" {
		return ""
	}
	if root != "" {
		abs, err := filepath.Abs(file)
		if err == nil {
			rootAbs, err := filepath.Abs(root)
			if err == nil {
				if rel, err := filepath.Rel(rootAbs, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
					return filepath.ToSlash(rel)
				}
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(file))
}

// RelPath is relPath for other packages (report): file relative to root,
// slash-separated.
func RelPath(root, file string) string { return relPath(root, file) }
